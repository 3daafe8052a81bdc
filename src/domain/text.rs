//! Normalised keys, so that the same claim, speaker or tag written two ways is found as one.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Claim text reduced to lower-case words: quote style, punctuation, case and spacing differences
/// ("We didn’t get there." / "we didn't get there") do not make a new claim.
#[must_use]
pub fn normalise_text(text: &str) -> String {
    // Plain ASCII is already in normal form: skip the Unicode tables (most claims, every ingest).
    if text.is_ascii() {
        return words_of(
            text.bytes().map(|b| char::from(b.to_ascii_lowercase())),
            text.len(),
        );
    }
    words_of(text.nfkc().flat_map(char::to_lowercase), text.len())
}

/// Letters and digits, words separated by one space; apostrophes join ("didn't" = "didnt"),
/// everything else separates, except what changes a figure: a minus sign ("-5"), a decimal
/// point or separator between digits ("5.5", "1,000"), and a unit or currency sign ("10%",
/// "$5"). Each of those stands where a space would, so two texts equal here are equal without
/// them too: keys only ever get finer (see migration 9).
fn words_of(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut pending_space = false;
    let mut prev = ' ';
    let mut last = ' ';
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        let next_digit = chars.peek().is_some_and(char::is_ascii_digit);
        // A minus sign, however typed: '-', '−' or the en dash ("–5%").
        let minus =
            matches!(c, '-' | '\u{2212}' | '\u{2013}') && !prev.is_alphanumeric() && next_digit;
        let keep = c.is_alphanumeric()
            || is_figure_sign(c)
            || minus
            || matches!(c, '.' | ',') && prev.is_ascii_digit() && next_digit;
        if keep {
            // "10 %" is "10%" and "$ 5" is "$5": a space inside a figure is typography.
            let joins = matches!(c, '%' | '\u{b0}') && last.is_ascii_digit()
                || c.is_ascii_digit() && is_figure_sign(last) && !matches!(last, '%' | '\u{b0}');
            if pending_space && !out.is_empty() && !joins {
                out.push(' ');
            }
            pending_space = false;
            last = if minus { '-' } else { c };
            out.push(last);
        } else if c.is_whitespace() || !is_apostrophe(c) {
            pending_space = true;
        }
        prev = c;
    }
    out
}

/// Signs that are part of a figure: per cent, degrees, currencies.
fn is_figure_sign(c: char) -> bool {
    matches!(
        c,
        '%' | '\u{b0}'
            | '$'
            | '\u{20ac}'
            | '\u{a3}'
            | '\u{a5}'
            | '\u{20b9}'
            | '\u{20bd}'
            | '\u{20b4}'
    )
}

/// `text` with every run of characters that are not letters or digits as one space: the bare
/// words, for comparing labels ("Pants-on-Fire!" is "Pants on Fire").
#[must_use]
pub fn plain_words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// The de-duplication key of a claim: a 128-bit hash of its normalised text, compact enough to
/// index a million claims cheaply.
#[must_use]
pub fn claim_key(text: &str) -> [u8; 16] {
    let hash = blake3::hash(normalise_text(text).as_bytes());
    let mut key = [0u8; 16];
    key.copy_from_slice(&hash.as_bytes()[..16]);
    key
}

/// A value given with its spaces trimmed, or `None` when nothing is left.
#[must_use]
pub fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The host of a link, without `www.`: an outlet's name when nothing better is known.
#[must_use]
pub fn url_host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.trim_start_matches("www.").to_string()
}

/// A person's or outlet's name as a lookup key: case, accents, dots and spacing ignored, so
/// "José  Díaz" and "jose diaz" meet.
#[must_use]
pub fn name_key(name: &str) -> String {
    if name.is_ascii() {
        return normalise_text(&name.replace('.', ""));
    }
    let folded: String = name.nfkd().filter(|c| !is_combining_mark(*c)).collect();
    normalise_text(&folded.replace('.', ""))
}

/// Tags are lower case, without a leading `#`, with inner spaces as `-`; `None` when nothing is
/// left.
#[must_use]
pub fn normalise_tag(tag: &str) -> Option<String> {
    let trimmed = tag.trim().trim_start_matches('#').trim();
    let tag = if trimmed.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        trimmed.to_ascii_lowercase().replace(' ', "-")
    } else {
        trimmed
            .nfkc()
            .flat_map(char::to_lowercase)
            .map(|c| if c.is_whitespace() { '-' } else { c })
            // Controls, bidi overrides and zero-width marks would make two tags look alike.
            .filter(|c| !c.is_control() && !is_invisible(*c))
            .collect()
    };
    tag.chars().any(char::is_alphanumeric).then_some(tag)
}

