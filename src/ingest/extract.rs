//! Finds direct quotations in article text and attributes each to its speaker, with transparent
//! rules: quote marks, speech verbs, name patterns and a running notion of who was last mentioned.
//!
//! The work runs in stages, each in its own module:
//! 1. [`scan`] finds the quoted spans (curly or straight double quotes, quotes that run over a
//!    paragraph) and tokenises the text around them, in code points;
//! 2. [`names`] finds capitalised names and their titles, links surnames to full names, learns
//!    gender from honorifics and pronoun use, and tracks who is salient for a later "he";
//! 3. [`attrib`] looks for a speech verb and its subject next to each quotation;
//! 4. this module fills in quotes with no verb of their own (continuations), resolves the
//!    speaker phrase to a person, and drops quoted text that is not speech (titles, scare quotes).

mod attrib;
mod lexicon;
mod names;
mod scan;

// What transcripts read alike: titles before a name, abbreviations that end no sentence.
pub(super) use lexicon::is_title_word;
pub(super) use scan::is_abbrev;

use crate::domain::SpeakerKind;
use attrib::{Attribution, Ctx, How, NpKind};
use lexicon::{is_capitalised_function_word, is_naming_word, is_title_intro, is_title_small_word};
use names::People;
use scan::{Kind, QuoteSpan, Tok};
use serde::Serialize;

/// One direct quotation found in an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// The quoted words, quote marks excluded.
    pub text: String,
    /// The person's name as best resolved, or `None` when no speaker could be found.
    pub speaker: Option<String>,
    /// Title, role or affiliation found around the speaker's name ("U.S. President").
    pub role: Option<String>,
    /// Offsets of the quoted words in the input, in Unicode code points (not bytes).
    pub start: usize,
    pub end: usize,
    /// The speech verb phrase that attributes the quote ("told reporters").
    pub cue: Option<String>,
    /// Where it was said, when the article says ("on Fox News", "on Telegram").
    pub context: Option<String>,
    /// 0.0 to 1.0: how sure the rules are of the speaker.
    pub confidence: f32,
    /// How the speaker was found (see `Basis`), when one was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// What the article shows the speaker to be, when it names them only by a description ("the
    /// company": an organisation; "protesters": a group) or as "it".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_kind: Option<SpeakerKind>,
}

/// How a quotation's speaker was found, each with how sure it makes the rules: one table, for
/// a person to read and change. A quotation's confidence is its basis's times its
/// attribution's (`How::factor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// "WALLACE: Let’s start": a transcript's label.
    TranscriptLabel,
    /// "Chris Matthews: Seriously, ...": a person's full name as a label.
    NameLabel,
    /// The unlabelled paragraph after a labelled one left open.
    RunOn,
    /// A pull quote: the speaker's name on the line after the words, inside the marks.
    PullQuote,
    /// A name tied to a person the article names.
    Person,
    /// A name the article gives nowhere else.
    Name,
    /// "it said": the latest organisation that spoke.
    It,
    /// He, she, they: the person the pronoun stands for.
    Pronoun,
    /// "the Russian leader": the person whose role fits.
    Role,
    /// "a Clinton spokesman", "the Trump campaign": the description, a name inside it.
    NamedDescription,
    /// "the complaint", "the court": a voice of its own.
    OwnVoice,
    /// "the statement": the latest named speaker.
    LatestSpeaker,
    /// "the senator": the most salient person on stage.
    Salient,
    /// "a friend": someone new, known only by the description.
    Description,
    /// "her campaign": whose, through the pronoun ("Marian Keller's campaign").
    Possessive,
    /// "the company", "the agency": the latest organisation named of its kind.
    Organisation,
    /// "the report": its issuer's, when the article named it ("a report by the Ohio
    /// Environmental Protection Agency": "Ohio Environmental Protection Agency report").
    Issuer,
}

impl Basis {
    /// How sure a speaker found this way is, before the attribution's own factor.
    #[must_use]
    pub const fn confidence(self) -> f32 {
        match self {
            Basis::Person => 0.9,
            Basis::TranscriptLabel | Basis::PullQuote => 0.85,
            Basis::NameLabel | Basis::Name => 0.8,
            Basis::RunOn | Basis::Pronoun => 0.75,
            Basis::Role => 0.7,
            Basis::It | Basis::NamedDescription | Basis::Possessive | Basis::Issuer => 0.6,
            Basis::Organisation => 0.5,
            Basis::Salient => 0.4,
            Basis::OwnVoice | Basis::LatestSpeaker | Basis::Description => 0.3,
        }
    }
}

/// Articles are read in pieces of about this many bytes, cut at paragraph breaks, so memory
/// stays bounded for a huge file (a news article is one piece).
pub const PIECE_BYTES: usize = 256 * 1024;

/// Every direct quotation in `article`, in document order.
#[must_use]
pub fn extract(article: &str) -> Vec<Quote> {
    extract_in_pieces(article, PIECE_BYTES)
}

/// [`extract`] on pieces of about `size` bytes, offsets counted from the article's start.
fn extract_in_pieces(article: &str, size: usize) -> Vec<Quote> {
    piece_bounds(article, size)
        .into_iter()
        .flat_map(|(bytes, offset)| extract_from(&article[bytes], offset))
        .collect()
}

fn piece_bounds(article: &str, size: usize) -> Vec<(std::ops::Range<usize>, usize)> {
    let mut bounds = Vec::new();
    let (mut byte, mut offset) = (0, 0);
    for piece in pieces(article, size) {
        bounds.push((byte..byte + piece.len(), offset));
        byte += piece.len();
        offset += piece.chars().count();
    }
    bounds
}

/// The quotations of one piece, offsets counted from `offset` (the piece's start in the article).
#[must_use]
pub fn extract_from(piece: &str, offset: usize) -> Vec<Quote> {
    extract_piece(piece)
        .into_iter()
        .map(|mut q| {
            q.start += offset;
            q.end += offset;
            q
        })
        .collect()
}

/// `text` cut at a paragraph break once a piece has `size` bytes: a blank line if one comes
/// within another `size` bytes, else a line break; if it can, not before a line that opens with
/// a quotation mark, which may continue the quotation of the paragraph before.
fn pieces(text: &str, size: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = piece_end(rest, size).unwrap_or(rest.len());
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        Some(piece)
    })
}

/// Where the first piece of `text` ends (see [`pieces`]), or `None` when no line break comes
/// between `size` and `2 * size` bytes into it: then the piece is the whole text, or as much as a
/// reader reading it piece by piece holds.
#[must_use]
pub fn piece_end(text: &str, size: usize) -> Option<usize> {
    [("\n\n", true), ("\n", true), ("\n", false)]
        .iter()
        .find_map(|&(sep, keep_quotes)| break_after(text, size, sep, keep_quotes))
}

/// The end of the first `sep` that starts between `size` and `2 * size` bytes into `text`
/// (with `keep_quotes`, not one followed by a line opening a quotation).
fn break_after(text: &str, size: usize, sep: &str, keep_quotes: bool) -> Option<usize> {
    let boundary = |mut at: usize| {
        while at < text.len() && !text.is_char_boundary(at) {
            at += 1;
        }
        at.min(text.len())
    };
    let mut from = boundary(size);
    let end = boundary(2 * size);
    let window = &text[..boundary(end + sep.len())];
    while from < end {
        let at = from + window[from..].find(sep).filter(|&k| from + k < end)?;
        let next = at + sep.len();
        if !keep_quotes || !text[next..].trim_start().starts_with(['"', '\u{201c}']) {
            return Some(next);
        }
        from = next;
    }
    None
}

/// The quotations of one piece of an article, offsets counted from the piece's start.
fn extract_piece(article: &str) -> Vec<Quote> {
    read_piece(article, &mut |_, _| {})
}

