//! Sizes of `ErrorKind` and `Error` as they are, and what boxing rare or large payloads
//! would make of them. The options are measured on copies of the two types' layout (the
//! same payload types, boxed or not), checked against the real types first.

use std::mem::size_of;

use matrix_error::RetryAfter;
use serde_json::{Map, Value};

type Extra = Map<String, Value>;

/// `ErrorKind`'s shape: its unit variants (a few stand for all: the tag takes no room) and
/// every variant with a payload, each payload of the type given.
macro_rules! kind {
    ($name:ident { custom: $custom:ty, user_limit: $user_limit:ty, bad_status: $bad_status:ty }) => {
        #[allow(dead_code)]
        enum $name {
            BadJson,
            Forbidden,
            NotFound,
            Unknown,
            UserLocked,
            LimitExceeded(Option<RetryAfter>),
            ResourceLimitExceeded(String),
            UnknownToken(bool),
            UserLimitExceeded($user_limit),
            IncompatibleRoomVersion(String),
            BadStatus($bad_status),
            WrongRoomKeysVersion(String),
            ConsentNotGiven(String),
            Custom($custom),
        }
    };
}

kind!(AsIs { custom: (String, Extra), user_limit: (String, Option<bool>), bad_status: (Option<u16>, Option<String>) });
kind!(CustomBoxed { custom: Box<(String, Extra)>, user_limit: (String, Option<bool>), bad_status: (Option<u16>, Option<String>) });
kind!(ThreeBoxed { custom: Box<(String, Extra)>, user_limit: Box<(String, Option<bool>)>, bad_status: Box<(Option<u16>, Option<String>)> });

/// `Error`'s shape before its rare parts were boxed, with a kind `K`.
#[allow(dead_code)]
struct ErrorAsIs<K> {
    status: u16,
    kind: K,
    message: String,
    extra: Extra,
    retry_after: Option<RetryAfter>,
}

/// `Error`'s shape as it is, with a kind `K`: what most errors do not have (extra keys, a
/// `Retry-After` beside the kind) in one box.
#[allow(dead_code)]
struct ErrorRareBoxed<K> {
    status: u16,
    kind: K,
    message: String,
    rare: Option<Box<(Extra, Option<RetryAfter>)>>,
}

fn main() {
    let kind = size_of::<matrix_error::ErrorKind>();
    let error = size_of::<matrix_error::Error>();
    assert_eq!(
        size_of::<AsIs>(),
        kind,
        "the copy of ErrorKind's layout is out of date"
    );
    assert_eq!(
        size_of::<ErrorRareBoxed<AsIs>>(),
        error,
        "the copy of Error's layout is out of date"
    );

    println!("size_of (bytes, {}-bit)", usize::BITS);
    println!(
        "  RetryAfter {}, Option<RetryAfter> {}, serde_json::Map {}, String {}",
        size_of::<RetryAfter>(),
        size_of::<Option<RetryAfter>>(),
        size_of::<Extra>(),
        size_of::<String>(),
    );
    println!(
        "{:<58} {:>9} {:>7} {:>18}",
        "ErrorKind layout", "ErrorKind", "Error", "Error, rare inline"
    );
    let rows = [
        (
            "as it is",
            size_of::<AsIs>(),
            size_of::<ErrorRareBoxed<AsIs>>(),
            size_of::<ErrorAsIs<AsIs>>(),
        ),
        (
            "Custom boxed",
            size_of::<CustomBoxed>(),
            size_of::<ErrorRareBoxed<CustomBoxed>>(),
            size_of::<ErrorAsIs<CustomBoxed>>(),
        ),
        (
            "Custom, UserLimitExceeded and BadStatus boxed",
            size_of::<ThreeBoxed>(),
            size_of::<ErrorRareBoxed<ThreeBoxed>>(),
            size_of::<ErrorAsIs<ThreeBoxed>>(),
        ),
    ];
    for (name, kind, error, rare) in rows {
        println!("{name:<58} {kind:>9} {error:>7} {rare:>18}");
    }
    println!(
        "Error keeps its extra keys and a Retry-After in one Option<Box<..>>; \"rare inline\": the layout before"
    );
}
