//! Feature `tracing`: every error the HTTP integrations answer emits one event, which a
//! capturing subscriber (written here, on `tracing`'s own `Subscriber` trait) records. A 5xx
//! is logged at error level with what redaction hides from the client: the `Display` text
//! and the `source()` chain; a 4xx at debug level.

use std::fmt;
use std::sync::{Arc, Mutex};

use matrix_error::{Error, ErrorKind, MatrixError};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// One recorded event: its level, target and fields, each as text; an error field as its
/// `source()` chain too.
#[derive(Debug, Clone, PartialEq)]
struct Captured {
    level: Level,
    target: String,
    fields: Vec<(String, String)>,
    /// The error fields: each error's text, then its sources' texts.
    chains: Vec<(String, Vec<String>)>,
}

impl Captured {
    fn field(&self, name: &str) -> Option<&str> {
        (self.fields.iter())
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }
}

/// A subscriber that keeps every event.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Captured>>>);

impl Capture {
    /// The events `run` emits on this thread.
    fn events(run: impl FnOnce()) -> Vec<Captured> {
        let capture = Capture::default();
        tracing::subscriber::with_default(capture.clone(), run);
        capture.0.lock().unwrap().clone()
    }
}

struct Fields<'a>(&'a mut Captured);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        (self.0.fields).push((field.name().to_owned(), format!("{value:?}")));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        (self.0.fields).push((field.name().to_owned(), value.to_owned()));
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        let mut chain = Vec::new();
        let mut next = value.source();
        while let Some(source) = next {
            chain.push(source.to_string());
            next = source.source();
        }
        (self.0.fields).push((field.name().to_owned(), value.to_string()));
        (self.0.chains).push((field.name().to_owned(), chain));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut captured = Captured {
            level: *event.metadata().level(),
            target: event.metadata().target().to_owned(),
            fields: Vec::new(),
            chains: Vec::new(),
        };
        event.record(&mut Fields(&mut captured));
        self.0.lock().unwrap().push(captured);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// A database failure with a cause of its own: two levels of `source()`.
#[derive(Debug, thiserror::Error)]
#[error("query failed on db01.internal:5432")]
struct QueryFailed(#[source] std::io::Error);

#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(axum, actix_web)]
enum ApiError {
    #[error("database: {0}")]
    #[matrix(errcode = "M_UNKNOWN", status = 500)]
    Db(#[source] QueryFailed),

    #[error("you may not post in {0}")]
    #[matrix(errcode = "M_FORBIDDEN")]
    NotAllowed(String),
}

fn db_error() -> ApiError {
    ApiError::Db(QueryFailed(std::io::Error::other("connection refused")))
}

/// A hand-written impl, with no `Display`: its message is what is logged.
struct HandWritten;

impl MatrixError for HandWritten {
    fn errcode(&self) -> &str {
        "M_UNKNOWN"
    }
    fn status(&self) -> u16 {
        503
    }
    fn message(&self) -> std::borrow::Cow<'_, str> {
        "overloaded".into()
    }
    fn error_dict(&self) -> serde_json::Map<String, serde_json::Value> {
        matrix_error::Error::new(ErrorKind::Unknown, "overloaded").error_dict()
    }
}

/// What the 5xx event of `db_error()` must hold, whichever integration answered.
fn assert_db_event(events: &[Captured]) {
    assert_eq!(events.len(), 1, "{events:#?}");
    let event = &events[0];
    assert_eq!(event.level, Level::ERROR);
    assert_eq!(event.target, "matrix_error");
    assert_eq!(event.field("message"), Some("error response"));
    assert_eq!(event.field("status"), Some("500"));
    assert_eq!(event.field("errcode"), Some("M_UNKNOWN"));
    assert_eq!(
        event.field("error"),
        Some("database: query failed on db01.internal:5432")
    );
    assert_eq!(
        event.field("source"),
        Some("query failed on db01.internal:5432")
    );
    assert_eq!(
        event.chains,
        vec![("source".to_owned(), vec!["connection refused".to_owned()])]
    );
}

#[test]
fn a_5xx_is_logged_at_error_level_with_what_the_client_does_not_see() {
    let events = Capture::events(|| {
        let response = matrix_error::http::response(&db_error());
        assert_eq!(
            response.body(),
            br#"{"errcode":"M_UNKNOWN","error":"Internal server error"}"#
        );
    });
    assert_db_event(&events);
}

#[test]
fn axum_and_actix_web_responses_log_the_same_event() {
    use actix_web::ResponseError;
    use axum::response::IntoResponse;

    assert_db_event(&Capture::events(|| {
        assert_eq!(db_error().into_response().status(), 500);
    }));
    assert_db_event(&Capture::events(|| {
        assert_eq!(db_error().error_response().status(), 500);
    }));
    // Boxed, and behind `dyn MatrixError`: the same.
    assert_db_event(&Capture::events(|| {
        let boxed: Box<dyn MatrixError + Send> = Box::new(db_error());
        assert_eq!(boxed.into_response().status(), 500);
    }));
}

#[test]
fn a_4xx_is_logged_at_debug_level() {
    let events = Capture::events(|| {
        matrix_error::http::response(&ApiError::NotAllowed("!r:example.org".into()));
    });
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(event.level, Level::DEBUG);
    assert_eq!(
        (event.field("status"), event.field("errcode")),
        (Some("403"), Some("M_FORBIDDEN"))
    );
    assert_eq!(
        event.field("error"),
        Some("you may not post in !r:example.org")
    );
    assert_eq!(event.field("source"), None, "no source, no field");
}

#[test]
fn the_owned_error_a_rejection_and_a_hand_written_impl() {
    use axum::extract::FromRequest;
    use axum::response::IntoResponse;
    use matrix_error::axum::Json;

    // The owned `Error` is a `std::error::Error`: its Display text.
    let events = Capture::events(|| {
        let _ = Error::new(ErrorKind::Unknown, "disk full").into_response();
    });
    assert_eq!(events[0].level, Level::ERROR);
    assert_eq!(events[0].field("error"), Some("M_UNKNOWN (500): disk full"));

    // A rejection of the JSON extractor: a 400, at debug level.
    let events = Capture::events(|| {
        let request = axum::http::Request::post("/")
            .body(axum::body::Body::from("{"))
            .unwrap();
        let rejection =
            block_on(Json::<serde_json::Value>::from_request(request, &())).unwrap_err();
        let _ = rejection.into_response();
    });
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].level, Level::DEBUG);
    assert_eq!(events[0].field("errcode"), Some("M_NOT_JSON"));

    // A hand-written impl without `Display`: its message, at error level for its 503.
    let events = Capture::events(|| {
        matrix_error::http::response(&HandWritten);
    });
    assert_eq!(events[0].level, Level::ERROR);
    assert_eq!(
        (events[0].field("status"), events[0].field("error")),
        (Some("503"), Some("overloaded"))
    );
}

