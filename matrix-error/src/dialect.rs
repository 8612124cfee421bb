//! What the Zulip and Mastodon dialects share: the code table's serving mapping (read through
//! the derive, from the project's one copy of the table), the dialect keys a derived type
//! gives (`#[matrix(zulip(...), mastodon(...))]`), resolved by the derive per variant, and
//! [`Parts`], what a dialect's body is written from: a sized error's fast path (its hidden
//! writers, through a map that renames or leaves out keys) or a trait object's `error_dict`.

use std::marker::PhantomData;

use serde::ser::{Serialize, SerializeMap};
use serde_json::{Map, Value};

use crate::body::{SkipKeys, StrKeyIn, key};
use crate::{MatrixError, RetryAfter};

/// The serving mapping of one Matrix errcode: its row of the code table (shared/spec/DIALECTS.md,
/// "Serving"). A status of `None` is the Matrix status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mapping {
    /// The Zulip `code`; `None` sends `BAD_REQUEST`.
    pub zulip_code: Option<&'static str>,
    pub zulip_status: Option<u16>,
    pub mastodon_status: Option<u16>,
}

/// The mapping of `errcode`, `None` for a code without one. An unstable form of a stable code
/// takes the stable code's.
pub(crate) fn mapping(errcode: &str) -> Option<Mapping> {
    let (zulip_code, zulip_status, mastodon_status) =
        matrix_error_derive::__dialect_mapping!(errcode)?;
    Some(Mapping {
        zulip_code,
        zulip_status,
        mastodon_status,
    })
}

/// The Matrix errcode of a dialect's error with no other Matrix meaning, and of a body that is
/// no error of the dialect at all.
pub(crate) const M_UNKNOWN: &str = "M_UNKNOWN";

/// The prefix of the errcode that keeps a Zulip code with no Matrix meaning
/// (`COM.ZULIP_BAD_NARROW`); writing it back in Zulip's dialect gives the code again.
pub(crate) const ZULIP_NAMESPACE: &str = "COM.ZULIP_";

/// The prefix of the errcode that keeps an OAuth error code (`ORG.IETF.OAUTH_INVALID_GRANT`);
/// writing it back in Mastodon's dialect gives the code again, in lower case.
pub(crate) const OAUTH_NAMESPACE: &str = "ORG.IETF.OAUTH_";

/// The dialect keys of a derived type's variant (`#[matrix(zulip(...), mastodon(...))]`, the
/// variant's over the container's), as the derive resolves them; what they leave out comes
/// from the mapping at run time, unless the derive resolved it (`mapped`). Not a stable
/// interface: the derive writes it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Dialects {
    /// `zulip(code)`.
    pub zulip_code: Option<&'static str>,
    /// `zulip(status)`.
    pub zulip_status: Option<u16>,
    /// The status the Zulip table fixes for `zulip_code`, where it fixes one.
    pub zulip_code_status: Option<u16>,
    /// `mastodon(status)`.
    pub mastodon_status: Option<u16>,
    /// `mastodon(error)`.
    pub mastodon_error: Option<&'static str>,
    /// `mastodon(oauth)`, with the OAuth code's status.
    pub oauth: Option<(&'static str, u16)>,
    /// Set for a variant whose errcode is a literal (and no OAuth code read back): the code
    /// table's mapping is resolved in here by the derive, so that the runtime looks nothing
    /// up; `zulip_code` is then always set (with `zulip_code_status`).
    pub mapped: bool,
    /// The mapping's Mastodon status, when `mapped`.
    pub mastodon_mapped_status: Option<u16>,
    /// Whether the variant or its container gives dialect keys; else these are the mapping
    /// alone, which an [`Error`](crate::Error) converted from the type does not keep (it finds
    /// them again from its errcode).
    pub keyed: bool,
}

/// The keys a dialect's body writes itself (and the Matrix body's delay), which the extra
/// keys leave out: one type per dialect, so that the check of a literal key folds away.
pub(crate) trait Reserved {
    /// The keys.
    const KEYS: &'static [&'static str];

    /// Whether `key` is one of them.
    #[inline(always)]
    fn contains(key: &str) -> bool {
        Self::KEYS.contains(&key)
    }
}

