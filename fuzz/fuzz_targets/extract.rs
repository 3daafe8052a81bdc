//! The quote extractor on any text: no panic, offsets on characters, spans equal to the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let chars: Vec<char> = text.chars().collect();
    for q in claimtrack::ingest::extract::extract(text) {
        assert!(q.start <= q.end && q.end <= chars.len());
        assert_eq!(chars[q.start..q.end].iter().collect::<String>(), q.text);
    }
});
