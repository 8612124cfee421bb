//! The checked input resolved into what `expand` generates from: for each variant its
//! errcode, status, message and body keys, or the inner field it delegates to.
//!
//! [`Model::build`] reads the keys through `keys`' constants, resolves values (errcodes
//! against the code table, statuses by `status::choose`, message templates, JSON keys) and
//! runs the rules of `check` where their inputs are known. A value that cannot be resolved
//! is reported where it is written and leaves its variant out of the model; nothing stops
//! the other checks.

use proc_macro2::Span;
use syn::{Ident, Lit, LitInt, LitStr, Member, Type};

use crate::ast::{self, Input};
use crate::attr::Attrs;
use crate::check;
use crate::code::{self, Resolved};
use crate::ctxt::Ctxt;
use crate::dialect::{self, Dialects};
use crate::keys;
use crate::message::{self, Template};
use crate::status::{self, Candidates, Chosen};
use crate::table;

/// The body keys the derive writes itself; no extra key may take them.
pub(crate) const RESERVED_KEYS: [&str; 2] = ["errcode", "error"];

/// The key `retry_after` writes into the body.
pub(crate) const RETRY_AFTER_MS: &str = "retry_after_ms";

pub(crate) struct Model<'a> {
    pub ident: &'a Ident,
    pub generics: &'a syn::Generics,
    /// The runtime crate's path.
    pub krate: syn::Path,
    /// `parse`: also generate the decoding of a body into the type.
    pub parse: bool,
    /// The integrations asked for (`axum`, ...), each with the span of its key.
    pub integrations: Vec<(Integration, Span)>,
    pub variants: Vec<Variant<'a>>,
}

/// An integration a container key asks for: its key, and the runtime crate's macro that
/// writes its impl (or, without the runtime's feature, says which feature to turn on).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Integration {
    Axum,
    ActixWeb,
    Ruma,
}

impl Integration {
    pub(crate) const ALL: [Integration; 3] =
        [Integration::Axum, Integration::ActixWeb, Integration::Ruma];

    pub(crate) fn key(self) -> &'static keys::Key<keys::Flag> {
        match self {
            Integration::Axum => &keys::AXUM,
            Integration::ActixWeb => &keys::ACTIX_WEB,
            Integration::Ruma => &keys::RUMA,
        }
    }
}

pub(crate) struct Variant<'a> {
    /// The variant's name, or for a struct the struct's.
    pub ident: &'a Ident,
    pub is_struct: bool,
    pub fields: Vec<Field<'a>>,
    pub wire: Wire,
    /// The field that `from` makes a `From` impl for.
    pub from: Option<usize>,
    /// The doc comment, for the listing.
    pub docs: String,
}

pub(crate) struct Field<'a> {
    pub member: Member,
    /// See `ast::Field::name`.
    pub name: String,
    pub ty: &'a Type,
    pub role: Role,
    /// The key that gave the role, if any (a `field` whose JSON key was rejected has the
    /// key, and no role).
    pub role_key: Option<RoleKey>,
    /// `default`: a missing key decodes as `Default::default()`.
    pub default: bool,
}

/// What a field is to the body.
pub(crate) enum Role {
    /// Nothing: not sent, not read.
    Unused,
    /// `field`: an extra key of the body, with its JSON key.
    Extra(String),
    /// `flatten`: keys merged into the body.
    Flatten,
    /// `retry_after`: the `Retry-After` header and `retry_after_ms`.
    RetryAfter,
    /// `errcode`: the errcode, at run time.
    Errcode,
    /// `status`: the status, at run time.
    Status,
    /// `kind`: a `MatrixError` that gives the errcode, its keys and retry-after at run time.
    Kind,
    /// `status_with = "path"`: the status is `path(&field)`, at run time.
    StatusWith(syn::Path),
}

/// Where a variant's answer comes from.
// One per variant, built once and matched often: not worth a box.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Wire {
    /// `transparent`: errcode, status and body are those of the field `inner`.
    Delegated { inner: usize },
    /// The variant's own.
    Own(Own),
}

