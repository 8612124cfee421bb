use matrix_error::MatrixError;

#[derive(Debug)]
pub struct RoomId;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", message = "you may not post in {room}")]
    NotAllowed { room: RoomId },
}

fn main() {}
