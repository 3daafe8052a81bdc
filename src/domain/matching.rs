//! Has this been checked before? Ranks claims that a new text repeats (`claimtrack match`): BM25
//! over each claim's words and its fact-check's headline finds candidates, and a linear model
//! over seven signs of a repeat reranks them (the design, its tuning on CheckThat! 2020 train
//! and its figures are in `bench/match/REPORT.md`). No database here: the store hands over the
//! claims, this finds.

// The index hashes words and n-grams by the million: FxHash, not SipHash (no untrusted keys to
// guard against here).
pub(super) type Map<K, V> = rustc_hash::FxHashMap<K, V>;
pub(super) type Set<T> = rustc_hash::FxHashSet<T>;

use fancy_regex::Regex as LookRegex;
use regex::Regex;
use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// Words too common to tell claims apart: Snowball's English list, less the negations and
/// comparatives a claim turns on (not, no, against, over, only, more, most, very...).
const STOP_WORDS: &str = "i me my myself we our ours ourselves you your yours yourself yourselves he him his
himself she her hers herself it its itself they them their theirs themselves what which who whom this
that these those am is are was were be been being have has had having do does did doing would should
could ought a an the and but if or because as until while of at by for with about into through during
before after above below to from up down in on under again further then once here there when where why
how all any both each other some such own so than too s t can will just don now im youre hes shes its
were theyre ive youve weve theyve id youd hed shed wed theyd ill youll hell shell well theyll isnt arent
wasnt werent hasnt havent hadnt doesnt dont didnt wont wouldnt shant shouldnt cant cannot couldnt
mustnt lets thats whos whats heres theres whens wheres whys hows";

const MONTHS: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";

/// The reranker, fitted by pairwise logistic regression on train (`bench/match/model.json`):
/// each feature standardised by its mean and spread, then weighed.
struct Feature {
    mean: f64,
    spread: f64,
    weight: f64,
}

const FEATURES: [Feature; 7] = [
    /* bm25 */
    Feature {
        mean: 12.177_049_533_115_024,
        spread: 5.142_999_403_982_477,
        weight: 0.691_342_958_169_105_4,
    },
    /* char_cos */
    Feature {
        mean: 0.130_815_940_824_652,
        spread: 0.076_148_571_456_796_28,
        weight: 1.507_914_699_431_032,
    },
    /* cov_text */
    Feature {
        mean: 0.112_829_762_032_875_29,
        spread: 0.074_949_963_025_778_46,
        weight: 1.362_650_580_903_613_1,
    },
    /* bm25_name */
    Feature {
        mean: 1.146_111_678_557_608_6,
        spread: 3.065_861_019_655_844,
        weight: 0.499_639_996_688_245_66,
    },
    /* year_match */
    Feature {
        mean: 0.0339,
        spread: 0.180_971_794_382_266_88,
        weight: 0.272_165_583_602_164_2,
    },
    /* num_match */
    Feature {
        mean: 0.051_225,
        spread: 0.251_099_581_595_061_8,
        weight: 0.082_843_387_679_871_76,
    },
    /* num_miss */
    Feature {
        mean: 0.3021,
        spread: 0.613_665_699_894_914_9,
        weight: -0.335_409_760_196_488_4,
    },
];

/// The score as a chance (0 to 1) that the match is right, from how high it is and how far
/// above the other candidates: 1 / (1 + e^-(a·s + b·margin + c)), fitted out of fold on train.
const CALIBRATION: [f64; 3] = [
    0.086_790_233_001_115_56,
    0.517_582_678_680_545_2,
    -3.064_450_260_181_146_3,
];

/// The score of a typical runner-up (the median second best for CheckThat! 2020 train's tweets
/// among 10,375 claims): what a claim must stand above when several may say the same.
const RUNNER_UP: f64 = 4.31;

/// Candidates BM25 hands the reranker; BM25's own constants.
const CANDIDATES: usize = 50;
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// From this score on, a new claim is taken for a repeat of a checked one (unless figures differ):
/// on CheckThat! dev, 113 links of 113 were right (57% of the repeats linked).
pub const LINK_THRESHOLD: f64 = 0.55;

/// A claim that a text repeats: its place in the claims given, a score from 0 to 1, and the
/// signs seen (shared figures, names, key words).
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The claim's id in the index (in a `Matcher`, its place in the claims given).
    pub index: i64,
    pub score: f64,
    pub why: Vec<String>,
    /// Both name figures, and none of them the same ("rose 5%" against "rose 8%").
    pub figures_differ: bool,
}

impl Match {
    /// Whether the text is taken for a repeat of the claim, to link them unasked: a high score,
    /// and no figures that say otherwise.
    #[must_use]
    pub fn is_repeat(&self) -> bool {
        self.score >= LINK_THRESHOLD && !self.figures_differ
    }
}

