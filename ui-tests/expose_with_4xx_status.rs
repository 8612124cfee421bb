use matrix_error::MatrixError;

#[derive(Debug, thiserror::Error, MatrixError)]
pub enum ApiError {
    #[error("you may not post in {room}")]
    #[matrix(errcode = "M_FORBIDDEN", expose)]
    NotAllowed { room: String },
}

fn main() {}
