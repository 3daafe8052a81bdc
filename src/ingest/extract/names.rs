//! Second stage: names in the text outside quotations, the people they stand for, and a
//! salience tracker that says who a later "he" or "she" most likely is.

use super::lexicon::{
    self, Gender, given_name_gender, is_capitalised_function_word, is_cue_verb, is_honorific,
    is_non_person_word, is_nounish, is_org_word, is_person_noun, is_place, is_sentence_adverb,
    is_surname_too, is_title_word, pronoun_gender, word_gender,
};
use super::scan::{Kind, Tok, text_of};
use std::collections::{HashMap, HashSet};

/// A capitalised name in the text, split into its leading title/role and the name proper.
#[derive(Debug, Clone)]
pub struct NameSpan {
    /// First and last token (inclusive) of the whole span, role included.
    pub first: usize,
    pub last: usize,
    /// First token of the name proper.
    pub name_first: usize,
    pub name: String,
    pub role: Option<String>,
    pub entity: Option<usize>,
    /// Looks like a person (not an organisation or a place).
    pub person: bool,
    /// The subject of a speech verb ("Trump said", "said Trump").
    pub source: bool,
    /// The first person named in its sentence.
    pub subject: bool,
}

/// A person (or speaking organisation) the article names.
#[derive(Debug, Clone)]
pub struct Entity {
    pub full: String,
    first: String,
    last: String,
    pub role: Option<String>,
    male: u32,
    female: u32,
    /// What a common given name suggests: rules out the other pronoun, earns no bonus.
    given: Gender,
    pub person: bool,
}

impl Entity {
    fn new(full: &str, first: &str, last: &str) -> Entity {
        Entity {
            full: full.to_string(),
            first: first.to_string(),
            last: last.to_string(),
            role: None,
            male: 0,
            female: 0,
            given: Gender::Unknown,
            person: true,
        }
    }

    /// The gender the text shows (titles, he/she), else what the given name suggests.
    pub fn gender(&self) -> Gender {
        match self.shown_gender() {
            Gender::Unknown => self.given,
            g => g,
        }
    }

    /// The gender titles and pronouns in the text show.
    fn shown_gender(&self) -> Gender {
        match self.male.cmp(&self.female) {
            std::cmp::Ordering::Greater => Gender::Male,
            std::cmp::Ordering::Less => Gender::Female,
            std::cmp::Ordering::Equal => Gender::Unknown,
        }
    }
}

/// Names, people and sentence numbers of one article.
#[derive(Clone)]
pub struct People {
    pub spans: Vec<NameSpan>,
    pub entities: Vec<Entity>,
    /// Sentence number of every token.
    pub sentence_of: Vec<usize>,
    /// Index into `spans` of the name starting at a token, if any.
    span_at: Vec<Option<usize>>,
    mentions: Vec<Mention>,
}

/// One mention of a person: by name or by a resolved pronoun.
#[derive(Clone)]
struct Mention {
    tok: usize,
    entity: usize,
    /// A subject or a speaker: what a later pronoun most likely refers to.
    salient: bool,
    /// The subject of a speech verb.
    source: bool,
}

/// Whether token `i` opens a clause: sentence start, after punctuation, a quotation or a
/// conjunction.
fn starts_clause(toks: &[Tok], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let p = &toks[i - 1];
    !p.is_word()
        || p.cap && is_capitalised_function_word(&p.lower)
        || matches!(
            p.lower.as_str(),
            "and"
                | "but"
                | "that"
                | "while"
                | "as"
                | "when"
                | "because"
                | "then"
                | "so"
                | "though"
                | "although"
                | "whereas"
                | "after"
                | "before"
                | "if"
                | "since"
                | "where"
                | "until"
                | "once"
                | "also"
                | "said"
                | "says"
                | "say"
                | "added"
                | "noted"
                | "wrote"
        )
}

/// Where the noun phrase holding a name at token `i` starts: before an owner ("Fox News’
/// Bret Baier"), lower-case title words and determiners ("the former governor Jeb Bush") and
/// a focusing adverb ("even Obama").
fn subject_head(toks: &[Tok], i: usize) -> usize {
    let mut h = i;
    while h > 0 {
        let p = &toks[h - 1];
        // "Florida developer Mel Sembler", "Republican pollster Whit Ayres": a capitalised
        // modifier of the role noun before the name.
        let role_noun = |t: &Tok| !t.cap && (is_title_word(&t.lower) || is_person_noun(&t.lower));
        let lead = p.is_word()
            && (p.cap && p.is_possessive()
                || p.cap && h < i && (toks[h].cap || role_noun(&toks[h]))
                || !p.cap
                    && (role_noun(p)
                        || matches!(p.lower.as_str(), "the" | "a" | "an" | "even" | "only")));
        if !lead || i - h >= 6 {
            break;
        }
        h -= 1;
    }
    h
}

/// Whether the noun phrase holding a name at token `i` opens a subordinate clause.
fn after_subordinator(toks: &[Tok], i: usize) -> bool {
    let head = subject_head(toks, i);
    head > 0 && lexicon::SUBORDINATORS.has(toks[head - 1].lower.as_str())
}

/// A lower-case word inside a name: "Bill de Blasio", "Ludwig van Beethoven".
pub fn is_particle(lower: &str) -> bool {
    lexicon::PARTICLES.has(lower)
}

fn is_suffix(lower: &str) -> bool {
    matches!(lower, "jr." | "jr" | "sr." | "sr" | "ii" | "iii" | "iv")
}

