//! Every standard errcode: `ErrorKind::ERRORS`, the reference listing of the code table.
//!
//! Run with `cargo run --example codes` for a Markdown table, or
//! `cargo run --example codes -- --json` for the JSON document of `matrix_error::listing::json`,
//! or `cargo run --example codes -- --dialects` for the mapping to Zulip's and Mastodon's
//! dialects (`matrix_error::listing::dialects_markdown`).

use matrix_error::ErrorKind;
use matrix_error::listing;

fn main() {
    let arg = |name: &str| std::env::args().skip(1).any(|arg| arg == name);
    if arg("--json") {
        println!("{}", listing::json(ErrorKind::ERRORS));
    } else if arg("--dialects") {
        print!("{}", listing::dialects_markdown(ErrorKind::ERRORS));
    } else {
        print!("{}", listing::markdown(ErrorKind::ERRORS));
    }
}
