use matrix_error::MatrixError;

#[derive(Debug, thiserror::Error, MatrixError)]
pub enum ApiError {
    #[error("no")]
    #[matrix(errcode = "M_FORBIDDEN", axum)]
    Forbidden,
}

fn main() {}
