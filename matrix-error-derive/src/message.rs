//! `message = "..."` templates: `{field}` and `{0}` name the variant's fields, with any format
//! spec `format!` takes, fields named for width and precision too (`{room:>width$}`,
//! `{x:.prec$}`).

/// A checked template.
#[derive(Debug)]
pub(crate) enum Template {
    /// No placeholder and no escaped brace: the text as it is.
    Fixed(String),
    /// A format string whose placeholders, widths and precisions were renamed to
    /// `__matrix_arg{N}`, where `N` is the index of the field; `fields` lists each field used,
    /// once, and `traits` each field formatted with each trait (for the bounds a generic
    /// field's type needs), once.
    Format {
        format: String,
        fields: Vec<usize>,
        traits: Vec<(usize, FormatTrait)>,
    },
}

/// The `std::fmt` trait a placeholder formats its value with, by the spec's type: `{x}`
/// Display, `{x:?}` Debug, `{x:x}` LowerHex, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormatTrait {
    Display,
    Debug,
    LowerHex,
    UpperHex,
    Octal,
    Binary,
    LowerExp,
    UpperExp,
    Pointer,
}

impl FormatTrait {
    /// The trait for the type at the end of a format spec (`""`, `"?"`, `"x?"`, `"e"`, ...).
    fn of(ty: &str) -> Option<FormatTrait> {
        Some(match ty {
            "" => FormatTrait::Display,
            "?" | "x?" | "X?" => FormatTrait::Debug,
            "x" => FormatTrait::LowerHex,
            "X" => FormatTrait::UpperHex,
            "o" => FormatTrait::Octal,
            "b" => FormatTrait::Binary,
            "e" => FormatTrait::LowerExp,
            "E" => FormatTrait::UpperExp,
            "p" => FormatTrait::Pointer,
            _ => return None,
        })
    }

    /// The trait's name in `::core::fmt`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            FormatTrait::Display => "Display",
            FormatTrait::Debug => "Debug",
            FormatTrait::LowerHex => "LowerHex",
            FormatTrait::UpperHex => "UpperHex",
            FormatTrait::Octal => "Octal",
            FormatTrait::Binary => "Binary",
            FormatTrait::LowerExp => "LowerExp",
            FormatTrait::UpperExp => "UpperExp",
            FormatTrait::Pointer => "Pointer",
        }
    }
}

/// The name an argument for field `index` has in the rewritten format string.
pub(crate) fn arg_name(index: usize) -> String {
    format!("__matrix_arg{index}")
}

/// Parses `template`; `names[i]` is how field `i` is referred to (`room` or `0`).
pub(crate) fn parse(template: &str, names: &[String]) -> Result<Template, String> {
    let mut format = String::with_capacity(template.len());
    let mut fields = Vec::new();
    let mut traits = Vec::new();
    let mut escaped = false;
    let mut chars = template.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|&(_, c)| c) == Some('{') => {
                chars.next();
                format.push_str("{{");
                escaped = true;
            }
            '}' if chars.peek().map(|&(_, c)| c) == Some('}') => {
                chars.next();
                format.push_str("}}");
                escaped = true;
            }
            '}' => {
                return Err("unmatched `}` in message; write `}}` for a literal brace".to_owned());
            }
            '{' => {
                let mut inner = String::new();
                let closed = loop {
                    match chars.next() {
                        Some((_, '}')) => break true,
                        Some((_, c)) => inner.push(c),
                        None => break false,
                    }
                };
                if !closed {
                    return Err(
                        "unclosed `{` in message; write `{{` for a literal brace".to_owned()
                    );
                }
                let (name, spec) = match inner.split_once(':') {
                    Some((name, spec)) => (name.trim(), Some(spec)),
                    None => (inner.trim(), None),
                };
                if name.is_empty() {
                    return Err(
                        "a message placeholder must name a field, like `{room}` or `{0}`"
                            .to_owned(),
                    );
                }
                let index = field_index(name, names)?;
                let mut use_field = |index: usize| {
                    if !fields.contains(&index) {
                        fields.push(index);
                    }
                };
                use_field(index);
                format.push('{');
                format.push_str(&arg_name(index));
                let format_trait = match spec {
                    Some(spec) => {
                        let spec = Spec::parse(spec)?;
                        format.push(':');
                        format.push_str(spec.head);
                        if let Some(width) = spec.width {
                            push_count(&mut format, width, names, "width", &mut use_field)?;
                        }
                        if let Some(precision) = spec.precision {
                            format.push('.');
                            push_count(&mut format, precision, names, "precision", &mut use_field)?;
                        }
                        format.push_str(spec.ty);
                        spec.format_trait
                    }
                    None => FormatTrait::Display,
                };
                if !traits.contains(&(index, format_trait)) {
                    traits.push((index, format_trait));
                }
                format.push('}');
            }
            c => format.push(c),
        }
    }
    if fields.is_empty() && !escaped {
        Ok(Template::Fixed(format))
    } else {
        Ok(Template::Format {
            format,
            fields,
            traits,
        })
    }
}

