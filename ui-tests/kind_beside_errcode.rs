use matrix_error::{ErrorKind, MatrixError};

#[derive(Debug, thiserror::Error, MatrixError)]
pub enum ApiError {
    #[error("{1}")]
    #[matrix(errcode = "M_FORBIDDEN")]
    Request(#[matrix(kind)] ErrorKind, String),
}

fn main() {}