/// Text as the matcher reads it: normalised, cut into words, stop words out, stemmed.
struct Reader {
    stop: Set<&'static str>,
    stemmer: Stemmer,
    abbreviation: Regex,
    magnitude: Regex,
    token: Regex,
    signature: Regex,
    picture: Regex,
    url: Regex,
    retweet: Regex,
    handle: Regex,
    hashtag: Regex,
    camel: LookRegex,
    year: Regex,
    number: Regex,
    figure: Regex,
}

/// A text to match, as posted: its body, and the name and year of a quoted post's signature
/// ("— Name (@handle) January 6, 2020").
struct Query {
    body: String,
    name: String,
    year: Option<i32>,
}

impl Reader {
    fn new() -> Reader {
        let re = |p: &str| Regex::new(p).expect("a valid pattern");
        let look = |p: &str| LookRegex::new(p).expect("a valid pattern");
        Reader {
            stop: STOP_WORDS.split_whitespace().collect(),
            stemmer: Stemmer::create(Algorithm::English),
            abbreviation: re(r"\b((?:[A-Za-z]\.){2,})"),
            magnitude: re(r"(\d+(?:\.\d+)?)\s?([kKmMbB])n?\b"),
            token: re(r"[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*"),
            signature: re(&format!(
                r#"\s*[\u2014\u2013-]\s*([^\u2014\u2013]{{0,80}}?)\s*\(@(\w+)\)\s*((?:{MONTHS})\s+\d{{1,2}},\s+(\d{{2,4}}))\s*"?\s*$"#
            )),
            picture: re(r"(?i)pic\.twitter\.com/\w+"),
            url: re(r"(?i)(?:https?://|www\.)\S+"),
            retweet: re(r#"^\s*"?RT\s+@\w+:?\s*"#),
            handle: re(r"@(\w+)"),
            hashtag: re(r"#(\w+)"),
            camel: look(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+"),
            year: re(r"\b(19[5-9]\d|20[0-4]\d)\b"),
            number: re(r"\d+"),
            figure: re(r"\d+(?:\.\d+)?"),
        }
    }

    fn normalise(text: &str) -> String {
        // NFKC leaves ASCII as it is.
        let t: String = if text.is_ascii() {
            text.to_string()
        } else {
            text.nfkc().collect()
        };
        t.replace(['\u{2019}', '\u{2018}', '\u{00b4}', '`'], "'")
            .replace(['\u{201c}', '\u{201d}'], "\"")
    }

    /// The words of `text`: "U.S." is US, "10,000" 10000, "$80M" 80 million dollar, "%"
    /// percent; lower case; a trailing 's goes; stop words out and stems taken when asked.
    fn words(&self, text: &str, stop: bool, stem: bool) -> Vec<String> {
        self.pick(&self.tokens(text), stop, stem)
    }

    /// A text's words before stop words and stems: the costly part of `words`, done once for
    /// the several ways a claim is read.
    fn tokens(&self, text: &str) -> Vec<String> {
        let t = Reader::normalise(text);
        let t = if t.contains('.') {
            self.abbreviation
                .replace_all(&t, |c: &regex::Captures<'_>| c[1].replace('.', ""))
        } else {
            t.into()
        };
        let t = if t.bytes().any(|b| b.is_ascii_digit()) {
            self.magnitudes(&drop_thousands(&t))
        } else {
            t.into_owned()
        };
        let lower = t
            .replace('%', " percent ")
            .replace('$', " dollar ")
            .replace('&', " and ")
            .to_lowercase();
        self.token
            .find_iter(&lower)
            .map(|m| {
                let w = m.as_str();
                w.strip_suffix("'s").unwrap_or(w).replace('\'', "")
            })
            .filter(|w| !w.is_empty())
            .collect()
    }

    /// "$80M" is "$80 million", "3k" "3 thousand", "12bn" "12 billion": a figure and its
    /// letter, unless the figure runs on from a word or a decimal point ("A4k", ".5k").
    fn magnitudes(&self, t: &str) -> String {
        let mut out = String::with_capacity(t.len() + 16);
        let mut last = 0;
        for c in self.magnitude.captures_iter(t) {
            let whole = c.get(0).map_or(0..0, |m| m.range());
            if t[..whole.start]
                .chars()
                .next_back()
                .is_some_and(|p| is_word(p) || p == '.')
            {
                continue;
            }
            let word = match &c[2] {
                "k" | "K" => " thousand",
                "m" | "M" => " million",
                _ => " billion",
            };
            out.push_str(&t[last..whole.start]);
            out.push_str(&c[1]);
            out.push_str(word);
            last = whole.end;
        }
        out.push_str(&t[last..]);
        out
    }

    /// `words` of tokens already read.
    fn pick(&self, tokens: &[String], stop: bool, stem: bool) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for w in tokens {
            if stop && self.stop.contains(w.as_str()) {
                continue;
            }
            if w == "cent" && out.last().is_some_and(|x| x == "per") {
                if let Some(last) = out.last_mut() {
                    *last = "percent".to_string();
                }
                continue;
            }
            out.push(if stem {
                self.stemmer.stem(w).into_owned()
            } else {
                w.clone()
            });
        }
        out
    }

    fn split_camel(&self, s: &str) -> String {
        let parts: Vec<&str> = self
            .camel
            .find_iter(s)
            .filter_map(Result::ok)
            .map(|m| m.as_str())
            .collect();
        if parts.is_empty() {
            s.to_string()
        } else {
            parts.join(" ")
        }
    }

    /// A posted text cleaned: its signature taken apart, pictures, links and retweet marks out,
    /// @handles and #hashtags split into words.
    fn query(&self, raw: &str) -> Query {
        let mut t = Reader::normalise(raw);
        let mut query = Query {
            body: String::new(),
            name: String::new(),
            year: None,
        };
        if let Some(c) = self.signature.captures(&t) {
            query.name = c[1].to_string();
            let y: i32 = c[4].parse().unwrap_or(0);
            query.year = match y {
                1990.. => Some(y),
                0..100 => Some(2000 + y),
                _ => None,
            };
            let start = c.get(0).map_or(t.len(), |m| m.start());
            t.truncate(start);
        }
        let t = self.picture.replace_all(&t, " ");
        let t = self.url.replace_all(&t, " ");
        let t = self.retweet.replace_all(&t, " ");
        let t = self.handle.replace_all(&t, |c: &regex::Captures<'_>| {
            format!(" {} ", self.split_camel(&c[1]))
        });
        let t = self.hashtag.replace_all(&t, |c: &regex::Captures<'_>| {
            let split = self.split_camel(&c[1]);
            let whole = if split == c[1] { "" } else { &c[1] };
            format!(" {split} {whole} ")
        });
        query.body = t.into_owned();
        query
    }

