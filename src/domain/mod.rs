//! Plain types of the claim tracker: what a claim, speaker, source, status and verdict are.
//! Nothing here touches the database or the terminal.

mod dates;
mod text;
mod types;
mod worth;

pub use dates::{Clock, parse_date, parse_date_lenient, parse_timestamp};
pub use text::{
    check_claim_text, check_name, check_url, claim_key, content_words, name_key, normalise_tag,
    similarity,
};
pub use types::*;
pub use worth::check_worthiness;
