//! Code generation from a checked [`Plan`]. Every path is absolute (`::core::...`, or the
//! runtime crate's path), so the output compiles in any module, `#![no_implicit_prelude]`
//! included.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Generics, LitStr, Type, WherePredicate};

use crate::message::{self, Template};
use crate::valid::{FieldPlan, Kind, Message, Normal, Plan, Role, Source, VariantPlan};

const BINDING: &str = "__matrix_field";

fn binding(index: usize) -> Ident {
    format_ident!("{}{}", BINDING, index)
}

// The keys of bodies that use no field, for `Plan::arms`.

fn errcode_key(normal: &Normal, _: &VariantPlan) -> Option<String> {
    match &normal.errcode {
        Source::Fixed(errcode) => Some(errcode.clone()),
        Source::Field(_) => None,
    }
}

fn status_key(normal: &Normal, _: &VariantPlan) -> Option<String> {
    match normal.status {
        Source::Fixed(status) => Some(status.to_string()),
        Source::Field(_) => None,
    }
}

fn message_key(normal: &Normal, _: &VariantPlan) -> Option<String> {
    match &normal.message {
        Message::Template(_, Template::Fixed(text)) => Some(format!("text {text}")),
        Message::Display => Some("display".to_owned()),
        Message::Redacted => Some("redacted".to_owned()),
        Message::Template(_, Template::Format { .. }) | Message::ByStatus => None,
    }
}

/// `retry_after` is `None`.
fn no_retry_key(_: &Normal, variant: &VariantPlan) -> Option<String> {
    let retry = |field: &FieldPlan| matches!(field.role, Role::RetryAfter);
    (!variant.fields.iter().any(retry)).then(String::new)
}

/// The body has no key beyond `errcode` and `error`.
fn no_extras_key(normal: &Normal, variant: &VariantPlan) -> Option<String> {
    let written = |field: &FieldPlan| {
        matches!(
            field.role,
            Role::Extra(_) | Role::RetryAfter | Role::Flatten
        )
    };
    (normal.constants.is_empty() && !variant.fields.iter().any(written)).then(String::new)
}