/// `extract_piece`, telling `decided` of each quotation's words the speech rule that decided
/// whether it is speech (`SPEECH_RULES`; `None` when none had a say).
fn read_piece(
    article: &str,
    decided: &mut dyn FnMut(String, (Option<&'static str>, bool)),
) -> Vec<Quote> {
    let chars: Vec<char> = article.chars().collect();
    let quotes = scan::find_quotes(&chars);
    if quotes.is_empty() {
        return Vec::new();
    }
    let toks = scan::tokenize(&chars, &quotes);
    let ends: Vec<Option<char>> = quotes
        .iter()
        .map(|q| scan::quote_ends_sentence(&chars, q))
        .collect();
    let mut qtok = vec![0; quotes.len()];
    for (i, t) in toks.iter().enumerate() {
        if let Kind::Quote(q) = t.kind {
            qtok[q] = i;
        }
    }
    // Two passes: whoever the first finds a quotation's speaker is a speaker in the second,
    // for linking a lone surname and for the salience a later "he said" looks at.
    let base = People::base(&toks, &ends);
    let first = base.with_speakers(&toks, &[]);
    let attrs = attribute_all(
        &Ctx {
            toks: &toks,
            people: &first,
        },
        &chars,
        &quotes,
        &qtok,
    );
    let speakers: Vec<usize> = attrs
        .iter()
        .flatten()
        .filter(|a| matches!(a.how, How::Direct | How::Clause))
        .filter_map(|a| match a.np.as_ref().map(|np| &np.kind) {
            Some(NpKind::Name(s)) => Some(*s),
            _ => None,
        })
        .collect();
    let people = base.with_speakers(&toks, &speakers);
    let ctx = Ctx {
        toks: &toks,
        people: &people,
    };
    let attrs = attribute_all(&ctx, &chars, &quotes, &qtok);
    let mut out = Vec::new();
    // The speaker of a labelled transcript line ("PENCE: ...") whose quotation runs on into
    // the next paragraph: the unlabelled paragraphs that follow are still that speaker's.
    let mut running: Option<String> = None;
    for (q, span) in quotes.iter().enumerate() {
        // Only a paragraph that opens with the mark continues; a quote with a speech verb and a
        // name of its own ("..., Tim Kaine told reporters") is someone else's.
        let opens_paragraph = chars[..span.open]
            .iter()
            .rev()
            .take_while(|c| **c != '\n')
            .all(|c| c.is_whitespace());
        let named = attrs[q].as_ref().is_some_and(|a| {
            a.how == How::Direct
                && matches!(a.np.as_ref().map(|np| &np.kind), Some(NpKind::Name(_)))
        });
        let run_on = running
            .take()
            .filter(|_| q > 0 && !quotes[q - 1].closed && opens_paragraph && !named);
        let rule = speech_rule(&chars, span, &toks, qtok[q], attrs[q].as_ref());
        decided(chars[span.start..span.end].iter().collect(), rule);
        if !rule.1 {
            continue;
        }
        let (quote, labelled) = build_quote(&ctx, &chars, span, attrs[q].as_ref(), run_on);
        if labelled && !span.closed {
            running.clone_from(&quote.speaker);
        }
        out.push(quote);
    }
    out
}

/// Direct attributions first, then quotes with none inherit from a neighbouring quote.
fn attribute_all(
    ctx: &Ctx,
    chars: &[char],
    quotes: &[QuoteSpan],
    qtok: &[usize],
) -> Vec<Option<Attribution>> {
    let mut attrs: Vec<Option<Attribution>> = Vec::with_capacity(quotes.len());
    for (q, span) in quotes.iter().enumerate() {
        let k = qtok[q];
        let (lo, hi) = ctx.sentence_range(k);
        let trailing = last_char(chars, span);
        let after_first = k == lo || matches!(trailing, Some(',' | '?' | '!' | '\u{2014}' | '-'));
        let a = if after_first {
            ctx.after(k, hi).or_else(|| ctx.before(k, lo))
        } else {
            ctx.before(k, lo).or_else(|| ctx.after(k, hi))
        };
        // "Ken Livingstone should “stick to his guns” ..., Tory MP Boris Johnson has
        // insisted.": a speech verb that ends the sentence, its subject just before it,
        // attributes what the sentence quotes, unless a verb next to the quote does.
        let a = match a {
            Some(a) if a.how == How::Direct => Some(a),
            other => ctx.sentence_final(k, hi).or(other),
        };
        let a = a.or_else(|| ctx.after_late(k, hi));
        attrs.push(a);
    }
    // A quote with no verb of its own: the first fallback, in order, that finds one.
    for q in 0..quotes.len() {
        if attrs[q].is_none() {
            let seen = Unattributed {
                ctx,
                quotes,
                qtok,
                attrs: &attrs,
                q,
            };
            attrs[q] = FALLBACKS.iter().find_map(|(_, rule)| rule(&seen));
        }
    }
    attrs
}

/// What the fallbacks see of a quotation with no speech verb of its own.
struct Unattributed<'a> {
    ctx: &'a Ctx<'a>,
    quotes: &'a [QuoteSpan],
    qtok: &'a [usize],
    /// The attributions so far, fallbacks' included for the quotations before.
    attrs: &'a [Option<Attribution>],
    q: usize,
}

/// A way to attribute a quotation no speech verb governs: `None` leaves it to the next.
type Fallback = fn(&Unattributed) -> Option<Attribution>;

/// How a quotation with no verb of its own gets its speaker, tried in this order; the last
/// always answers (its speaker may be `None`).
const FALLBACKS: &[(&str, Fallback)] = &[
    // The quote before it, in the same sentence group or the paragraph before.
    ("continues the quotation before", |u| {
        let prev = u.q.checked_sub(1)?;
        if !adjacent(u.ctx, u.qtok[prev], u.qtok[u.q]) {
            return None;
        }
        let a = u.attrs[prev].clone()?;
        Some(Attribution {
            how: How::Continued,
            ..a
        })
    }),
    // The quote after it, next to it in the paragraph (or this one left open), when a verb
    // governs that one.
    ("goes on in the quotation after", |u| {
        let (q, k) = (u.q, u.qtok[u.q]);
        let next = u.quotes.get(q + 1).map(|_| u.qtok[q + 1])?;
        let same_paragraph = u.ctx.toks[k..next].iter().all(|t| t.kind != Kind::Break);
        if !(adjacent(u.ctx, k, next) && same_paragraph || !u.quotes[q].closed) {
            return None;
        }
        let a = u.attrs[q + 1].clone().filter(|a| a.how == How::Direct)?;
        Some(Attribution {
            how: How::Continued,
            ..a
        })
    }),
    // "Perez says too many women feel guilty. “They feel like a bad mom.”": the sentence (or
    // paragraph) before introduces it.
    ("introduced by the sentence before", |u| {
        let (ctx, k) = (u.ctx, u.qtok[u.q]);
        let (lo, _) = ctx.sentence_range(k);
        if lo != k || k == 0 {
            return None;
        }
        let end = if ctx.toks[k - 1].kind == Kind::Break {
            k - 1
        } else {
            k
        };
        let (plo, _) = ctx.sentence_range(end.checked_sub(1)?);
        let a = ctx.before(end, plo)?;
        Some(Attribution {
            how: How::Clause,
            ..a
        })
    }),
    // A guess: the sentence's subject, else the latest speaker, else the salient person.
    ("a guess", |u| {
        let (ctx, k) = (u.ctx, u.qtok[u.q]);
        let (lo, _) = ctx.sentence_range(k);
        let np = ctx
            .sentence_subject(k, lo)
            .or_else(|| ctx.latest_speaker(k))
            .or_else(|| ctx.salient_person(k));
        Some(Attribution {
            np,
            cue: None,
            context: None,
            how: How::Guess,
        })
    }),
];

/// Whether nothing but the first quote's own sentence (its attribution) and line breaks
/// stands between two quotations.
fn adjacent(ctx: &Ctx, a: usize, b: usize) -> bool {
    let sa = ctx.people.sentence_of[a];
    b - a < 60
        && ctx.toks[a + 1..b].iter().enumerate().all(|(off, t)| {
            let i = a + 1 + off;
            ctx.people.sentence_of[i] == sa || matches!(t.kind, Kind::Break | Kind::Punct(_))
        })
}

fn last_char(chars: &[char], q: &QuoteSpan) -> Option<char> {
    chars[q.start..q.end]
        .iter()
        .rev()
        .find(|c| !c.is_whitespace())
        .copied()
}

/// What the speech rules see of a quotation.
struct Seen<'a> {
    chars: &'a [char],
    q: &'a QuoteSpan,
    toks: &'a [Tok],
    /// The quotation's token.
    k: usize,
    words: usize,
    /// The word just before the opening mark, if a word stands there.
    prev_word: Option<&'a Tok>,
    /// A speech verb governs it directly ("..., she said").
    direct: bool,
}

/// A rule of whether a quotation is speech: `Some(false)` drops it, `Some(true)` keeps it,
/// `None` leaves it to the rules after.
type SpeechRule = fn(&Seen) -> Option<bool>;

/// Whether a quotation is speech worth reporting, by the first rule, in this order, that has a
/// say. One that none has a say on stays: a short phrase with no speech verb around it ("fair
/// share", "witch hunt") is most often a phrase the article's subject is known for, and
/// annotators attribute it.
const SPEECH_RULES: &[(&str, SpeechRule)] = &[
    ("one word", |s| (s.words < 2).then_some(false)),
    ("an attribute value in markup", |s| {
        (s.q.open > 0 && s.chars[s.q.open - 1] == '=').then_some(false)
    }),
    // Marks out of step (a stray mark earlier): the "quote" is narration between two real
    // quotes, " he said. ", and opens on a line break or is padded with spaces.
    ("narration between two quotations", |s| {
        let first = s.chars[s.q.start];
        let last = s.chars[s.q.end - 1];
        (first == '\n' || first.is_whitespace() && last.is_whitespace()).then_some(false)
    }),
    ("marks out of step", |s| {
        out_of_step(s.chars, s.q).then_some(false)
    }),
    ("a byline or a sign-off", |s| {
        (byline_title(s.toks, s.k) || byline_excerpt(s.toks, s.k) || sign_off(s.chars, s.q))
            .then_some(false)
    }),
    ("words named as words (\"called it ...\")", |s| {
        s.prev_word
            .is_some_and(|t| is_naming_word(&t.lower))
            .then_some(true)
    }),
    ("a short title after the word for a work", |s| {
        (s.prev_word.is_some_and(|t| is_title_intro(&t.lower)) && s.words <= 8 && !s.direct)
            .then_some(false)
    }),
    ("a work cited with its year", |s| {
        dated_citation(s.chars, s.q).then_some(false)
    }),
    ("a title in Title Case", |s| {
        (is_title_case(s.chars, s.q) && names_a_work(s.toks, s.k)).then_some(false)
    }),
    ("a short name in Title Case", short_title_case_name),
];

/// "told “Fox and Friends,”", "an appearance on “Morning Joe,”", "Trump’s “Art of the Deal”",
/// or any short Title Case phrase no speech verb governs: the name of a show, a paper or a
/// slogan.
fn short_title_case_name(s: &Seen) -> Option<bool> {
    if !(is_title_case(s.chars, s.q) && s.words <= 8) {
        return None;
    }
    let after_owner = s.prev_word.is_some_and(Tok::is_possessive);
    let after_object_word = s
        .prev_word
        .is_some_and(|t| matches!(t.lower.as_str(), "on" | "told" | "tells" | "with"));
    (after_owner
        || after_object_word
        || !s.direct
        || s.prev_word.is_some_and(|t| is_title_intro(&t.lower)))
    .then_some(false)
}

/// The rule that decides whether a quotation is speech, and what it decides (`None`, true:
/// no rule had a say).
fn speech_rule(
    chars: &[char],
    q: &QuoteSpan,
    toks: &[Tok],
    k: usize,
    attr: Option<&Attribution>,
) -> (Option<&'static str>, bool) {
    let seen = Seen {
        chars,
        q,
        toks,
        k,
        words: scan::word_count(chars, q),
        prev_word: k.checked_sub(1).map(|p| &toks[p]).filter(|t| t.is_word()),
        direct: attr.is_some_and(|a| a.how == How::Direct),
    };
    SPEECH_RULES
        .iter()
        .find_map(|(name, rule)| rule(&seen).map(|keep| (Some(*name), keep)))
        .unwrap_or((None, true))
}

