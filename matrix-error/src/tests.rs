//! `ErrorKind` against the code table: one variant per code with a kind of its own, named
//! after it, with the code's status and extra keys, and each alias read into its stable kind;
//! the project's table against the spec's file; and the derive's decoding of `ErrorKind`,
//! which `Custom` makes total.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::{ErrorKind, MatrixError};

/// The project's one copy of the table, which the derive compiles in.
const TABLE: &str = include_str!("../../matrix-error-derive/codes.tsv");

struct Row<'a> {
    errcode: &'a str,
    spec_status: Option<u16>,
    usual_status: u16,
    /// `(key, json type)`
    extra: Vec<(&'a str, &'a str)>,
    /// Some extra key is marked `required`.
    requires_keys: bool,
    /// The columns as written.
    columns: Vec<&'a str>,
    /// The stable code whose kind this one reads into.
    alias_of: Option<&'a str>,
}

impl Row<'_> {
    /// The code whose kind this one is: its own, or its alias's.
    fn kind_code(&self) -> &str {
        self.alias_of.unwrap_or(self.errcode)
    }
}

/// The sections of the rows beyond the spec's file.
const BEYOND_THE_SPEC: [&str; 2] = ["server", "unstable"];

/// The table's data rows (the project's has a seventh column, `alias_of`, and the four of the
/// dialects' serving mapping).
fn rows(table: &str) -> Vec<Row<'_>> {
    table
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with("errcode\t"))
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            assert!(matches!(columns.len(), 6 | 11), "malformed row: {line}");
            let extra = match columns[3] {
                "-" => Vec::new(),
                list => list
                    .split(',')
                    .map(|key| {
                        let parts: Vec<&str> = key.split(':').collect();
                        (parts[0], parts[1])
                    })
                    .collect(),
            };
            Row {
                requires_keys: columns[3].contains(":required"),
                errcode: columns[0],
                spec_status: columns[1].parse().ok(),
                usual_status: columns[2].parse().expect("usual_status is a number"),
                extra,
                alias_of: columns.get(6).copied().filter(|alias_of| *alias_of != "-"),
                columns,
            }
        })
        .collect()
}

/// Every variant but `Custom`. The match below fails to compile when a variant is added
/// and not listed here, and a name listed here that is no variant fails too.
macro_rules! variants {
    ($($variant:ident),* $(,)?) => {
        #[allow(dead_code)]
        fn exhaustive(kind: &ErrorKind) {
            match kind {
                $(ErrorKind::$variant { .. })|* | ErrorKind::Custom { .. } => {}
            }
        }
        const VARIANTS: &[&str] = &[$(stringify!($variant)),*];
    };
}

variants!(
    BadJson,
    Forbidden,
    LimitExceeded,
    MissingToken,
    NotFound,
    NotJson,
    ResourceLimitExceeded,
    Unknown,
    UnknownDevice,
    UnknownToken,
    Unrecognized,
    UserLimitExceeded,
    UserLocked,
    UserSuspended,
    BadState,
    CannotLeaveServerNoticeRoom,
    CaptchaInvalid,
    CaptchaNeeded,
    Exclusive,
    GuestAccessForbidden,
    IncompatibleRoomVersion,
    InvalidParam,
    InvalidRoomState,
    InvalidUsername,
    MissingParam,
    RoomInUse,
    ServerNotTrusted,
    ThreepidAuthFailed,
    ThreepidDenied,
    ThreepidInUse,
    ThreepidMediumNotSupported,
    ThreepidNotFound,
    TooLarge,
    Unauthorized,
    UnsupportedRoomVersion,
    UserDeactivated,
    UserInUse,
    AppserviceLoginUnsupported,
    BadAlias,
    BadStatus,
    CannotOverwriteMedia,
    ConnectionFailed,
    ConnectionTimeout,
    DuplicateAnnotation,
    InvalidSignature,
    InviteBlocked,
    KeyTooLarge,
    NotYetUploaded,
    ProfileTooLarge,
    UrlNotSet,
    WeakPassword,
    WrongRoomKeysVersion,
    UnableToAuthoriseJoin,
    UnableToGrantJoin,
    EmailSendError,
    InvalidAddress,
    InvalidEmail,
    MissingParams,
    InvalidPepper,
    DestinationRejected,
    NoValidSession,
    SendError,
    SessionExpired,
    SessionNotValidated,
    TermsNotSigned,
    TokenIncorrect,
    ConsentNotGiven,
    BadPagination,
    UnknownPos,
    PasswordTooShort,
    PasswordNoDigit,
    PasswordNoUppercase,
    PasswordNoLowercase,
    PasswordNoSymbol,
    PasswordInDictionary,
    ExpiredAccount,
    Unactionable,
    AlreadyJoined,
    NotJoined,
    InsufficientPower,
    UnredactedContentDeleted,
    UnableDueToPartialState,
    UserAwaitingApproval,
    ConflictingUnsubscription,
    NotInThread,
    ConcurrentWrite,
    SenderIgnored,
);

