//! Every item of the runtime crate that the generated code names, one function each, so that
//! renaming one in the runtime is one edit here. The paths start at the runtime crate's path
//! (`::matrix_error`, or `crate = "..."`).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The runtime crate, at its path.
pub(crate) struct Runtime {
    krate: syn::Path,
}

macro_rules! items {
    ($($(#[$doc:meta])* $name:ident => $($path:tt)::+;)*) => {
        // Each function is named after its item (`error_from`, `decode_body`).
        #[allow(clippy::wrong_self_convention)]
        impl Runtime {
            $(
                $(#[$doc])*
                pub(crate) fn $name(&self) -> TokenStream {
                    let krate = &self.krate;
                    quote!(#krate $(::$path)+)
                }
            )*
        }
    };
}

items! {
    // The public API.
    /// The trait.
    matrix_error => MatrixError;
    retry_after => RetryAfter;
    /// The owned error.
    error => Error;
    /// `TryFrom<&Error>`'s error.
    mismatch => Mismatch;
    /// The type of `ERRORS`' entries.
    error_info => listing::ErrorInfo;
    /// The module of `ERRORS`' types, `MessageInfo` and `KeyKind` among them.
    listing => listing;
    /// The functions `ERRORS`' entries are built with: `entry`, `key`.
    listing_build => __private::listing;
    /// The macros that write the integrations' impls (`#[matrix(axum)]`, ...).
    impl_axum => __impl_axum;
    impl_actix_web => __impl_actix_web;
    impl_ruma => __impl_ruma;

    // `__private`: what only generated code calls.
    cow => __private::Cow;
    map => __private::Map;
    value => __private::Value;
    serialize_map => __private::SerializeMap;
    deserialize_owned => __private::DeserializeOwned;
    format => __private::format;
    to_string => __private::ToString;
    redacted => __private::REDACTED;
    error_dict => __private::error_dict;
    error_from => __private::error_from;
    try_from_error => __private::try_from_error;
    write_message => __private::write_message;
    /// The trait of `field` and `flatten` fields: `__write_field`, `__write_flatten`.
    field_value => __private::FieldValue;
    write_retry_after => __private::write_retry_after;
    /// The map the keys of a `kind` field are written through after the variant's own:
    /// `SkipKeys::new(map, skip)`.
    skip_keys => __private::SkipKeys;
    /// The trait of `errcode` fields: `errcode`.
    errcode_field => __private::ErrcodeField;
    /// The trait of `retry_after` fields: `retry_after`, `decode_retry_after`.
    retry_after_field => __private::RetryAfterField;
    /// The trait of `status` fields: `status_code`.
    status_field => __private::StatusField;
    /// The trait `parse` implements: `KEYS`, `key_index`, `decode`.
    decode_body => __private::DecodeBody;
    /// The body's keys, the input of `decode`.
    body_keys => __private::BodyKeys;
    /// A decoded field: `FromKey`, `Absent`, ..., `take`.
    decoded => __private::Decoded;
    decode_field => __private::decode_field;
    decode_field_or_default => __private::decode_field_or_default;
    /// The decoder of a `flatten` field, `Flatten::<T>::NEW`, and the two traits whose
    /// `decode` method resolution picks between (a map moved, any other type a copy).
    flatten => __private::Flatten;
    flatten_any => __private::FlattenAny;
    flatten_map => __private::FlattenMap;
    constant_matches => __private::constant_matches;
    /// Takes a constant's key out where the body has the constant's value.
    take_constant => __private::take_constant;
    /// Called by a variant read from an alias of its code (an unstable form in the table).
    mark_alias => __private::mark_alias;
    /// `__as_error`: the probe and the two traits whose method resolution picks `Some(self)`
    /// for a `std::error::Error`, else `None`.
    as_error => __private::AsError;
    as_error_if_error => __private::AsErrorIfError;
    as_error_else_none => __private::AsErrorElseNone;
    /// A variant's dialect keys, resolved (`__dialects`).
    dialects => __private::Dialects;
}

/// The methods of `MatrixError` that a `transparent` variant delegates, by name.
#[derive(Clone, Copy)]
pub(crate) enum Method {
    Errcode,
    Status,
    Message,
    RetryAfter,
    SendsErrcode,
    SerializeErrcode,
    SerializeMessage,
    SerializeExtras,
    Dialects,
}

impl Method {
    pub(crate) const ALL: [Method; 9] = [
        Method::Errcode,
        Method::Status,
        Method::Message,
        Method::RetryAfter,
        Method::SendsErrcode,
        Method::SerializeErrcode,
        Method::SerializeMessage,
        Method::SerializeExtras,
        Method::Dialects,
    ];

    pub(crate) fn name(self) -> Ident {
        let name = match self {
            Method::Errcode => "errcode",
            Method::Status => "status",
            Method::Message => "message",
            Method::RetryAfter => "retry_after",
            Method::SendsErrcode => "sends_errcode",
            Method::Dialects => "__dialects",
            Method::SerializeErrcode => return Runtime::serialize_errcode_method(),
            Method::SerializeMessage => return Runtime::serialize_message_method(),
            Method::SerializeExtras => return Runtime::serialize_extras_method(),
        };
        Ident::new(name, Span::call_site())
    }

    /// Whether it takes the serializer's map, `__map`.
    pub(crate) fn takes_map(self) -> bool {
        match self {
            Method::SerializeErrcode | Method::SerializeMessage | Method::SerializeExtras => true,
            Method::Errcode
            | Method::Status
            | Method::Message
            | Method::RetryAfter
            | Method::SendsErrcode
            | Method::Dialects => false,
        }
    }
}

impl Runtime {
    pub(crate) fn new(krate: syn::Path) -> Self {
        Runtime { krate }
    }

    /// The type of `error_dict`: a JSON map.
    pub(crate) fn json_map(&self) -> TokenStream {
        let (map, value) = (self.map(), self.value());
        quote!(#map<::std::string::String, #value>)
    }

    /// The hidden method of `MatrixError` that writes the body's `errcode` entry.
    pub(crate) fn serialize_errcode_method() -> Ident {
        Ident::new("__serialize_errcode", Span::call_site())
    }

    /// The hidden method of `MatrixError` that writes the body's `error` entry.
    pub(crate) fn serialize_message_method() -> Ident {
        Ident::new("__serialize_message", Span::call_site())
    }

    /// The hidden method of `MatrixError` that writes the body's other entries.
    pub(crate) fn serialize_extras_method() -> Ident {
        Ident::new("__serialize_extras", Span::call_site())
    }
}

/// The names `ERRORS` is built with (see `listing`), imported by [`Build::import`].
pub(crate) struct Build;

impl Build {
    /// The imports the names below need: `entry`, `with_dialects` and `key` of
    /// `__private::listing`, and the public `MessageInfo` and `KeyKind`.
    pub(crate) fn import(runtime: &Runtime) -> TokenStream {
        let (build, listing) = (runtime.listing_build(), runtime.listing());
        quote! {
            use #build::{entry, key, with_dialects};
            use #listing::{KeyKind, MessageInfo};
        }
    }
}

macro_rules! build_names {
    ($($(#[$doc:meta])* $name:ident => $($path:ident)::+;)*) => {
        impl Build {
            $(
                $(#[$doc])*
                pub(crate) fn $name() -> TokenStream {
                    quote!($($path)::+)
                }
            )*
        }
    };
}

build_names! {
    /// `entry(name, errcode, status, message, keys, inner, docs)`: one `ErrorInfo`.
    entry => entry;
    /// `with_dialects(entry, &dialects)`: an entry with its dialect keys (a variant without
    /// any writes `entry` alone, so that a Matrix-only type builds no dialect value).
    with_dialects => with_dialects;
    /// `key(name, rust_type, kind)`: one key of the body.
    key => key;
    /// The message is the template `text`.
    template => MessageInfo::Template;
    /// A constant key's kind, with its JSON value.
    constant => KeyKind::Constant;
    /// The message is the Display text.
    display => MessageInfo::Display;
    /// The message is the fixed 5xx text.
    redacted => MessageInfo::Redacted;
    /// The message is the fixed 5xx text when the run-time status is 5xx, else Display.
    redacted_if_5xx => MessageInfo::DisplayUnless5xx;
    /// The message is the inner error's.
    inner => MessageInfo::Inner;
    /// A `field` key's kind.
    field => KeyKind::Field;
    /// The `retry_after_ms` key's kind.
    retry_after => KeyKind::RetryAfterMs;
    /// A flattened field's kind.
    flatten => KeyKind::Flatten;
    /// A `kind` field's kind.
    kind => KeyKind::Kind;
}
