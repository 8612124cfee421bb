use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "m_forbidden")]
    NotAllowed,
}

fn main() {}
