//! The rules for errcodes and namespaces, on plain strings. Callers attach spans.

use crate::table;

/// An errcode literal after the rules were applied.
pub(crate) enum Resolved {
    /// A code of the table, exactly as written there: a spec code, or one servers send beyond
    /// the spec (which may have no dot, as Synapse's `ORG_MATRIX_EXPIRED_ACCOUNT`).
    Table(&'static table::Row),
    /// An `M_` code the table does not list, let through by `allow_unlisted`.
    Unlisted(String),
    /// A namespaced code, in full (`COM.EXAMPLE.APP_QUOTA`).
    Custom(String),
}

impl Resolved {
    pub(crate) fn errcode(&self) -> &str {
        match self {
            Resolved::Table(row) => row.errcode,
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
///
/// A code the table lists is that code, with its statuses: an `M_` code, a namespaced one
/// (`ORG.MATRIX.MSC4155.INVITE_BLOCKED`, an alias, has its stable code's status), and also a
/// code the grammar would not accept from a user, such as Synapse's `ORG_MATRIX_EXPIRED_ACCOUNT`
/// (no dot), whatever the namespace. Only the exact code is known: any other spelling is
/// checked by the grammar as before.
pub(crate) fn resolve(
    value: &str,
    namespace: Option<&str>,
    allow_unlisted: bool,
) -> Result<Resolved, String> {
    if value.is_empty() {
        return Err("errcode is empty; expected a code such as `M_FORBIDDEN`".to_owned());
    }
    if let Some(row) = table::lookup(value) {
        return Ok(Resolved::Table(row));
    }
    let upper = value.to_ascii_uppercase();
    if let Some(tail) = value.strip_prefix("M_") {
        if !is_code_tail(tail) {
            return Err(not_upper_case(
                value,
                &upper,
                "a spec errcode",
                namespace,
                allow_unlisted,
            ));
        }
        return match allow_unlisted {
            true => Ok(Resolved::Unlisted(value.to_owned())),
            false => Err(unknown_spec_code(value)),
        };
    }
    if upper.starts_with("M_") {
        return Err(not_upper_case(
            value,
            &upper,
            "a spec errcode",
            namespace,
            allow_unlisted,
        ));
    }
    if value.contains('.') {
        return custom(value, &upper).map_err(|message| format!("{message}{OR_VERBATIM}"));
    }
    if !is_code_tail(value) {
        return Err(not_upper_case(
            value,
            &upper,
            "a namespaced errcode",
            namespace,
            allow_unlisted,
        ));
    }
    match namespace {
        Some(namespace) => Ok(Resolved::Custom(format!("{namespace}_{value}"))),
        None => Err(not_namespaced(value)),
    }
}

/// A short code without a namespace to take.
fn not_namespaced(value: &str) -> String {
    let fix = format!(
        "add `#[matrix(namespace = \"com.example.app\")]` to the type, write the full code \
         such as `COM.EXAMPLE.APP_{value}`{OR_VERBATIM}"
    );
    match table::nearest(value) {
        Some(near) => format!(
            "errcode `{value}` is neither a code of the table nor namespaced; did you mean \
             `{near}`? For a code of your own, {fix}"
        ),
        None => format!("errcode `{value}` is neither a spec code (`M_...`) nor namespaced; {fix}"),
    }
}

/// The end of every error about a code that is not `M_`: codes deployed before the spec's
/// naming rule (`IRC_UNKNOWN_NETWORK`, `flood_wait`) are sent as they are with `verbatim`.
const OR_VERBATIM: &str =
    ", or, for a code already deployed in this form, add `verbatim` to send it exactly as written";

/// [`resolve`], or for a code that is not `M_` under `verbatim`, [`resolve_verbatim`].
pub(crate) fn resolve_or_verbatim(
    value: &str,
    namespace: Option<&str>,
    allow_unlisted: bool,
    verbatim: bool,
) -> Result<Resolved, String> {
    match verbatim && !is_spec_namespace(value) {
        true => resolve_verbatim(value),
        false => resolve(value, namespace, allow_unlisted),
    }
}

/// Whether `value` is an `M_` code, in any case: the spec's namespace, which `verbatim` never
/// applies to.
pub(crate) fn is_spec_namespace(value: &str) -> bool {
    value
        .get(..2)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("M_"))
}

/// A code sent exactly as written (`verbatim`): any non-empty code without whitespace or
/// quotes that is not an `M_` code (those are always checked against the table).
pub(crate) fn resolve_verbatim(value: &str) -> Result<Resolved, String> {
    if value.is_empty() {
        return Err("errcode is empty; expected a code such as `IRC_UNKNOWN_NETWORK`".to_owned());
    }
    if let Some(c) = value
        .chars()
        .find(|c| c.is_whitespace() || matches!(c, '"' | '\''))
    {
        return Err(format!(
            "errcode `{}` cannot be sent as written: it holds {}",
            value.escape_debug(),
            match c {
                '"' | '\'' => "a quote",
                _ => "whitespace",
            }
        ));
    }
    Ok(Resolved::Custom(value.to_owned()))
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

/// A code with letters that are not upper case (or other characters a code cannot hold):
/// the upper-case form is suggested only where it would be accepted, so that no suggested fix
/// is itself refused.
fn not_upper_case(
    value: &str,
    upper: &str,
    what: &str,
    namespace: Option<&str>,
    allow_unlisted: bool,
) -> String {
    let spec = is_spec_namespace(value);
    let tail = if spec { &upper[2..] } else { upper };
    let or_verbatim = if spec { "" } else { OR_VERBATIM };
    if !is_code_tail(tail) {
        return format!(
            "invalid errcode `{value}`; {what} may hold only upper-case letters, digits and `_`{or_verbatim}"
        );
    }
    if resolve(upper, namespace, allow_unlisted).is_ok() {
        return format!("errcode `{value}` must be written in upper case: `{upper}`{or_verbatim}");
    }
    match (spec, table::nearest(upper)) {
        (true, Some(near)) => format!(
            "unknown spec errcode `{value}`; did you mean `{near}`? (If `{upper}` is a spec code \
             newer than this crate's table, write it in upper case and add `allow_unlisted`.)"
        ),
        (true, None) => format!(
            "unknown spec errcode `{value}`; `M_` codes are upper case and reserved for the \
             Matrix spec: use a namespaced code, or write `{upper}` with `allow_unlisted` if the \
             spec added it after this table"
        ),
        (false, _) => format!(
            "errcode `{value}` is not upper case, and `{upper}` is neither a spec code nor \
             namespaced; add `#[matrix(namespace = \"com.example.app\")]` to the type and write \
             `{upper}`{OR_VERBATIM}"
        ),
    }
}

fn unknown_spec_code(value: &str) -> String {
    match table::nearest(value) {
        Some(near) => format!(
            "unknown spec errcode `{value}`; did you mean `{near}`? If `{value}` is a spec code \
             newer than this crate's table, add `allow_unlisted`"
        ),
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
            Ok(Resolved::Table(code)) if code.spec_status.is_none()
        ));
        assert!(err("M_FORBIDEN", None).contains("did you mean `M_FORBIDDEN`"));
        assert!(err("M_forbidden", None).contains("`M_FORBIDDEN`"));
        assert!(err("m_forbidden", None).contains("`M_FORBIDDEN`"));
        assert!(err("M_", None).contains("invalid errcode"));
    }

    /// Every code of the table resolves to its row, whatever its shape and the namespace.
    #[test]
    fn table_codes_resolve_to_their_rows() {
        for row in table::codes() {
            for namespace in [None, Some("COM.EXAMPLE")] {
                assert!(
                    matches!(resolve(row.errcode, namespace, false), Ok(Resolved::Table(found)) if found.errcode == row.errcode),
                    "{}",
                    row.errcode
                );
            }
        }
        let alias = resolve("ORG.MATRIX.MSC4155.INVITE_BLOCKED", None, false);
        assert!(matches!(alias, Ok(Resolved::Table(row)) if row.spec_status == Some(403)));
    }

    /// The table holds codes the grammar refuses; near spellings of them stay refused, or
    /// (with a dot) are custom codes, never known ones.
    #[test]
    fn the_table_widens_nothing_but_its_own_codes() {
        let message = err("ORG_MATRIX_X", None);
        assert!(message.contains("neither a spec code"), "{message}");
        let message = err("ORG_MATRIX_EXPIRED_ACOUNT", None);
        assert!(
            message.contains("did you mean `ORG_MATRIX_EXPIRED_ACCOUNT`?"),
            "{message}"
        );
        assert_eq!(
            ok("ORG_MATRIX_X", Some("COM.EXAMPLE")),
            "COM.EXAMPLE_ORG_MATRIX_X"
        );
        assert!(matches!(
            resolve("ORG.MATRIX.MSC4155.INVITE_BLOKED", None, false),
            Ok(Resolved::Custom(_))
        ));
        assert!(matches!(
            resolve("ORG.MATRIX.MSC4155.INVITE_BLOCKED", None, false),
            Ok(Resolved::Table(_))
        ));
        assert!(err("M_UNACTIONABL", None).contains("did you mean `M_UNACTIONABLE`"));
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
            Ok(Resolved::Table(_))
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

    /// The codes of projects that predate the spec's naming rule: refused as they are, with
    /// an error that names `verbatim`, and sent as written with it.
    #[test]
    fn codes_as_deployed_need_verbatim_and_get_it() {
        // (`IO_ELEMENT_MSC4388_CONCURRENT_WRITE` is in the table, so it needs no `verbatim`.)
        assert_eq!(
            ok("IO_ELEMENT_MSC4388_CONCURRENT_WRITE", None),
            "IO_ELEMENT_MSC4388_CONCURRENT_WRITE"
        );
        let deployed = ["IRC_UNKNOWN_NETWORK", "HS_BAD_VALUE", "flood_wait"];
        for code in deployed {
            assert!(err(code, None).contains("`verbatim`"), "{code}");
            assert!(
                matches!(resolve_verbatim(code), Ok(Resolved::Custom(sent)) if sent == code),
                "{code}"
            );
        }
        let refused = |code: &str| resolve_verbatim(code).err().unwrap_or_default();
        assert!(refused("flood wait").contains("whitespace"));
        assert!(refused("flood\"wait").contains("quote"));
        assert!(resolve_verbatim("").is_err());
        for spec in ["M_FORBIDDEN", "m_forbidden", "M_AS_UNKNOWN"] {
            assert!(is_spec_namespace(spec), "{spec}");
        }
        assert!(!is_spec_namespace("MX_CODE"));
    }

    /// The `M_` near miss names the nearest code and `allow_unlisted`.
    #[test]
    fn a_near_miss_names_allow_unlisted() {
        let message = err("M_AS_UNKNOWN", None);
        assert!(message.contains("did you mean `M_UNKNOWN`"), "{message}");
        assert!(message.contains("`allow_unlisted`"), "{message}");
    }

    /// Every code a message suggests (`upper case: `X``, `did you mean `X``) is accepted where
    /// it was suggested: no fix is itself refused.
    #[test]
    fn no_suggested_fix_is_refused() {
        let inputs = [
            ("flood_wait", None),
            ("flood_wait", Some("COM.EXAMPLE")),
            ("quota", Some("COM.EXAMPLE")),
            ("quota", None),
            ("M_forbidden", None),
            ("m_forbidden", None),
            ("M_forbiden", None),
            ("m_not_a_code_at_all", None),
            ("com.example.app_QUOTA", None),
            ("Irc_Unknown_Network", None),
            ("M_FORBIDEN", None),
        ];
        for (input, namespace) in inputs {
            let message = err(input, namespace);
            let suggestions = ["upper case: `", "did you mean `"]
                .iter()
                .filter_map(|lead| message.split_once(lead))
                .map(|(_, rest)| rest.split('`').next().unwrap_or(""));
            for suggested in suggestions {
                assert!(
                    resolve(suggested, namespace, false).is_ok(),
                    "{input}: suggests `{suggested}`, which is refused: {message}"
                );
            }
        }
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