fn is_acronym(t: &Tok) -> bool {
    let letters: Vec<char> = t.text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) && !t.text.contains('.')
}

/// A sentence ends at a line break, at . ? ! outside quotations, or with a quotation whose
/// words end a sentence when what follows starts a new one.
pub fn sentence_numbers(toks: &[Tok], quote_ends: &[Option<char>]) -> Vec<usize> {
    let mut out = Vec::with_capacity(toks.len());
    let mut s = 0;
    for (i, t) in toks.iter().enumerate() {
        out.push(s);
        let ends = match t.kind {
            Kind::Break => true,
            // "(D-Nev.)", "Jan. 5" and the like: a period before ")" or a lower-case word
            // does not end the sentence.
            Kind::Punct('.' | '?' | '!' | '\u{2026}') => !toks.get(i + 1).is_some_and(|n| {
                n.is_punct(')') || n.is_punct(',') || n.is_word() && !n.cap && t.is_punct('.')
            }),
            Kind::Quote(q) => {
                quote_ends[q].is_some()
                    && toks
                        .get(i + 1)
                        .is_none_or(|n| n.cap || matches!(n.kind, Kind::Quote(_) | Kind::Break))
                    && !tail_attribution(toks, i + 1, quote_ends[q] == Some('.'))
            }
            _ => false,
        };
        if ends {
            s += 1;
        }
    }
    out
}

/// Whether the tokens from `i` read as the attribution of the quote before them:
/// "Trump added during ...", "he said." After a full stop only a short "X said." counts.
fn tail_attribution(toks: &[Tok], i: usize, after_full_stop: bool) -> bool {
    let mut k = i;
    let mut words = 0;
    while let Some(t) = toks.get(k) {
        // "...!” Rep. Glenn Thompson, R-Pa., said": an apposition after the name.
        if t.is_punct(',') && words > 0 {
            match skip_apposition(toks, k, toks.len()) {
                Some(after) => {
                    k = after;
                    continue;
                }
                None => return false,
            }
        }
        if !t.is_word() || words > 5 {
            return false;
        }
        if !t.cap && is_cue_verb(&t.lower) && words > 0 {
            if !after_full_stop {
                return true;
            }
            return toks.get(k + 1).is_none_or(|n| {
                matches!(
                    n.kind,
                    Kind::Punct('.' | ',') | Kind::Break | Kind::Quote(_)
                )
            });
        }
        if !(t.cap
            || is_filler(&t.lower)
            || pronoun_gender(&t.lower).is_some()
            || is_title_word(&t.lower)
            || matches!(t.lower.as_str(), "the" | "a" | "an"))
        {
            return false;
        }
        words += 1;
        k += 1;
    }
    false
}

fn starts_name(toks: &[Tok], i: usize) -> bool {
    let t = &toks[i];
    let lower = t.bare().to_lowercase();
    t.is_word()
        && t.cap
        && (!is_capitalised_function_word(&lower) || surname_word_mid_sentence(toks, i, &lower))
        && t.text.chars().next().is_some_and(char::is_alphabetic)
}

/// Surnames that are also auxiliaries ("George Will", "Theresa May"): capitalised inside a
/// sentence, or right after a capitalised name word, they are names, not sentence openers.
fn surname_word_mid_sentence(toks: &[Tok], i: usize, lower: &str) -> bool {
    matches!(lower, "will" | "may")
        && i > 0
        && (toks[i - 1].is_word() && !toks[i - 1].cap
            || toks[i - 1].is_punct(',')
            // "“...,” Will wrote": after a quotation and before a verb, a subject.
            || matches!(toks[i - 1].kind, Kind::Quote(_))
                && toks.get(i + 1).is_some_and(|n| n.is_word() && !n.cap))
}

fn continues_name(prev: &Tok, t: &Tok) -> bool {
    matches!(t.bare().to_lowercase().as_str(), "will" | "may")
        && prev.is_word()
        && prev.cap
        && !is_capitalised_function_word(&prev.lower)
}

/// Where the role prefix ends: the last title word (or "of", or an organisation word
/// inside the title: "Secretary of State") that leaves at least one name word.
fn split_role(toks: &[Tok], first: usize, last: usize) -> usize {
    let mut name_first = first;
    let mut titled = false;
    for (k, t) in toks.iter().enumerate().take(last).skip(first) {
        if is_title_word(&t.lower) || t.is_possessive() {
            name_first = k + 1;
            titled = true;
        } else if titled && (t.lower == "of" || is_org_word(&t.lower)) {
            name_first = k + 1;
        }
    }
    name_first
}

/// "Tory leader Michael Howard", "Spectator editor Boris Johnson": a title in lower case right
/// before a name, with the capitalised words that qualify it, is the person's role.
fn lower_case_title_before(toks: &[Tok], first: usize) -> Option<String> {
    let title = first.checked_sub(1)?;
    if !(toks[title].is_word() && !toks[title].cap && is_title_word(&toks[title].lower)) {
        return None;
    }
    let mut start = title;
    while start > 0
        && title - start < 4
        && toks[start - 1].is_word()
        && (toks[start - 1].cap && !is_capitalised_function_word(&toks[start - 1].lower)
            || is_title_word(&toks[start - 1].lower))
    {
        start -= 1;
    }
    Some(text_of(toks, start, title))
}

