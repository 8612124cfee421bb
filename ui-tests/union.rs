use matrix_error::MatrixError;

#[derive(MatrixError)]
#[matrix(errcode = "M_UNKNOWN", status = 500)]
pub union Raw {
    code: u16,
    byte: u8,
}

fn main() {}
