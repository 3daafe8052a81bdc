//! First stage: find the quotation spans and split the text around them into tokens.
//! Everything works on a `Vec<char>`, so every offset is a code-point offset.

/// One quotation: the marks are at `open` and (when closed) at `end`.
#[derive(Debug, Clone)]
pub struct QuoteSpan {
    /// Index of the opening mark.
    pub open: usize,
    /// First and one-past-last code point of the quoted words.
    pub start: usize,
    pub end: usize,
    /// Whether a closing mark was found (not so for a quote running on into the next paragraph).
    pub closed: bool,
}

/// What a token outside the quotations is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Punct(char),
    /// A line break: attributions never run over one.
    Break,
    /// A whole quotation, standing in the sentence where it was written.
    Quote(usize),
}

/// Tokens `a..=b` as text, words spaced, punctuation kept tight.
pub fn text_of(toks: &[Tok], a: usize, b: usize) -> String {
    let mut s = String::new();
    for t in &toks[a..=b] {
        if !s.is_empty() && t.is_word() {
            s.push(' ');
        }
        s.push_str(&t.text);
    }
    s
}

/// A token of the text outside the quotations.
#[derive(Debug, Clone)]
pub struct Tok {
    pub kind: Kind,
    pub text: String,
    pub lower: String,
    /// Starts with an upper-case letter.
    pub cap: bool,
}

impl Tok {
    fn new(kind: Kind, text: String) -> Tok {
        let lower = text.to_lowercase();
        let cap = text.chars().next().is_some_and(char::is_uppercase);
        Tok {
            kind,
            text,
            lower,
            cap,
        }
    }
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
    /// The word without a possessive ending ("Jazeera’s" -> "Jazeera").
    pub fn bare(&self) -> &str {
        strip_possessive(&self.text).0
    }
    pub fn is_possessive(&self) -> bool {
        strip_possessive(&self.text).1
    }
}

pub fn strip_possessive(w: &str) -> (&str, bool) {
    for suf in ["’s", "'s", "’", "'"] {
        if let Some(b) = w.strip_suffix(suf)
            && !b.is_empty()
            && (suf.ends_with('s') || b.ends_with('s'))
        {
            return (b, true);
        }
    }
    (w, false)
}

/// The mark that closes a quotation opened by `c`: English double marks, French and Danish
/// guillemets (« », » «), German low-high marks („ “) and Japanese corner brackets (「 」).
fn closer_for(c: char) -> Option<char> {
    match c {
        '\u{201c}' => Some('\u{201d}'),
        '"' => Some('"'),
        '«' => Some('»'),
        '»' => Some('«'),
        '„' => Some('\u{201c}'),
        '「' => Some('」'),
        _ => None,
    }
}

/// Whether a paragraph break starts at `j` (a newline followed by a blank line, or by a line
/// that opens with a quotation mark: the convention for a quote running over paragraphs).
fn paragraph_break_at(chars: &[char], j: usize) -> bool {
    if chars[j] != '\n' {
        return false;
    }
    let mut k = j + 1;
    while k < chars.len() && (chars[k] == ' ' || chars[k] == '\t' || chars[k] == '\r') {
        k += 1;
    }
    k < chars.len() && (chars[k] == '\n' || chars[k] == '\u{201c}')
}

/// Whether the straight mark at `i` is an inch mark, not a quotation mark: it closes a
/// feet-and-inches figure ("6'3\" tall"), or, where a quote would open, it follows a digit
/// with no space ("a 17\" screen"): an opening mark never touches the number before it.
fn inch_mark(chars: &[char], i: usize, opening: bool) -> bool {
    if chars[i] != '"' || i == 0 || !chars[i - 1].is_ascii_digit() {
        return false;
    }
    if opening {
        return true;
    }
    // Back over the inches (one or two digits) to the feet mark and the feet.
    let digits = chars[..i]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let k = i - digits;
    digits <= 2
        && k >= 2
        && matches!(chars[k - 1], '\'' | '\u{2019}')
        && chars[k - 2].is_ascii_digit()
}

/// Whether the mark at `j` is an opening curly mark typed where the closing one belongs
/// (“abhorrent“ in a tweet): it touches the word before and not the word after. Curly double
/// quotes do not nest, so inside an open one such a mark can only close it.
fn backwards_closer(chars: &[char], j: usize, close: char) -> bool {
    close == '\u{201d}'
        && chars[j] == '\u{201c}'
        && j > 0
        && !chars[j - 1].is_whitespace()
        && !matches!(chars[j - 1], '(' | '[' | '—' | '–' | '-' | '/')
        && chars.get(j + 1).is_none_or(|c| !c.is_alphanumeric())
}

