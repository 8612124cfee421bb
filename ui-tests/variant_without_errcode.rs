use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN")]
    NotAllowed,
    #[matrix(status = 404)]
    NoSuchRoom,
}

fn main() {}
