//! Articles: each direct quotation the extractor finds becomes a claim by its speaker, appearing
//! in the article as a source. Quotes with no speaker found are kept as by `unknown` and tagged
//! `needs-speaker`, never dropped; so is a speaker the extractor only guessed.

use std::path::Path;

use chrono::NaiveDate;

use super::extract;
use super::pieces::{Piece, Pieces};
use super::{Item, Raw, RecordError, Source};
use crate::domain::{NEEDS_SPEAKER_TAG, NewClaim, SourceKind, SourceRef, Status, check_claim_text};

/// Below this confidence the extractor only guessed the speaker (no verb of its own, or a
/// document's description): the claim is tagged for a person to check.
const SURE: f32 = 0.5;

/// Who speaks when the rules found nobody.
pub const UNKNOWN_SPEAKER: &str = "unknown";

/// The article's own description, from `--source`, `--url`, `--published`.
#[derive(Debug, Clone, Default)]
pub struct ArticleOptions {
    pub source: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// When the quotations were said, if the user knows.
    pub said_on: Option<NaiveDate>,
    /// Also take the writer's own sentences as claims by the outlet.
    pub include_narration: bool,
    /// Transcripts: every statement becomes a claim, not only the check-worthy ones.
    pub every_statement: bool,
    /// Transcripts: the least check-worthiness (0–100) that makes a statement a claim.
    pub min_worth: Option<u8>,
    /// Transcripts: names for labels, LABEL=NAME (checked by `transcript::Turns::with_names`).
    pub speaker_map: Vec<String>,
}

/// A transcript's statements from this check-worthiness on become claims, unless told otherwise:
/// worth 0.5, more like what fact-checkers checked than not. A figure, money, a comparison, a
/// cause or a superlative is enough on its own; a named party alone is not, nor "Thank you."
/// (see `domain::check_worthiness`). On the 19 debates: 23% of the sentences, 56% of those
/// fact-checkers checked.
pub const MIN_WORTH: u8 = 50;

/// Articles above this size are not articles.
const MAX_ARTICLE_BYTES: u64 = 64 << 20;

/// The claims of the article `reader` reads, one piece of it at a time: a huge article never
/// sits in memory whole, nor all its quotations at once.
pub fn read(
    path: &Path,
    reader: Source,
    options: &ArticleOptions,
) -> impl Iterator<Item = Result<Item, RecordError>> + Send + use<> {
    let source = source_of(path, options);
    Article {
        path: path.to_path_buf(),
        pieces: Pieces::new(reader, MAX_ARTICLE_BYTES),
        source,
        options: options.clone(),
        ready: std::collections::VecDeque::new(),
    }
}

/// The claims of the transcript `reader` reads: its statements by their speakers, those
/// check-worthy enough (all with `every_statement`), a piece at a time.
pub fn read_transcript(
    path: &Path,
    reader: Source,
    options: &ArticleOptions,
) -> impl Iterator<Item = Result<Item, RecordError>> + Send + use<> {
    let mut source = source_of(path, options);
    source.kind = Some(SourceKind::Transcript);
    let path = path.to_path_buf();
    let options = options.clone();
    let bar = if options.every_statement {
        0
    } else {
        options.min_worth.unwrap_or(MIN_WORTH)
    };
    let mut turns = super::transcript::Turns::with_names(&options.speaker_map).unwrap_or_default();
    Pieces::new(reader, MAX_ARTICLE_BYTES).flat_map(move |piece| -> Vec<_> {
        let piece = match piece {
            Ok(piece) => piece,
            Err(e) => {
                return vec![Err(RecordError {
                    file: path.clone(),
                    line: e.line,
                    field: None,
                    message: e.message,
                })];
            }
        };
        let lines = LineIndex::new(&piece.text);
        turns
            .read(&piece.text, 0)
            .into_iter()
            .filter(|s| s.priority >= bar)
            .map(|s| {
                let line = piece.line - 1 + lines.line_of(s.start);
                let claim = check_claim_text(&s.text)
                    .map(|text| NewClaim {
                        text,
                        speaker: s.speaker.unwrap_or_else(|| UNKNOWN_SPEAKER.to_string()),
                        speaker_role: s.role,
                        sources: vec![source.clone()],
                        said_on: options.said_on,
                        status: Status::Unverified,
                        ..NewClaim::default()
                    })
                    .map_err(|message| RecordError {
                        file: path.clone(),
                        line,
                        field: Some("statement".into()),
                        message,
                    });
                Ok(Item {
                    line,
                    raw: Raw::None,
                    claim,
                })
            })
            .collect()
    })
}

