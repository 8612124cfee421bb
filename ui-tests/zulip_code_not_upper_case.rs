use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_LIMIT_EXCEEDED", zulip(code = "rate_limit_hit"))]
    Slow,
    #[matrix(errcode = "M_FORBIDDEN", zulip(code = "9LIVES"))]
    Digit,
}

fn main() {}
