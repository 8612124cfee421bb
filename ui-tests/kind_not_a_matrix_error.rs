use matrix_error::MatrixError;

#[derive(Debug, thiserror::Error, MatrixError)]
pub enum ApiError {
    #[error("{1}")]
    Request(#[matrix(kind)] String, String),
}

fn main() {}
