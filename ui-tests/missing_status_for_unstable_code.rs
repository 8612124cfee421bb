use matrix_error::MatrixError;

// A proposal's code in the table: known, but the spec fixes no status for it.
#[derive(Debug, MatrixError)]
pub enum ApiError {
    #[matrix(errcode = "IO.ELEMENT.MSC4306.M_NOT_IN_THREAD")]
    NotInThread,
}

fn main() {}
