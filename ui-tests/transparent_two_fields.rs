use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(transparent)]
    Standard(matrix_error::Error, String),
}

fn main() {}
