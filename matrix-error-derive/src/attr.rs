//! `#[matrix(...)]` attributes parsed by the table of `keys` into [`Attrs`], one per
//! container, variant and field. What the table decides is reported here: unknown,
//! misplaced and duplicate keys, values of the wrong shape. What the keys mean together is
//! for `model` and `check`.

use proc_macro2::{Span, TokenTree};
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::spanned::Spanned;
use syn::{Attribute, Lit, LitInt, LitStr, Token};

use crate::ctxt::Ctxt;
use crate::keys::{
    self, Flag, FlagOrStr, Group, Int, Key, KeyDef, Literals, Lookup, Place, Places, Shape, Str,
};

/// A constant extra key of `extra(key = literal)`.
pub(crate) struct Constant {
    /// The JSON key (`r#type` is `type`).
    pub key: String,
    pub span: Span,
    pub value: Lit,
}

/// The keys written at one place, each checked against the table.
pub(crate) struct Attrs {
    written: Vec<Written>,
    /// Keys written here whose value or place was rejected (and reported).
    rejected: Vec<&'static KeyDef>,
    /// An unknown key was written, or a `#[matrix]` did not parse: any key may have been
    /// meant, and its error is reported already.
    unreadable: bool,
}

struct Written {
    def: &'static KeyDef,
    /// The span of the key's name.
    span: Span,
    value: Value,
}

/// A value that fits its key's shape.
enum Value {
    Flag,
    Str(LitStr),
    Int(LitInt),
    /// `Shape::FlagOrStr` written with a string.
    FlagWithStr(LitStr),
    Literals(Vec<Constant>),
    /// The keys written in a group, read by the group's table.
    Group(Attrs),
}

impl Attrs {
    /// No key written.
    pub(crate) fn none() -> Self {
        Attrs {
            written: Vec::new(),
            rejected: Vec::new(),
            unreadable: false,
        }
    }

    fn get(&self, def: &KeyDef) -> Option<&Written> {
        self.written.iter().find(|written| written.def == def)
    }

    /// The span of the key's name, if it is written (and accepted).
    pub(crate) fn span(&self, def: &KeyDef) -> Option<Span> {
        self.get(def).map(|written| written.span)
    }

    pub(crate) fn flag(&self, key: &Key<Flag>) -> Option<Span> {
        self.span(&key.def)
    }

    pub(crate) fn string(&self, key: &Key<Str>) -> Option<&LitStr> {
        match &self.get(&key.def)?.value {
            Value::Str(lit) => Some(lit),
            Value::Flag | Value::Int(_) | Value::FlagWithStr(_) | Value::Literals(_) => None,
            Value::Group(_) => None,
        }
    }

    /// The keys written in the group `key`, if it is written (and accepted).
    pub(crate) fn group(&self, key: &Key<Group>) -> Option<&Attrs> {
        match &self.get(&key.def)?.value {
            Value::Group(attrs) => Some(attrs),
            _ => None,
        }
    }

    pub(crate) fn int(&self, key: &Key<Int>) -> Option<&LitInt> {
        match &self.get(&key.def)?.value {
            Value::Int(lit) => Some(lit),
            Value::Flag | Value::Str(_) | Value::FlagWithStr(_) | Value::Literals(_) => None,
            Value::Group(_) => None,
        }
    }

    /// The span of the key, and its string if it has one.
    pub(crate) fn flag_or_string(&self, key: &Key<FlagOrStr>) -> Option<(Span, Option<&LitStr>)> {
        let written = self.get(&key.def)?;
        match &written.value {
            Value::Flag => Some((written.span, None)),
            Value::FlagWithStr(lit) => Some((written.span, Some(lit))),
            Value::Str(_) | Value::Int(_) | Value::Literals(_) | Value::Group(_) => None,
        }
    }

