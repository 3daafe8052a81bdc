//! Normalised keys, so that the same claim, speaker or tag written two ways is found as one.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Claim text reduced to lower-case words: quote style, punctuation, case and spacing differences
/// ("We didn’t get there." / "we didn't get there") do not make a new claim.
#[must_use]
pub fn normalise_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkc().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else if c.is_whitespace() || !is_apostrophe(c) {
            // Apostrophes join ("didn't" = "didnt"); everything else separates words.
            pending_space = true;
        }
    }
    out
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

/// A person's or outlet's name as a lookup key: case, accents, dots and spacing ignored, so
/// "José  Díaz" and "jose diaz" meet.
#[must_use]
pub fn name_key(name: &str) -> String {
    let folded: String = name.nfkd().filter(|c| !is_combining_mark(*c)).collect();
    normalise_text(&folded.replace('.', ""))
}

/// Tags are lower case, without a leading `#`, with inner spaces as `-`; `None` when nothing is
/// left.
#[must_use]
pub fn normalise_tag(tag: &str) -> Option<String> {
    let trimmed = tag.trim().trim_start_matches('#').trim();
    let tag: String = trimmed
        .nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    (!tag.is_empty()).then_some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(normalise_text("30%—of them"), "30 of them");
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

/// Checks claim text and returns it trimmed.
pub fn check_claim_text(text: &str) -> Result<String, String> {
    let trimmed = text.trim();
    if normalise_text(trimmed).is_empty() {
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

/// Checks a speaker or source name and returns it trimmed.
pub fn check_name(name: &str) -> Result<String, String> {
    let trimmed = name.trim();
    if name_key(trimmed).is_empty() {
        return Err("is empty (a name needs letters or digits)".to_string());
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

#[cfg(test)]
mod check_tests {
    use super::*;

    #[test]
    fn checks_reject_empty_huge_and_odd_values() {
        assert_eq!(check_claim_text("  x is y \n").unwrap(), "x is y");
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
}
