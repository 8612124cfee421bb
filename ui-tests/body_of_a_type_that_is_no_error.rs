use matrix_error::Body;

#[derive(Debug)]
pub struct Plain;

fn main() {
    let _ = serde_json::to_string(&Body(&Plain));
}
