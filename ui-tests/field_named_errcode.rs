use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_BAD_STATUS")]
    Upstream {
        #[matrix(field)]
        errcode: String,
    },
}

fn main() {}
