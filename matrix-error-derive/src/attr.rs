//! `#[matrix(...)]` attributes parsed into a typed model, one [`Attrs`] per container,
//! variant and field. Syntax mistakes (unknown, misplaced or duplicate keys, wrong value
//! kinds) are reported here; what the keys mean together is checked in `valid`.

use proc_macro2::{Span, TokenTree};
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::spanned::Spanned;
use syn::{Attribute, Ident, Lit, LitInt, LitStr, Token};

use crate::ctxt::Errors;

/// Where an attribute stands; each place accepts its own keys.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Place {
    Enum,
    /// A struct's attributes serve as both container and variant attributes.
    Struct,
    Variant,
    Field,
}

const CONTAINER_KEYS: &[&str] = &[
    "namespace",
    "errcode",
    "status",
    "crate",
    "usual_status",
    "allow_unlisted",
    "parse",
];
const VARIANT_KEYS: &[&str] = &[
    "errcode",
    "status",
    "message",
    "expose",
    "transparent",
    "usual_status",
    "allow_unlisted",
    "extra",
];
const STRUCT_KEYS: &[&str] = &[
    "namespace",
    "errcode",
    "status",
    "crate",
    "usual_status",
    "allow_unlisted",
    "parse",
    "message",
    "expose",
    "transparent",
    "extra",
];
const FIELD_KEYS: &[&str] = &[
    "field",
    "flatten",
    "retry_after",
    "errcode",
    "status",
    "from",
    "default",
];

impl Place {
    pub(crate) fn keys(self) -> &'static [&'static str] {
        match self {
            Place::Enum => CONTAINER_KEYS,
            Place::Struct => STRUCT_KEYS,
            Place::Variant => VARIANT_KEYS,
            Place::Field => FIELD_KEYS,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Place::Enum => "an enum",
            Place::Struct => "a struct",
            Place::Variant => "a variant",
            Place::Field => "a field",
        }
    }
}

/// The value kind a key takes at a place.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    Flag,
    Str,
    Int,
    FlagOrStr,
    List,
}

pub(crate) fn kind_of(key: &str, place: Place) -> Kind {
    match key {
        "errcode" | "status" if place == Place::Field => Kind::Flag,
        "errcode" | "namespace" | "crate" | "message" => Kind::Str,
        "status" => Kind::Int,
        "field" => Kind::FlagOrStr,
        "extra" => Kind::List,
        _ => Kind::Flag,
    }
}

fn example(key: &str) -> &'static str {
    match key {
        "errcode" => "errcode = \"M_FORBIDDEN\"",
        "status" => "status = 403",
        "namespace" => "namespace = \"com.example.app\"",
        "crate" => "crate = \"my_crate::matrix_error\"",
        "message" => "message = \"you may not post in {room}\"",
        "field" => "field = \"json_key\"",
        "extra" => "extra(soft_logout = true)",
        _ => "",
    }
}

/// A constant extra key of `extra(key = literal)`.
pub(crate) struct ExtraConst {
    pub key: Ident,
    pub value: Lit,
}

/// Every key, as parsed. A flag is `Some(span of the key)`.
#[derive(Default)]
pub(crate) struct Attrs {
    pub namespace: Option<LitStr>,
    pub krate: Option<LitStr>,
    pub usual_status: Option<Span>,
    pub allow_unlisted: Option<Span>,
    pub parse: Option<Span>,
    pub errcode: Option<LitStr>,
    pub status: Option<LitInt>,
    pub message: Option<LitStr>,
    pub expose: Option<Span>,
    pub transparent: Option<Span>,
    pub extra: Vec<ExtraConst>,
    /// `field` (with `None`) or `field = "key"`.
    pub field: Option<(Span, Option<LitStr>)>,
    pub flatten: Option<Span>,
    pub retry_after: Option<Span>,
    pub errcode_field: Option<Span>,
    pub status_field: Option<Span>,
    pub from: Option<Span>,
    pub default: Option<Span>,
    /// Keys written here whose value or place was rejected (and reported).
    rejected: Vec<&'static str>,
    /// A `#[matrix]` here did not parse, so any key may have been meant.
    unparsed: bool,
}

