//! Transcripts of debates, speeches, interviews and press conferences: turns that open with a
//! speaker's label ("TRUMP: ...", "MODERATOR (LESTER HOLT): ...", "Q: ..."), no quotation marks.
//! Each sentence of a turn is a statement by the turn's speaker; a line without a label goes on
//! with the last speaker; bracketed stage directions ("(APPLAUSE)", "[crosstalk]") are not speech.

use serde::Serialize;

use super::extract::{is_abbrev, is_title_word};
use crate::domain::check_worthiness;

/// Labels that name a part, not a person: with a name in brackets the name speaks
/// ("MODERATOR (LESTER HOLT)"), else the part does ("Q", "AUDIENCE").
const PARTS: &[&str] = &[
    "moderator",
    "question",
    "q",
    "a",
    "answer",
    "audience",
    "audience member",
    "audience members",
    "announcer",
    "interviewer",
    "host",
    "unidentified male",
    "unidentified female",
    "unidentified",
    "reporter",
    "panelist",
    "participant",
    "narrator",
];

/// Words that open a transcript's header lines, not a speaker's turn ("Present: ...",
/// "Date: ...").
const HEADER_WORDS: &[&str] = &[
    "present",
    "also present",
    "participants",
    "attendees",
    "panelists",
    "guests",
    "date",
    "time",
    "place",
    "location",
    "venue",
    "subject",
    "source",
    "transcript",
    "note",
    "editor's note",
    "update",
    "re",
];

/// At most this many words name a speaker, a title aside.
const NAME_WORDS: usize = 4;

/// A label's share of a file's first lines from which the file is taken for a transcript.
const LABELLED_SHARE: f64 = 0.6;

/// One sentence of a turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statement {
    pub text: String,
    /// The turn's speaker, by the full name the transcript gives when it gives one.
    pub speaker: Option<String>,
    /// A title or part in the label ("Moderator", "D-VT, Presidential Candidate").
    pub role: Option<String>,
    /// Offsets of the sentence in the file, in Unicode code points.
    pub start: usize,
    pub end: usize,
    /// Check-worthiness (`domain::check_worthiness`), 0 to 1, as a priority 0–100, and why.
    pub priority: u8,
    pub worth: f64,
    pub factors: Vec<String>,
}

/// Who a label names.
#[derive(Debug, Clone, PartialEq)]
struct Speaker {
    /// As written, tidied: "Trump", "Lester Holt", "Q".
    name: String,
    role: Option<String>,
}

/// A transcript being read, a piece at a time: who spoke last, and the full names met so far.
#[derive(Debug, Default)]
pub struct Turns {
    last: Option<Speaker>,
    /// Names of two to four capitalised words seen in the text ("Donald Trump").
    names: Vec<String>,
    /// Names given for labels (`--speaker-map TRUMP="Donald Trump"`), by label in lower case.
    given: Vec<(String, String)>,
}

impl Turns {
    /// A reader that gives each label in `map` (LABEL=NAME, as on the command line) its name.
    pub fn with_names(map: &[String]) -> Result<Turns, String> {
        let given = map
            .iter()
            .map(|pair| {
                let (label, name) = pair
                    .split_once('=')
                    .map(|(l, n)| (l.trim(), n.trim().trim_matches('"')))
                    .filter(|(l, n)| !l.is_empty() && !n.is_empty())
                    .ok_or_else(|| format!("--speaker-map: '{pair}' is not LABEL=NAME"))?;
                Ok((tidy(label).to_lowercase(), name.to_string()))
            })
            .collect::<Result<_, String>>()?;
        Ok(Turns {
            given,
            ..Turns::default()
        })
    }

