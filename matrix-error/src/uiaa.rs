//! User-interactive authentication (the spec's "User-interactive authentication API"): the
//! 401 a server answers while an endpoint waits for the client to authenticate, whose body is
//! the auth state instead of an error object.
//!
//! The first challenge has no `errcode` and no `error`:
//!
//! ```json
//! {"flows": [{"stages": ["m.login.password"]}], "params": {}, "session": "xxxxxx"}
//! ```
//!
//! A failed stage adds the stage's `errcode` and `error` (`M_FORBIDDEN`, "Invalid password").
//! [`UiaaInfo`] is both, and a [`MatrixError`] with status 401, so an error enum holds it in a
//! `transparent` variant and serves it like any other error: through [`Body`],
//! `error_dict`, the owned [`Error`] and the framework responses, a first challenge is written
//! without `errcode` and `error`. [`Error::uiaa`] reads it back from a response.
//!
//! ```
//! use matrix_error::uiaa::{AuthFlow, UiaaInfo};
//! use matrix_error::{Body, Error, ErrorKind, MatrixError};
//!
//! #[derive(Debug, thiserror::Error, MatrixError)]
//! enum ApiError {
//!     #[error("you may not delete this device")]
//!     #[matrix(errcode = "M_FORBIDDEN")]
//!     NotYours,
//!     #[error("authentication needed")]
//!     #[matrix(transparent)]
//!     Uiaa(UiaaInfo),
//! }
//!
//! let challenge = UiaaInfo {
//!     flows: vec![AuthFlow { stages: vec!["m.login.password".into()] }],
//!     session: Some("xxxxxx".into()),
//!     ..UiaaInfo::default()
//! };
//! let error = ApiError::Uiaa(challenge.clone());
//! assert_eq!(error.status(), 401);
//! assert_eq!(
//!     serde_json::to_string(&Body(&error)).unwrap(),
//!     r#"{"flows":[{"stages":["m.login.password"]}],"params":{},"session":"xxxxxx"}"#
//! );
//!
//! // The client's side: the auth state of the response.
//! let body = serde_json::to_vec(&Body(&error)).unwrap();
//! let read = Error::from_body(401, &body);
//! assert_eq!(read.uiaa(), Some(challenge.clone()));
//!
//! // A failed stage: the stage's errcode and error, the rest of the state as before.
//! let failed = UiaaInfo {
//!     auth_error: Some(Error::new(ErrorKind::Forbidden, "Invalid password")),
//!     ..challenge
//! };
//! assert_eq!(failed.errcode(), "M_FORBIDDEN");
//! assert_eq!(failed.status(), 401);
//! assert_eq!(
//!     serde_json::to_string(&Body(&failed)).unwrap(),
//!     r#"{"errcode":"M_FORBIDDEN","error":"Invalid password","flows":[{"stages":["m.login.password"]}],"params":{},"session":"xxxxxx"}"#
//! );
//! ```

use std::borrow::Cow;

use serde::de::{self, Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::body::{self, key as body_key};
use crate::{Body, Error, ErrorKind, MatrixError, RetryAfter};

/// The keys of the auth state in the body.
pub(crate) mod key {
    /// The flows of stages the endpoint accepts.
    pub const FLOWS: &str = "flows";
    /// The stages completed so far.
    pub const COMPLETED: &str = "completed";
    /// What the client needs to know for each stage.
    pub const PARAMS: &str = "params";
    /// The session the client passes back.
    pub const SESSION: &str = "session";
    /// Every key of the auth state, which a failed stage's own keys do not repeat.
    pub const ALL: [&str; 4] = [FLOWS, COMPLETED, PARAMS, SESSION];
}

/// The auth state of user-interactive authentication: the body of its 401.
///
/// A [`MatrixError`] with status 401. Without [`auth_error`](UiaaInfo::auth_error) it is a
/// first challenge: its body has no `errcode` and no `error`
/// ([`sends_errcode`](MatrixError::sends_errcode) is `false`), its `errcode()` is
/// `M_UNKNOWN` and its `message()` empty. With one it is a failed stage: the body starts with
/// that error's `errcode` and `error` (and carries its other keys); the status stays 401.
///
/// The body is `flows`, `params` (always, `{}` when empty, as Synapse writes it), `session`
/// (when set) and `completed` (when not empty). `Serialize` writes that body and
/// `Deserialize` reads it (a body without `params` reads as an empty map). Keys the auth
/// state does not define are kept in a failed stage's `auth_error`; a first challenge read
/// from a response keeps them in the [`Error`] it was read into (see [`Error::uiaa`]).
///
/// ```
/// use matrix_error::uiaa::{AuthFlow, UiaaInfo};
///
/// let body = r#"{"flows":[{"stages":["m.login.terms"]}],"params":{"m.login.terms":{"policies":{}}},"session":"kasgjaelkgj"}"#;
/// let info: UiaaInfo = serde_json::from_str(body).unwrap();
/// assert_eq!(info.flows, [AuthFlow { stages: vec!["m.login.terms".into()] }]);
/// assert_eq!(info.session.as_deref(), Some("kasgjaelkgj"));
/// assert!(info.auth_error.is_none());
/// assert_eq!(serde_json::to_string(&info).unwrap(), body);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UiaaInfo {
    /// The flows the endpoint accepts, each a list of stages.
    pub flows: Vec<AuthFlow>,
    /// The stages the client has completed.
    pub completed: Vec<String>,
    /// What the client needs to know to complete a stage, by stage type.
    pub params: Map<String, Value>,
    /// The session the client passes back with each stage.
    pub session: Option<String>,
    /// The error of a failed stage: its errcode and error (and any other key it has). Its
    /// status is not sent: the response's is 401.
    pub auth_error: Option<Error>,
}

