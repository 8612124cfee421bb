use matrix_error::MatrixError;

// Synapse's `ORG_MATRIX_EXPIRED_ACCOUNT` is a code of the table although it has no dot; a near
// spelling of it is not.
#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "ORG_MATRIX_EXPIRED_ACOUNT", status = 403)]
    Expired,
}

fn main() {}
