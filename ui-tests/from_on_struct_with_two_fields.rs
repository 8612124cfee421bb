use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
#[matrix(errcode = "M_UNKNOWN", status = 500)]
pub struct Database(#[matrix(from)] std::io::Error, String);

fn main() {}
