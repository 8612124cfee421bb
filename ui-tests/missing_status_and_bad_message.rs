use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    // No status for M_UNKNOWN, and the message names no field: both are reported.
    #[matrix(errcode = "M_UNKNOWN", message = "failed in {stage}")]
    Failed { step: u8 },
}

fn main() {}
