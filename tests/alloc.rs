//! Writing a body with `Body(&e)` allocates nothing: into a buffer with room for it, every
//! variant below, literal message or formatted, is serialized with zero allocations. Reading
//! one frees all it allocates.
//!
//! A counting global allocator counts the allocations (and the bytes live) of the current
//! thread only, so the tests of this file may run in parallel.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::time::Duration;

use matrix_error::{Body, Error, ErrorKind, MatrixError};
use serde::Serialize;
use serde_json::json;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    /// Bytes allocated less bytes freed.
    static LIVE_BYTES: Cell<isize> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with`: an allocation while the thread is being torn down is not counted.
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
}

fn count_bytes(bytes: isize) {
    let _ = LIVE_BYTES.try_with(|live| live.set(live.get() + bytes));
}

// SAFETY: every call is passed on to `System` unchanged; counting touches a thread-local
// `Cell` that needs no allocation (const-initialised, no destructor).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        count_bytes(layout.size() as isize);
        // SAFETY: the caller's guarantees for `layout` are passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        count_bytes(layout.size() as isize);
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        count_bytes(new_size as isize - layout.size() as isize);
        // SAFETY: `ptr` was allocated by `System` through this allocator with `layout`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count_bytes(-(layout.size() as isize));
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_in(run: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    run();
    ALLOCATIONS.with(Cell::get) - before
}

/// The body of `error` written into a buffer reserved beforehand, with the number of
/// allocations the writing made.
fn body_and_allocations<E: MatrixError>(error: &E) -> (serde_json::Value, usize) {
    let mut buf = Vec::with_capacity(4096);
    let count = allocations_in(|| {
        serde_json::to_writer(&mut buf, &Body(error)).expect("the body serializes");
    });
    let body = serde_json::from_slice(&buf).expect("the body is JSON");
    (body, count)
}

#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(namespace = "com.example.chat")]
enum Literal {
    #[error("you are not invited")]
    #[matrix(errcode = "M_FORBIDDEN")]
    Unit,

    #[error("no such room")]
    #[matrix(errcode = "M_NOT_FOUND")]
    Field {
        #[matrix(field)]
        room_id: String,
        #[matrix(field)]
        via: Option<String>,
    },

    #[error("quota reached")]
    #[matrix(errcode = "QUOTA_EXCEEDED", status = 403)]
    Namespaced {
        #[matrix(field)]
        limit: u32,
    },

    #[error("slow down")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    Retry {
        #[matrix(retry_after)]
        wait: Duration,
    },

    #[error("locked")]
    #[matrix(errcode = "M_USER_LOCKED", extra(soft_logout = true))]
    Constant,

    #[matrix(errcode = "M_BAD_JSON", message = "bad JSON")]
    #[error("the body had a syntax error")]
    Message,
}

#[test]
fn literal_messages_allocate_nothing() {
    let cases = [
        (
            Literal::Unit,
            json!({"errcode": "M_FORBIDDEN", "error": "you are not invited"}),
        ),
        (
            Literal::Field {
                room_id: "!r:example.org".to_owned(),
                via: None,
            },
            json!({"errcode": "M_NOT_FOUND", "error": "no such room", "room_id": "!r:example.org"}),
        ),
        (
            Literal::Field {
                room_id: "!r:example.org".to_owned(),
                via: Some("example.org".to_owned()),
            },
            json!({"errcode": "M_NOT_FOUND", "error": "no such room", "room_id": "!r:example.org", "via": "example.org"}),
        ),
        (
            Literal::Namespaced { limit: 10 },
            json!({"errcode": "COM.EXAMPLE.CHAT_QUOTA_EXCEEDED", "error": "quota reached", "limit": 10}),
        ),
        (
            Literal::Retry {
                wait: Duration::from_millis(2500),
            },
            json!({"errcode": "M_LIMIT_EXCEEDED", "error": "slow down", "retry_after_ms": 2500}),
        ),
        (
            Literal::Constant,
            json!({"errcode": "M_USER_LOCKED", "error": "locked", "soft_logout": true}),
        ),
        (
            Literal::Message,
            json!({"errcode": "M_BAD_JSON", "error": "bad JSON"}),
        ),
    ];
    for (error, expected) in cases {
        let (body, allocations) = body_and_allocations(&error);
        assert_eq!(body, expected);
        assert_eq!(allocations, 0, "{error:?}");
    }
}

#[derive(Debug, thiserror::Error, MatrixError)]
enum Formatted {
    #[error("you may not post in {room} ({0} tries)", room = .1)]
    #[matrix(errcode = "M_FORBIDDEN")]
    Display(u32, String),

    #[error("quota")]
    #[matrix(errcode = "M_TOO_LARGE", message = "at most {limit} bytes, got {got}")]
    Template {
        #[matrix(field)]
        limit: u64,
        got: u64,
    },

    #[error("database: {0}")]
    #[matrix(errcode = "M_UNKNOWN", status = 500)]
    Redacted(String),

    #[error("upstream {0}")]
    #[matrix(errcode = "M_UNKNOWN", status = 502, expose)]
    Exposed(String),

    #[error("proxied")]
    #[matrix(errcode = "M_UNKNOWN")]
    ByStatus {
        #[matrix(status)]
        status: u16,
    },
}

/// A formatted message is written into the buffer piece by piece (`collect_str`): it needs
/// no `String` either.
#[test]
fn formatted_messages_allocate_nothing() {
    let cases = [
        (
            Formatted::Display(3, "!r:example.org".to_owned()),
            "you may not post in !r:example.org (3 tries)",
        ),
        (
            Formatted::Template { limit: 10, got: 12 },
            "at most 10 bytes, got 12",
        ),
        (
            Formatted::Redacted("disk on fire".to_owned()),
            "Internal server error",
        ),
        (
            Formatted::Exposed("timed out".to_owned()),
            "upstream timed out",
        ),
        (Formatted::ByStatus { status: 503 }, "Internal server error"),
        (Formatted::ByStatus { status: 404 }, "proxied"),
    ];
    for (error, message) in cases {
        let (body, allocations) = body_and_allocations(&error);
        assert_eq!(body["error"], message);
        assert_eq!(allocations, 0, "{error:?}");
    }
}

#[derive(Debug, Serialize)]
struct Details {
    first: u32,
    second: &'static str,
}

#[derive(Debug, thiserror::Error, MatrixError)]
#[error("detailed")]
#[matrix(errcode = "COM.EXAMPLE_DETAILED", status = 400)]
struct Flattened<T: Serialize> {
    #[matrix(flatten)]
    details: T,
}

#[derive(Debug, thiserror::Error, MatrixError)]
#[error("two")]
#[matrix(errcode = "COM.EXAMPLE_TWO", status = 400)]
struct TwoFlattened<A: Serialize, B: Serialize> {
    #[matrix(flatten)]
    first: A,
    #[matrix(flatten)]
    second: B,
}

/// A second `flatten` field leaves out the first one's keys by asking the first whether it
/// writes each key: no copy, no set of keys written.
#[test]
fn a_second_flattened_field_allocates_nothing() {
    let error = TwoFlattened {
        first: Details {
            first: 1,
            second: "a",
        },
        second: BTreeMap::from([("second", "b"), ("third", "c")]),
    };
    let (body, allocations) = body_and_allocations(&error);
    assert_eq!(
        body,
        json!({"errcode": "COM.EXAMPLE_TWO", "error": "two", "first": 1, "second": "a", "third": "c"})
    );
    assert_eq!(allocations, 0);
}

/// A flattened struct or map, the owned [`Error`] and its [`ErrorKind::Custom`] (whose keys
/// are such a map): their keys are written as they are, without a copy.
#[test]
fn flattened_keys_and_the_owned_error_allocate_nothing() {
    let (body, allocations) = body_and_allocations(&Flattened {
        details: Details {
            first: 1,
            second: "b",
        },
    });
    assert_eq!(body["second"], "b");
    assert_eq!(allocations, 0, "a flattened struct");

    let map = BTreeMap::from([("first", 1), ("errcode", 2), ("third", 3)]);
    let (body, allocations) = body_and_allocations(&Flattened { details: map });
    assert_eq!(
        body,
        json!({"errcode": "COM.EXAMPLE_DETAILED", "error": "detailed", "first": 1, "third": 3})
    );
    assert_eq!(allocations, 0, "a flattened map");

    let owned = Error::from(Literal::Field {
        room_id: "!r:example.org".to_owned(),
        via: Some("example.org".to_owned()),
    });
    let (body, allocations) = body_and_allocations(&owned);
    assert_eq!(body["via"], "example.org");
    assert_eq!(allocations, 0, "an owned Error with extra keys");

    let custom = Error::new(
        ErrorKind::Custom {
            errcode: "COM.EXAMPLE_QUOTA".to_owned(),
            extra: json!({"limit": 10, "used": 10})
                .as_object()
                .unwrap()
                .clone(),
        },
        "quota reached",
    );
    let (body, allocations) = body_and_allocations(&custom);
    assert_eq!(body["used"], 10);
    assert_eq!(allocations, 0, "ErrorKind::Custom");

    let limited = Error::new(
        ErrorKind::LimitExceeded {
            retry_after: Some(Duration::from_secs(2).into()),
        },
        "slow down",
    );
    let (body, allocations) = body_and_allocations(&limited);
    assert_eq!(body["retry_after_ms"], 2000);
    assert_eq!(allocations, 0, "ErrorKind::LimitExceeded");
}

#[derive(Debug, thiserror::Error, MatrixError)]
enum Kinded {
    /// The catch-all of a server: the kind's errcode, keys and status, a literal message.
    #[error("{1}")]
    Request(#[matrix(kind)] ErrorKind, &'static str),

    /// The variant's own key beside the kind's: the kind's keys pass through a filter.
    #[error("slow down")]
    #[matrix(extra(scope = "room"))]
    Scoped(#[matrix(kind)] ErrorKind),
}

/// A `kind` variant writes the kind's errcode and keys straight to the serializer too: no
/// allocation for a literal message (and none for the kind's status, known at run time).
#[test]
fn kind_variants_allocate_nothing() {
    let cases = [
        (
            Kinded::Request(ErrorKind::Forbidden, "you are not invited"),
            json!({"errcode": "M_FORBIDDEN", "error": "you are not invited"}),
        ),
        (
            Kinded::Request(
                ErrorKind::LimitExceeded {
                    retry_after: Some(Duration::from_millis(2500).into()),
                },
                "slow down",
            ),
            json!({"errcode": "M_LIMIT_EXCEEDED", "error": "slow down", "retry_after_ms": 2500}),
        ),
        (
            Kinded::Request(ErrorKind::Unknown, "db01 is down"),
            json!({"errcode": "M_UNKNOWN", "error": "Internal server error"}),
        ),
        (
            Kinded::Scoped(ErrorKind::UnknownToken { soft_logout: true }),
            json!({"errcode": "M_UNKNOWN_TOKEN", "error": "slow down", "scope": "room", "soft_logout": true}),
        ),
    ];
    for (error, expected) in cases {
        let (body, allocations) = body_and_allocations(&error);
        assert_eq!(body, expected);
        assert_eq!(allocations, 0, "{error:?}");
    }
}

/// The counter counts: what the fast path avoids is seen here. `error_dict` builds a map
/// (one allocation per key and per string at least), and so does the body of a trait
/// object, which has no fast path.
#[test]
fn the_counter_sees_allocations() {
    assert_eq!(allocations_in(|| drop(String::from("a"))), 1);

    let error = Literal::Namespaced { limit: 10 };
    assert!(allocations_in(|| drop(error.error_dict())) >= 3);
    let dynamic: &dyn MatrixError = &error;
    let mut buf = Vec::with_capacity(4096);
    let allocations = allocations_in(|| serde_json::to_writer(&mut buf, &Body(dynamic)).unwrap());
    assert!(allocations >= 3, "{allocations}");
}

/// The bytes `run` leaves allocated.
fn live_bytes_after(run: impl FnOnce()) -> isize {
    let before = LIVE_BYTES.with(Cell::get);
    run();
    LIVE_BYTES.with(Cell::get) - before
}

/// Reading a body frees everything it allocated, whatever becomes of the keys the standard
/// kinds read (each held in a slot of its own, which the reader drops itself): taken by the
/// kind, kept beside it, or dropped when the rest of the body turns out not to be JSON.
#[test]
fn reading_frees_all_it_allocates() {
    let bodies: &[&[u8]] = &[
        br#"{"errcode":"M_INCOMPATIBLE_ROOM_VERSION","error":"no","room_version":"11"}"#,
        br#"{"errcode":"M_FORBIDDEN","error":"no","room_version":"11","soft_logout":{"a":[1]}}"#,
        br#"{"errcode":"M_UNKNOWN_TOKEN","error":"no","soft_logout":"yes"}"#,
        br#"{"errcode":"ORG.MATRIX.MSC4155.INVITE_BLOCKED","error":"no","sender":"@a:b"}"#,
        br#"{"errcode":"M_LIMIT_EXCEEDED","room_version":"11","sender":"@a:b","admin_contact":"x","#,
        br#"{"errcode":"COM.EXAMPLE_X","consent_uri":["a"],"sender":"@a:b","other":{"b":2}}"#,
    ];
    for body in bodies {
        let live = live_bytes_after(|| drop(Error::from_body(400, body)));
        assert_eq!(live, 0, "{}", String::from_utf8_lossy(body));
    }
    // The counter sees what is kept.
    let kept = Error::from_body(400, bodies[0]);
    assert!(live_bytes_after(|| drop(kept)) < 0);
}

/// `zulip::Body` and `mastodon::Body` allocate nothing either: literal and formatted
/// messages, extra keys, a rate limit's `retry-after`, an OAuth body, the owned `Error` with
/// the dialect keys of its type, an `ORG.IETF.OAUTH_` errcode written in lower case.
#[test]
fn the_dialects_bodies_allocate_nothing() {
    use matrix_error::{mastodon, zulip};

    #[derive(Debug, thiserror::Error, MatrixError)]
    enum Dialects {
        #[error("grant expired for {client}")]
        #[matrix(
            errcode = "M_FORBIDDEN",
            mastodon(oauth = "invalid_grant"),
            zulip(code = "BAD_NARROW")
        )]
        Grant { client: String },
    }

    fn count<T: Serialize>(body: T) -> usize {
        let mut buf = Vec::with_capacity(4096);
        allocations_in(|| serde_json::to_writer(&mut buf, &body).expect("the body serializes"))
    }
    let literal = [
        Literal::Unit,
        Literal::Field {
            room_id: "!r:example.org".to_owned(),
            via: Some("example.org".to_owned()),
        },
        Literal::Namespaced { limit: 7 },
        Literal::Retry {
            wait: Duration::from_millis(1500),
        },
        Literal::Constant,
        Literal::Message,
    ];
    for error in &literal {
        assert_eq!(count(zulip::Body(error)), 0, "zulip {error:?}");
        assert_eq!(count(mastodon::Body(error)), 0, "mastodon {error:?}");
    }
    let grant = Dialects::Grant {
        client: "bot".to_owned(),
    };
    assert_eq!(count(zulip::Body(&grant)), 0);
    assert_eq!(count(mastodon::Body(&grant)), 0);
    let owned = Error::from(Dialects::Grant {
        client: "bot".to_owned(),
    });
    assert_eq!(count(zulip::Body(&owned)), 0);
    assert_eq!(count(mastodon::Body(&owned)), 0);
    let oauth = Error::new(
        ErrorKind::Custom {
            errcode: "ORG.IETF.OAUTH_INVALID_GRANT".to_owned(),
            extra: Default::default(),
        },
        "expired",
    );
    assert_eq!(count(mastodon::Body(&oauth)), 0);
    let mut buf = Vec::new();
    serde_json::to_writer(&mut buf, &mastodon::Body(&oauth)).unwrap();
    assert_eq!(
        buf,
        br#"{"error":"invalid_grant","error_description":"expired"}"#
    );
}
