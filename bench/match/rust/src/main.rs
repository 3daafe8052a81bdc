//! Rust re-implementation of the prototype matcher (engine.py + model.json), to check parity with
//! the Python prototype and to measure latency.
//!
//!   matchproto eval train|dev            MAP@5 etc. on a split (same formulas as score_match.py)
//!   matchproto bench COPIES              latency with the claims replicated COPIES times
//!   matchproto query "TEXT"              top 5 with scores and the 0..1 confidence
use fancy_regex::Regex as FRegex;
use regex::Regex;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::{HashMap, HashSet};
use std::time::Instant;
use unicode_normalization::UnicodeNormalization;

const DATA: &str = "/work/shared/data/checkthat2020";

const STOP: &str = "i me my myself we our ours ourselves you your yours yourself yourselves he him his
himself she her hers herself it its itself they them their theirs themselves what which who whom this
that these those am is are was were be been being have has had having do does did doing would should
could ought a an the and but if or because as until while of at by for with about into through during
before after above below to from up down in on under again further then once here there when where why
how all any both each other some such own so than too s t can will just don now im youre hes shes its
were theyre ive youve weve theyve id youd hed shed wed theyd ill youll hell shell well theyll isnt arent
wasnt werent hasnt havent hadnt doesnt dont didnt wont wouldnt shant shouldnt cant cannot couldnt
mustnt lets thats whos whats heres theres whens wheres whys hows";

const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
];

struct Text {
    stop: HashSet<&'static str>,
    stemmer: Stemmer,
    abbrev: Regex,
    numsep: FRegex,
    numsuf: FRegex,
    token: Regex,
    sig: Regex,
    pic: Regex,
    url: Regex,
    rt: Regex,
    handle: Regex,
    hashtag: Regex,
    camel: FRegex,
    year: Regex,
    num: Regex,
}

struct TweetInfo {
    body: String,
    name: String,
    year: Option<i32>,
}

