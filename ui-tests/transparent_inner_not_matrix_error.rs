use matrix_error::MatrixError;

#[derive(Debug)]
pub struct Plain;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(transparent)]
    Inner(Plain),
}

fn main() {}