/// A variant's own errcode, status, message and body keys.
pub(crate) struct Own {
    pub errcode: Source<String>,
    /// The unstable forms of a fixed code of the table (its aliases there), which `parse`
    /// reads into this variant too.
    pub aliases: Vec<&'static str>,
    pub status: Source<u16>,
    /// The `kind` field, which gives the errcode, its keys (after the variant's own, which
    /// win) and retry-after (where the variant has no `retry_after` field).
    pub kind: Option<usize>,
    pub message: Message,
    /// `extra(key = literal)` constants.
    pub constants: Vec<(String, Lit)>,
    /// Every key this variant writes itself, `errcode` and `error` included, which a
    /// flattened field must not repeat.
    pub written_keys: Vec<String>,
    /// The dialect keys, the variant's over the container's.
    pub dialects: Dialects,
}

/// A value known at compile time, or carried at run time by a field.
pub(crate) enum Source<T> {
    Fixed(T),
    /// The field is the value (`errcode`, `status`).
    Field(usize),
    /// The value is the function's result for the field (`status_with`), boxed: a path is
    /// far larger than the other forms.
    With(usize, Box<syn::Path>),
    /// The `kind` field's own (`MatrixError::errcode`, `MatrixError::status`).
    Kind(usize),
}

/// Where the body's `error` text comes from.
pub(crate) enum Message {
    /// `message = "..."`.
    Template(LitStr, Template),
    /// The Display text.
    Display,
    /// The fixed 5xx text.
    Redacted,
    /// The status is a field: the fixed 5xx text when it is 5xx at run time, else Display.
    RedactedIf5xx,
}

/// The keys a field may take to give it a role; it takes at most one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum RoleKey {
    Field,
    Flatten,
    RetryAfter,
    Errcode,
    Status,
    Kind,
    StatusWith,
}

impl RoleKey {
    const ALL: [RoleKey; 7] = [
        RoleKey::Field,
        RoleKey::Flatten,
        RoleKey::RetryAfter,
        RoleKey::Errcode,
        RoleKey::Status,
        RoleKey::Kind,
        RoleKey::StatusWith,
    ];

    pub(crate) fn def(self) -> &'static keys::KeyDef {
        match self {
            RoleKey::Field => &keys::FIELD.def,
            RoleKey::Flatten => &keys::FLATTEN.def,
            RoleKey::RetryAfter => &keys::RETRY_AFTER.def,
            RoleKey::Errcode => &keys::ERRCODE_FIELD.def,
            RoleKey::Status => &keys::STATUS_FIELD.def,
            RoleKey::Kind => &keys::KIND.def,
            RoleKey::StatusWith => &keys::STATUS_WITH.def,
        }
    }

    /// The role keys written on a field, with their spans.
    pub(crate) fn on(field: &ast::Field) -> Vec<(RoleKey, Span)> {
        (RoleKey::ALL.iter())
            .filter_map(|&key| Some((key, field.attrs.span(key.def())?)))
            .collect()
    }
}

/// What every variant takes from the container.
pub(crate) struct Container<'i, 'a> {
    pub input: &'i Input<'a>,
    /// The namespace, checked and upper-cased.
    namespace: Option<String>,
    /// A namespace was written but rejected (and reported), or may have been: short codes
    /// that needed it are not reported again.
    namespace_unreadable: bool,
    /// The container's valid `status`.
    status: Option<u16>,
    /// The container's `expose`: every variant sends its Display text.
    expose: bool,
    /// The container's dialect keys, defaults for every variant (none for a struct, whose
    /// keys are its one variant's).
    dialects: dialect::Written,
    /// The container's Zulip code was reported as needing a `status` (once, not per variant).
    dialects_reported: std::cell::Cell<bool>,
}

/// A variant's errcode as written and as resolved.
struct Errcode<'v> {
    /// The literal that applies, the variant's or the container's.
    lit: Option<&'v LitStr>,
    /// The variant takes the container's errcode (it gives none, in a key or a field).
    from_container: bool,
    resolved: Option<Resolved>,
    /// The field that carries the errcode at run time.
    field: Option<usize>,
}