/// Lines where nearly every word is capitalised (headlines): names there prove little.
fn headline_tokens(toks: &[Tok]) -> Vec<bool> {
    let mut out = vec![false; toks.len()];
    let mut start = 0;
    for i in 0..=toks.len() {
        if i == toks.len() || toks[i].kind == Kind::Break {
            let words: Vec<&Tok> = toks[start..i].iter().filter(|t| t.is_word()).collect();
            let caps = words.iter().filter(|t| t.cap).count();
            if words.len() >= 4 && caps * 10 >= words.len() * 8 {
                out[start..i].iter_mut().for_each(|x| *x = true);
            }
            start = i + 1;
        }
    }
    out
}

/// "Understated Perez raises ...": a sentence-opening adjective or adverb glued to a surname
/// that the article also gives with a different first name ("Thomas Perez") is not part of
/// the name.
fn drop_sentence_openers(toks: &[Tok], spans: &mut [NameSpan]) {
    let surname_firsts: Vec<(String, String)> = spans
        .iter()
        .filter(|s| s.person)
        .filter_map(|s| {
            let mut w = s.name.split_whitespace().map(str::to_lowercase);
            let first = w.next()?;
            let last = w.next_back()?;
            Some((last, first))
        })
        .collect();
    for s in spans.iter_mut() {
        let at_start = s.first == 0 || !toks[s.first - 1].is_word();
        if !at_start || s.name_first != s.first || s.last != s.first + 1 {
            continue;
        }
        let opener = &toks[s.first].lower;
        let derived =
            opener.chars().count() >= 6 && ["ed", "ly", "ing"].iter().any(|x| opener.ends_with(x));
        let surname = &toks[s.last].bare().to_lowercase();
        let other_first = surname_firsts
            .iter()
            .any(|(l, f)| l == surname && f != opener);
        if derived && other_first {
            s.first += 1;
            s.name_first += 1;
            s.name = toks[s.last].bare().to_string();
            s.person = true;
        }
    }
}

fn find_spans(toks: &[Tok]) -> Vec<NameSpan> {
    let headline = headline_tokens(toks);
    let mut spans = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // "Earlier Tory leader Michael Howard sent...": an adverb opening the sentence is not
        // the start of a name.
        let at_start = i == 0 || !toks[i - 1].is_word();
        let opener = at_start && is_sentence_adverb(&toks[i].lower);
        // "Aides say ...", "Critics said ...": a plural word for people opening the sentence,
        // alone, is no name.
        let people = at_start
            && toks[i]
                .lower
                .strip_suffix('s')
                .is_some_and(|one| lexicon::SPEAK_FOR_ANOTHER.has(one))
            && !toks.get(i + 1).is_some_and(|n| n.is_word() && n.cap);
        if opener || people || !starts_name(toks, i) {
            i += 1;
            continue;
        }
        let first = i;
        let mut last = i;
        let mut j = i + 1;
        while j < toks.len() && !toks[last].is_possessive() {
            let t = &toks[j];
            if !t.is_word() {
                break;
            }
            if t.cap && (!is_capitalised_function_word(&t.lower) || continues_name(&toks[j - 1], t))
            {
                last = j;
                j += 1;
            } else if is_particle(&t.lower) && toks.get(j + 1).is_some_and(|n| n.is_word() && n.cap)
            {
                j += 1;
            } else if is_suffix(&t.lower) {
                last = j;
                j += 1;
            } else {
                break;
            }
        }
        // "Council of Economic Advisers", "Secretary of State ...": one name.
        let orgish = is_org_word(&toks[last].lower) || is_title_word(&toks[last].lower);
        if orgish
            && !toks[last].is_possessive()
            && toks.get(last + 1).is_some_and(|t| t.lower == "of")
            && toks.get(last + 2).is_some_and(|t| t.is_word() && t.cap)
        {
            let mut j = last + 2;
            while j < toks.len() && toks[j].is_word() && toks[j].cap && !toks[j - 1].is_possessive()
            {
                last = j;
                j += 1;
            }
        }
        // "Al Jazeera’s Osama Bin Javaid": the owner before a possessive is a role of its own,
        // handled by the caller; here each part becomes its own span.
        let name_first = split_role(toks, first, last);
        let name = text_of(toks, name_first, last);
        let name = super::scan::strip_possessive(&name).0.to_string();
        let role = (name_first > first)
            .then(|| text_of(toks, first, name_first - 1))
            .or_else(|| lower_case_title_before(toks, first));
        let name_toks = &toks[name_first..=last];
        // "Theresa May", "Liam Fox": after a given name, or as the last of two words, a month
        // or an outlet's word that is also a surname names a person.
        let given = given_name_gender(&name_toks[0].lower).is_some();
        let org = name_toks.iter().enumerate().any(|(n, t)| {
            let lower = t.bare().to_lowercase();
            let surname = n > 0
                && (given
                    || n + 1 == name_toks.len()
                        && !is_non_person_word(&name_toks[0].bare().to_lowercase())
                        && is_surname_too(&lower));
            is_non_person_word(&lower) && !surname || is_acronym(t)
        }) || is_place(&name.to_lowercase());
        let titled = toks[first..name_first]
            .iter()
            .any(|t| is_honorific(&t.lower) || word_gender(&t.lower).is_some())
            || (first > 0 && is_honorific(&toks[first - 1].lower));
        let multi = name_toks.iter().filter(|t| !is_suffix(&t.lower)).count() >= 2;
        // "in Palo Alto", "Western Europe": where, not who.
        let locative = first > 0
            && matches!(
                toks[first - 1].lower.as_str(),
                "in" | "near" | "outside" | "across" | "throughout"
            )
            && !toks[last].is_possessive();
        let region = matches!(
            name_toks[0].lower.as_str(),
            "western" | "eastern" | "northern" | "southern" | "central"
        );
        let person = !org
            && (titled || multi && !headline[first] && !locative && !region)
            && name_toks
                .iter()
                .all(|t| !t.text.chars().any(|c| c.is_ascii_digit()));
        spans.push(NameSpan {
            first,
            last,
            name_first,
            name,
            role,
            entity: None,
            person,
            source: false,
            subject: false,
        });
        i = last + 1;
    }
    drop_sentence_openers(toks, &mut spans);
    spans
}