/// The index of the field called `name` (`room`, `r#type`, `0`).
fn field_index(name: &str, names: &[String]) -> Result<usize, String> {
    let name = name.strip_prefix("r#").unwrap_or(name);
    names
        .iter()
        .position(|field| field == name)
        .ok_or_else(|| unknown_field(name, names))
}

/// A width or precision: a number as it is, or a field (`width$`, `1$`) renamed to its
/// argument.
fn push_count(
    format: &mut String,
    count: Count,
    names: &[String],
    what: &str,
    use_field: &mut impl FnMut(usize),
) -> Result<(), String> {
    match count {
        Count::Literal(digits) => format.push_str(digits),
        Count::Field(name) => {
            let index = field_index(name, names).map_err(|message| {
                format!("the {what} `{name}$` must name a field of type `usize`: {message}")
            })?;
            use_field(index);
            format.push_str(&arg_name(index));
            format.push('$');
        }
    }
    Ok(())
}

/// A width or a precision, as written.
#[derive(Debug, Clone, Copy)]
enum Count<'a> {
    /// `5`.
    Literal(&'a str),
    /// `width$` or `1$`: the field of that name.
    Field(&'a str),
}

/// A format spec, `[[fill]align][sign]['#']['0'][width]['.' precision]type`, in its parts.
#[derive(Debug)]
struct Spec<'a> {
    /// Fill, alignment, sign, `#` and `0`, as written.
    head: &'a str,
    width: Option<Count<'a>>,
    precision: Option<Count<'a>>,
    /// The type, as written: `""`, `"?"`, `"x"`, ...
    ty: &'a str,
    format_trait: FormatTrait,
}