impl<'a> Model<'a> {
    pub(crate) fn build(cx: &Ctxt, input: &Input<'a>) -> Self {
        let attrs = &input.attrs;
        let krate = krate(cx, attrs);
        let namespace = (attrs.string(&keys::NAMESPACE)).and_then(|lit| {
            code::namespace(&lit.value())
                .map_err(|message| cx.error(lit.span(), message))
                .ok()
        });
        let container = Container {
            input,
            namespace_unreadable: (attrs.string(&keys::NAMESPACE).is_some() && namespace.is_none())
                || attrs.may_have_meant(&keys::NAMESPACE.def),
            namespace,
            status: attrs
                .int(&keys::STATUS)
                .and_then(|lit| status_value(cx, lit)),
            expose: !input.is_struct() && attrs.flag(&keys::EXPOSE).is_some(),
            dialects: match input.is_struct() {
                true => dialect::Written::default(),
                false => dialect::read(cx, attrs),
            },
            dialects_reported: Default::default(),
        };
        if !input.is_struct() {
            // An enum's own errcode is checked once here, not once per variant using it.
            if let Some(lit) = attrs.string(&keys::ERRCODE) {
                let verbatim = attrs.flag(&keys::VERBATIM).is_some();
                container.resolve(cx, lit, allows_unlisted(attrs), verbatim, attrs);
            }
        }
        let variants: Vec<Variant> = (input.variants().iter())
            .filter_map(|variant| container.variant(cx, variant))
            .collect();
        check::from_types_unique(cx, input, &variants);
        let parse = attrs.flag(&keys::PARSE);
        if let Some(span) = parse {
            check::parse_reads_every_field(cx, span, &variants);
            check::parse_reads_owned_types(cx, &variants);
        }
        let integrations = (Integration::ALL.iter())
            .filter_map(|&integration| Some((integration, attrs.flag(integration.key())?)))
            .collect();
        Model {
            ident: input.ident,
            generics: input.generics,
            krate,
            parse: parse.is_some(),
            integrations,
            variants,
        }
    }
}

/// `allow_unlisted` is given, or written and rejected: an unknown `M_` code would be a
/// follow-on error of the rejected key.
fn allows_unlisted(attrs: &Attrs) -> bool {
    attrs.flag(&keys::ALLOW_UNLISTED).is_some() || attrs.rejected(&keys::ALLOW_UNLISTED.def)
}

/// The runtime crate's path: `crate = "..."`, else `::matrix_error`.
fn krate(cx: &Ctxt, attrs: &Attrs) -> syn::Path {
    let Some(lit) = attrs.string(&keys::CRATE) else {
        return default_crate();
    };
    lit.parse::<syn::Path>().unwrap_or_else(|_| {
        cx.error(
            lit.span(),
            format!(
                "invalid `crate` path `{}`; expected a path such as `my_crate::matrix_error`",
                lit.value()
            ),
        );
        default_crate()
    })
}

pub(crate) fn default_crate() -> syn::Path {
    syn::parse_quote!(::matrix_error)
}

/// A status literal's value, reported when it is none.
pub(crate) fn status_value(cx: &Ctxt, lit: &LitInt) -> Option<u16> {
    let message = match (lit.suffix(), lit.base10_parse::<u16>()) {
        ("" | "u16", Ok(status)) if (400..=599).contains(&status) => return Some(status),
        ("" | "u16", _) => format!(
            "invalid status `{}`; expected an HTTP error status from 400 to 599",
            lit.token()
        ),
        (suffix, Ok(status)) if (400..=599).contains(&status) => format!(
            "invalid status `{}`: a status is an unsuffixed integer or a `u16`, not `{suffix}`; write `{status}`",
            lit.token(),
        ),
        (suffix, _) => format!(
            "invalid status `{}`: a status is an unsuffixed integer or a `u16` from 400 to 599, not `{suffix}`",
            lit.token(),
        ),
    };
    cx.error(lit.span(), message);
    None
}