/// Where an article's or a transcript's claims appeared: `--source`, `--url`, `--title`,
/// `--published`, else the file's name.
fn source_of(path: &Path, options: &ArticleOptions) -> SourceRef {
    SourceRef {
        name: options.source.clone().or_else(|| {
            options
                .url
                .is_none()
                .then(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .flatten()
        }),
        url: options.url.clone(),
        title: options.title.clone(),
        kind: Some(SourceKind::Article),
        published_on: options.published,
        added_at: None,
    }
}

/// An article being read: where it is, and the claims of the piece at hand.
struct Article {
    path: std::path::PathBuf,
    pieces: Pieces<Source>,
    source: SourceRef,
    options: ArticleOptions,
    ready: std::collections::VecDeque<Item>,
}

impl Article {
    fn claim(
        &self,
        text: String,
        speaker: Option<String>,
        role: Option<String>,
        context: Option<String>,
        sure: bool,
    ) -> NewClaim {
        let mut tags = Vec::new();
        if speaker.is_none() || !sure {
            tags.push(NEEDS_SPEAKER_TAG.to_string());
        }
        let speaker = speaker.unwrap_or_else(|| UNKNOWN_SPEAKER.to_string());
        NewClaim {
            text,
            speaker,
            // "his colleague", "the Russian leader": read from the article, so a role given
            // later replaces it.
            speaker_role_guessed: role.is_some(),
            speaker_role: role,
            sources: vec![self.source.clone()],
            said_on: self.options.said_on,
            context,
            status: Status::Unverified,
            verdict: None,
            verdict_label: None,
            tags,
            ..NewClaim::default()
        }
    }

    fn item(&self, quote: &extract::Quote, line: usize) -> Item {
        // "We didn't get there," he said: the comma belongs to the sentence around the quote.
        let words = quote.text.trim_end().trim_end_matches([',', ';', ':']);
        let claim = check_claim_text(words)
            .map(|t| {
                self.claim(
                    t,
                    quote.speaker.clone(),
                    quote.role.clone(),
                    quote.context.clone(),
                    quote.confidence >= SURE,
                )
            })
            .map(|claim| NewClaim {
                speaker_kind: quote.speaker_kind,
                ..claim
            })
            .map_err(|message| RecordError {
                file: self.path.clone(),
                line,
                field: Some("quote".into()),
                message,
            });
        Item {
            line,
            raw: Raw::None,
            claim,
        }
    }

    /// The claims of one piece, in the order of their lines: its quotations, and with
    /// `--include-narration` the writer's own sentences between them. (Pieces end at line
    /// breaks, which end sentences too, so a piece holds whole sentences.)
    fn read_piece(&mut self, piece: &Piece) {
        let lines = LineIndex::new(&piece.text);
        let line = |offset: usize| piece.line - 1 + lines.line_of(offset);
        let quotes = extract::extract_from(&piece.text, 0);
        let mut items: Vec<Item> = quotes.iter().map(|q| self.item(q, line(q.start))).collect();
        if self.options.include_narration {
            let outlet = self
                .source
                .name
                .clone()
                .or_else(|| self.source.url.clone())
                .unwrap_or_else(|| "narrator".into());
            for (start, sentence) in narration(&piece.text, &quotes) {
                let mut c = self.claim(
                    sentence,
                    Some(outlet.clone()),
                    None,
                    Some("the article's own words".into()),
                    true,
                );
                c.tags.push("narration".into());
                items.push(Item {
                    line: line(start),
                    raw: Raw::None,
                    claim: Ok(c),
                });
            }
            items.sort_by_key(|i| i.line);
        }
        self.ready.extend(items);
    }
}

impl Iterator for Article {
    type Item = Result<Item, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.ready.is_empty() {
            match self.pieces.next()? {
                Ok(piece) => self.read_piece(&piece),
                Err(e) => {
                    return Some(Err(RecordError {
                        file: self.path.clone(),
                        line: e.line,
                        field: None,
                        message: e.message,
                    }));
                }
            }
        }
        self.ready.pop_front().map(Ok)
    }
}

/// Line numbers of code point offsets.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(
                text.chars()
                    .enumerate()
                    .filter(|(_, c)| *c == '\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        LineIndex(starts)
    }

    fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}

/// The writer's own sentences: six words or more, outside every quotation, not list items or
/// headings. Returns (code point offset, sentence).
fn narration(text: &str, quotes: &[super::extract::Quote]) -> Vec<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..=chars.len() {
        let at_end = i == chars.len();
        let boundary = at_end
            || chars[i] == '\n'
            || (matches!(chars[i], '.' | '!' | '?')
                && chars.get(i + 1).is_none_or(|c| c.is_whitespace()));
        if !boundary {
            continue;
        }
        let end = if at_end || chars[i] == '\n' { i } else { i + 1 };
        let sentence: String = chars[start..end].iter().collect();
        let trimmed = sentence.trim();
        let lead = start + sentence.chars().take_while(|c| c.is_whitespace()).count();
        let inside_quote = trimmed.contains(['"', '“', '”'])
            || quotes.iter().any(|q| q.start < end && q.end > start);
        if !inside_quote
            && trimmed.split_whitespace().count() >= 6
            && !trimmed.starts_with(['-', '#', '*'])
        {
            out.push((lead, trimmed.to_string()));
        }
        start = i + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_lines_from_one() {
        let index = LineIndex::new("ab\ncd\n\nef");
        assert_eq!(index.line_of(0), 1);
        assert_eq!(index.line_of(3), 2);
        assert_eq!(index.line_of(7), 4);
    }

    #[test]
    fn narration_skips_quoted_and_short_sentences() {
        let text = "The talks lasted three hours in Anchorage. He said “yes to that”.\nShort one.\n- Get link here now please ok";
        let found: Vec<String> = narration(text, &[]).into_iter().map(|(_, s)| s).collect();
        assert_eq!(found, vec!["The talks lasted three hours in Anchorage."]);
    }
}
