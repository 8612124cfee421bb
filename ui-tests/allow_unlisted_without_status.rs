use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_BRAND_NEW_THING", allow_unlisted)]
    BrandNew,
}

fn main() {}
