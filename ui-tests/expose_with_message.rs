use matrix_error::MatrixError;

#[derive(Debug, thiserror::Error, MatrixError)]
pub enum ApiError {
    #[error("bridge to {network} is down")]
    #[matrix(errcode = "M_UNKNOWN", status = 502, expose, message = "the bridge is down")]
    BridgeDown { network: String },
}

fn main() {}
