//! The derive input as a typed model: the syntax tree with every `#[matrix]` attribute parsed.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Generics, Ident, Member, Type};

use crate::attr::{self, Attrs, Place};
use crate::ctxt::Errors;

pub(crate) struct Input<'a> {
    pub ident: &'a Ident,
    pub generics: &'a Generics,
    /// The container's attributes; for a struct they are its variant attributes too.
    pub attrs: Attrs,
    pub shape: Shape<'a>,
}

pub(crate) enum Shape<'a> {
    Enum(Vec<Variant<'a>>),
    /// A struct is one variant whose attributes are the container's (boxed: a variant is
    /// far larger than a `Vec`).
    Struct(Box<Variant<'a>>),
}

pub(crate) struct Variant<'a> {
    /// `None` for a struct.
    pub ident: Option<&'a Ident>,
    pub span: Span,
    /// Empty for a struct: see [`Input::attrs`].
    pub attrs: Attrs,
    pub fields: Vec<Field<'a>>,
    /// The doc comment (for a struct, the struct's), as `attr::docs` reads it.
    pub docs: String,
}

pub(crate) struct Field<'a> {
    pub member: Member,
    pub ty: &'a Type,
    pub attrs: Attrs,
    pub span: Span,
}

impl Field<'_> {
    /// How the field is named in messages: `room`, or `0` for a tuple field.
    pub(crate) fn name(&self) -> String {
        match &self.member {
            Member::Named(ident) => {
                let name = ident.to_string();
                name.strip_prefix("r#").map_or(name.clone(), str::to_owned)
            }
            Member::Unnamed(index) => index.index.to_string(),
        }
    }
}

impl<'a> Input<'a> {
    /// `None` for a union, which is reported.
    pub(crate) fn from_syn(input: &'a DeriveInput, errors: &mut Errors) -> Option<Self> {
        let shape = match &input.data {
            Data::Enum(data) => Shape::Enum(
                data.variants
                    .iter()
                    .map(|variant| {
                        let attrs = attr::parse(&variant.attrs, Place::Variant, errors);
                        Variant::new(
                            Some(&variant.ident),
                            variant.ident.span(),
                            attrs,
                            attr::docs(&variant.attrs),
                            &variant.fields,
                            errors,
                        )
                    })
                    .collect(),
            ),
            Data::Struct(data) => Shape::Struct(Box::new(Variant::new(
                None,
                input.ident.span(),
                Attrs::default(),
                attr::docs(&input.attrs),
                &data.fields,
                errors,
            ))),
            Data::Union(data) => {
                errors.at(
                    data.union_token.span,
                    "`MatrixError` cannot be derived for a union; use an enum or a struct",
                );
                return None;
            }
        };
        let place = match shape {
            Shape::Enum(_) => Place::Enum,
            Shape::Struct(_) => Place::Struct,
        };
        Some(Input {
            ident: &input.ident,
            generics: &input.generics,
            attrs: attr::parse(&input.attrs, place, errors),
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
}

impl<'a> Variant<'a> {
    fn new(
        ident: Option<&'a Ident>,
        span: Span,
        attrs: Attrs,
        docs: String,
        fields: &'a Fields,
        errors: &mut Errors,
    ) -> Self {
        let fields = fields
            .iter()
            .enumerate()
            .map(|(index, field)| Field {
                member: match &field.ident {
                    Some(ident) => Member::Named(ident.clone()),
                    None => Member::Unnamed(syn::Index {
                        index: index as u32,
                        span: field.ty.span(),
                    }),
                },
                ty: &field.ty,
                attrs: attr::parse(&field.attrs, Place::Field, errors),
                span: field.span(),
            })
            .collect();
        Variant {
            ident,
            span,
            attrs,
            fields,
            docs,
        }
    }
}
