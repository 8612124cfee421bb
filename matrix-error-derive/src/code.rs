//! The rules for errcodes and namespaces, on plain strings. Callers attach spans.

use crate::table;

/// An errcode literal after the rules were applied.
pub(crate) enum Resolved {
    /// A code of the table.
    Spec(&'static table::Row),
    /// An `M_` code the table does not list, let through by `allow_unlisted`.
    Unlisted(String),
    /// A namespaced code, in full (`COM.EXAMPLE.APP_QUOTA`).
    Custom(String),
}

impl Resolved {
    pub(crate) fn errcode(&self) -> &str {
        match self {
            Resolved::Spec(row) => row.errcode,
            Resolved::Unlisted(code) | Resolved::Custom(code) => code,
        }
    }
}

fn is_code_tail(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// A part of a namespace: a letter, then letters, digits and (as Java package names allow,
/// `com.my_company`) `_`; the last part may not hold `_` (see [`namespace_segments_ok`]).
fn is_namespace_segment(s: &str, last: bool) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || (b == b'_' && !last))
}

/// Whether every dot-separated part of `namespace` is one. The code follows the first `_`
/// after the last dot, so `_` may be in any part but the last: `COM.MY_COMPANY.APP_QUOTA`
/// splits one way only, while `COM.EXAMPLE.MY_APP_QUOTA` would read as namespace
/// `COM.EXAMPLE.MY` and code `APP_QUOTA`.
fn namespace_segments_ok(segments: &[&str]) -> bool {
    let last = segments.len().saturating_sub(1);
    (segments.iter().enumerate()).all(|(index, s)| is_namespace_segment(s, index == last))
}

/// Whether `value` is a short code such as `QUOTA`, which takes the container's namespace.
pub(crate) fn is_short(value: &str) -> bool {
    !value.to_ascii_uppercase().starts_with("M_") && !value.contains('.') && is_code_tail(value)
}

/// Checks `namespace = "com.example.app"` and returns it upper-cased.
pub(crate) fn namespace(value: &str) -> Result<String, String> {
    let segments: Vec<&str> = value.split('.').collect();
    if let [head @ .., last] = segments.as_slice() {
        if !head.is_empty()
            && head.iter().all(|s| is_namespace_segment(s, false))
            && !is_namespace_segment(last, true)
            && is_namespace_segment(last, false)
        {
            let upper = value.to_ascii_uppercase();
            // What a code under it would read as namespace: up to the last part's `_`.
            let cut = upper.len() - last.len() + last.find('_').unwrap_or(last.len());
            return Err(format!(
                "invalid namespace `{value}`; its last part cannot hold `_`: a code follows \
                 the first `_` after the last dot, so `{upper}_X` would read as namespace \
                 `{}`; `_` is fine in the other parts (`com.my_company.app`)",
                &upper[..cut]
            ));
        }
    }
    if segments.len() < 2 || !namespace_segments_ok(&segments) {
        return Err(format!(
            "invalid namespace `{value}`; expected a Java-package style name such as `com.example.app` \
             (two or more dot-separated parts, each a letter followed by letters, digits or `_`, \
             with no `_` in the last part)"
        ));
    }
    if segments[0].eq_ignore_ascii_case("m") {
        return Err(format!(
            "invalid namespace `{value}`; the `m.` namespace is reserved for the Matrix spec"
        ));
    }
    Ok(value.to_ascii_uppercase())
}

