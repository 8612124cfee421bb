use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_UNKNOWN", message = "upstream failed")]
    Upstream {
        #[matrix(status)]
        status: String,
    },
}

fn main() {}