/// A quotation followed at once by a year in brackets, "“No to Schengen” (2005)": a poster,
/// a slogan or a work cited with its date, not something said in the story.
fn dated_citation(chars: &[char], q: &QuoteSpan) -> bool {
    if !q.closed {
        return false;
    }
    let rest: String = chars[q.end + 1..].iter().take(12).collect();
    let rest = rest.trim_start_matches([',', ' ', '\u{a0}']);
    let Some(inner) = rest.strip_prefix('(') else {
        return false;
    };
    let year: String = inner.chars().take_while(char::is_ascii_digit).collect();
    year.len() == 4
        && (year.starts_with("19") || year.starts_with("20"))
        && inner[4..].starts_with(')')
}

/// Whether the words around a Title Case quotation say it is the title of a work: the word
/// for the work stands before it, with or without a comma ("her memoir, “Tough Choices.”",
/// "author of “America’s Bitter Pill”"), or its author follows ("“Perfect Enough” by George
/// Anders"). A title is not a claim, however long, and even when a verb is near.
fn names_a_work(toks: &[Tok], k: usize) -> bool {
    let word = |i: usize| {
        toks.get(i)
            .filter(|t| t.is_word())
            .map(|t| t.lower.as_str())
    };
    let before = |back: usize| k.checked_sub(back).and_then(word);
    let comma_before = k > 0 && toks[k - 1].is_punct(',');
    let intro = before(1)
        .or_else(|| comma_before.then(|| before(2)).flatten())
        .is_some_and(is_title_intro);
    let author_of = before(1) == Some("of") && matches!(before(2), Some("author" | "authors"));
    let mut next = k + 1;
    if toks.get(next).is_some_and(|t| t.is_punct(',')) {
        next += 1;
    }
    let by_author =
        word(next) == Some("by") && toks.get(next + 1).is_some_and(|t| t.is_word() && t.cap);
    intro || author_of || by_author
}

/// Whether a closing mark followed by an attribution ("...,” he said") stands inside the
/// quotation: the marks are mixed (a straight opening, a curly closing) or one is missing,
/// so the span runs over narration and its bounds cannot be trusted.
fn out_of_step(chars: &[char], q: &QuoteSpan) -> bool {
    let inner = &chars[q.start..q.end];
    (1..inner.len()).any(|i| {
        if !matches!(inner[i], '\u{201d}' | '"') || !matches!(inner[i - 1], ',' | '.' | '?' | '!') {
            return false;
        }
        let rest: String = inner[i + 1..].iter().take(60).collect();
        rest.split_whitespace()
            .take(4)
            .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
            .any(|w| lexicon::is_strong_cue(&w))
    })
}

/// A writer's sign-off caught inside a transcript's marks: "Follow Pam Key on Twitter
/// @pamkeyNEN." is the outlet talking, not the speaker.
fn sign_off(chars: &[char], q: &QuoteSpan) -> bool {
    let text: String = chars[q.start..q.end].iter().collect();
    let text = text.trim_start();
    text.starts_with("Follow ")
        && (text.contains('@') || text.contains(" on Twitter"))
        && text.split_whitespace().count() <= 20
}

/// The title of a piece in a byline: "“Pop-up art show opens,” by DNAinfo’s Eddie Small: ...".
fn byline_title(toks: &[Tok], k: usize) -> bool {
    let mut i = k + 1;
    if toks.get(i).is_some_and(|t| t.is_punct(',')) {
        i += 1;
    }
    toks.get(i).is_some_and(|t| t.lower == "by") && byline_colon(toks, i + 1).is_some()
}

/// The excerpt that follows a byline: "“...,” by Times’ Ben Sisario: “The Living Room ...”".
fn byline_excerpt(toks: &[Tok], k: usize) -> bool {
    let Some(by) = (1..k).rev().take(10).find(|&i| toks[i].lower == "by") else {
        return false;
    };
    byline_colon(toks, by + 1) == Some(k - 1)
        && matches!(toks[by - 1].kind, Kind::Quote(_) | Kind::Punct(','))
}

/// The colon that ends a byline's names starting at `i`: capitalised words only, in reach.
fn byline_colon(toks: &[Tok], i: usize) -> Option<usize> {
    let mut j = i;
    while j < toks.len() && j < i + 8 {
        let t = &toks[j];
        if t.is_punct(':') {
            return (j > i).then_some(j);
        }
        if !(t.is_word() && t.cap || t.is_punct('\'') || t.is_punct('.')) {
            return None;
        }
        j += 1;
    }
    None
}

/// Every word capitalised, small words aside: the title of a work or a slogan.
fn is_title_case(chars: &[char], q: &QuoteSpan) -> bool {
    let text: String = chars[q.start..q.end].iter().collect();
    let mut caps = 0;
    for w in text.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(c) = w.chars().next() else { continue };
        if c.is_uppercase() || c.is_numeric() {
            caps += 1;
        } else if !is_title_small_word(&w.to_lowercase()) {
            return false;
        }
    }
    caps >= 2
}

/// Resolve the speaker phrase to a person and put the record together; say whether the
/// speaker came from a transcript label, the quote's own or the one `run_on` carries.
fn build_quote(
    ctx: &Ctx,
    chars: &[char],
    q: &QuoteSpan,
    attr: Option<&Attribution>,
    run_on: Option<String>,
) -> (Quote, bool) {
    let text: String = chars[q.start..q.end].iter().collect();
    let mut quote = Quote {
        text,
        speaker: None,
        role: None,
        start: q.start,
        end: q.end,
        cue: None,
        context: None,
        confidence: 0.0,
        basis: None,
        speaker_kind: None,
    };
    // A transcript line: "WALLACE: Let’s start with ..." names its own speaker.
    if let Some(label) = transcript_label(&quote.text) {
        quote.speaker = Some(ctx.people.resolve_label(&label));
        quote.set_basis(Basis::TranscriptLabel, 1.0);
        return (quote, true);
    }
    // "Chris Matthews: Seriously, ...": a mixed-case label counts when it is a person's
    // full name met elsewhere in the article.
    if let Some(name) = name_label(ctx.people, &quote.text) {
        quote.speaker = Some(name);
        quote.set_basis(Basis::NameLabel, 1.0);
        return (quote, true);
    }
    if run_on.is_some() {
        quote.speaker = run_on;
        quote.set_basis(Basis::RunOn, 1.0);
        return (quote, true);
    }
    // "“We will build more homes.\nJane Doe, housing minister”": the words end where the
    // signature's line starts.
    if let Some((words, name, role)) = pull_quote_signature(&quote.text) {
        quote.end = quote.start + words.chars().count();
        quote.text = words;
        quote.speaker = Some(ctx.people.resolve_label(&name));
        quote.role = role;
        quote.set_basis(Basis::PullQuote, 1.0);
        return (quote, false);
    }
    let Some(a) = attr else {
        return (quote, false);
    };
    quote.cue.clone_from(&a.cue);
    quote.context.clone_from(&a.context);
    let Some(np) = &a.np else {
        return (quote, false);
    };
    let people = ctx.people;
    let (speaker, role, base, kind) = match &np.kind {
        NpKind::Name(s) => {
            let span = &people.spans[*s];
            match span.entity {
                Some(id) => {
                    let e = &people.entities[id];
                    (
                        Some(e.full.clone()),
                        np.role.clone().or(e.role.clone()),
                        Basis::Person,
                        None,
                    )
                }
                None => (Some(span.name.clone()), np.role.clone(), Basis::Name, None),
            }
        }
        // "it said": a body or a paper, never a person.
        NpKind::Pronoun(w)
            if w == "it"
                && let Some(org) = people.latest_org(np.first) =>
        {
            (Some(org), None, Basis::It, Some(SpeakerKind::Organisation))
        }
        NpKind::Pronoun(w) if let Some(found) = described_antecedent(ctx, np.first, w) => found,
        NpKind::Pronoun(w) => {
            let id = people.resolve_pronoun(np.first, w);
            let e = id.map(|id| &people.entities[id]);
            (
                e.map(|e| e.full.clone()),
                e.and_then(|e| e.role.clone()),
                Basis::Pronoun,
                None,
            )
        }
        NpKind::Desc(d) => resolve_desc(ctx, np.first, d),
    };
    if speaker.is_some() {
        quote.set_basis(base, a.how.factor());
    }
    quote.speaker = speaker;
    quote.speaker_kind = kind;
    quote.role = role.filter(|r| !lexicon::is_address(r));
    (quote, false)
}

/// The pronoun a possessive stands with: "her" → "she".
fn possessive_pronoun(lower: &str) -> Option<&'static str> {
    match lower {
        "his" => Some("he"),
        "her" => Some("she"),
        // Not "their": a group as often as a person.
        "its" => Some("it"),
        _ => None,
    }
}

/// A speaker as found: the name, the role, how it was found, the kind of speaker.
type Resolved = (Option<String>, Option<String>, Basis, Option<SpeakerKind>);

/// Whom "he" or "she" at token `at` stands for when the sentence before is about a person
/// known only by a description ("an executive spokeswoman insisted ... "...," she said"): that
/// description, resolved as a description is, unless its words say another gender.
fn described_antecedent(ctx: &Ctx, at: usize, pronoun: &str) -> Option<Resolved> {
    let want = lexicon::pronoun_gender(pronoun)?;
    let (np, named) = ctx.described_subject_before(at)?;
    // A person that sentence names may be the one meant ("A reporter asked Sanders how he
    // felt. He replied: ..."), unless the pronoun cannot be them.
    if named
        .iter()
        .any(|&id| ctx.people.entities[id].gender() != names::opposite(want))
    {
        return None;
    }
    let NpKind::Desc(desc) = &np.kind else {
        return None;
    };
    // A noun phrase, not one run on into its clause ("A police officer arrested the man").
    let runs_on = desc.split_whitespace().count() > 7
        || desc.split_whitespace().skip(1).any(|w| {
            let w = w.to_lowercase();
            w.ends_with("ed") || lexicon::is_strong_cue(&w)
        });
    if runs_on {
        return None;
    }
    // "a spokesman for the Home Office": the head comes before what it is for or of.
    let head = desc
        .split_whitespace()
        .take_while(|w| !matches!(*w, "for" | "of" | "at" | "from" | "with"))
        .last()?
        .to_lowercase();
    // "aides" are no "she".
    let plural = head.ends_with('s') && !head.ends_with("ss");
    if plural
        || !lexicon::is_person_word(&head)
        || lexicon::word_gender(&head).is_some_and(|g| g != want)
    {
        return None;
    }
    let found = resolve_desc(ctx, np.first, desc);
    matches!(
        found.2,
        Basis::Role | Basis::NamedDescription | Basis::Description
    )
    .then_some(found)
}

