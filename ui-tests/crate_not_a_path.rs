use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
#[matrix(crate = "not a path!")]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN")]
    NotAllowed,
}

fn main() {}
