use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", message = "no entry to {room:>width$}")]
    NotAllowed { room: String },
}

fn main() {}
