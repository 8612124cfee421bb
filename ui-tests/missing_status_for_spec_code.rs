use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN")]
    NotAllowed,
    #[matrix(errcode = "M_UNKNOWN")]
    Internal,
}

fn main() {}
