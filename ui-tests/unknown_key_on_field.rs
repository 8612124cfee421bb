use matrix_error::MatrixError;

#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "M_INCOMPATIBLE_ROOM_VERSION")]
    Incompatible {
        #[matrix(rename = "room_version")]
        version: String,
    },
}

fn main() {}