impl<'i, 'a> Container<'i, 'a> {
    /// Resolves `lit`, an errcode of the item with `attrs`; `verbatim` applies to it (the
    /// item's or the container's).
    fn resolve(
        &self,
        cx: &Ctxt,
        lit: &LitStr,
        allow_unlisted: bool,
        verbatim: bool,
        attrs: &Attrs,
    ) -> Option<Resolved> {
        let value = lit.value();
        let namespace_unreadable =
            self.namespace_unreadable || attrs.may_have_meant(&keys::NAMESPACE.def);
        let resolved =
            code::resolve_or_verbatim(&value, self.namespace.as_deref(), allow_unlisted, verbatim);
        match resolved {
            Ok(resolved) => Some(resolved),
            Err(_) if namespace_unreadable && code::is_short(&value) => None,
            Err(message) => {
                cx.error(lit.span(), message);
                None
            }
        }
    }

    fn variant(&self, cx: &Ctxt, variant: &ast::Variant<'a>) -> Option<Variant<'a>> {
        let attrs = self.input.attrs_of(variant);
        let parse = self.input.attrs.flag(&keys::PARSE).is_some();
        let fields: Vec<Field> = (variant.fields.iter())
            .map(|field| {
                let (role, role_key) = role(cx, field);
                check::default_needs_field_and_parse(cx, field, &role, parse);
                Field {
                    member: field.member.clone(),
                    name: field.name(),
                    ty: field.ty,
                    role,
                    role_key,
                    default: field.attrs.flag(&keys::DEFAULT).is_some(),
                }
            })
            .collect();
        let from = check::from_on_the_only_field(cx, variant);
        let wire = match attrs.flag(&keys::TRANSPARENT) {
            Some(span) => {
                let alone = check::transparent_has_one_field(cx, variant, span)
                    & check::transparent_stands_alone(cx, attrs)
                    & check::transparent_field_is_plain(cx, variant);
                alone.then_some(Wire::Delegated { inner: 0 })?
            }
            None => Wire::Own(self.own(cx, variant, attrs, &fields)?),
        };
        Some(Variant {
            ident: variant.ident,
            is_struct: variant.is_struct,
            fields,
            wire,
            from,
            docs: variant.docs.clone(),
        })
    }

    fn own(
        &self,
        cx: &Ctxt,
        variant: &ast::Variant,
        attrs: &Attrs,
        fields: &[Field],
    ) -> Option<Own> {
        let one = |role: RoleKey| check::one_field_per_role(cx, variant, role);
        let errcode_field = one(RoleKey::Errcode);
        let kind_field = one(RoleKey::Kind);
        let status_field =
            check::one_status_field(cx, variant, one(RoleKey::Status), one(RoleKey::StatusWith));
        one(RoleKey::RetryAfter);
        if let Some(kind) = kind_field {
            check::kind_gives_the_errcode(cx, variant, attrs, kind, errcode_field);
            check::kind_without_flatten(cx, variant, kind);
        }

        let code = self.errcode(cx, variant, attrs, errcode_field, kind_field);
        let status = self.status(cx, variant, attrs, &code, status_field, fields);
        let errcode = match (kind_field, errcode_field, &code.resolved) {
            (Some(index), _, _) => Some(Source::Kind(index)),
            (None, Some(index), _) => Some(Source::Field(index)),
            (None, None, Some(resolved)) => Some(Source::Fixed(resolved.errcode().to_owned())),
            (None, None, None) => None,
        };
        let aliases = match (&errcode, &code.resolved) {
            (Some(Source::Fixed(_)), Some(Resolved::Table(row))) => table::aliases(row.errcode),
            _ => Vec::new(),
        };
        // Checked even when the errcode or status failed, so that every mistake is reported.
        let message = self.message(cx, variant, attrs, status.as_ref());
        let (constants, written_keys) = body_keys(cx, variant, attrs, fields);
        let written = dialect::read(cx, attrs);
        let dialects = dialect::resolve(cx, &self.dialects, &written, &self.dialects_reported);
        Some(Own {
            dialects,
            errcode: errcode?,
            aliases,
            status: status?,
            kind: kind_field,
            message: message?,
            constants,
            written_keys,
        })
    }

    /// The errcode literal that applies: the variant's, else (with no errcode field) the
    /// container's; resolved against the table and the namespace.
    fn errcode<'v>(
        &self,
        cx: &Ctxt,
        variant: &ast::Variant,
        attrs: &'v Attrs,
        errcode_field: Option<usize>,
        kind_field: Option<usize>,
    ) -> Errcode<'v>
    where
        'i: 'v,
        'a: 'v,
    {
        let container = &self.input.attrs;
        if kind_field.is_some() {
            // The kind gives the errcode; `check::kind_gives_the_errcode` reported any other.
            return Errcode {
                lit: None,
                from_container: false,
                resolved: None,
                field: None,
            };
        }
        // A struct's own errcode is its container's: it conflicts with a field all the same.
        check::errcode_key_or_field(cx, variant, attrs, errcode_field);
        let own = match variant.is_struct {
            true => None,
            false => attrs.string(&keys::ERRCODE),
        };
        let allow_unlisted = allows_unlisted(attrs) || allows_unlisted(container);
        let from_container = own.is_none() && errcode_field.is_none();
        let lit = match (own, errcode_field) {
            (Some(lit), _) => Some(lit),
            (None, Some(_)) => None,
            (None, None) => container.string(&keys::ERRCODE),
        };
        // The variant's `verbatim` goes with its own code; the container's with any code.
        let verbatim_here = attrs.flag(&keys::VERBATIM);
        let verbatim = verbatim_here.is_some() || container.flag(&keys::VERBATIM).is_some();
        if let (Some(span), Some(lit)) = (verbatim_here, lit) {
            check::verbatim_is_not_for_spec_codes(cx, span, &lit.value());
        }
        let resolved = match lit {
            // An enum's default code was checked and reported once, in `build`.
            Some(lit) if from_container && !variant.is_struct => code::resolve_or_verbatim(
                &lit.value(),
                self.namespace.as_deref(),
                allow_unlisted,
                verbatim,
            )
            .ok(),
            Some(lit) => self.resolve(cx, lit, allow_unlisted, verbatim, attrs),
            None => None,
        };
        check::allow_unlisted_is_needed(cx, attrs, resolved.as_ref());
        if lit.is_none() && errcode_field.is_none() {
            check::errcode_is_given(cx, self.input, variant);
        }
        Errcode {
            lit,
            from_container,
            resolved,
            field: errcode_field,
        }
    }

