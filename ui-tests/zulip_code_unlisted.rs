use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", zulip(code = "SOMETHING_ENTIRELY_NEW"))]
    New,
    // The opt-in lets it through, as it does a newer `M_` code.
    #[matrix(errcode = "M_FORBIDDEN", zulip(code = "SOMETHING_ELSE_NEW", allow_unlisted))]
    Allowed,
    // A row whose status is empty counts as unlisted.
    #[matrix(errcode = "M_UNKNOWN", status = 504, zulip(code = "REQUEST_TIMEOUT"))]
    Timeout,
}

fn main() {}
