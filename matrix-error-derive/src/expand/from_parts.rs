//! `parse`: decoding an errcode and the body's other keys back into the type
//! (`DecodeBody`), and `TryFrom<&matrix_error::Error>` on top of it.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Expander, binding, path};
use crate::model::{RETRY_AFTER_MS, Role, Source, Variant, Wire};

/// The decoding of the variants with one fixed errcode, in their order.
struct CodeArm {
    errcode: String,
    builds: Vec<Build>,
}

/// The decoding of one variant: it returns the variant, or (if some field or constant does not
/// fit) falls through to the next.
struct Build {
    tokens: TokenStream,
    /// It always returns: the builds after it in its arm are left out, as unreachable.
    always: bool,
}

/// How one field is decoded, and the body key it comes from (`None`: many or none).
struct Decode {
    field: usize,
    decode: TokenStream,
    key: Option<String>,
}

/// The builds of `errcode`'s arm, grouped by the code's length, each made at its first use.
fn arm<'f>(fixed: &'f mut Vec<(usize, Vec<CodeArm>)>, errcode: &str) -> &'f mut Vec<Build> {
    let at = match fixed.iter().position(|(len, _)| *len == errcode.len()) {
        Some(at) => at,
        None => {
            fixed.push((errcode.len(), Vec::new()));
            fixed.len() - 1
        }
    };
    let by_length = &mut fixed[at].1;
    let at = match by_length.iter().position(|arm| arm.errcode == errcode) {
        Some(at) => at,
        None => {
            by_length.push(CodeArm {
                errcode: errcode.to_owned(),
                builds: Vec::new(),
            });
            by_length.len() - 1
        }
    };
    &mut by_length[at].builds
}

