use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
#[matrix(parse)]
pub enum ApiError<'a> {
    #[matrix(errcode = "M_FORBIDDEN", message = "not allowed")]
    NotAllowed {
        #[matrix(field)]
        room: &'a str,
    },
}

fn main() {}
