use matrix_error::{ErrorKind, MatrixError};

#[derive(Debug, thiserror::Error, MatrixError)]
pub enum ApiError {
    #[error("{message}")]
    #[matrix(status = 400)]
    Request {
        #[matrix(errcode)]
        kind: ErrorKind,
        message: String,
    },
}

fn main() {}
