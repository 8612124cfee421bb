use matrix_error::MatrixError;

#[derive(Debug, thiserror::Error, MatrixError)]
pub enum ApiError {
    #[error("I/O error: {0}")]
    #[matrix(errcode = "M_UNKNOWN")]
    Io(#[matrix(status_with = "io status")] std::io::Error),
}

fn main() {}