/// One flow of user-interactive authentication: the stages that complete it, in order.
///
/// ```
/// use matrix_error::uiaa::AuthFlow;
///
/// let flow = AuthFlow { stages: vec!["m.login.recaptcha".into(), "m.login.email.identity".into()] };
/// assert_eq!(
///     serde_json::to_string(&flow).unwrap(),
///     r#"{"stages":["m.login.recaptcha","m.login.email.identity"]}"#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthFlow {
    /// The stage types (`m.login.password`, ...), in order.
    pub stages: Vec<String>,
}

/// The key of a flow's stages.
const STAGES: &str = "stages";

/// `{"stages": [...]}`.
impl Serialize for AuthFlow {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(STAGES, &self.stages)?;
        map.end()
    }
}

/// `{"stages": [...]}`; `stages` is required, as the spec has it.
impl<'de> Deserialize<'de> for AuthFlow {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut flow = Map::<String, Value>::deserialize(deserializer)?;
        let stages = flow
            .remove(STAGES)
            .ok_or_else(|| de::Error::missing_field(STAGES))?;
        let stages = Vec::<String>::deserialize(stages).map_err(de::Error::custom)?;
        Ok(AuthFlow { stages })
    }
}

/// The status of every user-interactive authentication response.
const STATUS: u16 = 401;

impl MatrixError for UiaaInfo {
    /// The failed stage's errcode, else `M_UNKNOWN` (a first challenge sends none).
    fn errcode(&self) -> &str {
        match &self.auth_error {
            Some(error) => error.errcode(),
            None => ErrorKind::Unknown.errcode(),
        }
    }

    /// 401.
    fn status(&self) -> u16 {
        STATUS
    }

    /// The failed stage's message, else empty.
    fn message(&self) -> Cow<'_, str> {
        match &self.auth_error {
            Some(error) => Cow::Borrowed(error.message()),
            None => Cow::Borrowed(""),
        }
    }

    fn retry_after(&self) -> Option<RetryAfter> {
        self.auth_error.as_ref().and_then(MatrixError::retry_after)
    }

    fn error_dict(&self) -> Map<String, Value> {
        body::error_dict(self)
    }

    /// `false` for a first challenge, `true` for a failed stage.
    fn sends_errcode(&self) -> bool {
        self.auth_error.is_some()
    }

    fn __serialize_errcode<M>(&self, map: &mut M) -> Result<(), M::Error>
    where
        M: SerializeMap,
    {
        match &self.auth_error {
            Some(error) => error.__serialize_errcode(map),
            None => Ok(()),
        }
    }

    fn __serialize_message<M>(&self, map: &mut M) -> Result<(), M::Error>
    where
        M: SerializeMap,
    {
        match &self.auth_error {
            Some(error) => error.__serialize_message(map),
            None => Ok(()),
        }
    }

    fn __serialize_extras<M>(&self, map: &mut M) -> Result<(), M::Error>
    where
        M: SerializeMap,
    {
        map.serialize_entry(key::FLOWS, &self.flows)?;
        map.serialize_entry(key::PARAMS, &self.params)?;
        if let Some(session) = &self.session {
            map.serialize_entry(key::SESSION, session)?;
        }
        if !self.completed.is_empty() {
            map.serialize_entry(key::COMPLETED, &self.completed)?;
        }
        match &self.auth_error {
            Some(error) => error.__serialize_extras(&mut body::SkipKeys::new(map, &key::ALL)),
            None => Ok(()),
        }
    }
}

/// The owned form, as every derived error has it: a first challenge stays without `errcode`.
///
/// ```
/// use matrix_error::uiaa::UiaaInfo;
/// use matrix_error::{Error, MatrixError};
///
/// let error = Error::from(UiaaInfo::default());
/// assert_eq!((error.status(), error.sends_errcode()), (401, false));
/// assert_eq!(error.uiaa(), Some(UiaaInfo::default()));
/// ```
impl From<UiaaInfo> for Error {
    fn from(info: UiaaInfo) -> Error {
        crate::decode::error_from(&info)
    }
}