    fn numbers(&self, text: &str) -> Set<String> {
        let t = Reader::normalise(text).replace(',', "");
        self.number
            .find_iter(&t)
            .map(|m| m.as_str().to_string())
            .collect()
    }

    /// The figures a text turns on: its numbers whole ("3.2", "278000"), years left out, as they
    /// set the scene ("in 2018") more than they make the claim.
    fn figures(&self, text: &str) -> Set<String> {
        let t = drop_thousands(&Reader::normalise(text));
        self.figure
            .find_iter(&t)
            .map(|m| m.as_str())
            .filter(|n| !(n.len() == 4 && self.year.is_match(n)))
            .map(str::to_string)
            .collect()
    }

    fn years(&self, text: &str) -> Set<i32> {
        self.year
            .find_iter(text)
            .filter_map(|m| m.as_str().parse().ok())
            .collect()
    }
}

/// A character of a word, as the patterns' `\w` has it (letters, marks, digits, joining
/// punctuation).
fn is_word(c: char) -> bool {
    static WORD: std::sync::LazyLock<Regex> =
        std::sync::LazyLock::new(|| Regex::new(r"^\w$").expect("a valid pattern"));
    c.is_ascii_alphanumeric()
        || c == '_'
        || (!c.is_ascii() && WORD.is_match(c.encode_utf8(&mut [0; 4])))
}

/// Thousands separators out: "10,000" is 10000 and "1.250.000" 1250000 (a comma or point
/// between a digit and exactly three more).
fn drop_thousands(t: &str) -> String {
    let b = t.as_bytes();
    let mut out = String::with_capacity(t.len());
    let mut last = 0;
    for i in 1..b.len().saturating_sub(3) {
        if matches!(b[i], b',' | b'.')
            && b[i - 1].is_ascii_digit()
            && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
            && !t[i + 4..].chars().next().is_some_and(is_word)
        {
            out.push_str(&t[last..i]);
            last = i + 1;
        }
    }
    out.push_str(&t[last..]);
    out
}

/// Both texts name figures, and none of them the same.
fn figures_differ(a: &Set<String>, b: &Set<String>) -> bool {
    !a.is_empty() && !b.is_empty() && a.is_disjoint(b)
}

/// FNV-1a over a run of units (characters, bytes): n-grams are counted by hash, not kept as
/// strings; twin keys and the reader's stamp are hashes too, the same on every machine.
pub(super) fn fnv(units: impl IntoIterator<Item = u64>) -> u64 {
    units
        .into_iter()
        .fold(0xcbf2_9ce4_8422_2325, |h: u64, unit| {
            (h ^ unit).wrapping_mul(0x0100_0000_01b3)
        })
}

