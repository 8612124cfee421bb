use std::time::Duration;

use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    RateLimited {
        #[matrix(retry_after)]
        wait: Duration,
        #[matrix(retry_after)]
        backoff: Duration,
    },
}

fn main() {}