/// The variant a code's kind is named: the words of its name, in UpperCamelCase
/// (`M_LIMIT_EXCEEDED` -> `LimitExceeded`, `IO.ELEMENT.MSC4306.M_NOT_IN_THREAD` ->
/// `NotInThread`, `ORG_MATRIX_EXPIRED_ACCOUNT` -> `ExpiredAccount`).
fn camel(errcode: &str) -> String {
    crate::kind::code_name(errcode)
        .split('_')
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// The variant's name, from its `Debug` text.
fn variant_name(kind: &ErrorKind) -> String {
    let debug = format!("{kind:?}");
    debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn sample(json_type: &str) -> Value {
    match json_type {
        "string" => Value::from("sample"),
        "integer" => Value::from(1234),
        "boolean" => Value::from(true),
        other => panic!("the table names an unexpected JSON type `{other}`"),
    }
}

#[test]
fn error_kind_has_exactly_one_variant_per_code() {
    let rows = rows(TABLE);
    let own: Vec<&Row> = rows.iter().filter(|row| row.alias_of.is_none()).collect();
    let from_table: BTreeSet<String> = own.iter().map(|row| camel(row.errcode)).collect();
    assert_eq!(
        from_table.len(),
        own.len(),
        "two codes give one variant name"
    );
    let variants: BTreeSet<String> = VARIANTS.iter().map(|name| name.to_string()).collect();
    assert_eq!(variants.len(), VARIANTS.len(), "a variant is listed twice");
    assert_eq!(from_table, variants);
}

/// The naming rule on codes of every shape, and the descriptions `Display` makes of it.
#[test]
fn kinds_are_named_after_the_words_of_their_code() {
    for (errcode, name) in [
        ("M_LIMIT_EXCEEDED", "LimitExceeded"),
        ("ORG_MATRIX_EXPIRED_ACCOUNT", "ExpiredAccount"),
        ("IO.ELEMENT.MSC4306.M_NOT_IN_THREAD", "NotInThread"),
        (
            "FI.MAU.MSC2815_UNREDACTED_CONTENT_DELETED",
            "UnredactedContentDeleted",
        ),
        ("IO_ELEMENT_MSC4388_CONCURRENT_WRITE", "ConcurrentWrite"),
        ("ORG.MATRIX.MSC3848.NOT_JOINED", "NotJoined"),
        ("UK.TIMEDOUT.MSC4406.SENDER_IGNORED", "SenderIgnored"),
    ] {
        assert_eq!(camel(errcode), name, "{errcode}");
    }
    assert_eq!(ErrorKind::ExpiredAccount.to_string(), "Expired account");
    assert_eq!(ErrorKind::NotInThread.to_string(), "Not in thread");
}

#[test]
fn every_code_decodes_to_its_kind_with_status_and_extra_keys() {
    for row in rows(TABLE) {
        let mut extra: Map<String, Value> = row
            .extra
            .iter()
            .map(|(key, json_type)| (key.to_string(), sample(json_type)))
            .collect();
        let given = extra.clone();
        let kind = ErrorKind::from_parts(row.errcode, &mut extra);
        assert_eq!(
            variant_name(&kind),
            camel(row.kind_code()),
            "{}",
            row.errcode
        );
        assert_eq!(kind.errcode(), row.kind_code());
        assert!(
            extra.is_empty(),
            "{}: keys left over: {extra:?}",
            row.errcode
        );
        assert_eq!(
            kind.status(),
            row.spec_status.unwrap_or(row.usual_status),
            "{}",
            row.errcode
        );
        let mut dict = kind.error_dict();
        assert_eq!(dict.remove("errcode"), Some(Value::from(row.kind_code())));
        assert!(
            dict.remove("error")
                .is_some_and(|message| message.is_string())
        );
        assert_eq!(
            dict, given,
            "{}: the kind's keys differ from the table's",
            row.errcode
        );
        // Read from a body, the error keeps the code sent, alias or not, and writes it back.
        let mut body = given.clone();
        body.insert("errcode".into(), Value::from(row.errcode));
        body.insert("error".into(), Value::from("text"));
        let bytes = serde_json::to_vec(&body).unwrap();
        let error = crate::Error::from_body(499, &bytes);
        assert_eq!((error.errcode(), error.kind()), (row.errcode, &kind));
        assert_eq!(serde_json::to_value(&error).unwrap(), Value::Object(body));
    }
}

/// An alias is an unstable form of a stable code of the table, read into that code's kind:
/// its statuses and extra keys are the stable code's.
#[test]
fn aliases_are_their_stable_code_in_another_spelling() {
    let rows = rows(TABLE);
    let aliases: Vec<&Row> = rows.iter().filter(|row| row.alias_of.is_some()).collect();
    assert!(
        aliases.len() >= 4,
        "the aliases are gone: {}",
        aliases.len()
    );
    for alias in aliases {
        let stable = (rows.iter())
            .find(|row| Some(row.errcode) == alias.alias_of)
            .unwrap_or_else(|| panic!("{}: alias of a code not in the table", alias.errcode));
        assert_eq!(
            stable.alias_of, None,
            "{}: alias of an alias",
            alias.errcode
        );
        assert_eq!(
            (alias.columns[1], alias.columns[2], alias.columns[3]),
            (stable.columns[1], stable.columns[2], stable.columns[3]),
            "{}: statuses and keys differ from {}'s",
            alias.errcode,
            stable.errcode
        );
        assert_eq!(alias.columns[4], "unstable", "{}", alias.errcode);
    }
}

#[test]
fn required_keys_are_required_to_decode() {
    for row in rows(TABLE) {
        // M_USER_LOCKED's one required key is a constant the kind sends itself, and
        // M_RESOURCE_LIMIT_EXCEEDED's `admin_contact` is optional in the kind because Synapse
        // sends `null` by default (tests/conformance.rs).
        if !row.requires_keys
            || ["M_USER_LOCKED", "M_RESOURCE_LIMIT_EXCEEDED"].contains(&row.kind_code())
        {
            continue;
        }
        let kind = ErrorKind::from_parts(row.errcode, &mut Map::new());
        assert!(
            matches!(kind, ErrorKind::Custom { .. }),
            "{}: decoded without its required keys",
            row.errcode
        );
    }
}

/// The spec's own table, `shared/spec/codes.tsv` beside the repository (or where
/// `MATRIX_ERROR_SPEC_DIR` points). CI always has it, so its absence fails the test rather than
/// letting the comparison pass unmade.
fn spec_file(name: &str) -> String {
    let dir = std::env::var("MATRIX_ERROR_SPEC_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/spec").to_owned());
    let path = format!("{dir}/{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "cannot read {path}: {error}; the project's tables are checked against the spec's \
             own files: run the tests with `shared/` beside the repository, or set \
             MATRIX_ERROR_SPEC_DIR to the folder that holds {name}"
        )
    })
}