/// What a dialect's body is written from.
pub(crate) trait Parts {
    /// The error's type: a derived type's calls are static.
    type Error: MatrixError + ?Sized;
    fn error(&self) -> &Self::Error;
    /// The message entry under `name` (the same text as the Matrix body's `error`).
    fn write_message<M: SerializeMap>(
        &self,
        map: &mut M,
        name: &'static str,
    ) -> Result<(), M::Error>;
    /// Every extra key of the Matrix body but those of `R`.
    fn write_extras<M: SerializeMap, R: Reserved>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// A sized error: its writers, as for the Matrix [`Body`](crate::Body).
pub(crate) struct Typed<'a, E>(pub &'a E);

impl<E: MatrixError> Parts for Typed<'_, E> {
    type Error = E;

    #[inline]
    fn error(&self) -> &E {
        self.0
    }

    #[inline]
    fn write_message<M: SerializeMap>(
        &self,
        map: &mut M,
        name: &'static str,
    ) -> Result<(), M::Error> {
        match self.0.sends_errcode() {
            true => self.0.__serialize_message(&mut Rename { map, name }),
            false => map.serialize_entry(name, &*self.0.message()),
        }
    }

    #[inline]
    fn write_extras<M: SerializeMap, R: Reserved>(&self, map: &mut M) -> Result<(), M::Error> {
        self.0.__serialize_extras(&mut Extras::<M, R>::new(map))
    }
}

/// A trait object, which has no fast path: its `error_dict`, made once.
pub(crate) struct Dynamic<'a> {
    pub error: &'a dyn MatrixError,
    pub dict: Map<String, Value>,
}

impl<'a> Parts for Dynamic<'a> {
    type Error = dyn MatrixError + 'a;

    fn error(&self) -> &(dyn MatrixError + 'a) {
        self.error
    }

    fn write_message<M: SerializeMap>(
        &self,
        map: &mut M,
        name: &'static str,
    ) -> Result<(), M::Error> {
        match self.dict.get(key::ERROR) {
            Some(message) => map.serialize_entry(name, message),
            None => map.serialize_entry(name, &*self.error.message()),
        }
    }

    fn write_extras<M: SerializeMap, R: Reserved>(&self, map: &mut M) -> Result<(), M::Error> {
        (self.dict.iter())
            .filter(|(name, _)| !key::RESERVED.contains(&name.as_str()))
            .filter(|(name, _)| !R::contains(name))
            .try_for_each(|(name, value)| map.serialize_entry(name, value))
    }
}

/// The map a derived type's extra keys are written through, leaving out `R`'s: an entry
/// whose key is a string (every key the derive writes, a literal) is checked in place, which
/// inlining decides at compile time; any other key by its JSON text, as [`SkipKeys`] does.
struct Extras<'a, M, R> {
    map: &'a mut M,
    /// The entry under way (`serialize_key`, then `serialize_value`) is left out.
    skipping: bool,
    reserved: PhantomData<R>,
}

impl<'a, M, R> Extras<'a, M, R> {
    #[inline(always)]
    fn new(map: &'a mut M) -> Self {
        Extras {
            map,
            skipping: false,
            reserved: PhantomData,
        }
    }
}

impl<M: SerializeMap, R: Reserved> SerializeMap for Extras<'_, M, R> {
    type Ok = ();
    type Error = M::Error;

    #[inline(always)]
    fn serialize_entry<K, V>(&mut self, key: &K, value: &V) -> Result<(), M::Error>
    where
        K: Serialize + ?Sized,
        V: Serialize + ?Sized,
    {
        match key.serialize(StrKeyIn::<R>(PhantomData)) {
            Ok(true) => Ok(()),
            Ok(false) => self.map.serialize_entry(key, value),
            Err(_) => {
                let text = SkipKeys::<M>::key_text(key)?;
                match R::contains(&text) {
                    true => Ok(()),
                    false => self.map.serialize_entry(&text, value),
                }
            }
        }
    }

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), M::Error> {
        let text = SkipKeys::<M>::key_text(key)?;
        self.skipping = R::contains(&text);
        match self.skipping {
            true => Ok(()),
            false => self.map.serialize_key(&text),
        }
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), M::Error> {
        match self.skipping {
            true => Ok(()),
            false => self.map.serialize_value(value),
        }
    }

    fn end(self) -> Result<(), M::Error> {
        Ok(())
    }
}

