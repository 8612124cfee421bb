use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "QUOTA_EXCEEDED", status = 403)]
    Quota,
}

fn main() {}
