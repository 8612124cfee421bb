use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_UNKNOWN", status = 600)]
    Internal,
}

fn main() {}
