use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_UNKNOWN", status = 500)]
    Io(#[matrix(from)] std::io::Error, String),
}

fn main() {}