impl Attrs {
    /// Whether `key` was written here but rejected, or may have been (a `#[matrix]` that did
    /// not parse). Its error is reported already, so checks for a missing `key` stay quiet.
    pub(crate) fn rejected(&self, key: &str) -> bool {
        self.unparsed || self.rejected.contains(&key)
    }

    /// The role keys given on a field, each with its span; a field takes at most one role.
    pub(crate) fn field_keys(&self) -> Vec<(&'static str, Span)> {
        let mut keys = Vec::new();
        let flags = [
            ("field", self.field.as_ref().map(|(span, _)| *span)),
            ("flatten", self.flatten),
            ("retry_after", self.retry_after),
            ("errcode", self.errcode_field),
            ("status", self.status_field),
        ];
        for (name, span) in flags {
            if let Some(span) = span {
                keys.push((name, span));
            }
        }
        keys
    }
}

/// The doc comment among `attrs` as rustdoc reads it: every `#[doc = "..."]` line, the
/// indentation common to them removed, trailing spaces and surrounding blank lines dropped,
/// joined with `\n`. Docs that are not a string literal (`#[doc = include_str!(...)]`) are
/// left out.
pub(crate) fn docs(attrs: &[Attribute]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("doc")) {
        if let syn::Meta::NameValue(syn::MetaNameValue {
            value:
                syn::Expr::Lit(syn::ExprLit {
                    lit: Lit::Str(text),
                    ..
                }),
            ..
        }) = &attr.meta
        {
            lines.extend(text.value().split('\n').map(str::to_owned));
        }
    }
    // ASCII blanks only, so that cutting `indent` bytes never splits a character.
    let indent_of = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let indent = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| indent_of(line))
        .min()
        .unwrap_or(0);
    let lines: Vec<&str> = lines
        .iter()
        .map(|line| match line.trim().is_empty() {
            true => "",
            false => line[indent..].trim_end(),
        })
        .collect();
    let first = lines.iter().position(|line| !line.is_empty());
    let last = lines.iter().rposition(|line| !line.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

/// Parses every `#[matrix(...)]` among `attrs`.
pub(crate) fn parse(attrs: &[Attribute], place: Place, errors: &mut Errors) -> Attrs {
    let mut out = Attrs::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("matrix")) {
        let parenthesized = matches!(
            &attr.meta,
            syn::Meta::List(list) if matches!(list.delimiter, syn::MacroDelimiter::Paren(_))
        );
        if !parenthesized {
            errors.at(
                attr.meta.span(),
                "expected `#[matrix(...)]` with keys inside the parentheses, like `#[matrix(errcode = \"M_FORBIDDEN\")]`",
            );
            out.unparsed = true;
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            out.key(&meta, place, errors);
            skip_to_comma(meta.input)
        });
        if let Err(error) = result {
            errors.push(error);
            out.unparsed = true;
        }
    }
    out
}

/// Skips what is left of a malformed value so parsing can go on with the next key.
fn skip_to_comma(input: ParseStream) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// A key's value as written.
enum Value {
    Flag,
    Lit(Lit),
    List,
}

impl Attrs {
    fn key(&mut self, meta: &ParseNestedMeta, place: Place, errors: &mut Errors) {
        let span = meta.path.span();
        let Some(ident) = meta.path.get_ident() else {
            errors.at(span, unknown_key(&quote_path(&meta.path), place));
            return;
        };
        let name = ident.to_string();
        let Some(&key) = place.keys().iter().find(|&&key| key == name) else {
            errors.at(span, misplaced_or_unknown(&name, place));
            self.rejected.extend(known_key(&name));
            return;
        };
        let kind = kind_of(key, place);
        let value = match read_value(meta, key, kind, self, errors) {
            Ok(Some(value)) => value,
            Ok(None) => return self.rejected.push(key),
            Err(error) => {
                self.rejected.push(key);
                return errors.push(error);
            }
        };
        let value = match check_kind(key, kind, value, span) {
            Ok(value) => value,
            Err(error) => {
                self.rejected.push(key);
                return errors.push(error);
            }
        };
        // Tokens left after a key without `=`: `expose true`, `field "key"`, `extra(...) x`.
        if !meta.input.is_empty() && !meta.input.peek(Token![,]) {
            let message = match kind {
                Kind::Flag => takes_no_value(key),
                Kind::FlagOrStr => expected(key, "`=` before the value"),
                _ => format!("unexpected token after `{key}`; expected `,` or `)`"),
            };
            errors.at(meta.input.span(), message);
            return self.rejected.push(key);
        }
        if let Err(error) = self.store(key, place, span, value) {
            errors.push(error);
        }
    }

