//! The Matrix error code table, compiled in from `codes.tsv`, the project's one copy of it:
//! the spec's codes, and the codes servers send beyond it (a server's own, the unstable codes
//! of spec proposals, and the unstable forms of stable codes, their aliases).

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
/// alias_of.
fn parse_row(line: &'static str) -> Option<Row> {
    let mut columns = line.split('\t');
    let errcode = columns.next()?;
    let spec_status = columns.next()?;
    let usual_status = columns.next()?.parse().ok()?;
    let spec_status = match spec_status {
        "-" => None,
        status => Some(status.parse().ok()?),
    };
    let alias_of = match columns.nth(3)? {
        "-" => None,
        stable => Some(stable),
    };
    Some(Row {
        errcode,
        spec_status,
        usual_status,
        alias_of,
    })
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
    let limit = (errcode.len() / 3).max(1);
    let spec = errcode.starts_with("M_");
    codes()
        .iter()
        .filter(|code| code.errcode.starts_with("M_") == spec)
        .map(|code| (edit_distance(errcode, code.errcode), code.errcode))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, code)| code)
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
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
