use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_LIMIT_EXCEEDED", message = "slow down")]
    RateLimited {
        #[matrix(retry_after)]
        wait_ms: u64,
    },
}

fn main() {}