    fn store(&mut self, key: &str, place: Place, span: Span, value: Value) -> syn::Result<()> {
        let lit = |value: Value| match value {
            Value::Lit(lit) => Some(lit),
            Value::Flag | Value::List => None,
        };
        let string = |value: Value| match lit(value) {
            Some(Lit::Str(s)) => Some(s),
            _ => None,
        };
        match (key, place == Place::Field) {
            ("namespace", _) => set(&mut self.namespace, string(value), key, span),
            ("crate", _) => set(&mut self.krate, string(value), key, span),
            ("errcode", false) => set(&mut self.errcode, string(value), key, span),
            ("message", _) => set(&mut self.message, string(value), key, span),
            ("status", false) => {
                let int = match lit(value) {
                    Some(Lit::Int(int)) => Some(int),
                    _ => None,
                };
                set(&mut self.status, int, key, span)
            }
            ("field", _) => {
                let name = string(value);
                set(&mut self.field, Some((span, name)), key, span)
            }
            ("extra", _) => Ok(()),
            (flag, is_field) => {
                let slot = match (flag, is_field) {
                    ("usual_status", _) => &mut self.usual_status,
                    ("allow_unlisted", _) => &mut self.allow_unlisted,
                    ("parse", _) => &mut self.parse,
                    ("expose", _) => &mut self.expose,
                    ("transparent", _) => &mut self.transparent,
                    ("flatten", _) => &mut self.flatten,
                    ("retry_after", _) => &mut self.retry_after,
                    ("errcode", true) => &mut self.errcode_field,
                    ("status", true) => &mut self.status_field,
                    ("from", _) => &mut self.from,
                    _ => &mut self.default,
                };
                set(slot, Some(span), key, span)
            }
        }
    }
}

fn set<T>(slot: &mut Option<T>, value: Option<T>, key: &str, span: Span) -> syn::Result<()> {
    if slot.is_some() {
        return Err(syn::Error::new(
            span,
            format!("duplicate matrix attribute `{key}`"),
        ));
    }
    *slot = value;
    Ok(())
}

/// Reads `= literal`, `(...)` or nothing after a key. `extra(...)` is parsed into `attrs`
/// right away; `Ok(None)` means an error was recorded and the value skipped.
fn read_value(
    meta: &ParseNestedMeta,
    key: &str,
    kind: Kind,
    attrs: &mut Attrs,
    errors: &mut Errors,
) -> syn::Result<Option<Value>> {
    let input = meta.input;
    if input.peek(Token![=]) {
        let value = meta.value()?;
        if !value.peek(Lit) {
            let message = match kind {
                Kind::Flag => takes_no_value(key),
                Kind::List => expected(key, "a parenthesized list"),
                Kind::Int => expected(key, "an integer literal"),
                Kind::Str | Kind::FlagOrStr => expected(key, "a string literal"),
            };
            errors.at(value.span(), message);
            return Ok(None);
        }
        let lit: Lit = value.parse()?;
        if !value.is_empty() && !value.peek(Token![,]) {
            errors.at(
                value.span(),
                "unexpected token after the value; expected `,` or `)`",
            );
            return Ok(None);
        }
        return Ok(Some(Value::Lit(lit)));
    }
    if input.peek(syn::token::Paren) {
        if kind == Kind::List {
            meta.parse_nested_meta(|item| {
                parse_extra(&item, attrs, errors);
                skip_to_comma(item.input)
            })?;
        } else {
            // Consumed whole, so that `check_kind` reports the one error.
            input.parse::<TokenTree>()?;
        }
        return Ok(Some(Value::List));
    }
    Ok(Some(Value::Flag))
}

