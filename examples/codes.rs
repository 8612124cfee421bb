//! Every standard errcode: `ErrorKind::ERRORS`, the reference listing of the code table.
//!
//! Run with `cargo run --example codes` for a Markdown table, or
//! `cargo run --example codes -- --json` for the JSON document of `matrix_error::listing::json`.

use matrix_error::ErrorKind;
use matrix_error::listing;

fn main() {
    let json = std::env::args().skip(1).any(|arg| arg == "--json");
    if json {
        println!("{}", listing::json(ErrorKind::ERRORS));
    } else {
        print!("{}", listing::markdown(ErrorKind::ERRORS));
    }
}
