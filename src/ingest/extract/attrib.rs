//! Third stage: for one quotation, find the speech verb and its subject in the same
//! sentence, after the quote (`"...," X said`) or before it (`X said: "..."`).

use super::lexicon::{self, is_sentence_adverb};
use super::lexicon::{
    is_capitalised_function_word, is_cue_verb, is_non_person_word, is_nounish, is_org_word,
    is_person_noun, is_place, is_strong_cue, is_title_word, is_words_noun, pronoun_gender,
};
use super::names::{People, is_filler, is_particle, skip_apposition};
use super::scan::{Kind, Tok, text_of};

/// What stands for the speaker in the text.
#[derive(Debug, Clone, PartialEq)]
pub enum NpKind {
    /// A name; the index of its name span.
    Name(usize),
    /// "he", "she", "they".
    Pronoun(String),
    /// "the Russian leader", "a Clinton spokesman".
    Desc(String),
}

/// A speaker phrase: tokens `first..=last`, what it is, and any role found with it.
#[derive(Debug, Clone)]
pub struct Np {
    pub first: usize,
    pub last: usize,
    pub kind: NpKind,
    pub role: Option<String>,
}

/// How a quotation got its speaker; its factor scales the confidence (`Basis`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// `"...," X said` or `X said: "..."`: verb and subject next to the quote.
    Direct,
    /// A subject found through a participle or a coordinated verb ("..., adding: ").
    Clause,
    /// No verb: the quote continues the one before (or after) it.
    Continued,
    /// No verb: the subject of the sentence, or the latest speaker.
    Guess,
}

impl How {
    /// How much an attribution found this way keeps of its speaker's confidence.
    #[must_use]
    pub const fn factor(self) -> f32 {
        match self {
            How::Direct => 1.0,
            How::Clause => 0.85,
            How::Continued => 0.75,
            How::Guess => 0.4,
        }
    }
}

/// The speaker phrase, speech verb and place found for one quotation.
#[derive(Debug, Clone)]
pub struct Attribution {
    pub np: Option<Np>,
    pub cue: Option<String>,
    pub context: Option<String>,
    pub how: How,
}

fn is_day(lower: &str) -> bool {
    matches!(
        lower,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "yesterday"
            | "today"
            | "tonight"
    )
}

fn word(toks: &[Tok], i: usize) -> Option<&Tok> {
    toks.get(i).filter(|t| t.is_word())
}

/// Context for a whole article: tokens, people and sentence numbers.
pub struct Ctx<'a> {
    pub toks: &'a [Tok],
    pub people: &'a People,
}

