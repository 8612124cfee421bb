use matrix_error::MatrixError;

#[derive(Debug, thiserror::Error)]
#[error("plain")]
pub struct Plain;

// One error, at the inner type; none for each method that delegates to it.
#[derive(Debug, thiserror::Error, MatrixError)]
#[error(transparent)]
#[matrix(transparent)]
pub struct Wrapper(#[from] Plain);

fn main() {}
