use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
#[matrix(errcode = "M_FORBIDDEN", message = "not allowed")]
pub enum ApiError {
    NotAllowed,
    NotInvited,
}

fn main() {}