/// Bidi embeddings/overrides/isolates and zero-width characters: invisible, but they can make a
/// line read differently from what it contains.
#[must_use]
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_host_names_a_bare_link() {
        assert_eq!(url_host("https://www.example.org/a?b"), "example.org");
        assert_eq!(url_host("example.org"), "example.org");
    }

    #[test]
    fn claim_text_ignores_quote_style_case_and_punctuation() {
        assert_eq!(
            normalise_text("  We didn’t get   there.\n"),
            "we didnt get there"
        );
        assert_eq!(
            normalise_text("“We didn't get there,”"),
            "we didnt get there"
        );
        assert_eq!(
            claim_key("We didn’t get there."),
            claim_key("we didn't get there")
        );
        assert_ne!(
            claim_key("We got there."),
            claim_key("We didn't get there.")
        );
        assert_eq!(normalise_text("30%—of them"), "30% of them");
    }

    /// The words the keys before migration 9 were made of: letters and digits, apostrophes
    /// joining, everything else a space.
    fn words_before_9(text: &str) -> String {
        let folded: String = text
            .nfkc()
            .flat_map(char::to_lowercase)
            .filter(|c| !is_apostrophe(*c))
            .collect();
        plain_words(&folded)
    }

    proptest::proptest! {
        /// Migration 9 recomputes keys in place under a unique index: safe because the old
        /// words can be read back from the new ones (signs as spaces), so two claims of one
        /// speaker can never come to share a key.
        #[test]
        fn new_keys_only_tell_more_texts_apart(s in "[5a' .,%$°−–-]{0,12}|\\PC{0,30}") {
            let back = plain_words(&normalise_text(&s));
            proptest::prop_assert_eq!(back, words_before_9(&s));
        }
    }

    #[test]
    fn figures_keep_their_sign_unit_and_decimals() {
        let differ = [
            ("Crime is up -5 percent.", "Crime is up 5 percent."),
            ("Crime fell 10%.", "Crime fell 10."),
            ("We spent $1000", "We spent 1000"),
            ("It grew 5.5 points", "It grew 55 points"),
            ("It grew 5.5 points", "It grew 5 5 points"),
            ("It was −3 degrees", "It was 3 degrees"),
        ];
        for (a, b) in differ {
            assert_ne!(claim_key(a), claim_key(b), "{a} / {b}");
        }
        assert_eq!(
            normalise_text("It was −3°, a 1,000-year low."),
            "it was -3° a 1,000 year low"
        );
        // Spaces inside a figure and the way a minus is typed do not matter.
        assert_eq!(claim_key("Crime fell 10 %"), claim_key("Crime fell 10%"));
        assert_eq!(claim_key("It cost $ 5"), claim_key("It cost $5"));
        assert_eq!(claim_key("Up –5%"), claim_key("Up -5%"));
        assert_ne!(claim_key("Up –5%"), claim_key("Up 5%"));
        // A dash between words or figures still separates; a full stop after a figure ends it.
        assert_eq!(normalise_text("2015-2016, up 5."), "2015 2016 up 5");
        assert_eq!(normalise_text("well-known"), "well known");
    }

    #[test]
    fn names_ignore_accents_dots_and_case() {
        assert_eq!(name_key("José  Díaz"), "jose diaz");
        assert_eq!(name_key("Donald J. Trump"), "donald j trump");
        assert_eq!(name_key("U.S. Senate"), "us senate");
    }

    #[test]
    fn tags_are_normalised() {
        assert_eq!(normalise_tag("#Ukraine").as_deref(), Some("ukraine"));
        assert_eq!(normalise_tag(" Peace Deal ").as_deref(), Some("peace-deal"));
        assert_eq!(normalise_tag(" # "), None);
    }
}

/// The longest claim accepted: a statement, not a transcript.
pub const MAX_CLAIM_CHARS: usize = 20_000;

/// Checks claim text and returns it trimmed, without quotation marks wrapped round the whole
/// of it (`“We will win.”` is the claim `We will win.`; the marks say it is a quote).
pub fn check_claim_text(text: &str) -> Result<String, String> {
    let trimmed = unwrap_quotes(text.trim());
    if !trimmed.chars().any(char::is_alphanumeric) {
        return Err("is empty (a claim needs words)".to_string());
    }
    if trimmed.contains('\0') {
        return Err("contains a NUL character".to_string());
    }
    let chars = trimmed.chars().count();
    if chars > MAX_CLAIM_CHARS {
        return Err(format!(
            "is {chars} characters long; the limit is {MAX_CLAIM_CHARS}"
        ));
    }
    Ok(trimmed.to_string())
}

