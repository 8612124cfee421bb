//! The rules on what keys mean together, one small function each. Each reports its errors
//! to the [`Ctxt`] and returns what its caller needs to go on; `model` calls each where its
//! inputs are known.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{GenericArgument, PathArguments, Type};

use crate::ast::{self, Input};
use crate::attr::Attrs;
use crate::code::Resolved;
use crate::ctxt::Ctxt;
use crate::keys::{self, Place};
use crate::model::{Role, RoleKey, Variant, Wire};
use crate::table;

/// A field takes at most one role key (`field`, `flatten`, `retry_after`, `errcode`,
/// `status`, `kind`, `status_with`); `keys` are those written on it.
pub(crate) fn one_role_per_field(cx: &Ctxt, keys: &[(RoleKey, Span)]) {
    if let [(first, _), (second, span), ..] = keys {
        cx.error(
            *span,
            format!(
                "`{}` cannot be combined with `{}` on one field",
                second.def().name,
                first.def().name
            ),
        );
    }
}

/// `default` is for a `field`, and only matters with `parse`.
pub(crate) fn default_needs_field_and_parse(
    cx: &Ctxt,
    field: &ast::Field,
    role: &Role,
    parse: bool,
) {
    let Some(span) = field.attrs.flag(&keys::DEFAULT) else {
        return;
    };
    if !matches!(role, Role::Extra(_)) {
        cx.error(
            span,
            "`default` applies to a `field`; add `field` or remove `default`",
        );
    } else if !parse {
        cx.error(
            span,
            "`default` only matters when the type decodes bodies; add `parse` to the type or remove `default`",
        );
    }
}

/// `from` goes on the variant's only field; gives that field.
pub(crate) fn from_on_the_only_field(cx: &Ctxt, variant: &ast::Variant) -> Option<usize> {
    let mut with_from = (variant.fields.iter())
        .filter_map(|field| Some((field.index, field.attrs.flag(&keys::FROM)?)));
    let (index, span) = with_from.next()?;
    if variant.fields.len() != 1 {
        cx.error(
            span,
            format!(
                "`from` needs the {0}'s only field; this {0} has {1} fields",
                variant.noun(),
                variant.fields.len()
            ),
        );
        return None;
    }
    Some(index)
}

/// No two variants generate `From` for the same type.
pub(crate) fn from_types_unique(cx: &Ctxt, input: &Input, variants: &[Variant]) {
    let mut seen: Vec<(String, &syn::Ident)> = Vec::new();
    for variant in variants {
        let Some(index) = variant.from else {
            continue;
        };
        let ty = ast::type_name(variant.fields[index].ty);
        match seen.iter().find(|(seen, _)| *seen == ty) {
            Some((_, other)) => {
                let span = (input.variants().iter())
                    .find(|ast| ast.ident == variant.ident)
                    .and_then(|ast| ast.fields[index].attrs.flag(&keys::FROM))
                    .unwrap_or_else(|| variant.ident.span());
                cx.error(
                    span,
                    format!(
                        "`From<{ty}>` is already generated for variant `{other}`; keep `from` on one of them"
                    ),
                );
            }
            None => seen.push((ty, variant.ident)),
        }
    }
}

/// `transparent` needs exactly one field, the inner error.
pub(crate) fn transparent_has_one_field(cx: &Ctxt, variant: &ast::Variant, span: Span) -> bool {
    let ok = variant.fields.len() == 1;
    if !ok {
        cx.error(
            span,
            format!(
                "`transparent` needs exactly one field, the inner error; this has {}",
                variant.fields.len()
            ),
        );
    }
    ok
}

/// Beside `transparent`, no key of a variant: the inner error gives them all.
pub(crate) fn transparent_stands_alone(cx: &Ctxt, attrs: &Attrs) -> bool {
    let mut reported: Vec<&keys::KeyDef> = Vec::new();
    for (def, span) in attrs.written() {
        let variant_key = def.places.contains(Place::Variant);
        if variant_key && *def != keys::TRANSPARENT.def && !reported.contains(&def) {
            reported.push(def);
            cx.error(
                span,
                format!(
                    "`{}` cannot be combined with `transparent`: the inner error gives it",
                    def.name
                ),
            );
        }
    }
    reported.is_empty()
}

