use matrix_error::MatrixError;

// `com.my_company.app` is fine: only the last part may not hold `_`.
#[derive(Debug, MatrixError)]
#[matrix(namespace = "com.my_company.chat_app")]
pub enum ApiError {
    #[matrix(errcode = "QUOTA_EXCEEDED", status = 403, message = "quota")]
    Quota,
}

fn main() {}
