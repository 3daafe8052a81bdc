//! The tracker's words: statuses, verdicts, stances, source kinds, groupings and orders, each a
//! fixed set read loosely ("In Review") and written one way ("in_review").

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An input value that is not one of a fixed set of words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{given}' (expected one of: {expected})")]
pub struct UnknownWord {
    pub what: &'static str,
    pub given: String,
    pub expected: String,
}

/// Declares a closed word set stored as its snake_case name, with parsing that accepts case and
/// `-`/space variations ("In Review", "in-review").
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownWord;
            fn from_str(s: &str) -> Result<Self, UnknownWord> {
                let wanted = s.trim().to_lowercase().replace(['-', ' '], "_");
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == wanted)
                    .ok_or_else(|| UnknownWord {
                        what: $what,
                        given: s.to_string(),
                        expected: Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
                    })
            }
        }
    };
}

word_enum!(
    /// Where a claim stands in the checking process.
    Status, "status" {
        Unverified = "unverified",
        InReview = "in_review",
        Verified = "verified",
        Disputed = "disputed",
        Unverifiable = "unverifiable",
    }
);

#[allow(clippy::derivable_impls)] // the enum comes from `word_enum!`
impl Default for Status {
    fn default() -> Status {
        Status::Unverified
    }
}

impl Status {
    /// Outstanding claims are the ones still waiting for a fact-checker.
    #[must_use]
    pub fn is_outstanding(self) -> bool {
        matches!(self, Status::Unverified | Status::InReview)
    }

    /// The outstanding ones among `statuses`; every outstanding status when none are given.
    #[must_use]
    pub fn outstanding_of(statuses: &[Status]) -> Vec<Status> {
        let all = if statuses.is_empty() {
            Status::ALL
        } else {
            statuses
        };
        all.iter().copied().filter(|s| s.is_outstanding()).collect()
    }
}

word_enum!(
    /// A rating on the fact-checkers' scale, separate from the status.
    Verdict, "verdict" {
        True = "true",
        MostlyTrue = "mostly_true",
        Mixed = "mixed",
        MostlyFalse = "mostly_false",
        False = "false",
        Fabricated = "fabricated",
    }
);

word_enum!(
    /// What a piece of evidence does for a claim.
    Stance, "stance" {
        Supports = "supports",
        Refutes = "refutes",
        Context = "context",
    }
);

word_enum!(
    /// What kind of publication a source is.
    SourceKind, "source kind" {
        Article = "article",
        Interview = "interview",
        Broadcast = "broadcast",
        SocialPost = "social_post",
        Transcript = "transcript",
        Speech = "speech",
        Document = "document",
        Other = "other",
    }
);

word_enum!(
    /// What `stats` groups claims by.
    StatsBy, "grouping" {
        Status = "status",
        Verdict = "verdict",
        Speaker = "speaker",
        Source = "source",
        Tag = "tag",
        Month = "month",
        Assignee = "assignee",
    }
);

word_enum!(
    /// A stretch of time claims are counted over in the report's charts.
    Period, "period" {
        Week = "week",
        Month = "month",
    }
);

word_enum!(
    /// What a claim list is ordered by. `queue`: overdue follow-ups first, then priority, then
    /// newest (the review queue); `relevance`: best full-text match first.
    SortKey, "sort" {
        Said = "said",
        Added = "added",
        Updated = "updated",
        Priority = "priority",
        Speaker = "speaker",
        Queue = "queue",
        Relevance = "relevance",
    }
);

impl Verdict {
    /// False or fabricated: what scorecards count as "false or worse".
    #[must_use]
    pub fn is_false_or_worse(self) -> bool {
        matches!(self, Verdict::False | Verdict::Fabricated)
    }

    /// Reads a publisher's rating ("Pants on Fire", "Half True", "barely-true", "Misleading") onto
    /// our scale. Returns the verdict and, when the words were not already ours, the original
    /// label to keep beside it. `None` when the label is unknown.
    #[must_use]
    pub fn from_label(label: &str) -> Option<(Verdict, Option<String>)> {
        let trimmed = label.trim();
        if let Ok(ours) = trimmed.parse::<Verdict>() {
            return Some((ours, None));
        }
        let key = super::text::plain_words(&trimmed.to_lowercase());
        let verdict = match key.as_str() {
            "correct" | "accurate" | "confirmed" | "verified" | "correct attribution" => {
                Verdict::True
            }
            "mostly correct" | "mostly accurate" | "largely accurate" | "largely true" => {
                Verdict::MostlyTrue
            }
            "half true" | "half truth" | "mixture" | "mixed" | "partly true" | "partly false"
            | "partially true" | "partially false" | "half accurate" | "needs context"
            | "missing context" | "lacks context" | "cherry picks" => Verdict::Mixed,
            "barely true"
            | "mostly inaccurate"
            | "misleading"
            | "largely false"
            | "exaggerated"
            | "exaggeration"
            | "distorts the facts"
            | "spins the facts"
            | "unsupported"
            | "unproven"
            | "not the whole story" => Verdict::MostlyFalse,
            "incorrect"
            | "inaccurate"
            | "wrong"
            | "false claim"
            | "untrue"
            | "not true"
            | "four pinocchios"
            | "misattributed"
            | "incorrect attribution" => Verdict::False,
            "pants on fire" | "pants fire" | "fake" | "hoax" | "scam" | "fabricated content"
            | "false fabricated" | "satire" | "altered" | "doctored" => Verdict::Fabricated,
            _ => return None,
        };
        Some((verdict, Some(trimmed.to_string())))
    }

