use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(namespace = "com.example.chat", errcode = "QUOTA_EXCEEDED", status = 403)]
    Quota,
}

fn main() {}