    /// The status by `status::choose`, the errors of the literals and of a status missing.
    fn status(
        &self,
        cx: &Ctxt,
        variant: &ast::Variant,
        attrs: &Attrs,
        code: &Errcode,
        status_field: Option<usize>,
        fields: &[Field],
    ) -> Option<Source<u16>> {
        check::status_key_or_field(cx, variant, attrs, status_field);
        let own = match variant.is_struct {
            true => None,
            false => attrs.int(&keys::STATUS),
        };
        let own = match own {
            // Reported; the variant has no known status.
            Some(lit) => Some(status_value(cx, lit)?),
            None => None,
        };
        let table = match &code.resolved {
            Some(Resolved::Table(row)) => Some(*row),
            _ => None,
        };
        check::usual_status_has_a_table_code(cx, variant, attrs, code.resolved.as_ref());
        let usual = attrs.flag(&keys::USUAL_STATUS).is_some()
            || self.input.attrs.flag(&keys::USUAL_STATUS).is_some();
        let kind = fields
            .iter()
            .position(|field| matches!(field.role, Role::Kind));
        let chosen = status::choose(&Candidates {
            variant: own,
            field: status_field.is_some(),
            kind: kind.is_some(),
            container: self.status,
            takes_container_errcode: code.from_container,
            spec: table.and_then(|row| row.spec_status),
            usual: table.filter(|_| usual).map(|row| row.usual_status),
        });
        match chosen {
            Chosen::Variant(status)
            | Chosen::ContainerWithItsErrcode(status)
            | Chosen::Spec(status)
            | Chosen::Container(status)
            | Chosen::Usual(status) => Some(Source::Fixed(status)),
            Chosen::Field => {
                let index = status_field?;
                match &fields[index].role {
                    Role::StatusWith(path) => Some(Source::With(index, Box::new(path.clone()))),
                    _ => Some(Source::Field(index)),
                }
            }
            Chosen::Kind => kind.map(Source::Kind),
            Chosen::None => {
                self.report_no_status(cx, variant, attrs, code);
                None
            }
        }
    }

