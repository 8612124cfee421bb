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
    note = "for a type of your own, add `#[derive(matrix_error::MatrixError)]` and a `#[matrix(errcode = \"...\")]` to it",
    note = "for another crate's error that converts into `matrix_error::Error` (ruma's `ruma_common::api::error::Error` does, with the `ruma` feature), hold a `matrix_error::Error` instead and convert with `matrix_error::Error::from`"
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

    /// Whether the body carries `errcode` and `error`; `true` for every error but one whose
    /// body is something else than an error object of its own.
    ///
    /// The one such body the spec has is the first challenge of user-interactive
    /// authentication (a 401 whose body is the auth state, [`UiaaInfo`](crate::uiaa::UiaaInfo)):
    /// when it is `false`, [`Body`](crate::Body) and [`error_dict`](MatrixError::error_dict)
    /// write only the other keys, while [`errcode`](MatrixError::errcode) still answers (`M_UNKNOWN`
    /// for a first challenge) for code that needs one. A type that wraps another error
    /// (`transparent`, `Box<T>`) answers what the inner one does; hand-written impls keep the
    /// default.
    ///
    /// ```
    /// use matrix_error::uiaa::{AuthFlow, UiaaInfo};
    /// use matrix_error::{Body, MatrixError};
    ///
    /// let challenge = UiaaInfo {
    ///     flows: vec![AuthFlow { stages: vec!["m.login.password".into()] }],
    ///     completed: vec![],
    ///     params: Default::default(),
    ///     session: Some("xyz".into()),
    ///     auth_error: None,
    /// };
    /// assert!(!challenge.sends_errcode());
    /// assert_eq!(challenge.errcode(), "M_UNKNOWN");
    /// assert_eq!(
    ///     serde_json::to_string(&Body(&challenge)).unwrap(),
    ///     r#"{"flows":[{"stages":["m.login.password"]}],"params":{},"session":"xyz"}"#
    /// );
    /// ```
    fn sends_errcode(&self) -> bool {
        true
    }

    /// Writes the `errcode` entry. By default [`errcode`](MatrixError::errcode); a kind that
    /// cannot lend its code as a `&str` (ruma's for a code it does not know) writes it here.
    #[doc(hidden)]
    fn __serialize_errcode<M>(&self, map: &mut M) -> Result<(), M::Error>
    where
        M: SerializeMap,
        Self: Sized,
    {
        map.serialize_entry(crate::body::key::ERRCODE, self.errcode())
    }

    /// Writes the `error` entry. Derived types write their text straight to the serializer.
    #[doc(hidden)]
    fn __serialize_message<M>(&self, map: &mut M) -> Result<(), M::Error>
    where
        M: SerializeMap,
        Self: Sized,
    {
        map.serialize_entry("error", &*self.message())
    }

    /// The dialect keys of a derived type's variant (`#[matrix(zulip(...), mastodon(...))]`),
    /// which [`zulip`](crate::zulip) and [`mastodon`](crate::mastodon) apply over the code
    /// table's mapping; `None` by default (the mapping alone), and for an [`Error`](crate::Error),
    /// those of the type it was converted from.
    #[doc(hidden)]
    fn __dialects(&self) -> Option<&'static crate::dialect::Dialects> {
        None
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
    fn sends_errcode(&self) -> bool {
        (**self).sends_errcode()
    }
    fn __as_error(&self) -> Option<&(dyn std::error::Error + '_)> {
        (**self).__as_error()
    }
    fn __dialects(&self) -> Option<&'static crate::dialect::Dialects> {
        (**self).__dialects()
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
