use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
#[matrix(status = 403)]
pub struct NotAllowed {
    room: String,
}

fn main() {}
