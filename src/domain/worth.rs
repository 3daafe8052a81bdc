//! Check-worthiness: a transparent score (0–100) of how much a claim deserves a fact-checker's
//! time, in the spirit of ClaimBuster and Full Fact's checks. Checkable specifics raise it
//! (numbers, percentages, comparisons, dates, named entities, causes, superlatives); opinion,
//! questions and vague language lower it. Every point comes with its reason.

/// One reason the score moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Factor {
    pub reason: &'static str,
    pub points: i32,
}

/// "+a number", "-opinion": the reason with the way it moved the score.
impl std::fmt::Display for Factor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.points > 0 { "+" } else { "" };
        write!(f, "{sign}{}", self.reason)
    }
}

/// Where every claim starts.
const BASE: i32 = 30;

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
pub fn check_worthiness(text: &str) -> (u8, Vec<Factor>) {
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
    let factors: Vec<Factor> = [
        (seen.number, "a number", 15),
        (seen.money, "a percentage or money", 10),
        (seen.comparison, "a comparison", 10),
        (seen.date, "a date or period", 8),
        (seen.entity, "a named person, place or body", 8),
        (seen.causal, "a cause and effect", 8),
        (seen.superlative, "a superlative or absolute", 8),
        (seen.opinion, "opinion", -15),
        (text.trim_end().ends_with('?'), "a question", -20),
        (seen.vague, "vague or hedged", -10),
        (words < 5, "too short to check", -15),
    ]
    .into_iter()
    .filter(|(applies, ..)| *applies)
    .map(|(_, reason, points)| Factor { reason, points })
    .collect();
    let score = (BASE + factors.iter().map(|f| f.points).sum::<i32>()).clamp(0, 100);
    (score as u8, factors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(text: &str) -> u8 {
        check_worthiness(text).0
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
            opinion < 30 && question < 30 && vague < 30,
            "{opinion} {question} {vague}"
        );
        assert!(score("very soon.") < 20);
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
        let (_, factors) = check_worthiness("Crime doubled because of the new law in Chicago.");
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
