use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", zulip(status = 403, status = 404))]
    Twice,
    #[matrix(errcode = "M_FORBIDDEN", mastodon(status = 403), mastodon(error = "No"))]
    TwoGroups,
}

fn main() {}
