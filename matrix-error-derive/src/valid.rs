//! Checks what the keys mean together and resolves each variant into a [`Plan`]: its errcode,
//! status, message and body keys, ready for `expand`. Every mistake is recorded, none stops
//! the others from being found.

use std::collections::BTreeMap;

use proc_macro2::Span;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Ident, Lit, LitStr, Member, Type};

use crate::ast::{Field, Input, Variant};
use crate::attr::Attrs;
use crate::code::{self, Resolved};
use crate::ctxt::Errors;
use crate::message::{self, Template};

/// The body keys the derive writes itself; no extra key may take them.
const RESERVED_KEYS: [&str; 2] = ["errcode", "error"];

pub(crate) struct Plan<'a> {
    pub ident: &'a Ident,
    pub generics: &'a syn::Generics,
    pub krate: syn::Path,
    /// `parse`: also generate the decoding of a body into the type.
    pub parse: bool,
    pub variants: Vec<VariantPlan<'a>>,
}

pub(crate) struct VariantPlan<'a> {
    pub ident: Option<&'a Ident>,
    pub fields: Vec<FieldPlan<'a>>,
    pub kind: Kind,
    /// The field that `from` makes a `From` impl for.
    pub from: Option<usize>,
    /// The doc comment, for the listing.
    pub docs: String,
}

pub(crate) struct FieldPlan<'a> {
    pub member: Member,
    pub ty: &'a Type,
    pub role: Role,
    /// `default`: a missing key decodes as `Default::default()`.
    pub default: bool,
}

pub(crate) enum Role {
    /// Not part of the body.
    None,
    /// An extra key of the body.
    Extra(String),
    /// Keys merged into the body.
    Flatten,
    RetryAfter,
    Errcode,
    Status,
}

pub(crate) enum Kind {
    /// Everything comes from the one field.
    Transparent(usize),
    Normal(Normal),
}

pub(crate) struct Normal {
    pub errcode: Source<String>,
    pub status: Source<u16>,
    pub message: Message,
    /// `extra(key = literal)` constants.
    pub constants: Vec<(String, Lit)>,
    /// Every key this variant writes itself, which a flattened map must not repeat.
    pub keys: Vec<String>,
}

/// A value known at compile time, or carried at run time by a field.
pub(crate) enum Source<T> {
    Fixed(T),
    Field(usize),
}

pub(crate) enum Message {
    Template(LitStr, Template),
    Display,
    Redacted,
    /// The status is a field: redacted at run time when it is 5xx.
    ByStatus,
}

impl<'a> Plan<'a> {
    pub(crate) fn build(input: &Input<'a>, errors: &mut Errors) -> Option<Self> {
        let container = &input.attrs;
        let krate = match &container.krate {
            Some(lit) => match lit.parse::<syn::Path>() {
                Ok(path) => path,
                Err(_) => {
                    errors.at(
                        lit.span(),
                        format!(
                            "invalid `crate` path `{}`; expected a path such as `my_crate::matrix_error`",
                            lit.value()
                        ),
                    );
                    default_crate()
                }
            },
            None => default_crate(),
        };
        let namespace = container.namespace.as_ref().and_then(|lit| {
            code::namespace(&lit.value())
                .map_err(|message| errors.at(lit.span(), message))
                .ok()
        });
        let defaults = Defaults {
            namespace: namespace.as_deref(),
            namespace_rejected: (container.namespace.is_some() && namespace.is_none())
                || container.rejected("namespace"),
            container,
            is_struct: input.is_struct(),
            type_name: input.ident,
        };
        if !input.is_struct() {
            // An enum's own errcode is checked once here, not once per variant using it.
            if let Some(lit) = &container.errcode {
                defaults.resolve(lit, container.allow_unlisted.is_some(), container, errors);
            }
        }
        if let Some(status) = &container.status {
            check_status(status, errors);
        }
        let mut from_types: BTreeMap<String, String> = BTreeMap::new();
        let variants: Vec<VariantPlan> = input
            .variants()
            .iter()
            .filter_map(|variant| {
                let plan = defaults.variant(variant, errors)?;
                if let Some(index) = plan.from {
                    check_from_type(variant, index, &mut from_types, errors);
                }
                Some(plan)
            })
            .collect();
        if let Some(span) = container.parse {
            check_parse(&variants, span, errors);
        }
        Some(Plan {
            ident: input.ident,
            generics: input.generics,
            krate,
            parse: container.parse.is_some(),
            variants,
        })
    }
}

