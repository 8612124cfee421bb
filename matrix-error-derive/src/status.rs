//! Where a variant's status comes from, as the README says it in one sentence: the variant's
//! `status`, else its `#[matrix(status)]` or `status_with` field, else (for a variant with a
//! `kind` field) the kind's own status, else the container's `status` when the variant also
//! takes the container's errcode, else the status the spec fixes for the code (`codes.tsv`),
//! else the container's `status`, else with `usual_status` the status servers usually send.
//! The container's `status` never applies to a `kind` variant: its own status comes first.
//!
//! [`choose`] is that sentence and nothing else; the errors (an invalid status, none found)
//! are reported by `model` and `check` from its answer.

/// What a variant has to choose its status from.
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct Candidates {
    /// The variant's own `status = ...` (a struct's `status` is its container's, below).
    pub variant: Option<u16>,
    /// The variant has a `#[matrix(status)]` or `status_with` field.
    pub field: bool,
    /// The variant has a `kind` field, whose status is the kind's.
    pub kind: bool,
    /// The container's `status = ...`.
    pub container: Option<u16>,
    /// The variant takes the container's errcode: it gives none of its own, in a key or in a
    /// field. Always so for a struct.
    pub takes_container_errcode: bool,
    /// The status the spec fixes for the variant's code, if the code table has the code and
    /// gives it one.
    pub spec: Option<u16>,
    /// With `usual_status` (the variant's or the container's), the status servers usually
    /// send for the code, if the code table has the code.
    pub usual: Option<u16>,
}

/// The status a variant has, by the rule that gave it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Chosen {
    Variant(u16),
    /// Carried at run time by the `#[matrix(status)]` field, or computed from the
    /// `status_with` field.
    Field,
    /// The `kind` field's own status, at run time.
    Kind,
    /// The container's, which comes with the container's errcode.
    ContainerWithItsErrcode(u16),
    Spec(u16),
    /// The container's, as the default status of any code.
    Container(u16),
    Usual(u16),
    /// No rule gives one.
    None,
}

/// The rule of the module docs, first match wins.
pub(crate) fn choose(candidates: &Candidates) -> Chosen {
    let Candidates {
        variant,
        field,
        kind,
        container,
        takes_container_errcode,
        spec,
        usual,
    } = *candidates;
    if let Some(status) = variant {
        return Chosen::Variant(status);
    }
    if field {
        return Chosen::Field;
    }
    if kind {
        return Chosen::Kind;
    }
    if let (true, Some(status)) = (takes_container_errcode, container) {
        return Chosen::ContainerWithItsErrcode(status);
    }
    if let Some(status) = spec {
        return Chosen::Spec(status);
    }
    if let Some(status) = container {
        return Chosen::Container(status);
    }
    if let Some(status) = usual {
        return Chosen::Usual(status);
    }
    Chosen::None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule, each against every rule after it: a row gives the candidates and the
    /// status it must choose.
    #[test]
    fn every_rule_in_its_place() {
        let none = Candidates::default();
        let all = Candidates {
            variant: Some(418),
            field: true,
            kind: false,
            container: Some(409),
            takes_container_errcode: true,
            spec: Some(403),
            usual: Some(500),
        };
        #[rustfmt::skip]
        let rows: &[(&str, Candidates, Chosen)] = &[
            ("nothing at all", none, Chosen::None),
            ("the variant's status beats everything", all, Chosen::Variant(418)),
            ("then the field", Candidates { variant: None, ..all }, Chosen::Field),
            ("then the container's with its errcode",
                Candidates { variant: None, field: false, ..all },
                Chosen::ContainerWithItsErrcode(409)),
            ("then the spec's, when the errcode is the variant's",
                Candidates { variant: None, field: false, takes_container_errcode: false, ..all },
                Chosen::Spec(403)),
            ("then the spec's, when the container has no status",
                Candidates { variant: None, field: false, container: None, ..all },
                Chosen::Spec(403)),
            ("then the container's as a default",
                Candidates { variant: None, field: false, takes_container_errcode: false, spec: None, ..all },
                Chosen::Container(409)),
            ("then the usual one",
                Candidates { usual: Some(500), ..none },
                Chosen::Usual(500)),
            ("the usual one only when nothing else",
                Candidates { spec: None, container: Some(400), usual: Some(500), ..none },
                Chosen::Container(400)),
            ("the spec's beats the usual one",
                Candidates { spec: Some(401), usual: Some(401), ..none },
                Chosen::Spec(401)),
            ("the field beats the container's with its errcode",
                Candidates { field: true, container: Some(400), takes_container_errcode: true, ..none },
                Chosen::Field),
            ("taking the container's errcode alone gives nothing",
                Candidates { takes_container_errcode: true, ..none },
                Chosen::None),
            // A `kind` variant: its own status, a field, then the kind's; never the
            // container's (a kind variant takes no errcode of the container's either).
            ("a kind variant's own status beats the kind's",
                Candidates { variant: Some(418), kind: true, container: Some(409), ..none },
                Chosen::Variant(418)),
            ("a status field beats the kind's",
                Candidates { field: true, kind: true, container: Some(409), ..none },
                Chosen::Field),
            ("the kind's beats the container's default",
                Candidates { kind: true, container: Some(409), ..none },
                Chosen::Kind),
            ("the kind's beats the container's with its errcode",
                Candidates { kind: true, container: Some(409), takes_container_errcode: true, ..none },
                Chosen::Kind),
            ("the kind's beats a usual status",
                Candidates { kind: true, usual: Some(500), ..none },
                Chosen::Kind),
        ];
        for (rule, candidates, expected) in rows {
            assert_eq!(choose(candidates), *expected, "{rule}: {candidates:?}");
        }
    }
}