fn parse_extra(item: &ParseNestedMeta, attrs: &mut Attrs, errors: &mut Errors) {
    let Some(key) = item.path.get_ident() else {
        return errors.at(
            item.path.span(),
            "expected a JSON key such as `soft_logout` in `extra(...)`",
        );
    };
    let value = match item.value() {
        Ok(value) => value,
        Err(_) => {
            return errors.at(
                key.span(),
                format!("expected a value for extra key `{key}`, like `{key} = true`"),
            );
        }
    };
    match value.parse::<Lit>() {
        Ok(lit @ (Lit::Str(_) | Lit::Int(_) | Lit::Float(_) | Lit::Bool(_))) => {
            attrs.extra.push(ExtraConst {
                key: key.clone(),
                value: lit,
            });
        }
        Ok(lit) => errors.at(
            lit.span(),
            "expected a string, integer, float or boolean literal as an extra value",
        ),
        Err(_) => errors.at(
            value.span(),
            "expected a string, integer, float or boolean literal as an extra value",
        ),
    }
}

/// "expected {what} for `key`", with an example of the key where there is one.
fn expected(key: &str, what: &str) -> String {
    let example = example(key);
    let hint = if example.is_empty() {
        String::new()
    } else {
        format!(", like `{example}`")
    };
    format!("expected {what} for `{key}`{hint}")
}

fn takes_no_value(key: &str) -> String {
    format!("`{key}` takes no value; write `#[matrix({key})]`")
}

fn check_kind(key: &str, kind: Kind, value: Value, span: Span) -> syn::Result<Value> {
    let error = |at: Span, what: &str| Err(syn::Error::new(at, expected(key, what)));
    match (kind, value) {
        (Kind::Flag, Value::Flag) | (Kind::List, Value::List) => Ok(Value::Flag),
        (Kind::FlagOrStr, Value::Flag) => Ok(Value::Flag),
        (Kind::Str | Kind::FlagOrStr, Value::Lit(Lit::Str(s))) => Ok(Value::Lit(Lit::Str(s))),
        (Kind::Int, Value::Lit(Lit::Int(i))) => Ok(Value::Lit(Lit::Int(i))),
        (Kind::Flag, Value::Lit(lit)) => Err(syn::Error::new(lit.span(), takes_no_value(key))),
        (Kind::Flag, Value::List) => Err(syn::Error::new(span, takes_no_value(key))),
        (Kind::Str | Kind::FlagOrStr, Value::Lit(lit)) => error(lit.span(), "a string literal"),
        (Kind::Int, Value::Lit(lit)) => error(lit.span(), "an integer literal"),
        (Kind::List, _) => error(span, "a parenthesized list"),
        (Kind::Str, _) => error(span, "a string literal"),
        (Kind::Int, _) => error(span, "an integer literal"),
        (Kind::FlagOrStr, Value::List) => error(span, "a string literal or no value"),
    }
}

fn quote_path(path: &syn::Path) -> String {
    let segments: Vec<String> = path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    segments.join("::")
}

fn unknown_key(name: &str, place: Place) -> String {
    let keys: Vec<String> = place.keys().iter().map(|key| format!("`{key}`")).collect();
    format!(
        "unknown matrix attribute `{name}` on {}; expected one of {}",
        place.name(),
        keys.join(", ")
    )
}

/// `name` as a key of some place, if it is one.
fn known_key(name: &str) -> Option<&'static str> {
    [CONTAINER_KEYS, STRUCT_KEYS, VARIANT_KEYS, FIELD_KEYS]
        .into_iter()
        .flatten()
        .find(|&&key| key == name)
        .copied()
}

fn misplaced_or_unknown(name: &str, place: Place) -> String {
    let home = if FIELD_KEYS.contains(&name) {
        Some("a field")
    } else if VARIANT_KEYS.contains(&name) {
        Some(if place == Place::Enum {
            "a variant"
        } else {
            "a variant or a struct"
        })
    } else if CONTAINER_KEYS.contains(&name) {
        Some("the enum or struct itself")
    } else {
        None
    };
    match home {
        Some(home) => format!(
            "`{name}` cannot go on {}; it belongs on {home}",
            place.name()
        ),
        None => unknown_key(name, place),
    }
}
