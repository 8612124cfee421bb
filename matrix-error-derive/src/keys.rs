//! Every key of `#[matrix(...)]`, defined once: its name, the places it may be written, the
//! shape of its value, an example and what it does. Parsing (`attr`), the "expected one of"
//! lists and the placement errors all come from this table; the rest of the derive names a
//! key by its constant here (`keys::ERRCODE`), never by its text.
//!
//! A key is a [`Key<S>`], where the marker `S` ([`Flag`], [`Str`], [`Int`], [`FlagOrStr`],
//! [`Literals`]) is the shape of its value, so that [`Attrs`](crate::attr::Attrs) hands out
//! a value of the matching type: `attrs.string(&keys::ERRCODE)` is an `Option<&LitStr>`,
//! `attrs.flag(&keys::EXPOSE)` an `Option<Span>`, and asking for the wrong type does not
//! compile.
//!
//! Adding a key is one line in `keys!` (and a marker type for a new shape of value). One
//! name may have one definition per place, with a shape of its own: `errcode = "..."` on a
//! variant, the flag `errcode` on a field. A group of nested keys (`zulip(code = "...")`, the
//! shape [`Group`]) takes the keys of its own table (`ZULIP_KEYS`), defined here the same way
//! and read from the group's own `Attrs`.

use std::marker::PhantomData;

/// Where a `#[matrix]` attribute stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Place {
    Enum,
    /// A struct: its attributes serve as both the container's and its one variant's.
    Struct,
    Variant,
    /// A field of an enum's variant.
    VariantField,
    /// A field of a struct.
    StructField,
}

impl Place {
    /// "a variant", as messages name the place.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Place::Enum => "an enum",
            Place::Struct => "a struct",
            Place::Variant => "a variant",
            Place::VariantField | Place::StructField => "a field",
        }
    }

    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A set of places.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Places(u8);

impl Places {
    pub(crate) const NONE: Places = Places(0);
    pub(crate) const ENUM: Places = Places(Place::Enum.bit());
    pub(crate) const STRUCT: Places = Places(Place::Struct.bit());
    /// The enum or the struct itself.
    pub(crate) const CONTAINER: Places = Places::ENUM.or(Places::STRUCT);
    /// A variant, or a struct, which is one variant and takes a variant's keys itself.
    pub(crate) const VARIANT: Places = Places(Place::Variant.bit()).or(Places::STRUCT);
    pub(crate) const FIELD: Places =
        Places(Place::VariantField.bit()).or(Places(Place::StructField.bit()));

    pub(crate) const fn or(self, other: Places) -> Places {
        Places(self.0 | other.0)
    }

    pub(crate) fn contains(self, place: Place) -> bool {
        self.0 & place.bit() != 0
    }

    /// Where a key that cannot go on `here` belongs, as seen from `here`: for a field of a
    /// struct "the struct", for a field of a variant "the variant or the enum".
    pub(crate) fn home_from(self, here: Place) -> String {
        let homes: &[(Place, &str)] = match here {
            Place::Enum => &[
                (Place::Variant, "a variant"),
                (Place::VariantField, "a field"),
            ],
            Place::Struct => &[(Place::StructField, "a field")],
            Place::Variant => &[(Place::Enum, "the enum"), (Place::VariantField, "a field")],
            Place::VariantField => &[(Place::Variant, "the variant"), (Place::Enum, "the enum")],
            Place::StructField => &[(Place::Struct, "the struct")],
        };
        let names: Vec<&str> = homes
            .iter()
            .filter(|(place, _)| self.contains(*place))
            .map(|(_, name)| *name)
            .collect();
        names.join(" or ")
    }
}

/// The value a key takes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Shape {
    /// No value: `expose`.
    Flag,
    /// A string literal: `errcode = "M_FORBIDDEN"`.
    Str,
    /// An integer literal: `status = 403`.
    Int,
    /// No value or a string literal: `field`, `field = "json_key"`.
    FlagOrStr,
    /// A parenthesized list of `key = literal`: `extra(soft_logout = true)`. The one shape
    /// that may be written more than once at a place; the lists add up.
    Literals,
    /// A parenthesized group of nested keys of its own table: `zulip(code = "...", status = 429)`.
    Group,
}

/// A key, whatever the shape of its value.
#[derive(PartialEq, Eq, Debug)]
pub(crate) struct KeyDef {
    pub name: &'static str,
    pub places: Places,
    pub shape: Shape,
    /// The key as written, for messages: `status = 403`.
    pub example: &'static str,
    /// What the key does, completing "`key` ...".
    pub meaning: &'static str,
    /// For a [`Shape::Group`], the keys it takes; else empty.
    pub nested: &'static [&'static KeyDef],
}

