use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub struct NotAllowed {
    #[matrix(errcode = "M_FORBIDDEN")]
    room: String,
}

fn main() {}