/// How often each character 3- to 5-gram (by hash) is in the words, each word padded with a
/// space.
fn grams(words: &[String]) -> Map<u64, u32> {
    let mut counts = Map::default();
    let mut chars: Vec<char> = Vec::with_capacity(32);
    for w in words {
        chars.clear();
        chars.push(' ');
        chars.extend(w.chars());
        chars.push(' ');
        for n in 3..=5 {
            for window in chars.windows(n) {
                *counts
                    .entry(fnv(window.iter().map(|&c| u64::from(c))))
                    .or_insert(0) += 1;
            }
        }
    }
    counts
}

/// The weight of an n-gram seen `count` times, in `df` of `n` claims: (1 + ln count) · idf.
fn gram_weight(count: u32, df: u32, n: f64) -> f64 {
    (1.0 + f64::from(count).ln()) * (((1.0 + n) / (1.0 + f64::from(df))).ln() + 1.0)
}

/// Lucene's idf of a word in `df` of `n` claims.
fn idf(df: u32, n: f64) -> f64 {
    (1.0 + (n - f64::from(df) + 0.5) / (f64::from(df) + 0.5)).ln()
}

/// BM25's weight of a word seen `tf` times in a claim of `len` words.
fn saturated(tf: u32, len: u32, average: f64) -> f64 {
    let f = f64::from(tf);
    f * (K1 + 1.0) / (f + K1 * (1.0 - B + B * f64::from(len) / average.max(1.0)))
}

/// A claim as the matcher reads it (words and fact-check headline), worked out once: what an
/// index keeps of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// A hash of the claim's own words as written: claims with the same are twins.
    pub key: i64,
    /// How many words (stop words out) claim and headline have.
    pub len: u32,
    /// Each stemmed word and how often, in word order.
    pub terms: Vec<(String, u32)>,
    /// The words unstemmed, stop words out: their character n-grams.
    pub plain: Vec<String>,
    pub numbers: Vec<String>,
    pub figures: Vec<String>,
    pub years: Vec<i32>,
}

impl Entry {
    /// The entry's character n-grams and how often each.
    #[must_use]
    pub fn grams(&self) -> Map<u64, u32> {
        grams(&self.plain)
    }

    fn tf(&self, term: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|(t, _)| t.as_str().cmp(term))
            .ok()
            .map(|i| self.terms[i].1)
    }
}

/// FNV-1a of a claim's words: its twin key, the same on every machine.
fn words_key(words: &[String]) -> i64 {
    fnv(words
        .iter()
        .flat_map(|w| w.bytes().chain([0x1f]))
        .map(u64::from))
    .cast_signed()
}

/// A word of the index: in how many claims it is, and the claims it points to (with how often
/// it is in each and the claim's length), in id order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Term {
    pub df: u32,
    pub postings: Vec<Posting>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Posting {
    pub claim: i64,
    pub tf: u32,
    pub len: u32,
}

/// A claim offered by an index: its id and its entry.
pub struct Doc {
    pub id: i64,
    pub entry: Entry,
}

/// What ranking asks of an index, in memory (`Matcher`) or stored (`store`'s match index).
/// Postings are of the claims it may offer: the first of each set of twins, unless asked for
/// twins.
pub trait Lookup {
    type Error;
    /// How many claims are indexed, and their words in all.
    fn size(&self) -> Result<(u64, u64), Self::Error>;
    /// The words among `words` (sorted, no repeats) that are indexed.
    fn terms(&self, words: &[String]) -> Result<Map<String, Term>, Self::Error>;
    /// In how many claims each of `words` (sorted, no repeats) is (those in none left out).
    fn df(&self, words: &[String]) -> Result<Map<String, u32>, Self::Error>;
    /// In how many claims each of `grams` is (those in none left out).
    fn gram_df(&self, grams: &[u64]) -> Result<Map<u64, u32>, Self::Error>;
    /// The claims `ids`, in any order.
    fn docs(&self, ids: &[i64]) -> Result<Vec<Doc>, Self::Error>;
}

/// Reads claims into entries, and texts to rank claims by.
pub struct MatchReader {
    reader: Reader,
}

impl Default for MatchReader {
    fn default() -> Self {
        MatchReader {
            reader: Reader::new(),
        }
    }
}

