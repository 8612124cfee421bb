use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "COM.EXAMPLE.CHAT", status = 403)]
    Quota,
}

fn main() {}