/// The field of a `transparent` variant has no role: the inner error gives the body.
pub(crate) fn transparent_field_is_plain(cx: &Ctxt, variant: &ast::Variant) -> bool {
    let mut ok = true;
    for field in &variant.fields {
        for (key, span) in RoleKey::on(field) {
            cx.error(
                span,
                format!(
                    "`{}` cannot go on the field of a `transparent` {}: the inner error gives the body",
                    key.def().name,
                    variant.noun()
                ),
            );
            ok = false;
        }
    }
    ok
}

/// At most one field of a variant has a role such as `errcode`; gives that field.
pub(crate) fn one_field_per_role(
    cx: &Ctxt,
    variant: &ast::Variant,
    role: RoleKey,
) -> Option<usize> {
    let mut found = (variant.fields.iter()).filter_map(|field| match RoleKey::on(field).first() {
        Some(&(key, span)) if key == role => Some((field.index, span)),
        _ => None,
    });
    let first = found.next();
    for (_, span) in found {
        cx.error(
            span,
            format!(
                "only one field of a {} can be `{}`",
                variant.noun(),
                role.def().name
            ),
        );
    }
    first.map(|(index, _)| index)
}

/// An errcode comes from a key or from a field, not both.
pub(crate) fn errcode_key_or_field(
    cx: &Ctxt,
    variant: &ast::Variant,
    attrs: &Attrs,
    field: Option<usize>,
) {
    if let (Some(lit), Some(index)) = (attrs.string(&keys::ERRCODE), field) {
        let field = &variant.fields[index];
        cx.error(
            field
                .attrs
                .span(&keys::ERRCODE_FIELD.def)
                .unwrap_or(field.span),
            format!(
                "this {} has both `errcode = \"{}\"` and a `#[matrix(errcode)]` field; keep one",
                variant.noun(),
                lit.value()
            ),
        );
    }
}

/// A status comes from a key or from a field (`status` or `status_with`), not both.
pub(crate) fn status_key_or_field(
    cx: &Ctxt,
    variant: &ast::Variant,
    attrs: &Attrs,
    field: Option<usize>,
) {
    if let (Some(lit), Some(index)) = (attrs.int(&keys::STATUS), field) {
        let field = &variant.fields[index];
        let (span, written) = match field.attrs.span(&keys::STATUS_WITH.def) {
            Some(span) => (span, "`#[matrix(status_with = \"...\")]`"),
            None => (
                field
                    .attrs
                    .span(&keys::STATUS_FIELD.def)
                    .unwrap_or(lit.span()),
                "`#[matrix(status)]`",
            ),
        };
        cx.error(
            span,
            format!(
                "this {} has both `status = {}` and a {written} field; keep one",
                variant.noun(),
                lit.base10_digits()
            ),
        );
    }
}

/// One field gives the status: a `status` field or a `status_with` field, not both; gives it.
pub(crate) fn one_status_field(
    cx: &Ctxt,
    variant: &ast::Variant,
    status: Option<usize>,
    status_with: Option<usize>,
) -> Option<usize> {
    if let (Some(_), Some(index)) = (status, status_with) {
        let field = &variant.fields[index];
        cx.error(
            field
                .attrs
                .span(&keys::STATUS_WITH.def)
                .unwrap_or(field.span),
            format!(
                "this {} has both a `#[matrix(status)]` field and a `status_with` field; keep one",
                variant.noun()
            ),
        );
    }
    status.or(status_with)
}

