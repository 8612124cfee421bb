//! What the Zulip and Mastodon dialects share: the code table's serving mapping (read through
//! the derive, from the project's one copy of the table), and the dialect keys a derived type
//! gives (`#[matrix(zulip(...), mastodon(...))]`), resolved by the derive per variant.

/// The serving mapping of one Matrix errcode: its row of the code table (shared/spec/DIALECTS.md,
/// "Serving"). A status of `None` is the Matrix status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mapping {
    /// The Zulip `code`; `None` sends `BAD_REQUEST`.
    pub zulip_code: Option<&'static str>,
    pub zulip_status: Option<u16>,
    pub mastodon_status: Option<u16>,
}

/// The mapping of `errcode`, `None` for a code without one. An unstable form of a stable code
/// takes the stable code's.
pub(crate) fn mapping(errcode: &str) -> Option<Mapping> {
    let (zulip_code, zulip_status, mastodon_status) =
        matrix_error_derive::__dialect_mapping!(errcode)?;
    Some(Mapping {
        zulip_code,
        zulip_status,
        mastodon_status,
    })
}

/// The prefix of the errcode that keeps a Zulip code with no Matrix meaning
/// (`COM.ZULIP_BAD_NARROW`); writing it back in Zulip's dialect gives the code again.
pub(crate) const ZULIP_NAMESPACE: &str = "COM.ZULIP_";

/// The prefix of the errcode that keeps an OAuth error code (`ORG.IETF.OAUTH_INVALID_GRANT`);
/// writing it back in Mastodon's dialect gives the code again, in lower case.
pub(crate) const OAUTH_NAMESPACE: &str = "ORG.IETF.OAUTH_";

/// The dialect keys of a derived type's variant (`#[matrix(zulip(...), mastodon(...))]`, the
/// variant's over the container's), as the derive resolves them; what they leave out comes
/// from the mapping at run time. Not a stable interface: the derive writes it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dialects {
    /// `zulip(code)`.
    pub zulip_code: Option<&'static str>,
    /// `zulip(status)`.
    pub zulip_status: Option<u16>,
    /// The status the Zulip table fixes for `zulip_code`, where it fixes one.
    pub zulip_code_status: Option<u16>,
    /// `mastodon(status)`.
    pub mastodon_status: Option<u16>,
    /// `mastodon(error)`.
    pub mastodon_error: Option<&'static str>,
    /// `mastodon(oauth)`, with the OAuth code's status.
    pub oauth: Option<(&'static str, u16)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_by_the_table() {
        let token = mapping("M_UNKNOWN_TOKEN").unwrap();
        assert_eq!(
            token,
            Mapping {
                zulip_code: Some("INVALID_API_KEY"),
                zulip_status: Some(401),
                mastodon_status: Some(401)
            }
        );
        assert_eq!(mapping("M_FORBIDDEN").unwrap().zulip_code, Some("BAD_REQUEST"));
        assert_eq!(mapping("M_EXCLUSIVE"), None);
        assert_eq!(mapping("m_unknown_token"), None, "codes are exact");
    }
}
