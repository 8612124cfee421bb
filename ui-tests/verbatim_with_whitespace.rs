use matrix_error::MatrixError;

#[derive(Debug, thiserror::Error, MatrixError)]
pub enum BridgeError {
    #[error("flooding")]
    #[matrix(errcode = "flood wait", status = 429, verbatim)]
    FloodWait,
}

fn main() {}
