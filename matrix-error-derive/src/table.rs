//! The Matrix error code table, compiled in from `codes.tsv`, the project's one copy of it:
//! the spec's codes, and the codes servers send beyond it (a server's own, the unstable codes
//! of spec proposals, and the unstable forms of stable codes, their aliases), with each code's
//! Zulip and Mastodon counterparts; and the tables the dialect keys are checked against, the
//! Zulip codes (`zulip-codes.tsv`) and the OAuth codes (`oauth-codes.tsv`).

use std::sync::OnceLock;

/// The table as shipped with this crate. The runtime crate's tests check it against
/// `ErrorKind` and against the spec's own file.
const SOURCE: &str = include_str!("../codes.tsv");

/// One row of the table.
pub(crate) struct Row {
    pub errcode: &'static str,
    /// The status the spec fixes for the code, if it fixes one.
    pub spec_status: Option<u16>,
    /// The status servers send in practice.
    pub usual_status: u16,
    /// For an unstable form of a stable code, the stable code, whose kind it reads into.
    pub alias_of: Option<&'static str>,
    /// Serving in Zulip's dialect: the code, and its status (`None`: the Matrix status).
    pub zulip: Option<(&'static str, Option<u16>)>,
    /// Serving in Mastodon's dialect: the status, where it is not the Matrix status.
    pub mastodon_status: Option<u16>,
}

/// Every row, parsed once per compiler process. Comment lines, the header and any line that
/// does not have the expected columns are skipped (a unit test proves none is skipped).
pub(crate) fn codes() -> &'static [Row] {
    static CODES: OnceLock<Vec<Row>> = OnceLock::new();
    CODES.get_or_init(|| {
        SOURCE
            .lines()
            .filter(|line| !line.starts_with('#') && !line.starts_with("errcode\t"))
            .filter_map(parse_row)
            .collect()
    })
}

/// A row: errcode, spec_status, usual_status, then (extra, section, added, not read here)
/// alias_of, zulip_code, zulip_status, mastodon_status (then mastodon_text, for reference).
fn parse_row(line: &'static str) -> Option<Row> {
    let mut columns = line.split('\t');
    let errcode = columns.next()?;
    let spec_status = columns.next()?;
    let usual_status = columns.next()?.parse().ok()?;
    let spec_status = match spec_status {
        "-" => None,
        status => Some(status.parse().ok()?),
    };
    let alias_of = dash_or(columns.nth(3)?);
    let zulip_code = dash_or(columns.next()?);
    let zulip_status = status_or_dash(columns.next()?)?;
    let mastodon_status = status_or_dash(columns.next()?)?;
    columns.next()?;
    Some(Row {
        errcode,
        spec_status,
        usual_status,
        alias_of,
        zulip: zulip_code.map(|code| (code, zulip_status)),
        mastodon_status,
    })
}

/// `None` for `-`.
fn dash_or(cell: &'static str) -> Option<&'static str> {
    (cell != "-").then_some(cell)
}

/// A status, or `-`: `Some(None)`; `None` if the cell is neither.
fn status_or_dash(cell: &str) -> Option<Option<u16>> {
    match cell {
        "-" => Some(None),
        status => status.parse().ok().map(Some),
    }
}

/// The row of exactly `errcode`: a table code is known only as written, so that no near
/// spelling of one becomes known.
pub(crate) fn lookup(errcode: &str) -> Option<&'static Row> {
    codes().iter().find(|code| code.errcode == errcode)
}

/// The unstable forms that read into the kind of `errcode`, in the table's order.
pub(crate) fn aliases(errcode: &str) -> Vec<&'static str> {
    (codes().iter())
        .filter(|code| code.alias_of == Some(errcode))
        .map(|code| code.errcode)
        .collect()
}

/// The known code closest to `errcode` by edit distance, if one is close enough to be a
/// plausible typo (at most a third of the length, and at least 1, edits away). An `M_` code
/// is compared with the `M_` codes only, any other with the others.
pub(crate) fn nearest(errcode: &str) -> Option<&'static str> {
    let spec = errcode.starts_with("M_");
    let candidates = (codes().iter())
        .filter(|code| code.errcode.starts_with("M_") == spec)
        .map(|code| code.errcode);
    nearest_of(errcode, candidates)
}

/// The candidate closest to `written`, if it is close enough to be a plausible typo.
fn nearest_of(
    written: &str,
    candidates: impl Iterator<Item = &'static str>,
) -> Option<&'static str> {
    let limit = (written.len() / 3).max(1);
    candidates
        .map(|candidate| (edit_distance(written, candidate), candidate))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// The Zulip code table as shipped, a copy of the spec's `zulip-codes.tsv` (a test compares
