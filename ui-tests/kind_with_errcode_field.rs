use matrix_error::{ErrorKind, MatrixError};

#[derive(Debug, thiserror::Error, MatrixError)]
pub enum ApiError {
    #[error("proxied")]
    Proxied {
        #[matrix(kind)]
        kind: ErrorKind,
        #[matrix(errcode)]
        code: String,
        #[matrix(status)]
        status: u16,
    },
}

fn main() {}
