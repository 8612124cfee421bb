use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
#[matrix(errcode = "M_FORBIDEN")]
pub enum ApiError {
    NotInvited,
    Banned,
    #[matrix(errcode = "M_NOT_FOUND")]
    NoSuchRoom,
}

fn main() {}
