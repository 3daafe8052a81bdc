//! Plain types of the claim tracker: what a claim, speaker, source, status and verdict are.
//! Nothing here touches the database or the terminal.

mod claims;
mod dates;
mod desk;
pub mod match_index;
mod matching;
mod ops;
mod people;
mod signoff;
mod snapshots;
mod states;
mod text;
mod words;
mod worth;

pub use claims::*;
pub use dates::{
    Clock, after_written_date, not_future, parse_date, parse_date_lenient, parse_timestamp,
};
pub use desk::{COMMAND_LEVELS, DeskUser, Level, command_level};
pub use matching::{
    Doc, Entry, LINK_THRESHOLD, Lookup, Match, MatchReader, Matcher, Posting, Ranking, Term,
};
pub use ops::{
    BOOKKEEPING, Operation, RowChange, RowRange, changed_fields, op_summary, overlaps, reverted_ops,
};
pub use people::*;
pub use signoff::{
    After, Before, CheckState, Rated, Refused, SignOff, SignOffError, Step, Stepped, after_finding,
    after_status_change, corrections_in_effect, finding_moves, rater, stage_of, take_step,
};
pub use snapshots::{ArchiveScope, NewSnapshot, Snapshot};
pub use states::{ALLOWED_VERDICTS, Contradiction, after_change, check_state, command_for};
pub use text::{
    check_claim_text, check_language, check_name, check_url, claim_key, is_invisible, name_key,
    non_empty, normalise_tag, url_host,
};
pub use words::*;
pub use worth::{check_worthiness, weights_hash};

/// The small parsers take any string without panicking.
#[cfg(test)]
mod never_panics {
    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn parsers_take_any_string(s in "\\PC{0,40}") {
            let today = NaiveDate::from_ymd_opt(2025, 8, 20).unwrap();
            let _ = parse_date(&s, today);
            let _ = parse_date_lenient(&s, today);
            let _ = parse_timestamp(&s);
            let _ = Verdict::from_label(&s);
            let _ = s.parse::<Status>();
            let _ = check_url(&s);
            let _ = check_name(&s);
            let _ = check_claim_text(&s);
            let _ = normalise_tag(&s);
            let _ = check_worthiness(&s);
            prop_assert_eq!(claim_key(&s), claim_key(&s.to_ascii_uppercase()));
        }

        #[test]
        fn relative_dates_never_overflow(n in any::<u32>(), unit in "[dwmy]", sign in "[+-]") {
            let today = NaiveDate::from_ymd_opt(2025, 8, 20).unwrap();
            let _ = parse_date(&format!("{sign}{n}{unit}"), today);
        }
    }
}
