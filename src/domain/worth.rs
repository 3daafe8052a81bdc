//! Check-worthiness: a transparent score (0 to 1) of how much a claim deserves a fact-checker's
//! time, in the spirit of ClaimBuster and Full Fact's checks. A claim has named factors, signs
//! a reader can check (numbers, percentages, comparisons, dates, named entities, causes,
//! superlatives; opinion, questions, vague language); how much each counts was fitted on
//! debates whose sentences fact-checkers did or did not check (`tools/fit_worth.py`, a logistic
//! regression, its weights in `worth_weights.tsv`). Every factor comes with its weight.

use std::collections::HashMap;
use std::sync::LazyLock;

/// One reason the score moved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Factor {
    pub reason: &'static str,
    /// Its fitted weight, in log-odds.
    pub weight: f64,
}

/// "+a number", "-opinion": the reason with the way it moved the score.
impl std::fmt::Display for Factor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.weight > 0.0 { "+" } else { "-" };
        write!(f, "{sign}{}", self.reason)
    }
}

/// A claim's check-worthiness and the factors behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Worth {
    /// 0 to 1: above 0.5, more like the sentences fact-checkers checked than like the rest.
    pub worth: f64,
    pub factors: Vec<Factor>,
}

impl Worth {
    /// The automatic priority, 0–100.
    #[must_use]
    pub fn priority(&self) -> u8 {
        (self.worth * 100.0).round().clamp(0.0, 100.0) as u8
    }
}

/// The fitted weights as compiled in, by the BLAKE3 hash of their file: a migration that works
/// out every priority again names the weights it did it for (a test holds it to the current
/// ones), so that fitting again takes a new migration and every database gets the new scores.
#[must_use]
pub fn weights_hash() -> String {
    blake3::hash(include_str!("worth_weights.tsv").as_bytes())
        .to_hex()
        .to_string()
}

/// Every factor, by the name it is shown and fitted under.
const NUMBER_FACTOR: &str = "a number";
const MONEY_FACTOR: &str = "a percentage or money";
const COMPARISON_FACTOR: &str = "a comparison";
const DATE_FACTOR: &str = "a date or period";
const ENTITY_FACTOR: &str = "a named person, place or body";
const CAUSAL_FACTOR: &str = "a cause and effect";
const SUPERLATIVE_FACTOR: &str = "a superlative or absolute";
const OPINION_FACTOR: &str = "opinion";
const QUESTION_FACTOR: &str = "a question";
const VAGUE_FACTOR: &str = "vague or hedged";
const SHORT_FACTOR: &str = "too short to check";
const FACTORS: [&str; 11] = [
    NUMBER_FACTOR,
    MONEY_FACTOR,
    COMPARISON_FACTOR,
    DATE_FACTOR,
    ENTITY_FACTOR,
    CAUSAL_FACTOR,
    SUPERLATIVE_FACTOR,
    OPINION_FACTOR,
    QUESTION_FACTOR,
    VAGUE_FACTOR,
    SHORT_FACTOR,
];

/// The fitted model: `bias` plus the weight of each factor present, in log-odds.
struct Weights {
    bias: f64,
    factors: HashMap<&'static str, f64>,
}

