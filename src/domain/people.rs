//! Speakers and sources as the scorecards see them: who they are, how their claims stand, and
//! how a merge went.

use serde::Serialize;

use super::{Status, Verdict};

/// A person or organisation who makes claims.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    pub id: i64,
    pub name: String,
    pub role: Option<String>,
    /// The role was guessed from an article, not given.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub role_guessed: bool,
    pub affiliation: Option<String>,
    pub aliases: Vec<String>,
}

/// A speaker with how their claims stand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerCard {
    #[serde(flatten)]
    pub speaker: Speaker,
    pub claims: i64,
    pub by_status: Vec<(Status, i64)>,
}

/// How a speaker's (or source's) claims stand: counts by status and verdict, and how often the
/// checked ones were rated false or worse.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub id: i64,
    pub name: String,
    /// A speaker's role, or a source's kind.
    pub detail: Option<String>,
    pub claims: i64,
    pub by_status: std::collections::BTreeMap<&'static str, i64>,
    pub by_verdict: std::collections::BTreeMap<&'static str, i64>,
    /// Claims with a verdict.
    pub rated: i64,
    /// Rated claims rated false or fabricated.
    pub false_or_worse: i64,
    /// Share of rated claims rated false or fabricated; `None` when none are rated.
    pub false_share: Option<f64>,
    /// The lower end of that share's 95% Wilson interval: what `--sort false` ranks by, so two
    /// of three rated false does not outrank 25 of 70.
    pub false_share_low: Option<f64>,
}

/// The lower bound of the 95% Wilson score interval for `k` successes in `n` trials: a share
/// that is only as high as the evidence for it.
#[must_use]
pub fn wilson_lower(k: i64, n: i64) -> f64 {
    if n <= 0 {
        return 0.0;
    }
    let (k, n) = (k as f64, n as f64);
    let z = 1.959_964;
    let p = k / n;
    let z2 = z * z;
    let centre = p + z2 / (2.0 * n);
    let margin = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - margin) / (1.0 + z2 / n)).max(0.0)
}

impl Scorecard {
    #[must_use]
    pub fn new(
        id: i64,
        name: String,
        detail: Option<String>,
        claims: i64,
        by_status: std::collections::BTreeMap<&'static str, i64>,
        by_verdict: std::collections::BTreeMap<&'static str, i64>,
    ) -> Scorecard {
        let rated = by_verdict.values().sum();
        let false_or_worse: i64 = Verdict::ALL
            .iter()
            .filter(|v| v.is_false_or_worse())
            .filter_map(|v| by_verdict.get(v.as_str()))
            .sum();
        let false_share = (rated > 0).then(|| false_or_worse as f64 / rated as f64);
        Scorecard {
            id,
            name,
            detail,
            claims,
            by_status,
            by_verdict,
            rated,
            false_or_worse,
            false_share,
            false_share_low: (rated > 0).then(|| wilson_lower(false_or_worse, rated)),
        }
    }

    /// The `--sort false` order: surest high share rated false first, unrated last, then by
    /// more rated claims.
    #[must_use]
    pub fn cmp_by_false(&self, other: &Scorecard) -> std::cmp::Ordering {
        other
            .false_share_low
            .unwrap_or(-1.0)
            .total_cmp(&self.false_share_low.unwrap_or(-1.0))
            .then(other.rated.cmp(&self.rated))
    }

    /// Claims still waiting: unverified or in review.
    #[must_use]
    pub fn open(&self) -> i64 {
        Status::ALL
            .iter()
            .filter(|s| s.is_outstanding())
            .filter_map(|s| self.by_status.get(s.as_str()))
            .sum()
    }
}

/// What merging two speakers did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergeOutcome {
    pub into: Speaker,
    pub from: String,
    /// Claims that changed speaker.
    pub claims_moved: usize,
    /// Claims both had, now one.
    pub claims_merged: usize,
}

/// Which speaker a name means, and whether it may mean another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpeakerChoice {
    /// The speaker it names; `None` for a new speaker.
    pub id: Option<i64>,
    /// A lone surname several speakers' full names share ("Trump" beside Donald and Eric).
    pub ambiguous: bool,
}

/// The rule for a name: its exact match (a speaker's own name, or an alias), else, for one word
/// alone, the one speaker whose full name ends with it. `exact` is (id, found through an alias);
/// `holders` are other speakers whose full names end with the name (two are enough). A surname
/// made an alias by hand is the user's choice, never ambiguous.
#[must_use]
pub fn choose_speaker(
    one_word: bool,
    exact: Option<(i64, bool)>,
    holders: &[i64],
) -> SpeakerChoice {
    match (exact, one_word) {
        (Some((id, via_alias)), true) => SpeakerChoice {
            id: Some(id),
            ambiguous: !via_alias && !holders.is_empty(),
        },
        (Some((id, _)), false) => SpeakerChoice {
            id: Some(id),
            ambiguous: false,
        },
        (None, true) => match holders {
            [only] => SpeakerChoice {
                id: Some(*only),
                ambiguous: false,
            },
            many => SpeakerChoice {
                id: None,
                ambiguous: many.len() > 1,
            },
        },
        (None, false) => SpeakerChoice {
            id: None,
            ambiguous: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_chooses_its_speaker_by_the_rules() {
        let choose = choose_speaker;
        // "Donald Trump": the exact match, whatever else.
        assert_eq!(choose(false, Some((1, false)), &[]).id, Some(1));
        // "Trump", one Donald Trump: joins him.
        assert_eq!(
            choose(true, None, &[1]),
            SpeakerChoice {
                id: Some(1),
                ambiguous: false
            }
        );
        // "Trump", Donald and Eric: a new speaker, flagged.
        assert_eq!(
            choose(true, None, &[1, 2]),
            SpeakerChoice {
                id: None,
                ambiguous: true
            }
        );
        // A speaker called "Trump" beside Donald Trump: that one, flagged.
        assert_eq!(
            choose(true, Some((3, false)), &[1]),
            SpeakerChoice {
                id: Some(3),
                ambiguous: true
            }
        );
        // "Trump" made an alias by hand: never ambiguous.
        assert_eq!(
            choose(true, Some((1, true)), &[2]),
            SpeakerChoice {
                id: Some(1),
                ambiguous: false
            }
        );
        // A new full name.
        assert_eq!(
            choose(false, None, &[]),
            SpeakerChoice {
                id: None,
                ambiguous: false
            }
        );
    }

    #[test]
    fn wilson_lower_bounds_shrink_with_fewer_ratings() {
        assert!(
            (wilson_lower(25, 70) - 0.2551).abs() < 0.001,
            "{}",
            wilson_lower(25, 70)
        );
        assert!(
            wilson_lower(2, 3) < wilson_lower(25, 70),
            "2 of 3 is thin evidence"
        );
        assert!(wilson_lower(0, 10) < 1e-12);
        assert!(wilson_lower(10, 10) > 0.69);
        assert!(wilson_lower(0, 0) < 1e-12);
    }
}