/// Adverbs and auxiliaries that may sit between a subject and its speech verb.
pub fn is_filler(lower: &str) -> bool {
    #[rustfmt::skip]
    const F: &[&str] = &[
        "also", "later", "then", "once", "previously", "recently", "repeatedly", "again", "has",
        "had", "have", "was", "is", "would", "will", "had", "reportedly", "publicly", "privately",
        "quickly", "bluntly", "flatly", "openly", "simply", "often", "frequently", "still", "even",
        "further", "finally", "first", "earlier", "subsequently", "similarly", "likewise",
        "himself", "herself", "directly", "just", "soon", "immediately", "too", "has", "did",
        "does", "never", "always", "once", "already", "has", "might", "may", "could", "can",
        "should", "only", "went", "on", "to", "not",
    ];
    F.contains(&lower) || (lower.len() > 4 && lower.ends_with("ly"))
}

/// Index of the first token after an apposition (", Al Jazeera’s diplomatic editor,") that
/// starts at `i`, if one does.
pub fn skip_apposition(toks: &[Tok], i: usize, hi: usize) -> Option<usize> {
    if i >= hi || !toks[i].is_punct(',') {
        return None;
    }
    let mut k = i + 1;
    while k < hi && k < i + 16 {
        let t = &toks[k];
        if t.is_punct(',') {
            return Some(k + 1);
        }
        // "R-Pa.," / "Calif.,": an abbreviation's point before the closing comma.
        let abbreviation = t.is_punct('.') && toks.get(k + 1).is_some_and(|n| n.is_punct(','));
        if matches!(t.kind, Kind::Quote(_) | Kind::Break)
            || t.is_punct('.') && !abbreviation
            || t.is_punct(':')
            || t.is_punct(';')
        {
            return None;
        }
        k += 1;
    }
    None
}

/// "... concerns Henry Crespo, president of the caucus", "..., the spokesman": an office in
/// apposition right after the name ending at `last`.
fn office_follows(toks: &[Tok], last: usize) -> bool {
    let office = |k: usize| {
        toks.get(k)
            .is_some_and(|t| t.is_word() && !t.cap && is_title_word(&t.lower))
    };
    let determiner = |k: usize| {
        toks.get(k)
            .is_some_and(|t| matches!(t.lower.as_str(), "a" | "an" | "the"))
    };
    toks.get(last + 1).is_some_and(|t| t.is_punct(','))
        && (office(last + 2) || determiner(last + 2) && office(last + 3))
}

/// Whether a speech verb follows the name ending at `last` (after fillers or an apposition).
fn followed_by_cue(toks: &[Tok], last: usize) -> bool {
    cue_after(toks, last).is_some()
}

/// As [`followed_by_cue`]: `Some(true)` when a relative "who" leads to the verb ("by Sen.
/// Dianne Feinstein, the ranking Democrat, who said ..."), `Some(false)` for a plain verb.
fn cue_after(toks: &[Tok], last: usize) -> Option<bool> {
    if toks[last].is_possessive() {
        return None; // "Clinton’s email scandal"
    }
    let mut k = last + 1;
    // Skip what may trail a name, in any order: "of the Atlantic Council", "(R-Texas)",
    // ", the ranking Democrat,".
    for _ in 0..3 {
        if let Some(after) = skip_apposition(toks, k, toks.len()) {
            k = after;
        } else if toks.get(k).is_some_and(|t| t.lower == "of") {
            k += 1;
            while toks
                .get(k)
                .is_some_and(|t| t.is_word() && (t.cap || t.lower == "the"))
            {
                k += 1;
            }
        } else if toks.get(k).is_some_and(|t| t.is_punct('(')) {
            match (k..toks.len().min(k + 8)).find(|&x| toks[x].is_punct(')')) {
                Some(c) => k = c + 1,
                None => return None,
            }
        } else {
            break;
        }
    }
    let mut steps = 0;
    let mut who = false;
    while let Some(t) = toks.get(k) {
        if !t.is_word() || steps > 3 {
            return None;
        }
        // "Harsh comments are ...": a plural noun, not a verb.
        let plural_noun = toks
            .get(k + 1)
            .is_some_and(|n| matches!(n.lower.as_str(), "are" | "were" | "have"));
        if is_cue_verb(&t.lower) && !t.cap && !is_nounish(&t.lower) && !plural_noun {
            // "..., saying" hangs on the clause subject, not on the name before it.
            return (!t.lower.ends_with("ing")).then_some(who);
        }
        who |= t.lower == "who";
        if !is_filler(&t.lower) && t.lower != "who" {
            return None;
        }
        k += 1;
        steps += 1;
    }
    None
}

