use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
#[matrix(mastodon(status = 302))]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", zulip(status = 200))]
    Ok,
    #[matrix(errcode = "M_FORBIDDEN", mastodon(status = 600))]
    TooHigh,
}

fn main() {}
