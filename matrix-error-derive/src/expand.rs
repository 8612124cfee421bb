//! Code generation from the [`Model`]. Every path is absolute (`::core::...`, or the runtime
//! crate's path from `runtime`), so the output compiles in any module,
//! `#![no_implicit_prelude]` included.
//!
//! The methods of `MatrixError` are each one `match` over the variants ([`Expander::arms`]).
//! An arm binds only the fields its body uses: the body is generated with a [`Binder`],
//! which hands out the bindings and so knows which were used.

mod from_parts;

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Generics, LitStr, Type, WherePredicate};

use crate::listing::json_text;
use crate::message::{self, Template};
use crate::model::{Integration, Message, Model, Own, RESERVED_KEYS, Role, Source, Variant, Wire};
use crate::runtime::{Method, Runtime};

/// Generates everything for a model without errors.
pub(crate) fn expand(model: &Model) -> TokenStream {
    Expander {
        model,
        rt: Runtime::new(model.krate.clone()),
    }
    .expand()
}

pub(crate) struct Expander<'m> {
    pub model: &'m Model<'m>,
    pub rt: Runtime,
}

/// The fields an arm's body uses, recorded as the body is generated: the arm binds these.
struct Binder<'m> {
    variant: &'m Variant<'m>,
    used: Vec<bool>,
}

impl<'m> Binder<'m> {
    fn new(variant: &'m Variant<'m>) -> Self {
        Binder {
            variant,
            used: vec![false; variant.fields.len()],
        }
    }

    /// The binding of field `index`, spanned at the field's type, with that span: code that
    /// uses the field is spanned there too, so a type that does not fit is reported at it.
    fn field(&mut self, index: usize) -> (Ident, Span) {
        self.used[index] = true;
        let span = self.variant.fields[index].ty.span();
        let mut binding = binding(index);
        binding.set_span(span);
        (binding, span)
    }

    fn binds_nothing(&self) -> bool {
        !self.used.contains(&true)
    }
}

/// The name of field `index`'s binding.
fn binding(index: usize) -> Ident {
    format_ident!("__matrix_field{}", index)
}

/// An arm's body.
struct Body {
    tokens: TokenStream,
    /// For a body that binds no field: what makes it the same as another variant's, so that
    /// the two share one arm.
    same: Option<Same>,
}

impl Body {
    fn of(tokens: TokenStream) -> Self {
        Body { tokens, same: None }
    }

    fn same(same: Same, tokens: TokenStream) -> Self {
        Body {
            tokens,
            same: Some(same),
        }
    }
}

/// What a body that binds no field is made from: equal values do the same.
#[derive(PartialEq, Eq, Hash)]
enum Same {
    Errcode(String),
    Status(u16),
    /// A fixed message.
    Text(String),
    /// A message template without placeholders (only escaped braces).
    Format(String),
    Display,
    Redacted,
    NoRetryAfter,
    /// The constant keys (JSON key and JSON text) and no field.
    Constants(Vec<(String, String)>),
    /// The body has `errcode` and `error`, as every body but a delegated one may not.
    SendsErrcode,
    /// The dialect keys, as generated, or none.
    Dialects(Option<crate::dialect::Dialects>),
}

/// The name of `method` in the helper traits of `transparent_helper`: `__matrix_errcode`.
fn helper_name(method: Method) -> Ident {
    format_ident!(
        "__matrix_{}",
        method.name().to_string().trim_start_matches('_')
    )
}

