use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_LIMIT_EXCEEDED", zulip(code = "RATE_LIMIT_HITT"))]
    Slow,
}

fn main() {}
