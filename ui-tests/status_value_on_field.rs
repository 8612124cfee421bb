use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_UNKNOWN")]
    Internal {
        #[matrix(status = 500)]
        status: u16,
    },
}

fn main() {}