/// A map that writes every entry under one key: the message entry (`error`) of a derived
/// type's writer, renamed (Zulip's `msg`, an OAuth body's `error_description`).
struct Rename<'a, M> {
    map: &'a mut M,
    name: &'static str,
}

impl<M: SerializeMap> SerializeMap for Rename<'_, M> {
    type Ok = ();
    type Error = M::Error;

    #[inline]
    fn serialize_key<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), M::Error> {
        self.map.serialize_key(self.name)
    }

    #[inline]
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), M::Error> {
        self.map.serialize_value(value)
    }

    #[inline]
    fn serialize_entry<K, V>(&mut self, _: &K, value: &V) -> Result<(), M::Error>
    where
        K: Serialize + ?Sized,
        V: Serialize + ?Sized,
    {
        self.map.serialize_entry(self.name, value)
    }

    fn end(self) -> Result<(), M::Error> {
        Ok(())
    }
}

/// The wire format an answer is written in: Matrix's, or Zulip's or Mastodon's (see
/// [`zulip`](crate::zulip) and [`mastodon`](crate::mastodon)), for the fallbacks and
/// rejections of the `axum` and `actix-web` integrations (`axum::with_dialect_fallbacks`,
/// `Dialect::json_config` and its neighbours for actix-web).
///
/// ```
#[cfg_attr(feature = "axum", doc = "use matrix_error::axum::Dialect;")]
#[cfg_attr(not(feature = "axum"), doc = "use matrix_error::actix_web::Dialect;")]
///
/// assert_eq!(Dialect::default(), Dialect::Matrix);
/// ```
#[cfg(any(feature = "axum", feature = "actix-web"))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// `{"errcode":...,"error":...}`.
    #[default]
    Matrix,
    /// `{"result":"error","msg":...,"code":...}`.
    Zulip,
    /// `{"error":...}`.
    Mastodon,
}

/// The status a response is sent with: an error status (400..=599) as it is, any other 500.
pub(crate) fn error_status(status: u16) -> u16 {
    match status {
        400..=599 => status,
        _ => 500,
    }
}

/// The delay of a retry as seconds: `None` for a date (the time left depends on the clock,
/// which no body writer reads).
pub(crate) fn delay_seconds(retry_after: Option<RetryAfter>) -> Option<f64> {
    match retry_after? {
        RetryAfter::Delay(delay) => Some(delay.as_secs_f64()),
        RetryAfter::DateTime(_) => None,
    }
}

