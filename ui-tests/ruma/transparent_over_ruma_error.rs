use matrix_error::MatrixError;

#[derive(Debug, thiserror::Error, MatrixError)]
pub enum ApiError {
    #[error(transparent)]
    #[matrix(transparent)]
    Ruma(#[from] ruma_common::api::error::Error),
}

fn main() {}
