use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_QUOTA_EXCEEDED_FOR_BRIDGES", status = 403)]
    Quota,
}

fn main() {}
