use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcod = "M_FORBIDDEN")]
    NotAllowed,
}

fn main() {}
