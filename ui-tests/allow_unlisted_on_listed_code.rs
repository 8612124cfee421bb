use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", allow_unlisted)]
    NotAllowed,
}

fn main() {}
