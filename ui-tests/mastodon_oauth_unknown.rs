use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", mastodon(oauth = "invalid_grnt"))]
    Typo,
    #[matrix(errcode = "M_FORBIDDEN", mastodon(oauth = "INVALID_GRANT"))]
    UpperCase,
    #[matrix(errcode = "M_FORBIDDEN", mastodon(oauth = "no_such_thing_at_all"))]
    Unknown,
}

fn main() {}