impl Expander<'_> {
    pub(super) fn impl_from_parts(&self) -> TokenStream {
        let rt = &self.rt;
        let ident = self.model.ident;
        let (impl_generics, ty_generics, _) = self.model.generics.split_for_impl();
        let mut bounds = self.bounds();
        // The decoding of each fixed errcode, grouped by the code's length; then the variants
        // whose errcode is a field. Both in the order of the variants. A code's aliases (its
        // unstable forms in the code table) decode as the code does, after any variant that
        // has the alias itself as its code.
        let mut fixed: Vec<(usize, Vec<CodeArm>)> = Vec::new();
        let mut by_alias: Vec<(&str, Build)> = Vec::new();
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
                .map(|(key, value)| quote!(#constant_matches(__keys, #key, &#value)))
                .collect();
            let constant_keys: Vec<&String> = own.constants.iter().map(|(key, _)| key).collect();
            let constant_values: Vec<_> = own.constants.iter().map(|(_, value)| value).collect();
            let take_constant = rt.take_constant();
            let field_keys = decoded.iter().filter_map(|decode| decode.key.as_deref());
            for key in field_keys.chain(own.constants.iter().map(|(key, _)| key.as_str())) {
                if !read.iter().any(|known| known == key) {
                    read.push(key.to_owned());
                }
            }
            let names: Vec<_> = decoded.iter().map(|decode| binding(decode.field)).collect();
            // The key each `take` removes; `""` for none.
            let keys: Vec<&str> = (decoded.iter())
                .map(|decode| decode.key.as_deref().unwrap_or(""))
                .collect();
            let pattern = self.full_pattern(variant);
            let mark_alias = rt.mark_alias();
            // Take the keys out only once every field decoded, so a miss loses nothing. The
            // constants first (each only where the body has its value: a standard kind read
            // leniently keeps another value as sent): a flattened map then takes what is left. Read from an alias of
            // its code, the variant says so to the reader, which keeps the code sent.
            let build = |alias: Option<&str>| {
                let mark = alias.map(|alias| quote!(#mark_alias(__keys, #alias);));
                let mut build = quote! {
                    #(#take_constant(__keys, #constant_keys, &#constant_values);)*
                    #(let #names = #names.take(__keys, #keys);)*
                    #mark
                    return ::core::option::Option::Some(#pattern);
                };
                if !names.is_empty() {
                    let decodes = decoded.iter().map(|decode| &decode.decode);
                    build = quote! {
                        if let (#(::core::option::Option::Some(#names),)*) = (#(#decodes,)*) {
                            #build
                        }
                    };
                }
                if !checks.is_empty() {
                    build = quote!(if #(#checks)&&* { #build });
                }
                Build {
                    tokens: build,
                    always: names.is_empty() && checks.is_empty(),
                }
            };
            match &own.errcode {
                Source::Fixed(errcode) => {
                    by_alias.extend(own.aliases.iter().map(|alias| (*alias, build(Some(alias)))));
                    arm(&mut fixed, errcode).push(build(None));
                }
                Source::Field(_) => by_field.push(build(None).tokens),
                // Refused by `check::parse_reads_every_field`.
                Source::With(..) | Source::Kind(_) => {}
            }
        }
        for (alias, build) in by_alias {
            arm(&mut fixed, alias).push(build);
        }
        // On the length first: a code no variant has costs one comparison.
        let fixed = (!fixed.is_empty()).then(|| {
            let arms = fixed.iter().map(|(length, codes)| {
                let arms = codes.iter().map(|CodeArm { errcode, builds }| {
                    let last = (builds.iter().position(|build| build.always))
                        .map_or(builds.len(), |at| at + 1);
                    let builds = builds[..last].iter().map(|build| &build.tokens);
                    quote!(#errcode => { #(#builds)* })
                });
                quote!(#length => match __errcode { #(#arms)* _ => {} })
            });
            quote!(match __errcode.len() { #(#arms)* _ => {} })
        });
        let where_clause = self.where_clause(bounds);
        let indexes = 0..read.len();
        let (decode_body, body_keys, error, mismatch, try_from_error) = (
            rt.decode_body(),
            rt.body_keys(),
            rt.error(),
            rt.mismatch(),
            rt.try_from_error(),
        );
        quote! {
            #[automatically_derived]
            impl #impl_generics #decode_body for #ident #ty_generics #where_clause {
                const KEYS: &'static [&'static ::core::primitive::str] = &[#(#read),*];
                #[inline(always)]
                fn key_index(__key: &::core::primitive::str) -> ::core::option::Option<::core::primitive::usize> {
                    match __key {
                        #(#read => ::core::option::Option::Some(#indexes),)*
                        _ => ::core::option::Option::None,
                    }
                }
                fn decode(
                    __errcode: &::core::primitive::str,
                    __keys: &mut #body_keys,
                ) -> ::core::option::Option<Self> {
                    #fixed
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
                    let decode = quote!(#decode_field_or_default::<#ty>(__keys, #key));
                    (decode, Some(key.clone()))
                }
                Role::Extra(key) => {
                    let (deserialize_owned, decode_field) =
                        (rt.deserialize_owned(), rt.decode_field());
                    self.bound(bounds, ty, deserialize_owned);
                    let decode = quote!(#decode_field::<#ty>(__keys, #key));
                    (decode, Some(key.clone()))
                }
                Role::RetryAfter => {
                    let retry_after_field = rt.retry_after_field();
                    let decode = quote!(<#ty as #retry_after_field>::decode_retry_after(__keys));
                    (decode, Some(RETRY_AFTER_MS.to_owned()))
                }
                Role::Errcode => {
                    let decoded = rt.decoded();
                    let decode = quote!(::core::option::Option::Some(#decoded::Absent(
                        <#ty as ::core::convert::From<&::core::primitive::str>>::from(__errcode),
                    )));
                    // Not a key of `__keys`: nothing is taken out.
                    (decode, None)
                }
                Role::Flatten => {
                    // Every key the variant writes itself stays out of the map. A map of JSON
                    // values takes the keys moved, any other type a copy: `decode` is
                    // `FlattenMap`'s or `FlattenAny`'s, whichever applies to `#ty`.
                    let (deserialize_owned, flatten, flatten_any, flatten_map) = (
                        rt.deserialize_owned(),
                        rt.flatten(),
                        rt.flatten_any(),
                        rt.flatten_map(),
                    );
                    self.bound(bounds, ty, deserialize_owned);
                    let decode = quote! {{
                        use #flatten_any as _;
                        use #flatten_map as _;
                        (&#flatten::<#ty>::NEW).decode(__keys, &[#(#written_keys),*])
                    }};
                    (decode, None)
                }
                // Rejected by `check::parse_reads_every_field`.
                Role::Unused | Role::Status | Role::Kind | Role::StatusWith(_) => continue,
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
