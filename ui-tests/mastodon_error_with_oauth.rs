use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", mastodon(error = "Denied", oauth = "access_denied"))]
    Denied,
}

fn main() {}