/// Every row of the spec's file is in the project's table with the same values, and every
/// other row of the project's table is marked as beyond the spec.
#[test]
fn the_table_holds_the_spec_file() {
    let spec = spec_file("codes.tsv");
    let header = |table: &str| -> String {
        let line = table.lines().find(|line| line.starts_with("errcode\t"));
        line.expect("a header line").to_owned()
    };
    assert_eq!(
        header(TABLE),
        header(&spec) + "\talias_of\tzulip_code\tzulip_status\tmastodon_status\tmastodon_text"
    );
    let ours = rows(TABLE);
    let theirs = rows(&spec);
    for row in &theirs {
        assert_eq!(
            row.columns.len(),
            6,
            "the spec's file changed shape: {}",
            row.errcode
        );
        let our = (ours.iter()).find(|our| our.errcode == row.errcode);
        let our = our.unwrap_or_else(|| panic!("{} is missing from the table", row.errcode));
        assert_eq!(our.columns[..6], row.columns[..], "{}", row.errcode);
        assert_eq!(
            our.alias_of, None,
            "{}: a spec code is no alias",
            row.errcode
        );
        assert!(
            !BEYOND_THE_SPEC.contains(&row.columns[4]),
            "{}",
            row.errcode
        );
    }
    for our in &ours {
        let in_spec = theirs.iter().any(|row| row.errcode == our.errcode);
        assert_eq!(
            in_spec,
            !BEYOND_THE_SPEC.contains(&our.columns[4]),
            "{}: a row beyond the spec's file has the section `server` or `unstable`, and only such a row",
            our.errcode
        );
    }
    let errcodes: BTreeSet<&str> = ours.iter().map(|row| row.errcode).collect();
    assert_eq!(errcodes.len(), ours.len(), "a code is listed twice");
}