/// The shape markers of [`Key`].
pub(crate) trait ShapeOf {
    const SHAPE: Shape;
}

macro_rules! shapes {
    ($($(#[$doc:meta])* $marker:ident,)*) => {$(
        $(#[$doc])*
        pub(crate) enum $marker {}
        impl ShapeOf for $marker {
            const SHAPE: Shape = Shape::$marker;
        }
    )*};
}

shapes! {
    /// A key without a value; `Attrs::flag` gives the span of the key.
    Flag,
    /// A key with a string literal; `Attrs::string` gives it.
    Str,
    /// A key with an integer literal; `Attrs::int` gives it.
    Int,
    /// A key with or without a string literal; `Attrs::flag_or_string` gives both.
    FlagOrStr,
    /// A key with a list of constants; `Attrs::literals` gives them.
    Literals,
    /// A group of nested keys; `Attrs::group` gives the group's own `Attrs`.
    Group,
}

/// A key whose value has the shape `S`.
pub(crate) struct Key<S> {
    pub def: KeyDef,
    shape: PhantomData<S>,
}

impl<S: ShapeOf> Key<S> {
    const fn new(
        name: &'static str,
        places: Places,
        example: &'static str,
        meaning: &'static str,
        nested: &'static [&'static KeyDef],
    ) -> Self {
        Key {
            def: KeyDef {
                name,
                places,
                shape: S::SHAPE,
                example,
                meaning,
                nested,
            },
            shape: PhantomData,
        }
    }
}

/// Defines each key as a `static` and [`ALL`], the table of every key.
macro_rules! keys {
    ($(
        $(#[$doc:meta])*
        $konst:ident: $shape:ident = $name:literal on $places:expr,
            like $example:literal, $meaning:literal $(, with $nested:ident)?;
    )*) => {
        $(
            $(#[$doc])*
            pub(crate) static $konst: Key<$shape> =
                Key::new($name, $places, $example, $meaning, keys!(@nested $($nested)?));
        )*
        /// Every key, in the order "expected one of" lists them.
        pub(crate) static ALL: &[&KeyDef] = &[$(&$konst.def),*];
    };
    (@nested) => { &[] };
    (@nested $nested:ident) => { $nested };
}

/// Defines the keys of a group (their places are the group's: `Places::NONE` here) and the
/// group's table.
macro_rules! nested_keys {
    ($table:ident: $(
        $(#[$doc:meta])*
        $konst:ident: $shape:ident = $name:literal, like $example:literal, $meaning:literal;
    )*) => {
        $(
            $(#[$doc])*
            pub(crate) static $konst: Key<$shape> =
                Key::new($name, Places::NONE, $example, $meaning, &[]);
        )*
        /// The keys of the group, in the order "expected one of" lists them.
        pub(crate) static $table: &[&KeyDef] = &[$(&$konst.def),*];
    };
}

nested_keys! { ZULIP_KEYS:
    ZULIP_CODE: Str = "code", like "code = \"RATE_LIMIT_HIT\"", "sets the Zulip `code`";
    ZULIP_STATUS: Int = "status", like "status = 429", "sets the status in Zulip's dialect";
    ZULIP_ALLOW_UNLISTED: Flag = "allow_unlisted", like "allow_unlisted",
        "accepts a Zulip code the project's Zulip table does not list";
}

nested_keys! { MASTODON_KEYS:
    MASTODON_STATUS: Int = "status", like "status = 422", "sets the status in Mastodon's dialect";
    MASTODON_ERROR: Str = "error", like "error = \"Duplicate record\"", "sets Mastodon's `error` text";
    MASTODON_OAUTH: Str = "oauth", like "oauth = \"invalid_grant\"",
        "answers with an OAuth error body: `error` the code, `error_description` the message";
}

keys! {
    NAMESPACE: Str = "namespace" on Places::CONTAINER,
        like "namespace = \"com.example.app\"",
        "prefixes short codes: `X` becomes `COM.EXAMPLE.APP_X`";
    /// On an enum, the errcode of every variant that gives none.
    ERRCODE: Str = "errcode" on Places::CONTAINER.or(Places::VARIANT),
        like "errcode = \"M_FORBIDDEN\"",
        "sets the errcode";
    /// On an enum, the status of variants that give none (see `status::choose`).
    STATUS: Int = "status" on Places::CONTAINER.or(Places::VARIANT),
        like "status = 403",
        "sets the HTTP status";
    CRATE: Str = "crate" on Places::CONTAINER,
        like "crate = \"my_crate::matrix_error\"",
        "names the path of the runtime crate";
    USUAL_STATUS: Flag = "usual_status" on Places::CONTAINER.or(Places::VARIANT),
        like "usual_status",
        "takes the status servers usually send where the spec fixes none";
    ALLOW_UNLISTED: Flag = "allow_unlisted" on Places::CONTAINER.or(Places::VARIANT),
        like "allow_unlisted",
        "accepts an `M_` code the code table does not list";
    PARSE: Flag = "parse" on Places::CONTAINER,
        like "parse",
        "also generates the decoding of a body into the type";
    /// On an enum, for every variant whose code is not an `M_` code.
    VERBATIM: Flag = "verbatim" on Places::CONTAINER.or(Places::VARIANT),
        like "verbatim",
        "sends a code that is not `M_` exactly as written";
    MESSAGE: Str = "message" on Places::VARIANT,
        like "message = \"you may not post in {room}\"",
        "sets the body's `error` text";
    /// On an enum, `expose` for every variant.
    EXPOSE: Flag = "expose" on Places::CONTAINER.or(Places::VARIANT),
        like "expose",
        "sends the Display text even for a 5xx status";
    TRANSPARENT: Flag = "transparent" on Places::VARIANT,
        like "transparent",
        "delegates everything to the one field";
    EXTRA: Literals = "extra" on Places::VARIANT,
        like "extra(soft_logout = true)",
        "adds constant keys to the body";
    /// On an enum, the default for every variant (see DESIGN.md, "Other dialects").
    ZULIP: Group = "zulip" on Places::CONTAINER.or(Places::VARIANT),
        like "zulip(code = \"RATE_LIMIT_HIT\", status = 429)",
        "sets the Zulip `code` and status", with ZULIP_KEYS;
    MASTODON: Group = "mastodon" on Places::CONTAINER.or(Places::VARIANT),
        like "mastodon(status = 422, error = \"Duplicate record\")",
        "sets the Mastodon status and `error` text", with MASTODON_KEYS;
    // The integrations, each generated only where asked for (see `expand::impl_integrations`).
    AXUM: Flag = "axum" on Places::CONTAINER,
        like "axum",
        "generates axum's `IntoResponse` (feature `axum` of matrix-error)";
    ACTIX_WEB: Flag = "actix_web" on Places::CONTAINER,
        like "actix_web",
        "generates actix-web's `ResponseError` (feature `actix-web` of matrix-error)";
    RUMA: Flag = "ruma" on Places::CONTAINER,
        like "ruma",
        "generates `From<T>` for ruma's error (feature `ruma` of matrix-error)";
    FIELD: FlagOrStr = "field" on Places::FIELD,
        like "field = \"json_key\"",
        "sends the field as a key of the body";
    FLATTEN: Flag = "flatten" on Places::FIELD,
        like "flatten",
        "merges the field's keys into the body";
    RETRY_AFTER: Flag = "retry_after" on Places::FIELD,
        like "retry_after",
        "marks the field that gives `Retry-After` and `retry_after_ms`";
    ERRCODE_FIELD: Flag = "errcode" on Places::FIELD,
        like "errcode",
        "marks the field that carries the errcode at run time";
    STATUS_FIELD: Flag = "status" on Places::FIELD,
        like "status",
        "marks the field that carries the status at run time";
    KIND: Flag = "kind" on Places::FIELD,
        like "kind",
        "marks the field, a `MatrixError`, that gives the errcode and the keys at run time";
    STATUS_WITH: Str = "status_with" on Places::FIELD,
        like "status_with = \"path::to::function\"",
        "computes the status from the field with a function";
    FROM: Flag = "from" on Places::FIELD,
        like "from",
        "generates `From<FieldType>` for the type";
    DEFAULT: Flag = "default" on Places::FIELD,
        like "default",
        "decodes a missing key as `Default::default()`";
}

/// What a written name is at a place.
pub(crate) enum Lookup {
    /// The key of that name here.
    Here(&'static KeyDef),
    /// A key of that name, but not for this place: each definition of the name.
    Elsewhere(Vec<&'static KeyDef>),
    Unknown,
}

pub(crate) fn lookup(name: &str, place: Place) -> Lookup {
    let named = || ALL.iter().copied().filter(move |def| def.name == name);
    if let Some(def) = named().find(|def| def.places.contains(place)) {
        return Lookup::Here(def);
    }
    let elsewhere: Vec<&KeyDef> = named().collect();
    if elsewhere.is_empty() {
        Lookup::Unknown
    } else {
        Lookup::Elsewhere(elsewhere)
    }
}

/// The names of the keys a place takes, in table order.
pub(crate) fn names_at(place: Place) -> impl Iterator<Item = &'static str> {
    ALL.iter()
        .filter(move |def| def.places.contains(place))
        .map(|def| def.name)
}

/// Every other definition of `def`'s name (the variant's `errcode = "..."` for the field's
/// flag `errcode`).
pub(crate) fn namesakes(def: &'static KeyDef) -> impl Iterator<Item = &'static KeyDef> {
    ALL.iter()
        .copied()
        .filter(move |other| other.name == def.name && *other != def)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLACES: [Place; 5] = [
        Place::Enum,
        Place::Struct,
        Place::Variant,
        Place::VariantField,
        Place::StructField,
    ];

    #[test]
    fn a_name_has_at_most_one_definition_per_place() {
        for place in PLACES {
            let mut names: Vec<&str> = names_at(place).collect();
            let count = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), count, "{place:?}");
        }
    }

    #[test]
    fn every_key_goes_somewhere_and_a_struct_takes_the_keys_of_a_variant() {
        for def in ALL {
            assert!(
                PLACES.iter().any(|&place| def.places.contains(place)),
                "{def:?}"
            );
            if def.places.contains(Place::Variant) {
                assert!(def.places.contains(Place::Struct), "{def:?}");
            }
            assert!(
                def.places.contains(Place::VariantField) == def.places.contains(Place::StructField),
                "{def:?}"
            );
        }
    }

    #[test]
    fn examples_start_with_the_name() {
        for def in ALL.iter().chain(ZULIP_KEYS).chain(MASTODON_KEYS) {
            assert!(def.example.starts_with(def.name), "{def:?}");
        }
    }

    #[test]
    fn groups_and_only_groups_have_nested_keys() {
        for def in ALL {
            assert_eq!(def.shape == Shape::Group, !def.nested.is_empty(), "{def:?}");
            for nested in def.nested {
                assert!(matches!(
                    nested.shape,
                    Shape::Flag | Shape::Str | Shape::Int
                ));
                assert_eq!(nested.places, Places::NONE, "{nested:?}");
            }
        }
    }

    #[test]
    fn the_lists_of_keys_by_place() {
        let names = |place| names_at(place).collect::<Vec<_>>().join(" ");
        assert_eq!(
            names(Place::Enum),
            "namespace errcode status crate usual_status allow_unlisted parse verbatim expose zulip mastodon axum actix_web ruma"
        );
        assert_eq!(
            names(Place::Struct),
            "namespace errcode status crate usual_status allow_unlisted parse verbatim message expose transparent extra zulip mastodon axum actix_web ruma"
        );
        assert_eq!(
            names(Place::Variant),
            "errcode status usual_status allow_unlisted verbatim message expose transparent extra zulip mastodon"
        );
        assert_eq!(
            names(Place::VariantField),
            "field flatten retry_after errcode status kind status_with from default"
        );
    }

    #[test]
    fn lookups_tell_here_elsewhere_and_unknown_apart() {
        assert!(
            matches!(lookup("errcode", Place::Variant), Lookup::Here(def) if *def == ERRCODE.def)
        );
        assert!(
            matches!(lookup("errcode", Place::StructField), Lookup::Here(def) if *def == ERRCODE_FIELD.def)
        );
        assert!(
            matches!(lookup("message", Place::Enum), Lookup::Elsewhere(defs) if defs == [&MESSAGE.def])
        );
        assert!(matches!(lookup("colour", Place::Enum), Lookup::Unknown));
        assert_eq!(
            namesakes(&ERRCODE_FIELD.def).collect::<Vec<_>>(),
            [&ERRCODE.def]
        );
    }

    #[test]
    fn homes_are_named_from_where_the_key_was_written() {
        assert_eq!(MESSAGE.def.places.home_from(Place::Enum), "a variant");
        assert_eq!(NAMESPACE.def.places.home_from(Place::Variant), "the enum");
        assert_eq!(
            ERRCODE.def.places.home_from(Place::StructField),
            "the struct"
        );
        assert_eq!(
            ERRCODE.def.places.home_from(Place::VariantField),
            "the variant or the enum"
        );
        assert_eq!(
            EXPOSE.def.places.home_from(Place::VariantField),
            "the variant or the enum"
        );
        assert_eq!(
            TRANSPARENT.def.places.home_from(Place::VariantField),
            "the variant"
        );
        assert_eq!(AXUM.def.places.home_from(Place::Variant), "the enum");
        assert_eq!(FIELD.def.places.home_from(Place::Variant), "a field");
    }
}