/// A status that is no error status is answered, and logged, as the 500 it is sent as.
#[test]
fn the_status_logged_is_the_status_sent() {
    let events = Capture::events(|| {
        matrix_error::http::response(&Error::new(ErrorKind::Unknown, "odd").with_status(200));
    });
    assert_eq!(events[0].level, Level::ERROR);
    assert_eq!(events[0].field("status"), Some("500"));
    // The probe the derive uses: only a type that is a `std::error::Error` gives itself.
    assert!(db_error().__as_error().is_some());
    assert!(HandWritten.__as_error().is_none());
    assert_eq!(
        db_error()
            .__as_error()
            .and_then(|error| error.source())
            .map(ToString::to_string),
        Some("query failed on db01.internal:5432".to_owned())
    );
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let waker = std::task::Waker::noop();
    match future
        .as_mut()
        .poll(&mut std::task::Context::from_waker(waker))
    {
        std::task::Poll::Ready(output) => output,
        std::task::Poll::Pending => panic!("the future is not ready"),
    }
}

/// A generic derived type: its `MatrixError` impl is written once for every `E`, so its
/// `Display` text is logged where the impl's bounds make it a `std::error::Error` (here the
/// type's own `E: Error` does), and its `message()` where they do not (the README says so).
#[derive(Debug, thiserror::Error, MatrixError)]
enum Generic<E: std::error::Error + 'static> {
    #[error("upstream: {0}")]
    #[matrix(errcode = "M_UNKNOWN", status = 502)]
    Upstream(#[source] E),
}

/// `E` has no bound: thiserror's `Error` impl needs `E: Debug`, which the derived impl
/// does not know.
#[derive(Debug, thiserror::Error, MatrixError)]
enum Unbounded<E> {
    #[error("upstream: {0}")]
    #[matrix(errcode = "M_UNKNOWN", status = 502)]
    Upstream(E),
}

#[test]
fn a_generic_type_logs_its_display_text_where_its_bounds_make_it_an_error() {
    let error = Generic::Upstream(std::io::Error::other("reset"));
    let events = Capture::events(|| {
        matrix_error::http::response(&error);
    });
    assert_eq!(events[0].field("error"), Some("upstream: reset"));
    assert_eq!(events[0].field("source"), Some("reset"));

    let error = Unbounded::Upstream("reset");
    let events = Capture::events(|| {
        matrix_error::http::response(&error);
    });
    assert_eq!(events[0].field("error"), Some("Internal server error"));
    assert!(error.__as_error().is_none());
}
