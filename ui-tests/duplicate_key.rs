use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", status = 403, errcode = "M_NOT_FOUND")]
    NotAllowed,
}

fn main() {}
