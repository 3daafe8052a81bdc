//! Making untrusted text safe to show.

use std::borrow::Cow;

/// Removes what could change the terminal or reorder text: escape sequences, C0/C1 controls
/// (newlines and tabs become spaces only in `one_line`), bidi overrides and zero-width marks.
#[must_use]
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            c if is_stripped(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// What `clean` drops besides escape sequences: controls other than line breaks and tabs, and
/// invisible format characters.
fn is_stripped(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t' || crate::domain::is_invisible(c)
}

/// `clean`, with all whitespace runs folded into one space: for table cells.
#[must_use]
pub fn one_line(text: &str) -> String {
    clean(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts `text` to at most `max` characters, ending with `…` when cut.
#[must_use]
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Skips the rest of an escape sequence (CSI `ESC [ ... final`, OSC `ESC ] ... BEL/ST`, or a
/// two-character escape).
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => {
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        }
        Some(']') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' || (c == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                    break;
                }
            }
        }
        _ => {}
    }
}

/// A CSV cell a spreadsheet will show as text, and a terminal too: escapes and controls are
/// removed as by [`clean`] (line breaks and tabs stay), and one that starts like a formula (`=`,
/// `+`, `-`, `@`, tab) gets a leading apostrophe (OWASP's advice).
#[must_use]
pub fn csv_safe(cell: &str) -> Cow<'_, str> {
    let cell = if cell.chars().any(is_stripped) {
        Cow::Owned(clean(cell))
    } else {
        Cow::Borrowed(cell)
    };
    if cell.starts_with(['=', '+', '-', '@', '\t']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_escapes_controls_and_bidi() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(clean("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(clean("x\u{1b}]8;;http://e\u{1b}\\y"), "xy");
        assert_eq!(clean("ab\u{202E}cd\u{0}\u{85}e"), "abcde");
        assert_eq!(one_line("a\n\tb  c\r\n"), "a b c");
        assert_eq!(clean("Zelenskyy’s “deal”"), "Zelenskyy’s “deal”");
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("-2+3"), "'-2+3");
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("plain"), "plain");
        assert_eq!(csv_safe("\r=1+1"), "'=1+1");
        assert_eq!(csv_safe("a\u{1b}[31mred\u{7}\u{202E}\nline"), "ared\nline");
    }

    #[test]
    fn shorten_counts_characters() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("ab", 4), "ab");
        assert_eq!(shorten("ééééé", 3), "éé…");
    }
}
