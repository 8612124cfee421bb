use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_UNKNOWN", status = 500)]
    Database(#[matrix(from)] std::io::Error),
    #[matrix(errcode = "M_UNKNOWN", status = 503)]
    Storage(#[matrix(from)] std::io::Error),
}

fn main() {}