    /// The statements of `text`, a piece of the file starting `offset` code points in.
    pub fn read(&mut self, text: &str, offset: usize) -> Vec<Statement> {
        self.learn_names(text);
        let mut out = Vec::new();
        let mut at = offset;
        for line in text.split_inclusive('\n') {
            let line_chars = line.chars().count();
            if is_header(line) {
                at += line_chars;
                continue;
            }
            let (speech, skip) = match label(line) {
                Some((speaker, bytes)) => {
                    // "MODERATOR (DANA WHITFIELD)": a later "WHITFIELD" is her.
                    self.remember(&speaker.name.split(' ').collect::<Vec<_>>());
                    self.last = Some(speaker);
                    (&line[bytes..], line[..bytes].chars().count())
                }
                None => (line, 0),
            };
            if let Some(speaker) = &self.last {
                let name = self.full_name(&speaker.name);
                for (start, end) in sentences(speech) {
                    let words: String = speech
                        .chars()
                        .skip(start)
                        .take(end - start)
                        .collect::<String>();
                    let words = words.trim();
                    if words.is_empty() {
                        continue;
                    }
                    let worth = check_worthiness(words);
                    out.push(Statement {
                        text: words.to_string(),
                        speaker: Some(name.clone()),
                        role: speaker.role.clone(),
                        start: at + skip + start,
                        end: at + skip + end,
                        priority: worth.priority(),
                        // Three places say all a reader can use.
                        worth: (worth.worth * 1000.0).round() / 1000.0,
                        factors: worth.factors.iter().map(ToString::to_string).collect(),
                    });
                }
            }
            at += line_chars;
        }
        out
    }

    /// "Trump" as "Donald Trump": as `--speaker-map` says, else as the transcript names him,
    /// else as written.
    fn full_name(&self, name: &str) -> String {
        if let Some((_, given)) = self.given.iter().find(|(l, _)| *l == name.to_lowercase()) {
            return given.clone();
        }
        let last = name.rsplit(' ').next().unwrap_or(name).to_lowercase();
        self.names
            .iter()
            .find(|full| {
                full.len() > name.len()
                    && full.rsplit(' ').next().unwrap_or("").to_lowercase() == last
            })
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// Collects runs of two to four Title Case words from running text (labels aside).
    fn learn_names(&mut self, text: &str) {
        // Whether a turn has begun: what stands before the first is the header.
        let mut labelled = false;
        for line in text.lines() {
            let found = label(line);
            labelled |= found.is_some();
            let speech = found.map_or(line, |(_, bytes)| &line[bytes..]);
            let mut run: Vec<&str> = Vec::new();
            for word in speech.split_whitespace() {
                let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
                let title_case = bare.len() > 1
                    && bare.chars().next().is_some_and(char::is_uppercase)
                    && bare.chars().skip(1).all(char::is_lowercase)
                    && !is_title_word(&bare.to_lowercase());
                if title_case {
                    run.push(bare);
                }
                // "answered by Commissioner Okafor (A)", in the header before any turn: the
                // label A is her, when the words before it are a name given in full.
                if let Some(short) = bracketed_label(word)
                    && self.last.is_none()
                    && !labelled
                    && !run.is_empty()
                {
                    let full = self.full_name(&run.join(" "));
                    if full.contains(' ') && !self.given.iter().any(|(l, _)| *l == short) {
                        self.given.push((short, full));
                    }
                }
                // A run ends at a word that is not a name's, or at punctuation after one.
                if !title_case || bare.len() < word.len() {
                    self.remember(&run);
                    run.clear();
                }
            }
            self.remember(&run);
        }
    }

    fn remember(&mut self, run: &[&str]) {
        if (2..=NAME_WORDS).contains(&run.len()) {
            let name = run.join(" ");
            if !self.names.contains(&name) {
                self.names.push(name);
            }
        }
    }
}

/// "(A)", "(DT)," as a label in lower case: one to four capitals in brackets.
fn bracketed_label(word: &str) -> Option<String> {
    let inner = word
        .trim_end_matches([',', '.', ';'])
        .strip_prefix('(')?
        .strip_suffix(')')?;
    ((1..=4).contains(&inner.len()) && inner.chars().all(|c| c.is_ascii_uppercase()))
        .then(|| inner.to_lowercase())
}

/// Whether `text` (a file's first lines) reads as a transcript: most lines that say something
/// open with a label, and at least three do.
#[must_use]
pub fn looks_like(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.len() > 1 && !is_stage_direction(l))
        .take(40)
        .collect();
    let labelled = lines.iter().filter(|l| label(l).is_some()).count();
    labelled >= 3 && labelled as f64 >= LABELLED_SHARE * lines.len() as f64
}

