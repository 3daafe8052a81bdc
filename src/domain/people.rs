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

#[cfg(test)]
mod tests {
    use super::*;

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
