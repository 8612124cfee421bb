//! The serving mapping of the code table for the runtime crate: `__dialect_mapping!(errcode)`
//! expands to a `match` on the errcode, so the runtime reads the one table through the
//! derive, as `ErrorKind` does, and looks a code up without a table of its own;
//! `__oauth_codes!()` gives it the OAuth codes of `oauth-codes.tsv` the same way.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::table;

/// `match <errcode> { "M_UNKNOWN_TOKEN" => Some((Some("INVALID_API_KEY"), Some(401), Some(401))),
/// ... _ => None }`: `(zulip_code, zulip_status, mastodon_status)` of each code with a mapping;
/// an alias (an unstable form of a stable code) takes its stable code's.
pub(crate) fn expand(errcode: TokenStream) -> TokenStream {
    let arms = table::codes().iter().filter_map(|row| {
        let (zulip, mastodon_status) = table::mapping(row.errcode)?;
        let zulip_code = option(zulip.map(|(code, _)| Literal::string(code)));
        let zulip_status = option(zulip.and_then(|(_, status)| status).map(Literal::u16_suffixed));
        let mastodon_status = option(mastodon_status.map(Literal::u16_suffixed));
        let errcode = Literal::string(row.errcode);
        Some(quote! {
            #errcode => ::core::option::Option::Some((#zulip_code, #zulip_status, #mastodon_status)),
        })
    });
    quote! {
        match #errcode {
            #(#arms)*
            _ => ::core::option::Option::None,
        }
    }
}

/// `&["invalid_request", ...]`: the OAuth codes of the table, in its order. The macro takes no
/// input; anything given is an error at its span.
pub(crate) fn oauth_codes(input: TokenStream) -> TokenStream {
    if let Some(token) = input.into_iter().next() {
        return syn::Error::new(token.span(), "`__oauth_codes!` takes no input")
            .into_compile_error();
    }
    let codes = table::oauth_codes().map(|(code, _)| Literal::string(code));
    quote!(&[#(#codes),*])
}

fn option(value: Option<Literal>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}