pub(crate) fn default_crate() -> syn::Path {
    syn::parse_quote!(::matrix_error)
}

struct Defaults<'a> {
    namespace: Option<&'a str>,
    /// A namespace was written but rejected (and reported): short codes that needed it are
    /// not reported again.
    namespace_rejected: bool,
    container: &'a Attrs,
    is_struct: bool,
    type_name: &'a Ident,
}

/// A variant's errcode as written and as resolved.
struct Code<'v> {
    /// The literal that applies, the variant's or the container's.
    lit: Option<&'v LitStr>,
    /// The errcode is the container's (the variant gives none, in a key or a field).
    from_container: bool,
    resolved: Option<Resolved>,
    /// The field that carries the errcode at run time.
    field: Option<usize>,
}

impl<'a> Defaults<'a> {
    /// Resolves `lit`, an errcode of the item with `attrs`.
    fn resolve(
        &self,
        lit: &LitStr,
        allow_unlisted: bool,
        attrs: &Attrs,
        errors: &mut Errors,
    ) -> Option<Resolved> {
        let value = lit.value();
        let namespace_rejected = self.namespace_rejected || attrs.rejected("namespace");
        match code::resolve(&value, self.namespace, allow_unlisted) {
            Ok(resolved) => Some(resolved),
            Err(_) if namespace_rejected && code::is_short(&value) => None,
            Err(message) => {
                errors.at(lit.span(), message);
                None
            }
        }
    }