impl MatchReader {
    /// One reader for the whole process: its patterns are compiled once.
    #[must_use]
    pub fn shared() -> &'static MatchReader {
        static READER: std::sync::LazyLock<MatchReader> =
            std::sync::LazyLock::new(MatchReader::default);
        &READER
    }

    /// A claim's words and its fact-check's headline, read.
    #[must_use]
    pub fn entry(&self, text: &str, title: Option<&str>) -> Entry {
        let reader = &self.reader;
        let title = title.unwrap_or("");
        let mut tokens = reader.tokens(text);
        let from_text = tokens.len();
        tokens.extend(reader.tokens(title));
        let words: Vec<String> = reader
            .pick(&tokens[..from_text], true, true)
            .into_iter()
            .chain(reader.pick(&tokens[from_text..], true, true))
            .collect();
        let len = u32::try_from(words.len()).unwrap_or(u32::MAX);
        let mut tf: Map<String, u32> = Map::default();
        for w in words {
            *tf.entry(w).or_insert(0) += 1;
        }
        let mut terms: Vec<(String, u32)> = tf.into_iter().collect();
        terms.sort_unstable();
        let both = format!("{text} {title}");
        let sorted = |set: Set<String>| {
            let mut v: Vec<String> = set.into_iter().collect();
            v.sort_unstable();
            v
        };
        let mut years: Vec<i32> = reader.years(&both).into_iter().collect();
        years.sort_unstable();
        Entry {
            key: words_key(&reader.pick(&tokens[..from_text], false, false)),
            len,
            terms,
            plain: reader.pick(&tokens, true, false),
            numbers: sorted(reader.numbers(&both)),
            figures: if both.bytes().any(|b| b.is_ascii_digit()) {
                sorted(reader.figures(&both))
            } else {
                Vec::new()
            },
            years,
        }
    }
}

/// The claims to match against, indexed in memory.
pub struct Matcher {
    reader: &'static MatchReader,
    docs: Vec<Doc>,
    total_len: u64,
    /// Per word: in how many claims, and the postings of the claims offered.
    terms: Map<String, Term>,
    gram_df: Map<u64, u32>,
    twins: bool,
}

impl Matcher {
    /// Indexes claims given as (words, fact-check headline), in the order they were recorded:
    /// of two claims with the same words, the earlier is the one offered. A match's `index` is
    /// the claim's place in `claims`.
    #[must_use]
    pub fn new(claims: &[(&str, Option<&str>)]) -> Matcher {
        Self::build(claims, false)
    }

    /// As `new`, offering claims whose words repeat an earlier claim's too (`similar` lists
    /// them all).
    #[must_use]
    pub fn with_twins(claims: &[(&str, Option<&str>)]) -> Matcher {
        Self::build(claims, true)
    }

    fn build(claims: &[(&str, Option<&str>)], twins: bool) -> Matcher {
        let entries = MatchReader::shared();
        let mut first: Set<i64> = Set::default();
        let mut terms: Map<String, Term> = Map::default();
        let mut gram_df: Map<u64, u32> = Map::default();
        let mut total_len = 0;
        let mut docs = Vec::with_capacity(claims.len());
        for (i, (text, title)) in claims.iter().enumerate() {
            let entry = entries.entry(text, *title);
            let id = i64::try_from(i).unwrap_or(i64::MAX);
            let offered = first.insert(entry.key) || twins;
            for (t, tf) in &entry.terms {
                let term = terms.entry(t.clone()).or_default();
                term.df += 1;
                if offered {
                    term.postings.push(Posting {
                        claim: id,
                        tf: *tf,
                        len: entry.len,
                    });
                }
            }
            for g in entry.grams().into_keys() {
                *gram_df.entry(g).or_insert(0) += 1;
            }
            total_len += u64::from(entry.len);
            docs.push(Doc { id, entry });
        }
        Matcher {
            reader: entries,
            docs,
            total_len,
            terms,
            gram_df,
            twins,
        }
    }

    /// The claims `text` repeats, best first, at most `limit`, each with a score from 0 to 1.
    #[must_use]
    pub fn rank(&self, text: &str, limit: usize) -> Vec<Match> {
        let how = Ranking {
            twins: self.twins,
            before: None,
        };
        let Ok(found) = self.reader.rank(self, text, limit, &how);
        found
    }
}

impl Lookup for Matcher {
    type Error = std::convert::Infallible;
    fn size(&self) -> Result<(u64, u64), Self::Error> {
        Ok((self.docs.len() as u64, self.total_len))
    }
    fn terms(&self, words: &[String]) -> Result<Map<String, Term>, Self::Error> {
        Ok(words
            .iter()
            .filter_map(|w| Some((w.clone(), self.terms.get(w)?.clone())))
            .collect())
    }
    fn df(&self, words: &[String]) -> Result<Map<String, u32>, Self::Error> {
        Ok(words
            .iter()
            .filter_map(|w| Some((w.clone(), self.terms.get(w)?.df)))
            .collect())
    }
    fn gram_df(&self, grams: &[u64]) -> Result<Map<u64, u32>, Self::Error> {
        Ok(grams
            .iter()
            .filter_map(|g| Some((*g, *self.gram_df.get(g)?)))
            .collect())
    }
    fn docs(&self, ids: &[i64]) -> Result<Vec<Doc>, Self::Error> {
        Ok(ids
            .iter()
            .filter_map(|&id| {
                let d = self.docs.get(usize::try_from(id).ok()?)?;
                Some(Doc {
                    id,
                    entry: d.entry.clone(),
                })
            })
            .collect())
    }
}

/// How to rank: whether twins in words are offered (each scored on its own, `similar`), and
/// the claims offered (those with ids below `before`, when given).
pub struct Ranking {
    pub twins: bool,
    pub before: Option<i64>,
}