#[test]
fn kinds_read_as_short_descriptions() {
    assert_eq!(
        ErrorKind::LimitExceeded { retry_after: None }.to_string(),
        "Limit exceeded"
    );
    assert_eq!(ErrorKind::NotJson.to_string(), "Not json");
    let custom = ErrorKind::Custom {
        errcode: "M_NEW_CODE".into(),
        extra: Map::new(),
    };
    assert_eq!(custom.to_string(), "M_NEW_CODE");
}

/// `ErrorKind::decode` falls back to `Custom` only if the derive's decoding finds no variant,
/// which `Custom` (an errcode field and a flattened map) rules out: every code, with its keys
/// of any type or none, decodes, and nothing of the body is lost on the way.
#[test]
fn the_derived_decoding_of_kinds_is_total() {
    use crate::decode::{BodyKeys, DecodeBody};

    let odd_values = [
        Value::Null,
        Value::Bool(true),
        serde_json::json!(-5),
        serde_json::json!(1.5),
        serde_json::json!("text"),
        serde_json::json!([1, 2]),
        serde_json::json!({ "a": 1 }),
    ];
    let mut codes: Vec<&str> = rows(TABLE).iter().map(|row| row.errcode).collect();
    codes.extend([
        "",
        "M_",
        "M_NEW_CODE",
        "COM.EXAMPLE_X",
        "errcode",
        "m_forbidden",
    ]);
    for errcode in codes {
        for key in <ErrorKind as DecodeBody>::KEYS.iter().chain(&["other"]) {
            for value in &odd_values {
                let mut map = Map::new();
                map.insert((*key).to_owned(), value.clone());
                map.insert("more".to_owned(), Value::from(1));
                let mut keys = BodyKeys::from_map(map.clone());
                let kind = <ErrorKind as DecodeBody>::decode(errcode, &mut keys);
                let kind = kind
                    .unwrap_or_else(|| panic!("{errcode} with {key}: {value} found no variant"));
                // What the kind holds and what is left make the body again.
                let mut body = kind.error_dict();
                body.remove("errcode");
                body.remove("error");
                body.extend(keys.take_all().unwrap_or_default());
                if matches!(kind, ErrorKind::Custom { .. }) {
                    assert_eq!(body, map, "{errcode} with {key}: {value}");
                } else {
                    assert!(
                        map.iter().all(|(key, value)| body.get(key) == Some(value)
                            || kind_writes_its_own(&kind, key)),
                        "{errcode} with {key}: {value}: {body:?}"
                    );
                }
            }
        }
    }
}

/// A key whose value a typed kind writes itself, which may differ from the body's (a missing
/// `soft_logout` written as `false`, `M_USER_LOCKED`'s `true`).
fn kind_writes_its_own(kind: &ErrorKind, key: &str) -> bool {
    kind.error_dict().contains_key(key)
}

/// The runtime crate reads no clock: clippy's `disallowed-methods` (enforced by CI's clippy
/// step with `-D warnings`) must keep naming the clocks.
#[test]
fn clippy_keeps_the_clock_out() {
    let config = include_str!("../clippy.toml");
    for clock in ["std::time::SystemTime::now", "std::time::Instant::now"] {
        assert!(
            config.contains(&format!("path = \"{clock}\"")),
            "clippy.toml no longer disallows {clock}"
        );
    }
}

