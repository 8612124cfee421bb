//! The [`MatrixError`] trait: what every Matrix error answers, derived or written by hand.

use std::borrow::Cow;

use serde::ser::SerializeMap;
use serde_json::{Map, Value};

use crate::RetryAfter;
use crate::body::write_dict_extras;

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
    /// [`Body`](crate::Body) serializes the same object without building the map.
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

    /// The error as a [`std::error::Error`], when it is one: what the HTTP integrations log
    /// (feature `tracing`) of an error they answer, its `Display` text unredacted and its
    /// `source()` chain. `None` by default, and then they log [`message`]; derived types
    /// return themselves when they implement `std::error::Error` (with thiserror, always).
    ///
    /// [`message`]: MatrixError::message
    #[doc(hidden)]
    fn __as_error(&self) -> Option<&(dyn std::error::Error + '_)> {
        None
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
        write_dict_extras(&self.error_dict(), map)
    }
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
    fn __as_error(&self) -> Option<&(dyn std::error::Error + '_)> {
        (**self).__as_error()
    }
}

/// How a derived type implements [`MatrixError::__as_error`]: `(&AsError(self)).__matrix_as_error()`
/// finds [`AsErrorIfError`]'s method where the type implements `std::error::Error` (the impl
/// on `AsError` itself comes first in method resolution) and [`AsErrorElseNone`]'s, on
/// `&AsError`, where it does not. The choice is made where the impl is written, so a generic
/// type gets `Some` when its where-clause says it is an error.
pub struct AsError<'a, T: ?Sized>(pub &'a T);

/// [`AsError`]'s method for a type that implements `std::error::Error`.
pub trait AsErrorIfError<'a> {
    /// The error itself.
    fn __matrix_as_error(&self) -> Option<&'a (dyn std::error::Error + 'a)>;
}

impl<'a, T: std::error::Error + 'a> AsErrorIfError<'a> for AsError<'a, T> {
    #[inline(always)]
    fn __matrix_as_error(&self) -> Option<&'a (dyn std::error::Error + 'a)> {
        Some(self.0)
    }
}

/// [`AsError`]'s method for any other type.
pub trait AsErrorElseNone<'a> {
    /// `None`.
    fn __matrix_as_error(&self) -> Option<&'a (dyn std::error::Error + 'a)>;
}

impl<'a, T: ?Sized> AsErrorElseNone<'a> for &AsError<'a, T> {
    #[inline(always)]
    fn __matrix_as_error(&self) -> Option<&'a (dyn std::error::Error + 'a)> {
        None
    }
}