impl Text {
    fn new() -> Self {
        let months = MONTHS.join("|");
        Text {
            stop: STOP.split_whitespace().collect(),
            stemmer: Stemmer::create(Algorithm::English),
            abbrev: Regex::new(r"\b((?:[A-Za-z]\.){2,})").unwrap(),
            numsep: FRegex::new(r"(?<=\d)[,.](?=\d{3}\b)").unwrap(),
            numsuf: FRegex::new(r"(?<![\w.])(\d+(?:\.\d+)?)\s?([kKmMbB])n?\b").unwrap(),
            token: Regex::new(r"[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*").unwrap(),
            sig: Regex::new(&format!(
                r#"\s*[\u2014\u2013-]\s*([^\u2014\u2013]{{0,80}}?)\s*\(@(\w+)\)\s*((?:{months})\s+\d{{1,2}},\s+(\d{{2,4}}))\s*"?\s*$"#
            ))
            .unwrap(),
            pic: Regex::new(r"(?i)pic\.twitter\.com/\w+").unwrap(),
            url: Regex::new(r"(?i)(?:https?://|www\.)\S+").unwrap(),
            rt: Regex::new(r#"^\s*"?RT\s+@\w+:?\s*"#).unwrap(),
            handle: Regex::new(r"@(\w+)").unwrap(),
            hashtag: Regex::new(r"#(\w+)").unwrap(),
            camel: FRegex::new(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+").unwrap(),
            year: Regex::new(r"\b(19[5-9]\d|20[0-4]\d)\b").unwrap(),
            num: Regex::new(r"\d+").unwrap(),
        }
    }

    fn normalise(&self, s: &str) -> String {
        let t: String = s.nfkc().collect();
        t.replace(['\u{2019}', '\u{2018}', '\u{00b4}', '`'], "'").replace(['\u{201c}', '\u{201d}'], "\"")
    }

    /// Tokeniser shared by claims, headlines and tweets.
    fn words(&self, text: &str, stop: bool, stem: bool) -> Vec<String> {
        let t = self.normalise(text);
        let t = self.abbrev.replace_all(&t, |c: &regex::Captures| c[1].replace('.', ""));
        let t = self.numsep.replace_all(&t, "");
        let t = self.numsuf.replace_all(&t, |c: &fancy_regex::Captures<'_, str>| {
            let suf = match c[2].to_lowercase().as_str() {
                "k" => " thousand",
                "m" => " million",
                _ => " billion",
            };
            format!("{}{}", &c[1], suf)
        });
        let t = t.replace('%', " percent ").replace('$', " dollar ").replace('&', " and ");
        let lower = t.to_lowercase();
        let mut out: Vec<String> = Vec::new();
        for m in self.token.find_iter(&lower) {
            let mut w = m.as_str();
            if w.ends_with("'s") {
                w = &w[..w.len() - 2];
            }
            let w = w.replace('\'', "");
            if w.is_empty() || (stop && self.stop.contains(w.as_str())) {
                continue;
            }
            if w == "cent" && out.last().map(|x| x == "per").unwrap_or(false) {
                *out.last_mut().unwrap() = "percent".to_string();
                continue;
            }
            out.push(if stem { self.stemmer.stem(&w).into_owned() } else { w });
        }
        out
    }

    fn split_camel(&self, s: &str) -> String {
        let parts: Vec<&str> = self.camel.find_iter(s).filter_map(|m| m.ok()).map(|m| m.as_str()).collect();
        if parts.is_empty() { s.to_string() } else { parts.join(" ") }
    }

    fn clean_tweet(&self, raw: &str) -> TweetInfo {
        let mut t = self.normalise(raw);
        let mut info = TweetInfo { body: String::new(), name: String::new(), year: None };
        if let Some(c) = self.sig.captures(&t) {
            info.name = c[1].to_string();
            let y: i32 = c[4].parse().unwrap_or(0);
            info.year = if y >= 1990 { Some(y) } else if y < 100 { Some(2000 + y) } else { None };
            let start = c.get(0).unwrap().start();
            t.truncate(start);
        }
        let t = self.pic.replace_all(&t, " ");
        let t = self.url.replace_all(&t, " ");
        let t = self.rt.replace_all(&t, " ");
        let t = self.handle.replace_all(&t, |c: &regex::Captures| format!(" {} ", self.split_camel(&c[1])));
        let t = self.hashtag.replace_all(&t, |c: &regex::Captures| {
            let s = self.split_camel(&c[1]);
            let whole = if s != c[1] { c[1].to_string() } else { String::new() };
            format!(" {} {} ", s, whole)
        });
        info.body = t.into_owned();
        info
    }

    fn char_ngrams(&self, text: &str) -> HashMap<u64, u32> {
        grams_of(&self.words(text, true, false))
    }

    fn numbers(&self, text: &str) -> HashSet<String> {
        let t = self.normalise(text).replace(',', "");
        self.num.find_iter(&t).map(|m| m.as_str().to_string()).collect()
    }

    fn years(&self, text: &str) -> HashSet<i32> {
        self.year.find_iter(text).map(|m| m.as_str().parse().unwrap()).collect()
    }
}

/// FNV-1a hash of a char slice (n-grams are keyed by hash, not stored as strings).
fn fnv(cs: &[char]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &c in cs {
        h ^= c as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Word-bounded char 3..5-grams of already tokenised (unstemmed, stop-free) words, with counts.
fn grams_of(words: &[String]) -> HashMap<u64, u32> {
    let mut g = HashMap::new();
    for_each_gram(words, |h| *g.entry(h).or_insert(0) += 1);
    g
}

fn for_each_gram(words: &[String], mut f: impl FnMut(u64)) {
    let mut cs: Vec<char> = Vec::with_capacity(32);
    for w in words {
        cs.clear();
        cs.push(' ');
        cs.extend(w.chars());
        cs.push(' ');
        for n in 3..=5 {
            if cs.len() < n {
                break;
            }
            for i in 0..=cs.len() - n {
                f(fnv(&cs[i..i + n]));
            }
        }
    }
}

struct Model {
    mean: Vec<f64>,
    sd: Vec<f64>,
    w: Vec<f64>,
    calib: [f64; 3],
    k: usize,
    k1: f64,
    b: f64,
}

struct Index {
    tx: Text,
    n: usize,
    vocab: HashMap<String, u32>,
    idf: Vec<f64>,
    postings: Vec<Vec<(u32, f64)>>, // term -> (doc, saturated tf), doc ascending
    canon: Vec<bool>,
    stems: Vec<HashSet<u32>>,       // distinct stems of text + title (for cov_tweet)
    plain: Vec<Vec<String>>,        // unstemmed stop-free words of text + headline (char n-grams on the fly)
    cnorm: Vec<f64>,                // norm of each claim's char n-gram tf-idf vector
    cdf: HashMap<u64, u32>,         // char n-gram document frequencies
    nums: Vec<HashSet<String>>,
    years: Vec<HashSet<i32>>,
    model: Model,
    score_buf: Vec<f64>,
}

impl Index {
    fn build(claims: &[(String, String, String)], model: Model, dedup: bool) -> Self {
        let tx = Text::new();
        let n = claims.len();
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut doc_tf: Vec<Vec<(u32, u32)>> = Vec::with_capacity(n);
        let mut dl = Vec::with_capacity(n);
        let mut stems = Vec::with_capacity(n);
        let mut canon = Vec::with_capacity(n);
        let mut seen: HashSet<Vec<String>> = HashSet::new();
        let mut cdf: HashMap<u64, u32> = HashMap::new();
        let mut plain = Vec::with_capacity(n);
        let mut gram_counts = Vec::with_capacity(n);
        let mut nums = Vec::with_capacity(n);
        let mut years = Vec::with_capacity(n);
        for (_, text, title) in claims {
            let a = tx.words(text, true, true);
            let c = tx.words(title, true, true);
            dl.push((a.len() + c.len()) as f64);
            let mut tf: HashMap<u32, u32> = HashMap::new();
            for w in a.iter().chain(c.iter()) {
                let l = vocab.len() as u32;
                let id = *vocab.entry(w.clone()).or_insert(l);
                *tf.entry(id).or_insert(0) += 1;
            }
            stems.push(tf.keys().copied().collect());
            let mut v: Vec<(u32, u32)> = tf.into_iter().collect();
            v.sort();
            doc_tf.push(v);
            canon.push(!dedup || seen.insert(tx.words(text, false, false)));
            let both = format!("{} {}", text, title);
            let pw = tx.words(&both, true, false);
            let gc = grams_of(&pw);
            for &g in gc.keys() {
                *cdf.entry(g).or_insert(0) += 1;
            }
            gram_counts.push(gc);
            nums.push(tx.numbers(&both));
            years.push(tx.years(&both));
            plain.push(pw);
        }
        let avg = dl.iter().sum::<f64>() / n as f64;
        let mut df = vec![0u32; vocab.len()];
        for d in &doc_tf {
            for &(t, _) in d {
                df[t as usize] += 1;
            }
        }
        let idf: Vec<f64> = df.iter().map(|&d| (1.0 + (n as f64 - d as f64 + 0.5) / (d as f64 + 0.5)).ln()).collect();
        let mut postings: Vec<Vec<(u32, f64)>> = vec![Vec::new(); vocab.len()];
        for (doc, d) in doc_tf.iter().enumerate() {
            for &(t, f) in d {
                let f = f as f64;
                let sat = f * (model.k1 + 1.0) / (f + model.k1 * (1.0 - model.b + model.b * dl[doc] / avg));
                postings[t as usize].push((doc as u32, sat));
            }
        }
        let nf = n as f64;
        let cnorm = gram_counts
            .iter()
            .map(|gc| {
                let s: f64 = gc.iter().map(|(g, &c)| {
                    let x = (1.0 + (c as f64).ln()) * (((1.0 + nf) / (1.0 + cdf[g] as f64)).ln() + 1.0);
                    x * x
                }).sum();
                if s > 0.0 { s.sqrt() } else { 1.0 }
            })
            .collect();
        drop(gram_counts);
        Index { tx, n, vocab, idf, postings, canon, stems, plain, cnorm, cdf, nums, years, model, score_buf: vec![0.0; n] }
    }

    fn term_ids(&self, toks: &[String]) -> Vec<u32> {
        let mut ids: Vec<u32> = toks.iter().filter_map(|w| self.vocab.get(w).copied()).collect();
        ids.sort();
        ids.dedup();
        ids
    }

    fn cvec(&self, grams: &HashMap<u64, u32>) -> HashMap<u64, f64> {
        let nf = self.n as f64;
        let mut v: HashMap<u64, f64> = HashMap::new();
        for (g, &c) in grams {
            if let Some(&d) = self.cdf.get(g) {
                let x = (1.0 + (c as f64).ln()) * (((1.0 + nf) / (1.0 + d as f64)).ln() + 1.0);
                v.insert(*g, x);
            }
        }
        let norm = v.values().map(|x| x * x).sum::<f64>().sqrt();
        let norm = if norm > 0.0 { norm } else { 1.0 };
        for x in v.values_mut() {
            *x /= norm;
        }
        v
    }

    /// Returns (claim index, reranker score) best first, and the 0..1 confidence of the top one.
    fn search(&mut self, tweet: &str, limit: usize) -> (Vec<(usize, f64)>, f64) {
        let info = self.tx.clean_tweet(tweet);
        let body = self.tx.words(&info.body, true, true);
        let name = self.tx.words(&info.name, true, true);
        let mut q: Vec<String> = body.clone();
        q.extend(name.iter().cloned());
        let qids = self.term_ids(&q);
        // ---- BM25 (binary query tf) by term-at-a-time accumulation
        let mut touched: Vec<u32> = Vec::new();
        for &t in &qids {
            let idf = self.idf[t as usize];
            for &(d, sat) in &self.postings[t as usize] {
                let s = &mut self.score_buf[d as usize];
                if *s == 0.0 {
                    touched.push(d);
                }
                *s += idf * sat;
            }
        }
        let k = self.model.k;
        let mut cands: Vec<(u32, f64)> =
            touched.iter().filter(|&&d| self.canon[d as usize]).map(|&d| (d, self.score_buf[d as usize])).collect();
        for &d in &touched {
            self.score_buf[d as usize] = 0.0;
        }
        let cmp = |a: &(u32, f64), b: &(u32, f64)| b.1.partial_cmp(&a.1).unwrap().then(a.0.cmp(&b.0));
        if cands.len() > k {
            cands.select_nth_unstable_by(k - 1, cmp);
            cands.truncate(k);
        }
        cands.sort_by(cmp);
        if cands.len() < k {
            // pad with zero-score claims in ingestion order, as the prototype does
            let have: HashSet<u32> = cands.iter().map(|c| c.0).collect();
            for d in 0..self.n as u32 {
                if cands.len() >= k {
                    break;
                }
                if self.canon[d as usize] && !have.contains(&d) {
                    cands.push((d, 0.0));
                }
            }
        }
        // ---- features of the candidates
        let name_ids = self.term_ids(&name);
        let body_ids: HashSet<u32> = self.term_ids(&body).into_iter().collect();
        let idf_unseen = (1.0 + (self.n as f64 + 0.5) / 0.5).ln();
        let body_distinct: HashSet<&String> = body.iter().collect();
        let qmass: f64 = body_distinct
            .iter()
            .map(|w| self.vocab.get(*w).map(|&t| self.idf[t as usize]).unwrap_or(idf_unseen))
            .sum::<f64>();
        let qmass = if qmass > 0.0 { qmass } else { 1.0 };
        let qc = self.cvec(&self.tx.char_ngrams(&format!("{} {}", info.body, info.name)));
        let qnums = self.tx.numbers(&info.body);
        let yr = info.year;
        let mut scored: Vec<(usize, f64, usize)> = Vec::with_capacity(cands.len());
        for (pos, &(d, s1)) in cands.iter().enumerate() {
            let d = d as usize;
            // cosine: only the claim's n-grams that the tweet has matter
            let mut shared: HashMap<u64, u32> = HashMap::new();
            for_each_gram(&self.plain[d], |h| {
                if qc.contains_key(&h) {
                    *shared.entry(h).or_insert(0) += 1;
                }
            });
            let nf = self.n as f64;
            let char_cos: f64 = shared
                .iter()
                .map(|(g, &c)| {
                    (1.0 + (c as f64).ln()) * (((1.0 + nf) / (1.0 + self.cdf[g] as f64)).ln() + 1.0) * qc[g]
                })
                .sum::<f64>()
                / self.cnorm[d];
            let cov: f64 = self.stems[d].iter().filter(|t| body_ids.contains(t)).map(|&t| self.idf[t as usize]).sum::<f64>() / qmass;
            // BM25 of the signature name: binary search in the postings of the name's terms
            let mut s_name = 0.0;
            for &t in &name_ids {
                let p = &self.postings[t as usize];
                if let Ok(j) = p.binary_search_by(|e| e.0.cmp(&(d as u32))) {
                    s_name += self.idf[t as usize] * p[j].1;
                }
            }
            let year_match = if yr.map(|y| self.years[d].contains(&y)).unwrap_or(false) { 1.0 } else { 0.0 };
            let cn = &self.nums[d];
            let num_match = cn.intersection(&qnums).count() as f64;
            let ys = yr.map(|y| y.to_string());
            let num_miss = cn.iter().filter(|x| !qnums.contains(*x) && Some(*x) != ys.as_ref()).count() as f64;
            let f = [s1, char_cos, cov, s_name, year_match, num_match, num_miss];
            let m = &self.model;
            let score: f64 = (0..f.len()).map(|j| m.w[j] * (f[j] - m.mean[j]) / m.sd[j]).sum();
            scored.push((d, score, pos));
        }
        scored.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap().then(a.2.cmp(&b.2)));
        let conf = if scored.is_empty() {
            0.0
        } else {
            let top = scored[0].1;
            let margin = if scored.len() > 1 { top - scored[1].1 } else { 5.0 };
            let c = &self.model.calib;
            1.0 / (1.0 + (-(c[0] * top + c[1] * margin + c[2])).exp())
        };
        (scored.into_iter().take(limit).map(|(d, s, _)| (d, s)).collect(), conf)
    }
}

fn read_tsv(path: &str) -> Vec<Vec<String>> {
    // like csv.reader(delimiter="\t", quoting=QUOTE_NONE): a record per line, fields split on tabs
    let s = std::fs::read_to_string(path).unwrap();
    s.split('\n')
        .skip(1)
        .map(|l| l.trim_end_matches('\r').split('\t').map(|x| x.to_string()).collect::<Vec<_>>())
        .filter(|r: &Vec<String>| !r.is_empty() && !r[0].trim().is_empty())
        .collect()
}

fn load_claims() -> Vec<(String, String, String)> {
    read_tsv(&format!("{DATA}/verified_claims.docs.tsv"))
        .into_iter()
        .filter(|r| r.len() >= 3)
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect()
}

fn load_model() -> Model {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../model.json");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir).unwrap()).unwrap();
    let f = |k: &str| v[k].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect::<Vec<f64>>();
    let c = f("calib");
    Model {
        mean: f("mean"),
        sd: f("sd"),
        w: f("w"),
        calib: [c[0], c[1], c[2]],
        k: v["K"].as_u64().unwrap() as usize,
        k1: v["bm25"]["k1"].as_f64().unwrap(),
        b: v["bm25"]["b"].as_f64().unwrap(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(|s| s.as_str()).unwrap_or("eval");
    if mode == "tokens" {
        // one line in -> body words | name words | year (for parity checks with ct.py)
        let tx = Text::new();
        for line in std::io::stdin().lines() {
            let line = line.unwrap();
            let i = tx.clean_tweet(&line);
            println!("{}|{}|{:?}", tx.words(&i.body, true, true).join(" "), tx.words(&i.name, true, true).join(" "), i.year);
        }
        return;
    }
    let claims = load_claims();
    match mode {
        "eval" => {
            let split = args.get(2).map(|s| s.as_str()).unwrap_or("train");
            let t0 = Instant::now();
            let mut ix = Index::build(&claims, load_model(), true);
            eprintln!("indexed {} claims in {:.1}s", claims.len(), t0.elapsed().as_secs_f64());
            // what the scorer credits a returned claim with (its id + identical-text ids)
            let mut by_text: HashMap<String, HashSet<String>> = HashMap::new();
            for (id, text, _) in &claims {
                let key = text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
                by_text.entry(key).or_default().insert(id.clone());
            }
            let vids: Vec<HashSet<String>> = claims
                .iter()
                .map(|(id, text, _)| {
                    let key = text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
                    let mut s = by_text[&key].clone();
                    s.insert(id.clone());
                    s
                })
                .collect();
            let mut rel: HashMap<String, HashSet<String>> = HashMap::new();
            for l in std::fs::read_to_string(format!("{DATA}/{split}/tweet-vclaim-pairs.qrels")).unwrap().lines() {
                let p: Vec<&str> = l.split_whitespace().collect();
                if p.len() >= 4 && p[3] != "0" {
                    rel.entry(p[0].to_string()).or_default().insert(p[2].to_string());
                }
            }
            let qs = read_tsv(&format!("{DATA}/{split}/tweets.queries.tsv"));
            let (mut ap_sum, mut rr_sum, mut r1, mut r5, mut n) = (0.0, 0.0, 0.0, 0.0, 0.0);
            let mut times = Vec::new();
            let mut out = String::new();
            for q in qs.iter().filter(|q| q.len() >= 2) {
                let Some(relevant) = rel.get(&q[0]) else { continue };
                n += 1.0;
                let t = Instant::now();
                let (hits, conf) = ix.search(&q[1], 5);
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                let sets: Vec<&HashSet<String>> = hits.iter().map(|h| &vids[h.0]).collect();
                let (mut found, mut ap, mut rr) = (0.0, 0.0, 0.0);
                for (k, vs) in sets.iter().enumerate() {
                    if vs.iter().any(|v| relevant.contains(v)) {
                        found += 1.0;
                        ap += found / (k + 1) as f64;
                        if rr == 0.0 {
                            rr = 1.0 / (k + 1) as f64;
                        }
                    }
                }
                ap_sum += ap / relevant.len().min(5) as f64;
                rr_sum += rr;
                let top_ok = sets.first().map(|s| s.iter().any(|v| relevant.contains(v))).unwrap_or(false);
                if top_ok {
                    r1 += 1.0;
                }
                let union: HashSet<&String> = sets.iter().flat_map(|s| s.iter()).collect();
                r5 += relevant.iter().filter(|v| union.contains(v)).count() as f64 / relevant.len() as f64;
                out.push_str(&format!(
                    "{}\t{}\t{:.4}\t{}\n",
                    q[0],
                    hits.iter().map(|h| claims[h.0].0.clone()).collect::<Vec<_>>().join(","),
                    conf,
                    top_ok as u8
                ));
            }
            std::fs::write(format!("rust_{split}_ranked.tsv"), out).unwrap();
            times.sort_by(|a, b| a.partial_cmp(b).unwrap());
            println!(
                "{split}: queries={} map@5={:.3} mrr@5={:.3} recall@1={:.3} recall@5={:.3}  latency ms: median {:.2} p95 {:.2} max {:.2}",
                n, ap_sum / n, rr_sum / n, r1 / n, r5 / n,
                times[times.len() / 2], times[times.len() * 95 / 100], times[times.len() - 1]
            );
        }
        "bench" => {
            let copies: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
            // claims replicated, each copy made distinct by a marker word (so none is a duplicate)
            let mut big = Vec::new();
            for c in 0..copies {
                for (id, text, title) in &claims {
                    big.push((format!("{id}_{c}"), format!("{text} copy{c}"), title.clone()));
                }
            }
            let t0 = Instant::now();
            let mut ix = Index::build(&big, load_model(), true);
            eprintln!("indexed {} claims in {:.1}s", big.len(), t0.elapsed().as_secs_f64());
            let mut times = Vec::new();
            for split in ["train", "dev"] {
                for q in read_tsv(&format!("{DATA}/{split}/tweets.queries.tsv")).iter().filter(|q| q.len() >= 2) {
                    let t = Instant::now();
                    let _ = ix.search(&q[1], 5);
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                }
            }
            eprintln!("first query {:.2} ms, slowest after the first {:.2} ms", times[0], times[1..].iter().cloned().fold(0.0, f64::max));
            times.sort_by(|a, b| a.partial_cmp(b).unwrap());
            println!(
                "{} claims, {} queries: latency ms median {:.2} mean {:.2} p95 {:.2} max {:.2}",
                big.len(), times.len(), times[times.len() / 2], times.iter().sum::<f64>() / times.len() as f64,
                times[times.len() * 95 / 100], times[times.len() - 1]
            );
        }
        _ => {
            let text = args[2..].join(" ");
            let mut ix = Index::build(&claims, load_model(), true);
            let (hits, conf) = ix.search(&text, 5);
            println!("confidence of top match: {conf:.3}");
            for (d, s) in hits {
                println!("{:.3}\t{}\t{}", s, claims[d].0, claims[d].1);
            }
        }
    }
}