/// The cells of the Markdown table rows of `doc` whose first cell is a code in backticks,
/// by that code.
fn documented_codes(doc: &str) -> std::collections::BTreeMap<&str, Vec<&str>> {
    doc.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.strip_prefix('|')?.split('|').map(str::trim).collect();
            let code = cells.first()?.strip_prefix('`')?.strip_suffix('`')?;
            Some((code, cells[1..].to_vec()))
        })
        .collect()
}

/// `beyond_spec.md` (in `ErrorKind`'s docs and the README) lists every row of the table beyond
/// the spec's file, and no other, with the kind it reads as and, for a kind of its own, its
/// status.
#[test]
fn the_codes_beyond_the_spec_are_documented() {
    let documented = documented_codes(include_str!("beyond_spec.md"));
    let beyond: Vec<Row> = (rows(TABLE).into_iter())
        .filter(|row| BEYOND_THE_SPEC.contains(&row.columns[4]))
        .collect();
    assert_eq!(documented.len(), beyond.len(), "{:?}", documented.keys());
    for row in beyond {
        let cells = (documented.get(row.errcode))
            .unwrap_or_else(|| panic!("{} is not in beyond_spec.md", row.errcode));
        let kind = format!("`{}`", camel(row.kind_code()));
        assert!(cells[0].starts_with(&kind), "{}: {cells:?}", row.errcode);
        match row.alias_of {
            Some(stable) => assert!(cells[0].ends_with(&format!("(`{stable}`)")), "{cells:?}"),
            None => assert_eq!(cells[1], row.usual_status.to_string(), "{}", row.errcode),
        }
    }
}

/// The README's "The code table" holds the two tables of `ErrorKind`'s docs as they are.
#[test]
fn the_readme_shows_the_code_table_docs() {
    let readme = include_str!("../../README.md");
    for (name, doc) in [
        ("beyond_spec.md", include_str!("beyond_spec.md")),
        ("statuses.md", include_str!("statuses.md")),
    ] {
        assert!(
            readme.contains(doc),
            "README.md no longer holds matrix-error/src/{name} as it is"
        );
    }
}

// ----------------------------------------------------------------------------------------
// The dialects' tables: the serving mapping in codes.tsv against DIALECTS.md, and the derive's
// copies of the Zulip and OAuth code tables against the spec's files.

/// The derive's copy of the Zulip code table.
const ZULIP_TABLE: &str = include_str!("../../matrix-error-derive/zulip-codes.tsv");

/// The derive's OAuth code table.
const OAUTH_TABLE: &str = include_str!("../../matrix-error-derive/oauth-codes.tsv");

#[test]
fn the_zulip_table_is_the_spec_file() {
    assert_eq!(ZULIP_TABLE, spec_file("zulip-codes.tsv"));
}

/// `(code, status)` of the OAuth table.
fn oauth_codes() -> Vec<(&'static str, u16)> {
    (OAUTH_TABLE.lines())
        .filter(|line| !line.starts_with('#') && !line.starts_with("code\t"))
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            assert_eq!(columns.len(), 3, "malformed row: {line}");
            (columns[0], columns[1].parse().expect("a status"))
        })
        .collect()
}

/// Every OAuth code of Mastodon's table (Doorkeeper's answers) is in the OAuth table, with
/// the first status Mastodon's table gives it.
#[test]
fn the_oauth_table_holds_mastodons_oauth_codes() {
    let ours = oauth_codes();
    let spec = spec_file("mastodon-errors.tsv");
    let mut seen = 0;
    for line in spec.lines().skip(1) {
        let columns: Vec<&str> = line.split('\t').collect();
        if !columns
            .get(2)
            .is_some_and(|source| source.starts_with("Doorkeeper OAuth"))
        {
            continue;
        }
        let status: u16 = columns[0].parse().expect("an OAuth row's status");
        for code in columns[1].split(" | ") {
            seen += 1;
            let our = ours.iter().find(|(our, _)| *our == code);
            let (_, our_status) = our.unwrap_or_else(|| panic!("{code} is missing"));
            let first = spec
                .lines()
                .find(|line| line.split('\t').nth(1) == Some(columns[1]));
            let first: u16 = first.unwrap().split('\t').next().unwrap().parse().unwrap();
            assert!(*our_status == status || *our_status == first, "{code}");
        }
    }
    assert!(seen >= 10, "Mastodon's table lost its OAuth rows: {seen}");
    for (code, _) in &ours {
        assert!(
            code.bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte == b'_'),
            "{code}"
        );
    }
}

