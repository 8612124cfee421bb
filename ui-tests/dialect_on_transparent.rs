use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
#[matrix(errcode = "M_FORBIDDEN", message = "denied")]
pub struct Inner;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(transparent, zulip(code = "BAD_REQUEST"), mastodon(status = 403))]
    Inner(Inner),
}

fn main() {}
