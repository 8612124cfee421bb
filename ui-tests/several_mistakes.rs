use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
#[matrix(namespace = "com.example.chat")]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDEN", colour = "red")]
    NotAllowed,
    #[matrix(errcode = "M_UNKNOWN")]
    Internal,
    #[matrix(errcode = "QUOTA_EXCEEDED", status = 700)]
    Quota,
    NoErrcode,
    #[matrix(errcode = "M_UNKNOWN", status = 500)]
    Io(#[matrix(from)] std::io::Error, String),
}

fn main() {}
