//! A homeserver-style error enum: each variant's status, errcode and JSON body.
//!
//! Run with `cargo run --example api_errors`.

use std::time::Duration;

use matrix_error::{Body, MatrixError};

#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(namespace = "com.example.chat")]
pub enum ApiError {
    /// 403, the spec's status for `M_FORBIDDEN`.
    #[error("you may not post in {room}")]
    #[matrix(errcode = "M_FORBIDDEN")]
    NotAllowed { room: String },

    /// 429 with `Retry-After` and `retry_after_ms`.
    #[error("slow down")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    RateLimited {
        #[matrix(retry_after)]
        wait: Duration,
    },

    /// A code of our own namespace: `COM.EXAMPLE.CHAT_QUOTA_EXCEEDED`.
    #[error("quota of {limit} messages reached")]
    #[matrix(errcode = "QUOTA_EXCEEDED", status = 403)]
    Quota {
        #[matrix(field)]
        limit: u32,
    },

    /// A locked account is 401 with `soft_logout: true`, whatever the handler thought.
    #[error("account locked")]
    #[matrix(errcode = "M_USER_LOCKED", extra(soft_logout = true))]
    Locked,

    /// The same code with the status of another endpoint.
    #[error("method not allowed")]
    #[matrix(errcode = "M_UNRECOGNIZED", status = 405)]
    WrongMethod,

    /// Any standard error, passed through as it is.
    #[error(transparent)]
    #[matrix(transparent)]
    Standard(#[from] matrix_error::Error),

    /// 500: the body says "Internal server error", never the database's words.
    #[error("database: {0}")]
    #[matrix(errcode = "M_UNKNOWN", status = 500)]
    Db(#[matrix(from)] std::io::Error),
}

fn main() {
    let errors = [
        ApiError::NotAllowed {
            room: "!lobby:example.org".into(),
        },
        ApiError::RateLimited {
            wait: Duration::from_millis(2500),
        },
        ApiError::Quota { limit: 1000 },
        ApiError::Locked,
        ApiError::WrongMethod,
        ApiError::Standard(matrix_error::Error::new(
            matrix_error::ErrorKind::UnknownToken { soft_logout: true },
            "token expired",
        )),
        ApiError::from(std::io::Error::other(
            "connection to db01.internal:5432 refused",
        )),
    ];
    for error in &errors {
        let body = serde_json::to_string(&Body(error)).expect("a body always serializes");
        // The header carries whole seconds, rounded up.
        let retry = match error.retry_after().and_then(|retry| retry.delay_ms()) {
            Some(ms) => format!("  (Retry-After: {})", ms.div_ceil(1000)),
            None => String::new(),
        };
        println!(
            "{:>3} {:<34} {body}{retry}",
            error.status(),
            error.errcode()
        );
    }
}
