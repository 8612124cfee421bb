use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    // Listed with 400 and 403.
    #[matrix(errcode = "M_FORBIDDEN", zulip(code = "UNAUTHORIZED_PRINCIPAL"))]
    Principal,
    // Listed with 200 only.
    #[matrix(errcode = "M_UNKNOWN", status = 400, zulip(code = "UNSUPPORTED_WEBHOOK_EVENT_TYPE"))]
    Webhook,
    // With `status`, both are fine; `BAD_REQUEST` carries any status.
    #[matrix(errcode = "M_FORBIDDEN", zulip(code = "UNAUTHORIZED_PRINCIPAL", status = 403))]
    PrincipalWithStatus,
    #[matrix(errcode = "M_FORBIDDEN", zulip(code = "BAD_REQUEST"))]
    Generic,
}

fn main() {}
