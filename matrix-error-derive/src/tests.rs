//! Expander tests: what the derive accepts and generates (read back as a syntax tree, so
//! that they check the code's structure, not its spacing), what it rejects and how it says
//! so. The fuzzer, thousands of generated inputs, is in `tests/fuzz.rs`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Expr, ImplItem, Item, ItemImpl, Pat, parse_quote};

mod fuzz;

fn expand(tokens: TokenStream) -> Result<TokenStream, Vec<String>> {
    let input: syn::DeriveInput = syn::parse2(tokens).expect("test input parses as an item");
    crate::expand_checked(&input)
        .map_err(|(error, _)| error.into_iter().map(|e| e.to_string()).collect())
}

/// The generated code of a valid input, as a syntax tree.
fn generated(tokens: TokenStream) -> syn::File {
    let tokens = expand(tokens).unwrap_or_else(|errors| panic!("rejected: {errors:#?}"));
    syn::parse2(tokens).expect("the generated code parses as a file")
}

/// The error messages for an input written as source text, whose spans have lines and
/// columns, as the compiler's do.
fn errors(text: &str) -> Vec<String> {
    let input: syn::DeriveInput = syn::parse_str(text).expect("test input parses as an item");
    match crate::expand_checked(&input) {
        Ok(_) => Vec::new(),
        Err((error, _)) => error.into_iter().map(|e| e.to_string()).collect(),
    }
}