/// `worth_weights.tsv` as `tools/fit_worth.py` wrote it: comment lines, a header, then
/// `(bias)` and each factor with its weight. A name the code does not know is a bug (a test
/// reads the file).
static WEIGHTS: LazyLock<Weights> = LazyLock::new(|| {
    let mut weights = Weights {
        bias: 0.0,
        factors: HashMap::new(),
    };
    let rows = include_str!("worth_weights.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1);
    for row in rows {
        let (name, weight) = row
            .split_once('\t')
            .expect("worth_weights.tsv: name<TAB>weight");
        let weight: f64 = weight.trim().parse().expect("worth_weights.tsv: a number");
        if name == "(bias)" {
            weights.bias = weight;
        } else {
            let name = FACTORS
                .iter()
                .find(|f| **f == name)
                .unwrap_or_else(|| panic!("worth_weights.tsv: no factor '{name}'"));
            weights.factors.insert(name, weight);
        }
    }
    weights
});

/// Word kinds, as bits: one `match` per word instead of scanning word lists.
const COMPARISON: u8 = 1;
const CAUSAL: u8 = 2;
const SUPERLATIVE: u8 = 4;
const OPINION: u8 = 8;
const VAGUE: u8 = 16;
const DATE: u8 = 32;
const NUMBER: u8 = 64;
const MONEY: u8 = 128;

/// The words of each kind.
const KINDS: [(u8, &[&str]); 8] = [
    (
        COMPARISON,
        &[
            "more",
            "less",
            "fewer",
            "than",
            "higher",
            "lower",
            "increase",
            "increased",
            "decrease",
            "decreased",
            "doubled",
            "tripled",
            "halved",
            "rose",
            "risen",
            "fell",
            "fallen",
            "grew",
            "cut",
            "up",
            "down",
            "compared",
            "times",
            "outnumber",
        ],
    ),
    (
        CAUSAL,
        &[
            "because",
            "caused",
            "causes",
            "cause",
            "led",
            "leads",
            "due",
            "result",
            "resulted",
            "therefore",
            "thanks",
            "blame",
            "responsible",
            "since",
        ],
    ),
    (
        SUPERLATIVE,
        &[
            "most", "least", "best", "worst", "largest", "biggest", "smallest", "highest",
            "lowest", "first", "only", "never", "always", "every", "all", "none", "record", "ever",
            "fastest", "greatest", "top",
        ],
    ),
    (
        OPINION,
        &[
            "think",
            "believe",
            "feel",
            "hope",
            "should",
            "must",
            "wish",
            "want",
            "love",
            "hate",
            "great",
            "terrible",
            "wonderful",
            "beautiful",
            "disgrace",
            "disgraceful",
            "shameful",
            "amazing",
        ],
    ),
    (
        VAGUE,
        &[
            "some", "many", "maybe", "perhaps", "might", "could", "possibly", "probably", "seems",
            "seem", "likely", "somewhat", "various", "several", "lot", "lots",
        ],
    ),
    // And the months (`dates::MONTHS`), added with the table.
    (
        DATE,
        &["yesterday", "today", "week", "year", "years", "decade"],
    ),
    (
        NUMBER,
        &[
            "million", "billion", "trillion", "thousand", "hundred", "dozen", "half", "twice",
        ],
    ),
    (MONEY, &["percent", "per", "dollars", "euros", "pounds"]),
];

/// The kinds a lower-case word is of. A hash lookup: a `match` over a hundred words compared
/// the word with each in turn, most of the score's time on every claim ingested.
fn kind(word: &str) -> u8 {
    static TABLE: std::sync::LazyLock<std::collections::HashMap<&str, u8>> =
        std::sync::LazyLock::new(|| {
            let mut table = std::collections::HashMap::new();
            let months: (u8, &[&str]) = (DATE, &super::dates::MONTHS);
            for (kind, words) in KINDS.iter().chain([&months]) {
                for word in *words {
                    *table.entry(*word).or_default() |= kind;
                }
            }
            table
        });
    TABLE.get(word).copied().unwrap_or(0)
}

/// What kinds of word a text holds.
#[derive(Default)]
#[allow(clippy::struct_excessive_bools)] // one flag per factor, read once
struct Seen {
    number: bool,
    money: bool,
    comparison: bool,
    date: bool,
    entity: bool,
    causal: bool,
    superlative: bool,
    opinion: bool,
    vague: bool,
}

/// The factors that apply to `text`, and its score. One pass over the words, one reused buffer:
/// it runs for every claim ingested.
#[must_use]
pub fn check_worthiness(text: &str) -> Worth {
    let mut seen = Seen {
        money: text.contains(['%', '$', '€', '£']),
        ..Seen::default()
    };
    let mut words = 0;
    let mut lower = String::new();
    for (i, raw) in text.split_whitespace().enumerate() {
        words += 1;
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        seen.number |= raw.bytes().any(|b| b.is_ascii_digit());
        // A capitalised word after the first is usually a name, place or organisation.
        seen.entity |=
            i > 0 && word.len() > 1 && word != "I" && word.starts_with(char::is_uppercase);
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            lower.extend(word.chars().flat_map(char::to_lowercase));
        }
        let w = lower.as_str();
        let k = kind(w);
        let year =
            w.len() == 4 && w.starts_with(['1', '2']) && w.bytes().all(|b| b.is_ascii_digit());
        seen.number |= k & NUMBER != 0;
        seen.money |= k & MONEY != 0;
        seen.comparison |= k & COMPARISON != 0;
        seen.date |= year || k & DATE != 0;
        seen.causal |= k & CAUSAL != 0;
        seen.superlative |= k & SUPERLATIVE != 0 || (w.ends_with("est") && w.len() > 5);
        seen.opinion |= k & OPINION != 0;
        seen.vague |= k & VAGUE != 0;
    }
    let weights = &*WEIGHTS;
    let factors: Vec<Factor> = [
        (seen.number, NUMBER_FACTOR),
        (seen.money, MONEY_FACTOR),
        (seen.comparison, COMPARISON_FACTOR),
        (seen.date, DATE_FACTOR),
        (seen.entity, ENTITY_FACTOR),
        (seen.causal, CAUSAL_FACTOR),
        (seen.superlative, SUPERLATIVE_FACTOR),
        (seen.opinion, OPINION_FACTOR),
        (text.trim_end().ends_with('?'), QUESTION_FACTOR),
        (seen.vague, VAGUE_FACTOR),
        (words < 5, SHORT_FACTOR),
    ]
    .into_iter()
    .filter(|(applies, _)| *applies)
    .map(|(_, reason)| Factor {
        reason,
        weight: weights.factors.get(reason).copied().unwrap_or(0.0),
    })
    .collect();
    let logit = weights.bias + factors.iter().map(|f| f.weight).sum::<f64>();
    Worth {
        worth: 1.0 / (1.0 + (-logit).exp()),
        factors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(text: &str) -> u8 {
        check_worthiness(text).priority()
    }

    #[test]
    fn specific_checkable_claims_outrank_opinion_and_questions() {
        let specific =
            score("Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years.");
        let opinion = score("I think this was a great meeting.");
        let question = score("Who will pay for the wall?");
        let vague = score("Some people say things might get better.");
        assert!(specific >= 80, "{specific}");
        assert!(
            opinion < 50 && question < 50 && vague < 50,
            "{opinion} {question} {vague}"
        );
        assert!(opinion < specific && question < opinion);
        assert!(score("very soon.") < 30);
    }

    #[test]
    fn every_factor_has_a_fitted_weight_and_nothing_else_has() {
        let weights = &*WEIGHTS;
        for factor in FACTORS {
            assert!(weights.factors.contains_key(factor), "{factor}");
        }
        assert_eq!(weights.factors.len(), FACTORS.len());
        assert!(weights.bias != 0.0, "the file has a (bias) row");
        // Signs a person would expect, so that a bad fit is noticed: numbers count for a claim,
        // questions against it.
        assert!(weights.factors[NUMBER_FACTOR] > 0.0);
        assert!(weights.factors[QUESTION_FACTOR] < 0.0);
    }

    #[test]
    fn worth_is_the_logistic_of_the_weights_and_priority_its_hundredth() {
        let worth = check_worthiness("Who will pay for the wall?");
        let logit = WEIGHTS.bias + worth.factors.iter().map(|f| f.weight).sum::<f64>();
        assert!((worth.worth - 1.0 / (1.0 + (-logit).exp())).abs() < 1e-12);
        assert!((f64::from(worth.priority()) - (worth.worth * 100.0).round()).abs() < 1e-9);
    }

    #[test]
    fn each_word_is_of_one_kind() {
        let mut all: Vec<&str> = KINDS
            .iter()
            .flat_map(|(_, words)| words.iter().copied())
            .collect();
        let count = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), count);
        assert_eq!(kind("halved"), COMPARISON);
        assert_eq!(kind("percent"), MONEY);
        assert_eq!(kind("Percent"), 0, "words are looked up in lower case");
    }

    #[test]
    fn every_factor_is_named() {
        let factors = check_worthiness("Crime doubled because of the new law in Chicago.").factors;
        let reasons: Vec<&str> = factors.iter().map(|f| f.reason).collect();
        assert_eq!(
            reasons,
            [
                "a comparison",
                "a named person, place or body",
                "a cause and effect"
            ]
        );
    }
}
