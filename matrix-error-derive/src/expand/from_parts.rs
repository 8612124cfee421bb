//! `parse`: decoding an errcode and the body's other keys back into the type
//! (`FromParts`), and `TryFrom<&matrix_error::Error>` on top of it.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Expander, binding, path};
use crate::model::{RETRY_AFTER_MS, Role, Source, Variant, Wire};

/// How one field is decoded, and the body key it comes from (`None`: many or none).
struct Decode {
    field: usize,
    decode: TokenStream,
    key: Option<String>,
}

impl Expander<'_> {
    pub(super) fn impl_from_parts(&self) -> TokenStream {
        let rt = &self.rt;
        let ident = self.model.ident;
        let (impl_generics, ty_generics, _) = self.model.generics.split_for_impl();
        let mut bounds = self.bounds();
        let mut fixed = Vec::new();
        let mut by_field = Vec::new();
        // Every key a variant reads, each once.
        let mut read: Vec<String> = Vec::new();
        for variant in &self.model.variants {
            let Wire::Own(own) = &variant.wire else {
                continue;
            };
            let decoded = self.decodes(variant, &own.written_keys, &mut bounds);
            let constant_matches = rt.constant_matches();
            let checks: Vec<TokenStream> = (own.constants.iter())
                .map(|(key, value)| quote!(#constant_matches(__extra, #key, &#value)))
                .collect();
            let constant_keys = own.constants.iter().map(|(key, _)| key);
            let field_keys = decoded.iter().filter_map(|decode| decode.key.as_deref());
            for key in field_keys.chain(own.constants.iter().map(|(key, _)| key.as_str())) {
                if !read.iter().any(|known| known == key) {
                    read.push(key.to_owned());
                }
            }
            let flattens = (variant.fields.iter()).any(|field| matches!(field.role, Role::Flatten));
            let clear = flattens.then(|| quote!(__extra.clear();));
            let names: Vec<_> = decoded.iter().map(|decode| binding(decode.field)).collect();
            let decodes = decoded.iter().map(|decode| &decode.decode);
            // The key each `take` removes; `""` for none.
            let keys = (decoded.iter()).map(|decode| decode.key.as_deref().unwrap_or(""));
            let pattern = self.full_pattern(variant);
            // Take the keys out only once every field decoded, so a miss loses nothing.
            let mut build = quote! {
                #(let #names = #names.take(__extra, #keys);)*
                #(__extra.remove(#constant_keys);)*
                #clear
                return ::core::option::Option::Some(#pattern);
            };
            if !names.is_empty() {
                build = quote! {
                    if let (#(::core::option::Option::Some(#names),)*) = (#(#decodes,)*) {
                        #build
                    }
                };
            }
            if !checks.is_empty() {
                build = quote!(if #(#checks)&&* { #build });
            }
            match &own.errcode {
                Source::Fixed(errcode) => fixed.push(quote!(if __errcode == #errcode { #build })),
                Source::Field(_) => by_field.push(build),
            }
        }
        let where_clause = self.where_clause(bounds);
        let indexes = 0..read.len();
        let (from_parts, fields, error, mismatch, try_from_error) = (
            rt.from_parts(),
            rt.fields(),
            rt.error(),
            rt.mismatch(),
            rt.try_from_error(),
        );
        quote! {
            #[automatically_derived]
            impl #impl_generics #from_parts for #ident #ty_generics #where_clause {
                const KEYS: &'static [&'static ::core::primitive::str] = &[#(#read),*];
                #[inline]
                fn key_index(__key: &::core::primitive::str) -> ::core::option::Option<::core::primitive::usize> {
                    match __key {
                        #(#read => ::core::option::Option::Some(#indexes),)*
                        _ => ::core::option::Option::None,
                    }
                }
                fn from_parts(
                    __errcode: &::core::primitive::str,
                    __extra: &mut #fields,
                ) -> ::core::option::Option<Self> {
                    #(#fixed)*
                    #(#by_field)*
                    ::core::option::Option::None
                }
            }
            #[automatically_derived]
            impl #impl_generics ::core::convert::TryFrom<&#error> for #ident #ty_generics #where_clause {
                type Error = #mismatch;
                fn try_from(error: &#error) -> ::core::result::Result<Self, #mismatch> {
                    #try_from_error(error)
                }
            }
        }
    }

    /// How each field of `variant` is decoded, adding the bounds that needs; `written_keys`
    /// are the keys the variant writes itself, which a flattened field does not take.
    fn decodes(
        &self,
        variant: &Variant,
        written_keys: &[String],
        bounds: &mut Vec<syn::WherePredicate>,
    ) -> Vec<Decode> {
        let rt = &self.rt;
        let mut decoded = Vec::new();
        for (index, field) in variant.fields.iter().enumerate() {
            let ty = field.ty;
            let (decode, key) = match &field.role {
                Role::Extra(key) if field.default => {
                    let (deserialize_owned, decode_field_or_default) =
                        (rt.deserialize_owned(), rt.decode_field_or_default());
                    self.bound(
                        bounds,
                        ty,
                        quote!(#deserialize_owned + ::core::default::Default),
                    );
                    let decode = quote!(#decode_field_or_default::<#ty>(__extra, #key));
                    (decode, Some(key.clone()))
                }
                Role::Extra(key) => {
                    let (deserialize_owned, decode_field) =
                        (rt.deserialize_owned(), rt.decode_field());
                    self.bound(bounds, ty, deserialize_owned);
                    let decode = quote!(#decode_field::<#ty>(__extra, #key));
                    (decode, Some(key.clone()))
                }
                Role::RetryAfter => {
                    let retry_after_field = rt.retry_after_field();
                    let decode = quote!(<#ty as #retry_after_field>::from_retry_after_ms(__extra));
                    (decode, Some(RETRY_AFTER_MS.to_owned()))
                }
                Role::Errcode => {
                    let decoded = rt.decoded();
                    let decode = quote!(::core::option::Option::Some(#decoded {
                        value: <#ty as ::core::convert::From<&::core::primitive::str>>::from(__errcode),
                        taken: false,
                    }));
                    // Not a key of `__extra`: nothing is taken out.
                    (decode, None)
                }
                Role::Flatten => {
                    // Every key the variant writes itself stays out of the map.
                    let (deserialize_owned, decode_flatten) =
                        (rt.deserialize_owned(), rt.decode_flatten());
                    self.bound(bounds, ty, deserialize_owned);
                    let decode = quote!(#decode_flatten::<#ty>(__extra, &[#(#written_keys),*]));
                    (decode, None)
                }
                // Rejected by `check::parse_reads_every_field`.
                Role::Unused | Role::Status => continue,
            };
            decoded.push(Decode {
                field: index,
                decode,
                key,
            });
        }
        decoded
    }

    /// `Self::Variant { member: binding, ... }` binding every field.
    fn full_pattern(&self, variant: &Variant) -> TokenStream {
        let path = path(variant);
        let fields = (variant.fields.iter().enumerate()).map(|(index, field)| {
            let member = &field.member;
            let binding = binding(index);
            quote!(#member: #binding)
        });
        quote!(#path { #(#fields),* })
    }
}
