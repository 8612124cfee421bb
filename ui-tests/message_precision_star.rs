use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", message = "share {share:.*}")]
    TooMuch { share: f64, precision: usize },
}

fn main() {}
