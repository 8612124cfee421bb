use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", zulip(status = 403, allow_unlisted))]
    Denied,
}

fn main() {}
