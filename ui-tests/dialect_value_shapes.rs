use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", zulip = "BAD_REQUEST")]
    NotAGroup,
    #[matrix(errcode = "M_FORBIDDEN", zulip(code = 400))]
    CodeNotAString,
    #[matrix(errcode = "M_FORBIDDEN", mastodon(status = "403"))]
    StatusNotAnInteger,
    #[matrix(errcode = "M_FORBIDDEN", zulip(code = "BAD_REQUEST", allow_unlisted = true))]
    FlagWithAValue,
}

fn main() {}