/// A `kind` field gives the errcode: the variant has no other (a key, a field) and none of
/// the keys about a written code (`verbatim`, `allow_unlisted`, `usual_status`).
pub(crate) fn kind_gives_the_errcode(
    cx: &Ctxt,
    variant: &ast::Variant,
    attrs: &Attrs,
    kind: usize,
    errcode_field: Option<usize>,
) {
    if let Some(lit) = attrs.string(&keys::ERRCODE) {
        cx.error(
            lit.span(),
            format!(
                "this {} takes its errcode from its `kind` field; remove `errcode = \"{}\"`, or the `kind` field",
                variant.noun(),
                lit.value()
            ),
        );
    }
    if let Some(index) = errcode_field {
        let field = &variant.fields[index];
        cx.error(
            field.attrs.span(&keys::ERRCODE_FIELD.def).unwrap_or(field.span),
            format!(
                "this {} takes its errcode from its `kind` field (`{}`); keep one of the two fields",
                variant.noun(),
                variant.fields[kind].name()
            ),
        );
    }
    for def in [&keys::VERBATIM, &keys::ALLOW_UNLISTED, &keys::USUAL_STATUS] {
        if let Some(span) = attrs.flag(def) {
            cx.error(
                span,
                format!(
                    "`{}` is about an errcode written in the attribute; this {}'s comes from its `kind` field",
                    def.def.name,
                    variant.noun()
                ),
            );
        }
    }
}

/// A `flatten` field cannot go beside a `kind` field: the keys of both are known only at run
/// time, so the body could hold one twice.
pub(crate) fn kind_without_flatten(cx: &Ctxt, variant: &ast::Variant, kind: usize) {
    for field in &variant.fields {
        if let Some(span) = field.attrs.flag(&keys::FLATTEN) {
            cx.error(
                span,
                format!(
                    "`flatten` cannot go beside the `kind` field `{}`: the keys of both are known only at run time, and a body never holds a key twice; send the keys as `field`s",
                    variant.fields[kind].name()
                ),
            );
        }
    }
}

/// `verbatim` is for codes that are not `M_`: an `M_` code is always checked against the
/// table, so that a typo cannot go out.
pub(crate) fn verbatim_is_not_for_spec_codes(cx: &Ctxt, span: Span, errcode: &str) {
    if crate::code::is_spec_namespace(errcode) {
        cx.error(
            span,
            format!(
                "`verbatim` does not apply to `M_` codes such as `{errcode}`, which are checked against the code table so that a typo cannot go out; for a spec code the table does not list yet, use `allow_unlisted`"
            ),
        );
    }
}

/// `allow_unlisted` is for codes the table does not list.
pub(crate) fn allow_unlisted_is_needed(cx: &Ctxt, attrs: &Attrs, resolved: Option<&Resolved>) {
    if let (Some(span), Some(Resolved::Table(row))) = (attrs.flag(&keys::ALLOW_UNLISTED), resolved)
    {
        cx.error(
            span,
            format!(
                "`{}` is listed in the code table; remove `allow_unlisted`",
                row.errcode
            ),
        );
    }
}

/// A variant that gives no errcode, in a key or a field, takes the container's: there must
/// be one. Quiet where an errcode may have been written but could not be read: that error
/// is reported.
pub(crate) fn errcode_is_given(cx: &Ctxt, input: &Input, variant: &ast::Variant) {
    let unreadable = input.attrs_of(variant).may_have_meant(&keys::ERRCODE.def)
        || input.attrs.may_have_meant(&keys::ERRCODE.def)
        || (variant.fields.iter())
            .any(|field| field.attrs.may_have_meant(&keys::ERRCODE_FIELD.def));
    if unreadable {
        return;
    }
    let fix = match variant.is_struct {
        true => "add `#[matrix(errcode = \"...\")]` to it",
        false => "add `#[matrix(errcode = \"...\")]` to it, or a default errcode to the enum",
    };
    cx.error(
        variant.ident.span(),
        format!("{} has no errcode; {fix}", variant.describe()),
    );
}

/// `usual_status` needs a code of the table, which knows the usual status.
pub(crate) fn usual_status_has_a_table_code(
    cx: &Ctxt,
    variant: &ast::Variant,
    attrs: &Attrs,
    resolved: Option<&Resolved>,
) {
    let not_in_table = matches!(resolved, Some(Resolved::Unlisted(_) | Resolved::Custom(_)));
    if let (Some(span), true) = (attrs.flag(&keys::USUAL_STATUS), not_in_table) {
        cx.error(
            span,
            format!(
                "`usual_status` needs a code of the table; this {}'s errcode is not one",
                variant.noun()
            ),
        );
    }
}

