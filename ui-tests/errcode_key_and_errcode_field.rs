use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", status = 403)]
    Proxied {
        #[matrix(errcode)]
        errcode: String,
    },
}

fn main() {}
