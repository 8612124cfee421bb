//! `#[derive(MatrixError)]`: the Matrix errcode, HTTP status and JSON error body of any
//! error enum or struct, with every mistake caught at compile time.
//!
//! Use it through the [`matrix-error`](https://docs.rs/matrix-error) crate, which re-exports
//! it and documents every attribute:
//!
//! ```text
//! use matrix_error::MatrixError;
//!
//! #[derive(Debug, thiserror::Error, MatrixError)]
//! pub enum ApiError {
//!     #[error("you may not post in {room}")]
//!     #[matrix(errcode = "M_FORBIDDEN")]
//!     NotAllowed { room: String },
//! }
//! ```
//!
//! # The modules, in the order an input passes through them
//!
//! ```text
//! keys      every #[matrix] key, once: name, places, value shape, example, meaning
//! attr      #[matrix(...)] parsed by that table into Attrs (unknown, misplaced,
//!           duplicate keys, values of the wrong shape); doc comments
//! ast       the input as a tree: container, variants, fields, each with its Attrs
//! model     each variant resolved: errcode (code, table), status (status), message
//!           (message), body keys, or the field it delegates to
//!   code    the rules of errcodes and namespaces, on strings
//!   table   the code table, codes.tsv: each code's statuses, and its aliases (its
//!           unstable forms, which `parse` reads into the code's variant)
//!   status  where a status comes from: one pure function, the README's sentence
//!   message message templates and their placeholders
//!   dialect the dialect keys (`zulip(...)`, `mastodon(...)`), the variant's over the
//!           container's; for a literal errcode, the code table's mapping resolved too
//! check     the rules on what keys mean together, one small function each
//! expand    the generated code, from the model
//!   runtime every path of the runtime crate the generated code names
//!   listing the ERRORS constant
//! mapping   the code table's serving mapping and the OAuth codes for the runtime
//!           (`__dialect_mapping!`, `__oauth_codes!`)
//! ctxt      the errors, collected and reported in source order
//! ```
//!
//! A key is followed from the attribute to the generated code through its constant in
//! `keys` (`keys::ERRCODE`): `attr` stores what was written under it, `model` reads it with
//! the typed getter of its shape (`attrs.string(&keys::ERRCODE)`), and `expand` sees only
//! the model. Errors are collected, never returned early, so that one compile shows every
//! mistake; the macro emits them with a stub impl that keeps uses of the type quiet.

#![forbid(unsafe_code)]

mod ast;
mod attr;
mod check;
mod code;
mod ctxt;
mod dialect;
mod expand;
mod keys;
mod listing;
mod mapping;
mod message;
mod model;
mod runtime;
mod status;
mod table;
#[cfg(test)]
mod tests;

use proc_macro2::TokenStream;
use syn::DeriveInput;

/// Derives `matrix_error::MatrixError`; see the `matrix-error` crate for the attributes.
#[proc_macro_derive(MatrixError, attributes(matrix))]
pub fn derive_matrix_error(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    match syn::parse::<DeriveInput>(input) {
        Ok(input) => derive(&input).into(),
        Err(error) => error.into_compile_error().into(),
    }
}

/// The code table's serving mapping, for the runtime crate only: `__dialect_mapping!(errcode)`
/// is a `match` giving `Option<(Option<&str>, Option<u16>, Option<u16>)>`, the Zulip code, the
/// Zulip status and the Mastodon status of the errcode (`None` where a status is the Matrix
/// one). Not a stable interface.
#[doc(hidden)]
#[proc_macro]
pub fn __dialect_mapping(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    mapping::expand(input.into()).into()
}

/// The OAuth error codes of the project's table (`oauth-codes.tsv`), for the runtime crate
/// only: `__oauth_codes!()` is a `&'static [&'static str]` of the codes in the table's order.
/// Not a stable interface.
#[doc(hidden)]
#[proc_macro]
pub fn __oauth_codes(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    mapping::oauth_codes(input.into()).into()
}

/// The whole expansion: the generated impls, or every error found plus a stub impl.
pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    match expand_checked(input) {
        Ok(tokens) => tokens,
        Err((error, krate)) => {
            let mut tokens = error.into_compile_error();
            tokens.extend(expand::stub(input, &krate));
            tokens
        }
    }
}

/// Parses, checks and generates; on error returns every error found, in source order, with
/// the runtime crate's path for the stub.
pub(crate) fn expand_checked(input: &DeriveInput) -> Result<TokenStream, (syn::Error, syn::Path)> {
    let cx = ctxt::Ctxt::default();
    let Some(ast) = ast::Input::from_syn(&cx, input) else {
        let error = cx.finish().err();
        let error = error.unwrap_or_else(|| {
            syn::Error::new(
                input.ident.span(),
                "matrix-error could not derive this type",
            )
        });
        return Err((error, model::default_crate()));
    };
    let model = model::Model::build(&cx, &ast);
    match cx.finish() {
        Ok(()) => Ok(expand::expand(&model)),
        Err(error) => Err((error, model.krate)),
    }
}