impl People {
    /// The names of an article and who of them speaks, before any linking: the part of
    /// `with_speakers` that does not depend on the speakers found so far.
    pub fn base(toks: &[Tok], quote_ends: &[Option<char>]) -> People {
        let sentence_of = sentence_numbers(toks, quote_ends);
        let mut spans = find_spans(toks);
        let mut span_at = vec![None; toks.len()];
        for (k, s) in spans.iter().enumerate() {
            span_at[s.first] = Some(k);
            if s.name_first != s.first {
                span_at[s.name_first] = Some(k);
            }
        }
        for s in &mut spans {
            // "...,” said Trump": an inverted verb right after a quotation or a comma.
            // "...,” said Trump" / "..., noted NBC’s Dante Chinni.": an inverted verb right
            // after a quotation or a comma, an owner's name possibly in between.
            let mut head = s.first;
            while head > 0 && toks[head - 1].is_word() && toks[head - 1].cap {
                if !toks[head - 1].is_possessive() && head == s.first {
                    break;
                }
                head -= 1;
            }
            let before_cue = head > 1 && {
                let p = &toks[head - 1];
                let q = &toks[head - 2];
                p.is_word()
                    && !p.cap
                    && is_cue_verb(&p.lower)
                    && !p.lower.ends_with("ing")
                    && (matches!(q.kind, Kind::Quote(_)) || q.is_punct(','))
                    && !toks[s.last].is_possessive()
                    && toks.get(s.last + 1).is_none_or(|n| !n.is_word())
            };
            // "serving in Iran, Turkey and France, praised ...": an object of a preposition
            // does not speak.
            let after_preposition = s.first > 0
                && matches!(
                    toks[s.first - 1].lower.as_str(),
                    "in" | "of"
                        | "to"
                        | "from"
                        | "with"
                        | "for"
                        | "at"
                        | "by"
                        | "on"
                        | "about"
                        | "against"
                        | "into"
                        | "over"
                        | "under"
                        | "than"
                        | "like"
                );
            // "according to Smith", "according to a post from Arianna Huffington"
            let according = (s.first.saturating_sub(6)..s.first).any(|j| {
                toks[j].lower == "according"
                    && toks.get(j + 1).is_some_and(|t| t.lower == "to")
                    && toks[j + 2..s.first].iter().all(Tok::is_word)
            });
            s.source = before_cue
                || according
                || cue_after(toks, s.last).is_some_and(|who| who || !after_preposition);
        }
        People {
            spans,
            entities: Vec::new(),
            sentence_of,
            span_at,
            mentions: Vec::new(),
        }
    }

    /// The people of an article: `base` with `speakers` (name spans already known to speak: the
    /// subjects of quotations' attributions, from a first pass) marked as speakers, then names
    /// tied to persons, subjects, genders and mentions worked out.
    pub fn with_speakers(&self, toks: &[Tok], speakers: &[usize]) -> People {
        let mut people = self.clone();
        for &k in speakers {
            if let Some(s) = people.spans.get_mut(k) {
                s.source = true;
            }
        }
        people.link_entities(toks);
        people.mark_subjects(toks);
        people.learn_genders(toks);
        people.build_mentions(toks);
        people
    }

    /// Ties names to people: full names first (so a surname met before the full name still
    /// finds its person), then single words as surnames or first names.
    fn link_entities(&mut self, toks: &[Tok]) {
        self.link_full_names();
        self.link_single_words(toks);
    }

    fn link_full_names(&mut self) {
        let mut by_key: HashMap<(String, String), usize> = HashMap::new();
        for k in 0..self.spans.len() {
            let span = &self.spans[k];
            if !span.person || span.name.split_whitespace().count() < 2 {
                continue;
            }
            let words: Vec<String> = span
                .name
                .split_whitespace()
                .map(str::to_lowercase)
                .filter(|w| !is_suffix(w))
                .collect();
            let (Some(first), Some(last)) = (words.first(), words.last()) else {
                continue;
            };
            let key = (first.clone(), last.clone());
            let next_id = self.entities.len();
            let id = *by_key.entry(key).or_insert(next_id);
            if id == next_id {
                self.entities.push(Entity::new(&span.name, first, last));
            }
            self.adopt(k, id);
        }
    }

    fn link_single_words(&mut self, toks: &[Tok]) {
        let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
        for (id, e) in self.entities.iter().enumerate() {
            by_word.entry(e.last.clone()).or_default().push(id);
            if e.first != e.last {
                by_word.entry(e.first.clone()).or_default().push(id);
            }
        }
        // A word also written in lower case is a common word ("Analysts"), not a name.
        let lower_words: HashSet<&str> = toks
            .iter()
            .filter(|t| t.is_word() && !t.cap)
            .map(|t| t.lower.as_str())
            .collect();
        // A lone surname that speaks somewhere is a person the article never named in full;
        // it stands for that person everywhere, before the speech verb too.
        for span in &self.spans {
            let w = span.name.to_lowercase();
            let lone_speaker = span.source
                && span.entity.is_none()
                && span.name.split_whitespace().count() == 1
                && !by_word.contains_key(&w)
                && !is_acronym(&toks[span.name_first])
                && !is_org_word(&w)
                // "without Latinos", "a Democrat said": groups and party members are no one
                // ("Cuban said" may be Mark Cuban).
                && !(is_non_person_word(&w)
                    && (w.ends_with('s') || matches!(w.as_str(), "democrat" | "republican")))
                // "Elizabeth, Colorado, slammed": a place before a verb is not a person.
                && !is_place(&w)
                && !lower_words.contains(w.as_str());
            if lone_speaker {
                self.entities.push(Entity::new(&span.name, &w, &w));
                by_word.entry(w).or_default().push(self.entities.len() - 1);
            }
        }
        // How often each person was named so far: a bare surname shared by two people
        // ("Scott") means the one the article is about, the most mentioned.
        let mut seen = vec![0usize; self.entities.len()];
        for k in 0..self.spans.len() {
            if let Some(id) = self.spans[k].entity {
                seen[id] += 1;
                continue;
            }
            let span = &self.spans[k];
            if span.name.split_whitespace().count() != 1 {
                continue;
            }
            let w = span.name.to_lowercase();
            let best = by_word.get(&w).and_then(|ids| {
                ids.iter()
                    .copied()
                    .max_by_key(|&id| (self.entities[id].last == w, seen[id], usize::MAX - id))
            });
            let Some(id) = best else { continue };
            seen[id] += 1;
            self.adopt(k, id);
            self.spans[k].person = true;
        }
    }