    /// Every constant of every list written for the key.
    pub(crate) fn literals<'s>(
        &'s self,
        key: &'s Key<Literals>,
    ) -> impl Iterator<Item = &'s Constant> {
        self.written
            .iter()
            .filter(move |written| written.def == &key.def)
            .flat_map(|written| match &written.value {
                Value::Literals(constants) => constants.as_slice(),
                Value::Flag | Value::Str(_) | Value::Int(_) | Value::FlagWithStr(_) => &[],
                Value::Group(_) => &[],
            })
    }

    /// Whether the key was written here but rejected.
    pub(crate) fn rejected(&self, def: &KeyDef) -> bool {
        self.rejected.contains(&def)
    }

    /// Whether the key may have been meant here although it is not (accepted) here: it was
    /// rejected, or something here could not be read. Its error is reported, so the checks
    /// for the key missing stay quiet.
    pub(crate) fn may_have_meant(&self, def: &KeyDef) -> bool {
        self.unreadable || self.rejected(def)
    }

    /// Every key written (and accepted), with the span of its name.
    pub(crate) fn written(&self) -> impl Iterator<Item = (&'static KeyDef, Span)> + '_ {
        self.written
            .iter()
            .map(|written| (written.def, written.span))
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

/// Parses every `#[matrix(...)]` among `attrs`, written at `place`.
pub(crate) fn parse(cx: &Ctxt, attrs: &[Attribute], place: Place) -> Attrs {
    let mut out = Attrs::none();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("matrix")) {
        let parenthesized = matches!(
            &attr.meta,
            syn::Meta::List(list) if matches!(list.delimiter, syn::MacroDelimiter::Paren(_))
        );
        if !parenthesized {
            cx.error(
                attr.meta.span(),
                "expected `#[matrix(...)]` with keys inside the parentheses, like `#[matrix(errcode = \"M_FORBIDDEN\")]`",
            );
            out.unreadable = true;
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            out.key(cx, &meta, place);
            skip_to_comma(meta.input)
        });
        if let Err(error) = result {
            cx.push(error);
            out.unreadable = true;
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

/// A value as written, before it is checked against the key's shape.
enum Raw {
    /// Nothing after the key.
    Nothing,
    Lit(Lit),
    /// `(...)`, parsed into constants when the key takes them.
    List(Option<Vec<Constant>>),
    /// `(...)` of a group, its keys read by the group's table.
    Group(Attrs),
}

impl Attrs {
    fn key(&mut self, cx: &Ctxt, meta: &ParseNestedMeta, place: Place) {
        let span = meta.path.span();
        let Some(ident) = meta.path.get_ident() else {
            cx.error(span, unknown_key(&quote_path(&meta.path), place));
            self.unreadable = true;
            return;
        };
        let name = ident.to_string();
        let def = match keys::lookup(&name, place) {
            Lookup::Here(def) => def,
            Lookup::Elsewhere(defs) => {
                let home = (defs.iter()).fold(Places::NONE, |home, def| home.or(def.places));
                cx.error(
                    span,
                    format!(
                        "`{name}` cannot go on {}; it belongs on {}",
                        place.name(),
                        home.home_from(place)
                    ),
                );
                self.rejected.extend(defs);
                return;
            }
            Lookup::Unknown => {
                cx.error(span, unknown_key(&name, place));
                self.unreadable = true;
                return;
            }
        };
        let Some(value) = self.value(cx, meta, def, span, Some(place)) else {
            return;
        };
        // Tokens left after a key without `=`: `expose true`, `field "key"`, `extra(...) x`.
        if !meta.input.is_empty() && !meta.input.peek(Token![,]) {
            let message = match def.shape {
                Shape::Flag => takes_no_value(def),
                Shape::FlagOrStr => expected(def, "`=` before the value"),
                Shape::Str | Shape::Int | Shape::Literals | Shape::Group => {
                    format!("unexpected token after `{name}`; expected `,` or `)`")
                }
            };
            cx.error(meta.input.span(), message);
            return self.rejected.push(def);
        }
        if def.shape != Shape::Literals && self.get(def).is_some() {
            return cx.error(span, format!("duplicate matrix attribute `{name}`"));
        }
        self.written.push(Written { def, span, value });
    }

    /// The value written after the key `def`, read and fitted to its shape; `None` when it has
    /// none to keep (an error is then recorded, and the key marked rejected so that no second
    /// error says it is missing).
    fn value(
        &mut self,
        cx: &Ctxt,
        meta: &ParseNestedMeta,
        def: &'static KeyDef,
        span: Span,
        place: Option<Place>,
    ) -> Option<Value> {
        let fitted = match read_value(cx, meta, def) {
            Ok(Some(raw)) => fit(def, raw, span, place),
            Ok(None) => {
                self.rejected.push(def);
                return None;
            }
            Err(error) => Err(error),
        };
        fitted
            .map_err(|error| {
                self.rejected.push(def);
                cx.push(error);
            })
            .ok()
    }

    /// One key inside the group `group` (`code = "..."` in `zulip(...)`): looked up in the
    /// group's table only.
    fn nested_key(&mut self, cx: &Ctxt, meta: &ParseNestedMeta, group: &'static KeyDef) {
        let span = meta.path.span();
        let name = match meta.path.get_ident() {
            Some(ident) => ident.to_string(),
            None => quote_path(&meta.path),
        };
        let Some(def) = group.nested.iter().copied().find(|def| def.name == name) else {
            let keys: Vec<String> = (group.nested.iter())
                .map(|def| format!("`{}`", def.name))
                .collect();
            cx.error(
                span,
                format!(
                    "unknown key `{name}` in `{}(...)`; expected one of {}",
                    group.name,
                    keys.join(", ")
                ),
            );
            self.unreadable = true;
            return;
        };
        let Some(value) = self.value(cx, meta, def, span, None) else {
            return;
        };
        if !meta.input.is_empty() && !meta.input.peek(Token![,]) {
            let message = match def.shape {
                Shape::Flag => format!("`{name}` takes no value in `{}(...)`", group.name),
                _ => format!("unexpected token after `{name}`; expected `,` or `)`"),
            };
            cx.error(meta.input.span(), message);
            return self.rejected.push(def);
        }
        if self.get(def).is_some() {
            return cx.error(
                span,
                format!("duplicate key `{name}` in `{}(...)`", group.name),
            );
        }
        self.written.push(Written { def, span, value });
    }
}

/// Reads `= literal`, `(...)` or nothing after a key; `Ok(None)` when an error was recorded
/// and the value skipped.
fn read_value(cx: &Ctxt, meta: &ParseNestedMeta, def: &'static KeyDef) -> syn::Result<Option<Raw>> {
    let input = meta.input;
    if input.peek(Token![=]) {
        let value = meta.value()?;
        if !value.peek(Lit) {
            let message = match def.shape {
                Shape::Flag => takes_no_value(def),
                Shape::Literals => expected(def, "a parenthesized list"),
                Shape::Group => expected(def, "a parenthesized group of keys"),
                Shape::Int => expected(def, "an integer literal"),
                Shape::Str | Shape::FlagOrStr => expected(def, "a string literal"),
            };
            cx.error(value.span(), message);
            return Ok(None);
        }
        let lit: Lit = value.parse()?;
        if !value.is_empty() && !value.peek(Token![,]) {
            cx.error(
                value.span(),
                "unexpected token after the value; expected `,` or `)`",
            );
            return Ok(None);
        }
        return Ok(Some(Raw::Lit(lit)));
    }
    if input.peek(syn::token::Paren) {
        if def.shape == Shape::Group {
            let mut group = Attrs::none();
            meta.parse_nested_meta(|inner| {
                group.nested_key(cx, &inner, def);
                skip_to_comma(inner.input)
            })?;
            return Ok(Some(Raw::Group(group)));
        }
        if def.shape == Shape::Literals {
            let content;
            syn::parenthesized!(content in input);
            let mut constants = Vec::new();
            while !content.is_empty() {
                constants.extend(constant(cx, &content));
                skip_to_comma(&content)?;
                if !content.is_empty() {
                    content.parse::<Token![,]>()?;
                }
            }
            return Ok(Some(Raw::List(Some(constants))));
        }
        // Consumed whole, so that `fit` reports the one error.
        input.parse::<TokenTree>()?;
        return Ok(Some(Raw::List(None)));
    }
    Ok(Some(Raw::Nothing))
}

/// One `key = literal` of `extra(...)`: the key an identifier (`soft_logout`, `r#type`) or a
/// string for any other JSON key (`"org.matrix.msc3848.unstable.errcode"`).
fn constant(cx: &Ctxt, input: ParseStream) -> Option<Constant> {
    let (key, span) = if input.peek(LitStr) {
        let lit: LitStr = input.parse().ok()?;
        (lit.value(), lit.span())
    } else if input.peek(syn::Ident::peek_any) && !input.peek2(Token![::]) {
        let ident = input.call(syn::Ident::parse_any).ok()?;
        (ident.unraw().to_string(), ident.span())
    } else {
        cx.error(
            input.span(),
            "expected a JSON key in `extra(...)`, such as `soft_logout` or \"org.example.key\"",
        );
        return None;
    };
    if key.is_empty() {
        cx.error(span, "the JSON key of an extra value cannot be empty");
        return None;
    }
    let shown = match syn::parse_str::<syn::Ident>(&key) {
        Ok(_) => key.clone(),
        Err(_) => format!("{key:?}"),
    };
    if input.parse::<Token![=]>().is_err() {
        cx.error(
            span,
            format!("expected a value for extra key `{key}`, like `{shown} = true`"),
        );
        return None;
    }
    let not_a_literal = "expected a string, integer, float or boolean literal as an extra value";
    match input.fork().parse::<Lit>() {
        Ok(Lit::Str(_) | Lit::Int(_) | Lit::Float(_) | Lit::Bool(_)) => Some(Constant {
            key,
            span,
            value: input.parse().ok()?,
        }),
        Ok(lit) => {
            cx.error(lit.span(), not_a_literal);
            None
        }
        Err(_) => {
            cx.error(input.span(), not_a_literal);
            None
        }
    }
}

/// The value if it fits the key's shape, else the error: a value that the key takes at
/// another place (`errcode = "..."` on a field, where `errcode` is a flag) is told where
/// it belongs. `place` is `None` for a key inside a group, which has no namesakes.
fn fit(def: &'static KeyDef, raw: Raw, span: Span, place: Option<Place>) -> syn::Result<Value> {
    if let Some(place) = place.filter(|_| !takes(def.shape, &raw)) {
        if let Some(home) = keys::namesakes(def).find(|home| takes(home.shape, &raw)) {
            return Err(syn::Error::new(span, misplaced_value(def, home, place)));
        }
    }
    let error = |at: Span, what: &str| Err(syn::Error::new(at, expected(def, what)));
    match (def.shape, raw) {
        (Shape::Flag | Shape::FlagOrStr, Raw::Nothing) => Ok(Value::Flag),
        (Shape::Str, Raw::Lit(Lit::Str(lit))) => Ok(Value::Str(lit)),
        (Shape::FlagOrStr, Raw::Lit(Lit::Str(lit))) => Ok(Value::FlagWithStr(lit)),
        (Shape::Int, Raw::Lit(Lit::Int(lit))) => Ok(Value::Int(lit)),
        (Shape::Literals, Raw::List(Some(constants))) => Ok(Value::Literals(constants)),
        (Shape::Group, Raw::Group(attrs)) => Ok(Value::Group(attrs)),
        (Shape::Group, _) => error(span, "a parenthesized group of keys"),
        (_, Raw::Group(_)) => unreachable_group(def, span),
        (Shape::Flag, Raw::Lit(lit)) => Err(syn::Error::new(lit.span(), takes_no_value(def))),
        (Shape::Flag, Raw::List(_)) => Err(syn::Error::new(span, takes_no_value(def))),
        (Shape::Str | Shape::FlagOrStr, Raw::Lit(lit)) => error(lit.span(), "a string literal"),
        (Shape::Int, Raw::Lit(lit)) => error(lit.span(), "an integer literal"),
        (Shape::Literals, Raw::Nothing | Raw::Lit(_) | Raw::List(None)) => {
            error(span, "a parenthesized list")
        }
        (Shape::Str, Raw::Nothing | Raw::List(_)) => error(span, "a string literal"),
        (Shape::Int, Raw::Nothing | Raw::List(_)) => error(span, "an integer literal"),
        (Shape::FlagOrStr, Raw::List(_)) => error(span, "a string literal or no value"),
    }
}

/// A group's value is read only for a group key; any other key's `(...)` is `Raw::List`.
fn unreachable_group(def: &KeyDef, span: Span) -> syn::Result<Value> {
    Err(syn::Error::new(
        span,
        expected(def, "a value, not a group of keys"),
    ))
}

/// Whether a key of `shape` takes the value `raw`.
fn takes(shape: Shape, raw: &Raw) -> bool {
    match (shape, raw) {
        (Shape::Flag | Shape::FlagOrStr, Raw::Nothing) => true,
        (Shape::Str | Shape::FlagOrStr, Raw::Lit(lit)) => matches!(lit, Lit::Str(_)),
        (Shape::Int, Raw::Lit(lit)) => matches!(lit, Lit::Int(_)),
        (Shape::Literals, Raw::List(_)) | (Shape::Group, Raw::Group(_)) => true,
        (Shape::Group, _) | (_, Raw::Group(_)) => false,
        (Shape::Str | Shape::Int | Shape::Literals, Raw::Nothing)
        | (Shape::Flag | Shape::Literals, Raw::Lit(_))
        | (Shape::Flag | Shape::Str | Shape::Int | Shape::FlagOrStr, Raw::List(_)) => false,
    }
}

/// "`errcode = "..."` belongs on the struct, not on a field; ...".
fn misplaced_value(here: &KeyDef, home: &KeyDef, place: Place) -> String {
    let written = match home.shape {
        Shape::Str | Shape::FlagOrStr => format!("{} = \"...\"", home.name),
        Shape::Int => format!("{} = ...", home.name),
        Shape::Literals | Shape::Group => format!("{}(...)", home.name),
        Shape::Flag => home.name.to_owned(),
    };
    format!(
        "`{written}` belongs on {}, not on {}; on {}, `#[matrix({})]` {}",
        home.places.home_from(place),
        place.name(),
        place.name(),
        here.example,
        here.meaning,
    )
}

/// "expected {what} for `key`, like `example`".
fn expected(def: &KeyDef, what: &str) -> String {
    format!("expected {what} for `{}`, like `{}`", def.name, def.example)
}

fn takes_no_value(def: &KeyDef) -> String {
    match def.places == Places::NONE {
        // A key of a group: written inside the group's parentheses.
        true => format!("`{0}` takes no value; write `{0}` alone", def.name),
        false => format!("`{0}` takes no value; write `#[matrix({0})]`", def.name),
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
    let keys: Vec<String> = keys::names_at(place)
        .map(|key| format!("`{key}`"))
        .collect();
    format!(
        "unknown matrix attribute `{name}` on {}; expected one of {}",
        place.name(),
        keys.join(", ")
    )
}
