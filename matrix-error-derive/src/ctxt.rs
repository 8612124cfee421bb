//! Error accumulation: every check records its error here and goes on, so that one compile
//! reports every mistake of an input; [`Ctxt::finish`] gives them in source order.

use std::cell::RefCell;
use std::fmt::Display;

use proc_macro2::Span;

/// The errors found so far. Checks take `&Ctxt`, so that any number of them can hold it.
#[derive(Default)]
pub(crate) struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    pub(crate) fn push(&self, error: syn::Error) {
        self.errors.borrow_mut().extend(error);
    }

    /// Records `message` at `span`.
    pub(crate) fn error(&self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    /// Records `message` at `tokens`, all of them (a type, not only its first token).
    pub(crate) fn error_spanned(&self, tokens: impl quote::ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// Every error, in the order of the source (line, then column; errors at one place in
    /// the order they were found), combined into one; `Ok` when there is none.
    pub(crate) fn finish(self) -> Result<(), syn::Error> {
        let mut errors = self.errors.into_inner();
        errors.sort_by_key(|error| {
            let start = error.span().start();
            (start.line, start.column)
        });
        let mut errors = errors.into_iter();
        let Some(mut first) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            first.combine(error);
        }
        Err(first)
    }
}