/// A pull quote's last line, when it is a signature: a name of two to four capitalised words,
/// a role after a comma or a dash. The words before it (trimmed), the name, the role.
fn pull_quote_signature(text: &str) -> Option<(String, String, Option<String>)> {
    let trimmed = text.trim_end();
    let (words, last) = trimmed.rsplit_once('\n')?;
    let words = words.trim_end();
    let last = last.trim().trim_start_matches(['—', '–', '-']).trim_start();
    if words.is_empty() || last.chars().count() > 80 {
        return None;
    }
    let (name, role) = match last
        .split_once(" - ")
        .or_else(|| last.split_once([',', '—', '–']))
    {
        Some((name, role)) => (name.trim(), Some(role.trim().to_string())),
        None => (last, None),
    };
    let parts: Vec<&str> = name.split_whitespace().collect();
    let capitalised = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
    };
    let name_like = (2..=4).contains(&parts.len())
        && parts.iter().all(capitalised)
        && !parts
            .iter()
            .any(|w| is_capitalised_function_word(&w.to_lowercase()));
    // The words end a sentence: a signature follows them, not more of the quotation.
    let ends_sentence = words.ends_with(['.', '!', '?', '"', '”', '’']);
    (name_like && ends_sentence).then(|| {
        (
            words.to_string(),
            name.to_string(),
            role.filter(|r| !r.is_empty()),
        )
    })
}

/// The upper-case speaker label that opens a transcript line ("PENCE: Well, ...").
fn transcript_label(text: &str) -> Option<String> {
    let head = text.trim_start();
    let colon = head.find(':')?;
    let label = &head[..colon];
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    let ok = letters >= 2
        && label.split_whitespace().count() <= 3
        && label
            .chars()
            .all(|c| c.is_uppercase() || c == ' ' || c == '.' || c == '\'' || c == '-');
    ok.then(|| label.trim().to_string())
}

/// A "Given Surname:" label opening a quotation, when that is a person the article names.
fn name_label(people: &People, text: &str) -> Option<String> {
    let head = text.trim_start();
    let label = &head[..head.find(':')?];
    let words: Vec<&str> = label.split_whitespace().collect();
    if !(2..=3).contains(&words.len())
        || !words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        return None;
    }
    let lower = label.to_lowercase();
    people
        .entities
        .iter()
        .find(|e| e.person && e.full.to_lowercase() == lower)
        .map(|e| e.full.clone())
}

/// "The Russian leader" -> the person whose role fits; "a Clinton spokesman" stays as
/// written; "the candidate" -> the person most recently speaking.
/// A description kept as the speaker carries the kind its head noun shows.
fn resolve_desc(ctx: &Ctx, at: usize, desc: &str) -> Resolved {
    let words: Vec<String> = names::normalise_role(desc)
        .split_whitespace()
        .filter(|w| {
            !matches!(
                *w,
                "the" | "a" | "an" | "former" | "his" | "her" | "their" | "its"
            )
        })
        .map(str::to_string)
        .collect();
    let first = desc.split_whitespace().next().unwrap_or_default();
    let described = Described {
        people: ctx.people,
        toks: ctx.toks,
        at,
        desc,
        head: words.last().map_or("", String::as_str),
        mods: words.split_last().map_or(&[][..], |(_, m)| m),
        definite: matches!(first.to_lowercase().as_str(), "the" | "this" | "that")
            || first.ends_with("'s")
            || first.ends_with("’s"),
    };
    DESCRIPTION_RULES
        .iter()
        .find_map(|(basis, rule)| {
            rule(&described).map(|(speaker, role, kind)| (Some(speaker), role, *basis, kind))
        })
        .unwrap_or_else(|| {
            let kind = Some(lexicon::description_kind(described.head));
            (Some(desc.to_string()), None, Basis::Description, kind)
        })
}

/// What the description rules see of a description ("the Russian leader").
struct Described<'a> {
    people: &'a People,
    toks: &'a [Tok],
    /// Its first token.
    at: usize,
    desc: &'a str,
    /// Its head noun and the words before it, normalised, less articles and possessives.
    head: &'a str,
    mods: &'a [String],
    /// "the ...", "this ...", "Obama's ...".
    definite: bool,
}

impl Described<'_> {
    /// The description as written, as the speaker, with the kind its head shows.
    fn as_written(&self) -> Found {
        let kind = Some(lexicon::description_kind(self.head));
        (self.desc.to_string(), None, kind)
    }

    fn short(&self) -> bool {
        self.desc.split_whitespace().count() <= 4
    }
}

/// A speaker a description rule finds: the name, the role, the kind of speaker.
type Found = (String, Option<String>, Option<SpeakerKind>);

/// A rule of whom a description stands for: `None` leaves it to the rules after.
type DescriptionRule = fn(&Described) -> Option<Found>;

/// Whom a description stands for, by the first rule, in this order, that finds someone, named
/// by the basis it gives; when none does, the description itself (`Basis::Description`: "a
/// friend", "my father", someone new).
const DESCRIPTION_RULES: &[(Basis, DescriptionRule)] = &[
    // "the Russian leader": the latest person named whose role fits.
    (Basis::Role, |d| {
        let id = d.people.resolve_description(d.at, d.mods, d.head)?;
        let e = &d.people.entities[id];
        let role = e.role.clone().unwrap_or_else(|| d.desc.to_string());
        Some((e.full.clone(), Some(role), None))
    }),
    (Basis::Possessive, possessive),
    // "a Clinton spokesman", "the Trump campaign": the name inside says whose voice it is;
    // but "the Vermont senator", "The Tory leader", "Obama's former campaign strategist", an
    // office or a calling with a name for where or whose, is someone already on stage.
    (Basis::NamedDescription, |d| {
        let has_name = d
            .desc
            .split_whitespace()
            .filter(|w| !matches!(w.to_lowercase().as_str(), "the" | "a" | "an"))
            .any(|w| w.chars().next().is_some_and(char::is_uppercase));
        let someone = lexicon::is_person_word(d.head) && !lexicon::speaks_for_another(d.head);
        (has_name && !(d.definite && someone)).then(|| d.as_written())
    }),
    (Basis::Issuer, issuer),
    // "the complaint", "the court": a voice of its own, known by the description.
    (Basis::OwnVoice, |d| {
        (lexicon::is_own_voice_word(d.head) && d.short()).then(|| d.as_written())
    }),
    // "the company", "the agency": the latest organisation named that is of that kind.
    (Basis::Organisation, |d| {
        if !(d.definite && d.short()) {
            return None;
        }
        let org = d.people.latest_org_of_kind(d.at, d.head)?;
        Some((
            org,
            Some(d.desc.to_string()),
            Some(SpeakerKind::Organisation),
        ))
    }),
    // "the statement", "the campaign": the latest named speaker, person or organisation.
    (Basis::LatestSpeaker, |d| {
        if lexicon::is_person_word(d.head) {
            return None;
        }
        let name = d.people.latest_any_source(d.at)?;
        Some((name, Some(d.desc.to_string()), None))
    }),
    // "the senator", "the billionaire": someone already on stage, the most salient person,
    // not one known to hold another office like it (the deputy for "the prime minister").
    (Basis::Salient, |d| {
        if !d.definite {
            return None;
        }
        let people = d.people;
        let id = people.resolve_pronoun_except(d.at, "they", |id| {
            people.holds_another_office(id, d.mods, d.head)
        })?;
        Some((
            people.entities[id].full.clone(),
            Some(d.desc.to_string()),
            None,
        ))
    }),
];

/// "The report found ...": the report the article brought on earlier with its issuer, "a
/// report by the Ohio Environmental Protection Agency", "the agency's report", "an EPA
/// report": that issuer's report.
fn issuer(d: &Described) -> Option<Found> {
    if !(d.definite && d.short() && lexicon::DOCUMENTS.has(d.head)) {
        return None;
    }
    let toks = d.toks;
    let earlier = (d.at.saturating_sub(400)..d.at)
        .rev()
        .find(|&j| toks[j].is_word() && toks[j].bare().to_lowercase() == d.head)?;
    let spans = &d.people.spans;
    // After it: "by", "from" or "of", then perhaps "the", then the name.
    let mut after = earlier + 1;
    let by = toks
        .get(after)
        .is_some_and(|t| matches!(t.lower.as_str(), "by" | "from" | "of"));
    if by {
        after += 1;
        if toks.get(after).is_some_and(|t| t.lower == "the") {
            after += 1;
        }
    }
    // Only the spans around it: "by the X" after it, "X report" or "X's report" before it.
    let from = spans.partition_point(|s| s.last + 2 < earlier);
    let named = spans[from..]
        .iter()
        .take_while(|s| s.first <= after)
        .find(|s| {
            !s.person && (by && s.first == after || s.last + 1 == earlier || s.last + 2 == earlier)
        })?;
    let issuer = named
        .name
        .trim_end_matches(['\'', '’'])
        .trim_end_matches("'s");
    let issuer = issuer.trim_end_matches("’s");
    Some((
        format!("{issuer} {}", d.head),
        Some(d.desc.to_string()),
        Some(SpeakerKind::Organisation),
    ))
}

/// "her campaign", "his spokesman": whose it is, through the pronoun ("Marian Keller's
/// campaign"), when what follows is a person or a body that speaks for them, not a phrase cut
/// short ("his longtime").
fn possessive(d: &Described) -> Option<Found> {
    let (owner, rest) = d.desc.split_once(' ')?;
    let pronoun = possessive_pronoun(&owner.to_lowercase())?;
    let head = rest
        .split_whitespace()
        .last()
        .unwrap_or(rest)
        .to_lowercase();
    if !(lexicon::is_person_noun(&head) || lexicon::NOT_PERSON_WORDS.has(&head)) {
        return None;
    }
    let whose = if pronoun == "it" {
        d.people.latest_named_org(d.at)?
    } else {
        let id = d.people.resolve_pronoun(d.at, pronoun)?;
        d.people.entities[id].full.clone()
    };
    let kind = Some(lexicon::description_kind(&head));
    Some((format!("{whose}'s {rest}"), None, kind))
}