/// A text's parts, read once for ranking and for `why`.
struct Asked {
    query: Query,
    /// The body's words as written, and stemmed from those.
    written: Vec<String>,
    body: Vec<String>,
    figures: Set<String>,
}

impl MatchReader {
    /// The claims `text` repeats among those `index` holds, best first, at most `limit`, each with
    /// a score from 0 to 1; a match's `index` is the claim's id in the index.
    pub fn rank<L: Lookup>(
        &self,
        index: &L,
        text: &str,
        limit: usize,
        how: &Ranking,
    ) -> Result<Vec<Match>, L::Error> {
        let reader = &self.reader;
        let query = reader.query(text);
        let written = reader.words(&query.body, true, false);
        let body: Vec<String> = written
            .iter()
            .map(|w| reader.stemmer.stem(w).into_owned())
            .collect();
        let name = reader.words(&query.name, true, true);
        let mut all: Vec<String> = body.iter().chain(&name).cloned().collect();
        all.sort_unstable();
        all.dedup();
        let (indexed, total_len) = index.size()?;
        if indexed == 0 || all.is_empty() {
            return Ok(Vec::new());
        }
        let nf = indexed as f64;
        let average = total_len as f64 / nf;
        let terms = index.terms(&all)?;
        let idf_of = |w: &str| terms.get(w).map(|t| idf(t.df, nf));
        // BM25, each query word counted once, words in order.
        let postings: usize = terms.values().map(|t| t.postings.len()).sum();
        let mut bm25: Map<i64, f64> =
            Map::with_capacity_and_hasher(postings, rustc_hash::FxBuildHasher);
        for w in &all {
            let Some(term) = terms.get(w) else { continue };
            let weight = idf(term.df, nf);
            for p in &term.postings {
                if how.before.is_none_or(|b| p.claim < b) {
                    *bm25.entry(p.claim).or_insert(0.0) += weight * saturated(p.tf, p.len, average);
                }
            }
        }
        let mut candidates: Vec<(i64, f64)> = bm25.into_iter().collect();
        let best_first = |a: &(i64, f64), b: &(i64, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        // The best few of tens of thousands: chosen in linear time, then only they are sorted.
        if candidates.len() > CANDIDATES {
            candidates.select_nth_unstable_by(CANDIDATES, best_first);
            candidates.truncate(CANDIDATES);
        }
        candidates.sort_by(best_first);
        let ids: Vec<i64> = candidates.iter().map(|c| c.0).collect();
        let docs: Map<i64, Doc> = index.docs(&ids)?.into_iter().map(|d| (d.id, d)).collect();
        // Asked whether claims say the same, the candidates' own words weigh too.
        let own_df = if how.twins {
            let mut words: Vec<String> = docs
                .values()
                .flat_map(|d| d.entry.terms.iter().map(|(t, _)| t))
                .filter(|t| !terms.contains_key(*t))
                .cloned()
                .collect();
            words.sort_unstable();
            words.dedup();
            index.df(&words)?
        } else {
            Map::default()
        };

        let mut body_words: Vec<String> = body.clone();
        body_words.sort_unstable();
        body_words.dedup();
        let unseen_idf = (1.0 + (nf + 0.5) / 0.5).ln();
        let mass: f64 = body_words
            .iter()
            .map(|w| idf_of(w).unwrap_or(unseen_idf))
            .sum();
        let mass = if mass > 0.0 { mass } else { 1.0 };
        let mut name_words = name.clone();
        name_words.sort_unstable();
        name_words.dedup();
        // The text's character n-grams, weighted and of unit length, and the candidates'.
        let counts = grams(&reader.words(&format!("{} {}", query.body, query.name), true, false));
        let doc_grams: Map<i64, Map<u64, u32>> =
            docs.values().map(|d| (d.id, d.entry.grams())).collect();
        let mut gram_keys: Vec<u64> = counts
            .keys()
            .chain(doc_grams.values().flat_map(|g| g.keys()))
            .copied()
            .collect();
        gram_keys.sort_unstable();
        gram_keys.dedup();
        let gram_df = index.gram_df(&gram_keys)?;
        // A claim's own n-grams are all indexed; 1 stands in for one that is not (a stale row).
        let df_of = |g: &u64| gram_df.get(g).copied().unwrap_or(1);
        let mut text_grams: Map<u64, f64> = counts
            .into_iter()
            .filter_map(|(g, c)| gram_df.get(&g).map(|&d| (g, gram_weight(c, d, nf))))
            .collect();
        let norm = text_grams.values().map(|x| x * x).sum::<f64>().sqrt();
        let norm = if norm > 0.0 { norm } else { 1.0 };
        for x in text_grams.values_mut() {
            *x /= norm;
        }
        let text_numbers = reader.numbers(&query.body);
        let year_text = query.year.map(|y| y.to_string());
        let asked = Asked {
            figures: reader.figures(&query.body),
            query,
            written,
            body,
        };
        let mut scored: Vec<(&Doc, f64, [f64; 7])> = candidates
            .iter()
            .filter_map(|&(claim, bm25)| {
                let doc = docs.get(&claim)?;
                let e = &doc.entry;
                let own = &doc_grams[&claim];
                let shared = own.iter().filter(|(g, _)| text_grams.contains_key(*g));
                let norm = own
                    .iter()
                    .map(|(g, &c)| gram_weight(c, df_of(g), nf).powi(2))
                    .sum::<f64>()
                    .sqrt();
                let char_cos = shared
                    .map(|(g, &count)| gram_weight(count, df_of(g), nf) * text_grams[g])
                    .sum::<f64>()
                    / if norm > 0.0 { norm } else { 1.0 };
                let shared_idf: f64 = body_words
                    .iter()
                    .filter(|w| e.tf(w).is_some())
                    .filter_map(|w| idf_of(w))
                    .sum();
                // How much of the text's rare words the claim has; asked whether two claims say
                // the same (`twins`), also how much of the claim's the text has: a short text's
                // one word is in many claims that say more.
                let coverage = if how.twins {
                    let own: f64 = e
                        .terms
                        .iter()
                        .filter_map(|(t, _)| {
                            idf_of(t).or_else(|| own_df.get(t).map(|&d| idf(d, nf)))
                        })
                        .sum();
                    (shared_idf / mass).min(shared_idf / own.max(f64::MIN_POSITIVE))
                } else {
                    shared_idf / mass
                };
                let name_score: f64 = name_words
                    .iter()
                    .filter_map(|w| {
                        let tf = e.tf(w)?;
                        Some(idf_of(w)? * saturated(tf, e.len, average))
                    })
                    .sum();
                let year_match = f64::from(u8::from(
                    asked.query.year.is_some_and(|y| e.years.contains(&y)),
                ));
                let shared_numbers = e
                    .numbers
                    .iter()
                    .filter(|x| text_numbers.contains(*x))
                    .count() as f64;
                let missing_numbers = e
                    .numbers
                    .iter()
                    .filter(|x| !text_numbers.contains(*x) && Some(*x) != year_text.as_ref())
                    .count() as f64;
                let features = [
                    bm25,
                    char_cos,
                    coverage,
                    name_score,
                    year_match,
                    shared_numbers,
                    missing_numbers,
                ];
                let s = FEATURES
                    .iter()
                    .zip(features)
                    .map(|(f, x)| f.weight * (x - f.mean) / f.spread)
                    .sum();
                Some((doc, s, features))
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.id.cmp(&b.0.id)));
        let [a, b, c] = CALIBRATION;
        Ok((0..scored.len().min(limit))
            .map(|i| {
                let (doc, s, features) = scored[i];
                // How far it stands above every other candidate (the top: above the second); of
                // twins only one is a candidate. Asked which claims say the same (`twins`), as
                // several may: above a typical runner-up, each claim on its own.
                let best_other = if how.twins {
                    RUNNER_UP
                } else {
                    scored
                        .iter()
                        .filter(|o| o.0.id != doc.id)
                        .map(|o| o.1)
                        .fold(f64::NEG_INFINITY, f64::max)
                };
                let margin = if best_other.is_finite() {
                    s - best_other
                } else {
                    5.0
                };
                let score = 1.0 / (1.0 + (-(a * s + b * margin + c)).exp());
                let figures: Set<String> = doc.entry.figures.iter().cloned().collect();
                Match {
                    index: doc.id,
                    score,
                    figures_differ: figures_differ(&asked.figures, &figures),
                    why: why(&doc.entry, &figures, &asked, features, &idf_of),
                }
            })
            .collect())
    }
}

/// What a match rests on, for people: figures shared (or that differ), the signature's name or
/// year, key words.
fn why(
    entry: &Entry,
    figures: &Set<String>,
    asked: &Asked,
    features: [f64; 7],
    idf_of: &dyn Fn(&str) -> Option<f64>,
) -> Vec<String> {
    let mut why = Vec::new();
    let mut shared: Vec<&String> = figures.intersection(&asked.figures).collect();
    shared.sort();
    why.extend(shared.into_iter().map(|n| format!("figure {n}")));
    if figures_differ(&asked.figures, figures) {
        let list = |set: &Set<String>| {
            let mut v: Vec<&str> = set.iter().map(String::as_str).collect();
            v.sort_unstable();
            v.join(", ")
        };
        why.push(format!(
            "figures differ: {} here, {} there",
            list(&asked.figures),
            list(figures)
        ));
    }
    if features[3] > 0.0 {
        why.push(format!("name {}", asked.query.name.trim()));
    }
    if features[4] > 0.0
        && let Some(y) = asked.query.year
    {
        why.push(format!("year {y}"));
    }
    let mut key: Vec<(f64, &String)> = asked
        .written
        .iter()
        .zip(&asked.body)
        .filter_map(|(w, s)| {
            entry.tf(s)?;
            Some((idf_of(s)?, w))
        })
        .collect();
    key.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    key.dedup_by(|a, b| a.1 == b.1);
    why.extend(key.into_iter().take(5).map(|(_, w)| w.clone()));
    why
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_whole_numbers_without_years_and_differ_only_when_none_is_shared() {
        let reader = Reader::new();
        let figures = |t: &str| {
            let mut v: Vec<String> = reader.figures(t).into_iter().collect();
            v.sort();
            v
        };
        assert_eq!(figures("Inflation rose to 3.2% in March 2024."), ["3.2"]);
        assert_eq!(figures("It cost $278,000 per job."), ["278000"]);
        assert!(figures("Crime doubled in 2019.").is_empty());
        let differ = |a: &str, b: &str| figures_differ(&reader.figures(a), &reader.figures(b));
        assert!(differ("rose to 3.2%", "rose to 3.8%"));
        assert!(!differ("rose to 3.2% from 2.9%", "rose to 3.2%"));
        assert!(
            !differ("rose in 2019", "rose to 3.8%"),
            "a year is not a figure"
        );
        assert!(!differ("rose sharply", "rose to 3.8%"));
    }

    /// The figure rewrites do what the look-around patterns they replace did.
    #[test]
    fn thousands_and_magnitudes_as_the_look_around_patterns_had_them() {
        let thousands = LookRegex::new(r"(?<=\d)[,.](?=\d{3}\b)").unwrap();
        let magnitude = LookRegex::new(r"(?<![\w.])(\d+(?:\.\d+)?)\s?([kKmMbB])n?\b").unwrap();
        let reader = Reader::new();
        let alphabet: Vec<char> = "0123456789,. kKmMbBn$xé_a\u{301}-\t".chars().collect();
        let mut seed: u64 = 7;
        for _ in 0..50_000 {
            let mut text = String::new();
            for _ in 0..(seed % 14) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                text.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let dropped = thousands.replace_all(&text, "").into_owned();
            assert_eq!(drop_thousands(&text), dropped, "{text:?}");
            let want = magnitude.replace_all(&dropped, |c: &fancy_regex::Captures<'_, str>| {
                let word = match c[2].to_lowercase().as_str() {
                    "k" => " thousand",
                    "m" => " million",
                    _ => " billion",
                };
                format!("{}{word}", &c[1])
            });
            assert_eq!(reader.magnitudes(&dropped), want, "{dropped:?}");
        }
    }

