use matrix_error::MatrixError;

fn describe(error: &std::io::Error) -> String {
    error.to_string()
}

#[derive(Debug, thiserror::Error, MatrixError)]
pub enum ApiError {
    #[error("I/O error: {0}")]
    #[matrix(errcode = "M_UNKNOWN")]
    Io(#[matrix(from, status_with = "describe")] std::io::Error),
}

fn main() {}