    fn variant<'v>(&self, variant: &Variant<'v>, errors: &mut Errors) -> Option<VariantPlan<'v>> {
        let attrs = if self.is_struct {
            self.container
        } else {
            &variant.attrs
        };
        let fields = fields(variant, self.container.parse.is_some(), errors);
        let from = from_field(variant, errors);
        let kind = match attrs.transparent {
            Some(span) => transparent(variant, attrs, span, errors)?,
            None => Kind::Normal(self.normal(variant, attrs, &fields, errors)?),
        };
        Some(VariantPlan {
            ident: variant.ident,
            fields,
            kind,
            from,
            docs: variant.docs.clone(),
        })
    }

    fn normal(
        &self,
        variant: &Variant,
        attrs: &Attrs,
        fields: &[FieldPlan],
        errors: &mut Errors,
    ) -> Option<Normal> {
        let role = |is: fn(&Role) -> bool, key, errors: &mut Errors| {
            single_role(variant, fields, is, key, errors)
        };
        let errcode_field = role(|role| matches!(role, Role::Errcode), "errcode", errors);
        let status_field = role(|role| matches!(role, Role::Status), "status", errors);
        role(
            |role| matches!(role, Role::RetryAfter),
            "retry_after",
            errors,
        );

        let code = self.errcode(variant, attrs, errcode_field, errors);
        let status = self.status(variant, attrs, &code, status_field, errors);
        let errcode = match (errcode_field, &code.resolved) {
            (Some(index), _) => Some(Source::Field(index)),
            (None, Some(resolved)) => Some(Source::Fixed(resolved.errcode().to_owned())),
            (None, None) => None,
        };
        // Checked even when the errcode or status failed, so that every mistake is reported.
        let message = self.message(variant, attrs, status.as_ref(), errors);
        let (constants, keys) = body_keys(variant, attrs, fields, errors);
        Some(Normal {
            errcode: errcode?,
            status: status?,
            message: message?,
            constants,
            keys,
        })
    }

    /// The word for the item in messages.
    fn this(&self) -> &'static str {
        if self.is_struct { "struct" } else { "variant" }
    }

    /// The errcode literal that applies: the variant's, else (with no errcode field) the
    /// container's; resolved against the table and the namespace.
    fn errcode<'v>(
        &self,
        variant: &Variant,
        attrs: &'v Attrs,
        errcode_field: Option<usize>,
        errors: &mut Errors,
    ) -> Code<'v>
    where
        'a: 'v,
    {
        let own = if self.is_struct {
            None
        } else {
            attrs.errcode.as_ref()
        };
        // A struct's own errcode is its container's: it conflicts with a field all the same.
        if let (Some(lit), Some(index)) = (attrs.errcode.as_ref(), errcode_field) {
            errors.at(
                variant.fields[index].attrs.errcode_field.unwrap_or(variant.span),
                format!(
                    "this {} has both `errcode = \"{}\"` and a `#[matrix(errcode)]` field; keep one",
                    self.this(),
                    lit.value()
                ),
            );
        }
        let allow_unlisted =
            attrs.allow_unlisted.is_some() || self.container.allow_unlisted.is_some();
        let from_container = own.is_none() && errcode_field.is_none();
        let lit = match (own, errcode_field) {
            (Some(lit), _) => Some(lit),
            (None, Some(_)) => None,
            (None, None) => self.container.errcode.as_ref(),
        };
        let resolved = match lit {
            // An enum's default code was checked and reported once, in `build`.
            Some(lit) if from_container && !self.is_struct => {
                code::resolve(&lit.value(), self.namespace, allow_unlisted).ok()
            }
            Some(lit) => self.resolve(lit, allow_unlisted, attrs, errors),
            None => None,
        };
        if let (Some(span), Some(Resolved::Spec(code))) = (attrs.allow_unlisted, &resolved) {
            errors.at(
                span,
                format!(
                    "`{}` is listed in the code table; remove `allow_unlisted`",
                    code.errcode
                ),
            );
        }
        let rejected = attrs.rejected("errcode") || self.container.rejected("errcode");
        if lit.is_none() && errcode_field.is_none() && !rejected {
            let (span, what) = match variant.ident {
                Some(ident) => (ident.span(), format!("variant `{ident}`")),
                None => (
                    self.type_name.span(),
                    format!("struct `{}`", self.type_name),
                ),
            };
            let fix = if self.is_struct {
                "add `#[matrix(errcode = \"...\")]` to it"
            } else {
                "add `#[matrix(errcode = \"...\")]` to it, or a default errcode to the enum"
            };
            errors.at(span, format!("{what} has no errcode; {fix}"));
        }
        Code {
            lit,
            from_container,
            resolved,
            field: errcode_field,
        }
    }

    /// The status: the variant's, else a field's, else the container's for its own code,
    /// else the spec's, else the container's, else the usual one if asked for.
    fn status(
        &self,
        variant: &Variant,
        attrs: &Attrs,
        code: &Code,
        status_field: Option<usize>,
        errors: &mut Errors,
    ) -> Option<Source<u16>> {
        let own = if self.is_struct {
            None
        } else {
            attrs.status.as_ref()
        };
        if let Some(lit) = own {
            check_status(lit, errors);
        }
        if let (Some(lit), Some(index)) = (attrs.status.as_ref(), status_field) {
            errors.at(
                variant.fields[index]
                    .attrs
                    .status_field
                    .unwrap_or(lit.span()),
                format!(
                    "this {} has both `status = {}` and a `#[matrix(status)]` field; keep one",
                    self.this(),
                    lit.base10_digits()
                ),
            );
        }
        let container = self.container.status.as_ref().and_then(status_value);
        let spec = match &code.resolved {
            Some(Resolved::Spec(code)) => Some(*code),
            _ => None,
        };
        let usual = attrs.usual_status.or(self.container.usual_status);
        if let (Some(span), None, Some(_)) = (attrs.usual_status, spec, &code.resolved) {
            errors.at(
                span,
                "`usual_status` needs a code of the table; this variant's errcode is not one",
            );
        }
        if let Some(lit) = own {
            return status_value(lit).map(Source::Fixed);
        }
        if let Some(index) = status_field {
            return Some(Source::Field(index));
        }
        let fixed = match (code.from_container, container) {
            (true, Some(status)) => Some(status),
            _ => spec
                .and_then(|code| code.spec_status)
                .or(container)
                .or(usual.and(spec).map(|code| code.usual_status)),
        };
        if let Some(status) = fixed {
            return Some(Source::Fixed(status));
        }
        if attrs.rejected("status")
            || self.container.rejected("status")
            || self.container.status.is_some()
        {
            // A status was written but rejected, and that is reported.
            return None;
        }
        if let Some(lit) = code.lit.filter(|_| code.resolved.is_some()) {
            let span = if code.from_container {
                variant.ident.map_or(lit.span(), Ident::span)
            } else {
                lit.span()
            };
            let hint = match (spec, &code.resolved) {
                (Some(code), _) => format!(
                    "`{}` has no status fixed by the spec; add `status = ...` (servers usually send {}), or `usual_status`",
                    code.errcode, code.usual_status
                ),
                (None, resolved) => format!(
                    "`{}` is not in the code table, so it has no default status; add `status = ...`",
                    resolved.as_ref().map_or("", Resolved::errcode)
                ),
            };
            errors.at(span, hint);
        } else if let Some(index) = code.field {
            errors.at(
                variant.fields[index].attrs.errcode_field.unwrap_or(variant.span),
                "the errcode is set at run time, so no table gives a status; add `status = ...` or a `#[matrix(status)]` field",
            );
        }
        None
    }

    fn message(
        &self,
        variant: &Variant,
        attrs: &Attrs,
        status: Option<&Source<u16>>,
        errors: &mut Errors,
    ) -> Option<Message> {
        if let (Some(span), Some(_)) = (attrs.expose, &attrs.message) {
            errors.at(
                span,
                "`expose` has no effect together with `message`; remove one",
            );
        }
        if let (Some(span), Some(Source::Fixed(status))) = (attrs.expose, status) {
            if *status < 500 {
                errors.at(
                    span,
                    format!(
                        "`expose` only matters for a 5xx status; this variant's status is {status}"
                    ),
                );
            }
        }
        if let Some(lit) = &attrs.message {
            let names: Vec<String> = variant.fields.iter().map(Field::name).collect();
            return match message::parse(&lit.value(), &names) {
                Ok(template) => Some(Message::Template(lit.clone(), template)),
                Err(message) => {
                    errors.at(lit.span(), message);
                    None
                }
            };
        }
        match (status?, attrs.expose) {
            (_, Some(_)) => Some(Message::Display),
            (Source::Fixed(status), None) if *status >= 500 => Some(Message::Redacted),
            (Source::Fixed(_), None) => Some(Message::Display),
            (Source::Field(_), None) => Some(Message::ByStatus),
        }
    }
}

