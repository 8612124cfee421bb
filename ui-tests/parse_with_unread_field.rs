use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
#[matrix(parse)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN")]
    NotAllowed { room: String },
}

fn main() {}