/// All double-quoted spans, in order. Single quotes are never top-level quotations here:
/// inside double quotes they are nested quotes, elsewhere mostly apostrophes or headlines.
pub fn find_quotes(chars: &[char]) -> Vec<QuoteSpan> {
    let mut out = Vec::new();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let Some(close) = closer_for(chars[i]).filter(|_| !inch_mark(chars, i, true)) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        let mut closed = false;
        // The other style's closing mark right after a word (“...now," he said): taken only if
        // the paragraph has no proper one, so a typo does not swallow the rest of the paragraph,
        // and never one that closes a quotation opened inside (“Shark Tank.”).
        let mut mixed: Option<usize> = None;
        let mut inner = 0usize;
        while j < n {
            // A straight mark after a space and before a word opens: the quote before it ran on
            // unclosed, as one continued in the next paragraph does (BBC style), here with the
            // paragraphs joined on one line.
            if close == '"'
                && chars[j] == '"'
                && chars[j - 1].is_whitespace()
                && chars.get(j + 1).is_some_and(|c| c.is_alphanumeric())
            {
                break;
            }
            if (chars[j] == close && !inch_mark(chars, j, false))
                || backwards_closer(chars, j, close)
            {
                closed = true;
                break;
            }
            if paragraph_break_at(chars, j) {
                break;
            }
            let other = if close == '"' { '\u{201d}' } else { '"' };
            let opens_inner = if close == '"' {
                chars[j] == '\u{201c}'
            } else {
                chars[j] == '"' && chars[j - 1].is_whitespace()
            };
            if opens_inner {
                inner += 1;
            } else if chars[j] == other
                && !chars[j - 1].is_whitespace()
                && !inch_mark(chars, j, false)
            {
                if inner > 0 {
                    inner -= 1;
                } else if mixed.is_none() {
                    mixed = Some(j);
                }
            }
            j += 1;
        }
        if let (false, Some(m)) = (closed, mixed) {
            j = m;
            closed = true;
        }
        if !closed && j == n {
            // No closing mark anywhere: the quote ends with its paragraph.
            j = (i + 1..n).find(|&k| chars[k] == '\n').unwrap_or(n);
        }
        // French typography spaces the words from their guillemets (« Nous... »).
        let mut start = i + 1;
        let mut end = j;
        if matches!(chars[i], '«' | '»') {
            while start < end && chars[start].is_whitespace() {
                start += 1;
            }
            while end > start && chars[end - 1].is_whitespace() {
                end -= 1;
            }
        }
        if end > start {
            out.push(QuoteSpan {
                open: i,
                start,
                end,
                closed,
            });
        }
        i = if closed { j + 1 } else { j.max(i + 1) };
    }
    out
}

/// Abbreviations whose trailing period does not end a sentence.
pub fn is_abbrev(w: &str) -> bool {
    const A: &[&str] = &[
        "mr", "mrs", "ms", "dr", "sen", "rep", "reps", "gov", "gen", "lt", "col", "sgt", "capt",
        "jr", "sr", "st", "prof", "rev", "adm", "inc", "corp", "co", "ltd", "vs", "etc", "no",
        "jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec", "ariz", "calif", "fla", "ill",
        "mass", "mich", "minn", "tenn", "tex", "va", "wash", "wis", "conn", "penn", "pa", "ga",
        "ala", "ark", "colo", "del", "ind", "kan", "ky", "la", "md", "miss", "mo", "mont", "neb",
        "nev", "okla", "ore", "vt", "wyo", "msgr", "messrs", "mt", "ft", "pres", "supt", "approx",
        "dept", "univ", "assn", "bros", "cmdr", "gens", "sens", "govs",
    ];
    A.contains(&w.to_lowercase().as_str())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '-' | '.' | '&' | '\u{2010}' | '\u{2011}'
    )
}

/// Tokens of the text outside quotations, with one `Kind::Quote` token per quotation.
pub fn tokenize(chars: &[char], quotes: &[QuoteSpan]) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    let mut next_quote = 0;
    let mut at = 0;
    while at < chars.len() {
        if let Some(q) = quotes.get(next_quote).filter(|q| q.open == at) {
            toks.push(Tok::new(Kind::Quote(next_quote), String::new()));
            at = if q.closed { q.end + 1 } else { q.end };
            next_quote += 1;
            continue;
        }
        let c = chars[at];
        if c == '\n' {
            if toks.last().is_none_or(|t| t.kind != Kind::Break) {
                toks.push(Tok::new(Kind::Break, "\n".into()));
            }
            at += 1;
        } else if c.is_whitespace() {
            at += 1;
        } else if is_word_char(c) {
            let end = word_end(chars, at);
            toks.push(Tok::new(Kind::Word, chars[at..end].iter().collect()));
            at = end;
        } else {
            toks.push(Tok::new(Kind::Punct(c), c.to_string()));
            at += 1;
        }
    }
    toks
}

/// Where the word starting at `start` ends: letters and digits joined by apostrophes,
/// hyphens or dots, with the period of an initial, an abbreviation or "U.S." kept.
fn word_end(chars: &[char], start: usize) -> usize {
    let len = chars.len();
    let mut end = start + 1;
    while end < len {
        if is_word_char(chars[end]) {
            end += 1;
        } else if is_joiner(chars[end]) && end + 1 < len && is_word_char(chars[end + 1]) {
            end += 2;
        } else {
            break;
        }
    }
    if end < len && chars[end] == '.' {
        let word: String = chars[start..end].iter().collect();
        let initial = end - start == 1 && chars[start].is_uppercase();
        if initial || word.contains('.') || is_abbrev(&word) {
            end += 1;
        }
    }
    // A possessive apostrophe after a plural ("voters’").
    if end < len && matches!(chars[end], '\u{2019}' | '\'') && chars[end - 1] == 's' {
        let next_is_word = end + 1 < len && is_word_char(chars[end + 1]);
        if !next_is_word {
            end += 1;
        }
    }
    end
}

/// The mark that ends the sentence at the end of the quoted words ("... there."), if any.
pub fn quote_ends_sentence(chars: &[char], q: &QuoteSpan) -> Option<char> {
    let mut k = q.end;
    while k > q.start {
        let c = chars[k - 1];
        if c.is_whitespace() || c == '\u{2019}' || c == '\'' || c == ')' {
            k -= 1;
            continue;
        }
        return matches!(c, '.' | '?' | '!' | '\u{2026}').then_some(c);
    }
    None
}

/// Number of words in the quoted text.
pub fn word_count(chars: &[char], q: &QuoteSpan) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for &c in &chars[q.start..q.end] {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            n += 1;
        }
    }
    n
}
