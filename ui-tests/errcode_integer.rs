use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = 403)]
    NotAllowed,
}

fn main() {}