/// Applies the errcode rules to a literal. `namespace` is the container's, upper-cased.
pub(crate) fn resolve(
    value: &str,
    namespace: Option<&str>,
    allow_unlisted: bool,
) -> Result<Resolved, String> {
    if value.is_empty() {
        return Err("errcode is empty; expected a code such as `M_FORBIDDEN`".to_owned());
    }
    let upper = value.to_ascii_uppercase();
    if let Some(tail) = value.strip_prefix("M_") {
        if !is_code_tail(tail) {
            return Err(not_upper_case(value, &upper, "a spec errcode"));
        }
        return match table::lookup(value) {
            Some(code) => Ok(Resolved::Spec(code)),
            None if allow_unlisted => Ok(Resolved::Unlisted(value.to_owned())),
            None => Err(unknown_spec_code(value)),
        };
    }
    if upper.starts_with("M_") {
        return Err(format!(
            "errcode `{value}` must be written in upper case: `{upper}`"
        ));
    }
    if value.contains('.') {
        return custom(value, &upper);
    }
    if !is_code_tail(value) {
        return Err(not_upper_case(value, &upper, "a namespaced errcode"));
    }
    match namespace {
        Some(namespace) => Ok(Resolved::Custom(format!("{namespace}_{value}"))),
        None => Err(format!(
            "errcode `{value}` is neither a spec code (`M_...`) nor namespaced; add \
             `#[matrix(namespace = \"com.example.app\")]` to the type, or write the full code \
             such as `COM.EXAMPLE.APP_{value}`"
        )),
    }
}

/// A full custom code: `NAMESPACE_CODE` where the namespace is dotted.
fn custom(value: &str, upper: &str) -> Result<Resolved, String> {
    let shape = || {
        format!(
            "invalid errcode `{value}`; a custom code is an upper-case Java-package namespace, \
             `_`, then the code, such as `COM.EXAMPLE.APP_QUOTA`"
        )
    };
    let last_dot = value.rfind('.').ok_or_else(shape)?;
    let underscore = value[last_dot..]
        .find('_')
        .map(|i| last_dot + i)
        .ok_or_else(shape)?;
    let (namespace, code) = (&value[..underscore], &value[underscore + 1..]);
    let segments: Vec<&str> = namespace.split('.').collect();
    if !namespace_segments_ok(&segments) || code.is_empty() {
        return Err(shape());
    }
    if value != upper {
        return Err(format!(
            "errcode `{value}` must be written in upper case: `{upper}`"
        ));
    }
    if !is_code_tail(code) {
        return Err(shape());
    }
    if segments[0] == "M" {
        return Err(format!(
            "invalid errcode `{value}`; the `M.` namespace is reserved for the Matrix spec"
        ));
    }
    Ok(Resolved::Custom(value.to_owned()))
}

fn not_upper_case(value: &str, upper: &str, what: &str) -> String {
    if is_code_tail(upper.strip_prefix("M_").unwrap_or(upper)) {
        format!("errcode `{value}` must be written in upper case: `{upper}`")
    } else {
        format!(
            "invalid errcode `{value}`; {what} may hold only upper-case letters, digits and `_`"
        )
    }
}

