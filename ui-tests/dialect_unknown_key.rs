use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", zulip(colour = "red"))]
    Zulip,
    #[matrix(errcode = "M_FORBIDDEN", mastodon(code = "X"))]
    Mastodon,
}

fn main() {}