/// A line that is only a stage direction: "(APPLAUSE)", "[crosstalk]".
fn is_stage_direction(line: &str) -> bool {
    let t = line.trim();
    (t.starts_with('(') && t.ends_with(')')) || (t.starts_with('[') && t.ends_with(']'))
}

/// A header or an editor's line ("Present: ...", "Note: ..."): no one's turn, and no more of
/// the last speaker's either.
fn is_header(line: &str) -> bool {
    line.split_once(':')
        .is_some_and(|(head, _)| HEADER_WORDS.contains(&head.trim().to_lowercase().as_str()))
}

/// The speaker a line's label names, and the byte where the speech starts.
fn label(line: &str) -> Option<(Speaker, usize)> {
    if is_header(line) {
        return None;
    }
    let colon = line.find(':')?;
    if colon > 120 || !line[colon + 1..].starts_with([' ', '\t', '\n']) && colon + 1 < line.len() {
        return None;
    }
    let mut head = line[..colon].trim();
    // "(APPLAUSE) SANDERS": a stage direction before the label.
    while head.starts_with(['(', '[']) {
        let close = head.find([')', ']'])?;
        head = head[close + 1..].trim_start();
    }
    let (name_part, mut role) = split_role(head);
    let words: Vec<&str> = name_part.split_whitespace().collect();
    let name_like = |w: &&str| {
        let letters = w.trim_end_matches('.');
        !letters.is_empty()
            && letters.chars().next().is_some_and(char::is_uppercase)
            && letters
                .chars()
                .all(|c| c.is_alphabetic() || c == '.' || c == '\'' || c == '-')
            && (letters.chars().all(|c| !c.is_lowercase())
                || letters
                    .chars()
                    .skip(1)
                    .all(|c| !c.is_uppercase() || c == '\''))
    };
    if words.is_empty() || !words.iter().all(name_like) {
        return None;
    }
    let titles = words
        .iter()
        .take_while(|w| is_title_word(&w.to_lowercase()))
        .count();
    let name_words = &words[titles.min(words.len() - 1)..];
    if name_words.len() > NAME_WORDS {
        return None;
    }
    let written = tidy(&name_words.join(" "));
    let title = (titles > 0).then(|| tidy(&words[..titles].join(" ")));
    // "MODERATOR (LESTER HOLT)": the part is the role, the name in brackets speaks.
    let part = PARTS.contains(&written.to_lowercase().as_str());
    let name = match (&role, part) {
        (Some(r), true) if looks_like_name(r) => {
            let person = tidy(r);
            role = Some(written);
            person
        }
        _ => written,
    };
    let role = match (title, role) {
        (Some(t), Some(r)) => Some(format!("{t}, {r}")),
        (t, r) => r.or(t),
    };
    let speech = colon + 1 + line[colon + 1..].len() - line[colon + 1..].trim_start().len();
    Some((Speaker { name, role }, speech))
}

/// "SANDERS (D-VT), PRESIDENTIAL CANDIDATE" → ("SANDERS", "D-VT, Presidential Candidate").
fn split_role(head: &str) -> (&str, Option<String>) {
    if let Some(open) = head.find('(') {
        let close = head[open..].find(')').map_or(head.len(), |c| open + c);
        let inside = head[open + 1..close].trim();
        let after = head
            .get(close + 1..)
            .unwrap_or("")
            .trim_start_matches([',', ' ']);
        let role = [inside, after]
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(tidy)
            .collect::<Vec<_>>()
            .join(", ");
        return (head[..open].trim(), Some(role).filter(|r| !r.is_empty()));
    }
    match head.split_once(',') {
        Some((name, role)) if !role.trim().is_empty() => (name.trim(), Some(tidy(role.trim()))),
        _ => (head, None),
    }
}

