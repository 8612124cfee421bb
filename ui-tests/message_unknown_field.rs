use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", message = "you may not post in {rom}")]
    NotAllowed { room: String },
}

fn main() {}
