//! Has this been checked before? Ranks claims that a new text repeats (`claimtrack match`): BM25
//! over each claim's words and its fact-check's headline finds candidates, and a linear model
//! over seven signs of a repeat reranks them (the design, its tuning on CheckThat! 2020 train
//! and its figures are in `bench/match/REPORT.md`). No database here: the store hands over the
//! claims, this finds.

// The index hashes words and n-grams by the million: FxHash, not SipHash (no untrusted keys to
// guard against here).
type Map<K, V> = rustc_hash::FxHashMap<K, V>;
type Set<T> = rustc_hash::FxHashSet<T>;

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
    pub index: usize,
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
    thousands: LookRegex,
    magnitude: LookRegex,
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
            thousands: look(r"(?<=\d)[,.](?=\d{3}\b)"),
            magnitude: look(r"(?<![\w.])(\d+(?:\.\d+)?)\s?([kKmMbB])n?\b"),
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
        // The look-around patterns are the slow ones, and need a figure.
        let t = if t.bytes().any(|b| b.is_ascii_digit()) {
            let t = self.thousands.replace_all(&t, "");
            self.magnitude
                .replace_all(&t, |c: &fancy_regex::Captures<'_, str>| {
                    let word = match c[2].to_lowercase().as_str() {
                        "k" => " thousand",
                        "m" => " million",
                        _ => " billion",
                    };
                    format!("{}{word}", &c[1])
                })
                .into_owned()
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
        let t = Reader::normalise(text);
        let t = self.thousands.replace_all(&t, "");
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

/// Both texts name figures, and none of them the same.
fn figures_differ(a: &Set<String>, b: &Set<String>) -> bool {
    !a.is_empty() && !b.is_empty() && a.is_disjoint(b)
}