    /// The verdict's place on our 1 (worst) to 6 (best) scale, as ClaimReview ratings use.
    #[must_use]
    pub fn rating(self) -> u8 {
        match self {
            Verdict::Fabricated => 1,
            Verdict::False => 2,
            Verdict::MostlyFalse => 3,
            Verdict::Mixed => 4,
            Verdict::MostlyTrue => 5,
            Verdict::True => 6,
        }
    }

    /// The verdict nearest a numeric rating on a publisher's own scale (`worst`..=`best`).
    #[must_use]
    pub fn from_rating(value: f64, worst: f64, best: f64) -> Option<Verdict> {
        if !(value.is_finite() && worst.is_finite() && best.is_finite())
            || (best - worst).abs() < f64::EPSILON
        {
            return None;
        }
        let share = ((value - worst) / (best - worst)).clamp(0.0, 1.0);
        let step = (share * 5.0).round() as usize;
        [
            Verdict::Fabricated,
            Verdict::False,
            Verdict::MostlyFalse,
            Verdict::Mixed,
            Verdict::MostlyTrue,
            Verdict::True,
        ]
        .get(step)
        .copied()
    }

    /// How a reader sees the verdict: "Mostly false".
    #[must_use]
    pub fn display(self) -> &'static str {
        match self {
            Verdict::True => "True",
            Verdict::MostlyTrue => "Mostly true",
            Verdict::Mixed => "Mixed",
            Verdict::MostlyFalse => "Mostly false",
            Verdict::False => "False",
            Verdict::Fabricated => "Fabricated",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_loosely_and_print_canonically() {
        assert_eq!("In Review".parse::<Status>().unwrap(), Status::InReview);
        assert_eq!(
            "mostly-true".parse::<Verdict>().unwrap(),
            Verdict::MostlyTrue
        );
        assert_eq!(Status::InReview.to_string(), "in_review");
        let err = "done".parse::<Status>().unwrap_err();
        assert!(err.to_string().contains("unknown status 'done'"), "{err}");
        assert!(err.to_string().contains("in_review"), "{err}");
    }
}

#[cfg(test)]
mod verdict_tests {
    use super::*;

    #[test]
    fn publisher_labels_map_onto_the_scale() {
        assert_eq!(
            Verdict::from_label("mostly_true"),
            Some((Verdict::MostlyTrue, None))
        );
        assert_eq!(
            Verdict::from_label("Pants on Fire!"),
            Some((Verdict::Fabricated, Some("Pants on Fire!".into())))
        );
        assert_eq!(
            Verdict::from_label("pants-fire").unwrap().0,
            Verdict::Fabricated
        );
        assert_eq!(Verdict::from_label("Half True").unwrap().0, Verdict::Mixed);
        assert_eq!(
            Verdict::from_label("barely-true").unwrap().0,
            Verdict::MostlyFalse
        );
        assert_eq!(
            Verdict::from_label("Misleading").unwrap().0,
            Verdict::MostlyFalse
        );
        assert_eq!(
            Verdict::from_label("Four Pinocchios").unwrap().0,
            Verdict::False
        );
        assert_eq!(Verdict::from_label("whatever"), None);
        assert_eq!(
            Verdict::from_rating(1.0, 1.0, 5.0),
            Some(Verdict::Fabricated)
        );
        assert_eq!(Verdict::from_rating(5.0, 1.0, 5.0), Some(Verdict::True));
        assert_eq!(Verdict::from_rating(3.0, 1.0, 5.0), Some(Verdict::Mixed));
        assert_eq!(Verdict::from_rating(3.0, 1.0, 1.0), None);
        for v in Verdict::ALL {
            assert_eq!(
                Verdict::from_rating(f64::from(v.rating()), 1.0, 6.0),
                Some(*v)
            );
        }
    }
}
