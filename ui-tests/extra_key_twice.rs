use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_BAD_STATUS")]
    Upstream {
        #[matrix(field)]
        status: u16,
        #[matrix(field = "status")]
        upstream_status: u16,
    },
}

fn main() {}