fn status_value(lit: &syn::LitInt) -> Option<u16> {
    lit.base10_parse::<u16>()
        .ok()
        .filter(|status| (400..=599).contains(status))
        .filter(|_| matches!(lit.suffix(), "" | "u16"))
}

fn check_status(lit: &syn::LitInt, errors: &mut Errors) {
    if status_value(lit).is_none() {
        errors.at(
            lit.span(),
            format!(
                "invalid status `{}`; expected an HTTP error status from 400 to 599",
                lit.token()
            ),
        );
    }
}

/// Every field's role, with the field-level checks; `parse` is whether the type has `parse`.
fn fields<'v>(variant: &Variant<'v>, parse: bool, errors: &mut Errors) -> Vec<FieldPlan<'v>> {
    variant
        .fields
        .iter()
        .map(|field| {
            let attrs = &field.attrs;
            let keys = attrs.field_keys();
            if let [(first, _), (second, span), ..] = keys.as_slice() {
                errors.at(
                    *span,
                    format!("`{second}` cannot be combined with `{first}` on one field"),
                );
            }
            let role = match keys.first().map(|(name, _)| *name) {
                None => Role::None,
                Some("field") => match field_key(field, errors) {
                    Some(key) => Role::Extra(key),
                    None => Role::None,
                },
                Some("flatten") => Role::Flatten,
                Some("retry_after") => Role::RetryAfter,
                Some("errcode") => Role::Errcode,
                Some(_) => Role::Status,
            };
            if let (Some(span), false) = (attrs.default, matches!(role, Role::Extra(_))) {
                errors.at(
                    span,
                    "`default` applies to a `field`; add `field` or remove `default`",
                );
            } else if let (Some(span), false) = (attrs.default, parse) {
                errors.at(
                    span,
                    "`default` only matters when the type decodes bodies; add `parse` to the type or remove `default`",
                );
            }
            FieldPlan {
                member: field.member.clone(),
                ty: field.ty,
                role,
                default: attrs.default.is_some(),
            }
        })
        .collect()
}

