use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(transparent, errcode = "M_FORBIDDEN")]
    Standard(matrix_error::Error),
}

fn main() {}