/// `fn __matrix_errcode(self) -> &'__i str`: the signature of `method` in the helper traits,
/// whose `self` is a `__MatrixInner<'__i, _>` (or a reference to one).
fn helper_signature(method: Method, rt: &Runtime) -> TokenStream {
    let helper = helper_name(method);
    let output = match method {
        Method::Errcode => quote!(&'__i ::core::primitive::str),
        Method::Status => quote!(::core::primitive::u16),
        Method::Message => {
            let cow = rt.cow();
            quote!(#cow<'__i, ::core::primitive::str>)
        }
        Method::RetryAfter => {
            let retry_after = rt.retry_after();
            quote!(::core::option::Option<#retry_after>)
        }
        Method::SendsErrcode => quote!(::core::primitive::bool),
        Method::Dialects => {
            let dialects = rt.dialects();
            quote!(::core::option::Option<&'static #dialects>)
        }
        Method::SerializeErrcode | Method::SerializeMessage | Method::SerializeExtras => {
            quote!(::core::result::Result<(), __M::Error>)
        }
    };
    match method.takes_map() {
        true => {
            let serialize_map = rt.serialize_map();
            quote!(fn #helper<__M: #serialize_map>(self, __map: &mut __M) -> #output)
        }
        false => quote!(fn #helper(self) -> #output),
    }
}

impl Expander<'_> {
    fn expand(&self) -> TokenStream {
        let matrix_error = self.impl_matrix_error();
        let into_error = self.impl_into_error();
        let frameworks = self.impl_integrations();
        let froms =
            (self.model.variants.iter()).filter_map(|variant| self.impl_from_field(variant));
        let parse = self.model.parse.then(|| self.impl_from_parts());
        let listing = self.impl_listing();
        quote! {
            #matrix_error
            #into_error
            #frameworks
            #(#froms)*
            #parse
            #listing
        }
    }

    fn impl_matrix_error(&self) -> TokenStream {
        let rt = &self.rt;
        let (matrix_error, cow, map, retry_after, serialize_map, error_dict) = (
            rt.matrix_error(),
            rt.cow(),
            rt.json_map(),
            rt.retry_after(),
            rt.serialize_map(),
            rt.error_dict(),
        );
        let (as_error, as_error_if_error, as_error_else_none) = (
            rt.as_error(),
            rt.as_error_if_error(),
            rt.as_error_else_none(),
        );
        let (serialize_message_method, serialize_extras_method) = (
            Runtime::serialize_message_method(),
            Runtime::serialize_extras_method(),
        );
        let ident = self.model.ident;
        let (impl_generics, ty_generics, _) = self.model.generics.split_for_impl();
        let where_clause = self.where_clause(self.bounds());

        let errcode = self.arms(|variant, binder| self.errcode(variant, binder));
        let status = self.arms(|variant, binder| self.status(variant, binder));
        let message = self.arms(|variant, binder| self.message(variant, binder));
        let retry = self.arms(|variant, binder| self.retry_after(variant, binder));
        let serialize_message =
            self.arms(|variant, binder| self.serialize_message(variant, binder));
        let serialize_extras = self.arms(|variant, binder| self.serialize_extras(variant, binder));
        let errcode_methods = self.errcode_methods();
        let dialects_method = self.dialects_method();

        let tokens = quote! {
            #[automatically_derived]
            #[allow(unused_variables, clippy::match_single_binding)]
            impl #impl_generics #matrix_error for #ident #ty_generics #where_clause {
                fn errcode(&self) -> &str {
                    #errcode
                }
                fn status(&self) -> ::core::primitive::u16 {
                    #status
                }
                fn message(&self) -> #cow<'_, ::core::primitive::str> {
                    #message
                }
                fn retry_after(&self) -> ::core::option::Option<#retry_after> {
                    #retry
                }
                fn error_dict(&self) -> #map {
                    #error_dict(self)
                }
                #errcode_methods
                #dialects_method
                fn __as_error(&self) -> ::core::option::Option<&(dyn ::core::error::Error + '_)> {
                    #[allow(unused_imports)]
                    use #as_error_if_error as _;
                    #[allow(unused_imports)]
                    use #as_error_else_none as _;
                    (&#as_error(self)).__matrix_as_error()
                }
                fn #serialize_message_method<__M>(&self, __map: &mut __M) -> ::core::result::Result<(), __M::Error>
                where
                    __M: #serialize_map,
                    Self: ::core::marker::Sized,
                {
                    #serialize_message
                }
                fn #serialize_extras_method<__M>(&self, __map: &mut __M) -> ::core::result::Result<(), __M::Error>
                where
                    __M: #serialize_map,
                    Self: ::core::marker::Sized,
                {
                    #serialize_extras
                }
            }
        };
        self.with_transparent_helper(tokens)
    }

    /// `sends_errcode` and `__serialize_errcode`, for a type with a variant that takes its
    /// errcode from another error (`transparent`, `kind`): such an error may send no errcode
    /// (a first challenge of user-interactive auth), or write its errcode itself. Every other
    /// type keeps the trait's defaults, which cost nothing.
    fn errcode_methods(&self) -> Option<TokenStream> {
        let delegates = (self.model.variants.iter()).any(|variant| match &variant.wire {
            Wire::Delegated { .. } => true,
            Wire::Own(own) => own.kind.is_some(),
        });
        if !delegates {
            return None;
        }
        let serialize_map = self.rt.serialize_map();
        let serialize_errcode_method = Runtime::serialize_errcode_method();
        let sends_errcode = self.arms(|variant, binder| match &variant.wire {
            Wire::Delegated { inner } => self.delegate(binder, *inner, Method::SendsErrcode),
            Wire::Own(_) => Body::same(Same::SendsErrcode, quote!(true)),
        });
        let serialize_errcode = self.arms(|variant, binder| match &variant.wire {
            Wire::Delegated { inner } => self.delegate(binder, *inner, Method::SerializeErrcode),
            Wire::Own(own) => match own.errcode {
                Source::Kind(kind) => self.kind_call(binder, kind, Method::SerializeErrcode),
                _ => {
                    let Body { tokens, same } = self.errcode(variant, binder);
                    let tokens = quote!(#serialize_map::serialize_entry(__map, "errcode", #tokens));
                    Body { tokens, same }
                }
            },
        });
        Some(quote! {
            fn sends_errcode(&self) -> ::core::primitive::bool {
                #sends_errcode
            }
            fn #serialize_errcode_method<__M>(&self, __map: &mut __M) -> ::core::result::Result<(), __M::Error>
            where
                __M: #serialize_map,
                Self: ::core::marker::Sized,
            {
                #serialize_errcode
            }
        })
    }

    /// `__dialects`, for a type with dialect keys or a variant that takes them from another
    /// error (`transparent`, `kind`); every other type keeps the trait's default, `None`.
    /// A type without either (a Matrix-only type) pays nothing for the dialects: their
    /// bodies find its mapping from the errcode at run time.
    fn dialects_method(&self) -> Option<TokenStream> {
        let needs_it = |variant: &Variant| match &variant.wire {
            Wire::Delegated { .. } => true,
            Wire::Own(own) => own.kind.is_some() || !own.dialects.is_empty(),
        };
        if !self.model.variants.iter().any(needs_it) {
            return None;
        }
        let dialects = self.rt.dialects();
        let body = self.arms(|variant, binder| self.dialects(variant, binder));
        // Inlined: the dialects' bodies read it once, beside the other writers' matches.
        Some(quote! {
            #[inline(always)]
            fn __dialects(&self) -> ::core::option::Option<&'static #dialects> {
                #body
            }
        })
    }

    /// A variant's dialect keys (a promoted constant): its own, with the mapping of a literal
    /// errcode resolved; else the inner error's or the kind's.
    fn dialects(&self, variant: &Variant, binder: &mut Binder) -> Body {
        let own = match &variant.wire {
            Wire::Delegated { inner } => return self.delegate(binder, *inner, Method::Dialects),
            Wire::Own(own) => own,
        };
        let mapped = match (&own.errcode, own.kind) {
            (Source::Fixed(errcode), None) => own.dialects.with_mapping(errcode),
            _ => None,
        };
        let dialects = mapped.as_ref().unwrap_or(&own.dialects);
        if dialects.is_empty() {
            return match own.kind {
                Some(kind) => self.kind_call(binder, kind, Method::Dialects),
                None => Body::same(Same::Dialects(None), quote!(::core::option::Option::None)),
            };
        }
        let tokens = dialects_tokens(&self.rt, dialects);
        let tokens = quote!(::core::option::Option::Some(&#tokens));
        Body::same(Same::Dialects(Some(dialects.clone())), tokens)
    }

    /// `MatrixError::method(kind, args...)` on the `kind` field, spanned at its type so that
    /// a kind that is no `MatrixError` is reported there.
    fn kind_call(&self, binder: &mut Binder, kind: usize, method: Method) -> Body {
        let matrix_error = self.rt.matrix_error();
        let (field, span) = binder.field(kind);
        let name = method.name();
        let map = method.takes_map().then(|| quote!(, __map));
        Body::of(quote_spanned!(span=> #matrix_error::#name(#field #map)))
    }

    /// A `match` over every variant, the body of each made by `body`. Variants whose bodies
    /// bind no field and are the [`Same`] share one arm (`Self::A { .. } | Self::B { .. }`):
    /// less code for the compiler to check. The arm shared by the most variants becomes the
    /// last, `_`; a method whose every variant runs the same code has no `match`.
    fn arms(&self, body: impl Fn(&Variant, &mut Binder) -> Body) -> TokenStream {
        if self.model.variants.is_empty() {
            return quote!(match *self {});
        }
        // Each arm's patterns and body, and whether it binds a field.
        let mut arms: Vec<(Vec<TokenStream>, TokenStream, bool)> = Vec::new();
        let mut by_same: HashMap<Same, usize> = HashMap::new();
        for variant in &self.model.variants {
            let mut binder = Binder::new(variant);
            let Body { tokens, same } = body(variant, &mut binder);
            let pattern = self.pattern(variant, &binder.used);
            let binds = !binder.binds_nothing();
            match same.filter(|_| !binds).map(|same| by_same.entry(same)) {
                Some(Entry::Occupied(entry)) => arms[*entry.get()].0.push(pattern),
                Some(Entry::Vacant(entry)) => {
                    entry.insert(arms.len());
                    arms.push((vec![pattern], tokens, binds));
                }
                None => arms.push((vec![pattern], tokens, binds)),
            }
        }
        if let [(_, body, false)] = arms.as_slice() {
            // Every variant runs the same code, which uses no field.
            return body.clone();
        }
        // A pattern with many alternatives costs the compiler more than a `_`.
        let largest = (0..arms.len()).max_by_key(|&index| arms[index].0.len());
        let wildcard = largest
            .filter(|&index| arms[index].0.len() > 1)
            .map(|index| arms.remove(index).1);
        let arms = (arms.iter()).map(|(patterns, body, _)| quote!(#(#patterns)|* => { #body }));
        let wildcard = wildcard.map(|body| quote!(_ => { #body }));
        quote! {
            match self {
                #(#arms)*
                #wildcard
            }
        }
    }

    /// `Self::Variant { member: binding, .. }`, binding the fields marked in `used`.
    fn pattern(&self, variant: &Variant, used: &[bool]) -> TokenStream {
        let path = path(variant);
        let fields = (variant.fields.iter().enumerate())
            .filter(|&(index, _)| used[index])
            .map(|(index, field)| {
                let member = &field.member;
                let binding = binding(index);
                quote!(#member: #binding,)
            });
        quote!(#path { #(#fields)* .. })
    }

    fn errcode(&self, variant: &Variant, binder: &mut Binder) -> Body {
        let own = match &variant.wire {
            Wire::Delegated { inner } => return self.delegate(binder, *inner, Method::Errcode),
            Wire::Own(own) => own,
        };
        match &own.errcode {
            Source::Fixed(errcode) => Body::same(Same::Errcode(errcode.clone()), quote!(#errcode)),
            // `With` is never an errcode's source; it would be read as the field.
            Source::Field(index) | Source::With(index, _) => {
                let errcode_field = self.rt.errcode_field();
                let (field, span) = binder.field(*index);
                Body::of(quote_spanned!(span=> #errcode_field::errcode(#field)))
            }
            Source::Kind(kind) => self.kind_call(binder, *kind, Method::Errcode),
        }
    }

    fn status(&self, variant: &Variant, binder: &mut Binder) -> Body {
        match &variant.wire {
            Wire::Delegated { inner } => self.delegate(binder, *inner, Method::Status),
            Wire::Own(own) => self.status_of(own, binder),
        }
    }

    fn status_of(&self, own: &Own, binder: &mut Binder) -> Body {
        match &own.status {
            Source::Fixed(status) => Body::same(Same::Status(*status), quote!(#status)),
            Source::Field(index) => {
                let status_field = self.rt.status_field();
                let (field, span) = binder.field(*index);
                Body::of(quote_spanned!(span=> #status_field::status_code(#field)))
            }
            // Spanned at the path, which is spanned at the `status_with` string: a function
            // that returns no status is reported there.
            Source::With(index, path) => {
                let status_field = self.rt.status_field();
                let (field, _) = binder.field(*index);
                let span = path.span();
                Body::of(quote_spanned!(span=> #status_field::status_code(&#path(#field))))
            }
            Source::Kind(kind) => self.kind_call(binder, *kind, Method::Status),
        }
    }

    /// `MatrixError::method(inner, args...)` for a `transparent` variant, spanned at the
    /// inner field's type so that an inner type that is no `MatrixError` is reported there.
    /// An inner type that names no type parameter goes through `transparent_helper`.
    fn delegate(&self, binder: &mut Binder, inner: usize, method: Method) -> Body {
        let concrete = !mentions_type_param(self.model.generics, binder.variant.fields[inner].ty);
        let (inner, span) = binder.field(inner);
        let map = method.takes_map().then(|| quote!(__map));
        if concrete {
            let helper = helper_name(method);
            return Body::of(quote_spanned!(span=> (&__MatrixInner(#inner)).#helper(#map)));
        }
        let matrix_error = self.rt.matrix_error();
        let name = method.name();
        let map = map.map(|map| quote!(, #map));
        Body::of(quote_spanned!(span=> #matrix_error::#name(#inner #map)))
    }

    /// `format_args!(...)` for a template, with its fields as named arguments.
    fn format_args(
        &self,
        lit: &LitStr,
        format: &str,
        fields: &[usize],
        binder: &mut Binder,
    ) -> TokenStream {
        let format = LitStr::new(format, lit.span());
        let args = fields.iter().map(|&index| {
            let name = Ident::new(&message::arg_name(index), lit.span());
            let (field, _) = binder.field(index);
            quote!(#name = #field)
        });
        let args: Vec<TokenStream> = args.collect();
        quote_spanned!(lit.span()=> ::core::format_args!(#format, #(#args),*))
    }

    /// A span at the variant's name, where an error about its Display text belongs.
    fn span(&self, variant: &Variant) -> Span {
        variant.ident.span()
    }

    fn message(&self, variant: &Variant, binder: &mut Binder) -> Body {
        let own = match &variant.wire {
            Wire::Delegated { inner } => return self.delegate(binder, *inner, Method::Message),
            Wire::Own(own) => own,
        };
        let (cow, format, to_string) = (self.rt.cow(), self.rt.format(), self.rt.to_string());
        self.wire_message(
            own,
            binder,
            |text| quote!(#cow::Borrowed(#text)),
            |args| quote!(#cow::Owned(#format(#args))),
            quote_spanned!(self.span(variant)=> #cow::Owned(#to_string::to_string(self))),
        )
    }

    fn serialize_message(&self, variant: &Variant, binder: &mut Binder) -> Body {
        let own = match &variant.wire {
            Wire::Delegated { inner } => {
                return self.delegate(binder, *inner, Method::SerializeMessage);
            }
            Wire::Own(own) => own,
        };
        let (serialize_map, serialize_message) = (self.rt.serialize_map(), self.rt.write_message());
        // Every form is written straight to the serializer, with no `String` in between: a
        // fixed text as a string, the others through `collect_str`.
        self.wire_message(
            own,
            binder,
            |text| quote!(#serialize_map::serialize_entry(__map, "error", #text)),
            |args| quote!(#serialize_message(__map, &#args)),
            quote_spanned!(self.span(variant)=> #serialize_message(__map, self)),
        )
    }

    /// The message rule of a variant, with each form of text made into code by `text` (a
    /// `&str`), `format` (a `format_args!`) and `display` (the Display text).
    fn wire_message(
        &self,
        own: &Own,
        binder: &mut Binder,
        text: impl Fn(TokenStream) -> TokenStream,
        format: impl Fn(TokenStream) -> TokenStream,
        display: TokenStream,
    ) -> Body {
        let redacted = self.rt.redacted();
        match &own.message {
            Message::Template(_, Template::Fixed(fixed)) => {
                Body::same(Same::Text(fixed.clone()), text(quote!(#fixed)))
            }
            Message::Template(
                lit,
                Template::Format {
                    format: string,
                    fields,
                    ..
                },
            ) => {
                let tokens = format(self.format_args(lit, string, fields, binder));
                match fields.is_empty() {
                    true => Body::same(Same::Format(string.clone()), tokens),
                    false => Body::of(tokens),
                }
            }
            Message::Display => Body::same(Same::Display, display),
            Message::Redacted => Body::same(Same::Redacted, text(redacted)),
            Message::RedactedIf5xx => {
                let status = self.status_of(own, binder).tokens;
                let redacted = text(redacted);
                Body::of(quote!(if #status >= 500 { #redacted } else { #display }))
            }
        }
    }

    fn retry_after(&self, variant: &Variant, binder: &mut Binder) -> Body {
        if let Wire::Delegated { inner } = variant.wire {
            return self.delegate(binder, inner, Method::RetryAfter);
        }
        let retry_after =
            (variant.fields.iter()).position(|field| matches!(field.role, Role::RetryAfter));
        let kind = match &variant.wire {
            Wire::Own(own) => own.kind,
            Wire::Delegated { .. } => None,
        };
        match (retry_after, kind) {
            (Some(index), _) => {
                let retry_after_field = self.rt.retry_after_field();
                let (field, span) = binder.field(index);
                Body::of(quote_spanned!(span=> #retry_after_field::retry_after(#field)))
            }
            (None, Some(kind)) => self.kind_call(binder, kind, Method::RetryAfter),
            (None, None) => Body::same(Same::NoRetryAfter, quote!(::core::option::Option::None)),
        }
    }

    fn serialize_extras(&self, variant: &Variant, binder: &mut Binder) -> Body {
        let own = match &variant.wire {
            Wire::Delegated { inner } => {
                return self.delegate(binder, *inner, Method::SerializeExtras);
            }
            Wire::Own(own) => own,
        };
        let rt = &self.rt;
        let mut writes = Vec::new();
        for (index, field) in variant.fields.iter().enumerate() {
            match &field.role {
                Role::Extra(key) => {
                    let field_value = rt.field_value();
                    let (value, span) = binder.field(index);
                    writes.push(
                        quote_spanned!(span=> #field_value::__write_field(#value, __map, #key)),
                    );
                }
                Role::RetryAfter => {
                    let (write_retry_after, retry_after_field) =
                        (rt.write_retry_after(), rt.retry_after_field());
                    let (value, span) = binder.field(index);
                    writes.push(quote_spanned! {span=>
                        #write_retry_after(__map, #retry_after_field::retry_after(#value))
                    });
                }
                Role::Unused
                | Role::Flatten
                | Role::Errcode
                | Role::Status
                | Role::Kind
                | Role::StatusWith(_) => {}
            }
        }
        let serialize_map = rt.serialize_map();
        for (key, value) in &own.constants {
            writes.push(quote!(#serialize_map::serialize_entry(__map, #key, &#value)));
        }
        let keys = &own.written_keys;
        // The kind's keys, but those the variant writes itself (`errcode` and `error` are
        // never among a kind's keys).
        if let Some(kind) = own.kind {
            let (matrix_error, serialize_extras) =
                (rt.matrix_error(), Runtime::serialize_extras_method());
            let own_keys: Vec<&String> = (keys.iter())
                .filter(|key| !RESERVED_KEYS.contains(&key.as_str()))
                .collect();
            let (value, span) = binder.field(kind);
            writes.push(match own_keys.is_empty() {
                true => quote_spanned!(span=> #matrix_error::#serialize_extras(#value, __map)),
                false => {
                    let skip_keys = rt.skip_keys();
                    quote_spanned! {span=>
                        #matrix_error::#serialize_extras(#value, &mut #skip_keys::new(__map, &[#(#own_keys),*]))
                    }
                }
            });
        }
        // Each `flatten` field after the first also leaves out the keys the earlier ones
        // wrote: `&(first, (second, ()))`, checked at run time, since a map's keys are.
        let mut earlier: Option<TokenStream> = None;
        let field_value = rt.field_value();
        for (index, field) in variant.fields.iter().enumerate() {
            if let Role::Flatten = field.role {
                let (value, span) = binder.field(index);
                writes.push(match &earlier {
                    None => {
                        quote_spanned!(span=> #field_value::__write_flatten(#value, __map, &[#(#keys),*]))
                    }
                    Some(earlier) => quote_spanned! {span=>
                        #field_value::__write_flatten_after(#value, __map, &[#(#keys),*], &#earlier)
                    },
                });
                let rest = earlier.take().unwrap_or_else(|| quote!(()));
                earlier = Some(quote!((#value, #rest)));
            }
        }
        let constants = (own.constants.iter())
            .map(|(key, value)| (key.clone(), json_text(value)))
            .collect();
        // Each write returns the method's `Result`: the last one is the value.
        let tokens = match writes.pop() {
            None => quote!(::core::result::Result::Ok(())),
            Some(last) => quote! {
                #(#writes?;)*
                #last
            },
        };
        Body::same(Same::Constants(constants), tokens)
    }

    /// A `transparent` variant whose field's type names no type parameter delegates through
    /// `__MatrixInner` (see `transparent_helper`): the impl then holds whether or not the type
    /// is a `MatrixError`, and one assertion per such type reports it once, at the type.
    fn with_transparent_helper(&self, impl_matrix_error: TokenStream) -> TokenStream {
        let concrete: Vec<&Type> = (self.model.variants.iter())
            .filter_map(|variant| match variant.wire {
                Wire::Delegated { inner } => Some(variant.fields[inner].ty),
                Wire::Own(_) => None,
            })
            .filter(|ty| !mentions_type_param(self.model.generics, ty))
            .collect();
        if concrete.is_empty() {
            return impl_matrix_error;
        }
        let helper = self.transparent_helper();
        let matrix_error = self.rt.matrix_error();
        let (impl_generics, _, where_clause) = self.model.generics.split_for_impl();
        let asserts = concrete
            .iter()
            .map(|ty| quote_spanned!(ty.span()=> let _ = <#ty as #matrix_error>::status;));
        quote! {
            const _: () = {
                #helper
                #impl_matrix_error
                #[allow(dead_code)]
                fn __matrix_inner_is_a_matrix_error #impl_generics () #where_clause {
                    #(#asserts)*
                }
            };
        }
    }

    /// Delegation by method resolution: `(&__MatrixInner(inner)).__matrix_errcode()` finds
    /// `__MatrixDelegate`'s method where the inner type is a `MatrixError`, and else the one
    /// of `__MatrixNotAnError`, which never runs (the assertion beside it fails to compile).
    fn transparent_helper(&self) -> TokenStream {
        let matrix_error = self.rt.matrix_error();
        let signatures = Method::ALL.map(|method| helper_signature(method, &self.rt));
        let delegated = Method::ALL
            .iter()
            .zip(&signatures)
            .map(|(method, signature)| {
                let name = method.name();
                let map = method.takes_map().then(|| quote!(, __map));
                quote!(#signature { #matrix_error::#name(self.0 #map) })
            });
        let unreachable =
            (signatures.iter()).map(|signature| quote!(#signature { ::core::unreachable!() }));
        quote! {
            #[allow(dead_code)]
            struct __MatrixInner<'__i, __T: ?::core::marker::Sized>(&'__i __T);
            impl<'__i, __T: ?::core::marker::Sized> ::core::clone::Clone for __MatrixInner<'__i, __T> {
                fn clone(&self) -> Self {
                    *self
                }
            }
            impl<'__i, __T: ?::core::marker::Sized> ::core::marker::Copy for __MatrixInner<'__i, __T> {}
            #[allow(dead_code)]
            trait __MatrixDelegate<'__i> {
                #(#signatures;)*
            }
            impl<'__i, __T: #matrix_error> __MatrixDelegate<'__i> for &__MatrixInner<'__i, __T> {
                #(#delegated)*
            }
            #[allow(dead_code)]
            trait __MatrixNotAnError<'__i> {
                #(#signatures;)*
            }
            impl<'__i, __T: ?::core::marker::Sized> __MatrixNotAnError<'__i> for __MatrixInner<'__i, __T> {
                #(#unreachable)*
            }
        }
    }

    fn impl_from_field(&self, variant: &Variant) -> Option<TokenStream> {
        let index = variant.from?;
        let field = &variant.fields[index];
        let (ty, member) = (field.ty, &field.member);
        let ident = self.model.ident;
        let (impl_generics, ty_generics, where_clause) = self.model.generics.split_for_impl();
        let path = path(variant);
        Some(quote! {
            #[automatically_derived]
            impl #impl_generics ::core::convert::From<#ty> for #ident #ty_generics #where_clause {
                fn from(source: #ty) -> Self {
                    #path { #member: source }
                }
            }
        })
    }

    fn impl_into_error(&self) -> TokenStream {
        let (matrix_error, error, error_from) = (
            self.rt.matrix_error(),
            self.rt.error(),
            self.rt.error_from(),
        );
        let ident = self.model.ident;
        let (impl_generics, ty_generics, _) = self.model.generics.split_for_impl();
        let mut bounds = self.bounds();
        if !self.model.generics.params.is_empty() {
            bounds.push(syn::parse_quote!(#ident #ty_generics: #matrix_error));
        }
        let where_clause = self.where_clause(bounds);
        quote! {
            #[automatically_derived]
            impl #impl_generics ::core::convert::From<#ident #ty_generics> for #error #where_clause {
                fn from(error: #ident #ty_generics) -> Self {
                    #error_from(&error)
                }
            }
        }
    }

    /// The impls of the integrations the container asks for (`#[matrix(axum)]`, ...): a call
    /// of the runtime crate's macro for each (`__impl_axum!`), which writes the impl with the
    /// runtime's feature of that name and says which feature to turn on without it. The call
    /// is spanned at the key, where that error is reported. The generics, the type and its
    /// where-clause predicates go in as bracketed token groups. No key, nothing: the
    /// integrations are never decided by the features alone, which Cargo unifies across the
    /// build (a crate with its own `IntoResponse` would not compile once any crate turned
    /// `axum` on).
    fn impl_integrations(&self) -> TokenStream {
        let ident = self.model.ident;
        let (impl_generics, ty_generics, where_clause) = self.model.generics.split_for_impl();
        let predicates: Vec<&WherePredicate> = where_clause
            .map(|clause| clause.predicates.iter().collect())
            .unwrap_or_default();
        let calls = self.model.integrations.iter().map(|&(integration, span)| {
            let mut path = match integration {
                Integration::Axum => self.rt.impl_axum(),
                Integration::ActixWeb => self.rt.impl_actix_web(),
                Integration::Ruma => self.rt.impl_ruma(),
            };
            path = respan(path, span);
            quote_spanned! {span=>
                #path! {
                    impl [#impl_generics] type [#ident #ty_generics] where [#(#predicates,)*]
                }
            }
        });
        quote!(#(#calls)*)
    }

    /// Bounds the generated code needs on field types that mention a type parameter.
    fn bounds(&self) -> Vec<WherePredicate> {
        let rt = &self.rt;
        let mut bounds = Vec::new();
        let needs_display = (self.model.variants.iter()).any(|variant| match &variant.wire {
            Wire::Own(own) => matches!(own.message, Message::Display | Message::RedactedIf5xx),
            Wire::Delegated { .. } => false,
        });
        if needs_display && !self.model.generics.params.is_empty() {
            let ident = self.model.ident;
            let (_, ty_generics, _) = self.model.generics.split_for_impl();
            bounds.push(syn::parse_quote!(#ident #ty_generics: ::core::fmt::Display));
        }
        for variant in &self.model.variants {
            // A field a `message` template formats needs the trait of each placeholder
            // naming it (`{0}` Display, `{0:?}` Debug, ...), as thiserror infers for Display.
            if let Wire::Own(Own {
                message: Message::Template(_, Template::Format { traits, .. }),
                ..
            }) = &variant.wire
            {
                for (index, format_trait) in traits {
                    let name = Ident::new(format_trait.name(), Span::call_site());
                    self.bound(
                        &mut bounds,
                        variant.fields[*index].ty,
                        quote!(::core::fmt::#name),
                    );
                }
            }
            for field in &variant.fields {
                let bound = match (&variant.wire, &field.role) {
                    (Wire::Delegated { .. }, _) | (_, Role::Kind) => rt.matrix_error(),
                    (_, Role::Extra(_) | Role::Flatten) => rt.field_value(),
                    (_, Role::RetryAfter) => rt.retry_after_field(),
                    (_, Role::Errcode) => rt.errcode_field(),
                    (_, Role::Status) => rt.status_field(),
                    // The function's own signature says what it takes.
                    (_, Role::Unused | Role::StatusWith(_)) => continue,
                };
                self.bound(&mut bounds, field.ty, bound);
            }
        }
        bounds
    }

    fn bound(&self, bounds: &mut Vec<WherePredicate>, ty: &Type, bound: TokenStream) {
        if mentions_type_param(self.model.generics, ty) {
            bounds.push(syn::parse_quote!(#ty: #bound));
        }
    }

    fn where_clause(&self, bounds: Vec<WherePredicate>) -> Option<syn::WhereClause> {
        let mut clause = self.model.generics.where_clause.clone();
        if !bounds.is_empty() {
            let clause = clause.get_or_insert_with(|| syn::parse_quote!(where));
            clause.predicates.extend(bounds);
        }
        clause
    }
}

/// The tokens with every span set to `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            token.set_span(span);
            token
        })
        .collect()
}

/// `Self::Variant`, or `Self` for a struct.
fn path(variant: &Variant) -> TokenStream {
    match variant.is_struct {
        true => quote!(Self),
        false => {
            let ident = variant.ident;
            quote!(Self::#ident)
        }
    }
}

fn mentions_type_param(generics: &Generics, ty: &Type) -> bool {
    let params: Vec<&Ident> = generics.type_params().map(|param| &param.ident).collect();
    if params.is_empty() {
        return false;
    }
    fn walk(tokens: TokenStream, params: &[&Ident]) -> bool {
        tokens.into_iter().any(|token| match token {
            TokenTree::Ident(ident) => params.iter().any(|param| **param == ident),
            TokenTree::Group(group) => walk(group.stream(), params),
            _ => false,
        })
    }
    walk(quote!(#ty), &params)
}

/// What is emitted next to the errors when the input is wrong: an impl whose bodies never
/// run, so that uses of the type do not add follow-on errors to the real ones.
pub(crate) fn stub(input: &DeriveInput, krate: &syn::Path) -> TokenStream {
    let rt = Runtime::new(krate.clone());
    let (matrix_error, cow, map, error, error_info) = (
        rt.matrix_error(),
        rt.cow(),
        rt.json_map(),
        rt.error(),
        rt.error_info(),
    );
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics #matrix_error for #ident #ty_generics #where_clause {
            fn errcode(&self) -> &str {
                ::core::unreachable!()
            }
            fn status(&self) -> ::core::primitive::u16 {
                ::core::unreachable!()
            }
            fn message(&self) -> #cow<'_, ::core::primitive::str> {
                ::core::unreachable!()
            }
            fn error_dict(&self) -> #map {
                ::core::unreachable!()
            }
        }
        #[automatically_derived]
        impl #impl_generics ::core::convert::From<#ident #ty_generics> for #error #where_clause {
            fn from(_: #ident #ty_generics) -> Self {
                ::core::unreachable!()
            }
        }
        #[automatically_derived]
        impl #impl_generics #ident #ty_generics #where_clause {
            #[allow(dead_code)]
            pub const ERRORS: &'static [#error_info] = &[];
        }
    }
}

/// A `Dialects` value, as a constant expression (promoted to `'static` where it is borrowed).
pub(crate) fn dialects_tokens(rt: &Runtime, d: &crate::dialect::Dialects) -> TokenStream {
    let some = |value: Option<TokenStream>| match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    };
    let zulip_code = some(d.zulip_code.as_ref().map(|code| quote!(#code)));
    let zulip_status = some(d.zulip_status.map(|status| quote!(#status)));
    let zulip_code_status = some(d.zulip_code_status.map(|status| quote!(#status)));
    let mastodon_status = some(d.mastodon_status.map(|status| quote!(#status)));
    let mastodon_error = some(d.mastodon_error.as_ref().map(|error| quote!(#error)));
    let oauth = some(
        d.oauth
            .as_ref()
            .map(|(code, status)| quote!((#code, #status))),
    );
    let (mapped, keyed) = (d.mapped, d.keyed);
    let mastodon_mapped_status = some(d.mastodon_mapped_status.map(|status| quote!(#status)));
    let dialects = rt.dialects();
    quote! {
        #dialects {
            zulip_code: #zulip_code,
            zulip_status: #zulip_status,
            zulip_code_status: #zulip_code_status,
            mastodon_status: #mastodon_status,
            mastodon_error: #mastodon_error,
            oauth: #oauth,
            mapped: #mapped,
            mastodon_mapped_status: #mastodon_mapped_status,
            keyed: #keyed,
        }
    }
}