    #[test]
    fn a_repeat_in_other_words_is_found_first() {
        let claims = [
            (
                "Unemployment fell to 3.5% in 2019.",
                Some("Did unemployment hit a 50-year low?"),
            ),
            ("The new bridge will cost $3 billion.", None),
            (
                "Crime doubled in Chicago last year.",
                Some("No, crime did not double"),
            ),
        ];
        let m = Matcher::new(&claims);
        let found = m.rank("Chicago crime has DOUBLED since last year!! #CrimeWave", 3);
        assert_eq!(found[0].index, 2);
        assert!(found[0].score > found[1].score);
        assert!(
            found[0].why.contains(&"chicago".to_string()),
            "{:?}",
            found[0].why
        );
        let found = m.rank("unemployment 3.5 percent", 1);
        assert_eq!(found[0].index, 0);
        assert!(
            found[0].why.contains(&"figure 3.5".to_string()),
            "{:?}",
            found[0].why
        );
    }

    #[test]
    fn the_same_words_twice_are_offered_once_the_earlier() {
        let claims = [
            ("Taxes went up.", None),
            ("Taxes went up.", Some("Headline")),
            ("Taxes", None),
        ];
        let m = Matcher::new(&claims);
        let found = m.rank("taxes went up", 5);
        assert_eq!(found.iter().filter(|f| f.index == 1).count(), 0);
        assert_eq!(found[0].index, 0);
    }

    #[test]
    fn a_signature_gives_its_name_and_year() {
        let r = Reader::new();
        let q = r.query("We will build the wall — Jane Doe (@JaneDoe) January 6, 2020");
        assert_eq!(q.name, "Jane Doe");
        assert_eq!(q.year, Some(2020));
        assert!(!q.body.contains("@JaneDoe"));
        assert_eq!(
            r.words("U.S. spent $80M (10,000%)", true, false),
            ["us", "spent", "dollar", "80", "million", "10000", "percent"]
        );
    }

    #[test]
    fn nothing_to_match_is_no_match() {
        let m = Matcher::new(&[]);
        assert!(m.rank("anything at all", 5).is_empty());
        let m = Matcher::new(&[("Taxes went up.", None)]);
        assert!(m.rank("", 5).is_empty());
    }
}