/// Every `impl` of the file, those inside `const _: () = { ... };` too.
fn impls(file: &syn::File) -> Vec<&ItemImpl> {
    fn collect<'f>(items: Vec<&'f Item>, out: &mut Vec<&'f ItemImpl>) {
        for item in items {
            match item {
                Item::Impl(item) => out.push(item),
                Item::Const(item) => {
                    if let Expr::Block(block) = &*item.expr {
                        let items = block.block.stmts.iter().filter_map(|stmt| match stmt {
                            syn::Stmt::Item(item) => Some(item),
                            _ => None,
                        });
                        collect(items.collect(), out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    collect(file.items.iter().collect(), &mut out);
    out
}

/// The impl of the trait whose path ends with `name`.
fn impl_of<'f>(file: &'f syn::File, name: &str) -> &'f ItemImpl {
    impls(file)
        .into_iter()
        .find(|item| {
            let Some((path, _)) = &item.trait_ else {
                return false;
            };
            path.segments
                .last()
                .is_some_and(|segment| segment.ident == name)
        })
        .unwrap_or_else(|| panic!("no impl of {name}"))
}

/// The body of method `name` of `item`, as one expression.
fn body(item: &ItemImpl, name: &str) -> Expr {
    let method = (item.items.iter())
        .find_map(|item| match item {
            ImplItem::Fn(method) if method.sig.ident == name => Some(method),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no method {name}"));
    match method.block.stmts.as_slice() {
        [syn::Stmt::Expr(expr, None)] => expr.clone(),
        _ => Expr::Block(syn::ExprBlock {
            attrs: Vec::new(),
            label: None,
            block: method.block.clone(),
        }),
    }
}

/// `expr` without trailing commas in calls and arrays, which syn compares too and rustfmt
/// adds to the expected code of a test.
fn without_trailing_commas(mut expr: Expr) -> Expr {
    struct Strip;
    impl syn::visit_mut::VisitMut for Strip {
        fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
            call.args.pop_punct();
            syn::visit_mut::visit_expr_call_mut(self, call);
        }
        fn visit_expr_array_mut(&mut self, array: &mut syn::ExprArray) {
            array.elems.pop_punct();
            syn::visit_mut::visit_expr_array_mut(self, array);
        }
    }
    syn::visit_mut::VisitMut::visit_expr_mut(&mut Strip, &mut expr);
    expr
}

/// The `MatrixError` impl's method `name`.
fn method(file: &syn::File, name: &str) -> Expr {
    body(impl_of(file, "MatrixError"), name)
}

#[test]
fn a_valid_enum_expands() {
    let file = generated(quote! {
        #[matrix(namespace = "com.example.chat")]
        enum ApiError {
            #[matrix(errcode = "M_FORBIDDEN")]
            NotAllowed { room: String },
            #[matrix(errcode = "QUOTA_EXCEEDED", status = 403)]
            Quota { #[matrix(field)] limit: u32 },
        }
    });
    let errcode: Expr = parse_quote! {
        match self {
            Self::NotAllowed { .. } => { "M_FORBIDDEN" }
            Self::Quota { .. } => { "COM.EXAMPLE.CHAT_QUOTA_EXCEEDED" }
        }
    };
    assert_eq!(method(&file, "errcode"), errcode);
    assert_eq!(method(&file, "status"), parse_quote!(403u16));
    let extras: Expr = parse_quote! {
        match self {
            Self::NotAllowed { .. } => { ::core::result::Result::Ok(()) }
            Self::Quota { limit: __matrix_field0, .. } => {
                ::matrix_error::__private::FieldValue::__write_field(__matrix_field0, __map, "limit")
            }
        }
    };
    assert_eq!(method(&file, "__serialize_extras"), extras);
}

#[test]
fn variants_with_the_same_code_share_one_arm_and_bind_no_field_they_do_not_use() {
    let file = generated(quote! {
        enum ApiError {
            #[matrix(errcode = "M_FORBIDDEN")]
            A,
            #[matrix(errcode = "M_FORBIDDEN")]
            B { #[matrix(field)] room: String, reason: String },
            #[matrix(errcode = "M_FORBIDDEN")]
            C(u32),
            #[matrix(errcode = "M_NOT_FOUND")]
            D,
            #[matrix(errcode = "M_NOT_FOUND", status = 410)]
            E,
        }
    });
    // Variants with the same value share an arm; the arm of the most variants is the last, `_`.
    let errcode: Expr = parse_quote! {
        match self {
            Self::D { .. } | Self::E { .. } => { "M_NOT_FOUND" }
            _ => { "M_FORBIDDEN" }
        }
    };
    assert_eq!(method(&file, "errcode"), errcode);
    let status: Expr = parse_quote! {
        match self {
            Self::D { .. } => { 404u16 }
            Self::E { .. } => { 410u16 }
            _ => { 403u16 }
        }
    };
    assert_eq!(method(&file, "status"), status);
    // Only `room` is ever used, as an extra key: `reason` and `C`'s field are never bound.
    let mut bound = Vec::new();
    for item in &impl_of(&file, "MatrixError").items {
        let ImplItem::Fn(method) = item else { continue };
        let Some(syn::Stmt::Expr(Expr::Match(expr), None)) = method.block.stmts.first() else {
            continue;
        };
        for arm in &expr.arms {
            let cases = match &arm.pat {
                Pat::Or(or) => or.cases.iter().collect(),
                pat => vec![pat],
            };
            for case in cases {
                if let Pat::Struct(pat) = case {
                    let variant = &pat.path.segments.last().unwrap().ident;
                    for field in &pat.fields {
                        let member = &field.member;
                        bound.push(quote!(#variant.#member).to_string());
                    }
                }
            }
        }
    }
    bound.dedup();
    assert_eq!(bound, ["B . room"]);
}

#[test]
fn a_method_whose_every_variant_runs_the_same_code_has_no_match() {
    let file = generated(quote! {
        enum ApiError {
            #[matrix(errcode = "M_FORBIDDEN")]
            A,
            #[matrix(errcode = "M_NOT_FOUND")]
            B { room: String },
        }
    });
    assert_eq!(
        method(&file, "retry_after"),
        parse_quote!(::core::option::Option::None)
    );
}

#[test]
fn a_transparent_field_of_a_concrete_type_delegates_through_the_helper() {
    let file = generated(quote! {
        enum ApiError<E> {
            #[matrix(transparent)]
            Standard(matrix_error::Error),
            #[matrix(transparent)]
            Generic(E),
        }
    });
    let errcode: Expr = parse_quote! {
        match self {
            Self::Standard { 0: __matrix_field0, .. } => {
                (&__MatrixInner(__matrix_field0)).__matrix_errcode()
            }
            Self::Generic { 0: __matrix_field0, .. } => {
                ::matrix_error::MatrixError::errcode(__matrix_field0)
            }
        }
    };
    assert_eq!(method(&file, "errcode"), errcode);
    // The impl is inside the `const _` with the helper and the one assertion of the type.
    let Item::Const(block) = &file.items[0] else {
        panic!("the first item is not the helper's `const _`");
    };
    let Expr::Block(block) = &*block.expr else {
        panic!("`const _` without a block");
    };
    let assertion = block.block.stmts.iter().find_map(|stmt| match stmt {
        syn::Stmt::Item(Item::Fn(function)) => Some(function),
        _ => None,
    });
    let assertion = assertion.expect("the assertion");
    let expected: syn::Block = parse_quote!({
        let _ = <matrix_error::Error as ::matrix_error::MatrixError>::status;
    });
    assert_eq!(*assertion.block, expected);
}

#[test]
fn a_kind_variant_takes_the_errcode_status_and_keys_from_its_kind() {
    let file = generated(quote! {
        #[matrix(errcode = "M_UNKNOWN", status = 500)]
        enum ApiError {
            #[matrix(extra(scope = "room"))]
            Scoped(#[matrix(kind)] ErrorKind),
            Request(#[matrix(kind)] ErrorKind, #[matrix(status_with = "pick")] Hint),
            #[matrix(errcode = "M_FORBIDDEN")]
            Forbidden,
        }
    });
    let errcode: Expr = parse_quote! {
        match self {
            Self::Scoped { 0: __matrix_field0, .. } => {
                ::matrix_error::MatrixError::errcode(__matrix_field0)
            }
            Self::Request { 0: __matrix_field0, .. } => {
                ::matrix_error::MatrixError::errcode(__matrix_field0)
            }
            Self::Forbidden { .. } => { "M_FORBIDDEN" }
        }
    };
    assert_eq!(method(&file, "errcode"), errcode);
    // The kind's status, a computed one; the container's 500 never applies.
    let status: Expr = parse_quote! {
        match self {
            Self::Scoped { 0: __matrix_field0, .. } => {
                ::matrix_error::MatrixError::status(__matrix_field0)
            }
            Self::Request { 1: __matrix_field1, .. } => {
                ::matrix_error::__private::StatusField::status_code(&pick(__matrix_field1))
            }
            Self::Forbidden { .. } => { 403u16 }
        }
    };
    assert_eq!(method(&file, "status"), status);
    // The kind's keys after the variant's own, through a map that leaves those out; with no
    // key of its own, straight into the body.
    let extras: Expr = parse_quote! {
        match self {
            Self::Scoped { 0: __matrix_field0, .. } => {
                ::matrix_error::__private::SerializeMap::serialize_entry(__map, "scope", &"room")?;
                ::matrix_error::MatrixError::__serialize_extras(
                    __matrix_field0,
                    &mut ::matrix_error::__private::SkipKeys::new(__map, &["scope"])
                )
            }
            Self::Request { 0: __matrix_field0, .. } => {
                ::matrix_error::MatrixError::__serialize_extras(__matrix_field0, __map)
            }
            Self::Forbidden { .. } => { ::core::result::Result::Ok(()) }
        }
    };
    assert_eq!(
        without_trailing_commas(method(&file, "__serialize_extras")),
        without_trailing_commas(extras)
    );
    // A kind variant always sends an errcode; its own written by the kind.
    let sends: Expr = parse_quote!(true);
    assert_eq!(method(&file, "sends_errcode"), sends);
}

/// The names of the `MatrixError` methods the derive writes for `input`.
fn matrix_error_methods(input: TokenStream) -> Vec<String> {
    let file = generated(input);
    (impl_of(&file, "MatrixError").items.iter())
        .filter_map(|item| match item {
            ImplItem::Fn(method) => Some(method.sig.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// A Matrix-only type pays nothing for the dialects: no `__dialects` (their bodies find the
/// mapping from the errcode at run time) and no dialect value in its listing; a type with
/// dialect keys, or a variant that may take them from another error, has it.
#[test]
fn only_a_type_with_dialect_keys_or_delegation_has_dialects() {
    let matrix_only = matrix_error_methods(quote! {
        enum ApiError {
            #[matrix(errcode = "M_FORBIDDEN")]
            Forbidden,
            #[matrix(errcode = "M_LIMIT_EXCEEDED")]
            Slow,
        }
    });
    assert!(
        !matrix_only.contains(&"__dialects".to_owned()),
        "{matrix_only:?}"
    );
    let inputs = [
        quote! {
            enum ApiError {
                #[matrix(errcode = "M_FORBIDDEN")]
                Forbidden,
                #[matrix(errcode = "M_NOT_FOUND", zulip(code = "BAD_NARROW"))]
                Narrow,
            }
        },
        quote! {
            #[matrix(mastodon(status = 422))]
            enum ApiError {
                #[matrix(errcode = "M_FORBIDDEN")]
                Forbidden,
            }
        },
        quote! {
            enum ApiError {
                #[matrix(errcode = "M_FORBIDDEN")]
                Forbidden,
                #[matrix(transparent)]
                Other(matrix_error::Error),
            }
        },
        quote! {
            #[matrix(errcode = "M_UNKNOWN", status = 500)]
            enum ApiError {
                Scoped(#[matrix(kind)] ErrorKind),
            }
        },
    ];
    for input in inputs {
        let methods = matrix_error_methods(input.clone());
        assert!(
            methods.contains(&"__dialects".to_owned()),
            "{input}: {methods:?}"
        );
    }
    let keyed = generated(quote! {
        enum ApiError {
            #[matrix(errcode = "M_FORBIDDEN")]
            Forbidden,
            #[matrix(errcode = "M_NOT_FOUND", zulip(code = "BAD_NARROW"))]
            Narrow,
        }
    });
    let listing = (impls(&keyed).into_iter())
        .find(|item| item.trait_.is_none())
        .expect("the listing's impl");
    let listing = quote::ToTokens::to_token_stream(listing).to_string();
    assert_eq!(
        listing.matches("with_dialects (entry").count(),
        1,
        "{listing}"
    );
}

#[test]
fn only_a_type_that_delegates_has_errcode_methods() {
    let file = generated(quote! {
        enum ApiError {
            #[matrix(errcode = "M_FORBIDDEN")]
            Forbidden,
        }
    });
    let methods: Vec<String> = (impl_of(&file, "MatrixError").items.iter())
        .filter_map(|item| match item {
            ImplItem::Fn(method) => Some(method.sig.ident.to_string()),
            _ => None,
        })
        .collect();
    assert!(
        !methods.contains(&"sends_errcode".to_owned()),
        "{methods:?}"
    );
    let file = generated(quote! {
        enum ApiError {
            #[matrix(errcode = "M_FORBIDDEN")]
            Forbidden,
            #[matrix(transparent)]
            Uiaa(UiaaInfo),
        }
    });
    let sends: Expr = parse_quote! {
        match self {
            Self::Forbidden { .. } => { true }
            Self::Uiaa { 0: __matrix_field0, .. } => {
                (&__MatrixInner(__matrix_field0)).__matrix_sends_errcode()
            }
        }
    };
    assert_eq!(method(&file, "sends_errcode"), sends);
}

#[test]
fn the_listing_says_what_each_variant_sends() {
    let file = generated(quote! {
        #[matrix(namespace = "com.example.chat")]
        enum ApiError {
            /// Not allowed.
            #[matrix(errcode = "QUOTA", status = 403, extra(hard = true, note = "a\"b"))]
            Quota { #[matrix(field = "max")] limit: Option<u32>, #[matrix(retry_after)] wait: std::time::Duration },
            #[matrix(status = 500, message = "proxied")]
            Proxied { #[matrix(errcode)] code: String, #[matrix(flatten)] r#rest: Map<String, Value> },
            #[matrix(transparent)]
            Inner(matrix_error::Error),
        }
    });
    let listing = impls(&file)
        .into_iter()
        .find(|item| item.trait_.is_none())
        .expect("the inherent impl of ERRORS");
    let Some(ImplItem::Const(errors)) = listing.items.first() else {
        panic!("no ERRORS");
    };
    assert_eq!(errors.ident, "ERRORS");
    assert_eq!(
        errors.ty,
        parse_quote!(&'static [::matrix_error::listing::ErrorInfo])
    );
    let expected: Expr = parse_quote!({
        use ::matrix_error::__private::listing::{entry, key, with_dialects};
        use ::matrix_error::listing::{KeyKind, MessageInfo};
        &[
            entry(
                "Quota",
                "COM.EXAMPLE.CHAT_QUOTA",
                403u16,
                MessageInfo::Display,
                &[
                    key("max", "Option<u32>", KeyKind::Field),
                    key(
                        "retry_after_ms",
                        "std::time::Duration",
                        KeyKind::RetryAfterMs,
                    ),
                    key("hard", "bool", KeyKind::Constant("true")),
                    key("note", "&str", KeyKind::Constant("\"a\\\"b\"")),
                ],
                "",
                "Not allowed.",
            ),
            entry(
                "Proxied",
                "",
                500u16,
                MessageInfo::Template("proxied"),
                &[key("rest", "Map<String, Value>", KeyKind::Flatten)],
                "",
                "",
            ),
            entry(
                "Inner",
                "",
                0,
                MessageInfo::Inner,
                &[],
                "matrix_error::Error",
                "",
            ),
        ]
    });
    assert_eq!(
        without_trailing_commas(errors.expr.clone()),
        without_trailing_commas(expected)
    );
}

#[test]
fn every_mistake_of_one_input_is_reported() {
    let errors = expand(quote! {
        enum ApiError {
            #[matrix(errcode = "M_FORBIDEN", colour = "red")]
            A,
            #[matrix(errcode = "M_UNKNOWN")]
            B,
            #[matrix(status = 700)]
            C,
        }
    })
    .unwrap_err();
    assert_eq!(errors.len(), 5, "{errors:#?}");
}

#[test]
fn errors_come_in_source_order() {
    let errors = errors(
        r#"
        #[matrix(namespace = "bad", parse)]
        enum ApiError {
            #[matrix(errcode = "M_UNKNOWN")]
            A,
            #[matrix(errcode = "M_FORBIDDEN", colour)]
            B { room: String },
        }
        "#,
    );
    let starts: Vec<&str> = errors
        .iter()
        .map(|error| error.split([' ', ';']).next().unwrap())
        .collect();
    assert_eq!(
        starts,
        ["invalid", "`M_UNKNOWN`", "unknown", "`parse`"],
        "{errors:#?}"
    );
}

#[test]
fn tokens_after_a_key_that_takes_no_value_are_reported() {
    let cases = [
        (
            quote!(#[matrix(errcode = "M_UNKNOWN", status = 502, expose true)]),
            "`expose` takes no value",
        ),
        (
            quote!(#[matrix(errcode = "M_FORBIDDEN", extra(a = 1) junk)]),
            "unexpected token after `extra`",
        ),
    ];
    for (attr, expected) in cases {
        let errors =
            expand(quote! { enum E { #attr A { #[matrix(field "key")] b: u8 } } }).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(
            errors.iter().any(|error| error.contains(expected)),
            "{errors:#?}"
        );
        assert!(
            errors
                .iter()
                .any(|error| error.contains("expected `=` before the value for `field`")),
            "{errors:#?}"
        );
    }
}

/// Each mistake as a new user makes it, and every error it gives: one, that says what to do.
#[test]
fn one_mistake_one_error() {
    let cases: &[(&str, &[&str])] = &[
        (
            r#"enum E { #[matrix(errcod = "M_FORBIDDEN")] A }"#,
            &[
                "unknown matrix attribute `errcod` on a variant; expected one of `errcode`, `status`, `usual_status`, `allow_unlisted`, `verbatim`, `message`, `expose`, `transparent`, `extra`, `zulip`, `mastodon`",
            ],
        ),
        (
            r#"enum E { #[matrix(errcode = "M_UNKNOWN")] A { #[matrix(status = 500)] status: u16 } }"#,
            &[
                "`status = ...` belongs on the variant or the enum, not on a field; on a field, `#[matrix(status)]` marks the field that carries the status at run time",
            ],
        ),
        (
            r#"struct S { #[matrix(errcode = "M_FORBIDDEN")] code: String }"#,
            &[
                "`errcode = \"...\"` belongs on the struct, not on a field; on a field, `#[matrix(errcode)]` marks the field that carries the errcode at run time",
            ],
        ),
        (
            r#"enum E { #[matrix(errcode = "M_FORBIDDEN", status = 403i32)] A }"#,
            &[
                "invalid status `403i32`: a status is an unsuffixed integer or a `u16`, not `i32`; write `403`",
            ],
        ),
        (
            r#"#[matrix(errcode = "M_FORBIDDEN")] struct S(#[matrix(from)] std::io::Error, u8);"#,
            &["`from` needs the struct's only field; this struct has 2 fields"],
        ),
        (
            r#"#[matrix(parse)] enum E<'a> { #[matrix(errcode = "M_FORBIDDEN")] A { #[matrix(field)] room: &'a str } }"#,
            &[
                "with `parse`, a field read from the body cannot borrow: `&'a str` would borrow from the error it is read from; use `String`",
            ],
        ),
        (
            r#"#[matrix(parse)] enum E { #[matrix(status = 400)] A { #[matrix(errcode)] code: &'static str } }"#,
            &[
                "with `parse`, a field read from the body cannot borrow: `&'static str` would borrow from the error it is read from; use `String`",
            ],
        ),
        (
            r#"enum E { #[matrix(transparent, extra(a = 1), extra(b = 2))] A(Inner) }"#,
            &["`extra` cannot be combined with `transparent`: the inner error gives it"],
        ),
        (
            r#"#[matrix(colour)] enum E { A }"#,
            &[
                "unknown matrix attribute `colour` on an enum; expected one of `namespace`, `errcode`, `status`, `crate`, `usual_status`, `allow_unlisted`, `parse`, `verbatim`, `expose`, `zulip`, `mastodon`, `axum`, `actix_web`, `ruma`",
            ],
        ),
        (
            r#"#[matrix(errcode = "M_UNKNOWN")] enum E { #[matrix(usual_status = 1)] A }"#,
            &["`usual_status` takes no value; write `#[matrix(usual_status)]`"],
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(errors(input), *expected, "{input}");
    }
}

#[test]
fn a_struct_with_an_errcode_or_status_and_such_a_field_is_rejected() {
    let errors = expand(quote! {
        #[matrix(errcode = "not even a code", status = 403)]
        struct Proxied {
            #[matrix(errcode)]
            code: String,
            #[matrix(status)]
            status: u16,
        }
    })
    .unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].contains("this struct has both `errcode"),
        "{errors:#?}"
    );
    assert!(
        errors[1].contains("this struct has both `status = 403`"),
        "{errors:#?}"
    );
}

#[test]
fn doc_comments_are_read_as_rustdoc_reads_them() {
    let docs = |input: syn::DeriveInput| crate::attr::docs(&input.attrs);
    assert_eq!(
        docs(syn::parse_quote!(
            struct E;
        )),
        ""
    );
    assert_eq!(
        docs(syn::parse_quote! {
            #[doc = " One line.  "]
            struct E;
        }),
        "One line."
    );
    // Surrounding blank lines go, the common indentation goes, deeper indentation stays.
    assert_eq!(
        docs(syn::parse_quote! {
            ///
            /// First line
            /// continues.
            ///
            ///     indented
            ///
            struct E;
        }),
        "First line\ncontinues.\n\n    indented"
    );
    // Multi-line literals are split; `doc(hidden)` and docs that are no literal are skipped.
    assert_eq!(
        docs(syn::parse_quote! {
            #[doc = " a\n b"]
            #[doc(hidden)]
            #[doc = include_str!("elsewhere.md")]
            #[matrix(errcode = "M_FORBIDDEN")]
            /// c
            struct E;
        }),
        "a\nb\nc"
    );
    // Leading whitespace that is not ASCII is text, not indentation, and never cut into.
    assert_eq!(
        docs(syn::parse_quote! {
            #[doc = "\u{3000}wide"]
            #[doc = " narrow"]
            struct E;
        }),
        "\u{3000}wide\n narrow"
    );
}