fn looks_like_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=NAME_WORDS).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Capitals as Title Case ("LESTER HOLT" → "Lester Holt", "D-VT" kept); other words as written.
fn tidy(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            let shouting = w.chars().filter(|c| c.is_alphabetic()).count() > 1
                && w.chars().all(|c| !c.is_lowercase());
            if shouting && !w.contains('-') {
                let mut out = String::new();
                let mut start = true;
                for c in w.chars() {
                    if start {
                        out.extend(c.to_uppercase());
                    } else {
                        out.extend(c.to_lowercase());
                    }
                    start = !c.is_alphabetic() && c != '\'';
                }
                out
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sentences of a turn's speech, as code point ranges, stage directions left out: a
/// sentence ends at `.`, `!` or `?` before a space, unless the word is an abbreviation
/// ("Mr.", "U.S."), or at the end of the line.
fn sentences(speech: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = speech.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let push = |from: usize, to: usize, out: &mut Vec<(usize, usize)>| {
        let lead = chars[from..to]
            .iter()
            .take_while(|c| c.is_whitespace())
            .count();
        let trail = chars[from..to]
            .iter()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
        if from + lead < to.saturating_sub(trail) {
            out.push((from + lead, to - trail));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '(' || c == '[' {
            let close = if c == '(' { ')' } else { ']' };
            if let Some(len) = chars[i..].iter().position(|&x| x == close) {
                let inside: String = chars[i + 1..i + len].iter().collect();
                // "(APPLAUSE)", "[crosstalk]": capitals or a short aside, not speech.
                let direction = inside.chars().all(|c| !c.is_lowercase()) || len < 20;
                if direction && inside.split_whitespace().count() <= 3 {
                    push(start, i, &mut out);
                    i += len + 1;
                    start = i;
                    continue;
                }
            }
        }
        let ends = matches!(c, '.' | '!' | '?')
            && chars
                .get(i + 1)
                .is_none_or(|n| n.is_whitespace() || matches!(n, '"' | '”' | '\'' | '’'));
        if ends && !(c == '.' && abbreviation(&chars[start..i])) {
            let mut end = i + 1;
            while end < chars.len() && matches!(chars[end], '"' | '”' | '\'' | '’') {
                end += 1;
            }
            push(start, end, &mut out);
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    push(start, chars.len(), &mut out);
    out
}

/// Whether the word before a full stop is an abbreviation ("Mr", "U.S", "D").
fn abbreviation(before: &[char]) -> bool {
    let word: String = before
        .iter()
        .rev()
        .take_while(|c| !c.is_whitespace())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let word = word.trim_start_matches(['(', '"', '“', '\'']);
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    is_abbrev(word)
        || (letters == 1 && word.chars().next().is_some_and(char::is_uppercase))
        || (word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speaker(line: &str) -> Option<(String, Option<String>)> {
        label(line).map(|(s, _)| (s.name, s.role))
    }

    #[test]
    fn labels_name_the_speaker_and_their_role() {
        assert_eq!(speaker("TRUMP: We will win."), Some(("Trump".into(), None)));
        assert_eq!(
            speaker("Mr. Trump: Thank you."),
            Some(("Trump".into(), Some("Mr.".into())))
        );
        assert_eq!(
            speaker("MODERATOR (LESTER HOLT): Good evening."),
            Some(("Lester Holt".into(), Some("Moderator".into())))
        );
        assert_eq!(
            speaker("SEN. BERNIE SANDERS (D-VT), PRESIDENTIAL CANDIDATE: Well,"),
            Some((
                "Bernie Sanders".into(),
                Some("Sen., D-VT, Presidential Candidate".into())
            ))
        );
        assert_eq!(speaker("Q: Is that so?"), Some(("Q".into(), None)));
        assert_eq!(
            speaker("(APPLAUSE) SANDERS: Thank you."),
            Some(("Sanders".into(), None))
        );
        // Not labels: running text with a colon, a time, a long run of words.
        assert_eq!(speaker("He said this: we will win."), None);
        assert_eq!(speaker("At 10:30 the doors opened."), None);
        assert_eq!(
            speaker("The Members Of The Committee Met Today: nothing."),
            None
        );
    }

    #[test]
    fn a_name_a_label_gives_in_full_names_its_later_short_labels() {
        let text = "Present: Commissioner Denise Okafor and the press. Questions were \
                    answered by Commissioner Okafor (A).\n\n\
                    MODERATOR (DANA WHITFIELD): Good evening.\n\n\
                    PAUL ASHER, HOST: Welcome.\n\n\
                    WHITFIELD: Mr. Asher.\n\n\
                    ASHER: Thank you.\n\n\
                    A: We closed the pier.\n";
        let found = Turns::default().read(text, 0);
        let who: Vec<&str> = found
            .iter()
            .map(|s| s.speaker.as_deref().unwrap())
            .collect();
        // The header line is no one's turn.
        assert_eq!(
            who,
            [
                "Dana Whitfield",
                "Paul Asher",
                "Dana Whitfield",
                "Paul Asher",
                "Denise Okafor"
            ]
        );
        assert_eq!(speaker("Present: Commissioner Okafor; Mr. Sato."), None);
        // An editor's line in mid-transcript is no one's, and "Option (A)" in a turn names no
        // label.
        let text = "SMITH: We chose Option (A) last year.\n\n\
                    Note: The next exchange was partly inaudible.\n\n\
                    A: I agree with that.\n";
        let found = Turns::default().read(text, 0);
        assert!(
            found.iter().all(|s| !s.text.contains("inaudible")),
            "{found:?}"
        );
        assert_eq!(
            found
                .last()
                .map(|s| (s.speaker.as_deref(), s.text.as_str())),
            Some((Some("A"), "I agree with that."))
        );
    }

    #[test]
    fn sentences_end_at_full_stops_but_not_abbreviations_and_skip_directions() {
        let text = "Mr. Smith went to Washington. The U.S. economy grew 3%! (APPLAUSE) Did it?";
        let found: Vec<String> = sentences(text)
            .into_iter()
            .map(|(a, b)| text.chars().skip(a).take(b - a).collect())
            .collect();
        assert_eq!(
            found,
            [
                "Mr. Smith went to Washington.",
                "The U.S. economy grew 3%!",
                "Did it?"
            ]
        );
    }

    #[test]
    fn turns_go_on_until_the_next_label_and_use_full_names() {
        let text = "HOLT: The participants tonight are Donald Trump and Hillary Clinton.\n\n\
                    TRUMP: Our jobs are fleeing the country. They're going to Mexico.\n\n\
                    (APPLAUSE)\n\n\
                    We have to stop it.\n";
        let found = Turns::default().read(text, 0);
        let who: Vec<(&str, &str)> = found
            .iter()
            .map(|s| (s.speaker.as_deref().unwrap(), s.text.as_str()))
            .collect();
        assert_eq!(
            who,
            [
                (
                    "Holt",
                    "The participants tonight are Donald Trump and Hillary Clinton."
                ),
                ("Donald Trump", "Our jobs are fleeing the country."),
                ("Donald Trump", "They're going to Mexico."),
                ("Donald Trump", "We have to stop it."),
            ]
        );
        let first = &found[1];
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(
            chars[first.start..first.end].iter().collect::<String>(),
            first.text
        );
        assert!(looks_like(&format!("{text}\nCLINTON: Thank you.\n")));
        // A name given for a label wins.
        let mut named = Turns::with_names(&["TRUMP=Donald J. Trump".into()]).unwrap();
        assert_eq!(
            named.read(text, 0)[1].speaker.as_deref(),
            Some("Donald J. Trump")
        );
        assert!(Turns::with_names(&["TRUMP".into()]).is_err());
        assert!(!looks_like(
            "A news story.\n\nIt said: nothing much.\n\nThe end.\n"
        ));
    }
}
