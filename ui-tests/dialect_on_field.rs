use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN")]
    Denied {
        #[matrix(field, zulip(code = "BAD_REQUEST"))]
        room: String,
    },
}

fn main() {}
