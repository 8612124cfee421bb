use matrix_error::MatrixError;

// A bridge's own `M_` code: the near miss is named, and so is `allow_unlisted`.
#[derive(Debug, thiserror::Error, MatrixError)]
pub enum BridgeError {
    #[error("unknown")]
    #[matrix(errcode = "M_AS_UNKNOWN", status = 500)]
    Unknown,
}

fn main() {}