/// `text` without one pair of quotation marks round all of it; a text with the closing mark
/// inside as well (`"Yes," he said, "no."`) is left as it is.
fn unwrap_quotes(text: &str) -> &str {
    for (open, close) in [('"', '"'), ('\u{201c}', '\u{201d}')] {
        if let Some(inner) = text
            .strip_prefix(open)
            .and_then(|t| t.strip_suffix(close))
            .filter(|inner| !inner.contains(close) && !inner.contains(open))
        {
            return inner.trim();
        }
    }
    text
}

/// Checks a speaker or source name and returns it trimmed.
pub fn check_name(name: &str) -> Result<String, String> {
    let trimmed = name.trim();
    if name_key(trimmed).is_empty() {
        return Err("is empty (a name needs letters or digits)".to_string());
    }
    if !trimmed.chars().any(char::is_alphanumeric) {
        return Err(format!(
            "'{trimmed}' is not a name (a name needs a letter or digit)"
        ));
    }
    if trimmed.chars().count() > 300 || trimmed.contains('\0') {
        return Err("is not a plausible name (over 300 characters or a NUL)".to_string());
    }
    Ok(trimmed.to_string())
}

/// Checks that a link is an absolute http(s) URL and returns it trimmed.
pub fn check_url(url: &str) -> Result<String, String> {
    let trimmed = url.trim();
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or_else(|| {
            format!("'{trimmed}' is not a link (it must start with http:// or https://)")
        })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("'{trimmed}' is not a valid link"));
    }
    Ok(trimmed.to_string())
}

/// Checks a language and returns it as a BCP 47 tag, case as the standard writes it (`en`,
/// `pt-BR`, `zh-Hant`); a language's English or own name (`French`, `Español`) becomes its code.
pub fn check_language(language: &str) -> Result<String, String> {
    let trimmed = language.trim();
    let mut parts = trimmed.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    let mut tag =
        if (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()) {
            primary.to_ascii_lowercase()
        } else {
            String::new()
        };
    for part in parts {
        if tag.is_empty()
            || !(1..=8).contains(&part.len())
            || !part.chars().all(|c| c.is_ascii_alphanumeric())
        {
            tag.clear();
            break;
        }
        tag.push('-');
        match part.len() {
            // A region (`BR`) and a script (`Hant`) are written so; the rest in lower case.
            2 => tag.push_str(&part.to_ascii_uppercase()),
            4 if part.chars().all(|c| c.is_ascii_alphabetic()) => {
                tag.push_str(&part[..1].to_ascii_uppercase());
                tag.push_str(&part[1..].to_ascii_lowercase());
            }
            _ => tag.push_str(&part.to_ascii_lowercase()),
        }
    }
    if !tag.is_empty() {
        return Ok(tag);
    }
    let key = name_key(trimmed);
    super::LANGUAGE_NAMES
        .iter()
        .find(|(_, names)| names.iter().any(|n| name_key(n) == key))
        .map(|(code, _)| (*code).to_string())
        .ok_or_else(|| {
            format!("'{trimmed}' is not a language: give a code such as en, fr or pt-BR")
        })
}

#[cfg(test)]
mod check_tests {
    use super::*;

    #[test]
    fn checks_reject_empty_huge_and_odd_values() {
        assert_eq!(check_claim_text("  x is y \n").unwrap(), "x is y");
        assert_eq!(check_claim_text("“We will win.”").unwrap(), "We will win.");
        assert_eq!(
            check_claim_text("\"We will win.\"").unwrap(),
            "We will win."
        );
        let two = "\"Yes,\" he said, \"no.\"";
        assert_eq!(check_claim_text(two).unwrap(), two);
        assert!(check_claim_text(" “ ” ").is_err());
        assert!(check_claim_text(&"a".repeat(MAX_CLAIM_CHARS + 1)).is_err());
        assert!(check_name("  ").is_err());
        assert!(check_url("https://example.org/a b").is_err());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("https:///x").is_err());
        assert_eq!(
            check_url(" https://example.org/x ").unwrap(),
            "https://example.org/x"
        );
    }

    #[test]
    fn languages_are_bcp47_tags_or_names() {
        for (given, want) in [
            ("en", "en"),
            (" FR ", "fr"),
            ("pt-br", "pt-BR"),
            ("pt_BR", "pt-BR"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("es-419", "es-419"),
            ("French", "fr"),
            ("Español", "es"),
            ("deutsch", "de"),
        ] {
            assert_eq!(check_language(given).as_deref(), Ok(want), "{given}");
        }
        for bad in ["", "f", "english please", "fr-", "12", "fr-toolongsubtag"] {
            assert!(check_language(bad).is_err(), "{bad}");
        }
    }
}
