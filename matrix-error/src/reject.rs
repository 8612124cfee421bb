//! The requests the HTTP integrations refuse, as Matrix errors: a body that is not JSON or not
//! of the right shape, a path parameter that does not decode, a path no endpoint has, a method
//! an endpoint does not take.

/// The Matrix error for a request body that did not deserialize: 400 `M_NOT_JSON` when it is
/// not JSON at all (a syntax error, the end of the input too early, data after the value),
/// 400 `M_BAD_JSON` when it is JSON of the wrong shape. The message is serde_json's.
pub(crate) fn json_error(error: &serde_json::Error) -> crate::Error {
    use serde_json::error::Category;
    let kind = match error.classify() {
        Category::Data => crate::ErrorKind::BadJson,
        Category::Syntax | Category::Eof | Category::Io => crate::ErrorKind::NotJson,
    };
    crate::Error::new(kind, error.to_string())
}

/// The Matrix error for a path parameter that did not decode: 400 `M_INVALID_PARAM` when the
/// framework says it is the client's fault (`status` 4xx), else 500 `M_UNKNOWN` (the route and
/// the extractor's type do not fit: the server's bug). The message is the framework's.
pub(crate) fn path_error(status: u16, message: String) -> crate::Error {
    match status {
        400..=499 => crate::Error::new(crate::ErrorKind::InvalidParam, message).with_status(400),
        _ => crate::Error::new(crate::ErrorKind::Unknown, message).with_status(500),
    }
}

/// 404 `M_UNRECOGNIZED`: no endpoint has this path.
pub(crate) fn unrecognized_path() -> crate::Error {
    crate::Error::new(crate::ErrorKind::Unrecognized, "Unrecognized request").with_status(404)
}

/// 405 `M_UNRECOGNIZED`: the endpoint exists, not with this method.
pub(crate) fn wrong_method() -> crate::Error {
    crate::Error::new(crate::ErrorKind::Unrecognized, "Method not allowed").with_status(405)
}