/// A mapping row of DIALECTS.md: the Matrix codes it names and its four cells, each as
/// codes.tsv writes it (`-` for "the Matrix status" and for no text).
struct MappingRow {
    errcodes: Vec<String>,
    cells: [String; 4],
}

fn dialects_mapping() -> Vec<MappingRow> {
    let spec = spec_file("DIALECTS.md");
    let start = spec
        .find("| Matrix errcode | Zulip code |")
        .expect("the mapping table");
    let status = |cell: &str| match cell {
        cell if cell.starts_with("the Matrix status") => "-".to_owned(),
        cell => cell.parse::<u16>().expect("a status").to_string(),
    };
    let mut rows = Vec::new();
    for line in spec[start..].lines().skip(2) {
        let Some(line) = line.strip_prefix('|') else {
            break;
        };
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let errcodes: Vec<String> = cells[0]
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect();
        if errcodes.iter().any(|code| code.contains('<')) {
            continue; // the namespaces, a rule of the code rather than rows of the table
        }
        let text = match cells[4].strip_prefix('"') {
            Some(quoted) => quoted.trim_end_matches('"').to_owned(),
            None => "-".to_owned(),
        };
        rows.push(MappingRow {
            errcodes,
            cells: [
                cells[1].trim_matches('`').to_owned(),
                status(cells[2]),
                status(cells[3]),
                text,
            ],
        });
    }
    assert!(
        rows.len() >= 15,
        "DIALECTS.md's mapping table read: {} rows",
        rows.len()
    );
    rows
}

/// codes.tsv's mapping columns are DIALECTS.md's mapping table: each row it names has the
/// same cells, and a code it does not name has none.
#[test]
fn the_mapping_columns_are_dialects_md() {
    let ours = rows(TABLE);
    let theirs = dialects_mapping();
    for row in &theirs {
        for errcode in &row.errcodes {
            let our = ours.iter().find(|our| our.errcode == errcode);
            let our = our.unwrap_or_else(|| panic!("{errcode} is not in codes.tsv"));
            assert_eq!(our.columns[7..11], row.cells, "{errcode}");
        }
    }
    for our in &ours {
        let named = theirs
            .iter()
            .any(|row| row.errcodes.iter().any(|code| code == our.errcode));
        if !named {
            assert_eq!(
                our.columns[7..11],
                ["-"; 4],
                "{}: not in DIALECTS.md",
                our.errcode
            );
        }
    }
}

/// The Zulip status of the mapping is the one the Zulip table fixes for the code (none for
/// `BAD_REQUEST`, which carries any), and every mapped code is in the Zulip table.
#[test]
fn the_mapping_agrees_with_the_zulip_table() {
    for our in rows(TABLE) {
        let code = our.columns[7];
        if code == "-" {
            continue;
        }
        let mut statuses: Vec<&str> = (ZULIP_TABLE.lines())
            .filter_map(|line| line.strip_prefix(code)?.strip_prefix('\t'))
            .filter_map(|rest| rest.split('\t').next())
            .filter(|status| !status.is_empty())
            .collect();
        statuses.dedup();
        assert!(
            !statuses.is_empty(),
            "{}: {code} is not in the Zulip table",
            our.errcode
        );
        let fixed = match statuses[..] {
            [status] if code != "BAD_REQUEST" => status,
            _ => "-",
        };
        assert_eq!(our.columns[8], fixed, "{}: {code}", our.errcode);
    }
}

/// The runtime's lookup (through the derive) gives every row's mapping, an alias its stable
/// code's.
#[test]
fn the_runtime_mapping_is_the_table() {
    use crate::dialect::{Mapping, mapping};
    let ours = rows(TABLE);
    let cell = |cell: &'static str| (cell != "-").then_some(cell);
    let status = |cell: &'static str| cell.parse::<u16>().ok();
    for row in &ours {
        let stable = ours
            .iter()
            .find(|stable| stable.errcode == row.kind_code())
            .unwrap();
        let columns = &stable.columns;
        let expected = (columns[7..10] != ["-"; 3]).then(|| Mapping {
            zulip_code: cell(columns[7]),
            zulip_status: status(columns[8]),
            mastodon_status: status(columns[9]),
        });
        assert_eq!(mapping(row.errcode), expected, "{}", row.errcode);
    }
}