/// them): one row per error class that sends a code, so a code may have several rows.
const ZULIP_SOURCE: &str = include_str!("../zulip-codes.tsv");

/// The statuses the Zulip table gives `code`, one per row, in order; a row whose status is
/// empty (seen in code, status not confirmed) gives none. Empty for a code it does not list.
pub(crate) fn zulip_statuses(code: &str) -> Vec<u16> {
    zulip_rows()
        .filter(|(listed, _)| *listed == code)
        .filter_map(|(_, status)| status)
        .collect()
}

/// The Zulip table lists `code` with a status.
pub(crate) fn zulip_listed(code: &str) -> bool {
    !zulip_statuses(code).is_empty()
}

/// The one status the Zulip table fixes for `code`: `None` for a code it does not list, one
/// it lists with several statuses, or `BAD_REQUEST`, which carries any.
pub(crate) fn zulip_fixed_status(code: &str) -> Option<u16> {
    let mut statuses = zulip_statuses(code);
    statuses.dedup();
    match statuses[..] {
        [status] if code != ZULIP_GENERIC => Some(status),
        _ => None,
    }
}

/// Zulip's generic code, which carries any status.
pub(crate) const ZULIP_GENERIC: &str = "BAD_REQUEST";

/// The listed Zulip code closest to `code`.
pub(crate) fn zulip_nearest(code: &str) -> Option<&'static str> {
    let listed = zulip_rows().filter(|(_, status)| status.is_some());
    nearest_of(code, listed.map(|(code, _)| code))
}