/// FNV-1a of a run of characters: n-grams are counted by hash, not kept as strings.
fn fnv(chars: &[char]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in chars {
        h ^= u64::from(c);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Calls `f` with each character 3- to 5-gram of each word, the word padded with a space.
fn each_gram(words: &[String], mut f: impl FnMut(u64)) {
    let mut chars: Vec<char> = Vec::with_capacity(32);
    for w in words {
        chars.clear();
        chars.push(' ');
        chars.extend(w.chars());
        chars.push(' ');
        for n in 3..=5 {
            for window in chars.windows(n) {
                f(fnv(window));
            }
        }
    }
}

fn grams(words: &[String]) -> Map<u64, u32> {
    let mut counts = Map::default();
    each_gram(words, |h| *counts.entry(h).or_insert(0) += 1);
    counts
}

/// The weight of an n-gram seen `count` times, in `df` of `n` claims: (1 + ln count) · idf.
fn gram_weight(count: u32, df: u32, n: f64) -> f64 {
    (1.0 + f64::from(count).ln()) * (((1.0 + n) / (1.0 + f64::from(df))).ln() + 1.0)
}

/// The claims to match against, indexed.
pub struct Matcher {
    reader: Reader,
    n: usize,
    vocabulary: Map<String, u32>,
    idf: Vec<f64>,
    /// Per word: (claim, its saturated term frequency), claims in order.
    postings: Vec<Vec<(u32, f64)>>,
    /// False for a claim whose words repeat an earlier claim's exactly: never offered twice.
    /// Per claim, the first claim with the same words (itself when it is the first): of twins
    /// only the first is offered, unless `twins`, and twins count as one for a score's margin.
    words_of: Vec<u32>,
    twins: bool,
    stems: Vec<Set<u32>>,
    plain: Vec<Vec<String>>,
    gram_norm: Vec<f64>,
    gram_df: Map<u64, u32>,
    numbers: Vec<Set<String>>,
    figures: Vec<Set<String>>,
    years: Vec<Set<i32>>,
}

impl Matcher {
    /// Indexes claims given as (words, fact-check headline), in the order they were recorded:
    /// of two claims with the same words, the earlier is the one offered.
    #[must_use]
    pub fn new(claims: &[(&str, Option<&str>)]) -> Matcher {
        let reader = Reader::new();
        let n = claims.len();
        let mut vocabulary: Map<String, u32> = Map::default();
        let mut claim_terms: Vec<Vec<(u32, u32)>> = Vec::with_capacity(n);
        let mut lengths = Vec::with_capacity(n);
        let mut stems = Vec::with_capacity(n);
        let mut words_of = Vec::with_capacity(n);
        let mut seen: Map<Vec<String>, u32> = Map::default();
        let mut gram_df: Map<u64, u32> = Map::default();
        let mut plain = Vec::with_capacity(n);
        let mut gram_counts = Vec::with_capacity(n);
        let mut numbers = Vec::with_capacity(n);
        let mut figures = Vec::with_capacity(n);
        let mut years = Vec::with_capacity(n);
        for (text, title) in claims {
            let title = title.unwrap_or("");
            let mut tokens = reader.tokens(text);
            let from_text = tokens.len();
            tokens.extend(reader.tokens(title));
            let words: Vec<String> = reader
                .pick(&tokens[..from_text], true, true)
                .into_iter()
                .chain(reader.pick(&tokens[from_text..], true, true))
                .collect();
            lengths.push(words.len() as f64);
            let mut tf: Map<u32, u32> = Map::default();
            for w in words {
                let next = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX);
                *tf.entry(*vocabulary.entry(w).or_insert(next)).or_insert(0) += 1;
            }
            stems.push(tf.keys().copied().collect());
            let mut terms: Vec<(u32, u32)> = tf.into_iter().collect();
            terms.sort_unstable();
            claim_terms.push(terms);
            let next = u32::try_from(words_of.len()).unwrap_or(u32::MAX);
            words_of.push(
                *seen
                    .entry(reader.pick(&tokens[..from_text], false, false))
                    .or_insert(next),
            );
            let both = format!("{text} {title}");
            let words = reader.pick(&tokens, true, false);
            let counts = grams(&words);
            for &g in counts.keys() {
                *gram_df.entry(g).or_insert(0) += 1;
            }
            gram_counts.push(counts);
            numbers.push(reader.numbers(&both));
            figures.push(if both.bytes().any(|b| b.is_ascii_digit()) {
                reader.figures(&both)
            } else {
                Set::default()
            });
            years.push(reader.years(&both));
            plain.push(words);
        }
        let average = lengths.iter().sum::<f64>() / (n.max(1) as f64);
        let mut df = vec![0u32; vocabulary.len()];
        for terms in &claim_terms {
            for &(t, _) in terms {
                df[t as usize] += 1;
            }
        }
        let nf = n as f64;
        let idf: Vec<f64> = df
            .iter()
            .map(|&d| (1.0 + (nf - f64::from(d) + 0.5) / (f64::from(d) + 0.5)).ln())
            .collect();
        let mut postings: Vec<Vec<(u32, f64)>> = vec![Vec::new(); vocabulary.len()];
        for (claim, terms) in claim_terms.iter().enumerate() {
            for &(t, f) in terms {
                let f = f64::from(f);
                let saturated =
                    f * (K1 + 1.0) / (f + K1 * (1.0 - B + B * lengths[claim] / average.max(1.0)));
                postings[t as usize].push((u32::try_from(claim).unwrap_or(u32::MAX), saturated));
            }
        }
        let gram_norm = gram_counts
            .iter()
            .map(|counts| {
                let sum: f64 = counts
                    .iter()
                    .map(|(g, &c)| gram_weight(c, gram_df[g], nf).powi(2))
                    .sum();
                if sum > 0.0 { sum.sqrt() } else { 1.0 }
            })
            .collect();
        Matcher {
            reader,
            n,
            vocabulary,
            idf,
            postings,
            words_of,
            twins: false,
            stems,
            plain,
            gram_norm,
            gram_df,
            numbers,
            figures,
            years,
        }
    }

    /// Offers claims whose words repeat an earlier claim's too (`similar` lists them all).
    #[must_use]
    pub fn with_twins(mut self) -> Matcher {
        self.twins = true;
        self
    }

    fn term_ids(&self, words: &[String]) -> Vec<u32> {
        let mut ids: Vec<u32> = words
            .iter()
            .filter_map(|w| self.vocabulary.get(w).copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The text's character n-grams, weighted and of unit length.
    fn gram_vector(&self, text: &str) -> Map<u64, f64> {
        let nf = self.n as f64;
        let mut v: Map<u64, f64> = grams(&self.reader.words(text, true, false))
            .into_iter()
            .filter_map(|(g, c)| self.gram_df.get(&g).map(|&d| (g, gram_weight(c, d, nf))))
            .collect();
        let norm = v.values().map(|x| x * x).sum::<f64>().sqrt();
        let norm = if norm > 0.0 { norm } else { 1.0 };
        for x in v.values_mut() {
            *x /= norm;
        }
        v
    }

    /// The claims `text` repeats, best first, at most `limit`, each with a score from 0 to 1.
    #[must_use]
    pub fn rank(&self, text: &str, limit: usize) -> Vec<Match> {
        let query = self.reader.query(text);
        // The body's words once: as written (for `why`), and stemmed from those.
        let written = self.reader.words(&query.body, true, false);
        let body: Vec<String> = written
            .iter()
            .map(|w| self.reader.stemmer.stem(w).into_owned())
            .collect();
        let name = self.reader.words(&query.name, true, true);
        let all: Vec<String> = body.iter().chain(&name).cloned().collect();
        // BM25, each query word counted once.
        let mut bm25: Map<u32, f64> = Map::default();
        for t in self.term_ids(&all) {
            for &(claim, saturated) in &self.postings[t as usize] {
                *bm25.entry(claim).or_insert(0.0) += self.idf[t as usize] * saturated;
            }
        }
        let mut candidates: Vec<(u32, f64)> = bm25
            .into_iter()
            .filter(|(c, _)| self.twins || self.words_of[*c as usize] == *c)
            .collect();
        let order = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        candidates.sort_by(order);
        candidates.truncate(CANDIDATES);

        let name_ids = self.term_ids(&name);
        let body_ids: Set<u32> = self.term_ids(&body).into_iter().collect();
        let unseen_idf = (1.0 + (self.n as f64 + 0.5) / 0.5).ln();
        let body_words: Set<&String> = body.iter().collect();
        let mass: f64 = body_words
            .iter()
            .map(|w| {
                self.vocabulary
                    .get(*w)
                    .map_or(unseen_idf, |&t| self.idf[t as usize])
            })
            .sum();
        let mass = if mass > 0.0 { mass } else { 1.0 };
        let text_grams = self.gram_vector(&format!("{} {}", query.body, query.name));
        let text_numbers = self.reader.numbers(&query.body);
        let text_figures = self.reader.figures(&query.body);
        let year_text = query.year.map(|y| y.to_string());
        let nf = self.n as f64;
        let mut scored: Vec<(usize, f64, [f64; 7])> = candidates
            .iter()
            .map(|&(claim, bm25)| {
                let c = claim as usize;
                let mut shared: Map<u64, u32> = Map::default();
                each_gram(&self.plain[c], |h| {
                    if text_grams.contains_key(&h) {
                        *shared.entry(h).or_insert(0) += 1;
                    }
                });
                let char_cos = shared
                    .iter()
                    .map(|(g, &count)| gram_weight(count, self.gram_df[g], nf) * text_grams[g])
                    .sum::<f64>()
                    / self.gram_norm[c];
                let shared_idf = self.stems[c]
                    .iter()
                    .filter(|t| body_ids.contains(t))
                    .map(|&t| self.idf[t as usize])
                    .sum::<f64>();
                // How much of the text's rare words the claim has; asked whether two claims say
                // the same (`twins`), also how much of the claim's the text has: a short text's
                // one word is in many claims that say more.
                let coverage = if self.twins {
                    let own: f64 = self.stems[c].iter().map(|&t| self.idf[t as usize]).sum();
                    (shared_idf / mass).min(shared_idf / own.max(f64::MIN_POSITIVE))
                } else {
                    shared_idf / mass
                };
                let name_score: f64 = name_ids
                    .iter()
                    .filter_map(|&t| {
                        let p = &self.postings[t as usize];
                        p.binary_search_by(|e| e.0.cmp(&claim))
                            .ok()
                            .map(|j| self.idf[t as usize] * p[j].1)
                    })
                    .sum();
                let year_match = f64::from(u8::from(
                    query.year.is_some_and(|y| self.years[c].contains(&y)),
                ));
                let claim_numbers = &self.numbers[c];
                let shared_numbers = claim_numbers.intersection(&text_numbers).count() as f64;
                let missing_numbers = claim_numbers
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
                (c, s, features)
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        let [a, b, c] = CALIBRATION;
        (0..scored.len().min(limit))
            .map(|i| {
                let (claim, s, features) = scored[i];
                // How far it stands above every other candidate (the top: above the second);
                // twins in words count as one. Asked which claims say the same (`twins`), as
                // several may: above a typical runner-up, each claim on its own.
                let best_other = if self.twins {
                    RUNNER_UP
                } else {
                    scored
                        .iter()
                        .filter(|o| self.words_of[o.0] != self.words_of[claim])
                        .map(|o| o.1)
                        .fold(f64::NEG_INFINITY, f64::max)
                };
                let margin = if best_other.is_finite() {
                    s - best_other
                } else {
                    5.0
                };
                let score = 1.0 / (1.0 + (-(a * s + b * margin + c)).exp());
                Match {
                    index: claim,
                    score,
                    figures_differ: figures_differ(&text_figures, &self.figures[claim]),
                    why: self.why(claim, &query, (&written, &body), &text_figures, features),
                }
            })
            .collect()
    }

    /// What a match rests on, for people: figures shared (or that differ), the signature's name or
    /// year, key words.
    fn why(
        &self,
        claim: usize,
        query: &Query,
        (words, stems): (&[String], &[String]),
        figures: &Set<String>,
        features: [f64; 7],
    ) -> Vec<String> {
        let mut why = Vec::new();
        let mut shared: Vec<&String> = self.figures[claim].intersection(figures).collect();
        shared.sort();
        why.extend(shared.into_iter().map(|n| format!("figure {n}")));
        if figures_differ(figures, &self.figures[claim]) {
            let list = |set: &Set<String>| {
                let mut v: Vec<&str> = set.iter().map(String::as_str).collect();
                v.sort_unstable();
                v.join(", ")
            };
            why.push(format!(
                "figures differ: {} here, {} there",
                list(figures),
                list(&self.figures[claim])
            ));
        }
        if features[3] > 0.0 {
            why.push(format!("name {}", query.name.trim()));
        }
        if features[4] > 0.0
            && let Some(y) = query.year
        {
            why.push(format!("year {y}"));
        }
        let mut key: Vec<(f64, &String)> = words
            .iter()
            .zip(stems)
            .filter_map(|(w, s)| {
                let t = *self.vocabulary.get(s)?;
                self.stems[claim]
                    .contains(&t)
                    .then(|| (self.idf[t as usize], w))
            })
            .collect();
        key.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        key.dedup_by(|a, b| a.1 == b.1);
        why.extend(key.into_iter().take(5).map(|(_, w)| w.clone()));
        why
    }
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