/// The body: see [`UiaaInfo`].
impl Serialize for UiaaInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Body(self).serialize(serializer)
    }
}

/// The body: `flows` is required, the other keys of the auth state optional; a string
/// `errcode` makes it a failed stage, whose `auth_error` keeps every other key.
impl<'de> Deserialize<'de> for UiaaInfo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut body = Map::<String, Value>::deserialize(deserializer)?;
        let info = UiaaInfo::take_from(&mut body).map_err(de::Error::custom)?;
        let auth_error = match body.remove(body_key::ERRCODE) {
            Some(Value::String(errcode)) => {
                let message = match body.remove(body_key::ERROR) {
                    Some(Value::String(message)) => message,
                    Some(Value::Null) | None => String::new(),
                    Some(other) => other.to_string(),
                };
                let kind = ErrorKind::from_parts(&errcode, &mut body);
                Some(Error::from_decoded(STATUS, kind, message, Some(body), None))
            }
            Some(_) => return Err(de::Error::custom("a non-string errcode")),
            None => None,
        };
        Ok(UiaaInfo { auth_error, ..info })
    }
}

impl UiaaInfo {
    /// The auth state's keys, taken out of `body`; an error when `flows` is missing or a key
    /// has the wrong type.
    fn take_from(body: &mut Map<String, Value>) -> Result<UiaaInfo, String> {
        fn take<T: serde::de::DeserializeOwned + Default>(
            body: &mut Map<String, Value>,
            name: &str,
            required: bool,
        ) -> Result<T, String> {
            match body.remove(name) {
                Some(value) => serde_json::from_value(value)
                    .map_err(|error| format!("`{name}` of user-interactive auth: {error}")),
                None if required => Err(format!("missing field `{name}`")),
                None => Ok(T::default()),
            }
        }
        Ok(UiaaInfo {
            flows: take(body, key::FLOWS, true)?,
            completed: take(body, key::COMPLETED, false)?,
            params: take(body, key::PARAMS, false)?,
            session: take(body, key::SESSION, false)?,
            auth_error: None,
        })
    }
}

impl Error {
    /// The auth state of a 401 whose body carries a `flows` array of the spec's types, without
    /// its error: what [`uiaa`](Error::uiaa) reads, and what makes the
    /// [`category`](Error::category) [`InteractiveAuth`](crate::Category::InteractiveAuth).
    /// Costs a look at the status for any other error.
    pub(crate) fn auth_state(&self) -> Option<UiaaInfo> {
        if self.status() != STATUS || !self.body_key(key::FLOWS).is_some_and(Value::is_array) {
            return None;
        }
        let mut state: Map<String, Value> = key::ALL
            .iter()
            .filter_map(|name| Some(((*name).to_owned(), self.body_key(name)?.clone())))
            .collect();
        UiaaInfo::take_from(&mut state).ok()
    }

    /// The auth state of user-interactive authentication, for a 401 whose body carries a
    /// `flows` array: a first challenge (no `errcode`) or a failed stage (the stage's
    /// errcode, in [`auth_error`](UiaaInfo::auth_error) with every key the auth state does
    /// not define). `None` for any other error, and for a body whose auth state does not
    /// have the spec's types (`flows` not a list of `{"stages": [...]}`, ...); the error
    /// keeps that body as it came either way.
    ///
    /// ```
    /// use matrix_error::{Error, ErrorKind};
    ///
    /// // The spec's failed stage (client-server API, "User-interactive authentication API").
    /// let body = br#"{"errcode":"M_FORBIDDEN","error":"Invalid password","completed":["example.type.foo"],"flows":[{"stages":["example.type.foo","example.type.bar"]},{"stages":["example.type.foo","example.type.baz"]}],"params":{"example.type.baz":{"example_key":"foobar"}},"session":"xxxxxx"}"#;
    /// let error = Error::from_body(401, body);
    /// let info = error.uiaa().unwrap();
    /// assert_eq!(info.completed, ["example.type.foo"]);
    /// assert_eq!(info.auth_error.unwrap().kind(), &ErrorKind::Forbidden);
    ///
    /// assert_eq!(Error::new(ErrorKind::Forbidden, "no").uiaa(), None);
    /// ```
    pub fn uiaa(&self) -> Option<UiaaInfo> {
        let info = self.auth_state()?;
        if !self.sends_errcode() {
            return Some(info);
        }
        let mut auth_error = self.clone();
        auth_error.remove_keys(&key::ALL);
        Some(UiaaInfo {
            auth_error: Some(auth_error),
            ..info
        })
    }
}