/// A Zulip code's grammar, `[A-Z][A-Z0-9_]*` (the runtime's `zulip::is_code`).
pub(crate) fn is_zulip_code(code: &str) -> bool {
    code.bytes()
        .next()
        .is_some_and(|first| first.is_ascii_uppercase())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// A row's serving mapping: the Zulip code and the status Zulip's table fixes for it, and the
/// Mastodon status.
pub(crate) type Mapping = (Option<(&'static str, Option<u16>)>, Option<u16>);

/// The serving mapping of `errcode`, as the runtime's `__dialect_mapping!` gives it:
/// `(zulip code and status, Mastodon status)` of its row, an alias taking its stable code's;
/// `None` for a code the table does not map.
pub(crate) fn mapping(errcode: &str) -> Option<Mapping> {
    let row = lookup(errcode)?;
    let stable = match row.alias_of {
        Some(stable) => lookup(stable)?,
        None => row,
    };
    let mapped = (stable.zulip, stable.mastodon_status);
    (mapped != (None, None)).then_some(mapped)
}

/// `(code, status)` of each row with a code: the header and the code-less rows (`(no code)`)
/// are skipped, and so is a status that is no number.
fn zulip_rows() -> impl Iterator<Item = (&'static str, Option<u16>)> {
    ZULIP_SOURCE.lines().skip(1).filter_map(|line| {
        let mut columns = line.split('\t');
        let code = columns.next()?;
        let status = columns.next()?.parse().ok();
        is_zulip_code(code).then_some((code, status))
    })
}

/// The OAuth error codes (RFC 6749, RFC 6750, Doorkeeper's), with their status.
const OAUTH_SOURCE: &str = include_str!("../oauth-codes.tsv");

/// `(code, status)` of each OAuth code.
pub(crate) fn oauth_codes() -> impl Iterator<Item = (&'static str, u16)> {
    (OAUTH_SOURCE.lines())
        .filter(|line| !line.starts_with('#') && !line.starts_with("code\t"))
        .filter_map(|line| {
            let mut columns = line.split('\t');
            Some((columns.next()?, columns.next()?.parse().ok()?))
        })
}

/// The status of the OAuth code `code`, if it is one.
pub(crate) fn oauth_status(code: &str) -> Option<u16> {
    oauth_codes()
        .find(|(listed, _)| *listed == code)
        .map(|(_, status)| status)
}

/// The OAuth code closest to `code`.
pub(crate) fn oauth_nearest(code: &str) -> Option<&'static str> {
    nearest_of(code, oauth_codes().map(|(code, _)| code))
}

/// Levenshtein distance over bytes (the codes are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.as_bytes().iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_line_of_the_table_parses() {
        let data_lines = SOURCE
            .lines()
            .filter(|line| !line.starts_with('#') && !line.starts_with("errcode\t"))
            .count();
        assert_eq!(codes().len(), data_lines);
        assert!(codes().len() > 70, "the table lost rows: {}", codes().len());
    }

    #[test]
    fn statuses_come_from_the_right_columns() {
        let forbidden = lookup("M_FORBIDDEN").unwrap();
        assert_eq!(
            (forbidden.spec_status, forbidden.usual_status),
            (Some(403), 403)
        );
        let unknown = lookup("M_UNKNOWN").unwrap();
        assert_eq!((unknown.spec_status, unknown.usual_status), (None, 500));
        assert!(lookup("M_FORBIDEN").is_none());
    }

    #[test]
    fn aliases_name_their_stable_code() {
        let alias = lookup("ORG.MATRIX.MSC4155.INVITE_BLOCKED").unwrap();
        assert_eq!(alias.alias_of, Some("M_INVITE_BLOCKED"));
        assert_eq!((alias.spec_status, alias.usual_status), (Some(403), 403));
        assert_eq!(
            aliases("M_INVITE_BLOCKED"),
            [
                "ORG.MATRIX.MSC4155.INVITE_BLOCKED",
                "ORG.MATRIX.MSC4155.M_INVITE_BLOCKED"
            ]
        );
        assert!(aliases("M_FORBIDDEN").is_empty());
        let own = lookup("ORG_MATRIX_EXPIRED_ACCOUNT").unwrap();
        assert_eq!(
            (own.alias_of, own.spec_status, own.usual_status),
            (None, None, 403)
        );
        for code in codes() {
            if let Some(stable) = code.alias_of {
                let stable = lookup(stable).expect("an alias names a code of the table");
                assert_eq!(
                    stable.alias_of, None,
                    "{}: an alias of an alias",
                    code.errcode
                );
            }
        }
    }

    #[test]
    fn typos_find_the_intended_code() {
        assert_eq!(nearest("M_FORBIDEN"), Some("M_FORBIDDEN"));
        assert_eq!(nearest("M_LIMIT_EXCEDED"), Some("M_LIMIT_EXCEEDED"));
        assert_eq!(nearest("M_NOTFOUND"), Some("M_NOT_FOUND"));
        assert_eq!(nearest("M_COMPLETELY_DIFFERENT_THING"), None);
        assert_eq!(
            nearest("ORG_MATRIX_EXPIRED_ACOUNT"),
            Some("ORG_MATRIX_EXPIRED_ACCOUNT")
        );
        assert_eq!(nearest("M_USER_LOCKD"), Some("M_USER_LOCKED"));
    }

    #[test]
    fn dialect_columns_are_read() {
        let token = lookup("M_UNKNOWN_TOKEN").unwrap();
        assert_eq!(token.zulip, Some(("INVALID_API_KEY", Some(401))));
        assert_eq!(token.mastodon_status, Some(401));
        let forbidden = lookup("M_FORBIDDEN").unwrap();
        assert_eq!(forbidden.zulip, Some(("BAD_REQUEST", None)));
        assert_eq!(forbidden.mastodon_status, None);
        assert_eq!(lookup("M_EXCLUSIVE").unwrap().zulip, None);
    }

    #[test]
    fn the_zulip_table_fixes_statuses() {
        assert_eq!(zulip_fixed_status("RATE_LIMIT_HIT"), Some(429));
        assert_eq!(
            zulip_fixed_status("REALM_DEACTIVATED"),
            Some(401),
            "two equal rows"
        );
        assert_eq!(
            zulip_fixed_status("UNAUTHORIZED_PRINCIPAL"),
            None,
            "400 and 403"
        );
        assert_eq!(
            zulip_fixed_status("BAD_REQUEST"),
            None,
            "carries any status"
        );
        assert!(zulip_listed("BAD_NARROW"));
        assert!(!zulip_listed("REQUEST_TIMEOUT"), "a row without a status");
        assert!(!zulip_listed("(no code)"));
        assert_eq!(zulip_nearest("RATE_LIMIT_HITT"), Some("RATE_LIMIT_HIT"));
        assert_eq!(zulip_nearest("REQUEST_TIMEOUT"), None);
        assert!(zulip_rows().count() > 70);
    }

    #[test]
    fn oauth_codes_have_statuses() {
        assert_eq!(oauth_status("invalid_client"), Some(401));
        assert_eq!(oauth_status("invalid_grant"), Some(400));
        assert_eq!(oauth_status("INVALID_GRANT"), None);
        assert_eq!(oauth_nearest("invalid_grnt"), Some("invalid_grant"));
        assert!(oauth_codes().count() >= 14);
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
