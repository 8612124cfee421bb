use matrix_error::MatrixError;

#[derive(Debug)]
pub struct Opaque;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_FORBIDDEN", message = "no")]
    NotAllowed {
        #[matrix(field)]
        detail: Opaque,
    },
}

fn main() {}
