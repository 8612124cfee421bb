//! `message = "..."` templates: `{field}` and `{0}` name the variant's fields.

/// A checked template.
#[derive(Debug)]
pub(crate) enum Template {
    /// No placeholder and no escaped brace: the text as it is.
    Fixed(String),
    /// A format string whose placeholders were renamed to `__matrix_arg{N}`, where `N` is
    /// the index of the field; `fields` lists each field used, once.
    Format { format: String, fields: Vec<usize> },
}

/// The name an argument for field `index` has in the rewritten format string.
pub(crate) fn arg_name(index: usize) -> String {
    format!("__matrix_arg{index}")
}

/// Parses `template`; `names[i]` is how field `i` is referred to (`room` or `0`).
pub(crate) fn parse(template: &str, names: &[String]) -> Result<Template, String> {
    let mut format = String::with_capacity(template.len());
    let mut fields = Vec::new();
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
                let name = name.strip_prefix("r#").unwrap_or(name);
                let Some(index) = names.iter().position(|field| field == name) else {
                    return Err(unknown_field(name, names));
                };
                if !fields.contains(&index) {
                    fields.push(index);
                }
                format.push('{');
                format.push_str(&arg_name(index));
                if let Some(spec) = spec {
                    format.push(':');
                    format.push_str(spec);
                }
                format.push('}');
            }
            c => format.push(c),
        }
    }
    if fields.is_empty() && !escaped {
        Ok(Template::Fixed(format))
    } else {
        Ok(Template::Format { format, fields })
    }
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

    #[test]
    fn fixed_text_stays_as_it_is() {
        assert!(matches!(parse("no braces", &[]), Ok(Template::Fixed(s)) if s == "no braces"));
    }

    #[test]
    fn placeholders_are_renamed_to_fields() {
        let Ok(Template::Format { format, fields }) =
            parse("{room} is {0:?}, {room:>5} {{x}}", &names(&["0", "room"]))
        else {
            panic!("expected a format template");
        };
        assert_eq!(
            format,
            "{__matrix_arg1} is {__matrix_arg0:?}, {__matrix_arg1:>5} {{x}}"
        );
        assert_eq!(fields, vec![1, 0]);
    }

    #[test]
    fn escaped_braces_alone_still_need_formatting() {
        assert!(matches!(parse("a {{b}}", &[]), Ok(Template::Format { .. })));
    }

    #[test]
    fn mistakes_are_reported() {
        assert!(
            parse("{}", &names(&["a"]))
                .unwrap_err()
                .contains("must name a field")
        );
        assert!(
            parse("{b}", &names(&["a"]))
                .unwrap_err()
                .contains("unknown field `b`")
        );
        assert!(parse("{b}", &[]).unwrap_err().contains("has no fields"));
        assert!(
            parse("{a", &names(&["a"]))
                .unwrap_err()
                .contains("unclosed")
        );
        assert!(
            parse("a}", &names(&["a"]))
                .unwrap_err()
                .contains("unmatched")
        );
    }
}
