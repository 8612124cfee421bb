// The errors come out in the order of the source: the enum's before its variants', a
// mistake of meaning before a later mistake of syntax.
use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
#[matrix(namespace = "chat")]
pub enum ApiError {
    #[matrix(errcode = "M_UNKNOWN")]
    Internal,
    #[matrix(errcode = "M_FORBIDDEN", colour = "red")]
    NotAllowed,
}

fn main() {}
