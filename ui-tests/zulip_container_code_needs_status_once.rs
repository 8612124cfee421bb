use matrix_error::MatrixError;

// Reported once, at the container's code, not once per variant that takes it.
#[derive(Debug, MatrixError)]
#[matrix(zulip(code = "UNAUTHORIZED_PRINCIPAL"))]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN")]
    One,
    #[matrix(errcode = "M_FORBIDDEN")]
    Two,
    // A variant's status completes the container's code.
    #[matrix(errcode = "M_FORBIDDEN", zulip(status = 403))]
    WithStatus,
}

fn main() {}