/// No rule gives a status for this code.
pub(crate) fn status_is_found_for_code(cx: &Ctxt, at: Span, resolved: &Resolved) {
    let message = match resolved {
        Resolved::Table(row) => format!(
            "`{}` has no status fixed by the spec; add `status = ...` (servers usually send {}), or `usual_status`",
            row.errcode, row.usual_status
        ),
        Resolved::Unlisted(errcode) | Resolved::Custom(errcode) => format!(
            "`{errcode}` is not in the code table, so it has no default status; add `status = ...`"
        ),
    };
    cx.error(at, message);
}

/// No rule gives a status for an errcode set at run time.
pub(crate) fn status_is_found_for_errcode_field(cx: &Ctxt, at: Span) {
    cx.error(
        at,
        "the errcode is set at run time, so no table gives a status; add `status = ...` or a `#[matrix(status)]` field",
    );
}

/// `expose` is about the Display text, which `message` replaces.
pub(crate) fn expose_without_message(cx: &Ctxt, attrs: &Attrs) {
    if let (Some(span), Some(_)) = (attrs.flag(&keys::EXPOSE), attrs.string(&keys::MESSAGE)) {
        cx.error(
            span,
            "`expose` has no effect together with `message`; remove one",
        );
    }
}

/// `expose` lifts the 5xx redaction, which a 4xx status does not have.
pub(crate) fn expose_needs_a_5xx_status(
    cx: &Ctxt,
    variant: &ast::Variant,
    span: Span,
    status: u16,
) {
    if status < 500 {
        cx.error(
            span,
            format!(
                "`expose` only matters for a 5xx status; this {}'s status is {status}",
                variant.noun()
            ),
        );
    }
}

/// `parse` rebuilds a value from errcode and keys: every field must come from the body.
pub(crate) fn parse_reads_every_field(cx: &Ctxt, span: Span, variants: &[Variant]) {
    for variant in variants {
        let name = match variant.is_struct {
            true => "the struct".to_owned(),
            false => format!("variant `{}`", variant.ident),
        };
        if let Wire::Delegated { .. } = variant.wire {
            cx.error(
                span,
                format!("`parse` cannot rebuild {name}: it is `transparent`"),
            );
            continue;
        }
        if let Some(kind) = (variant.fields.iter()).find(|field| matches!(field.role, Role::Kind)) {
            cx.error(
                kind.member.span(),
                format!(
                    "`parse` cannot rebuild {name}: its errcode comes from its `kind` field `{}`; \
                     read such errors as the kind's own type (`matrix_error::Error` reads any body)",
                    kind.name
                ),
            );
            continue;
        }
        for field in &variant.fields {
            if field.read_from_body() {
                continue;
            }
            cx.error(
                field.member.span(),
                format!(
                    "`parse` cannot rebuild {name}: its field `{}` is not read from the body \
                     (mark it `field`, `flatten`, `retry_after` or `errcode`)",
                    field.name
                ),
            );
        }
    }
}

/// `parse` gives an owned value: a field read from the body cannot borrow.
pub(crate) fn parse_reads_owned_types(cx: &Ctxt, variants: &[Variant]) {
    for variant in variants {
        if !matches!(variant.wire, Wire::Own(_)) {
            continue;
        }
        for field in &variant.fields {
            let read = match field.role {
                Role::Extra(_) | Role::Flatten | Role::RetryAfter | Role::Errcode => true,
                Role::Unused | Role::Status | Role::Kind | Role::StatusWith(_) => false,
            };
            if read && borrows(field.ty) {
                cx.error_spanned(
                    field.ty,
                    format!(
                        "with `parse`, a field read from the body cannot borrow: `{}` would borrow \
                         from the error it is read from; use `{}`",
                        ast::type_name(field.ty),
                        ast::type_name(&owned(field.ty)),
                    ),
                );
            }
        }
    }
}

