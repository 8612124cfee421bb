use matrix_error::MatrixError;

#[derive(Debug, thiserror::Error, MatrixError)]
pub enum ApiError {
    #[error("the bridge is down")]
    #[matrix(errcode = "M_UNKNOWN", status = 502, expose = true)]
    BridgeDown,
}

fn main() {}