/// The JSON key of a `field`, checked.
fn field_key(field: &Field, errors: &mut Errors) -> Option<String> {
    let (span, explicit) = field.attrs.field.as_ref()?;
    let (key, span) = match (explicit, &field.member) {
        (Some(lit), _) => (lit.value(), lit.span()),
        (None, Member::Named(_)) => (field.name(), *span),
        (None, Member::Unnamed(_)) => {
            errors.at(
                *span,
                "a tuple field needs a JSON key: write `field = \"json_key\"`",
            );
            return None;
        }
    };
    if key.is_empty() {
        errors.at(span, "the JSON key of a field cannot be empty");
        return None;
    }
    if RESERVED_KEYS.contains(&key.as_str()) {
        errors.at(
            span,
            format!("extra key `{key}` would clobber the body's own `{key}`; choose another key"),
        );
        return None;
    }
    Some(key)
}

/// The one field with a role, reporting any second one.
fn single_role(
    variant: &Variant,
    fields: &[FieldPlan],
    is: fn(&Role) -> bool,
    key: &str,
    errors: &mut Errors,
) -> Option<usize> {
    let mut found = fields
        .iter()
        .enumerate()
        .filter(|(_, field)| is(&field.role))
        .map(|(index, _)| index);
    let first = found.next();
    for index in found {
        let span = variant.fields[index]
            .attrs
            .field_keys()
            .first()
            .map_or(variant.fields[index].span, |(_, span)| *span);
        errors.at(span, format!("only one field of a variant can be `{key}`"));
    }
    first
}

/// The keys of the body beyond `errcode` and `error`, each checked to be sent once.
fn body_keys(
    variant: &Variant,
    attrs: &Attrs,
    fields: &[FieldPlan],
    errors: &mut Errors,
) -> (Vec<(String, Lit)>, Vec<String>) {
    let mut keys: Vec<String> = RESERVED_KEYS.iter().map(|key| key.to_string()).collect();
    let mut add = |key: String, span: Span, errors: &mut Errors| {
        if keys.contains(&key) {
            if !RESERVED_KEYS.contains(&key.as_str()) {
                errors.at(
                    span,
                    format!("extra key `{key}` is sent twice by this variant"),
                );
            } else {
                errors.at(
                    span,
                    format!(
                        "extra key `{key}` would clobber the body's own `{key}`; choose another key"
                    ),
                );
            }
            false
        } else {
            keys.push(key);
            true
        }
    };
    let mut retry_after = false;
    for (field, plan) in variant.fields.iter().zip(fields) {
        match &plan.role {
            Role::Extra(key) => {
                let span = match &field.attrs.field {
                    Some((_, Some(lit))) => lit.span(),
                    Some((span, None)) => *span,
                    None => field.span,
                };
                add(key.clone(), span, errors);
            }
            // A second `retry_after` field is reported by `single_role`.
            Role::RetryAfter if !retry_after => {
                retry_after = true;
                add(
                    "retry_after_ms".to_owned(),
                    field.attrs.retry_after.unwrap_or(field.span),
                    errors,
                );
            }
            _ => {}
        }
    }
    let mut constants = Vec::new();
    for constant in &attrs.extra {
        let key = constant.key.unraw().to_string();
        if add(key.clone(), constant.key.span(), errors) {
            constants.push((key, constant.value.clone()));
        }
    }
    (constants, keys)
}

fn transparent(variant: &Variant, attrs: &Attrs, span: Span, errors: &mut Errors) -> Option<Kind> {
    let mut ok = true;
    if variant.fields.len() != 1 {
        errors.at(
            span,
            format!(
                "`transparent` needs exactly one field, the inner error; this has {}",
                variant.fields.len()
            ),
        );
        ok = false;
    }
    let conflicts = [
        ("errcode", attrs.errcode.as_ref().map(LitStr::span)),
        ("status", attrs.status.as_ref().map(syn::LitInt::span)),
        ("message", attrs.message.as_ref().map(LitStr::span)),
        ("expose", attrs.expose),
        ("usual_status", attrs.usual_status),
        ("allow_unlisted", attrs.allow_unlisted),
        (
            "extra",
            attrs.extra.first().map(|constant| constant.key.span()),
        ),
    ];
    for (key, at) in conflicts {
        if let Some(at) = at {
            errors.at(
                at,
                format!("`{key}` cannot be combined with `transparent`: the inner error gives it"),
            );
            ok = false;
        }
    }
    for field in &variant.fields {
        for (key, at) in field.attrs.field_keys() {
            errors.at(at, format!("`{key}` cannot go on the field of a `transparent` variant: the inner error gives the body"));
            ok = false;
        }
    }
    ok.then_some(Kind::Transparent(0))
}

