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
//! The macro parses the attributes into a typed model (`ast`, `attr`), checks the model and
//! resolves every variant against the Matrix code table (`valid`, `code`, `table`), then
//! generates code (`expand`, and `listing` for the `ERRORS` constant). Errors are collected,
//! never returned early, so that one compile shows every mistake.

#![forbid(unsafe_code)]

mod ast;
mod attr;
mod code;
mod ctxt;
mod expand;
mod listing;
mod message;
mod table;
#[cfg(test)]
mod tests;
mod valid;

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

/// Parses, checks and generates; on error returns every error found, with the runtime
/// crate's path for the stub.
pub(crate) fn expand_checked(input: &DeriveInput) -> Result<TokenStream, (syn::Error, syn::Path)> {
    let mut errors = ctxt::Errors::default();
    let ast = ast::Input::from_syn(input, &mut errors);
    let plan = ast
        .as_ref()
        .and_then(|ast| valid::Plan::build(ast, &mut errors));
    let krate = plan
        .as_ref()
        .map_or_else(valid::default_crate, |plan| plan.krate.clone());
    match (plan, errors.finish()) {
        (Some(plan), Ok(())) => Ok(plan.expand()),
        (_, Err(error)) => Err((error, krate)),
        (None, Ok(())) => Err((
            syn::Error::new(
                input.ident.span(),
                "matrix-error could not derive this type",
            ),
            krate,
        )),
    }
}
