//! The expander on thousands of generated inputs: malformed ones made from valid inputs with
//! known defects (each must be rejected, with at least one error per defect), and random
//! token soup inside `#[matrix(...)]` (any result will do, but never a panic).
//!
//! Deterministic: every case draws from its own generator, seeded by `SEED` and the case's
//! index, both printed on failure. Another seed: `MATRIX_FUZZ_SEED=0x2a cargo test -p
//! matrix-error-derive fuzz`.

use std::panic::{self, AssertUnwindSafe};
use std::time::Instant;

use proc_macro2::TokenStream;

const SEED: u64 = 0x6d61_7472_6978_2d65;
const MUTATION_CASES: u64 = 5_000;
const SOUP_CASES: u64 = 5_000;
const MAX_DEFECTS: usize = 4;
/// Failures printed in full; the rest are only counted.
const SHOWN: usize = 12;

// ---------------------------------------------------------------------------------
// A small deterministic generator (splitmix64).

struct Rng(u64);

impl Rng {
    /// The generator of case `index` of a stream (`1` mutations, `2` soup).
    fn for_case(seed: u64, stream: u64, index: u64) -> Self {
        let mut rng =
            Rng(seed ^ stream.rotate_left(48) ^ index.wrapping_mul(0xA076_1D64_78BD_642F));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

// ---------------------------------------------------------------------------------
// The input model: an item whose `#[matrix(...)]` keys can be edited one by one.

#[derive(Clone, Copy, PartialEq)]
enum Origin {
    /// Part of the valid input.
    Base,
    /// Written by a semantic defect: a value of the right kind, which the derive stores.
    Semantic,
    /// Written by a syntax defect: never stored, only reported.
    Syntax,
}

#[derive(Clone)]
struct Key {
    text: String,
    origin: Origin,
}

#[derive(Clone)]
enum Attr {
    /// `#[matrix(key, key, ...)]`.
    Keys(Vec<Key>),
    /// Any other attribute, written out in full.
    Raw(String),
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Unit,
    Tuple,
    Named,
}

#[derive(Clone)]
struct Field {
    /// Empty for a tuple field.
    name: String,
    ty: String,
    attrs: Vec<Attr>,
}

#[derive(Clone)]
struct Variant {
    /// Empty for a struct's body.
    name: String,
    attrs: Vec<Attr>,
    style: Style,
    fields: Vec<Field>,
    /// Its errcode and status do not come from the container, so no container defect can
    /// stop the checks that run once they are known (message, extra keys).
    self_contained: bool,
}

#[derive(Clone)]
struct Model {
    label: &'static str,
    /// `enum`, `struct` or `union`.
    keyword: &'static str,
    name: &'static str,
    generics: &'static str,
    where_clause: &'static str,
    attrs: Vec<Attr>,
    /// A struct has exactly one, its body.
    variants: Vec<Variant>,
}

/// Where an attribute stands. A struct's fields are `Field(0, _)`.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Container,
    Variant(usize),
    Field(usize, usize),
}

/// The kind of place, which decides the keys it takes, and the shapes of values: the
/// derive's own table.
use crate::keys::{self, Lookup, Place as At, Shape};

/// The shape of the value `key` takes at `at`.
fn shape(key: &str, at: At) -> Shape {
    match keys::lookup(key, at) {
        Lookup::Here(def) => def.shape,
        Lookup::Elsewhere(_) | Lookup::Unknown => panic!("`{key}` is no key of {at:?}"),
    }
}

fn key_name(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The keys the derive stores from these attributes.
fn stored(attrs: &[Attr]) -> impl Iterator<Item = &Key> {
    attrs
        .iter()
        .filter_map(|attr| match attr {
            Attr::Keys(keys) => Some(keys),
            Attr::Raw(_) => None,
        })
        .flatten()
        .filter(|key| key.origin != Origin::Syntax)
}

fn has(attrs: &[Attr], name: &str) -> bool {
    stored(attrs).any(|key| key_name(&key.text) == name)
}

/// The string value of a stored `name = "value"` (base values have no escapes).
fn string_value(attrs: &[Attr], name: &str) -> Option<String> {
    let key = stored(attrs).find(|key| key_name(&key.text) == name)?;
    let (_, value) = key.text.split_once('=')?;
    Some(value.trim().trim_matches('"').to_owned())
}

/// Replaces the stored key `name` in place, or adds it in an attribute of its own.
fn set(attrs: &mut Vec<Attr>, name: &str, text: String) {
    for attr in attrs.iter_mut() {
        if let Attr::Keys(keys) = attr {
            if let Some(key) = keys
                .iter_mut()
                .find(|key| key.origin != Origin::Syntax && key_name(&key.text) == name)
            {
                *key = Key {
                    text,
                    origin: Origin::Semantic,
                };
                return;
            }
        }
    }
    attrs.push(Attr::Keys(vec![Key {
        text,
        origin: Origin::Semantic,
    }]));
}

fn remove(attrs: &mut [Attr], name: &str) {
    for attr in attrs {
        if let Attr::Keys(keys) = attr {
            keys.retain(|key| key.origin == Origin::Syntax || key_name(&key.text) != name);
        }
    }
}

impl Model {
    fn is_enum(&self) -> bool {
        self.keyword == "enum"
    }

    fn attrs(&self, place: Place) -> &Vec<Attr> {
        match place {
            Place::Container => &self.attrs,
            Place::Variant(v) => &self.variants[v].attrs,
            Place::Field(v, f) => &self.variants[v].fields[f].attrs,
        }
    }

    fn attrs_mut(&mut self, place: Place) -> &mut Vec<Attr> {
        match place {
            Place::Container => &mut self.attrs,
            Place::Variant(v) => &mut self.variants[v].attrs,
            Place::Field(v, f) => &mut self.variants[v].fields[f].attrs,
        }
    }

    fn at(&self, place: Place) -> At {
        match place {
            Place::Container if self.is_enum() => At::Enum,
            Place::Container => At::Struct,
            Place::Variant(_) => At::Variant,
            Place::Field(..) if self.is_enum() => At::VariantField,
            Place::Field(..) => At::StructField,
        }
    }

    /// The units that one semantic defect each may go to: the container, and each
    /// variant of an enum (a struct is one unit).
    fn units(&self) -> Vec<Place> {
        let mut units = vec![Place::Container];
        if self.is_enum() {
            units.extend((0..self.variants.len()).map(Place::Variant));
        }
        units
    }

    /// The variant whose checks a unit's attributes drive.
    fn unit_variant(&self, unit: Place) -> Option<usize> {
        match (self.is_enum(), unit) {
            (false, Place::Container) => Some(0),
            (true, Place::Variant(v)) => Some(v),
            _ => None,
        }
    }

    fn places(&self) -> Vec<Place> {
        let mut places = vec![Place::Container];
        for (v, variant) in self.variants.iter().enumerate() {
            if self.is_enum() {
                places.push(Place::Variant(v));
            }
            places.extend((0..variant.fields.len()).map(|f| Place::Field(v, f)));
        }
        places
    }

    fn field_has(&self, v: usize, name: &str) -> bool {
        self.variants[v]
            .fields
            .iter()
            .any(|field| has(&field.attrs, name))
    }

    /// Adds a `u8` field to variant `v` and returns its index.
    fn add_field(&mut self, v: usize) -> usize {
        let variant = &mut self.variants[v];
        if variant.style == Style::Unit {
            variant.style = Style::Tuple;
        }
        let index = variant.fields.len();
        let name = match variant.style {
            Style::Named => format!("added{index}"),
            _ => String::new(),
        };
        variant.fields.push(Field {
            name,
            ty: "u8".to_owned(),
            attrs: Vec::new(),
        });
        index
    }

    fn describe(&self, place: Place) -> String {
        let variant = |v: usize| match self.variants[v].name.as_str() {
            "" => self.name.to_owned(),
            name => name.to_owned(),
        };
        match place {
            Place::Container => self.name.to_owned(),
            Place::Variant(v) => variant(v),
            Place::Field(v, f) => match self.variants[v].fields[f].name.as_str() {
                "" => format!("{}.{f}", variant(v)),
                name => format!("{}.{name}", variant(v)),
            },
        }
    }

    fn render(&self) -> String {
        let mut out = String::new();
        render_attrs(&self.attrs, &mut out);
        let where_clause = match self.where_clause {
            "" => String::new(),
            clause => format!(" where {clause}"),
        };
        let (name, generics) = (self.name, self.generics);
        if self.is_enum() {
            out.push_str(&format!("pub enum {name}{generics}{where_clause} {{"));
            for variant in &self.variants {
                render_attrs(&variant.attrs, &mut out);
                out.push_str(&variant.name);
                render_fields(variant, &mut out);
                out.push_str(", ");
            }
            out.push('}');
        } else {
            let body = &self.variants[0];
            out.push_str(&format!("pub {} {name}{generics}", self.keyword));
            match body.style {
                Style::Named => {
                    out.push_str(&where_clause);
                    render_fields(body, &mut out);
                }
                Style::Tuple => {
                    render_fields(body, &mut out);
                    out.push_str(&where_clause);
                    out.push(';');
                }
                Style::Unit => {
                    out.push_str(&where_clause);
                    out.push(';');
                }
            }
        }
        out
    }
}

fn render_attrs(attrs: &[Attr], out: &mut String) {
    for attr in attrs {
        match attr {
            Attr::Keys(keys) => {
                let keys: Vec<&str> = keys.iter().map(|key| key.text.as_str()).collect();
                out.push_str(&format!("#[matrix({})] ", keys.join(", ")));
            }
            Attr::Raw(text) => {
                out.push_str(text);
                out.push(' ');
            }
        }
    }
}

fn render_fields(variant: &Variant, out: &mut String) {
    let (open, close) = match variant.style {
        Style::Unit => return,
        Style::Tuple => ("(", ")"),
        Style::Named => (" {", "}"),
    };
    out.push_str(open);
    for field in &variant.fields {
        render_attrs(&field.attrs, out);
        if !field.name.is_empty() {
            out.push_str(&format!("{}: ", field.name));
        }
        out.push_str(&format!("{}, ", field.ty));
    }
    out.push_str(close);
}

// ---------------------------------------------------------------------------------
// The valid inputs the defects start from.

fn keys(texts: &[&str]) -> Attr {
    Attr::Keys(
        texts
            .iter()
            .map(|text| Key {
                text: (*text).to_owned(),
                origin: Origin::Base,
            })
            .collect(),
    )
}

fn raw(text: &str) -> Attr {
    Attr::Raw(text.to_owned())
}

/// A field; `name` empty for a tuple field, `matrix` the keys of its one `#[matrix]`.
fn field(name: &str, ty: &str, matrix: &[&str]) -> Field {
    let attrs = if matrix.is_empty() {
        Vec::new()
    } else {
        vec![keys(matrix)]
    };
    Field {
        name: name.to_owned(),
        ty: ty.to_owned(),
        attrs,
    }
}

fn variant(name: &str, attrs: Vec<Attr>, fields: Vec<Field>, self_contained: bool) -> Variant {
    let style = match fields.first() {
        None => Style::Unit,
        Some(field) if field.name.is_empty() => Style::Tuple,
        Some(_) => Style::Named,
    };
    Variant {
        name: name.to_owned(),
        attrs,
        style,
        fields,
        self_contained,
    }
}

fn enumeration(
    label: &'static str,
    name: &'static str,
    generics: &'static str,
    where_clause: &'static str,
    attrs: Vec<Attr>,
    variants: Vec<Variant>,
) -> Model {
    Model {
        label,
        keyword: "enum",
        name,
        generics,
        where_clause,
        attrs,
        variants,
    }
}

fn structure(
    label: &'static str,
    name: &'static str,
    generics: &'static str,
    where_clause: &'static str,
    attrs: Vec<Attr>,
    fields: Vec<Field>,
    self_contained: bool,
) -> Model {
    let body = variant("", Vec::new(), fields, self_contained);
    Model {
        label,
        keyword: "struct",
        name,
        generics,
        where_clause,
        attrs,
        variants: vec![body],
    }
}

fn bases() -> Vec<Model> {
    vec![
        enumeration(
            "namespaced enum",
            "ApiError",
            "",
            "",
            vec![
                raw("#[derive(Debug)]"),
                keys(&["namespace = \"com.example.chat\""]),
            ],
            vec![
                variant(
                    "NotAllowed",
                    vec![
                        raw("#[error(\"you may not post in {room}\")]"),
                        keys(&["errcode = \"M_FORBIDDEN\""]),
                    ],
                    vec![field("room", "String", &[])],
                    true,
                ),
                variant(
                    "RateLimited",
                    vec![keys(&["errcode = \"M_LIMIT_EXCEEDED\""])],
                    vec![field("wait", "std::time::Duration", &["retry_after"])],
                    true,
                ),
                variant(
                    "Quota",
                    vec![keys(&["errcode = \"QUOTA_EXCEEDED\"", "status = 403"])],
                    vec![field("limit", "u32", &["field"])],
                    false,
                ),
                variant(
                    "Standard",
                    vec![raw("#[error(transparent)]"), keys(&["transparent"])],
                    vec![Field {
                        name: String::new(),
                        ty: "matrix_error::Error".to_owned(),
                        attrs: vec![raw("#[from]")],
                    }],
                    false,
                ),
                variant(
                    "Db",
                    vec![keys(&["errcode = \"M_UNKNOWN\"", "status = 500"])],
                    vec![field("", "std::io::Error", &["from"])],
                    true,
                ),
                variant(
                    "Missing",
                    vec![keys(&[
                        "errcode = \"M_NOT_FOUND\"",
                        "message = \"no room {0} here\"",
                        "extra(soft_logout = true)",
                    ])],
                    vec![field("", "String", &[])],
                    true,
                ),
                variant(
                    "Gone",
                    vec![
                        keys(&["errcode = \"M_FORBIDDEN\""]),
                        keys(&["status = 410"]),
                    ],
                    Vec::new(),
                    true,
                ),
                variant(
                    "Typed",
                    vec![keys(&[
                        "errcode = \"M_FORBIDDEN\"",
                        "message = \"{r#type} in {room}\"",
                    ])],
                    vec![
                        field("r#type", "String", &["field"]),
                        field("room", "&'static str", &[]),
                    ],
                    true,
                ),
            ],
        ),
        structure(
            "struct",
            "RateLimited",
            "",
            "",
            vec![keys(&[
                "errcode = \"M_LIMIT_EXCEEDED\"",
                "message = \"slow down\"",
                "extra(scope = \"global\")",
            ])],
            vec![
                field("wait", "std::time::Duration", &["retry_after"]),
                field("kind", "String", &["field = \"limit_kind\""]),
                field("internal", "u64", &[]),
            ],
            true,
        ),
        structure(
            "struct with run-time errcode and status",
            "Proxied",
            "",
            "",
            Vec::new(),
            vec![
                field("code", "String", &["errcode"]),
                field("status", "u16", &["status"]),
                field(
                    "rest",
                    "serde_json::Map<String, serde_json::Value>",
                    &["flatten"],
                ),
            ],
            true,
        ),
        enumeration(
            "generic enum with defaults and a where-clause",
            "Wrapped",
            "<'a, T: core::fmt::Debug, E = std::io::Error>",
            "E: std::error::Error + 'static, T: Clone + 'a",
            vec![keys(&[
                "errcode = \"M_UNKNOWN\"",
                "status = 500",
                "crate = \"::my::matrix_error\"",
            ])],
            vec![
                variant("Plain", Vec::new(), Vec::new(), false),
                variant(
                    "Parse",
                    vec![keys(&["errcode = \"M_BAD_JSON\""])],
                    vec![
                        field("at", "&'a str", &["field = \"path\""]),
                        field("inner", "T", &[]),
                    ],
                    true,
                ),
                variant(
                    "Inner",
                    vec![keys(&["transparent"])],
                    vec![field("", "E", &[])],
                    false,
                ),
                variant(
                    "Busy",
                    vec![keys(&["status = 503", "expose"])],
                    vec![field("", "T", &[])],
                    false,
                ),
                variant(
                    "Locked",
                    vec![keys(&[
                        "errcode = \"M_USER_LOCKED\"",
                        "extra(soft_logout = true)",
                    ])],
                    Vec::new(),
                    true,
                ),
                variant(
                    "Runtime",
                    vec![keys(&["status = 502"])],
                    vec![field("code", "&'a str", &["errcode"])],
                    true,
                ),
            ],
        ),
        enumeration(
            "enum with parse and usual_status",
            "Client",
            "",
            "",
            vec![keys(&["parse", "usual_status"])],
            vec![
                variant(
                    "Token",
                    vec![keys(&["errcode = \"M_UNKNOWN_TOKEN\""])],
                    vec![field("soft_logout", "bool", &["field"])],
                    true,
                ),
                variant(
                    "Limit",
                    vec![keys(&["errcode = \"M_RESOURCE_LIMIT_EXCEEDED\""])],
                    vec![field("admin_contact", "String", &["field"])],
                    false,
                ),
                variant(
                    "New",
                    vec![keys(&[
                        "errcode = \"M_BRAND_NEW\"",
                        "allow_unlisted",
                        "status = 400",
                    ])],
                    vec![field("detail", "Option<String>", &["field", "default"])],
                    true,
                ),
                variant(
                    "Other",
                    vec![keys(&["status = 400"])],
                    vec![
                        field("code", "String", &["errcode"]),
                        field(
                            "rest",
                            "serde_json::Map<String, serde_json::Value>",
                            &["flatten"],
                        ),
                    ],
                    true,
                ),
                variant(
                    "Slow",
                    vec![keys(&["errcode = \"M_LIMIT_EXCEEDED\""])],
                    vec![field(
                        "after",
                        "Option<matrix_error::RetryAfter>",
                        &["retry_after"],
                    )],
                    true,
                ),
            ],
        ),
        enumeration(
            "enum with a default status",
            "Msc",
            "",
            "",
            vec![keys(&[
                "namespace = \"org.matrix.msc1234\"",
                "status = 400",
            ])],
            vec![
                variant(
                    "Thing",
                    vec![keys(&["errcode = \"THING\""])],
                    Vec::new(),
                    false,
                ),
                variant(
                    "Other",
                    vec![keys(&["errcode = \"ORG.OTHER_X\"", "status = 409"])],
                    vec![
                        field("", "u8", &["field = \"x\""]),
                        field("", "i64", &["field = \"y\""]),
                    ],
                    true,
                ),
                variant(
                    "Forbidden",
                    vec![keys(&[
                        "errcode = \"M_FORBIDDEN\"",
                        "message = \"{{literal}}\"",
                    ])],
                    Vec::new(),
                    true,
                ),
                variant(
                    "Unknown",
                    vec![keys(&["errcode = \"M_UNKNOWN\""])],
                    Vec::new(),
                    false,
                ),
            ],
        ),
        structure(
            "transparent generic struct",
            "Wrapper",
            "<E: matrix_error::MatrixError>",
            "E: Send",
            vec![keys(&["transparent"])],
            vec![field("", "E", &["from"])],
            false,
        ),
        structure(
            "unit struct",
            "NotFound",
            "",
            "",
            vec![keys(&[
                "errcode = \"M_NOT_FOUND\"",
                "message = \"nothing here\"",
            ])],
            Vec::new(),
            true,
        ),
        enumeration(
            "empty enum",
            "Never",
            "",
            "",
            vec![keys(&["namespace = \"com.example.none\""])],
            Vec::new(),
        ),
    ]
}

// ---------------------------------------------------------------------------------
// Semantic defects: keys of the right kind whose meaning is wrong. The derive stores
// them, so at most one goes to each unit (the container, or one variant and its
// fields), where no other defect can hide it.

/// What a semantic defect did, and the key whose rejection (at the unit or the container)
/// deliberately hides its error: the derive stays quiet about a missing errcode when an
/// errcode was written but rejected, about a short code when the namespace was, and about an
/// unknown `M_` code when `allow_unlisted` was.
type Applied = (String, Option<&'static str>);

type Semantic = fn(&mut Model, Place, &mut Rng) -> Option<Applied>;

const SEMANTIC: &[(&str, Semantic)] = &[
    ("missing errcode", missing_errcode),
    ("empty #[matrix()]", empty_attribute),
    ("bad errcode", bad_errcode),
    ("bad status", bad_status),
    ("transparent without one field", transparent_arity),
    ("from on a variant of two fields", from_arity),
    ("bad json key", bad_json_key),
    ("two roles on a field", two_roles),
    ("default without field", default_without_field),
    ("bad namespace", bad_namespace),
    ("bad crate path", bad_crate),
    ("allow_unlisted on a listed code", allow_unlisted_on_listed),
    ("extra key sent twice", extra_twice),
    ("bad message placeholder", bad_placeholder),
];

#[rustfmt::skip]
const UNKNOWN_SPEC_CODES: &[&str] = &[
    "M_FORBIDEN", "M_NOT_A_CODE", "M_FOO_BAR", "M_LIMIT_EXCEDED", "M_X",
];
const NOT_NAMESPACED_CODES: &[&str] = &["QUOTA", "LIMIT_2", "X"];
#[rustfmt::skip]
const MALFORMED_CODES: &[&str] = &[
    "", "M_", "m_forbidden", "M_forbidden", "m_FORBIDDEN", "M_Forbidden", "quota",
    "Quota_Exceeded", "com.example.app_QUOTA", "COM.EXAMPLE.APP_quota", "COM..APP_X",
    "COM.EXAMPLE.APP_", "COM.EXAMPLE.APP", "M.EXAMPLE_X", "QUO TA", "M_FORBIDDEN ",
    " M_FORBIDDEN", "M_FORBIDDEN\n", "\u{c9}COLE.X_Y", "COM.EXAMPLE_X-Y", "1COM.EXAMPLE_X",
];
#[rustfmt::skip]
const BAD_STATUSES: &[&str] = &[
    "399", "600", "0", "200", "302", "1000", "65535", "65536", "99999999999999999999999",
    "403u8", "403i32", "500usize", "429u64", "-403", "-0x1F4",
];
#[rustfmt::skip]
const BAD_NAMESPACES: &[&str] = &[
    "", "example", "com", "com..app", "com.", ".com", "m.room", "M.ROOM", "com.exa-mple",
    "1com.example", "com.1example", "com example.app", "com.example_app", "com._example.app",
    "com.example.", "com.ex\u{e4}mple",
];
#[rustfmt::skip]
const BAD_CRATES: &[&str] = &[
    "", "1abc", "a::", "::", "a b", "a-b", "crate::", "a.b", "::matrix_error::", "my crate",
];
const ROLES: &[&str] = &["flatten", "retry_after", "errcode", "status"];
#[rustfmt::skip]
const BAD_TEMPLATES: &[&str] = &[
    "{nope}", "{}", "{", "}", "a {0", "{ }", "{:?}", "{9}", "x}y", "{nope:?}", "{{{nope}}}",
    "{{}", "{room", "{nope:>width$}", "{nope:.*}",
];

fn missing_errcode(m: &mut Model, unit: Place, _: &mut Rng) -> Option<Applied> {
    let v = m.unit_variant(unit)?;
    let attrs = m.attrs(unit);
    let default = m.is_enum() && has(&m.attrs, "errcode");
    if !has(attrs, "errcode") || has(attrs, "transparent") || m.field_has(v, "errcode") || default {
        return None;
    }
    remove(m.attrs_mut(unit), "errcode");
    Some(("errcode removed".to_owned(), Some("errcode")))
}

fn empty_attribute(m: &mut Model, unit: Place, _: &mut Rng) -> Option<Applied> {
    let Place::Variant(v) = unit else { return None };
    if has(&m.attrs, "errcode") || m.field_has(v, "errcode") {
        return None;
    }
    let attrs = m.attrs_mut(unit);
    attrs.retain(|attr| matches!(attr, Attr::Raw(_)));
    attrs.push(Attr::Keys(Vec::new()));
    Some((
        "every key replaced by #[matrix()]".to_owned(),
        Some("errcode"),
    ))
}

fn bad_errcode(m: &mut Model, unit: Place, rng: &mut Rng) -> Option<Applied> {
    let attrs = m.attrs(unit);
    // An enum's default errcode is only changed, never added: a new default would
    // give an errcode to variants whose missing one is another defect.
    if m.is_enum() && unit == Place::Container && !has(attrs, "errcode") {
        return None;
    }
    let mut pool = MALFORMED_CODES.to_vec();
    if !has(attrs, "allow_unlisted") && !has(&m.attrs, "allow_unlisted") {
        pool.extend(UNKNOWN_SPEC_CODES);
    }
    if !has(&m.attrs, "namespace") {
        pool.extend(NOT_NAMESPACED_CODES);
    }
    let code = *rng.pick(&pool);
    let text = format!("errcode = {code:?}");
    set(m.attrs_mut(unit), "errcode", text.clone());
    // A short code's error is quiet where the namespace was rejected, an unknown `M_`
    // code's where `allow_unlisted` was.
    let quiet = match code {
        _ if crate::code::is_short(code) => Some("namespace"),
        _ if UNKNOWN_SPEC_CODES.contains(&code) => Some("allow_unlisted"),
        _ => None,
    };
    Some((text, quiet))
}

fn bad_status(m: &mut Model, unit: Place, rng: &mut Rng) -> Option<Applied> {
    let text = format!("status = {}", rng.pick(BAD_STATUSES));
    set(m.attrs_mut(unit), "status", text.clone());
    Some((text, None))
}

fn transparent_arity(m: &mut Model, unit: Place, _: &mut Rng) -> Option<Applied> {
    let v = m.unit_variant(unit)?;
    set(m.attrs_mut(unit), "transparent", "transparent".to_owned());
    if m.variants[v].fields.len() == 1 {
        m.add_field(v);
    }
    Some((
        format!("transparent with {} fields", m.variants[v].fields.len()),
        None,
    ))
}

fn from_arity(m: &mut Model, unit: Place, rng: &mut Rng) -> Option<Applied> {
    let v = m.unit_variant(unit)?;
    while m.variants[v].fields.len() < 2 {
        m.add_field(v);
    }
    let f = rng.below(m.variants[v].fields.len());
    set(m.attrs_mut(Place::Field(v, f)), "from", "from".to_owned());
    Some((
        format!("from on field {f} of {}", m.variants[v].fields.len()),
        None,
    ))
}

fn bad_json_key(m: &mut Model, unit: Place, rng: &mut Rng) -> Option<Applied> {
    let v = m.unit_variant(unit)?;
    if m.variants[v].fields.is_empty() {
        m.add_field(v);
    }
    let f = rng.below(m.variants[v].fields.len());
    let text = if m.variants[v].fields[f].name.is_empty() && rng.chance(30) {
        "field".to_owned()
    } else {
        format!("field = {:?}", rng.pick(&["errcode", "error", ""]))
    };
    set(m.attrs_mut(Place::Field(v, f)), "field", text.clone());
    Some((format!("{text} on field {f}"), None))
}

fn two_roles(m: &mut Model, unit: Place, rng: &mut Rng) -> Option<Applied> {
    let v = m.unit_variant(unit)?;
    if m.variants[v].fields.is_empty() {
        m.add_field(v);
    }
    let f = rng.below(m.variants[v].fields.len());
    let first = rng.below(ROLES.len());
    let second = (first + 1 + rng.below(ROLES.len() - 1)) % ROLES.len();
    for role in [ROLES[first], ROLES[second]] {
        set(m.attrs_mut(Place::Field(v, f)), role, role.to_owned());
    }
    Some((
        format!("{} and {} on field {f}", ROLES[first], ROLES[second]),
        None,
    ))
}

fn default_without_field(m: &mut Model, unit: Place, rng: &mut Rng) -> Option<Applied> {
    let v = m.unit_variant(unit)?;
    let plain: Vec<usize> = (0..m.variants[v].fields.len())
        .filter(|&f| !has(&m.variants[v].fields[f].attrs, "field"))
        .collect();
    let f = if plain.is_empty() {
        m.add_field(v)
    } else {
        *rng.pick(&plain)
    };
    set(
        m.attrs_mut(Place::Field(v, f)),
        "default",
        "default".to_owned(),
    );
    Some((format!("default on field {f}"), None))
}

fn bad_namespace(m: &mut Model, unit: Place, rng: &mut Rng) -> Option<Applied> {
    if unit != Place::Container {
        return None;
    }
    let text = format!("namespace = {:?}", rng.pick(BAD_NAMESPACES));
    set(m.attrs_mut(unit), "namespace", text.clone());
    Some((text, None))
}

fn bad_crate(m: &mut Model, unit: Place, rng: &mut Rng) -> Option<Applied> {
    if unit != Place::Container {
        return None;
    }
    let text = format!("crate = {:?}", rng.pick(BAD_CRATES));
    set(m.attrs_mut(unit), "crate", text.clone());
    Some((text, None))
}

fn allow_unlisted_on_listed(m: &mut Model, unit: Place, _: &mut Rng) -> Option<Applied> {
    let v = m.unit_variant(unit)?;
    let attrs = m.attrs(unit);
    let code = string_value(attrs, "errcode")?;
    if crate::table::lookup(&code).is_none()
        || has(attrs, "transparent")
        || m.field_has(v, "errcode")
    {
        return None;
    }
    set(
        m.attrs_mut(unit),
        "allow_unlisted",
        "allow_unlisted".to_owned(),
    );
    Some((format!("allow_unlisted with {code}"), None))
}

/// The JSON key a `field` sends, if the field has `field`.
fn json_key(field: &Field) -> Option<String> {
    if !has(&field.attrs, "field") {
        return None;
    }
    Some(string_value(&field.attrs, "field").unwrap_or_else(|| {
        field
            .name
            .strip_prefix("r#")
            .unwrap_or(&field.name)
            .to_owned()
    }))
}

fn extra_twice(m: &mut Model, unit: Place, rng: &mut Rng) -> Option<Applied> {
    let v = m.unit_variant(unit)?;
    if !m.variants[v].self_contained || has(m.attrs(unit), "transparent") {
        return None;
    }
    let mut options = vec![
        "extra(a = 1, a = 2)".to_owned(),
        "extra(soft_logout = true, soft_logout = false)".to_owned(),
        "extra(errcode = \"X\")".to_owned(),
        "extra(error = 1)".to_owned(),
    ];
    for field in &m.variants[v].fields {
        if let Some(key) = json_key(field) {
            options.push(format!("extra({key} = true)"));
        }
    }
    if m.field_has(v, "retry_after") {
        options.push("extra(retry_after_ms = 1)".to_owned());
    }
    let text = rng.pick(&options).clone();
    m.attrs_mut(unit).push(Attr::Keys(vec![Key {
        text: text.clone(),
        origin: Origin::Semantic,
    }]));
    Some((text, None))
}

fn bad_placeholder(m: &mut Model, unit: Place, rng: &mut Rng) -> Option<Applied> {
    let v = m.unit_variant(unit)?;
    if !m.variants[v].self_contained || has(m.attrs(unit), "transparent") {
        return None;
    }
    let text = format!("message = {:?}", rng.pick(BAD_TEMPLATES));
    set(m.attrs_mut(unit), "message", text.clone());
    Some((text, None))
}

// ---------------------------------------------------------------------------------
// Syntax defects: keys the derive reports and does not store, so any number of them
// can go anywhere. The one thing they hide is what `Applied` names: a key written but
// rejected (or a `#[matrix]` that does not parse) quiets the checks for that key missing.

enum Inject {
    /// One key, in its own `#[matrix(...)]` or among the keys of one at the place.
    Key(String),
    /// One key the derive cannot read at all (an unknown name, a path): any key may have
    /// been meant, so it quiets the checks for every key missing at its place.
    Unknown(String),
    /// A whole attribute: one that stops the parsing of its own keys.
    Attr(String),
}

type Syntax = fn(&Model, Place, &mut Rng) -> Option<Inject>;

const SYNTAX: &[(&str, Syntax)] = &[
    ("unknown key", unknown_key),
    ("misplaced key", misplaced_key),
    ("duplicate key", duplicate_key),
    ("wrong literal kind", wrong_literal),
    ("flag with a value", flag_with_value),
    ("missing or garbled value", garbled_value),
    ("not a list", not_a_list),
    ("unparsable keys", unparsable),
];

/// Every key of every place.
fn all_keys() -> Vec<&'static str> {
    let mut keys: Vec<&str> = keys::ALL.iter().map(|def| def.name).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// A value of the right kind for `key`.
fn good_value(key: &str) -> &'static str {
    match key {
        "errcode" => "\"M_FORBIDDEN\"",
        "status" => "403",
        "namespace" => "\"com.example.app\"",
        "crate" => "\"my::matrix_error\"",
        "message" => "\"a message\"",
        "field" => "\"json_key\"",
        "extra" => "(a = 1)",
        _ => "",
    }
}

/// A key as written where it is valid.
fn valid_key(key: &str) -> String {
    match good_value(key) {
        "" => key.to_owned(),
        value if value.starts_with('(') => format!("{key}{value}"),
        value => format!("{key} = {value}"),
    }
}

#[rustfmt::skip]
const NOT_STRINGS: &[&str] = &[
    "403", "-1", "true", "false", "'c'", "b\"M_FORBIDDEN\"", "b'x'", "1.5", "-2.5", "1e3",
    "c\"M_FORBIDDEN\"", "M_FORBIDDEN", "a::b", "::a", "crate", "self",
];
#[rustfmt::skip]
const NOT_INTEGERS: &[&str] = &[
    "\"403\"", "true", "'4'", "b\"403\"", "b'4'", "403.0", "4e2", "4.03e2f32", "FORBIDDEN",
    "http::StatusCode::FORBIDDEN", "c\"403\"", "-4.5",
];
#[rustfmt::skip]
const UNKNOWN_KEYS: &[&str] = &[
    "colour", "colour = \"red\"", "code = \"M_FORBIDDEN\"", "errcodes = \"M_FORBIDDEN\"",
    "Errcode = \"M_FORBIDDEN\"", "ERRCODE", "http_status = 403", "status_code(403)",
    "rename = \"x\"", "skip", "serde(default)", "matrix(errcode = \"M_FORBIDDEN\")", "self",
    "super", "Self", "errcode::inner", "::errcode", "crate::errcode = \"M_FORBIDDEN\"",
    "matrix::status = 403", "transparent_", "from_", "retry_after_ms = 1",
];

fn unknown_key(_: &Model, _: Place, rng: &mut Rng) -> Option<Inject> {
    Some(Inject::Unknown(rng.pick(UNKNOWN_KEYS).to_string()))
}

fn misplaced_key(m: &Model, place: Place, rng: &mut Rng) -> Option<Inject> {
    let valid: Vec<&str> = keys::names_at(m.at(place)).collect();
    let elsewhere: Vec<&str> = all_keys()
        .into_iter()
        .filter(|key| !valid.contains(key))
        .collect();
    let key = *rng.pick(&elsewhere);
    let text = if rng.chance(50) {
        key.to_owned()
    } else {
        valid_key(key)
    };
    Some(Inject::Key(text))
}

fn duplicate_key(m: &Model, place: Place, rng: &mut Rng) -> Option<Inject> {
    // `extra(...)` may be given in several parts; its keys are checked later.
    let candidates: Vec<&Key> = stored(m.attrs(place))
        .filter(|key| key_name(&key.text) != "extra")
        .collect();
    if candidates.is_empty() {
        return None;
    }
    Some(Inject::Key(rng.pick(&candidates).text.clone()))
}

fn keys_of_shape(m: &Model, place: Place, shapes: &[Shape]) -> Vec<&'static str> {
    let at = m.at(place);
    keys::names_at(at)
        .filter(|key| shapes.contains(&shape(key, at)))
        .collect()
}

#[rustfmt::skip]
const EXTRA_VALUES: &[&str] = &[
    "1", "\"a = 1\"", "true", "a", "(\"a\")", "(1)", "(a = b)", "(a = 'c')", "(a::b = 1)",
    "(= 1)", "(a)",
];

#[rustfmt::skip]
const FLAG_OR_STRING_VALUES: &[&str] = &[
    "(x)", "()", "(\"json_key\")", " \"json_key\"", " json_key", " = json_key",
];

#[rustfmt::skip]
const FLAG_VALUES: &[&str] = &[
    " = true", " = false", " = 1", " = \"yes\"", " = 'c'", "(x)", "()", "(true)", " true", " x",
    " \"yes\"", " = x", " = a::b",
];

#[rustfmt::skip]
const GARBLED_EXTRAS: &[&str] = &[
    "extra", "extra =", "extra = ", "extra(a = 1) junk", "extra(a = 1) (b = 2)",
    "extra(a = 1) = 2",
];

#[rustfmt::skip]
const NOT_LISTS: &[&str] = &[
    "#[matrix]", "#[matrix = \"x\"]", "#[matrix = 1]", "#[matrix = errcode]",
    "#[matrix = \"errcode = \\\"M_FORBIDDEN\\\"\"]",
];

#[rustfmt::skip]
const UNPARSABLE_KEYS: &[&str] = &[
    "\"M_FORBIDDEN\"", "403", "= \"M_FORBIDDEN\"", ",", ", errcode = \"M_FORBIDDEN\"",
    "(errcode = \"M_FORBIDDEN\")", "#errcode", "- errcode", "'a", "errcode::", "errcode:: = 1",
    ";", "errcode: \"M_FORBIDDEN\"", "colour,, status = 403", "[errcode]",
    "{ errcode = \"M_FORBIDDEN\" }",
];

fn wrong_literal(m: &Model, place: Place, rng: &mut Rng) -> Option<Inject> {
    let candidates = keys_of_shape(
        m,
        place,
        &[Shape::Str, Shape::Int, Shape::FlagOrStr, Shape::Literals],
    );
    if candidates.is_empty() {
        return None;
    }
    let key = *rng.pick(&candidates);
    let text = match shape(key, m.at(place)) {
        Shape::Str | Shape::Int if rng.chance(15) => format!("{key}({})", good_value(key)),
        Shape::Str | Shape::FlagOrStr => format!("{key} = {}", rng.pick(NOT_STRINGS)),
        Shape::Int => format!("{key} = {}", rng.pick(NOT_INTEGERS)),
        Shape::Literals | Shape::Flag | Shape::Group => {
            let value = rng.pick(EXTRA_VALUES);
            if value.starts_with('(') {
                format!("{key}{value}")
            } else {
                format!("{key} = {value}")
            }
        }
    };
    Some(Inject::Key(text))
}

fn flag_with_value(m: &Model, place: Place, rng: &mut Rng) -> Option<Inject> {
    let candidates = keys_of_shape(m, place, &[Shape::Flag, Shape::FlagOrStr]);
    if candidates.is_empty() {
        return None;
    }
    let key = *rng.pick(&candidates);
    let value = if shape(key, m.at(place)) == Shape::FlagOrStr {
        *rng.pick(FLAG_OR_STRING_VALUES)
    } else {
        *rng.pick(FLAG_VALUES)
    };
    Some(Inject::Key(format!("{key}{value}")))
}

fn garbled_value(m: &Model, place: Place, rng: &mut Rng) -> Option<Inject> {
    let candidates = keys_of_shape(
        m,
        place,
        &[Shape::Str, Shape::Int, Shape::FlagOrStr, Shape::Literals],
    );
    if candidates.is_empty() {
        return None;
    }
    let key = *rng.pick(&candidates);
    let good = good_value(key);
    let text = if shape(key, m.at(place)) == Shape::Literals {
        rng.pick(GARBLED_EXTRAS).to_string()
    } else {
        match rng.below(7) {
            0 => format!("{key} ="),
            1 => format!("{key} {good}"),
            2 => format!("{key} = = {good}"),
            3 => format!("{key} = {good} {good}"),
            4 => format!("{key} = {good} junk"),
            5 => format!("{key} == {good}"),
            _ => format!("{key} = {good} ; status = 403"),
        }
    };
    Some(Inject::Key(text))
}

fn not_a_list(_: &Model, _: Place, rng: &mut Rng) -> Option<Inject> {
    let text = rng.pick(NOT_LISTS);
    Some(Inject::Attr(text.to_string()))
}

fn unparsable(_: &Model, _: Place, rng: &mut Rng) -> Option<Inject> {
    let keys = rng.pick(UNPARSABLE_KEYS);
    Some(Inject::Attr(format!("#[matrix({keys})]")))
}

// ---------------------------------------------------------------------------------
// Mutation cases.

struct Mutation {
    model: Model,
    defects: Vec<String>,
    /// The errors the defects must give at least: one each, but none for a semantic
    /// defect whose error a syntax defect deliberately hides.
    expected: usize,
}

fn mutate(bases: &[Model], rng: &mut Rng) -> Mutation {
    let mut model = rng.pick(bases).clone();
    let count = 1 + rng.below(MAX_DEFECTS);
    let mut units = model.units();
    rng.shuffle(&mut units);
    let semantic = (0..count)
        .filter(|_| rng.chance(50))
        .count()
        .min(units.len());
    let mut units = units[..semantic].to_vec();
    // The container first, so that a variant's short code sees a namespace made invalid.
    units.sort_by_key(|&unit| unit != Place::Container);
    let mut defects = Vec::new();
    // Errors that a rejected key hides: (unit, key).
    let mut hideable: Vec<(Place, &str)> = Vec::new();
    // Semantic defects first: they may add fields, which syntax defects may then use.
    for unit in units {
        let mut order: Vec<usize> = (0..SEMANTIC.len()).collect();
        rng.shuffle(&mut order);
        let applied = order.into_iter().find_map(|i| {
            let (name, defect) = SEMANTIC[i];
            let (detail, quiet) = defect(&mut model, unit, rng)?;
            hideable.extend(quiet.map(|key| (unit, key)));
            Some(format!("{name} on {}: {detail}", model.describe(unit)))
        });
        defects.extend(applied);
    }
    // Keys that syntax defects make the derive reject, by place; `None` for every key (a
    // `#[matrix]` that does not parse, a key the derive cannot read).
    let mut rejected: Vec<(Place, Option<&str>)> = Vec::new();
    while defects.len() < count {
        let places = model.places();
        let place = *rng.pick(&places);
        let (name, defect) = *rng.pick(SYNTAX);
        let Some(inject) = defect(&model, place, rng) else {
            continue;
        };
        // What the derive rejects for the injection: `Some(None)` for every key.
        let (text, rejects) = match inject {
            Inject::Key(text) => {
                let known = all_keys().into_iter().find(|&key| key == key_name(&text));
                (text, known.map(Some))
            }
            Inject::Unknown(text) => (text, Some(None)),
            Inject::Attr(text) => {
                rejected.push((place, None));
                let attrs = model.attrs_mut(place);
                let at = rng.below(attrs.len() + 1);
                attrs.insert(at, Attr::Raw(text.clone()));
                defects.push(format!("{name} on {}: {text}", model.describe(place)));
                continue;
            }
        };
        rejected.extend(rejects.map(|key| (place, key)));
        let key = Key {
            text: text.clone(),
            origin: Origin::Syntax,
        };
        let attrs = model.attrs_mut(place);
        let lists: Vec<usize> = (0..attrs.len())
            .filter(|&i| matches!(attrs[i], Attr::Keys(_)))
            .collect();
        if lists.is_empty() || rng.chance(50) {
            let at = rng.below(attrs.len() + 1);
            attrs.insert(at, Attr::Keys(vec![key]));
        } else if let Attr::Keys(keys) = &mut attrs[*rng.pick(&lists)] {
            let at = rng.below(keys.len() + 1);
            keys.insert(at, key);
        }
        defects.push(format!("{name} on {}: {text}", model.describe(place)));
    }
    // A missing errcode is also quiet where a field of the variant may have given one.
    let variant_of = |unit: Place| model.unit_variant(unit);
    let hidden = hideable
        .iter()
        .filter(|&&(unit, key)| {
            rejected.iter().any(|&(place, rejected)| {
                let at_field = match place {
                    Place::Field(v, _) => key == "errcode" && variant_of(unit) == Some(v),
                    Place::Container | Place::Variant(_) => false,
                };
                (place == unit || place == Place::Container || at_field)
                    && rejected.is_none_or(|rejected| rejected == key)
            })
        })
        .count();
    let expected = defects.len() - hidden;
    Mutation {
        model,
        defects,
        expected,
    }
}

// ---------------------------------------------------------------------------------
// Token soup.

#[rustfmt::skip]
const SOUP_IDENTS: &[&str] = &[
    "namespace", "errcode", "status", "crate", "usual_status", "allow_unlisted", "parse",
    "message", "expose", "transparent", "extra", "field", "flatten", "retry_after", "from",
    "default", "colour", "matrix", "soft_logout", "retry_after_ms", "room", "a", "_x", "_",
    "Errcode", "M_FORBIDDEN", "r#type", "r#errcode", "self", "super", "Self", "true", "false",
    "fn", "where", "as", "in", "dyn", "union", "caf\u{e9}",
];
const SOUP_PUNCTS: &[&str] = &[
    "=", "=", "=", ",", ",", ",", "::", ":", ".", "-", "#", "!", ";", "&", "*", "+", "<", ">", "@",
    "?", "=>", "..", "$", "/", "%", "^", "~", "|", "'a", "'static",
];
#[rustfmt::skip]
const SOUP_STRINGS: &[&str] = &[
    "M_FORBIDDEN", "M_LIMIT_EXCEEDED", "M_UNKNOWN", "M_", "", "QUOTA", "quota",
    "com.example.app", "COM.EXAMPLE.APP_X", "m.room", "{room}", "{0}", "{}", "{{", "}}", "{",
    "}", "{0:?}", "{room:>5$}", "errcode", "error", "retry_after_ms", "::matrix_error", "crate",
    "self", "a b", "1abc", "\u{e9}", "\0", "\n", "\u{1F600}",
];
#[rustfmt::skip]
const STRING_CHARS: &[char] = &[
    'a', 'Z', 'M', '_', '.', '{', '}', '0', '9', ' ', '\u{e9}', '"', '\\', ':', '-', '\n', '\0',
    '\u{1F600}',
];
const SUFFIXES: &[&str] = &[
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32",
    "f64", "foo", "_u16", "e3",
];

/// Literals of every kind, by kind, as written.
#[rustfmt::skip]
const LITERALS: &[&[&str]] = &[
    &["r\"M_FORBIDDEN\"", "r#\"a \"quoted\" {room}\"#", "r\"\"", "br\"x\"", "cr\"x\""],
    &["0x193", "0o623", "0b110010011", "0xFFu16", "0x_1", "1_000", "0", "00403"],
    &["1.5", "1e3", "2.5e-3f64", "1.", "0.0", "403.0", "1f32", "1_000.000_1", "1E400"],
    &["'a'", "'\\n'", "'\\''", "'\\u{1F600}'", "'\u{e9}'", "'{'", "'\"'"],
    &["b'a'", "b'\\xff'", "b\"x\"", "b\"\\xff\\x00\"", "b\"\""],
    &["c\"x\"", "c\"\"", "c\"M_FORBIDDEN\""],
    &["true", "false"],
    &["-1", "-403", "-0", "-1.5", "-0x10"],
    &["340282366920938463463374607431768211456", "99999999999999999999999999999999999999999"],
];
const PATHS: &[&str] = &[
    "a::b",
    "::x::y",
    "crate::x",
    "self::errcode",
    "super::status",
    "errcode::status",
    "Self::X",
];

fn literal(rng: &mut Rng) -> String {
    match rng.below(12) {
        0 => {
            let s: String = (0..rng.below(8)).map(|_| *rng.pick(STRING_CHARS)).collect();
            format!("{s:?}")
        }
        1 | 2 => format!("{:?}", rng.pick(SOUP_STRINGS)),
        3 => (rng.next() >> rng.below(64)).to_string(),
        4 => format!("{}{}", rng.below(1000), rng.pick(SUFFIXES)),
        5 => (399 + rng.below(203)).to_string(),
        _ => {
            let kind = *rng.pick(LITERALS);
            rng.pick(kind).to_string()
        }
    }
}

fn path(rng: &mut Rng) -> String {
    rng.pick(PATHS).to_string()
}

fn group(rng: &mut Rng, depth: usize) -> String {
    let inner = if rng.chance(50) {
        soup(rng, depth)
    } else {
        keyed(rng, depth)
    };
    let (open, close) = *rng.pick(&[("(", ")"), ("(", ")"), ("[", "]"), ("{", "}")]);
    format!("{open}{inner}{close}")
}

fn soup(rng: &mut Rng, depth: usize) -> String {
    let tokens: Vec<String> = (0..rng.below(10))
        .map(|_| match rng.below(20) {
            0..=7 => rng.pick(SOUP_IDENTS).to_string(),
            8..=12 => rng.pick(SOUP_PUNCTS).to_string(),
            13..=17 => literal(rng),
            _ if depth > 0 => group(rng, depth - 1),
            _ => path(rng),
        })
        .collect();
    tokens.join(" ")
}

fn value(rng: &mut Rng, depth: usize) -> String {
    match rng.below(20) {
        0..=11 => literal(rng),
        12..=14 => rng.pick(SOUP_IDENTS).to_string(),
        15..=16 => path(rng),
        _ if depth > 0 => group(rng, depth - 1),
        _ => literal(rng),
    }
}

/// Between keys: mostly a comma, sometimes none, two, or something else.
const SEPARATORS: &[&str] = &[
    ", ", ", ", ", ", ", ", ", ", ", ", ", ", ", ", " ", ", , ", " ; ",
];

/// Soup shaped like keys: `key`, `key = value`, `key(...)`, with parts missing.
fn keyed(rng: &mut Rng, depth: usize) -> String {
    let mut out = String::new();
    if rng.chance(3) {
        out.push_str(", ");
    }
    for i in 0..rng.below(6) {
        if i > 0 {
            let separator = *rng.pick(SEPARATORS);
            out.push_str(separator);
        }
        let key = match rng.below(10) {
            0..=6 => rng.pick(&all_keys()).to_string(),
            7..=8 => rng.pick(SOUP_IDENTS).to_string(),
            _ => path(rng),
        };
        let rest = match rng.below(10) {
            0..=1 => String::new(),
            2..=5 => format!(" = {}", value(rng, depth)),
            6 if depth > 0 => format!("({})", keyed(rng, depth - 1)),
            6 => "()".to_owned(),
            7 => format!(" {}", value(rng, depth)),
            8 => " =".to_owned(),
            _ => format!(" = {} {}", value(rng, depth), value(rng, depth)),
        };
        out.push_str(&key);
        out.push_str(&rest);
    }
    if rng.chance(5) {
        out.push(',');
    }
    out
}

fn soup_attribute(rng: &mut Rng) -> String {
    match rng.below(24) {
        0 => "#[matrix]".to_owned(),
        1 => {
            let value = if rng.chance(70) {
                literal(rng)
            } else {
                path(rng)
            };
            format!("#[matrix = {value}]")
        }
        2 => format!("#[matrix[{}]]", keyed(rng, 2)),
        3 => format!("#[matrix{{{}}}]", keyed(rng, 2)),
        4 => format!("#[matrix::matrix({})]", keyed(rng, 2)),
        5 => "#[matrix()]".to_owned(),
        6..=15 => format!("#[matrix({})]", keyed(rng, 2)),
        _ => format!("#[matrix({})]", soup(rng, 3)),
    }
}

fn soup_case(bases: &[Model], rng: &mut Rng) -> Model {
    let mut model = rng.pick(bases).clone();
    if model.keyword == "struct" && model.variants[0].style == Style::Named && rng.chance(3) {
        model.keyword = "union";
    }
    for _ in 0..1 + rng.below(3) {
        let places = model.places();
        let place = *rng.pick(&places);
        let attrs = model.attrs_mut(place);
        let at = rng.below(attrs.len() + 1);
        attrs.insert(at, Attr::Raw(soup_attribute(rng)));
    }
    // Missing parts: a key dropped, or cut short.
    if rng.chance(30) {
        let places = model.places();
        let place = *rng.pick(&places);
        let lists: Vec<usize> = (0..model.attrs(place).len())
            .filter(|&i| matches!(&model.attrs(place)[i], Attr::Keys(keys) if !keys.is_empty()))
            .collect();
        if !lists.is_empty() {
            let list = *rng.pick(&lists);
            let cut = rng.below(4);
            if let Attr::Keys(keys) = &mut model.attrs_mut(place)[list] {
                let at = rng.below(keys.len());
                let text = keys[at].text.clone();
                match (cut, text.split_once(" = ").filter(|_| !text.contains('('))) {
                    (0, _) | (_, None) => {
                        keys.remove(at);
                    }
                    (1, Some((key, _))) => keys[at].text = format!("{key} ="),
                    (2, Some((_, value))) => keys[at].text = format!("= {value}"),
                    (_, Some((key, value))) => keys[at].text = format!("{key} {value}"),
                }
            }
        }
    }
    model
}

// ---------------------------------------------------------------------------------
// Running the expander.

enum Outcome {
    Accepted,
    Rejected(Vec<String>),
    Panicked(String),
    /// The generator wrote something that is not an item (a bug of this test).
    NotAnItem(String),
}

fn run(text: &str) -> Outcome {
    let tokens: TokenStream = match text.parse() {
        Ok(tokens) => tokens,
        Err(error) => return Outcome::NotAnItem(format!("does not lex: {error}")),
    };
    let input: syn::DeriveInput = match syn::parse2(tokens) {
        Ok(input) => input,
        Err(error) => return Outcome::NotAnItem(format!("does not parse: {error}")),
    };
    let result = panic::catch_unwind(AssertUnwindSafe(|| match crate::expand_checked(&input) {
        Ok(_) => None,
        Err((error, krate)) => {
            // What `derive` emits on error must build as well.
            drop(crate::expand::stub(&input, &krate));
            drop(error.to_compile_error());
            Some(
                error
                    .into_iter()
                    .map(|error| error.to_string())
                    .collect::<Vec<_>>(),
            )
        }
    }));
    match result {
        Ok(None) => Outcome::Accepted,
        Ok(Some(messages)) => Outcome::Rejected(messages),
        Err(payload) => Outcome::Panicked(
            payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(not a string)".to_owned()),
        ),
    }
}

/// Messages are lower-case sentences; an empty or capitalised one is a mistake.
fn badly_worded(messages: &[String]) -> Option<&String> {
    messages
        .iter()
        .find(|message| message.chars().next().is_none_or(|c| c.is_uppercase()))
}

fn seed() -> u64 {
    let Ok(text) = std::env::var("MATRIX_FUZZ_SEED") else {
        return SEED;
    };
    let text = text.trim();
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.unwrap_or_else(|_| panic!("MATRIX_FUZZ_SEED `{text}` is not a number"))
}

#[derive(Default)]
struct Report {
    /// Every panic, in full.
    panics: Vec<String>,
    /// Every other failure; the first [`SHOWN`] are printed.
    failures: Vec<String>,
}

impl Report {
    fn fail(&mut self, seed: u64, what: &str, index: u64, problem: String, text: &str) {
        let failure = format!("{what} case {index} (seed {seed:#x}): {problem}\n    input: {text}");
        if problem.starts_with("PANIC") {
            self.panics.push(failure);
        } else {
            self.failures.push(failure);
        }
    }
}

#[test]
fn the_expander_rejects_malformed_inputs_and_never_panics() {
    let started = Instant::now();
    let seed = seed();
    let bases = bases();
    let mut report = Report::default();

    for base in &bases {
        let text = base.render();
        match run(&text) {
            Outcome::Accepted => {}
            Outcome::Rejected(errors) => panic!(
                "base input `{}` is rejected: {errors:#?}\n{text}",
                base.label
            ),
            Outcome::Panicked(message) => {
                panic!("base input `{}` panics: {message}\n{text}", base.label)
            }
            Outcome::NotAnItem(error) => panic!("base input `{}` {error}\n{text}", base.label),
        }
    }

    let mut mutations_rejected = 0;
    for index in 0..MUTATION_CASES {
        let mut rng = Rng::for_case(seed, 1, index);
        let Mutation {
            model,
            defects,
            expected,
        } = mutate(&bases, &mut rng);
        let text = model.render();
        let context = format!(
            "from the {}, with {} defects:\n      {}",
            model.label,
            defects.len(),
            defects.join("\n      ")
        );
        match run(&text) {
            Outcome::Accepted => report.fail(
                seed,
                "mutation",
                index,
                format!("accepted, {context}"),
                &text,
            ),
            Outcome::Rejected(errors) => {
                mutations_rejected += 1;
                if errors.len() < expected {
                    report.fail(
                        seed,
                        "mutation",
                        index,
                        format!(
                            "only {} errors for {expected} expected {errors:?}, {context}",
                            errors.len()
                        ),
                        &text,
                    );
                } else if let Some(message) = badly_worded(&errors) {
                    report.fail(
                        seed,
                        "mutation",
                        index,
                        format!("badly worded error {message:?}"),
                        &text,
                    );
                }
            }
            Outcome::Panicked(message) => report.fail(
                seed,
                "mutation",
                index,
                format!("PANIC {message:?}, {context}"),
                &text,
            ),
            Outcome::NotAnItem(error) => report.fail(seed, "mutation", index, error, &text),
        }
    }

    let mut soups_rejected = 0;
    for index in 0..SOUP_CASES {
        let mut rng = Rng::for_case(seed, 2, index);
        let text = soup_case(&bases, &mut rng).render();
        match run(&text) {
            Outcome::Accepted => {}
            Outcome::Rejected(errors) => {
                soups_rejected += 1;
                if let Some(message) = badly_worded(&errors) {
                    report.fail(
                        seed,
                        "soup",
                        index,
                        format!("badly worded error {message:?}"),
                        &text,
                    );
                }
            }
            Outcome::Panicked(message) => {
                report.fail(seed, "soup", index, format!("PANIC {message:?}"), &text)
            }
            Outcome::NotAnItem(error) => report.fail(seed, "soup", index, error, &text),
        }
    }

    eprintln!(
        "expander fuzz (seed {seed:#x}): {MUTATION_CASES} mutated inputs ({mutations_rejected} rejected), \
         {SOUP_CASES} token soups ({soups_rejected} rejected), {} panics, {:.1?}",
        report.panics.len(),
        started.elapsed(),
    );
    let shown: Vec<&str> = (report.panics.iter())
        .chain(report.failures.iter().take(SHOWN))
        .map(String::as_str)
        .collect();
    assert!(
        report.panics.is_empty() && report.failures.is_empty(),
        "{} panics and {} other failing cases; every panic and the first {SHOWN} others:\n\n{}",
        report.panics.len(),
        report.failures.len(),
        shown.join("\n\n"),
    );
}
