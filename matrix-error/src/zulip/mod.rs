//! Zulip's error format: reading a Zulip server's errors ([`Error`]).

mod error;
pub use error::Error;