    /// Ties span `k` to person `id`, keeping the first role seen for the person.
    fn adopt(&mut self, k: usize, id: usize) {
        let e = &mut self.entities[id];
        if e.role.is_none() {
            e.role.clone_from(&self.spans[k].role);
        }
        self.spans[k].entity = Some(id);
    }

    /// The first person named in a sentence is its subject when nothing but punctuation or
    /// a conjunction stands right before the name ("... think Clinton" is an object).
    fn mark_subjects(&mut self, toks: &[Tok]) {
        let mut seen_sentence = usize::MAX;
        for s in &mut self.spans {
            if !s.person {
                continue;
            }
            let sent = self.sentence_of[s.first];
            let head = subject_head(toks, s.first);
            // "... in the event that Clinton faces Trump": the subject of a subordinate clause
            // is not what the sentence is about.
            let subordinate = after_subordinator(toks, s.first);
            if sent != seen_sentence && starts_clause(toks, head) && !subordinate {
                seen_sentence = sent;
                s.subject = true;
            }
        }
    }

    /// Names and resolved he/she in document order: the salience tracker's memory.
    fn build_mentions(&mut self, toks: &[Tok]) {
        let mut k = 0;
        // Whether each person was mentioned already, by name or by a resolved pronoun.
        let mut mentioned = vec![false; self.entities.len()];
        for (i, t) in toks.iter().enumerate() {
            while k < self.spans.len() && self.spans[k].first <= i {
                let s = &self.spans[k];
                if let (true, Some(id)) = (s.person, s.entity) {
                    // "..., reminding them that Trump has denounced Bush": a speaker inside a
                    // reported clause is not who the sentence is about.
                    let source = s.source && !after_subordinator(toks, s.first);
                    // A person brought on stage with their office is most often who speaks
                    // next.
                    let introduced = !mentioned[id]
                        && s.name.contains(' ')
                        && !after_subordinator(toks, s.first)
                        && office_follows(toks, s.last);
                    mentioned[id] = true;
                    self.mentions.push(Mention {
                        tok: s.first,
                        entity: id,
                        salient: source || s.subject || introduced,
                        source: source || introduced,
                    });
                }
                k += 1;
            }
            if !t.is_word() || !matches!(t.lower.as_str(), "he" | "she") {
                continue;
            }
            if let Some(id) = self.resolve_pronoun(i, &t.lower) {
                mentioned[id] = true;
                let source = followed_by_cue(toks, i);
                let salient = starts_clause(toks, i) || source;
                self.mentions.push(Mention {
                    tok: i,
                    entity: id,
                    salient,
                    source,
                });
            }
        }
    }

    /// Gender from honorifics and role words, and from he/she used right after a sentence
    /// that names exactly one person.
    fn learn_genders(&mut self, toks: &[Tok]) {
        for s in &self.spans {
            let Some(id) = s.entity else { continue };
            let lo = s.first.saturating_sub(1);
            for t in &toks[lo..s.name_first] {
                match word_gender(&t.lower) {
                    Some(Gender::Male) => self.entities[id].male += 3,
                    Some(Gender::Female) => self.entities[id].female += 3,
                    _ => {}
                }
            }
        }
        for e in &mut self.entities {
            if e.first != e.last {
                e.given = given_name_gender(&e.first).unwrap_or(Gender::Unknown);
            }
        }
        // A he/she right where only one person is in reach (this sentence or the last), not
        // counting people a title already shows to be of the other gender.
        let votes = self.pronoun_votes(toks);
        for (e, (male, female)) in self.entities.iter_mut().zip(votes) {
            e.male += male;
            e.female += female;
        }
    }

