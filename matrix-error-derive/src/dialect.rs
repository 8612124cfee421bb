//! The dialect keys (`zulip(...)`, `mastodon(...)`) resolved per variant: the variant's over
//! the container's, each value checked where it is written (`check`), so that the generated
//! code carries only what the keys say and the runtime adds the code table's mapping.
//!
//! Precedence (DESIGN.md, "Other dialects"): a container's keys are defaults for every
//! variant; a container's `status` applies only to a variant that gives no Zulip `code`
//! (Mastodon: no `error` or `oauth`) of its own.

use std::cell::Cell;

use proc_macro2::Span;
use syn::LitStr;

use crate::attr::Attrs;
use crate::check;
use crate::ctxt::Ctxt;
use crate::keys;
use crate::table;

/// What a variant's dialect keys say, resolved; `None` everywhere means the mapping alone.
#[derive(Clone, Default, PartialEq, Eq, Hash, Debug)]
pub(crate) struct Dialects {
    pub zulip_code: Option<String>,
    pub zulip_status: Option<u16>,
    /// The status the Zulip table fixes for `zulip_code`, where it fixes one.
    pub zulip_code_status: Option<u16>,
    pub mastodon_status: Option<u16>,
    pub mastodon_error: Option<String>,
    /// The OAuth code and its status.
    pub oauth: Option<(String, u16)>,
    /// Whether the code table's mapping of a literal errcode is resolved in here
    /// ([`Dialects::with_mapping`]), so that the runtime looks nothing up.
    pub mapped: bool,
    /// The mapping's Mastodon status, when `mapped`.
    pub mastodon_mapped_status: Option<u16>,
    /// Whether the variant or its container gives dialect keys (else the mapping alone,
    /// which an `Error` converted from the type finds again from its errcode).
    pub keyed: bool,
}

/// The prefix of an errcode that keeps a Zulip code (the runtime's `ZULIP_NAMESPACE`).
const ZULIP_NAMESPACE: &str = "COM.ZULIP_";

/// The prefix of an errcode that keeps an OAuth code (the runtime's `OAUTH_NAMESPACE`).
const OAUTH_NAMESPACE: &str = "ORG.IETF.OAUTH_";

impl Dialects {
    pub(crate) fn is_empty(&self) -> bool {
        *self == Dialects::default()
    }

    /// These keys with the mapping of the variant's literal `errcode` resolved, by the
    /// runtime's rule (`zulip::code_of`, `mastodon::resolve_status`): the Zulip code and the
    /// status its table fixes, and the mapping's Mastodon status. `None` for an OAuth code
    /// read back (`ORG.IETF.OAUTH_...`), which the runtime resolves.
    pub(crate) fn with_mapping(&self, errcode: &str) -> Option<Dialects> {
        if errcode.starts_with(OAUTH_NAMESPACE) {
            return None;
        }
        let mapping = table::mapping(errcode);
        let (zulip_code, zulip_code_status) =
            match (&self.zulip_code, errcode.strip_prefix(ZULIP_NAMESPACE)) {
                (Some(code), _) => (code.clone(), self.zulip_code_status),
                (None, Some(code)) if table::is_zulip_code(code) => (code.to_owned(), None),
                (None, _) => match mapping.and_then(|(zulip, _)| zulip) {
                    Some((code, status)) => (code.to_owned(), status),
                    None => (BAD_REQUEST.to_owned(), None),
                },
            };
        Some(Dialects {
            zulip_code: Some(zulip_code),
            zulip_code_status,
            mapped: true,
            mastodon_mapped_status: mapping.and_then(|(_, status)| status),
            ..self.clone()
        })
    }
}

/// Zulip's generic code (the runtime's `zulip::BAD_REQUEST`).
const BAD_REQUEST: &str = "BAD_REQUEST";

/// The keys of one place (the container or a variant), each checked on its own.
#[derive(Clone, Default)]
pub(crate) struct Written {
    /// The Zulip code and the span of its literal.
    zulip_code: Option<(String, Span)>,
    zulip_status: Option<u16>,
    mastodon_status: Option<u16>,
    mastodon_error: Option<String>,
    oauth: Option<(String, u16)>,
}

/// Reads and checks the dialect groups among `attrs`.
pub(crate) fn read(cx: &Ctxt, attrs: &Attrs) -> Written {
    let mut written = Written::default();
    if let Some(zulip) = attrs.group(&keys::ZULIP) {
        let allow_unlisted = zulip.flag(&keys::ZULIP_ALLOW_UNLISTED);
        let code = zulip.string(&keys::ZULIP_CODE);
        check::allow_unlisted_needs_a_zulip_code(cx, allow_unlisted, code.is_some());
        written.zulip_code = code.and_then(|lit| {
            let code = check::zulip_code(cx, lit, allow_unlisted)?;
            Some((code, lit.span()))
        });
        written.zulip_status = zulip
            .int(&keys::ZULIP_STATUS)
            .and_then(|lit| check::status(cx, lit));
    }
    if let Some(mastodon) = attrs.group(&keys::MASTODON) {
        written.mastodon_status =
            (mastodon.int(&keys::MASTODON_STATUS)).and_then(|lit| check::status(cx, lit));
        let error = mastodon.string(&keys::MASTODON_ERROR);
        let oauth = mastodon.string(&keys::MASTODON_OAUTH);
        check::mastodon_error_or_oauth(cx, error, oauth);
        written.mastodon_error = error.map(LitStr::value);
        written.oauth = oauth.and_then(|lit| check::oauth_code(cx, lit));
    }
    written
}

/// A variant's dialects: its own keys over the container's. A Zulip code reaches the
/// variant with no status where the Zulip table lists it with several or with a 2xx, which
/// `check` reports (once, at the code).
pub(crate) fn resolve(
    cx: &Ctxt,
    container: &Written,
    variant: &Written,
    container_reported: &Cell<bool>,
) -> Dialects {
    let zulip_code = variant
        .zulip_code
        .clone()
        .or_else(|| container.zulip_code.clone());
    let zulip_status = match variant.zulip_code {
        Some(_) => variant.zulip_status,
        None => variant.zulip_status.or(container.zulip_status),
    };
    // A container's code is reported once, not once per variant taking it.
    let from_container = variant.zulip_code.is_none();
    if let (Some((code, span)), None) = (&zulip_code, zulip_status) {
        if !(from_container && container_reported.get()) {
            let fine = check::zulip_code_has_a_status(cx, code, *span);
            container_reported.set(container_reported.get() || (from_container && !fine));
        }
    }
    let own_error = variant.mastodon_error.is_some() || variant.oauth.is_some();
    let (mastodon_error, oauth) = match own_error {
        true => (variant.mastodon_error.clone(), variant.oauth.clone()),
        false => (container.mastodon_error.clone(), container.oauth.clone()),
    };
    let mastodon_status = match own_error {
        true => variant.mastodon_status,
        false => variant.mastodon_status.or(container.mastodon_status),
    };
    let mut dialects = Dialects {
        zulip_code_status: (zulip_code.as_ref())
            .and_then(|(code, _)| table::zulip_fixed_status(code)),
        zulip_code: zulip_code.map(|(code, _)| code),
        zulip_status,
        mastodon_status,
        mastodon_error,
        oauth,
        mapped: false,
        mastodon_mapped_status: None,
        keyed: false,
    };
    dialects.keyed = !dialects.is_empty();
    dialects
}
