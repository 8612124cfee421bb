use matrix_error::MatrixError;

// Codes deployed before the spec's naming rule: each error names `verbatim`, and no fix it
// suggests is itself refused (`FLOOD_WAIT` without a namespace would be).
#[derive(Debug, thiserror::Error, MatrixError)]
pub enum BridgeError {
    #[error("unknown network")]
    #[matrix(errcode = "IRC_UNKNOWN_NETWORK", status = 404)]
    UnknownNetwork,
    #[error("flooding")]
    #[matrix(errcode = "flood_wait", status = 429)]
    FloodWait,
}

fn main() {}
