use matrix_error::MatrixError;

#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(actix_web)]
#[error("no")]
#[matrix(errcode = "M_FORBIDDEN")]
pub struct Forbidden;

fn main() {}
