//! Mastodon's error format: reading a Mastodon server's errors ([`Error`]).

mod error;
pub use error::{Error, Shape};
