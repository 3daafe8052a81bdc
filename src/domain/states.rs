//! Which verdicts each status allows: the one table every path that sets a claim's state checks
//! (commands, every ingest format, ClaimReview import, undo, the upgrade and `check`).

use super::{Status, Verdict};

/// Status → the verdicts a claim in it may carry (besides none, which every status allows).
pub const ALLOWED_VERDICTS: &[(Status, &[Verdict])] = &[
    (Status::Unverified, &[]),
    (Status::InReview, &[]),
    (Status::Verified, &[Verdict::True, Verdict::MostlyTrue]),
    (
        Status::Disputed,
        &[
            Verdict::Mixed,
            Verdict::MostlyFalse,
            Verdict::False,
            Verdict::Fabricated,
        ],
    ),
    (Status::Unverifiable, &[]),
];

impl Status {
    /// The verdicts this status allows besides none.
    #[must_use]
    pub fn allowed_verdicts(self) -> &'static [Verdict] {
        ALLOWED_VERDICTS
            .iter()
            .find(|(s, _)| *s == self)
            .map_or(&[], |(_, v)| v)
    }

    #[must_use]
    pub fn allows(self, verdict: Option<Verdict>) -> bool {
        verdict.is_none_or(|v| self.allowed_verdicts().contains(&v))
    }
}

impl Verdict {
    /// The status a claim rated so is in: checked true is verified, anything less is disputed.
    #[must_use]
    pub fn implied_status(self) -> Status {
        ALLOWED_VERDICTS
            .iter()
            .find(|(_, verdicts)| verdicts.contains(&self))
            .map_or(Status::Disputed, |(s, _)| *s)
    }
}

/// The verdict and label a claim has after `change`, given the ones it had. Without a verdict
/// the old one stays where the new status allows it; a status that carries none clears it (and
/// its label). Refused when the result would contradict the table.
pub fn after_change(
    change: &super::StatusChange,
    verdict: Option<Verdict>,
    label: Option<String>,
) -> Result<(Option<Verdict>, Option<String>), Contradiction> {
    let clearing = change.verdict.is_none() && change.status.allowed_verdicts().is_empty();
    let new_verdict = if clearing {
        None
    } else {
        change.verdict.or(verdict)
    };
    check_state(change.status, new_verdict)?;
    let new_label = match (&change.label, change.verdict) {
        (_, None) if clearing => None,
        (Some(given), _) => Some(given.clone()),
        (None, Some(_)) => None,
        (None, None) => label,
    };
    Ok((new_verdict, new_label))
}

/// A status and verdict that contradict each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{} claim cannot be rated {verdict}: {}", article(*status), why(*status))]
pub struct Contradiction {
    pub status: Status,
    pub verdict: Verdict,
}

fn article(status: Status) -> String {
    match status {
        Status::InReview | Status::Unverified | Status::Unverifiable => format!("an {status}"),
        _ => format!("a {status}"),
    }
}

fn why(status: Status) -> String {
    let allowed = status.allowed_verdicts();
    if allowed.is_empty() {
        format!("{status} claims carry no verdict")
    } else {
        let words: Vec<String> = allowed.iter().map(ToString::to_string).collect();
        format!("{status} allows {}", words.join(", "))
    }
}

/// Fails when the table does not allow `verdict` in `status`.
pub fn check_state(status: Status, verdict: Option<Verdict>) -> Result<(), Contradiction> {
    match verdict {
        Some(verdict) if !status.allows(Some(verdict)) => Err(Contradiction { status, verdict }),
        _ => Ok(()),
    }
}

/// The command that puts a claim in the state a verdict implies: "claimtrack dispute 2 --verdict
/// mostly_false".
#[must_use]
pub fn command_for(id: i64, verdict: Verdict) -> String {
    let verb = match verdict.implied_status() {
        Status::Verified => "verify",
        _ => "dispute",
    };
    format!("claimtrack {verb} {id} --verdict {verdict}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_verdict_belongs_to_exactly_one_status() {
        for v in Verdict::ALL {
            let owners: Vec<Status> = Status::ALL
                .iter()
                .copied()
                .filter(|s| s.allowed_verdicts().contains(v))
                .collect();
            assert_eq!(owners, vec![v.implied_status()], "{v}");
        }
    }

    #[test]
    fn the_table_allows_what_the_desk_agreed() {
        assert!(Status::Verified.allows(Some(Verdict::MostlyTrue)));
        assert!(Status::Verified.allows(None));
        assert!(!Status::Verified.allows(Some(Verdict::MostlyFalse)));
        assert!(Status::Disputed.allows(Some(Verdict::Mixed)));
        assert!(!Status::InReview.allows(Some(Verdict::True)));
        let err = check_state(Status::Verified, Some(Verdict::MostlyFalse)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a verified claim cannot be rated mostly_false: verified allows true, mostly_true"
        );
        assert_eq!(
            command_for(2, Verdict::MostlyFalse),
            "claimtrack dispute 2 --verdict mostly_false"
        );
    }
}