impl Quote {
    fn set_basis(&mut self, basis: Basis, factor: f32) {
        self.basis = Some(basis);
        self.confidence = basis.confidence() * factor;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../sample_data/alaska-summit-article.txt");

    fn speakers(text: &str) -> Vec<(String, Option<String>)> {
        extract(text)
            .into_iter()
            .map(|q| (q.text, q.speaker))
            .collect()
    }

    fn speaker_of(quotes: &[Quote], starts_with: &str) -> Option<String> {
        quotes
            .iter()
            .find(|q| q.text.starts_with(starts_with))
            .unwrap_or_else(|| panic!("no quote starting {starts_with:?}"))
            .speaker
            .clone()
    }

    /// Each speech rule decides for a quotation of its kind, and only the rules before it had no
    /// say; speech no rule has a say on stays.
    #[test]
    fn each_speech_rule_decides_its_case() {
        let cases: &[(&str, &str, Option<&str>, bool)] = &[
            (
                "She called the plan \"desperate\" on Monday, aides said.",
                "desperate",
                Some("one word"),
                false,
            ),
            (
                "<img alt=\"a photo of the senator\"> The senator spoke.",
                "a photo",
                Some("an attribute value in markup"),
                false,
            ),
            (
                "He waved \" at the crowd \" and left the stage.",
                " at the crowd",
                Some("narration between two quotations"),
                false,
            ),
            (
                "“We will act now,\" she said, \"and we will act fast.”",
                "We will act now",
                Some("marks out of step"),
                false,
            ),
            (
                "The mayor spoke. \"Follow Pam Key on Twitter @pamkeyNEN.\"",
                "Follow Pam Key",
                Some("a byline or a sign-off"),
                false,
            ),
            (
                "Critics mocked a plan dubbed \"the great giveaway\" by its opponents.",
                "the great giveaway",
                Some("words named as words (\"called it ...\")"),
                true,
            ),
            (
                "The report \"a plan for growth\" came out on Monday.",
                "a plan for growth",
                Some("a short title after the word for a work"),
                false,
            ),
            (
                "Protesters held up “no more cuts to schools” (2005) in the square.",
                "no more cuts",
                Some("a work cited with its year"),
                false,
            ),
            (
                "“Perfect Enough” by George Anders sold well.",
                "Perfect Enough",
                Some("a title in Title Case"),
                false,
            ),
            (
                "He appeared on “Morning Joe” on Tuesday.",
                "Morning Joe",
                Some("a short name in Title Case"),
                false,
            ),
            (
                "\"We will win this fight,\" Senator Jane Doe said.",
                "We will win",
                None,
                true,
            ),
        ];
        let names: Vec<&str> = SPEECH_RULES.iter().map(|(name, _)| *name).collect();
        for (text, quote, rule, keep) in cases {
            let mut seen = Vec::new();
            read_piece(text, &mut |words, decision| seen.push((words, decision)));
            let decision = seen
                .iter()
                .find(|(words, _)| words.starts_with(quote))
                .map_or_else(
                    || panic!("{text}: no quotation {quote:?} in {seen:?}"),
                    |(_, d)| *d,
                );
            assert_eq!(decision, (*rule, *keep), "{text}");
        }
        for name in names {
            assert!(
                cases.iter().any(|(_, _, rule, _)| *rule == Some(name)),
                "no case for the rule {name:?}"
            );
        }
    }

    /// Every quotation's span, read back by code points, is its text.
    fn assert_offsets(text: &str, quotes: &[Quote]) {
        let n = text.chars().count();
        for q in quotes {
            assert!(q.start <= q.end && q.end <= n, "{q:?}");
            let span: String = text.chars().skip(q.start).take(q.end - q.start).collect();
            assert_eq!(span, q.text);
        }
    }

    #[test]
    fn seed_article_speakers() {
        let quotes = extract(SEED);
        let got: Vec<(&str, &str)> = quotes
            .iter()
            .map(|q| (q.text.as_str(), q.speaker.as_deref().unwrap_or("-")))
            .collect();
        let want = [
            ("great progress", "Donald Trump"),
            ("long overdue", "Vladimir Putin"),
            ("agreement we’ve reached", "Vladimir Putin"),
            ("torpedo the nascent progress", "Vladimir Putin"),
            ("very productive", "Donald Trump"),
            ("We didn’t get there.", "Donald Trump"),
            ("There are just a very few", "Donald Trump"),
            ("Russia is a very big power", "Donald Trump"),
            ("this was being labelled", "Osama Bin Javaid"),
            ("much ado about nothing", "Kimberly Halkett"),
            ("a big win for President Putin.", "James Bays"),
            ("It seems Putin has bought", "Oleksiy Honcharenko"),
            ("That was the worst-case scenario,", "Melinda Haring"),
            ("very soon.", "Donald Trump"),
            ("Next time, in Moscow.", "Vladimir Putin"),
            ("might get a little heat on that one", "Donald Trump"),
        ];
        assert_eq!(got.len(), want.len(), "{got:#?}");
        for ((text, speaker), (want_text, want_speaker)) in got.iter().zip(want) {
            assert!(text.starts_with(want_text), "{text:?} vs {want_text:?}");
            assert_eq!(*speaker, want_speaker, "speaker of {text:?}");
        }
        assert_offsets(SEED, &quotes);
    }

    #[test]
    fn seed_article_roles_cues_and_places() {
        let quotes = extract(SEED);
        let find = |t: &str| quotes.iter().find(|q| q.text.starts_with(t)).unwrap();
        let haring = find("That was the worst-case");
        assert_eq!(haring.role.as_deref(), Some("Atlantic Council"));
        assert_eq!(haring.cue.as_deref(), Some("told Al Jazeera"));
        let bays = find("a big win");
        assert_eq!(bays.role.as_deref(), Some("Al Jazeera’s diplomatic editor"));
        let javaid = find("this was being labelled");
        assert_eq!(javaid.role.as_deref(), Some("Al Jazeera"));
        let honcharenko = find("It seems Putin");
        assert_eq!(
            honcharenko.role.as_deref(),
            Some("Ukraine’s opposition lawmaker")
        );
        assert_eq!(honcharenko.context.as_deref(), Some("on Telegram"));
        let putin = find("long overdue");
        assert_eq!(putin.cue.as_deref(), Some("told reporters"));
        assert_eq!(putin.role.as_deref(), Some("Russian President"));
        let fox = find("Russia is a very big power");
        assert_eq!(fox.context.as_deref(), Some("on Fox News"));
        assert_eq!(
            find("great progress").role.as_deref(),
            Some("U.S. President")
        );
    }

    #[test]
    fn quote_after_and_before_attribution() {
        let q = extract("\"We will win,\" Sen. Mary Smith of the Ohio Party told CNN.");
        assert_eq!(q[0].speaker.as_deref(), Some("Mary Smith"));
        assert_eq!(q[0].role.as_deref(), Some("Sen., Ohio Party"));
        let q = extract("Governor Tom Reed replied: \"Not this year, not ever.\"");
        assert_eq!(q[0].speaker.as_deref(), Some("Tom Reed"));
        let q = extract("“Perpetual motion!” Rep. Glenn Thompson, R-Pa., said of the week.");
        assert_eq!(q[0].speaker.as_deref(), Some("Glenn Thompson"));
        let q = extract("“They said no,” remembered Roy Verley, a former spokesman.");
        assert_eq!(q[0].speaker.as_deref(), Some("Roy Verley"));
        let q = extract("The name was chosen “in homage to” Lazar, Song wrote.");
        assert_eq!(q[0].speaker.as_deref(), Some("Song"));
        let q = extract("\"It is over,\" said Paul Ortiz, a spokesman for the campaign.");
        assert_eq!(q[0].speaker.as_deref(), Some("Paul Ortiz"));
        assert_eq!(q[0].role.as_deref(), Some("a spokesman for the campaign"));
    }

    #[test]
    fn pronouns_surnames_and_descriptions() {
        let text = "Mayor Anna Kowalski met Governor Brian Hale on Monday. \
                    \"We agreed on the budget,\" she said.\n\
                    Hale was less upbeat. \"There is work left to do,\" he told reporters.\n\
                    Kowalski later added: \"The city will not wait.\"\n\
                    The governor warned that cuts would be \"painful for everyone involved.\"";
        let q = extract(text);
        assert_eq!(speaker_of(&q, "We agreed"), Some("Anna Kowalski".into()));
        assert_eq!(speaker_of(&q, "There is work"), Some("Brian Hale".into()));
        assert_eq!(speaker_of(&q, "The city"), Some("Anna Kowalski".into()));
        assert_eq!(speaker_of(&q, "painful"), Some("Brian Hale".into()));
    }

    #[test]
    fn speaker_in_a_reported_clause_is_not_salient() {
        // Ray Colt speaks inside "that ..."; the sentence is about Carla Diaz, who "she" is
        // even though neither gender is known.
        let text = "Carla Diaz told reporters, reminding them that Ray Colt has often \
                    denounced the plan. “We will not give up on it,” she said.";
        let q = extract(text);
        assert_eq!(speaker_of(&q, "We will not"), Some("Carla Diaz".into()));
    }

    #[test]
    fn mismatched_quote_marks_close_at_the_other_style() {
        let q = extract(
            "“We cannot wait, not now,\" Sen. Jane Doe said. She called it \"a disaster.\"",
        );
        let texts: Vec<&str> = q.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(texts, ["We cannot wait, not now,", "a disaster."]);
        assert_eq!(speaker_of(&q, "We cannot"), Some("Jane Doe".into()));
        let q = extract("\"It is over,” Tom Ray said. “It is time.”");
        let texts: Vec<&str> = q.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(texts, ["It is over,", "It is time."]);
        // An opening curly mark typed as the closing one still closes.
        let q = extract(
            "Sen. Ted Cruz said the KKK is “abhorrent and vile“ in a tweet. “It's unusual,“ said \
             Larry Noble. “It's a hard thing to do.” He said “yes, we do“.",
        );
        let texts: Vec<&str> = q.iter().map(|q| q.text.as_str()).collect();
        let want = [
            "abhorrent and vile",
            "It's unusual,",
            "It's a hard thing to do.",
            "yes, we do",
        ];
        assert_eq!(texts, want);
        // A curly pair inside an unclosed straight quote is nested, not the quote's end.
        let q = extract("Transcript:\n\n\"PENCE: She thinks this is “Shark Tank.” It is not.\n");
        assert!(q[0].text.ends_with("It is not."), "{q:?}");
    }

    #[test]
    fn a_group_a_plural_noun_or_an_opener_is_no_speaker() {
        // "Latinos" speaks, but a later "he" cannot be a group.
        let q = extract(
            "Tom Brandt met voters in the city. “We will be heard,” Latinos said at the rally. \
             “It is our time,” he said.",
        );
        assert_eq!(speaker_of(&q, "It is our time"), Some("Tom Brandt".into()));
        // "comments" before "are" is a noun, so "Harsh" is no one who commented.
        let q = extract(
            "Harsh comments are earning some critics more than scorn. A judge sentenced a man \
             after the man had posted that refugees should \"burn alive in the sea\" as a warning.",
        );
        assert_eq!(speaker_of(&q, "burn alive"), Some("the man".into()));
        // "That said," is an idiom; the words are hers.
        let q = extract(
            "At a rally, Mary Jones described her husband as \"kind\" with a \"great heart.\" \
             (That said, she also noted, \"When you attack him, he will punch back.\")",
        );
        assert_eq!(speaker_of(&q, "great heart"), Some("Mary Jones".into()));
    }

    #[test]
    fn a_place_or_a_holiday_is_not_who_he_is() {
        for text in [
            "Voters in Palo Alto cheered the plan. “Anyone been there?” he asked.",
            "Attacks rose across Western Europe. “Anyone been there?” he asked.",
            "Crowds waited for New Year. “Anyone been there?” he asked.",
        ] {
            let q = extract(text);
            assert_eq!(speaker_of(&q, "Anyone been"), None, "{text}");
        }
    }

    #[test]
    fn a_person_brought_on_with_their_office_speaks_next() {
        // Obama is the subject, but the writer brings Crespo on stage to speak.
        let text = "President Barack Obama spoke often. He said the race was close.\n\n\
                    While Obama had many artists writing songs about him, that has not happened \
                    for Clinton, which is something that concerns Henry Crespo, president of \
                    the Florida Democratic Black Caucus.\n\n\
                    “No one is writing songs for Hillary,” he said.";
        let q = extract(text);
        assert_eq!(
            speaker_of(&q, "No one is writing"),
            Some("Henry Crespo".into())
        );
    }

    #[test]
    fn he_or_she_after_a_described_subject_is_that_person() {
        let text = "Home Secretary John Denham said the plan was wrong. But a spokesman for \
                    the Home Office defended the proposals. He said: \"We stand by the \
                    provisions in the Act.\"\n\n\
                    Ms Sturgeon called it a gaffe. But an executive spokeswoman insisted Mr \
                    McConnell had meant adults. \"He was talking about adults binge \
                    drinking,\" she said.";
        let q = extract(text);
        assert_eq!(
            speaker_of(&q, "We stand by"),
            Some("a spokesman for the Home Office".into())
        );
        assert_eq!(
            speaker_of(&q, "He was talking"),
            Some("an executive spokeswoman".into())
        );
        // Not an apposition, not a "he" the sentence's named person may be, not "aides".
        for (text, quote, who) in [
            (
                "Federal mandates are a burden, said Todd Wilcox, an Orlando Republican. \
                 \"There is more time spent on compliance,\" he said.",
                "There is more",
                "Todd Wilcox",
            ),
            (
                "Bernie Sanders walked past the line of voters. A reporter asked Sanders how \
                 he felt. He replied: \"The bigger the turnout, the better I feel.\"",
                "The bigger",
                "Bernie Sanders",
            ),
            (
                "Officer Tom Reed spoke first. A police officer arrested the man on Friday. \
                 He said: \"We had no choice.\"",
                "We had no choice",
                "Tom Reed",
            ),
            (
                "Ivanka Trump spoke at the convention. Aides say she advises her father. \
                 \"Women are paid equally,\" she said.",
                "Women are paid",
                "Ivanka Trump",
            ),
        ] {
            assert_eq!(
                speaker_of(&extract(text), quote),
                Some(who.into()),
                "{text}"
            );
        }
    }

    /// Each fallback attributes a quotation no verb governs, of its kind, and only those before
    /// it found nothing: the speaker says which quotation or sentence lent it, the confidence
    /// how it was found.
    #[test]
    fn each_fallback_attributes_its_case() {
        let cases: &[(&str, &str, &str, How)] = &[
            (
                "\"We will win,\" said Jane Doe. \"And we will win big.\"",
                "And we will",
                "Jane Doe",
                How::Continued,
            ),
            (
                "Tom Bell spoke first. \"Taxes are too high.\" \"We will cut them,\" \
                 said Jane Doe.",
                "Taxes are",
                "Jane Doe",
                How::Continued,
            ),
            (
                "Maria Perez says too many women feel guilty. \"They feel like a bad mom.\"",
                "They feel",
                "Maria Perez",
                How::Clause,
            ),
            (
                "Senator Jane Doe arrived late.\n\nThe crowd waited. Outside, the signs read \
                 differently, and \"no more cuts to schools\" was everywhere.",
                "no more cuts",
                "Jane Doe",
                How::Guess,
            ),
        ];
        for (text, quote, who, how) in cases {
            let q = extract(text);
            let found = q
                .iter()
                .find(|q| q.text.starts_with(quote))
                .unwrap_or_else(|| panic!("{text}: {q:?}"));
            assert_eq!(found.speaker.as_deref(), Some(*who), "{text}");
            let basis = found.basis.expect("a basis");
            assert!(
                (found.confidence - basis.confidence() * how.factor()).abs() < 1e-6,
                "{text}: {found:?}"
            );
        }
        assert_eq!(FALLBACKS.len(), cases.len(), "a case for each fallback");
    }

    /// Each description rule finds the speaker of a quotation of its kind, and only the rules
    /// before it found no one; a description no rule resolves is kept as written.
    #[test]
    fn each_description_rule_decides_its_case() {
        let cases: &[(&str, &str, Basis, &str)] = &[
            (
                "Russian President Vladimir Putin met reporters. \"We agreed on much,\" the \
                 Russian president said.",
                "We agreed",
                Basis::Role,
                "Vladimir Putin",
            ),
            (
                "Sen. Marian Keller spoke in Salem. \"We will win,\" her campaign said.",
                "We will win",
                Basis::Possessive,
                "Marian Keller's campaign",
            ),
            (
                "\"We disagree with the ruling,\" a Clinton spokesman said.",
                "We disagree",
                Basis::NamedDescription,
                "a Clinton spokesman",
            ),
            (
                "The leak began at a valve, according to a report by the Ohio Environmental \
                 Protection Agency. \"Managers failed to act,\" the report said.",
                "Managers failed",
                Basis::Issuer,
                "Ohio Environmental Protection Agency report",
            ),
            (
                "Jane Doe sued the city. \"The city ignored every warning,\" the complaint \
                 said.",
                "The city ignored",
                Basis::OwnVoice,
                "the complaint",
            ),
            (
                "Regulators fined Acme Chemical Inc. \"We accept the findings,\" the \
                 company said.",
                "We accept",
                Basis::Organisation,
                "Acme Chemical Inc.",
            ),
            (
                "Acme Chemical said it would appeal. \"We did nothing wrong,\" the statement \
                 added.",
                "We did nothing",
                Basis::LatestSpeaker,
                "Acme Chemical",
            ),
            (
                "Bernie Sanders toured Iowa on Monday. \"We will win this state,\" the \
                 candidate told reporters.",
                "We will win",
                Basis::Salient,
                "Bernie Sanders",
            ),
            (
                "The storm hit at dawn. \"It was chaos in the streets,\" one resident said.",
                "It was chaos",
                Basis::Description,
                "one resident",
            ),
        ];
        for (text, quote, basis, who) in cases {
            let q = extract(text);
            let found = q
                .iter()
                .find(|q| q.text.starts_with(quote))
                .unwrap_or_else(|| panic!("{text}: {q:?}"));
            assert_eq!(
                (found.basis, found.speaker.as_deref()),
                (Some(*basis), Some(*who)),
                "{text}"
            );
        }
        for (basis, _) in DESCRIPTION_RULES {
            assert!(
                cases.iter().any(|(_, _, b, _)| b == basis),
                "no case for the rule {basis:?}"
            );
        }
    }

    #[test]
    fn a_possessive_description_is_whose_and_the_company_the_company_named() {
        let text = "State regulators fined Halvorsen Chemical $1.2 million, the Ohio \
                    Environmental Protection Agency said on Tuesday. \"We accept the \
                    findings,\" the company said in a statement. \"The plant failed its \
                    staff,\" the agency said.\n\n\
                    Sen. Marian Keller spoke in Salem. Her campaign said in a statement that \
                    the plan would \"leave the basin dry by August.\"";
        let q = extract(text);
        assert_eq!(
            speaker_of(&q, "We accept"),
            Some("Halvorsen Chemical".into())
        );
        assert_eq!(
            speaker_of(&q, "The plant failed"),
            Some("Ohio Environmental Protection Agency".into())
        );
        assert_eq!(
            speaker_of(&q, "leave the basin"),
            Some("Marian Keller's campaign".into())
        );
    }

    #[test]
    fn a_pull_quote_is_signed_on_its_last_line() {
        let text = "Trump spoke first.\n\n\"We will build more homes than any government \
                    before us.\nJane Doe, housing minister\"\n\nThe vote is next week.";
        let q = extract(text);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(
            q[0].text,
            "We will build more homes than any government before us."
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Jane Doe"));
        assert_eq!(q[0].role.as_deref(), Some("housing minister"));
        assert_eq!(q[0].basis, Some(Basis::PullQuote));
        assert_offsets(text, &q);
        // A last line that is no name, or words that do not end a sentence, sign nothing.
        assert_eq!(pull_quote_signature("We will win.\nThe Best Is Yet"), None);
        assert_eq!(pull_quote_signature("We will win and\nJane Doe"), None);
    }

    #[test]
    fn the_deputy_does_not_hold_the_office_itself() {
        // Prescott is nearer and named with an office like it, but not that office.
        let text = "At prime minister's questions, Tony Blair was pressed by backbenchers. \
                    Deputy Prime Minister John Prescott sat beside him.\n\n\
                    The prime minister said: “We will look at the detail carefully.”\n\n\
                    The deputy prime minister said: “We will set out the arrangements.”";
        let q = extract(text);
        assert_eq!(speaker_of(&q, "We will look"), Some("Tony Blair".into()));
        assert_eq!(speaker_of(&q, "We will set"), Some("John Prescott".into()));
    }

    #[test]
    fn a_given_name_tells_he_from_she() {
        // Tom Smith is the subject and nearer, but "she" cannot be him.
        let text = "At the rally, Mary Jones introduced Tom Smith to the crowd. Smith thanked \
                    the volunteers. “We will win this district,” she told reporters.";
        let q = extract(text);
        assert_eq!(speaker_of(&q, "We will win"), Some("Mary Jones".into()));
    }

    #[test]
    fn subject_after_a_modified_role_noun() {
        // "Florida developer Mel Sembler" opens the sentence: he is its subject.
        let text = "“It is over,” said Ron Weiser, a donor. Months ago, Florida developer \
                    Mel Sembler expressed dismay at the idea. “I now fear it may happen,” he \
                    told the Times.";
        let q = extract(text);
        assert_eq!(speaker_of(&q, "I now fear"), Some("Mel Sembler".into()));
    }

    #[test]
    fn relative_clauses_and_unresolved_descriptions() {
        let q = extract(
            "The plan drew fire from Sen. Dana Reyes, who said it was \"a gift to lobbyists.\"",
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Dana Reyes"));
        // No named person fits: the description itself is the best speaker there is.
        let q = extract("“We will not back down,” said the Democratic nominee.");
        assert_eq!(q[0].speaker.as_deref(), Some("the Democratic nominee"));
        // Someone new, known only by a description, is not the last person named.
        let q = extract("Mayor Ann Roe spoke. “She was kind to everyone,” a friend said.");
        assert_eq!(q[0].speaker.as_deref(), Some("a friend"));
        // A description with the name in apposition is that person.
        let q = extract("“She was kind,” another friend, Mariam Emara, told CNN.");
        assert_eq!(q[0].speaker.as_deref(), Some("Mariam Emara"));
        let q = extract("“No ties,” said the bureau's director, James B. Comey, on Monday.");
        assert_eq!(q[0].speaker.as_deref(), Some("James B. Comey"));
        // British titles and surnames that are words too.
        let q = extract(
            "Tory MP Michael Mates spoke. Mr Mates said: \"That is not right.\" Tory \
             co-chairman Liam Fox agreed. Dr Fox said: \"It is a lie.\"",
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Michael Mates"));
        assert_eq!(q[1].speaker.as_deref(), Some("Liam Fox"));
        // An office named by where it is, or whose it is, is someone on stage; a spokesman
        // named by whose he is speaks for another.
        let q = extract(
            "Bernie Sanders spoke in Ohio. \"We will win,\" the Vermont senator said. \
             \"He is wrong,\" a Clinton spokesman said.",
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Bernie Sanders"));
        assert_eq!(q[1].speaker.as_deref(), Some("a Clinton spokesman"));
        // A title in lower case between a party and the name is the role, after a quote too.
        let q = extract(
            "Mr Kennedy said: \"Hope is fine.\" Lib Dem foreign affairs spokesman Menzies \
             Campbell said a win was near, adding it was as if there was an \"umbilical cord\" \
             between them.",
        );
        assert_eq!(q[1].speaker.as_deref(), Some("Menzies Campbell"));
        // A title in lower case before a name is the role a later description finds.
        let q = extract(
            "Tory leader Michael Howard spoke. Tony Blair replied at length. \"It is rubbish,\" \
             the Tory leader said.",
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Michael Howard"));
        // A county after a constituency is a place inside the apposition, not a speaker.
        let q = extract(
            "Boris Johnson spoke. Mr Johnson, MP for Henley-on-Thames, Oxfordshire, said he \
             was acting \"because of this curious way in which Labour works\".",
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Boris Johnson"));
        // An adverb opening the sentence is no part of a name.
        let q = extract(
            "Tony Blair spoke, he added. Earlier Tory leader Michael Howard sent Mr Bush his \
             \"warmest congratulations\", saying: \"We look to the president.\"",
        );
        assert_eq!(q[1].speaker.as_deref(), Some("Michael Howard"));
        assert_eq!(q[1].role.as_deref(), Some("Tory leader"));
        // A role after the name whose closing comma is left out.
        let q = extract(
            "Rhodri Glyn Thomas, Plaid Cymru health spokesman said: \"It is the same target.\"",
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Rhodri Glyn Thomas"));
        // "said Mr Blair “...”" with no mark between: Mr Blair begins what was said.
        let q = extract(
            "However, Mr Johnson, who edits the magazine, said Mr Blair \"should butt out of\" \
             the row.",
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Johnson"));
        let q = extract("\"We will win,\" said Mr Blair, \"and soon.\"");
        assert!(
            q.iter().all(|q| q.speaker.as_deref() == Some("Blair")),
            "{q:?}"
        );
        // A speech verb ending the sentence attributes what it quotes.
        let q = extract(
            "Ken Livingstone should \"stick to his guns\" and not apologise, Tory MP Boris \
             Johnson has insisted.",
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Boris Johnson"));
        // An office before the name, however capitalised, is no speaker.
        let q = extract(
            "The Shadow Secretary of State for the Family, Theresa May, said: \"These plans \
             are old.\"",
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Theresa May"));
        // "The mayor" is someone already on stage.
        let q = extract("Mayor Ann Roe spoke. “We are ready,” the mayor said.");
        assert_eq!(q[0].speaker.as_deref(), Some("Ann Roe"));
    }

    #[test]
    fn each_speaker_says_how_it_was_found() {
        let q = extract(
            "Tony Blair spoke. \"We will win,\" he said. \"It is done,\" Blair told reporters. \
             \"No, never,\" a friend said.",
        );
        let bases: Vec<Option<Basis>> = q.iter().map(|q| q.basis).collect();
        assert_eq!(
            bases,
            [
                Some(Basis::Pronoun),
                Some(Basis::Person),
                Some(Basis::Description)
            ]
        );
        assert!((q[1].confidence - Basis::Person.confidence()).abs() < 1e-6);
    }

    #[test]
    fn split_quote_gets_one_speaker() {
        let text = "\"We are not done,\" Ryan told CNN. \"We have a lot more to do.\"";
        let q = speakers(text);
        assert_eq!(q.len(), 2);
        assert!(q.iter().all(|(_, s)| s.as_deref() == Some("Ryan")), "{q:?}");
        let text = "“The plan is dead,” said Senator Joan Park, “and everyone knows it.”";
        let q = speakers(text);
        assert_eq!(q.len(), 2);
        assert!(
            q.iter().all(|(_, s)| s.as_deref() == Some("Joan Park")),
            "{q:?}"
        );
    }

    #[test]
    fn quote_running_over_paragraphs() {
        let text = "Dr. Lena Ortiz spoke at length.\n\n\
                    “The first thing we must do is count the votes properly.\n\n\
                    “Then we can talk about the rest of it,” she said.";
        let q = extract(text);
        assert_eq!(q.len(), 2, "{q:?}");
        assert!(q[0].text.starts_with("The first thing"));
        assert!(
            q.iter().all(|x| x.speaker.as_deref() == Some("Lena Ortiz")),
            "{q:?}"
        );
        assert_offsets(text, &q);
    }

    #[test]
    fn nested_single_quotes_are_not_separate() {
        let text =
            "\"He looked at me and said, 'Not a chance,' and walked out,\" Maria Lopez said.";
        let q = extract(text);
        assert_eq!(q.len(), 1);
        assert!(q[0].text.contains("'Not a chance,'"));
        assert_eq!(q[0].speaker.as_deref(), Some("Maria Lopez"));
    }

    #[test]
    fn scare_quotes_and_titles_are_left_out() {
        let text = "The so-called \"deep state\" was blamed. He read the book \
                    \"The Art of the Deal\" twice and watched \"Meet the Press\" on Sunday.";
        assert!(extract(text).is_empty(), "{:?}", extract(text));
        // A phrase someone coined, named as such, stays even when it reads like a title; a
        // title of a work does not.
        let q = extract("Robby Mook released a memo titled “The Facts on Where the Race Stands.”");
        assert!(q.is_empty(), "{q:?}");
        let q = extract("Trump again referred to Rubio as “Little Marco” on Tuesday.");
        assert_eq!(q.len(), 1, "{q:?}");
        // A short quote with a speaker stays.
        let q = extract("Trump maintained that “great progress” was achieved.");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].speaker.as_deref(), Some("Trump"));
    }

    #[test]
    fn dated_posters_and_titles_of_works_are_left_out() {
        // A slogan cited with its year is a poster, not speech.
        let text = "The party's posters stoked fears. “Lose safety? Lose work? No to Schengen” \
                    (2005) and “Free pass for all? No.” (2007) were the best known.";
        assert!(extract(text).is_empty(), "{:?}", extract(text));
        // A title after the word for the work, with a comma or "author of", or followed
        // by its author, even with a speech verb near and however long.
        let q = extract("“We had no choice,” she wrote in her memoir, “Tough Choices.”");
        assert_eq!(q.len(), 1, "{q:?}");
        let q = extract(
            "“It failed,” said Steven Brill, author of “America’s Bitter Pill,” on Monday.",
        );
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].text, "It failed,");
        let q = extract(
            "He recalled in the book \"Backfire: Carly Fiorina's High-Stakes Battle for the \
             Soul of Hewlett-Packard.\" According to \"Perfect Enough: The Reinvention of HP\" \
             by George Anders, she sat alone.",
        );
        assert!(q.is_empty(), "{q:?}");
        // A phrase in Title Case that someone said stays.
        let q = extract("“Make America Great Again,” Trump told the crowd.");
        assert_eq!(q.len(), 1, "{q:?}");
    }

    #[test]
    fn inch_marks_are_not_quote_marks() {
        // The mark after 6'3 is a measurement: it neither opens a quote over the narration
        // nor closes the real quote early.
        let text = "The letter says Trump is 6'3\" tall and weighs 236 pounds. \
                    \"He is in excellent health,\" Dr. Ann Bell said. He bought a 17\" monitor.";
        let q = extract(text);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].text, "He is in excellent health,");
        assert_eq!(q[0].speaker.as_deref(), Some("Ann Bell"));
        let q = extract("\"She is 5'11\" and fast,\" coach Tim Ray said.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].text, "She is 5'11\" and fast,");
        // A quote that ends on a number still closes there.
        let q = extract("Rio Tilton is \"99.9 percent\" sure, he said, and \"ready in 2016\" too.");
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[1].text, "ready in 2016");
    }

    #[test]
    fn code_point_offsets_with_non_ascii_text() {
        let text = "Über café — José Núñez, the mayor of Zürich, said: “Ça va très bien, merci.” 🎉 \
                    “Noch einmal, bitte,” Núñez added.";
        let q = extract(text);
        assert_eq!(q.len(), 2);
        assert_offsets(text, &q);
        assert_eq!(q[0].text, "Ça va très bien, merci.");
        assert_eq!(q[0].speaker.as_deref(), Some("José Núñez"));
        assert_eq!(q[1].speaker.as_deref(), Some("José Núñez"));
    }

    #[test]
    fn city_and_state_inside_an_apposition() {
        let text = "Hillary Clinton, at a town hall in Columbus, Ohio, said she was \
                    \"going to put a lot of coal companies out of business,\" on Monday.";
        let q = extract(text);
        assert_eq!(
            speaker_of(&q, "going to").as_deref(),
            Some("Hillary Clinton")
        );
    }

    #[test]
    fn a_name_with_a_particle_is_the_subject_of_its_verb() {
        let text = "Twenty-nine people were injured by an explosion that Mayor Bill de Blasio \
                    described as “an intentional act.”";
        let q = extract(text);
        assert_eq!(q[0].speaker.as_deref(), Some("Bill de Blasio"));
    }

    #[test]
    fn a_name_owning_the_words_says_them_unless_someone_reports_them() {
        let text = "Mayor Jane Doe spoke first. Politifact did a fact-check on Donald Trump’s \
                    claim that there have been “thousands of shootings” in Chicago.";
        assert_eq!(extract(text)[0].speaker.as_deref(), Some("Donald Trump"));
        let text = "House Speaker Paul Ryan told CNN Tuesday that Ruth Ginsburg’s comments \
                    “shows bias to me.”";
        assert_eq!(extract(text)[0].speaker.as_deref(), Some("Paul Ryan"));
        // "Democratic claims" is a noun phrase, not a party making claims.
        let text = "PolitiFact rated 32% of Republican claims as “false” or “pants on fire,” \
                    compared to 11% of Democratic claims.";
        assert_eq!(extract(text)[0].speaker.as_deref(), Some("PolitiFact"));
    }

    #[test]
    fn a_document_speaks_for_itself_not_for_whoever_spoke_last() {
        let text = "“We did nothing wrong,” Bernie Sanders said. The complaint said the campaign \
                    made “the inadvertent disclosure” of data.";
        let q = extract(text);
        assert_eq!(
            speaker_of(&q, "the inadvertent").as_deref(),
            Some("The complaint")
        );
        // A statement is still the words of the one who issued it.
        let text = "“We did nothing wrong,” Bernie Sanders said. The statement called it \
                    “a deliberate smear campaign.”";
        let q = extract(text);
        assert_eq!(
            speaker_of(&q, "a deliberate").as_deref(),
            Some("Bernie Sanders")
        );
    }

    #[test]
    fn a_quote_run_on_into_a_joined_paragraph_is_two_quotes_by_its_speaker() {
        // BBC style, its paragraphs joined on one line: the first paragraph's quote is not
        // closed, the next opens with a mark after a space.
        let q = extract(
            "Ms Hewitt said: \"We have already doubled it, to 26 weeks. \"We are going to extend \
             the pay to nine months by 2007.\" She said more was to come.",
        );
        let texts: Vec<&str> = q.iter().map(|q| q.text.trim()).collect();
        assert_eq!(
            texts,
            [
                "We have already doubled it, to 26 weeks.",
                "We are going to extend the pay to nine months by 2007."
            ]
        );
        assert!(
            q.iter().all(|q| q.speaker.as_deref() == Some("Hewitt")),
            "{q:?}"
        );
        // "Ms" is how she is addressed, not her role.
        assert!(q.iter().all(|q| q.role.is_none()), "{q:?}");
    }

    #[test]
    fn quotation_marks_of_other_languages_are_quotation_marks() {
        let texts = |article: &str| -> Vec<String> {
            extract(article).into_iter().map(|q| q.text).collect()
        };
        assert_eq!(
            texts("Jean Dupont said: « We won the battle today. »"),
            ["We won the battle today."]
        );
        assert_eq!(
            texts("Der Minister sagte: „Wir haben gewonnen.“"),
            ["Wir haben gewonnen."]
        );
        assert_eq!(texts("Han sagde: »Vi vandt.«"), ["Vi vandt."]);
    }

    #[test]
    fn transcript_labels_and_epigraphs() {
        let q = extract("“PENCE: Well, look, that is not what he said.”");
        assert_eq!(q[0].speaker.as_deref(), Some("Pence"));
        let q = extract("“He is not ready for the job at all.” ― Carla Sanchez\n");
        assert_eq!(q[0].speaker.as_deref(), Some("Carla Sanchez"));
        let text = "Host Chris Matthews pressed Anna Lopez on the race, Lopez said.\n\n\
                    “Chris Matthews: Seriously, is he going to win?”";
        let q = extract(text);
        assert_eq!(
            speaker_of(&q, "Chris Matthews:").as_deref(),
            Some("Chris Matthews")
        );
        // A labelled line running over paragraphs keeps its speaker until the next label.
        let text = "Partial transcript as follows:\n\n\"WALLACE: Will she be there?\n\n\
                    \"PENCE: She will not be there.\n\n\"But the truth is that he is right.\n\n\
                    \"He will focus on the issues.\n\n\"WALLACE: Thank you, Governor.\"\n";
        let q = extract(text);
        let who: Vec<_> = q
            .iter()
            .map(|q| q.speaker.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(who, ["Wallace", "Pence", "Pence", "Pence", "Wallace"]);
        // A quotation with a speaker of its own after a transcript line is theirs.
        let q = extract(
            "\"PENCE: We will win this election.\n\nAfterwards, Tim Kaine told reporters, \
             \"I disagree with every word.\"",
        );
        assert_eq!(speaker_of(&q, "I disagree").as_deref(), Some("Tim Kaine"));
        // The outlet's sign-off inside the transcript's marks is no one's quote.
        let q = extract(&format!(
            "{text}\n\"Follow Pam Key on Twitter @pamkeyNEN.\""
        ));
        assert_eq!(q.len(), 5, "{q:?}");
        let text = "Bernie Sanders spoke at length.\n\n\
                    \"I helped write that bill, and I am proud of it.\"\n\n- Sanders.\n\n\
                    He wrote only one amendment.";
        let q = extract(text);
        assert_eq!(
            speaker_of(&q, "I helped").as_deref(),
            Some("Bernie Sanders")
        );
        let text = "Reid spoke first.\n\n\"It needs to stop.\"\n\n-Michelle Marks, Philadelphia.\n";
        let q = extract(text);
        assert_eq!(
            speaker_of(&q, "It needs").as_deref(),
            Some("Michelle Marks")
        );
    }

    #[test]
    fn odd_inputs_never_panic() {
        let long = "“a b ".repeat(20_000) + &"\"x y\" said he. ".repeat(5_000);
        let inputs = [
            String::new(),
            "\"".into(),
            "“".into(),
            "”".into(),
            "\"\"".into(),
            "“”".into(),
            "“ ”".into(),
            "“unclosed quote that runs on".into(),
            "\"a\n\n\"b\"\n".into(),
            "said said said \"x y\" said".into(),
            "\u{0}\u{1}\u{fffd}“\u{7f}binary\u{0} data”\u{200b}".into(),
            ".,;:“”\"'’‘—―-()".into(),
            "Mr. \"Dr. Sen.\" Jr., said: \"ok now\"".into(),
            long,
        ];
        for text in &inputs {
            let q = extract(text);
            assert_offsets(text, &q);
            assert!(q.iter().all(|x| (0.0..=1.0).contains(&x.confidence)));
        }
    }

    #[test]
    fn a_huge_article_is_read_in_pieces_with_the_same_quotes() {
        let text = SEED.repeat(3);
        let whole = extract_piece(&text);
        // Pieces far smaller than the article: cut between the copies' paragraphs.
        let pieced = extract_in_pieces(&text, 2000);
        assert!(pieces(&text, 2000).all(|p| !p.is_empty()));
        assert!(pieces(&text, 2000).count() > 3);
        // A far blank line does not make a huge piece; nor do quotes opening every line.
        let lines = "a line of the transcript\n".repeat(1000) + "\n\nend";
        assert!(pieces(&lines, 100).all(|p| p.len() <= 250));
        let quoted = "\"PENCE: and so it goes on\n".repeat(1000);
        assert!(pieces(&quoted, 100).all(|p| p.len() <= 250));
        // Whatever the size, even one that lands inside a character, nothing is lost.
        for size in [1, 7, 2000, 2001, 2002, 2003] {
            assert_eq!(pieces(&text, size).collect::<String>(), text);
        }
        assert_offsets(&text, &pieced);
        let spans = |q: &[Quote]| q.iter().map(|q| (q.start, q.end)).collect::<Vec<_>>();
        assert_eq!(spans(&pieced), spans(&whole));
    }

    #[test]
    fn large_article_is_fast() {
        let text = SEED.repeat(40);
        let t = std::time::Instant::now();
        let q = extract(&text);
        assert_eq!(q.len(), 16 * 40);
        // Generous bound for debug builds; release runs a seed article in well under 1 ms.
        assert!(t.elapsed().as_secs() < 5);
    }
}