/// `Response<E>` of a dialect's module (feature `http`): the type, `From<E>`, and its answer as
/// an `http::Response`, axum's `IntoResponse` (feature `axum`) and actix-web's `ResponseError`
/// (feature `actix-web`), all from `serve::$answer`.
#[cfg(any(feature = "http", feature = "actix-web"))]
macro_rules! response_type {
    ($answer:ident, $dialect:literal, $module:ident) => {
        /// An error that answers in this dialect: status, body and headers.
        #[doc = concat!("With `?`, a handler's error becomes a `", stringify!($module), "::Response`:")]
        ///
        #[cfg_attr(feature = "http", doc = "```")]
        #[cfg_attr(not(feature = "http"), doc = "```ignore")]
        #[doc = concat!("use matrix_error::{Error, ErrorKind, MatrixError, ", stringify!($module), "};")]
        ///
        #[doc = concat!("fn handler() -> Result<(), ", stringify!($module), "::Response<Error>> {")]
        ///     Err(Error::new(ErrorKind::NotFound, "no such message"))?;
        ///     Ok(())
        /// }
        ///
        /// let response: http::Response<Vec<u8>> = handler().unwrap_err().into();
        /// assert_eq!(response.status(), 404);
        /// assert_eq!(response.headers()["content-type"], "application/json");
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Response<E>(pub E);

        impl<E> From<E> for Response<E> {
            fn from(error: E) -> Self {
                Response(error)
            }
        }

        impl<E: MatrixError> std::fmt::Display for Response<E> {
            /// The message the body carries.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0.message())
            }
        }

        #[cfg(feature = "http")]
        impl<E: MatrixError> From<Response<E>> for ::http::Response<Vec<u8>> {
            fn from(response: Response<E>) -> Self {
                let answer = crate::serve::$answer(&response.0);
                let mut http = ::http::Response::new(answer.body);
                *http.status_mut() = ::http::StatusCode::from_u16(answer.status)
                    .unwrap_or(::http::StatusCode::INTERNAL_SERVER_ERROR);
                for (name, value) in answer.headers {
                    if let Ok(value) = ::http::HeaderValue::try_from(value) {
                        http.headers_mut().append(name, value);
                    }
                }
                http
            }
        }

        #[cfg(feature = "axum")]
        impl<E: MatrixError> ::axum::response::IntoResponse for Response<E> {
            fn into_response(self) -> ::axum::response::Response {
                ::http::Response::<Vec<u8>>::from(self).map(::axum::body::Body::from)
            }
        }

        #[cfg(feature = "actix-web")]
        impl<E: MatrixError + std::fmt::Debug> ::actix_web::ResponseError for Response<E> {
            fn status_code(&self) -> ::actix_web::http::StatusCode {
                let status = crate::serve::$answer(&self.0).status;
                ::actix_web::http::StatusCode::from_u16(status)
                    .unwrap_or(::actix_web::http::StatusCode::INTERNAL_SERVER_ERROR)
            }

            fn error_response(&self) -> ::actix_web::HttpResponse<::actix_web::body::BoxBody> {
                crate::dialect::actix_response(crate::serve::$answer(&self.0))
            }
        }
    };
}

#[cfg(any(feature = "http", feature = "actix-web"))]
pub(crate) use response_type;

/// `Serialize` for a dialect's `Body` (the struct is declared in its module, with its docs):
/// the typed fast path, and a trait object, which has none and is written from its
/// `error_dict`. `$write` writes the dialect's body from the error's [`Parts`].
macro_rules! body_serialize {
    ($write:ident) => {
        impl<E: MatrixError> ::serde::Serialize for Body<'_, E> {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $write(&crate::dialect::Typed(self.0), serializer)
            }
        }

        crate::dialect::body_serialize!(@dyn $write, (), (+ Send), (+ Send + Sync));
    };
    (@dyn $write:ident, $(($($bound:tt)*)),*) => {$(
        impl<'e> ::serde::Serialize for Body<'_, dyn MatrixError $($bound)* + 'e> {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let parts = crate::dialect::Dynamic { error: self.0, dict: self.0.error_dict() };
                $write(&parts, serializer)
            }
        }
    )*};
}

pub(crate) use body_serialize;

/// An [`Answer`](crate::serve::Answer) as actix-web's response.
#[cfg(feature = "actix-web")]
pub(crate) fn actix_response(
    answer: crate::serve::Answer,
) -> ::actix_web::HttpResponse<::actix_web::body::BoxBody> {
    use ::actix_web::http::StatusCode;
    use ::actix_web::http::header::{HeaderName, HeaderValue};
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = ::actix_web::HttpResponse::with_body(status, answer.body);
    for (name, value) in answer.headers {
        if let Ok(value) = HeaderValue::try_from(value) {
            response
                .headers_mut()
                .append(HeaderName::from_static(name), value);
        }
    }
    response.map_into_boxed_body()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_by_the_table() {
        let token = mapping("M_UNKNOWN_TOKEN").unwrap();
        assert_eq!(
            token,
            Mapping {
                zulip_code: Some("INVALID_API_KEY"),
                zulip_status: Some(401),
                mastodon_status: Some(401)
            }
        );
        assert_eq!(
            mapping("M_FORBIDDEN").unwrap().zulip_code,
            Some("BAD_REQUEST")
        );
        assert_eq!(mapping("M_EXCLUSIVE"), None);
        assert_eq!(mapping("m_unknown_token"), None, "codes are exact");
    }
}
