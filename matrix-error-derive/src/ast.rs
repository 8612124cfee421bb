//! The derive input as a typed tree: the container, its variants and their fields, each with
//! its `#[matrix]` keys parsed.

use proc_macro2::Span;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Generics, Ident, Member, Type};

use crate::attr::{self, Attrs};
use crate::ctxt::Ctxt;
use crate::keys::Place;

pub(crate) struct Input<'a> {
    pub ident: &'a Ident,
    pub generics: &'a Generics,
    /// The container's keys; a struct's are its variant's keys too.
    pub attrs: Attrs,
    pub shape: Shape<'a>,
}

pub(crate) enum Shape<'a> {
    Enum(Vec<Variant<'a>>),
    /// A struct is one variant whose keys are the container's (boxed: a variant is far
    /// larger than a `Vec`).
    Struct(Box<Variant<'a>>),
}

pub(crate) struct Variant<'a> {
    /// The variant's name, or for a struct the struct's.
    pub ident: &'a Ident,
    pub is_struct: bool,
    /// The variant's keys; for a struct none, see [`Input::attrs_of`].
    pub attrs: Attrs,
    pub fields: Vec<Field<'a>>,
    /// The doc comment (for a struct, the struct's), as `attr::docs` reads it.
    pub docs: String,
}

pub(crate) struct Field<'a> {
    pub index: usize,
    pub member: Member,
    pub ty: &'a Type,
    pub attrs: Attrs,
    /// The whole field, attributes included.
    pub span: Span,
}

impl<'a> Input<'a> {
    /// `None` for a union, which is reported.
    pub(crate) fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let (place, field_place) = match &input.data {
            Data::Enum(_) => (Place::Enum, Place::VariantField),
            Data::Struct(_) => (Place::Struct, Place::StructField),
            Data::Union(data) => {
                cx.error(
                    data.union_token.span,
                    "`MatrixError` cannot be derived for a union; use an enum or a struct",
                );
                return None;
            }
        };
        // The container's keys first: the order of the source, which is also the order of
        // the errors where the compiler gives proc macros no line numbers.
        let attrs = attr::parse(cx, &input.attrs, place);
        let shape = match &input.data {
            Data::Enum(data) => Shape::Enum(
                (data.variants.iter())
                    .map(|variant| Variant {
                        ident: &variant.ident,
                        is_struct: false,
                        attrs: attr::parse(cx, &variant.attrs, Place::Variant),
                        fields: fields(cx, &variant.fields, field_place),
                        docs: attr::docs(&variant.attrs),
                    })
                    .collect(),
            ),
            Data::Struct(data) => Shape::Struct(Box::new(Variant {
                ident: &input.ident,
                is_struct: true,
                attrs: Attrs::none(),
                fields: fields(cx, &data.fields, field_place),
                docs: attr::docs(&input.attrs),
            })),
            Data::Union(_) => return None,
        };
        Some(Input {
            ident: &input.ident,
            generics: &input.generics,
            attrs,
            shape,
        })
    }

    pub(crate) fn variants(&self) -> &[Variant<'a>] {
        match &self.shape {
            Shape::Enum(variants) => variants,
            Shape::Struct(variant) => std::slice::from_ref(&**variant),
        }
    }

    pub(crate) fn is_struct(&self) -> bool {
        matches!(self.shape, Shape::Struct(_))
    }

    /// The keys that apply to `variant` itself: its own, or for a struct the struct's.
    pub(crate) fn attrs_of<'s>(&'s self, variant: &'s Variant) -> &'s Attrs {
        if variant.is_struct {
            &self.attrs
        } else {
            &variant.attrs
        }
    }
}

fn fields<'a>(cx: &Ctxt, fields: &'a Fields, place: Place) -> Vec<Field<'a>> {
    (fields.iter().enumerate())
        .map(|(index, field)| Field {
            index,
            member: match &field.ident {
                Some(ident) => Member::Named(ident.clone()),
                None => Member::Unnamed(syn::Index {
                    index: index as u32,
                    span: field.ty.span(),
                }),
            },
            ty: &field.ty,
            attrs: attr::parse(cx, &field.attrs, place),
            span: field.span(),
        })
        .collect()
}

impl Variant<'_> {
    /// "variant" or "struct", as messages call it.
    pub(crate) fn noun(&self) -> &'static str {
        if self.is_struct { "struct" } else { "variant" }
    }

    /// "variant `NotAllowed`" or "struct `NotAllowed`".
    pub(crate) fn describe(&self) -> String {
        format!("{} `{}`", self.noun(), self.ident.unraw())
    }
}

impl Field<'_> {
    /// The field's name as messages, message placeholders and JSON keys name it: `room`
    /// (`r#type` is `type`), or `0` for a tuple field.
    pub(crate) fn name(&self) -> String {
        member_name(&self.member)
    }
}

/// See [`Field::name`].
fn member_name(member: &Member) -> String {
    match member {
        Member::Named(ident) => ident.unraw().to_string(),
        Member::Unnamed(index) => index.index.to_string(),
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