fn unknown_spec_code(value: &str) -> String {
    match table::nearest(value) {
        Some(near) => format!("unknown spec errcode `{value}`; did you mean `{near}`?"),
        None => format!(
            "unknown spec errcode `{value}`; `M_` codes are reserved for the Matrix spec: use a \
             namespaced code, or add `allow_unlisted` if the spec added `{value}` after this table"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(value: &str, namespace: Option<&str>) -> String {
        match resolve(value, namespace, false) {
            Ok(resolved) => resolved.errcode().to_owned(),
            Err(message) => panic!("{value}: {message}"),
        }
    }

    fn err(value: &str, namespace: Option<&str>) -> String {
        match resolve(value, namespace, false) {
            Ok(resolved) => panic!("{value} resolved to {}", resolved.errcode()),
            Err(message) => message,
        }
    }

    #[test]
    fn spec_codes_resolve_from_the_table() {
        assert_eq!(ok("M_FORBIDDEN", None), "M_FORBIDDEN");
        assert!(matches!(
            resolve("M_UNKNOWN", None, false),
            Ok(Resolved::Spec(code)) if code.spec_status.is_none()
        ));
        assert!(err("M_FORBIDEN", None).contains("did you mean `M_FORBIDDEN`"));
        assert!(err("M_forbidden", None).contains("`M_FORBIDDEN`"));
        assert!(err("m_forbidden", None).contains("`M_FORBIDDEN`"));
        assert!(err("M_", None).contains("invalid errcode"));
    }

    #[test]
    fn unlisted_spec_codes_need_the_opt_in() {
        assert!(err("M_BRAND_NEW_THING", None).contains("allow_unlisted"));
        assert!(matches!(
            resolve("M_BRAND_NEW_THING", None, true),
            Ok(Resolved::Unlisted(code)) if code == "M_BRAND_NEW_THING"
        ));
        assert!(matches!(
            resolve("M_FORBIDDEN", None, true),
            Ok(Resolved::Spec(_))
        ));
    }

    #[test]
    fn short_codes_take_the_namespace() {
        assert_eq!(
            ok("QUOTA", Some("COM.EXAMPLE.APP")),
            "COM.EXAMPLE.APP_QUOTA"
        );
        assert!(err("QUOTA", None).contains("namespace"));
        assert!(err("quota", Some("COM.EXAMPLE")).contains("`QUOTA`"));
        assert!(err("QUO TA", Some("COM.EXAMPLE")).contains("invalid errcode"));
        assert!(is_short("QUOTA"));
        for value in ["M_FORBIDDEN", "m_x", "COM.EXAMPLE_QUOTA", "quota", ""] {
            assert!(!is_short(value), "{value}");
        }
    }

    #[test]
    fn full_custom_codes_are_checked() {
        assert_eq!(ok("COM.EXAMPLE.APP_QUOTA", None), "COM.EXAMPLE.APP_QUOTA");
        assert_eq!(
            ok("ORG.MATRIX.MSC1234_THING", None),
            "ORG.MATRIX.MSC1234_THING"
        );
        assert_eq!(ok("COM.EXAMPLE_X_Y", Some("IO.OTHER")), "COM.EXAMPLE_X_Y");
        assert!(err("com.example.app_QUOTA", None).contains("`COM.EXAMPLE.APP_QUOTA`"));
        assert!(err("COM.EXAMPLE.APP", None).contains("Java-package"));
        assert!(err("COM..APP_X", None).contains("Java-package"));
        assert!(err("COM.EXAMPLE.APP_", None).contains("Java-package"));
        assert!(err("M.EXAMPLE_X", None).contains("reserved"));
    }

    #[test]
    fn underscores_are_fine_in_every_namespace_part_but_the_last() {
        assert_eq!(
            namespace("com.my_company.app").unwrap(),
            "COM.MY_COMPANY.APP"
        );
        assert_eq!(namespace("org.a_b_c.d_e.f1").unwrap(), "ORG.A_B_C.D_E.F1");
        assert_eq!(
            ok("QUOTA", Some("COM.MY_COMPANY.APP")),
            "COM.MY_COMPANY.APP_QUOTA"
        );
        assert_eq!(
            ok("COM.MY_COMPANY.APP_QUOTA_X", None),
            "COM.MY_COMPANY.APP_QUOTA_X"
        );
        // The last part would swallow the code's start.
        let message = namespace("com.example.my_app").unwrap_err();
        assert!(message.contains("last part cannot hold `_`"), "{message}");
        assert!(message.contains("namespace `COM.EXAMPLE.MY`"), "{message}");
        let message = namespace("com.my_company.chat_app").unwrap_err();
        assert!(
            message.contains("namespace `COM.MY_COMPANY.CHAT`"),
            "{message}"
        );
        // A part still starts with a letter.
        assert!(namespace("com._company.app").is_err());
        assert!(namespace("com.my__company.app").is_ok());
        assert!(err("COM._X.APP_Q", None).contains("Java-package"));
        // In a full code the namespace is what precedes the first `_` after the last dot.
        assert!(matches!(
            resolve("COM.MY_COMPANY.APP_", None, false),
            Err(message) if message.contains("Java-package")
        ));
    }

    #[test]
    fn namespaces_are_upper_cased_and_checked() {
        assert_eq!(namespace("com.example.app").unwrap(), "COM.EXAMPLE.APP");
        assert_eq!(
            namespace("ORG.MATRIX.MSC1234").unwrap(),
            "ORG.MATRIX.MSC1234"
        );
        assert!(namespace("example").is_err());
        assert!(namespace("com.exa-mple").is_err());
        assert!(namespace("com..app").is_err());
        assert!(namespace("m.room").unwrap_err().contains("reserved"));
    }
}
