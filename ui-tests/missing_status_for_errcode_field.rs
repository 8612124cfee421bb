use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    Proxied {
        #[matrix(errcode)]
        errcode: String,
    },
}

fn main() {}
