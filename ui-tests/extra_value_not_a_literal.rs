use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_USER_LOCKED", extra(soft_logout = yes))]
    Locked,
}

fn main() {}