impl<'a> Spec<'a> {
    fn parse(spec: &'a str) -> Result<Spec<'a>, String> {
        let invalid = || format!("invalid format spec `:{spec}` in message");
        let mut at = 0;
        // Fill and alignment: a fill character is any character before `<`, `^` or `>`.
        let mut chars = spec.char_indices();
        match (chars.next(), chars.next()) {
            (Some((_, fill)), Some((_, '<' | '^' | '>'))) => at = fill.len_utf8() + 1,
            (Some((_, '<' | '^' | '>')), _) => at = 1,
            _ => {}
        }
        let rest = |at: usize| &spec[at..];
        if rest(at).starts_with(['+', '-']) {
            at += 1;
        }
        if rest(at).starts_with('#') {
            at += 1;
        }
        // `0` is the zero flag, unless it is the argument of a width (`0$`).
        if rest(at).starts_with('0') && !rest(at).starts_with("0$") {
            at += 1;
        }
        let head = &spec[..at];
        let mut width = None;
        let token = word(rest(at));
        if !token.is_empty() {
            let after = at + token.len();
            if rest(after).starts_with('$') {
                width = Some(Count::Field(token));
                at = after + 1;
            } else if token.bytes().all(|b| b.is_ascii_digit()) {
                width = Some(Count::Literal(token));
                at = after;
            }
            // Else the word is the type (`x`, `e`, ...).
        }
        let mut precision = None;
        if let Some(after_dot) = rest(at).strip_prefix('.') {
            if after_dot.starts_with('*') {
                return Err(format!(
                    "`.*` in message takes a positional argument, which a message has none of; \
                     name a field of type `usize` instead, as in `{{value:.precision$}}` (in `:{spec}`)"
                ));
            }
            let token = word(after_dot);
            let after = at + 1 + token.len();
            if token.is_empty() {
                return Err(invalid());
            } else if rest(after).starts_with('$') {
                precision = Some(Count::Field(token));
                at = after + 1;
            } else if token.bytes().all(|b| b.is_ascii_digit()) {
                precision = Some(Count::Literal(token));
                at = after;
            } else {
                return Err(invalid());
            }
        }
        let ty = rest(at);
        let format_trait = FormatTrait::of(ty).ok_or_else(|| {
            format!(
                "unknown format type `{ty}` in message (`:{spec}`); expected none (Display), \
                 `?`, `x`, `X`, `o`, `b`, `e`, `E` or `p`"
            )
        })?;
        Ok(Spec {
            head,
            width,
            precision,
            ty,
            format_trait,
        })
    }
}

/// The number (`10` of `10X`) or the identifier at the start of `s`.
fn word(s: &str) -> &str {
    let end = match s.starts_with(|c: char| c.is_ascii_digit()) {
        true => s.find(|c: char| !c.is_ascii_digit()),
        false => s.find(|c: char| !(c.is_alphanumeric() || c == '_')),
    };
    &s[..end.unwrap_or(s.len())]
}

fn unknown_field(name: &str, names: &[String]) -> String {
    if names.is_empty() {
        return format!("message refers to field `{name}`, but this variant has no fields");
    }
    let known: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    format!(
        "message refers to unknown field `{name}`; the fields are {}",
        known.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    /// The rewritten format string, the fields and the traits of `template`.
    fn format(template: &str, fields: &[&str]) -> (String, Vec<usize>, Vec<(usize, FormatTrait)>) {
        match parse(template, &names(fields)) {
            Ok(Template::Format {
                format,
                fields,
                traits,
            }) => (format, fields, traits),
            other => panic!("{template}: {other:?}"),
        }
    }

    #[test]
    fn fixed_text_stays_as_it_is() {
        assert!(matches!(parse("no braces", &[]), Ok(Template::Fixed(s)) if s == "no braces"));
    }

    #[test]
    fn placeholders_are_renamed_to_fields() {
        let (format, fields, traits) = format("{room} is {0:?}, {room:>5} {{x}}", &["0", "room"]);
        assert_eq!(
            format,
            "{__matrix_arg1} is {__matrix_arg0:?}, {__matrix_arg1:>5} {{x}}"
        );
        assert_eq!(fields, vec![1, 0]);
        assert_eq!(
            traits,
            vec![(1, FormatTrait::Display), (0, FormatTrait::Debug)]
        );
    }

    #[test]
    fn each_format_type_names_its_trait() {
        for (spec, format_trait) in [
            ("", FormatTrait::Display),
            ("?", FormatTrait::Debug),
            ("#?", FormatTrait::Debug),
            ("x?", FormatTrait::Debug),
            ("X?", FormatTrait::Debug),
            ("x", FormatTrait::LowerHex),
            ("#010X", FormatTrait::UpperHex),
            ("o", FormatTrait::Octal),
            ("b", FormatTrait::Binary),
            ("e", FormatTrait::LowerExp),
            (".3E", FormatTrait::UpperExp),
            ("p", FormatTrait::Pointer),
            ("*^+#09.2", FormatTrait::Display),
            ("<", FormatTrait::Display),
        ] {
            let (format, _, traits) = format(&format!("{{v:{spec}}}"), &["v"]);
            assert_eq!(format, format!("{{__matrix_arg0:{spec}}}"));
            assert_eq!(traits, vec![(0, format_trait)], "{spec}");
        }
    }

    #[test]
    fn widths_and_precisions_may_name_fields() {
        let (format, fields, traits) = format(
            "{room:>width$} {x:.prec$} {x:-^width$.prec$e}",
            &["room", "width", "x", "prec"],
        );
        assert_eq!(
            format,
            "{__matrix_arg0:>__matrix_arg1$} {__matrix_arg2:.__matrix_arg3$} \
             {__matrix_arg2:-^__matrix_arg1$.__matrix_arg3$e}"
        );
        assert_eq!(fields, vec![0, 1, 2, 3]);
        // Width and precision fields are `usize`: no trait of theirs is asked for.
        assert_eq!(
            traits,
            vec![
                (0, FormatTrait::Display),
                (2, FormatTrait::Display),
                (2, FormatTrait::LowerExp)
            ]
        );
    }

    #[test]
    fn a_tuple_field_is_named_by_its_index_for_width_too() {
        let (format, fields, traits) = format("{0:1$} {0:0$}", &["0", "1"]);
        assert_eq!(
            format,
            "{__matrix_arg0:__matrix_arg1$} {__matrix_arg0:__matrix_arg0$}"
        );
        assert_eq!(fields, vec![0, 1]);
        assert_eq!(traits, vec![(0, FormatTrait::Display)]);
    }

    #[test]
    fn escaped_braces_alone_still_need_formatting() {
        assert!(matches!(parse("a {{b}}", &[]), Ok(Template::Format { .. })));
    }

    #[test]
    fn mistakes_are_reported() {
        let error = |template: &str, fields: &[&str]| parse(template, &names(fields)).unwrap_err();
        assert!(error("{}", &["a"]).contains("must name a field"));
        assert!(error("{b}", &["a"]).contains("unknown field `b`"));
        assert!(error("{b}", &[]).contains("has no fields"));
        assert!(error("{a", &["a"]).contains("unclosed"));
        assert!(error("a}", &["a"]).contains("unmatched"));
        assert!(error("{a:>w$}", &["a"]).contains("the width `w$` must name a field"));
        assert!(error("{a:.p$}", &["a"]).contains("the precision `p$` must name a field"));
        assert!(error("{a:.*}", &["a"]).contains("`.*`"));
        assert!(error("{a:.}", &["a"]).contains("invalid format spec"));
        assert!(error("{a:y}", &["a"]).contains("unknown format type `y`"));
    }
}
