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
        // Each function is named after its item (`into_error`, `from_parts`).
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
    /// The short names `ERRORS` is built from; see `listing`.
    listing_build => listing::__build;
    /// The macro that writes the integrations' impls.
    impl_frameworks => __impl_frameworks;

    // `__private`: what only generated code calls.
    cow => __private::Cow;
    map => __private::Map;
    serialize => __private::Serialize;
    serialize_map => __private::SerializeMap;
    deserialize_owned => __private::DeserializeOwned;
    format => __private::format;
    to_string => __private::ToString;
    redacted => __private::REDACTED;
    error_dict => __private::error_dict;
    into_error => __private::into_error;
    try_from_error => __private::try_from_error;
    serialize_message => __private::serialize_message;
    serialize_field => __private::serialize_field;
    serialize_flatten => __private::serialize_flatten;
    serialize_retry_after => __private::serialize_retry_after;
    /// The trait of `retry_after` fields: `retry_after`, `from_retry_after_ms`.
    retry_after_field => __private::RetryAfterField;
    /// The trait of `status` fields: `status_code`.
    status_field => __private::StatusField;
    /// The trait `parse` implements: `KEYS`, `key_index`, `from_parts`.
    from_parts => __private::FromParts;
    /// The body's keys, the input of `from_parts`.
    fields => __private::Fields;
    /// A decoded field: `value`, `taken`, `take`.
    decoded => __private::Decoded;
    decode_field => __private::decode_field;
    decode_field_or_default => __private::decode_field_or_default;
    decode_flatten => __private::decode_flatten;
    constant_matches => __private::constant_matches;
}

/// The methods of `MatrixError` that a `transparent` variant delegates, by name.
#[derive(Clone, Copy)]
pub(crate) enum Method {
    Errcode,
    Status,
    Message,
    RetryAfter,
    SerializeMessage,
    SerializeExtras,
}

impl Method {
    pub(crate) const ALL: [Method; 6] = [
        Method::Errcode,
        Method::Status,
        Method::Message,
        Method::RetryAfter,
        Method::SerializeMessage,
        Method::SerializeExtras,
    ];

    pub(crate) fn name(self) -> Ident {
        let name = match self {
            Method::Errcode => "errcode",
            Method::Status => "status",
            Method::Message => "message",
            Method::RetryAfter => "retry_after",
            Method::SerializeMessage => return Runtime::serialize_message_method(),
            Method::SerializeExtras => return Runtime::serialize_extras_method(),
        };
        Ident::new(name, Span::call_site())
    }

    /// Whether it takes the serializer's map, `__map`.
    pub(crate) fn takes_map(self) -> bool {
        match self {
            Method::SerializeMessage | Method::SerializeExtras => true,
            Method::Errcode | Method::Status | Method::Message | Method::RetryAfter => false,
        }
    }
}

impl Runtime {
    pub(crate) fn new(krate: syn::Path) -> Self {
        Runtime { krate }
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

/// The short names of `listing::__build`, which `ERRORS` imports as `__b` (see `listing`).
pub(crate) struct Build;

macro_rules! build_names {
    ($($(#[$doc:meta])* $name:ident => $short:ident;)*) => {
        impl Build {
            /// The import of `listing::__build` the names below need.
            pub(crate) fn import(runtime: &Runtime) -> TokenStream {
                let build = runtime.listing_build();
                quote!(use #build as __b;)
            }
            $(
                $(#[$doc])*
                pub(crate) fn $name() -> TokenStream {
                    quote!(__b::$short)
                }
            )*
        }
    };
}

build_names! {
    /// `e(name, errcode, status, message, keys, inner, docs)`: one `ErrorInfo`.
    entry => e;
    /// `k(name, rust_type, kind)`: one key of the body.
    key => k;
    /// `t(text)`: the message is the template `text`.
    template => t;
    /// `c(json)`: a constant key's kind, with its JSON value.
    constant => c;
    /// The message is the Display text.
    display => D;
    /// The message is the fixed 5xx text.
    redacted => R;
    /// The message is the fixed 5xx text when the run-time status is 5xx, else Display.
    redacted_if_5xx => U;
    /// The message is the inner error's.
    inner => I;
    /// A `field` key's kind.
    field => F;
    /// The `retry_after_ms` key's kind.
    retry_after => A;
    /// A flattened field's kind.
    flatten => L;
}
