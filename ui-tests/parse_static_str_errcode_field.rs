use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
#[matrix(parse, status = 400, message = "proxied")]
pub struct Proxied {
    #[matrix(errcode)]
    code: &'static str,
}

fn main() {}
