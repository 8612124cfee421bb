//! Expander tests on token input: what the derive accepts, what it rejects, and that no
//! input makes it panic.

use proc_macro2::TokenStream;
use quote::quote;

fn expand(tokens: TokenStream) -> Result<TokenStream, Vec<String>> {
    let input: syn::DeriveInput = syn::parse2(tokens).expect("test input parses as an item");
    crate::expand_checked(&input)
        .map_err(|(error, _)| error.into_iter().map(|e| e.to_string()).collect())
}

#[test]
fn a_valid_enum_expands() {
    let tokens = expand(quote! {
        #[matrix(namespace = "com.example.chat")]
        enum ApiError {
            #[matrix(errcode = "M_FORBIDDEN")]
            NotAllowed { room: String },
            #[matrix(errcode = "QUOTA_EXCEEDED", status = 403)]
            Quota { #[matrix(field)] limit: u32 },
        }
    })
    .unwrap();
    let text = tokens.to_string();
    assert!(text.contains("\"COM.EXAMPLE.CHAT_QUOTA_EXCEEDED\""), "{text}");
    assert!(text.contains("403u16"), "{text}");
}

#[test]
fn every_mistake_of_one_input_is_reported() {
    let errors = expand(quote! {
        enum ApiError {
            #[matrix(errcode = "M_FORBIDEN", colour = "red")]
            A,
            #[matrix(errcode = "M_UNKNOWN")]
            B,
            #[matrix(status = 700)]
            C,
        }
    })
    .unwrap_err();
    assert_eq!(errors.len(), 5, "{errors:#?}");
}
