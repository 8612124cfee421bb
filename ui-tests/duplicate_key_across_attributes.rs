use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_UNKNOWN")]
    #[matrix(status = 500)]
    #[matrix(status = 503)]
    Database,
}

fn main() {}