    /// No rule gave a status: says why, unless a status was written that could not be read.
    fn report_no_status(&self, cx: &Ctxt, variant: &ast::Variant, attrs: &Attrs, code: &Errcode) {
        let container = &self.input.attrs;
        let status_unreadable = [&keys::STATUS.def, &keys::USUAL_STATUS.def]
            .iter()
            .any(|def| attrs.may_have_meant(def) || container.may_have_meant(def))
            || container.int(&keys::STATUS).is_some()
            || (variant.fields.iter())
                .any(|field| field.attrs.may_have_meant(&keys::STATUS_FIELD.def));
        if status_unreadable {
            return;
        }
        if let (Some(lit), Some(resolved)) = (code.lit, &code.resolved) {
            let at = match (code.from_container, variant.is_struct) {
                (true, false) => variant.ident.span(),
                _ => lit.span(),
            };
            check::status_is_found_for_code(cx, at, resolved);
        } else if let Some(index) = code.field {
            let field = &variant.fields[index];
            let at = field
                .attrs
                .span(&keys::ERRCODE_FIELD.def)
                .unwrap_or(field.span);
            check::status_is_found_for_errcode_field(cx, at);
        }
    }
}

/// A field's role from its first role key (`check::one_role_per_field` reports others),
/// and that key.
fn role(cx: &Ctxt, field: &ast::Field) -> (Role, Option<RoleKey>) {
    let keys = RoleKey::on(field);
    check::one_role_per_field(cx, &keys);
    let key = keys.first().map(|(key, _)| *key);
    let role = match key {
        None => Role::Unused,
        Some(RoleKey::Field) => json_key(cx, field).map_or(Role::Unused, Role::Extra),
        Some(RoleKey::Flatten) => Role::Flatten,
        Some(RoleKey::RetryAfter) => Role::RetryAfter,
        Some(RoleKey::Errcode) => Role::Errcode,
        Some(RoleKey::Status) => Role::Status,
        Some(RoleKey::Kind) => Role::Kind,
        Some(RoleKey::StatusWith) => status_with(cx, field).map_or(Role::Unused, Role::StatusWith),
    };
    (role, key)
}

/// The function of `status_with = "path"`, checked to be a path.
fn status_with(cx: &Ctxt, field: &ast::Field) -> Option<syn::Path> {
    let lit = field.attrs.string(&keys::STATUS_WITH)?;
    match lit.parse::<syn::Path>() {
        Ok(path) => Some(path),
        Err(_) => {
            cx.error(
                lit.span(),
                format!(
                    "invalid `status_with` path `{}`; expected the path of a function such as `io_status` or `Self::status_of`",
                    lit.value()
                ),
            );
            None
        }
    }
}

impl Field<'_> {
    /// Whether `parse` reads the field from the body: it has a role key other than `status`.
    pub(crate) fn read_from_body(&self) -> bool {
        match self.role_key {
            Some(RoleKey::Field | RoleKey::Flatten | RoleKey::RetryAfter | RoleKey::Errcode) => {
                true
            }
            Some(RoleKey::Status | RoleKey::Kind | RoleKey::StatusWith) | None => false,
        }
    }
}