/// Which of a variant's `fields` the code `text` uses (names the binding of).
fn used_bindings(text: &str, fields: usize) -> Vec<bool> {
    let mut used = vec![false; fields];
    for (at, _) in text.match_indices(BINDING) {
        let rest = &text[at + BINDING.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(index) = rest[..digits].parse::<usize>() {
            if let Some(used) = used.get_mut(index) {
                *used = true;
            }
        }
    }
    used
}

/// The binding of field `index`, spanned at the field's type, with that span: code that
/// uses the field is spanned there too, so a type that does not fit is reported at it.
fn field_at(variant: &VariantPlan, index: usize) -> (Ident, Span) {
    let span = variant.fields[index].ty.span();
    let mut field = binding(index);
    field.set_span(span);
    (field, span)
}

impl Plan<'_> {
    pub(crate) fn expand(&self) -> TokenStream {
        let krate = &self.krate;
        let ident = self.ident;
        let (impl_generics, ty_generics, _) = self.generics.split_for_impl();
        let where_clause = self.where_clause(self.bounds());

        let errcode = self.arms(errcode_key, |variant| self.errcode(variant));
        let status = self.arms(status_key, |variant| self.status(variant));
        let message = self.arms(message_key, |variant| self.message(variant));
        let retry_after = self.arms(no_retry_key, |variant| self.retry_after(variant));
        let serialize_message = self.arms(message_key, |variant| self.serialize_message(variant));
        let serialize_extras = self.arms(no_extras_key, |variant| self.serialize_extras(variant));
        let froms = self
            .variants
            .iter()
            .filter_map(|variant| self.impl_from_field(variant));
        let parse = self.parse.then(|| self.impl_from_parts());
        let into_error = self.impl_into_error();
        let listing = self.impl_listing();
        let frameworks = self.impl_frameworks();

        quote! {
            #[automatically_derived]
            #[allow(unused_variables, clippy::match_single_binding)]
            impl #impl_generics #krate::MatrixError for #ident #ty_generics #where_clause {
                fn errcode(&self) -> &str {
                    #errcode
                }
                fn status(&self) -> ::core::primitive::u16 {
                    #status
                }
                fn message(&self) -> #krate::__private::Cow<'_, ::core::primitive::str> {
                    #message
                }
                fn retry_after(&self) -> ::core::option::Option<#krate::RetryAfter> {
                    #retry_after
                }
                fn error_dict(&self) -> #krate::__private::Map<::std::string::String, #krate::__private::Value> {
                    #krate::__private::error_dict(self)
                }
                fn __serialize_message<__M>(&self, __map: &mut __M) -> ::core::result::Result<(), __M::Error>
                where
                    __M: #krate::__private::SerializeMap,
                    Self: ::core::marker::Sized,
                {
                    #serialize_message
                }
                fn __serialize_extras<__M>(&self, __map: &mut __M) -> ::core::result::Result<(), __M::Error>
                where
                    __M: #krate::__private::SerializeMap,
                    Self: ::core::marker::Sized,
                {
                    #serialize_extras
                }
            }
            #into_error
            #frameworks
            #(#froms)*
            #parse
            #listing
        }
    }

    /// A `match` over every variant. An arm binds only the fields its body uses, and
    /// variants whose bodies use no field and are the same share one arm
    /// (`Self::A { .. } | Self::B { .. } => ...`): less code for the compiler to check.
    ///
    /// `key` tells of a variant that is not `transparent` whether its body uses no field,
    /// with a key that is the same for the same body: such a body is made once, for the
    /// first variant with that key.
    fn arms(
        &self,
        key: impl Fn(&Normal, &VariantPlan) -> Option<String>,
        body: impl Fn(&VariantPlan) -> TokenStream,
    ) -> TokenStream {
        if self.variants.is_empty() {
            return quote!(match *self {});
        }
        // Each arm's patterns and body, and how many arms use no field.
        let mut arms: Vec<(Vec<TokenStream>, TokenStream)> = Vec::new();
        let mut shared = 0;
        // The arm of each key, and of each body text that uses no field.
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut by_text: HashMap<String, usize> = HashMap::new();
        for variant in &self.variants {
            let no_field = vec![false; variant.fields.len()];
            let key = match &variant.kind {
                Kind::Normal(normal) => key(normal, variant),
                Kind::Transparent(_) => None,
            };
            if let Some(key) = key {
                let pattern = self.pattern_using(variant, &no_field);
                match by_key.entry(key) {
                    Entry::Occupied(entry) => arms[*entry.get()].0.push(pattern),
                    Entry::Vacant(entry) => {
                        entry.insert(arms.len());
                        arms.push((vec![pattern], body(variant)));
                        shared += 1;
                    }
                }
                continue;
            }
            let body = body(variant);
            // One conversion to text gives both the fields the body uses and its key.
            let text = body.to_string();
            let used = used_bindings(&text, variant.fields.len());
            let pattern = self.pattern_using(variant, &used);
            if used != no_field {
                arms.push((vec![pattern], body));
                continue;
            }
            match by_text.entry(text) {
                Entry::Occupied(entry) => arms[*entry.get()].0.push(pattern),
                Entry::Vacant(entry) => {
                    entry.insert(arms.len());
                    arms.push((vec![pattern], body));
                    shared += 1;
                }
            }
        }
        if let [(_, body)] = arms.as_slice() {
            if shared == 1 {
                // Every variant runs the same code, which uses no field.
                return body.clone();
            }
        }
        // The arm shared by the most variants becomes the last, `_`: a pattern with many
        // alternatives costs the compiler more than it does for each.
        let largest = (0..arms.len()).max_by_key(|&index| arms[index].0.len());
        let wildcard = largest
            .filter(|&index| arms[index].0.len() > 1)
            .map(|index| arms.remove(index).1);
        let arms = arms
            .iter()
            .map(|(patterns, body)| quote!(#(#patterns)|* => { #body }));
        let wildcard = wildcard.map(|body| quote!(_ => { #body }));
        quote! {
            match self {
                #(#arms)*
                #wildcard
            }
        }
    }

    /// `Self::Variant { member: binding, .. }` binding the fields marked in `used`.
    fn pattern_using(&self, variant: &VariantPlan, used: &[bool]) -> TokenStream {
        let path = self.path(variant);
        let fields = variant
            .fields
            .iter()
            .enumerate()
            .filter(|&(index, _)| used[index])
            .map(|(index, field)| {
                let member = &field.member;
                let binding = binding(index);
                quote!(#member: #binding,)
            });
        quote!(#path { #(#fields)* .. })
    }

    fn path(&self, variant: &VariantPlan) -> TokenStream {
        match variant.ident {
            Some(ident) => quote!(Self::#ident),
            None => quote!(Self),
        }
    }

    fn pattern(&self, variant: &VariantPlan) -> TokenStream {
        let path = self.path(variant);
        let fields = variant.fields.iter().enumerate().map(|(index, field)| {
            let member = &field.member;
            let binding = binding(index);
            quote!(#member: #binding)
        });
        quote!(#path { #(#fields),* })
    }

    fn errcode(&self, variant: &VariantPlan) -> TokenStream {
        match &variant.kind {
            Kind::Transparent(index) => self.delegate(variant, *index, quote!(errcode)),
            Kind::Normal(normal) => match &normal.errcode {
                Source::Fixed(errcode) => quote!(#errcode),
                Source::Field(index) => {
                    let (field, span) = field_at(variant, *index);
                    quote_spanned!(span=> ::core::convert::AsRef::<::core::primitive::str>::as_ref(#field))
                }
            },
        }
    }

    /// `MatrixError::method(inner, args...)` for a `transparent` variant, spanned at the
    /// inner field's type so that an inner type that is no `MatrixError` is reported there.
    fn delegate(
        &self,
        variant: &VariantPlan,
        index: usize,
        method_and_args: TokenStream,
    ) -> TokenStream {
        let krate = &self.krate;
        let (inner, span) = field_at(variant, index);
        let mut tokens = method_and_args.into_iter();
        let method = tokens.next();
        let args: TokenStream = tokens.collect();
        quote_spanned!(span=> #krate::MatrixError::#method(#inner #args))
    }

    fn status_of(&self, variant: &VariantPlan, normal: &Normal) -> TokenStream {
        let krate = &self.krate;
        match &normal.status {
            Source::Fixed(status) => quote!(#status),
            Source::Field(index) => {
                let (field, span) = field_at(variant, *index);
                quote_spanned!(span=> #krate::__private::StatusField::status_code(#field))
            }
        }
    }

    fn status(&self, variant: &VariantPlan) -> TokenStream {
        match &variant.kind {
            Kind::Transparent(index) => self.delegate(variant, *index, quote!(status)),
            Kind::Normal(normal) => self.status_of(variant, normal),
        }
    }

    /// `format_args!(...)` for a template, with its fields as named arguments.
    fn format_args(&self, lit: &LitStr, format: &str, fields: &[usize]) -> TokenStream {
        let format = LitStr::new(format, lit.span());
        let args = fields.iter().map(|&index| {
            let name = Ident::new(&message::arg_name(index), lit.span());
            let field = binding(index);
            quote!(#name = #field)
        });
        quote_spanned!(lit.span()=> ::core::format_args!(#format, #(#args),*))
    }

    /// A span at the variant's name, where an error about its Display text belongs.
    fn span(&self, variant: &VariantPlan) -> Span {
        variant.ident.map_or_else(|| self.ident.span(), Ident::span)
    }

    fn message(&self, variant: &VariantPlan) -> TokenStream {
        let krate = &self.krate;
        let normal = match &variant.kind {
            Kind::Transparent(index) => return self.delegate(variant, *index, quote!(message)),
            Kind::Normal(normal) => normal,
        };
        self.wire_message(
            variant,
            normal,
            |text| quote!(#krate::__private::Cow::Borrowed(#text)),
            |args| quote!(#krate::__private::Cow::Owned(#krate::__private::format(#args))),
            quote_spanned! {self.span(variant)=>
                #krate::__private::Cow::Owned(#krate::__private::ToString::to_string(self))
            },
        )
    }

    fn serialize_message(&self, variant: &VariantPlan) -> TokenStream {
        let krate = &self.krate;
        let normal = match &variant.kind {
            Kind::Transparent(index) => {
                return self.delegate(variant, *index, quote!(__serialize_message, __map));
            }
            Kind::Normal(normal) => normal,
        };
        // Every form is written straight to the serializer, with no `String` in between: a
        // fixed text as a string, the others through `collect_str`.
        self.wire_message(
            variant,
            normal,
            |text| quote!(#krate::__private::SerializeMap::serialize_entry(__map, "error", #text)),
            |args| quote!(#krate::__private::write_message(__map, &#args)),
            quote_spanned! {self.span(variant)=>
                #krate::__private::write_message(__map, self)
            },
        )
    }

    /// The message rule of a variant, with each form of text made into code by `text` (a
    /// `&str`), `format` (a `format_args!`) and `display` (the Display text).
    fn wire_message(
        &self,
        variant: &VariantPlan,
        normal: &Normal,
        text: impl Fn(TokenStream) -> TokenStream,
        format: impl Fn(TokenStream) -> TokenStream,
        display: TokenStream,
    ) -> TokenStream {
        let krate = &self.krate;
        let redacted = || text(quote!(#krate::__private::REDACTED));
        match &normal.message {
            Message::Template(_, Template::Fixed(fixed)) => text(quote!(#fixed)),
            Message::Template(
                lit,
                Template::Format {
                    format: string,
                    fields,
                },
            ) => format(self.format_args(lit, string, fields)),
            Message::Display => display,
            Message::Redacted => redacted(),
            Message::ByStatus => {
                let status = self.status_of(variant, normal);
                let redacted = redacted();
                quote!(if #status >= 500 { #redacted } else { #display })
            }
        }
    }

    fn serialize_extras(&self, variant: &VariantPlan) -> TokenStream {
        let krate = &self.krate;
        let normal = match &variant.kind {
            Kind::Transparent(index) => {
                return self.delegate(variant, *index, quote!(__serialize_extras, __map));
            }
            Kind::Normal(normal) => normal,
        };
        let mut writes = Vec::new();
        for (index, field) in variant.fields.iter().enumerate() {
            let (value, span) = field_at(variant, index);
            match &field.role {
                Role::Extra(key) => writes.push(quote_spanned! {span=>
                    #krate::__private::write_field(__map, #key, #value)
                }),
                Role::RetryAfter => writes.push(quote_spanned! {span=>
                    #krate::__private::write_retry_after(
                        __map,
                        #krate::__private::RetryAfterField::retry_after(#value),
                    )
                }),
                _ => {}
            }
        }
        for (key, value) in &normal.constants {
            writes.push(quote! {
                #krate::__private::SerializeMap::serialize_entry(__map, #key, &#value)
            });
        }
        let keys = &normal.keys;
        for (index, field) in variant.fields.iter().enumerate() {
            if let Role::Flatten = field.role {
                let (value, span) = field_at(variant, index);
                writes.push(quote_spanned! {span=>
                    #krate::__private::write_flatten(__map, #value, &[#(#keys),*])
                });
            }
        }
        // Each write returns the method's `Result`: the last one is the value.
        match writes.pop() {
            None => quote!(::core::result::Result::Ok(())),
            Some(last) => quote! {
                #(#writes?;)*
                #last
            },
        }
    }

    fn retry_after(&self, variant: &VariantPlan) -> TokenStream {
        let krate = &self.krate;
        if let Kind::Transparent(index) = variant.kind {
            return self.delegate(variant, index, quote!(retry_after));
        }
        match variant
            .fields
            .iter()
            .position(|field| matches!(field.role, Role::RetryAfter))
        {
            Some(index) => {
                let (field, span) = field_at(variant, index);
                quote_spanned!(span=> #krate::__private::RetryAfterField::retry_after(#field))
            }
            None => quote!(::core::option::Option::None),
        }
    }

    fn impl_from_field(&self, variant: &VariantPlan) -> Option<TokenStream> {
        let index = variant.from?;
        let field = &variant.fields[index];
        let (ty, member) = (field.ty, &field.member);
        let ident = self.ident;
        let (impl_generics, ty_generics, where_clause) = self.generics.split_for_impl();
        let path = self.path(variant);
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
        let krate = &self.krate;
        let ident = self.ident;
        let (impl_generics, ty_generics, _) = self.generics.split_for_impl();
        let mut bounds = self.bounds();
        if !self.generics.params.is_empty() {
            bounds.push(syn::parse_quote!(#ident #ty_generics: #krate::MatrixError));
        }
        let where_clause = self.where_clause(bounds);
        quote! {
            #[automatically_derived]
            impl #impl_generics ::core::convert::From<#ident #ty_generics> for #krate::Error #where_clause {
                fn from(error: #ident #ty_generics) -> Self {
                    #krate::__private::error_from(&error)
                }
            }
        }
    }

    /// The impls of the runtime crate's enabled integrations (axum's `IntoResponse`, ...): a
    /// call of its `__impl_frameworks!`, which expands to nothing when no feature is on. The
    /// generics, the type and its where-clause predicates go in as bracketed token groups.
    fn impl_frameworks(&self) -> TokenStream {
        let krate = &self.krate;
        let ident = self.ident;
        let (impl_generics, ty_generics, where_clause) = self.generics.split_for_impl();
        let predicates = where_clause.map(|clause| clause.predicates.iter());
        let predicates = predicates.into_iter().flatten();
        quote! {
            #krate::__impl_frameworks! {
                impl [#impl_generics] type [#ident #ty_generics] where [#(#predicates,)*]
            }
        }
    }

    /// `parse`: decoding errcode and extra keys back into the type (`DecodeBody`), and
    /// `TryFrom<&matrix_error::Error>` on top of it.
    fn impl_from_parts(&self) -> TokenStream {
        let krate = &self.krate;
        let ident = self.ident;
        let (impl_generics, ty_generics, _) = self.generics.split_for_impl();
        let mut bounds = self.bounds();
        // The decoding of each fixed errcode, grouped by the code's length, in the order of
        // the variants; then the variants whose errcode is a field.
        let mut fixed: Vec<(usize, Vec<CodeArm>)> = Vec::new();
        let mut by_field = Vec::new();
        // Every key a variant reads, each once.
        let mut read: Vec<String> = Vec::new();
        for variant in &self.variants {
            let Kind::Normal(normal) = &variant.kind else {
                continue;
            };
            let mut decoded = Vec::new();
            for (index, field) in variant.fields.iter().enumerate() {
                let (name, ty) = (binding(index), field.ty);
                let (decode, key) = match &field.role {
                    Role::Extra(key) if field.default => {
                        self.bound(
                            &mut bounds,
                            ty,
                            quote!(#krate::__private::DeserializeOwned + ::core::default::Default),
                        );
                        let decode =
                            quote!(#krate::__private::decode_field_or_default::<#ty>(__keys, #key));
                        (decode, key.as_str())
                    }
                    Role::Extra(key) => {
                        self.bound(&mut bounds, ty, quote!(#krate::__private::DeserializeOwned));
                        let decode = quote!(#krate::__private::decode_field::<#ty>(__keys, #key));
                        (decode, key.as_str())
                    }
                    Role::RetryAfter => {
                        let decode = quote!(<#ty as #krate::__private::RetryAfterField>::from_retry_after_ms(__keys));
                        (decode, "retry_after_ms")
                    }
                    Role::Errcode => {
                        let decode = quote!(::core::option::Option::Some(#krate::__private::Decoded::Absent(
                            <#ty as ::core::convert::From<&::core::primitive::str>>::from(__errcode),
                        )));
                        (decode, "errcode")
                    }
                    Role::Flatten => {
                        // Every key the variant writes itself stays out of the map. A map of
                        // JSON values takes the keys moved; any other type a copy (see
                        // `matrix_error::__private::Flatten`).
                        let keys = &normal.keys;
                        self.bound(&mut bounds, ty, quote!(#krate::__private::DeserializeOwned));
                        let decode = quote! {{
                            use #krate::__private::{FlattenAny as _, FlattenMap as _};
                            (&#krate::__private::Flatten::<#ty>::NEW).decode(__keys, &[#(#keys),*])
                        }};
                        (decode, "")
                    }
                    // Rejected by `check_parse`.
                    Role::None | Role::Status => continue,
                };
                decoded.push((name, decode, key));
            }
            let checks: Vec<TokenStream> = normal
                .constants
                .iter()
                .map(|(key, value)| quote!(#krate::__private::constant_matches(__keys, #key, &#value)))
                .collect();
            let constant_keys = normal.constants.iter().map(|(key, _)| key);
            let field_keys = decoded.iter().map(|(_, _, key)| *key);
            for key in field_keys.chain(normal.constants.iter().map(|(key, _)| key.as_str())) {
                if !["", "errcode"].contains(&key) && !read.iter().any(|known| known == key) {
                    read.push(key.to_owned());
                }
            }
            let names: Vec<_> = decoded.iter().map(|(name, _, _)| name).collect();
            let decodes = decoded.iter().map(|(_, decode, _)| decode);
            let keys = decoded.iter().map(|(_, _, key)| key);
            let pattern = self.pattern(variant);
            // Take the keys out only once every field decoded, so a miss loses nothing.
            let mut build = quote! {
                #(__keys.remove(#constant_keys);)*
                #(let #names = #names.take(__keys, #keys);)*
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
            match &normal.errcode {
                Source::Fixed(errcode) => {
                    let length = match fixed.iter().position(|(len, _)| *len == errcode.len()) {
                        Some(at) => at,
                        None => {
                            fixed.push((errcode.len(), Vec::new()));
                            fixed.len() - 1
                        }
                    };
                    let codes = &mut fixed[length].1;
                    match codes.iter_mut().find(|arm| arm.errcode == *errcode) {
                        Some(arm) => arm.builds.push(build),
                        None => codes.push(CodeArm {
                            errcode: errcode.clone(),
                            builds: vec![build],
                        }),
                    }
                }
                Source::Field(_) => by_field.push(build),
            }
        }
        // `match` on the length first: a code no variant has costs one comparison.
        let fixed = (!fixed.is_empty()).then(|| {
            let arms = fixed.iter().map(|(length, codes)| {
                let arms = codes
                    .iter()
                    .map(|CodeArm { errcode, builds }| quote!(#errcode => { #(#builds)* }));
                quote!(#length => match __errcode { #(#arms)* _ => {} })
            });
            quote!(match __errcode.len() { #(#arms)* _ => {} })
        });
        let where_clause = self.where_clause(bounds);
        let indexes = 0..read.len();
        quote! {
            #[automatically_derived]
            impl #impl_generics #krate::__private::DecodeBody for #ident #ty_generics #where_clause {
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
                    __keys: &mut #krate::__private::BodyKeys,
                ) -> ::core::option::Option<Self> {
                    #fixed
                    #(#by_field)*
                    ::core::option::Option::None
                }
            }
            #[automatically_derived]
            impl #impl_generics ::core::convert::TryFrom<&#krate::Error> for #ident #ty_generics #where_clause {
                type Error = #krate::Mismatch;
                fn try_from(error: &#krate::Error) -> ::core::result::Result<Self, #krate::Mismatch> {
                    #krate::__private::try_from_error(error)
                }
            }
        }
    }

    /// Bounds the generated code needs on field types that mention a type parameter.
    fn bounds(&self) -> Vec<WherePredicate> {
        let krate = &self.krate;
        let mut bounds = Vec::new();
        let needs_display = self.variants.iter().any(|variant| match &variant.kind {
            Kind::Normal(normal) => matches!(normal.message, Message::Display | Message::ByStatus),
            Kind::Transparent(_) => false,
        });
        if needs_display && !self.generics.params.is_empty() {
            let ident = self.ident;
            let (_, ty_generics, _) = self.generics.split_for_impl();
            bounds.push(syn::parse_quote!(#ident #ty_generics: ::core::fmt::Display));
        }
        for variant in &self.variants {
            for field in &variant.fields {
                let bound = match (&variant.kind, &field.role) {
                    (Kind::Transparent(_), _) => quote!(#krate::MatrixError),
                    (_, Role::Extra(_) | Role::Flatten) => quote!(#krate::__private::Serialize),
                    (_, Role::RetryAfter) => quote!(#krate::__private::RetryAfterField),
                    (_, Role::Errcode) => quote!(::core::convert::AsRef<::core::primitive::str>),
                    (_, Role::Status) => quote!(#krate::__private::StatusField),
                    (_, Role::None) => continue,
                };
                self.bound(&mut bounds, field.ty, bound);
            }
        }
        bounds
    }

    fn bound(&self, bounds: &mut Vec<WherePredicate>, ty: &Type, bound: TokenStream) {
        if mentions_type_param(self.generics, ty) {
            bounds.push(syn::parse_quote!(#ty: #bound));
        }
    }

    fn where_clause(&self, bounds: Vec<WherePredicate>) -> Option<syn::WhereClause> {
        let mut clause = self.generics.where_clause.clone();
        if !bounds.is_empty() {
            let clause = clause.get_or_insert_with(|| syn::parse_quote!(where));
            clause.predicates.extend(bounds);
        }
        clause
    }
}

/// The decoding of the variants with one fixed errcode, in their order.
struct CodeArm {
    errcode: String,
    builds: Vec<TokenStream>,
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
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::MatrixError for #ident #ty_generics #where_clause {
            fn errcode(&self) -> &str {
                ::core::unreachable!()
            }
            fn status(&self) -> ::core::primitive::u16 {
                ::core::unreachable!()
            }
            fn message(&self) -> #krate::__private::Cow<'_, ::core::primitive::str> {
                ::core::unreachable!()
            }
            fn error_dict(&self) -> #krate::__private::Map<::std::string::String, #krate::__private::Value> {
                ::core::unreachable!()
            }
        }
        #[automatically_derived]
        impl #impl_generics ::core::convert::From<#ident #ty_generics> for #krate::Error #where_clause {
            fn from(_: #ident #ty_generics) -> Self {
                ::core::unreachable!()
            }
        }
        #[automatically_derived]
        impl #impl_generics #ident #ty_generics #where_clause {
            #[allow(dead_code)]
            pub const ERRORS: &'static [#krate::listing::ErrorInfo] = &[];
        }
    }
}
