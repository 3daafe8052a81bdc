//! The date, timestamp and rating parsers on any string.
#![no_main]

use claimtrack::domain::{Verdict, parse_date, parse_date_lenient, parse_timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let today = chrono::NaiveDate::from_ymd_opt(2025, 8, 20).unwrap();
    let _ = parse_date(s, today);
    let _ = parse_date_lenient(s, today);
    let _ = parse_timestamp(s);
    let _ = Verdict::from_label(s);
});
