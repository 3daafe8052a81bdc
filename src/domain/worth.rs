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

/// Where every claim starts.
const BASE: i32 = 30;

const COMPARISONS: &[&str] = &[
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
];
const CAUSAL: &[&str] = &[
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
];
const SUPERLATIVES: &[&str] = &[
    "most", "least", "best", "worst", "largest", "biggest", "smallest", "highest", "lowest",
    "first", "only", "never", "always", "every", "all", "none", "record", "ever", "fastest",
    "greatest", "top",
];
const OPINION: &[&str] = &[
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
];
const VAGUE: &[&str] = &[
    "some", "many", "maybe", "perhaps", "might", "could", "possibly", "probably", "seems", "seem",
    "likely", "somewhat", "various", "several", "lot", "lots",
];
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The factors that apply to `text`, and its score.
#[must_use]
pub fn check_worthiness(text: &str) -> (u8, Vec<Factor>) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let lower: Vec<String> = words
        .iter()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let has = |list: &[&str]| lower.iter().any(|w| list.contains(&w.as_str()));
    let mut factors = Vec::new();
    let mut add = |cond: bool, reason, points| {
        if cond {
            factors.push(Factor { reason, points });
        }
    };
    let number = words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
        || lower.iter().any(|w| {
            matches!(
                w.as_str(),
                "million"
                    | "billion"
                    | "trillion"
                    | "thousand"
                    | "hundred"
                    | "dozen"
                    | "half"
                    | "twice"
            )
        });
    let year = lower.iter().any(|w| {
        w.len() == 4 && w.starts_with(['1', '2']) && w.chars().all(|c| c.is_ascii_digit())
    });
    add(number, "a number", 15);
    add(
        text.contains(['%', '$', '€', '£'])
            || lower.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "percent" | "per" | "dollars" | "euros" | "pounds"
                )
            }),
        "a percentage or money",
        10,
    );
    add(has(COMPARISONS), "a comparison", 10);
    add(
        year || has(MONTHS)
            || lower.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "yesterday" | "today" | "week" | "year" | "years" | "decade"
                )
            }),
        "a date or period",
        8,
    );
    // A capitalised word after the first is usually a name, place or organisation.
    let entity = words.iter().skip(1).any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.chars().next().is_some_and(char::is_uppercase) && w.len() > 1 && w != "I"
    });
    add(entity, "a named person, place or body", 8);
    add(has(CAUSAL), "a cause and effect", 8);
    add(
        has(SUPERLATIVES) || lower.iter().any(|w| w.ends_with("est") && w.len() > 5),
        "a superlative or absolute",
        8,
    );
    add(
        has(OPINION)
            || lower
                .windows(2)
                .any(|p| p[0] == "i" && matches!(p[1].as_str(), "think" | "believe" | "feel")),
        "opinion",
        -15,
    );
    add(text.trim_end().ends_with('?'), "a question", -20);
    add(has(VAGUE), "vague or hedged", -10);
    add(words.len() < 5, "too short to check", -15);
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
