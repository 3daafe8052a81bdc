//! Every input reader on any bytes: records or errors, never a panic.
#![no_main]

use std::io::Write;

use claimtrack::ingest::{Kind, Options, open};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(bytes).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 8, 20).unwrap();
    for kind in [Kind::Jsonl, Kind::Json, Kind::Csv, Kind::Tsv, Kind::Text, Kind::Claimreview] {
        let options = Options { kind: Some(kind), ..Options::default() };
        if let Ok(input) = open(file.path(), &options, today) {
            for item in input.items.take(10_000) {
                let _ = item;
            }
        }
    }
});