/// Whether a type holds a reference: `&'a str`, `Option<&str>`, `(u8, &[u8])`.
fn borrows(ty: &Type) -> bool {
    match ty {
        Type::Reference(_) => true,
        Type::Path(path) => (path.path.segments.iter()).any(|segment| match &segment.arguments {
            PathArguments::AngleBracketed(arguments) => (arguments.args.iter())
                .any(|argument| matches!(argument, GenericArgument::Type(ty) if borrows(ty))),
            PathArguments::None | PathArguments::Parenthesized(_) => false,
        }),
        Type::Tuple(tuple) => tuple.elems.iter().any(borrows),
        Type::Array(array) => borrows(&array.elem),
        Type::Slice(slice) => borrows(&slice.elem),
        Type::Paren(paren) => borrows(&paren.elem),
        Type::Group(group) => borrows(&group.elem),
        _ => false,
    }
}

/// `ty` with each reference replaced by what owns the same value: `&str` by `String`,
/// `&[T]` by `Vec<T>`, `&T` by `T`.
fn owned(ty: &Type) -> Type {
    let mut ty = ty.clone();
    own_in_place(&mut ty);
    ty
}

fn own_in_place(ty: &mut Type) {
    match ty {
        Type::Reference(reference) => {
            let mut elem = (*reference.elem).clone();
            own_in_place(&mut elem);
            *ty = match elem {
                Type::Path(path) if path.qself.is_none() && path.path.is_ident("str") => {
                    syn::parse_quote!(String)
                }
                Type::Slice(slice) => {
                    let elem = &slice.elem;
                    syn::parse_quote!(Vec<#elem>)
                }
                elem => elem,
            };
        }
        Type::Path(path) => {
            for segment in &mut path.path.segments {
                if let PathArguments::AngleBracketed(arguments) = &mut segment.arguments {
                    for argument in &mut arguments.args {
                        if let GenericArgument::Type(ty) = argument {
                            own_in_place(ty);
                        }
                    }
                }
            }
        }
        Type::Tuple(tuple) => tuple.elems.iter_mut().for_each(own_in_place),
        Type::Array(array) => own_in_place(&mut array.elem),
        Type::Slice(slice) => own_in_place(&mut slice.elem),
        Type::Paren(paren) => own_in_place(&mut paren.elem),
        Type::Group(group) => own_in_place(&mut group.elem),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// The dialect keys, `zulip(...)` and `mastodon(...)`.

/// A status of a dialect key, from 400 to 599 (the rule of `status`).
pub(crate) fn status(cx: &Ctxt, lit: &syn::LitInt) -> Option<u16> {
    crate::model::status_value(cx, lit)
}

/// A Zulip code is `[A-Z][A-Z0-9_]*` and in the project's Zulip table, unless
/// `allow_unlisted` lets through one the table lacks (and only such a one). Gives the code.
pub(crate) fn zulip_code(
    cx: &Ctxt,
    lit: &syn::LitStr,
    allow_unlisted: Option<Span>,
) -> Option<String> {
    let code = lit.value();
    if !table::is_zulip_code(&code) {
        let upper = code.to_ascii_uppercase();
        let hint = match table::zulip_listed(&upper) {
            true => format!("; did you mean `{upper}`?"),
            false => String::new(),
        };
        cx.error(
            lit.span(),
            format!(
                "invalid Zulip code `{}`; a Zulip code is an upper-case letter, then upper-case \
                 letters, digits and `_`, such as `RATE_LIMIT_HIT`{hint}",
                code.escape_debug()
            ),
        );
        return None;
    }
    match (table::zulip_listed(&code), allow_unlisted) {
        (true, None) | (false, Some(_)) => Some(code),
        (true, Some(span)) => {
            cx.error(
                span,
                format!(
                    "`allow_unlisted` is for a Zulip code the table does not list; `{code}` is \
                     listed: remove `allow_unlisted`"
                ),
            );
            None
        }
        (false, None) => {
            let message = match table::zulip_nearest(&code) {
                Some(near) => format!(
                    "unknown Zulip code `{code}`; did you mean `{near}`? If `{code}` is a code \
                     of a Zulip server newer than this crate's table, add `allow_unlisted`: \
                     `zulip(code = \"{code}\", allow_unlisted)`"
                ),
                None => format!(
                    "unknown Zulip code `{code}`; the project's Zulip table does not list it. If \
                     a Zulip server sends it, add `allow_unlisted`: `zulip(code = \"{code}\", \
                     allow_unlisted)`"
                ),
            };
            cx.error(lit.span(), message);
            None
        }
    }
}

/// `allow_unlisted` in `zulip(...)` is about the `code` beside it.
pub(crate) fn allow_unlisted_needs_a_zulip_code(
    cx: &Ctxt,
    allow_unlisted: Option<Span>,
    code: bool,
) {
    if let (Some(span), false) = (allow_unlisted, code) {
        cx.error(
            span,
            "`allow_unlisted` applies to a Zulip `code` beside it: `zulip(code = \"...\", allow_unlisted)`",
        );
    }
}

/// A Zulip code whose status the table does not fix (listed with several statuses, or with a
/// 2xx) needs `status`; `BAD_REQUEST` carries any (the Matrix status) and an unlisted code
/// takes the Matrix status. Returns whether it is fine.
pub(crate) fn zulip_code_has_a_status(cx: &Ctxt, code: &str, span: Span) -> bool {
    if code == table::ZULIP_GENERIC {
        return true;
    }
    let mut statuses = table::zulip_statuses(code);
    statuses.sort_unstable();
    statuses.dedup();
    let problem = match statuses[..] {
        [] => return true,
        [status] if !(200..300).contains(&status) => return true,
        [status] => format!("the Zulip table lists it with {status}, a success status"),
        _ => {
            let listed: Vec<String> = statuses.iter().map(u16::to_string).collect();
            format!(
                "the Zulip table lists it with several statuses ({})",
                listed.join(", ")
            )
        }
    };
    cx.error(
        span,
        format!("Zulip code `{code}` needs a `status`: {problem}; write `zulip(code = \"{code}\", status = ...)`"),
    );
    false
}

/// An OAuth code is one of RFC 6749's, RFC 6750's or Doorkeeper's. Gives it with its status.
pub(crate) fn oauth_code(cx: &Ctxt, lit: &syn::LitStr) -> Option<(String, u16)> {
    let code = lit.value();
    if let Some(status) = table::oauth_status(&code) {
        return Some((code, status));
    }
    let near = table::oauth_nearest(&code.to_ascii_lowercase());
    let message = match near {
        Some(near) => format!("unknown OAuth error code `{code}`; did you mean `{near}`?"),
        None => {
            let codes: Vec<String> = table::oauth_codes()
                .map(|(code, _)| format!("`{code}`"))
                .collect();
            format!(
                "unknown OAuth error code `{code}`; expected one of {}",
                codes.join(", ")
            )
        }
    };
    cx.error(lit.span(), message);
    None
}

/// `mastodon(error)` and `mastodon(oauth)` both set the `error` key: one of them.
pub(crate) fn mastodon_error_or_oauth(
    cx: &Ctxt,
    error: Option<&syn::LitStr>,
    oauth: Option<&syn::LitStr>,
) {
    if let (Some(error), Some(_)) = (error, oauth) {
        cx.error(
            error.span(),
            "`error` cannot be combined with `oauth` in `mastodon(...)`: an OAuth body's `error` is the OAuth code (the message goes to `error_description`)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_types_and_their_owned_forms() {
        let cases = [
            ("&'a str", Some("String")),
            ("&'static str", Some("String")),
            ("Option<&'a str>", Some("Option<String>")),
            ("&[u8]", Some("Vec<u8>")),
            ("&'a std::time::Duration", Some("std::time::Duration")),
            ("(u8, &'a str)", Some("(u8, String)")),
            ("&&str", Some("String")),
            ("String", None),
            ("std::borrow::Cow<'a, str>", None),
            ("Vec<u8>", None),
            ("T", None),
        ];
        for (ty, owned_form) in cases {
            let ty: Type = syn::parse_str(ty).unwrap();
            assert_eq!(
                borrows(&ty),
                owned_form.is_some(),
                "{}",
                ast::type_name(&ty)
            );
            if let Some(owned_form) = owned_form {
                assert_eq!(ast::type_name(&owned(&ty)), owned_form);
            }
        }
    }
}