/// The JSON key of a `field`, checked.
fn json_key(cx: &Ctxt, field: &ast::Field) -> Option<String> {
    let (span, explicit) = field.attrs.flag_or_string(&keys::FIELD)?;
    let (key, span) = match (explicit, &field.member) {
        (Some(lit), _) => (lit.value(), lit.span()),
        (None, Member::Named(_)) => (field.name(), span),
        (None, Member::Unnamed(_)) => {
            cx.error(
                span,
                "a tuple field needs a JSON key: write `field = \"json_key\"`",
            );
            return None;
        }
    };
    if key.is_empty() {
        cx.error(span, "the JSON key of a field cannot be empty");
        return None;
    }
    if RESERVED_KEYS.contains(&key.as_str()) {
        cx.error(span, clobbers(&key));
        return None;
    }
    Some(key)
}

fn clobbers(key: &str) -> String {
    format!("extra key `{key}` would clobber the body's own `{key}`; choose another key")
}

impl Container<'_, '_> {
    /// The message rule: `message`, else by the status and `expose` (the variant's or the
    /// container's).
    fn message(
        &self,
        cx: &Ctxt,
        variant: &ast::Variant,
        attrs: &Attrs,
        status: Option<&Source<u16>>,
    ) -> Option<Message> {
        let own_expose = attrs.flag(&keys::EXPOSE);
        check::expose_without_message(cx, attrs);
        if let (Some(span), Some(Source::Fixed(status))) = (own_expose, status) {
            check::expose_needs_a_5xx_status(cx, variant, span, *status);
        }
        if let Some(lit) = attrs.string(&keys::MESSAGE) {
            let names: Vec<String> = variant.fields.iter().map(ast::Field::name).collect();
            return match message::parse(&lit.value(), &names) {
                Ok(template) => Some(Message::Template(lit.clone(), template)),
                Err(message) => {
                    cx.error(lit.span(), message);
                    None
                }
            };
        }
        let expose = own_expose.is_some() || self.expose;
        match (status?, expose) {
            (_, true) => Some(Message::Display),
            (Source::Fixed(status), false) if *status >= 500 => Some(Message::Redacted),
            (Source::Fixed(_), false) => Some(Message::Display),
            (Source::Field(_) | Source::With(..) | Source::Kind(_), false) => {
                Some(Message::RedactedIf5xx)
            }
        }
    }
}

/// The keys of the body beyond `errcode` and `error`, each checked to be sent once: the
/// constants, and every key the variant writes.
fn body_keys(
    cx: &Ctxt,
    variant: &ast::Variant,
    attrs: &Attrs,
    fields: &[Field],
) -> (Vec<(String, Lit)>, Vec<String>) {
    let mut keys: Vec<String> = RESERVED_KEYS.iter().map(|key| key.to_string()).collect();
    let mut add = |key: &str, span: Span| {
        if !keys.iter().any(|known| known == key) {
            keys.push(key.to_owned());
            return true;
        }
        if RESERVED_KEYS.contains(&key) {
            cx.error(span, clobbers(key));
        } else {
            cx.error(
                span,
                format!("extra key `{key}` is sent twice by this {}", variant.noun()),
            );
        }
        false
    };
    let mut retry_after = false;
    for (field, model) in variant.fields.iter().zip(fields) {
        match &model.role {
            Role::Extra(key) => {
                let span = match field.attrs.flag_or_string(&keys::FIELD) {
                    Some((_, Some(lit))) => lit.span(),
                    Some((span, None)) => span,
                    None => field.span,
                };
                add(key, span);
            }
            // A second `retry_after` field is reported by `one_field_per_role`.
            Role::RetryAfter if !retry_after => {
                retry_after = true;
                let span = field.attrs.flag(&keys::RETRY_AFTER).unwrap_or(field.span);
                add(RETRY_AFTER_MS, span);
            }
            Role::RetryAfter
            | Role::Unused
            | Role::Flatten
            | Role::Errcode
            | Role::Status
            | Role::Kind
            | Role::StatusWith(_) => {}
        }
    }
    let mut constants = Vec::new();
    for constant in attrs.literals(&keys::EXTRA) {
        if add(&constant.key, constant.span) {
            constants.push((constant.key.clone(), constant.value.clone()));
        }
    }
    (constants, keys)
}
