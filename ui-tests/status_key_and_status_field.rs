use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_UNKNOWN", status = 502)]
    Upstream {
        #[matrix(status)]
        status: u16,
    },
}

fn main() {}