impl Ctx<'_> {
    fn sentence(&self, i: usize) -> usize {
        self.people.sentence_of[i]
    }

    /// Token range `[lo, hi)` of the sentence holding token `k`.
    pub fn sentence_range(&self, k: usize) -> (usize, usize) {
        let s = self.sentence(k);
        let mut lo = k;
        while lo > 0 && self.sentence(lo - 1) == s && k - lo < 200 {
            lo -= 1;
        }
        let mut hi = k + 1;
        while hi < self.toks.len() && self.sentence(hi) == s && hi - k < 200 {
            hi += 1;
        }
        // A line break closes the sentence it ends.
        while lo < k && self.toks[lo].kind == Kind::Break {
            lo += 1;
        }
        (lo, hi)
    }

    /// A speaker phrase starting at token `i`, not running past `hi`.
    pub fn np_forward(&self, i: usize, hi: usize) -> Option<Np> {
        let t = word(self.toks, i)?;
        if i >= hi {
            return None;
        }
        if lexicon::SPEAKER_PRONOUNS.has(t.lower.as_str()) {
            return Some(Np {
                first: i,
                last: i,
                kind: NpKind::Pronoun(t.lower.clone()),
                role: None,
            });
        }
        // "... Tuesday, hours after the staffer was charged": a date is no speaker.
        if is_day(&t.lower) {
            return None;
        }
        if self.people.span_at(i).is_some() {
            return Some(self.name_np(i, hi, None));
        }
        let lower = t.lower.as_str();
        if lexicon::DETERMINERS.has(lower) || is_title_word(lower) || is_person_noun(lower) {
            return self.desc_np(i, hi);
        }
        None
    }

    /// A name, with what comes around it: an owner ("Al Jazeera’s"), title words, an
    /// affiliation ("of the Atlantic Council") and an apposition (", a lawmaker,").
    fn name_np(&self, i: usize, hi: usize, lead_role: Option<String>) -> Np {
        let toks = self.toks;
        let span_idx = self.span_index(i);
        let span = &self.people.spans[span_idx];
        let mut role: Vec<String> = lead_role.into_iter().collect();
        let mut last = span.last;
        // An owner or title words before the name proper ("Al Jazeera’s Osama Bin Javaid",
        // "Snyder spokesman Dave Murray"): keep going to the person.
        let owner = toks[span.last].is_possessive() || !span.person;
        let mut k = span.last + 1;
        while k < hi
            && word(toks, k).is_some_and(|t| {
                !t.cap
                    && (is_title_word(&t.lower)
                        || is_person_noun(&t.lower)
                        || is_org_word(&t.lower))
            })
        {
            k += 1;
        }
        let comma = k < hi && toks[k].is_punct(',');
        let n = if comma { k + 1 } else { k };
        let leads_on = k > span.last + 1 || toks[span.last].is_possessive();
        if n < hi && leads_on && self.people.span_at(n).is_some_and(|s| s.person) {
            let lead = text_of(toks, span.first, k - 1);
            // "Al Jazeera’s" alone is an affiliation: "Al Jazeera".
            let lead = super::scan::strip_possessive(&lead).0.to_string();
            let mut np = self.name_np(n, hi, Some(lead));
            // "Ukraine’s opposition lawmaker, Oleksiy Honcharenko," - eat the closing comma.
            if comma && np.last + 1 < hi && toks[np.last + 1].is_punct(',') {
                np.last += 1;
            }
            np.first = i;
            return np;
        }
        if k > span.last + 1 && (owner || span.person) {
            // "Trump’s campaign", "a Clinton spokesman": a description.
            return Np {
                first: i,
                last: k - 1,
                kind: NpKind::Desc(text_of(toks, span.first, k - 1)),
                role: None,
            };
        }
        if let Some(r) = span.role.as_ref().filter(|r| !role.contains(r)) {
            role.push(r.clone());
        }
        // "(R-Texas)"
        if last + 1 < hi
            && toks[last + 1].is_punct('(')
            && let Some(close) = (last + 2..hi.min(last + 8)).find(|&x| toks[x].is_punct(')'))
        {
            role.push(text_of(toks, last + 2, close - 1));
            last = close;
        }
        // "of the Atlantic Council"
        if word(toks, last + 1).is_some_and(|t| t.lower == "of") && last + 2 < hi {
            let mut k = last + 2;
            if word(toks, k).is_some_and(|t| t.lower == "the") {
                k += 1;
            }
            let s = k;
            while k < hi && word(toks, k).is_some_and(|t| t.cap) {
                k += 1;
            }
            if k > s {
                role.push(text_of(toks, s, k - 1));
                last = k - 1;
            }
        }
        // ", Al Jazeera’s diplomatic editor," or ", a Democrat from Ohio" (sentence end)
        if last + 1 < hi && toks[last + 1].is_punct(',') {
            let end = skip_apposition(toks, last + 1, hi).map_or(hi, |e| e - 1);
            // A sentence-final apposition ends before the full stop.
            let mut end = end;
            while end > last + 2 && !toks[end - 1].is_word() {
                end -= 1;
            }
            if end > last + 2 && end - last <= 14 {
                let inner = &toks[last + 2..end];
                let rolelike = inner.iter().any(|t| {
                    t.is_word()
                        && (is_title_word(&t.lower)
                            || is_person_noun(&t.lower)
                            || t.is_possessive())
                });
                let no_verb = inner
                    .iter()
                    .all(|t| !(t.is_word() && !t.cap && is_cue_verb(&t.lower)));
                let starts_ok = inner.first().is_some_and(|t| {
                    lexicon::DETERMINERS.has(t.lower.as_str()) || t.cap || is_title_word(&t.lower)
                });
                if rolelike && no_verb && starts_ok && inner.iter().all(|t| t.kind != Kind::Break) {
                    role.push(text_of(toks, last + 2, end - 1));
                    last = if end < hi && toks[end].is_punct(',') {
                        end
                    } else {
                        end - 1
                    };
                }
            }
        }
        Np {
            first: i,
            last,
            kind: NpKind::Name(span_idx),
            role: if role.is_empty() {
                None
            } else {
                Some(role.join(", "))
            },
        }
    }

    fn span_index(&self, i: usize) -> usize {
        self.people.span_index_at(i).unwrap_or(0)
    }

    /// "the Russian leader", "a Clinton spokesman", "his colleague Kimberly Halkett".
    fn desc_np(&self, i: usize, hi: usize) -> Option<Np> {
        let toks = self.toks;
        let mut k = i;
        let mut last_head = None;
        while k < hi && k < i + 7 {
            let Some(t) = word(toks, k) else { break };
            if k > i {
                // "a spokesman for Bernie Sanders": the name qualifies the description.
                let modifier = matches!(toks[k - 1].lower.as_str(), "for" | "of");
                if modifier && self.people.span_at(k).is_some() {
                    let span = self.people.span_at(k)?;
                    let end = span.last;
                    return Some(Np {
                        first: i,
                        last: end,
                        kind: NpKind::Desc(text_of(toks, i, end)),
                        role: None,
                    });
                }
                if self.people.span_at(k).is_some_and(|s| s.person) {
                    let lead = text_of(toks, i, k - 1);
                    let mut np = self.name_np(k, hi, Some(lead.clone()));
                    np.first = i;
                    if let NpKind::Desc(d) = &np.kind {
                        np.kind = NpKind::Desc(format!("{lead} {d}"));
                    }
                    return Some(np);
                }
                if is_cue_verb(&t.lower) && !t.cap && !is_person_noun(&t.lower)
                    || lexicon::SPEAKER_PRONOUNS.has(t.lower.as_str())
                {
                    break;
                }
                let joins = matches!(t.lower.as_str(), "of" | "for")
                    && word(toks, k + 1)
                        .is_some_and(|n| n.cap || is_title_word(&n.lower) || n.lower == "the");
                if !t.cap
                    && !joins
                    && (is_capitalised_function_word(&t.lower)
                        || pronoun_gender(&t.lower).is_some())
                    && !lexicon::DETERMINERS.has(t.lower.as_str())
                {
                    break;
                }
            }
            // "That said, she noted": a capitalised opener heads nothing.
            let capitalised_name = t.cap
                && !matches!(
                    t.lower.as_str(),
                    "that" | "this" | "these" | "those" | "it" | "there" | "here"
                );
            if is_person_noun(&t.lower) || is_title_word(&t.lower) || capitalised_name {
                last_head = Some(k);
            }
            k += 1;
            if toks.get(k).is_some_and(|n| n.is_punct(',')) {
                break;
            }
        }
        let h = last_head?;
        let head = &toks[h];
        if !(is_person_noun(&head.lower) || is_title_word(&head.lower) || head.cap) {
            return None;
        }
        // "another friend, Mariam Emara, told CNN", "said the bureau's director, James B.
        // Comey": the name in apposition is who the description is.
        let named = h + 2 < hi
            && toks[h + 1].is_punct(',')
            && !head.cap
            && self.people.span_at(h + 2).is_some_and(|s| s.person);
        if named {
            let mut np = self.name_np(h + 2, hi, Some(text_of(toks, i, h)));
            np.first = i;
            if np.last + 1 < hi && toks[np.last + 1].is_punct(',') {
                np.last += 1;
            }
            return Some(np);
        }
        Some(Np {
            first: i,
            last: h,
            kind: NpKind::Desc(text_of(toks, i, h)),
            role: None,
        })
    }

    /// The phrase ending at token `j` (inclusive) that can be a subject, if any.
    fn np_ending_at(&self, j: usize, lo: usize) -> Option<Np> {
        let toks = self.toks;
        if lexicon::SPEAKER_PRONOUNS.has(word(toks, j)?.lower.as_str()) {
            return self.np_forward(j, j + 1);
        }
        let mut from = j;
        while from > lo {
            let prev = &toks[from - 1];
            let low = prev.lower.as_str();
            let np_word = prev.is_word()
                && (prev.cap
                    || is_title_word(low)
                    || is_person_noun(low)
                    || lexicon::DETERMINERS.has(low)
                    || low == "of"
                    || low == "for"
                    // "Mayor Bill de Blasio described": the name runs on over its particle.
                    || is_particle(low) && from >= lo + 2 && toks[from - 2].cap);
            if !np_word || from < j.saturating_sub(9) {
                break;
            }
            from -= 1;
        }
        // Try the longest phrase first, then shorter ones, until one ends at `j`.
        (from..=j).find_map(|start| {
            self.np_forward(start, j + 1)
                .filter(|np| np.last == j || np.last + 1 == j && toks[j].is_punct(','))
        })
    }

    /// The subject of a verb at token `c`: the phrase right before it (after fillers and an
    /// apposition), or `None`.
    fn direct_subject(&self, c: usize, lo: usize) -> Option<Np> {
        let end = self.skip_back_fillers(c, lo)?;
        if self.toks[end].is_punct(',') {
            return self.apposed_subject(end, lo);
        }
        let np = self.np_ending_at(end, lo)?;
        // "Rhodri Glyn Thomas, Plaid Cymru health spokesman said": a role after a comma, its
        // closing comma left out, follows the person.
        let toks = self.toks;
        let comma = (np.first.saturating_sub(5).max(lo + 1)..np.first)
            .rev()
            .take_while(|&k| toks[k].is_word() || toks[k].is_punct(','))
            .find(|&k| toks[k].is_punct(','));
        if let (NpKind::Desc(_), Some(comma)) = (&np.kind, comma)
            && is_title_word(&toks[np.last].lower)
            && let Some(mut name) = self.np_ending_at(comma - 1, lo)
            && matches!(name.kind, NpKind::Name(s) if self.people.spans[s].person)
        {
            name.role
                .get_or_insert_with(|| text_of(toks, comma + 1, np.last));
            name.last = np.last;
            return Some(name);
        }
        Some(np)
    }

    /// The last token before the verb at `c` once adverbs, auxiliaries and a weekday are
    /// skipped ("Trump on Saturday also tweeted").
    fn skip_back_fillers(&self, c: usize, lo: usize) -> Option<usize> {
        let toks = self.toks;
        let mut at = c;
        let mut steps = 0;
        while at > lo && steps < 4 {
            let prev = &toks[at - 1];
            if !(prev.is_word() && is_filler(&prev.lower) && !prev.cap) {
                break;
            }
            at -= 1;
            steps += 1;
        }
        while at > lo && is_day(&toks[at - 1].lower) {
            at -= 1;
            if at > lo
                && matches!(
                    toks[at - 1].lower.as_str(),
                    "on" | "last" | "this" | "late" | "early"
                )
            {
                at -= 1;
            }
        }
        (at > lo).then(|| at - 1)
    }

    /// The subject before an apposition that ends with the comma at `comma`:
    /// "Putin, visibly upbeat," / "James Bays, Al Jazeera’s diplomatic editor," /
    /// "Ukraine’s opposition lawmaker, Oleksiy Honcharenko,".
    fn apposed_subject(&self, comma: usize, lo: usize) -> Option<Np> {
        let toks = self.toks;
        let mut open = comma;
        while open > lo && comma - open < 11 {
            open -= 1;
            if toks[open].is_punct(',') {
                break;
            }
            if !toks[open].is_word() {
                return None;
            }
        }
        if open <= lo || !toks[open].is_punct(',') {
            return None;
        }
        let inner = self.np_forward(open + 1, comma);
        let mut outer = self.np_ending_at(open - 1, lo)?;
        let outer_is_name = matches!(outer.kind, NpKind::Name(_));
        // "Clinton, at a meeting in Columbus, Ohio, said": "City, State," is a place inside
        // a longer apposition; the subject stands before that one.
        // (Or a lone capitalised word that is no one: "MP for Henley-on-Thames, Oxfordshire,".)
        let inner_place = inner.as_ref().is_some_and(|n| match n.kind {
            NpKind::Name(s) => {
                let span = &self.people.spans[s];
                is_place(&span.name.to_lowercase()) || !span.person && !span.name.contains(' ')
            }
            _ => false,
        });
        if inner_place
            && outer.first > lo + 1
            && let Some(np) = self.apposed_subject(outer.first, lo)
        {
            return Some(np);
        }
        // "The Shadow Secretary of State for the Family, Theresa May, said": the capitalised
        // words before the name are an office (a title word leads them), not a speaker.
        let office_start = (outer.first.saturating_sub(8).max(lo)..=outer.first)
            .rev()
            .take_while(|&i| toks[i].is_word())
            .filter(|&i| is_title_word(&toks[i].lower))
            .last();
        let outer_is_office = outer_is_name && office_start.is_some();
        if outer_is_office {
            outer.first = office_start.unwrap_or(outer.first);
        }
        if let Some(mut name) = inner.filter(|n| {
            (!outer_is_name || outer_is_office)
                && matches!(n.kind, NpKind::Name(_))
                && n.last + 1 == comma
        }) {
            name.role = Some(text_of(toks, outer.first, outer.last));
            name.first = outer.first;
            return Some(name);
        }
        let rolelike = toks[open + 1..comma]
            .iter()
            .any(|t| is_title_word(&t.lower) || is_person_noun(&t.lower) || t.is_possessive());
        if outer.role.is_none() && outer_is_name && rolelike {
            outer.role = Some(text_of(toks, open + 1, comma - 1));
        }
        Some(outer)
    }

    /// The subject of the clause holding token `c`: the nearest phrase before it that starts
    /// a clause (sentence start, after a comma or a conjunction).
    fn clause_subject(&self, c: usize, lo: usize) -> Option<Np> {
        self.clause_subject_where(c, lo, false)
    }

    /// As [`Self::clause_subject`]; with `any_speaker`, an organisation or a document will
    /// do too ("the Illinois Board of Elections was conclusive: “...”").
    fn clause_subject_where(&self, c: usize, lo: usize, any_speaker: bool) -> Option<Np> {
        let toks = self.toks;
        let mut best = None;
        let mut p = lo;
        while p < c {
            let after_subordinator = p > lo
                && matches!(
                    toks[p - 1].lower.as_str(),
                    "while" | "when" | "as" | "because" | "whereas" | "after" | "before"
                );
            let starts_clause = p == lo
                || matches!(
                    toks[p - 1].kind,
                    Kind::Punct(',' | ':' | ';' | '(' | '-' | '\u{2013}' | '\u{2014}')
                        | Kind::Quote(_)
                )
                || matches!(toks[p - 1].lower.as_str(), "and" | "but" | "so" | "then")
                || p == lo + 1 && is_sentence_adverb(&toks[lo].lower)
                || after_subordinator;
            let Some(np) = self.np_forward(p, c).filter(|_| starts_clause) else {
                p += 1;
                continue;
            };
            let np = self.titled_name_after(np, c);
            let personish = any_speaker
                || match &np.kind {
                    NpKind::Name(s) => self.people.spans[*s].person,
                    NpKind::Pronoun(w) => w != "it",
                    NpKind::Desc(d) => d
                        .split_whitespace()
                        .last()
                        .is_some_and(|h| is_person_noun(&h.to_lowercase())),
                };
            let next = toks.get(np.last + 1);
            let followed = next.is_some_and(|n| {
                !n.is_word()
                    || !n.cap
                        && !matches!(
                            n.lower.as_str(),
                            "of" | "in" | "on" | "at" | "to" | "for" | "with" | "from" | "by"
                        )
            });
            // "went after Jeb Bush, calling him": after a subordinator the name must be
            // followed by its verb.
            let verb_next = next.is_some_and(|n| {
                n.is_word() && !n.cap && !is_capitalised_function_word(&n.lower)
                    || is_filler(&n.lower)
            });
            p = np.last + 1;
            if personish && followed && (!after_subordinator || verb_next) {
                best = Some(np);
            }
        }
        best
    }

    /// "Lib Dem foreign affairs spokesman Menzies Campbell said": a name, then lower-case
    /// words ending in a title, then a person's name is that person, the rest their role.
    fn titled_name_after(&self, np: Np, c: usize) -> Np {
        let toks = self.toks;
        let mut k = np.last + 1;
        while k < c && k <= np.last + 5 && toks[k].is_word() && !toks[k].cap {
            k += 1;
        }
        let titled = k > np.last + 1 && is_title_word(&toks[k - 1].lower);
        match self.np_forward(k, c) {
            Some(mut name)
                if titled
                    && k < c
                    && matches!(name.kind, NpKind::Name(s) if self.people.spans[s].person) =>
            {
                if name.role.is_none() {
                    name.role = Some(text_of(toks, np.first, k - 1));
                }
                name.first = np.first;
                name
            }
            _ => np,
        }
    }

    /// A cue verb at token `c` that can attribute speech here.
    fn is_cue_at(&self, c: usize) -> bool {
        let toks = self.toks;
        let Some(t) = word(toks, c) else { return false };
        if t.lower == "according" {
            return word(toks, c + 1).is_some_and(|n| n.lower == "to");
        }
        if !is_strong_cue(&t.lower) {
            // "thinks", "believes": only when a subject sits right before.
            return false;
        }
        if c > 0 {
            let p = &toks[c - 1];
            if p.is_word() && (lexicon::DETERMINERS.has(p.lower.as_str()) || p.is_possessive()) {
                return false; // "the report", "his statement"
            }
        }
        if t.cap && c > 0 && toks[c - 1].is_word() {
            return false; // a name such as "Post" or "Said"
        }
        // "11% of Democratic claims": after a party or nationality adjective, a plural noun.
        if c > 0 && t.lower.ends_with('s') && is_nounish(t.lower.trim_end_matches('s')) {
            let p = &toks[c - 1];
            let adjective = p.is_word()
                && p.cap
                && is_non_person_word(&p.lower)
                && ["ic", "an", "ish", "ese"]
                    .iter()
                    .any(|e| p.lower.ends_with(e));
            let one = c > 1 && matches!(toks[c - 2].lower.as_str(), "a" | "an" | "one" | "every");
            if adjective && !one {
                return false;
            }
        }
        // "Rubio will continue to be “a champion”": an aspect verb, not speech.
        if t.lower.starts_with("continu") && word(toks, c + 1).is_some_and(|n| n.lower == "to") {
            return false;
        }
        // A bare "state" or "report" is a noun unless a plural pronoun or "to" governs it.
        !is_nounish(&t.lower)
            || c > 0
                && matches!(
                    toks[c - 1].lower.as_str(),
                    "i" | "we" | "they" | "you" | "to"
                )
    }

    /// `"...," X said` / `"...," said X` / `"...," according to X`.
    pub fn after(&self, k: usize, hi: usize) -> Option<Attribution> {
        let toks = self.toks;
        let mut i = k + 1;
        while i < hi
            && matches!(
                toks[i].kind,
                Kind::Punct(',' | '\u{2014}' | '\u{2013}' | '-' | ')' | '(')
            )
        {
            i += 1;
        }
        let stop = (i..hi)
            .find(|&x| matches!(toks[x].kind, Kind::Quote(_)))
            .unwrap_or(hi);
        if let Some(a) = self.tail_at(i, stop, k) {
            return Some(a);
        }
        // An epigraph: "“...” ― Pamela Padilla" with the name alone to the end of the line.
        if toks.get(k + 1).is_some_and(|t| {
            matches!(
                t.kind,
                Kind::Punct('\u{2015}' | '\u{2014}' | '\u{2013}' | '-')
            )
        }) && let Some(np) = self.np_forward(k + 2, stop.max(k + 2))
        {
            let line_end = toks
                .get(np.last + 1)
                .is_none_or(|t| matches!(t.kind, Kind::Break | Kind::Punct('.' | ',')));
            if matches!(np.kind, NpKind::Name(_)) && line_end {
                let mut a = self.attribution(np, k + 1, k + 1, How::Direct, k);
                a.cue = None;
                return Some(a);
            }
        }
        // A quotation alone in its paragraph, signed in the next: "“...”\n\n- Sanders."
        if let Some(a) = self.signed_below(k) {
            return Some(a);
        }
        // "... "stagnant for a month" as donors waited, he said."
        if let Some(a) = (i..stop)
            .filter(|&c| toks[c].is_punct(','))
            .find_map(|c| self.tail_at(c + 1, stop, k))
        {
            return Some(a);
        }
        None
    }

    /// The signature line under a paragraph that is one quotation: a dash and a name alone.
    fn signed_below(&self, k: usize) -> Option<Attribution> {
        let toks = self.toks;
        if k > 0 && toks[k - 1].kind != Kind::Break {
            return None;
        }
        let mut d = k + 1;
        if toks.get(d).is_some_and(|t| t.is_punct('.')) {
            d += 1;
        }
        let breaks = toks[d.min(toks.len())..]
            .iter()
            .take_while(|t| t.kind == Kind::Break)
            .count();
        if breaks == 0 {
            return None;
        }
        d += breaks;
        let dash = toks.get(d).is_some_and(|t| {
            matches!(
                t.kind,
                Kind::Punct('\u{2015}' | '\u{2014}' | '\u{2013}' | '-')
            )
        });
        if !dash {
            return None;
        }
        let line_end = (d + 1..toks.len())
            .find(|&x| toks[x].kind == Kind::Break)
            .unwrap_or(toks.len());
        let np = self.np_forward(d + 1, line_end)?;
        // "- Sanders." or "-Michelle Marks, Philadelphia." / "-President Obama, tweeting ...".
        let rest = &toks[np.last + 1..line_end];
        let rest_ok = rest.iter().all(|t| t.is_punct('.'))
            || rest.first().is_some_and(|t| t.is_punct(','))
                && rest.len() <= 12
                && rest.iter().all(|t| !matches!(t.kind, Kind::Quote(_)));
        (matches!(np.kind, NpKind::Name(_)) && rest_ok).then(|| {
            let mut a = self.attribution(np, d, d, How::Direct, k);
            a.cue = None;
            a
        })
    }

    /// The speech verb that ends the sentence after the quote at `k` (", X has insisted."),
    /// with its subject right before it after a comma.
    pub fn sentence_final(&self, k: usize, hi: usize) -> Option<Attribution> {
        let toks = self.toks;
        let c = (k + 1..hi).rev().find(|&x| toks[x].is_word())?;
        word(toks, c).filter(|w| !w.cap && is_strong_cue(&w.lower) && self.is_cue_at(c))?;
        let np = self.direct_subject(c, k + 1)?;
        let after_comma = np.first > k + 1 && toks[np.first - 1].is_punct(',');
        (after_comma && matches!(np.kind, NpKind::Name(_)))
            .then(|| self.attribution(np, c, c, How::Direct, k))
    }

    /// A last look after the quote: the first speech verb in the rest of the sentence and
    /// its subject ("... ," Fight for $15 organizing director Kendall Fells told Fox News 6.").
    pub fn after_late(&self, k: usize, hi: usize) -> Option<Attribution> {
        let toks = self.toks;
        let i = k + 1;
        let stop = (i..hi)
            .find(|&x| matches!(toks[x].kind, Kind::Quote(_)))
            .unwrap_or(hi);
        let c = (i..stop).find(|&c| {
            word(toks, c).is_some_and(|w| !w.cap && is_strong_cue(&w.lower)) && self.is_cue_at(c)
        })?;
        let np = self.direct_subject(c, i)?;
        Some(self.attribution(np, c, c, How::Direct, k))
    }

    /// An attribution clause starting at token `i`: "X said", "said X", "according to X".
    fn tail_at(&self, at: usize, stop: usize, k: usize) -> Option<Attribution> {
        let toks = self.toks;
        let first = word(toks, at).filter(|_| at < stop)?;
        if first.lower == "according" && word(toks, at + 1).is_some_and(|n| n.lower == "to") {
            let np = self.np_forward(at + 2, stop)?;
            return Some(self.attribution(np, at, at + 1, How::Direct, k));
        }
        if is_cue_verb(&first.lower) {
            let inverted = self
                .np_forward(at + 1, stop)
                .filter(|np| !matches!(&np.kind, NpKind::Pronoun(w) if w == "it"));
            if let Some(np) = inverted {
                return Some(self.attribution(np, at, at, How::Direct, k));
            }
        }
        let np = self.np_forward(at, stop)?;
        let mut next = np.last + 1;
        if let Some(after) = skip_apposition(toks, next, stop) {
            next = after;
        } else if next < stop && toks[next].is_punct(',') {
            // ", who is chairman of Our Principles PAC said ..." (no closing comma)
            let cue = (next + 1..stop.min(next + 14))
                .find(|&x| word(toks, x).is_some_and(|w| !w.cap && is_strong_cue(&w.lower)));
            if let Some(cue) = cue {
                // "... “in homage to” Lazar, Song wrote.": a name right before the verb is its
                // subject; the one before the comma ends the quoted clause.
                let own = self
                    .direct_subject(cue, next + 1)
                    .filter(|n| matches!(n.kind, NpKind::Name(_)) && n.first == next + 1);
                return Some(self.attribution(own.unwrap_or(np), cue, cue, How::Direct, k));
            }
        }
        let mut steps = 0;
        while next < stop && steps < 4 {
            let w = word(toks, next)?;
            if is_cue_verb(&w.lower) && !w.cap {
                return Some(self.attribution(np, next, next, How::Direct, k));
            }
            if !is_filler(&w.lower) {
                return None;
            }
            next += 1;
            steps += 1;
        }
        None
    }

    /// `X said: "..."`, `X described it as "..."`, `according to X, "..."`.
    pub fn before(&self, k: usize, lo: usize) -> Option<Attribution> {
        let toks = self.toks;
        let from = (lo..k)
            .rev()
            .find(|&x| matches!(toks[x].kind, Kind::Quote(_)))
            .map_or(lo, |x| x + 1);
        for c in (from..k).rev() {
            // "Donald Trump’s claim that there have been “...”": the owner of the words.
            if let Some(np) = self.owner_of_words(c, lo, k) {
                return Some(self.attribution(np, c, c, How::Direct, k));
            }
            if !self.is_cue_at(c) {
                continue;
            }
            if toks[c].lower == "according" {
                if let Some(np) = self.np_forward(c + 2, k) {
                    return Some(self.attribution(np, c, c + 1, How::Direct, k));
                }
                continue;
            }
            // A relative clause: "Trump, who said “...”" speaks for its antecedent; "allies
            // who had demanded" is not the attribution.
            let mut j = c;
            while j > lo && toks[j - 1].is_word() && is_filler(&toks[j - 1].lower) {
                j -= 1;
            }
            if j > lo
                && matches!(
                    toks[j - 1].lower.as_str(),
                    "who" | "which" | "that" | "whom"
                )
            {
                let relative = j - 1;
                if toks[relative].lower == "who"
                    && relative > lo
                    && toks[relative - 1].is_punct(',')
                {
                    let antecedent =
                        self.direct_subject(relative - 1, lo)
                            .filter(|np| match &np.kind {
                                NpKind::Name(s) => self.people.spans[*s].person,
                                _ => false,
                            });
                    if let Some(np) = antecedent {
                        return Some(self.attribution(np, c, c, How::Direct, k));
                    }
                }
                continue;
            }
            // ", saying:" / "on Facebook writing" hang on the clause subject, not on what
            // precedes.
            let participle = toks[c].lower.ends_with("ing");
            if participle && let Some(np) = self.clause_subject(c, lo) {
                return Some(self.attribution(np, c, c, How::Clause, k));
            }
            if (!participle || !toks[c - 1.min(c)].is_punct(','))
                && let Some(np) = self.direct_subject(c, lo)
            {
                // "Trump said that Romney begged ... “...”": the report is Trump's.
                if let Some(outer) = self.outer_speaker(np.first, lo) {
                    return Some(outer);
                }
                return Some(self.attribution(np, c, c, How::Direct, k));
            }
            // "Said Trump: ..." / "..., said Mr. X, “...”" (with no mark between, "said Mr
            // Blair “should butt out”", the name begins what was said)
            if !participle && let Some(np) = self.np_forward(c + 1, k) {
                let ends_at_quote = np.last + 1 < k && (np.last + 1..k).all(|x| !toks[x].is_word());
                if matches!(np.kind, NpKind::Name(_))
                    && ends_at_quote
                    && (c == lo || !toks[c - 1].is_word())
                {
                    return Some(self.attribution(np, c, c, How::Direct, k));
                }
            }
            if let Some(np) = self.clause_subject(c, lo) {
                return Some(self.attribution(np, c, c, How::Clause, k));
            }
        }
        // "Putin replied with a quick invitation:" has a verb; "Her answer:" has none.
        if k > lo
            && toks[k - 1].is_punct(':')
            && let Some(np) = self.clause_subject_where(k - 1, lo, true)
        {
            return Some(self.attribution(np, k - 1, k - 1, How::Clause, k));
        }
        None
    }

    /// The person whose words a noun at `c` names, when their name owns it and the quotation
    /// at `k` is those words: "Trump’s claim that there have been “...”", "Clinton’s remarks:
    /// “...”", "Trump’s description of them as “...”".
    fn owner_of_words(&self, c: usize, lo: usize, k: usize) -> Option<Np> {
        let toks = self.toks;
        if c <= lo || !word(toks, c).is_some_and(|t| !t.cap && is_words_noun(&t.lower)) {
            return None;
        }
        let next = toks.get(c + 1)?;
        let introduces = (c + 1..k)
            .all(|x| matches!(toks[x].kind, Kind::Punct(',' | ':' | '\u{2014}' | '-')))
            || next.lower == "that"
            || next.lower == "of"
                && (c + 2..k).any(|x| toks[x].lower == "as")
                && toks[k - 1].lower == "as";
        if !introduces {
            return None;
        }
        if !toks[c - 1].is_word() || !toks[c - 1].is_possessive() {
            return None;
        }
        let np = self.np_ending_at(c - 1, lo).filter(|np| match np.kind {
            NpKind::Name(s) => self.people.spans[s].person,
            _ => false,
        })?;
        // "Ryan told CNN that Ginsburg’s comments “...”": the words are Ryan's report.
        // (The phrase may have taken the "that" in as a determiner.)
        let that =
            (np.first.saturating_sub(1)..=np.first).find(|&x| x >= lo && toks[x].lower == "that");
        let reported = that.is_some_and(|t| {
            (lo..t).any(|x| word(toks, x).is_some_and(|w| !w.cap && is_strong_cue(&w.lower)))
        });
        (!reported).then_some(np)
    }

    /// The attribution that reports a clause starting at token `at` ("said that X ...", "said
    /// he’s certain X ...").
    fn outer_speaker(&self, at: usize, lo: usize) -> Option<Attribution> {
        let toks = self.toks;
        let is_report = |w: &Tok| {
            !w.cap
                && matches!(
                    w.lower.as_str(),
                    "said"
                        | "says"
                        | "told"
                        | "argued"
                        | "claimed"
                        | "insisted"
                        | "noted"
                        | "added"
                        | "wrote"
                        | "explained"
                        | "recalled"
                        | "charged"
                        | "alleged"
                        | "contended"
                        | "suggested"
                )
        };
        let mut c = at.checked_sub(1)?;
        // A short lead-in of plain lower-case words between the verb and the clause.
        let mut back = 0;
        while back < 6 && c > lo && word(toks, c).is_some_and(|w| !w.cap && !is_report(w)) {
            c -= 1;
            back += 1;
        }
        if c <= lo || !word(toks, c).is_some_and(is_report) {
            return None;
        }
        let np = self.direct_subject(c, lo)?;
        Some(self.attribution(np, c, c, How::Direct, at))
    }

    /// The latest person who spoke before token `k`: a guess for a quote with no verb.
    pub fn latest_speaker(&self, k: usize) -> Option<Np> {
        let s = self.people.latest_source_span(k)?;
        let span = &self.people.spans[s];
        Some(Np {
            first: span.first,
            last: span.last,
            kind: NpKind::Name(s),
            role: None,
        })
    }

    /// The person most in view at token `k`, as an implicit "they": with no one speaking
    /// yet, a phrase quoted is most likely the words of whoever the article is about.
    pub fn salient_person(&self, k: usize) -> Option<Np> {
        self.people.resolve_pronoun(k, "they")?;
        Some(Np {
            first: k,
            last: k,
            kind: NpKind::Pronoun("they".to_string()),
            role: None,
        })
    }

    /// The subject of the sentence as a last resort for a quote with no verb.
    pub fn sentence_subject(&self, k: usize, lo: usize) -> Option<Np> {
        self.clause_subject(k, lo)
    }

    /// The subject that opens the sentence before the one holding token `at`, when it is a
    /// person known only by a description ("But a spokesman for the Home Office defended the
    /// proposals. He said: ..."), with the people that sentence names: whom a he or she at
    /// `at` may stand for.
    pub fn described_subject_before(&self, at: usize) -> Option<(Np, Vec<usize>)> {
        let (lo, _) = self.sentence_range(at);
        let mut end = lo;
        while end > 0 && self.toks[end - 1].kind == Kind::Break {
            end -= 1;
        }
        let (plo, _) = self.sentence_range(end.checked_sub(1)?);
        // At its start, or after one word such as "But" or "Earlier": not an apposition
        // ("said Wilcox, an Orlando Republican").
        let mut first = plo;
        if word(self.toks, plo).is_some_and(|t| {
            matches!(t.lower.as_str(), "but" | "and" | "so" | "yet") || is_sentence_adverb(&t.lower)
        }) {
            first += 1;
        }
        let np = self
            .np_forward(first, end)
            .filter(|np| matches!(np.kind, NpKind::Desc(_)))?;
        let spans = &self.people.spans;
        let from = spans.partition_point(|s| s.first < plo);
        let named = spans[from..]
            .iter()
            .take_while(|s| s.last < end)
            .filter(|s| s.person)
            .filter_map(|s| s.entity)
            .collect();
        Some((np, named))
    }

    fn attribution(&self, np: Np, c0: usize, c1: usize, how: How, k: usize) -> Attribution {
        let toks = self.toks;
        let mut cue = text_of(toks, c0, c1);
        // "told reporters", "told Al Jazeera"
        if matches!(
            toks[c0].lower.as_str(),
            "told" | "tells" | "telling" | "tell"
        ) {
            let mut e = c1 + 1;
            while e < toks.len()
                && e < c1 + 5
                && word(toks, e).is_some_and(|t| {
                    t.cap
                        || matches!(
                            t.lower.as_str(),
                            "reporters"
                                | "the"
                                | "a"
                                | "an"
                                | "journalists"
                                | "supporters"
                                | "voters"
                                | "crowd"
                                | "audience"
                        )
                })
                && !matches!(toks[e].kind, Kind::Quote(_))
            {
                e += 1;
            }
            if e > c1 + 1 && e != k {
                cue = text_of(toks, c0, e - 1);
            }
        }
        let (lo, hi) = self.sentence_range(k);
        Attribution {
            np: Some(np),
            cue: Some(cue),
            context: self.context(lo, hi),
            how,
        }
    }

    /// "on Fox News", "on Telegram", "in an interview with CNN", "during a press conference".
    pub fn context(&self, lo: usize, hi: usize) -> Option<String> {
        (lo..hi).find_map(|i| self.on_outlet(i, hi).or_else(|| self.in_setting(i, hi)))
    }

    /// "on" followed by a capitalised name that is not a weekday: "on Fox News".
    fn on_outlet(&self, i: usize, hi: usize) -> Option<String> {
        let toks = self.toks;
        if word(toks, i)?.lower != "on" {
            return None;
        }
        let mut e = i + 1;
        while e < hi && word(toks, e).is_some_and(|w| w.cap) {
            e += 1;
        }
        (e > i + 1 && !is_day(&toks[i + 1].lower) && !toks[i + 1].lower.ends_with("day"))
            .then(|| text_of(toks, i, e - 1))
    }

    /// "in an interview with CNN", "during a press conference", "in a statement".
    fn in_setting(&self, i: usize, hi: usize) -> Option<String> {
        #[rustfmt::skip]
        const SETTINGS: &[&str] = &[
            "interview", "statement", "speech", "tweet", "post", "op-ed", "letter", "email",
            "rally", "debate", "video", "podcast", "radio", "televised", "town",
        ];
        let toks = self.toks;
        if !matches!(word(toks, i)?.lower.as_str(), "in" | "during" | "at") {
            return None;
        }
        let det = word(toks, i + 1)?;
        if !matches!(
            det.lower.as_str(),
            "a" | "an" | "the" | "his" | "her" | "their"
        ) {
            return None;
        }
        let n = word(toks, i + 2)?;
        let press = n.lower == "press"
            && word(toks, i + 3).is_some_and(|w| {
                matches!(
                    w.lower.as_str(),
                    "conference" | "release" | "briefing" | "call"
                )
            });
        if !SETTINGS.contains(&n.lower.as_str()) && !press {
            return None;
        }
        let mut e = i + 3;
        while e < hi
            && e < i + 9
            && word(toks, e).is_some_and(|w| {
                w.cap
                    || matches!(
                        w.lower.as_str(),
                        "with" | "on" | "conference" | "release" | "briefing" | "call" | "hall"
                    )
            })
        {
            e += 1;
        }
        Some(text_of(toks, i, e - 1))
    }
}
