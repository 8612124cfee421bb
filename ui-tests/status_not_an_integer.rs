use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
#[matrix(namespace = "com.example.chat")]
pub enum ApiError {
    #[matrix(errcode = "QUOTA_EXCEEDED", status = "403")]
    Quota,
}

fn main() {}