    /// He/she votes, (male, female) per person: see [`Self::learn_genders`].
    fn pronoun_votes(&self, toks: &[Tok]) -> Vec<(u32, u32)> {
        let mut votes = vec![(0u32, 0u32); self.entities.len()];
        let mut k = 0; // next span not yet before the pronoun
        for (i, t) in toks.iter().enumerate() {
            while k < self.spans.len() && self.spans[k].last < i {
                k += 1;
            }
            if !t.is_word() {
                continue;
            }
            let Some(g @ (Gender::Male | Gender::Female)) = pronoun_gender(&t.lower) else {
                continue;
            };
            // "Mukasey said the scandal hurt her career": an object "her" or "him" is most
            // often someone else than the person named.
            if matches!(t.lower.as_str(), "her" | "him" | "hers") {
                continue;
            }
            let sent = self.sentence_of[i];
            let mut ids: Vec<usize> = Vec::new();
            for s in self.spans[..k].iter().rev().take(50) {
                if self.sentence_of[s.first] + 1 < sent {
                    break;
                }
                if let (true, Some(id)) = (s.person, s.entity)
                    && !ids.contains(&id)
                    && self.entities[id].gender() != opposite(g)
                {
                    ids.push(id);
                }
            }
            // A quotation in between may hold the person meant ("“... Clinton” if she ...").
            let quoted_between = self.spans[..k].last().is_some_and(|s| {
                toks[s.last..i]
                    .iter()
                    .any(|t| matches!(t.kind, Kind::Quote(_)))
            });
            // "She joked about moving if Trump is elected. She ...": a she before the only name
            // in reach carries the chain; the name is someone else.
            let chained = ids.len() == 1 && {
                let from = (0..i)
                    .rev()
                    .find(|&x| self.sentence_of[x] + 1 < sent)
                    .map_or(0, |x| x + 1);
                let first_name = self.spans[..k]
                    .iter()
                    .rev()
                    .take_while(|s| s.first >= from)
                    .filter(|s| s.person && s.entity.is_some())
                    .last()
                    .map_or(i, |s| s.first);
                toks[from..first_name]
                    .iter()
                    .any(|t| t.is_word() && pronoun_gender(&t.lower) == Some(g))
            };
            if let (false, [id]) = (quoted_between || chained, &ids[..]) {
                match g {
                    Gender::Male => votes[*id].0 += 1,
                    _ => votes[*id].1 += 1,
                }
            }
        }
        votes
    }

    /// The name span that starts at token `i` (at its role or at its name proper).
    pub fn span_at(&self, i: usize) -> Option<&NameSpan> {
        self.span_index_at(i).map(|k| &self.spans[k])
    }

    /// Index into `spans` of the name span that starts at token `i`.
    pub fn span_index_at(&self, i: usize) -> Option<usize> {
        self.span_at.get(i).copied().flatten()
    }

    /// Who a pronoun at token `at` stands for: the latest compatible person who spoke or was
    /// a sentence subject, else the latest compatible person named.
    pub fn resolve_pronoun(&self, at: usize, lower: &str) -> Option<usize> {
        self.resolve_pronoun_except(at, lower, |_| false)
    }

