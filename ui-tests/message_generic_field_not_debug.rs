use matrix_error::MatrixError;

pub struct Key;

#[derive(Debug, MatrixError)]
pub enum Lookup<K> {
    #[matrix(errcode = "M_NOT_FOUND", message = "no key {0:?}")]
    Missing(K),
}

fn main() {
    let _ = Lookup::Missing(Key).message();
}
