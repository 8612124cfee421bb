use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_UNKNOWN_TOKEN", message = "unknown token")]
    UnknownToken {
        #[matrix(field, default)]
        soft_logout: bool,
    },
}

fn main() {}
