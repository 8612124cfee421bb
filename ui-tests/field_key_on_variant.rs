use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_LIMIT_EXCEEDED", retry_after)]
    RateLimited { wait: std::time::Duration },
}

fn main() {}