    /// `resolve_pronoun`, passing over the people `except` rules out.
    pub fn resolve_pronoun_except(
        &self,
        at: usize,
        lower: &str,
        except: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let want = pronoun_gender(lower).unwrap_or(Gender::Unknown);
        let compatible = |id: usize| {
            let e = &self.entities[id];
            !except(id)
                && match want {
                    Gender::Unknown => e.person,
                    g => e.person && e.gender() != opposite(g),
                }
        };
        // Score the recent mentions: nearer is better, a subject or speaker much better, a
        // known matching gender a little better.
        let end = self.mentions.partition_point(|m| m.tok < at);
        let here = self.sentence_of.get(at).copied().unwrap_or(0);
        let mut best: Option<(f32, usize)> = None;
        for m in self.mentions[..end].iter().rev().take(60) {
            if !compatible(m.entity) {
                continue;
            }
            let dist = here.saturating_sub(self.sentence_of[m.tok]) as f32;
            let exact = want != Gender::Unknown && self.entities[m.entity].shown_gender() == want;
            let score = -W_DIST * dist
                + if m.salient { W_SALIENT } else { 0.0 }
                + if m.source { W_SOURCE } else { 0.0 }
                + if exact { W_GENDER } else { 0.0 };
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, m.entity));
            }
        }
        best.map(|(_, id)| id)
    }

    /// The latest person named before token `at` whose role fits a description: every
    /// modifier ("Russian", "U.S.") in the role, and the head noun too unless it is generic.
    pub fn resolve_description(
        &self,
        at: usize,
        modifiers: &[String],
        head: &str,
    ) -> Option<usize> {
        let generic = matches!(
            head,
            "leader"
                | "politician"
                | "man"
                | "woman"
                | "official"
                | "candidate"
                | "nominee"
                | "hopeful"
                | "contender"
                | "figure"
                | "head"
                | "chief"
                | "boss"
        );
        if modifiers.is_empty() && generic {
            return None;
        }
        let end = self.spans.partition_point(|s| s.last < at);
        for s in self.spans[..end].iter().rev().take(120) {
            let Some(id) = s.entity else { continue };
            let e = &self.entities[id];
            let role = normalise_role(s.role.as_deref().or(e.role.as_deref()).unwrap_or(""));
            if role.is_empty() {
                continue;
            }
            let words: Vec<&str> = role.split_whitespace().collect();
            let has = |w: &str| words.contains(&w);
            if modifiers.iter().all(|m| has(m))
                && (generic || has(head))
                && !another_office(&words, modifiers)
            {
                return Some(id);
            }
        }
        None
    }

    /// Whether entity `id` is known to hold an office like the one described but not it:
    /// "Deputy Prime Minister John Prescott" for "the prime minister".
    pub fn holds_another_office(&self, id: usize, modifiers: &[String], head: &str) -> bool {
        let role = normalise_role(self.entities[id].role.as_deref().unwrap_or(""));
        let words: Vec<&str> = role.split_whitespace().collect();
        words.contains(&head) && another_office(&words, modifiers)
    }

    /// The person a transcript label ("PENCE") stands for: a known surname, else the label.
    pub fn resolve_label(&self, label: &str) -> String {
        let l = label.to_lowercase();
        self.entities
            .iter()
            .find(|e| e.person && (e.last == l || e.full.to_lowercase() == l))
            .map_or_else(
                || {
                    label
                        .split_whitespace()
                        .map(|w| {
                            let mut cs = w.chars();
                            cs.next().map_or(String::new(), |c| {
                                c.to_uppercase()
                                    .chain(cs.flat_map(char::to_lowercase))
                                    .collect()
                            })
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                },
                |e| e.full.clone(),
            )
    }

    /// The name of the latest speaker of any kind (person or organisation) before `at`.
    pub fn latest_any_source(&self, at: usize) -> Option<String> {
        self.latest_span(at, 80, |s| s.source)
            .map(|s| self.full_name_of(s))
    }

    /// The latest of the `reach` name spans before token `at` that `fits`.
    fn latest_span(
        &self,
        at: usize,
        reach: usize,
        fits: impl Fn(&NameSpan) -> bool,
    ) -> Option<&NameSpan> {
        let end = self.spans.partition_point(|s| s.last < at);
        self.spans[..end].iter().rev().take(reach).find(|s| fits(s))
    }

    /// A span's name in full, as its entity has it.
    fn full_name_of(&self, s: &NameSpan) -> String {
        s.entity
            .map_or_else(|| s.name.clone(), |id| self.entities[id].full.clone())
    }

    /// What "it said" stands for: the latest organisation or publication that spoke before
    /// token `at`.
    pub fn latest_org(&self, at: usize) -> Option<String> {
        self.latest_span(at, 40, |s| s.source && self.is_org_span(s))
            .map(|s| s.name.clone())
    }

    /// "the company", "the agency": the latest organisation named before token `at` that is
    /// of the kind `head` says - a company's name has a word companies are named with
    /// ("Halvorsen Chemical", "Lindquist Research"), a government body's has the head in it
    /// ("the agency": "Environmental Protection Agency"). `None` when `head` is no word for
    /// an organisation of either kind.
    pub fn latest_org_of_kind(&self, at: usize, head: &str) -> Option<String> {
        let company = lexicon::COMPANY_WORDS.has(head);
        if !company && !lexicon::GOVERNMENT_WORDS.has(head) {
            return None;
        }
        let fits = |s: &NameSpan| {
            s.name.split_whitespace().map(str::to_lowercase).any(|w| {
                if company {
                    lexicon::COMPANY_NAME_WORDS.has(&w)
                } else {
                    w == head
                }
            })
        };
        // A company's name may pass for a person's ("Halvorsen Chemical"): its words say
        // otherwise.
        self.latest_span(at, 60, |s| {
            (company || self.is_org_span(s))
                && !is_place(&s.name.to_lowercase())
                && s.name.split_whitespace().count() >= 2
                && fits(s)
        })
        .map(|s| self.full_name_of(s))
    }

    /// "its spokesman": the latest organisation named before token `at`, whether or not it
    /// spoke.
    pub fn latest_named_org(&self, at: usize) -> Option<String> {
        self.latest_span(at, 40, |s| self.is_org_span(s))
            .map(|s| s.name.clone())
    }

    fn is_org_span(&self, s: &NameSpan) -> bool {
        !s.person
            && s.entity.is_none_or(|id| !self.entities[id].person)
            && !is_place(&s.name.to_lowercase())
            && !is_date_word(&s.name.to_lowercase())
    }

    /// The name span of the latest person who spoke before token `at`.
    pub fn latest_source_span(&self, at: usize) -> Option<usize> {
        let end = self.spans.partition_point(|s| s.last < at);
        (0..end).rev().take(80).find(|&k| {
            let s = &self.spans[k];
            s.source && s.entity.is_some_and(|id| self.entities[id].person)
        })
    }
}

const W_SOURCE: f32 = 1.0;
const W_DIST: f32 = 1.0;
const W_SALIENT: f32 = 3.0;
const W_GENDER: f32 = 0.5;

/// Whether a role's words name another office than the description's modifiers do: a
/// qualifier ("deputy", "shadow") the description lacks.
fn another_office(role: &[&str], modifiers: &[String]) -> bool {
    role.iter()
        .any(|w| lexicon::OFFICE_QUALIFIERS.has(w) && !modifiers.iter().any(|m| m == w))
}

/// "said Thursday": a weekday or a month after a verb is no speaker.
fn is_date_word(lower: &str) -> bool {
    #[rustfmt::skip]
    const D: &[&str] = &[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
        "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ];
    D.contains(&lower)
}

pub fn opposite(g: Gender) -> Gender {
    match g {
        Gender::Male => Gender::Female,
        Gender::Female => Gender::Male,
        Gender::Unknown => Gender::Unknown,
    }
}

/// Lower-case role words with abbreviations spelled out ("Sen." -> "senator").
pub fn normalise_role(role: &str) -> String {
    role.split_whitespace()
        .map(|w| {
            let l = super::scan::strip_possessive(w).0.to_lowercase();
            let l = l.trim_end_matches(',').to_string();
            match l.trim_end_matches('.') {
                "sen" => "senator".to_string(),
                "rep" => "representative congressman".to_string(),
                "gov" => "governor".to_string(),
                "gen" => "general".to_string(),
                "u.s" | "us" => "u.s".to_string(),
                _ => l.trim_end_matches('.').to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