/// The field `from` is on, if it is the variant's only field.
fn from_field(variant: &Variant, errors: &mut Errors) -> Option<usize> {
    let mut with_from = variant
        .fields
        .iter()
        .enumerate()
        .filter_map(|(index, field)| field.attrs.from.map(|span| (index, span)));
    let (index, span) = with_from.next()?;
    if variant.fields.len() != 1 {
        errors.at(
            span,
            format!(
                "`from` needs the variant's only field; this variant has {} fields",
                variant.fields.len()
            ),
        );
        return None;
    }
    Some(index)
}

fn check_from_type(
    variant: &Variant,
    index: usize,
    seen: &mut BTreeMap<String, String>,
    errors: &mut Errors,
) {
    let field = &variant.fields[index];
    let ty = type_name(field.ty);
    let here = variant.ident.map_or_else(String::new, Ident::to_string);
    if let Some(other) = seen.get(&ty) {
        errors.at(
            field.attrs.from.unwrap_or(field.span),
            format!("`From<{ty}>` is already generated for variant `{other}`; keep `from` on one of them"),
        );
    } else {
        seen.insert(ty, here);
    }
}

/// A type as written, without the spaces of `TokenStream::to_string`: `std::io::Error`,
/// `Vec<u8>`, `&'a mut [u8]`, `Box<dyn Error + Send>`.
pub(crate) fn type_name(ty: &Type) -> String {
    let tokens = ty.to_token_stream().to_string();
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut name = String::with_capacity(tokens.len());
    let mut chars = tokens.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            let before = name.chars().last().unwrap_or(' ');
            let after = chars.peek().copied().unwrap_or(' ');
            let last_word = name.rsplit(|c: char| !is_word(c)).next().unwrap_or("");
            let after_keyword = matches!(last_word, "mut" | "const" | "dyn" | "impl");
            let keep = (is_word(before) && (is_word(after) || after == '\''))
                || (after_keyword && matches!(after, '[' | '(' | '&' | '*'))
                || matches!(before, ',' | ';' | '+' | '=')
                || matches!(after, '+' | '=' | '-')
                || name.ends_with("->");
            if !keep {
                continue;
            }
        }
        name.push(c);
    }
    name
}

/// `parse` rebuilds a value from errcode and keys: every field must come from the body.
fn check_parse(variants: &[VariantPlan], span: Span, errors: &mut Errors) {
    for variant in variants {
        let name = variant.ident.map_or_else(
            || "the struct".to_owned(),
            |ident| format!("variant `{ident}`"),
        );
        match &variant.kind {
            Kind::Transparent(_) => errors.at(
                span,
                format!("`parse` cannot rebuild {name}: it is `transparent`"),
            ),
            Kind::Normal(_) => {
                for field in &variant.fields {
                    if matches!(field.role, Role::None | Role::Status) {
                        errors.at(
                            field.member.span(),
                            format!(
                                "`parse` cannot rebuild {name}: its field `{}` is not read from the body \
                                 (mark it `field`, `flatten`, `retry_after` or `errcode`)",
                                member_name(&field.member)
                            ),
                        );
                    }
                }
            }
        }
    }
}

pub(crate) fn member_name(member: &Member) -> String {
    match member {
        Member::Named(ident) => ident.to_string(),
        Member::Unnamed(index) => index.index.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::type_name;

    #[test]
    fn type_names_read_as_written() {
        let cases = [
            "std::io::Error",
            "Vec<u8>",
            "&'static str",
            "&'a mut [u8; 4]",
            "*const (u8, u8)",
            "Box<dyn Fn(u8) -> u8>",
            "Box<dyn std::error::Error + Send + 'static>",
            "(u8, String)",
            "Box<dyn Iterator<Item = u8>>",
        ];
        for case in cases {
            let ty: syn::Type = syn::parse_str(case).unwrap();
            assert_eq!(type_name(&ty), case);
        }
    }
}
