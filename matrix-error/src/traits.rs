use std::borrow::Cow;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::RetryAfter;

/// An error with a Matrix errcode, an HTTP status and a JSON body.
///
/// Derive it with [`#[derive(MatrixError)]`](derive@crate::MatrixError); write it by hand only
/// for types the derive cannot describe. The trait is object safe: `Box<dyn MatrixError>`
/// works.
///
/// ```
/// use matrix_error::MatrixError;
///
/// #[derive(Debug, thiserror::Error, MatrixError)]
/// enum ApiError {
///     #[error("you may not post in {room}")]
///     #[matrix(errcode = "M_FORBIDDEN")]
///     NotAllowed { room: String },
/// }
///
/// let error: Box<dyn MatrixError> = Box::new(ApiError::NotAllowed { room: "!a:b".into() });
/// assert_eq!(error.errcode(), "M_FORBIDDEN");
/// assert_eq!(error.status(), 403);
/// assert_eq!(error.message(), "you may not post in !a:b");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a Matrix error",
    label = "`{Self}` does not implement `MatrixError`",
    note = "add `#[derive(matrix_error::MatrixError)]` and a `#[matrix(errcode = \"...\")]` to the type"
)]
pub trait MatrixError {
    /// The errcode: `M_FORBIDDEN`, or a namespaced code such as `COM.EXAMPLE.APP_QUOTA`.
    fn errcode(&self) -> &str;

    /// The HTTP status of the response.
    fn status(&self) -> u16;

    /// The text of the body's `error` key.
    ///
    /// Derived types follow one rule: the variant's `message` if it has one; else, for a
    /// status of 500 or more, `Internal server error` unless the variant is marked `expose`;
    /// else the `Display` text.
    fn message(&self) -> Cow<'_, str>;

    /// When the client may retry, sent as the `Retry-After` header.
    fn retry_after(&self) -> Option<RetryAfter> {
        None
    }

    /// The JSON body as a map: `errcode`, `error` and every extra key.
    ///
    /// [`Body`] serializes the same object without building the map.
    fn error_dict(&self) -> Map<String, Value>;

    /// Writes the `error` entry. Derived types write their text straight to the serializer.
    #[doc(hidden)]
    fn __serialize_message<M>(&self, map: &mut M) -> Result<(), M::Error>
    where
        M: SerializeMap,
        Self: Sized,
    {
        map.serialize_entry("error", &*self.message())
    }

    /// Writes every entry after `errcode` and `error`. By default from [`error_dict`].
    ///
    /// [`error_dict`]: MatrixError::error_dict
    #[doc(hidden)]
    fn __serialize_extras<M>(&self, map: &mut M) -> Result<(), M::Error>
    where
        M: SerializeMap,
        Self: Sized,
    {
        serialize_dict_extras(&self.error_dict(), map)
    }
}

fn serialize_dict_extras<M: SerializeMap>(
    dict: &Map<String, Value>,
    map: &mut M,
) -> Result<(), M::Error> {
    dict.iter()
        .filter(|(key, _)| !matches!(key.as_str(), "errcode" | "error"))
        .try_for_each(|(key, value)| map.serialize_entry(key, value))
}

impl<T: MatrixError + ?Sized> MatrixError for Box<T> {
    fn errcode(&self) -> &str {
        (**self).errcode()
    }
    fn status(&self) -> u16 {
        (**self).status()
    }
    fn message(&self) -> Cow<'_, str> {
        (**self).message()
    }
    fn retry_after(&self) -> Option<RetryAfter> {
        (**self).retry_after()
    }
    fn error_dict(&self) -> Map<String, Value> {
        (**self).error_dict()
    }
}

/// The JSON body of an error, as a [`Serialize`] that writes it straight to the serializer.
///
/// It writes the same object as [`MatrixError::error_dict`] without building a map.
///
/// ```
/// use matrix_error::{Body, MatrixError};
///
/// #[derive(Debug, thiserror::Error, MatrixError)]
/// #[error("slow down")]
/// #[matrix(errcode = "M_LIMIT_EXCEEDED")]
/// struct Slow;
///
/// let json = serde_json::to_string(&Body(&Slow)).unwrap();
/// assert_eq!(json, r#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow down"}"#);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Body<'a, E: ?Sized>(pub &'a E);

impl<E: MatrixError> Serialize for Body<'_, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("errcode", self.0.errcode())?;
        self.0.__serialize_message(&mut map)?;
        self.0.__serialize_extras(&mut map)?;
        map.end()
    }
}

/// A trait object has no fast path: its body is written from its `error_dict`.
macro_rules! serialize_dyn_body {
    ($(($($bound:tt)*)),*) => {$(
        impl<'e> Serialize for Body<'_, dyn MatrixError $($bound)* + 'e> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let dict = self.0.error_dict();
                let mut map = serializer.serialize_map(None)?;
                match dict.get("errcode") {
                    Some(errcode) => map.serialize_entry("errcode", errcode)?,
                    None => map.serialize_entry("errcode", self.0.errcode())?,
                }
                match dict.get("error") {
                    Some(message) => map.serialize_entry("error", message)?,
                    None => map.serialize_entry("error", &*self.0.message())?,
                }
                serialize_dict_extras(&dict, &mut map)?;
                map.end()
            }
        }
    )*};
}

serialize_dyn_body!((), (+ Send), (+ Send + Sync));
