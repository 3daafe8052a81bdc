//! The stored match index: the checked claims as `match` reads them, kept in the database so
//! that a text is ranked without reading every claim. An engine keeps rows (`IndexRows`,
//! `IndexWrites`); what they hold and how they change is worked out here, once for both.
//!
//! The database marks a claim as waiting whenever it becomes checked, stops being checked, or
//! its words or headline change while checked (triggers, whatever made the change: a command,
//! undo, a load, a copy). `refresh` takes the waiting claims out of the index and puts back
//! those still checked, with their words' and n-grams' counts, so the ranking is the one an
//! index built afresh would give (`Matcher`).

use super::matching::{Doc, Entry, Lookup, Map, MatchReader, Posting, Set, Term};

/// A word's row: the word, in how many claims, its postings encoded.
pub type TermRow = (String, u32, Vec<u8>);
/// A claim as the index reads it: id, words, fact-check headline.
pub type ClaimText = (i64, String, Option<String>);
/// An indexed claim: id, words and headline (as they are, which is as indexed when none wait),
/// whether it is offered.
pub type DocRow = (i64, String, Option<String>, bool);
/// A claim waiting: id, its words and headline as indexed when it changed, and whether it was
/// offered (`None`: not indexed).
pub type WaitRow = (i64, Option<String>, Option<String>, Option<bool>);

/// The rows an engine keeps for the index.
pub trait IndexRows {
    type Error;
    /// How many claims are indexed, and their words in all.
    fn size(&self) -> Result<(u64, u64), Self::Error>;
    /// Of `words`, those indexed: (word, claims it is in, its postings encoded).
    fn term_rows(&self, words: &[String]) -> Result<Vec<TermRow>, Self::Error>;
    /// Of `grams`, those indexed: (gram, claims it is in).
    fn gram_rows(&self, grams: &[i64]) -> Result<Vec<(i64, u32)>, Self::Error>;
    /// Of `ids`, the indexed claims, with their words and headline as they are now.
    fn doc_rows(&self, ids: &[i64]) -> Result<Vec<DocRow>, Self::Error>;
}

/// What `refresh` reads and writes, inside one transaction.
pub trait IndexWrites: IndexRows {
    /// Up to `limit` claims waiting to be indexed again, lowest ids first.
    fn waiting(&self, limit: usize) -> Result<Vec<WaitRow>, Self::Error>;
    /// Of `ids`, the claims checked now: (id, words, fact-check headline).
    fn checked(&self, ids: &[i64]) -> Result<Vec<ClaimText>, Self::Error>;
    /// The indexed claims with one of `keys`, those waiting left out: (id, key, offered).
    fn with_keys(&self, keys: &[i64]) -> Result<Vec<(i64, i64, bool)>, Self::Error>;
    /// Sets each word's count of claims and postings; a count of 0 takes the word away.
    fn put_terms(&self, rows: &[TermRow]) -> Result<(), Self::Error>;
    /// Adds to each n-gram's count of claims (taking away those left at 0).
    fn add_grams(&self, deltas: &[(i64, i64)]) -> Result<(), Self::Error>;
    fn delete_docs(&self, ids: &[i64]) -> Result<(), Self::Error>;
    /// Adds claims: (id, twin key, offered).
    fn put_docs(&self, rows: &[(i64, i64, bool)]) -> Result<(), Self::Error>;
    fn set_offered(&self, id: i64, offered: bool) -> Result<(), Self::Error>;
    fn set_size(&self, claims: u64, words: u64) -> Result<(), Self::Error>;
    fn done_waiting(&self, ids: &[i64]) -> Result<(), Self::Error>;
    /// The stamp of the reader that built the index (0: never refreshed), and whether any
    /// claim waits (cheap: every write transaction asks).
    fn state(&self) -> Result<(i64, bool), Self::Error>;
    /// Holds the index for the rest of the transaction: two refreshes take turns.
    fn hold(&self) -> Result<(), Self::Error>;
    /// Stamps the index as built by `reader`.
    fn stamp(&self, reader: i64) -> Result<(), Self::Error>;
    /// Empties the index, every checked claim waiting.
    fn empty(&self) -> Result<(), Self::Error>;
}

/// Whether an engine's error is a stored row that did not read back (`Unreadable`).
pub trait Unreadability {
    fn is_unreadable(&self) -> bool;
}

/// Brings the index up to date in the caller's transaction, up to `limit` waiting claims (all
/// with `None`); how many were looked at. An index another build's reader made, or one found
/// not to read back, is emptied and stamped anew, every checked claim waiting. With a limit (a
/// write's own turn) and nothing waiting it does nothing, not even make the reader: that cost
/// every write 5 ms; the next `match` or the next write with claims waiting checks the stamp.
///
/// # Errors
/// The engine's.
pub fn keep_current<W: IndexWrites + ?Sized>(w: &W, limit: Option<usize>) -> Result<usize, W::Error>
where
    W::Error: From<Unreadable> + Unreadability,
{
    let (read_by, waiting) = w.state()?;
    if !waiting && limit.is_some() {
        return Ok(0);
    }
    let stamp = reader_stamp();
    if read_by == stamp && !waiting {
        return Ok(0);
    }
    w.hold()?;
    // Never refreshed (0): the migration marked every checked claim already.
    if read_by != stamp && read_by != 0 {
        w.empty()?;
    }
    if read_by != stamp {
        w.stamp(stamp)?;
    }
    match refresh(MatchReader::shared(), w, limit) {
        Ok(looked) => Ok(looked),
        Err(e) if e.is_unreadable() => {
            w.empty()?;
            Ok(0)
        }
        Err(e) => Err(e),
    }
}

/// Postings as bytes: for each claim in id order, the gap from the one before, how often the
/// word is in it and its length, as LEB128 numbers (about 4 bytes a claim).
#[must_use]
pub fn encode(postings: &[Posting]) -> Vec<u8> {
    fn put(out: &mut Vec<u8>, mut v: u64) {
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    let mut out = Vec::with_capacity(postings.len() * 4);
    let mut last = 0i64;
    for p in postings {
        put(&mut out, (p.claim - last).unsigned_abs());
        put(&mut out, u64::from(p.tf));
        put(&mut out, u64::from(p.len));
        last = p.claim;
    }
    out
}

/// `encode` undone; `None` for bytes it did not write.
#[must_use]
pub fn decode(bytes: &[u8]) -> Option<Vec<Posting>> {
    let at = std::cell::Cell::new(0);
    let next = || {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *bytes.get(at.get())?;
            at.set(at.get() + 1);
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    };
    let mut out = Vec::new();
    let mut last = 0i64;
    while at.get() < bytes.len() {
        let gap = next()?;
        let claim = last.checked_add(i64::try_from(gap).ok()?)?;
        let tf = u32::try_from(next()?).ok()?;
        let len = u32::try_from(next()?).ok()?;
        out.push(Posting { claim, tf, len });
        last = claim;
    }
    Some(out)
}

/// A stored index seen as one to rank by: its rows, and the reader that reads its claims.
pub struct Stored<'a, R: IndexRows + ?Sized>(pub &'a R, pub &'a MatchReader);

/// A stored row that does not read back: the index is rebuilt when it is found so.
#[derive(Debug)]
pub struct Unreadable(pub String);

impl<R: IndexRows + ?Sized> Lookup for Stored<'_, R>
where
    R::Error: From<Unreadable>,
{
    type Error = R::Error;
    fn size(&self) -> Result<(u64, u64), Self::Error> {
        self.0.size()
    }
    fn terms(&self, words: &[String]) -> Result<Map<String, Term>, Self::Error> {
        self.0
            .term_rows(words)?
            .into_iter()
            .map(|(w, df, bytes)| {
                let postings =
                    decode(&bytes).ok_or_else(|| Unreadable(format!("the postings of '{w}'")))?;
                Ok((w, Term { df, postings }))
            })
            .collect()
    }
    fn df(&self, words: &[String]) -> Result<Map<String, u32>, Self::Error> {
        Ok(self
            .0
            .term_rows(words)?
            .into_iter()
            .map(|(w, df, _)| (w, df))
            .collect())
    }
    fn gram_df(&self, grams: &[u64]) -> Result<Map<u64, u32>, Self::Error> {
        let keys: Vec<i64> = grams.iter().map(|g| g.cast_signed()).collect();
        Ok(self
            .0
            .gram_rows(&keys)?
            .into_iter()
            .map(|(g, df)| (g.cast_unsigned(), df))
            .collect())
    }
    fn docs(&self, ids: &[i64]) -> Result<Vec<Doc>, Self::Error> {
        Ok(self
            .0
            .doc_rows(ids)?
            .into_iter()
            .map(|(id, text, title, _)| Doc {
                id,
                entry: self.1.entry(&text, title.as_deref()),
            })
            .collect())
    }
}

/// A stamp of how this build reads claims: a hash of what it makes of a few sentences that touch
/// every rule (numbers, abbreviations, stems, stop words). An index stamped otherwise was read by
/// another build, and is built again.
#[must_use]
pub fn reader_stamp() -> i64 {
    static STAMP: std::sync::LazyLock<i64> = std::sync::LazyLock::new(|| {
        const SAMPLES: [&str; 4] = [
            "The U.S. spent $80M (10,000%) on 3.5k bridges in 2019, per cent.",
            "Crime didn't double in Chicago's schools, the Mayor's office said — Jane (@j) May 6, 2020",
            "Unemployment fell to 3.9% — a 50-year low — running, ran, runs; über-naïve Zürich",
            "1.250.000 jobs, 12bn euros, 7 K, 4 m and 2 B were promised.",
        ];
        let reader = MatchReader::shared();
        let seen = SAMPLES
            .iter()
            .map(|text| {
                let e = reader.entry(text, Some(text));
                format!(
                    "{} {} {:?} {:?} {:?} {:?} {:?}",
                    e.key, e.len, e.terms, e.plain, e.numbers, e.figures, e.years
                )
            })
            .collect::<Vec<_>>()
            .concat();
        super::matching::fnv(seen.bytes().map(u64::from)).cast_signed()
    });
    *STAMP
}

/// Indexes again up to `limit` waiting claims (all with `None`), in the caller's transaction;
/// how many were looked at.
///
/// # Errors
/// The engine's, or `Unreadable` for a stored row that does not read back.
pub fn refresh<W: IndexWrites + ?Sized>(
    reader: &MatchReader,
    w: &W,
    limit: Option<usize>,
) -> Result<usize, W::Error>
where
    W::Error: From<Unreadable>,
{
    let waiting = w.waiting(limit.unwrap_or(usize::MAX))?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = waiting.iter().map(|w| w.0).collect();
    let (mut n, mut words) = w.size()?;
    let drifted = || Unreadable("its counts fell below zero".into());
    // What goes: the claims indexed, as they were when indexed.
    let gone: Vec<(i64, Entry, bool)> = waiting
        .into_iter()
        .filter_map(|(id, text, title, offered)| match (text, offered) {
            (_, None) => None,
            (Some(text), Some(offered)) => {
                Some(Ok((id, reader.entry(&text, title.as_deref()), offered)))
            }
            (None, Some(_)) => Some(Err(Unreadable(format!(
                "claim {id} is indexed, but not the words it was indexed with"
            )))),
        })
        .collect::<Result<_, Unreadable>>()?;
    // What comes: those checked now, as they read now.
    let came: Vec<(ClaimText, Entry)> = w
        .checked(&ids)?
        .into_iter()
        .map(|claim| {
            let entry = reader.entry(&claim.1, claim.2.as_deref());
            (claim, entry)
        })
        .collect();
    let mut df: Map<String, i64> = Map::default();
    let mut grams: Map<u64, i64> = Map::default();
    for (_, e, _) in &gone {
        n = n.checked_sub(1).ok_or_else(drifted)?;
        words = words.checked_sub(u64::from(e.len)).ok_or_else(drifted)?;
        for (t, _) in &e.terms {
            *df.entry(t.clone()).or_insert(0) -= 1;
        }
        for g in e.grams().into_keys() {
            *grams.entry(g).or_insert(0) -= 1;
        }
    }
    for (_, e) in &came {
        n += 1;
        words += u64::from(e.len);
        for (t, _) in &e.terms {
            *df.entry(t.clone()).or_insert(0) += 1;
        }
        for g in e.grams().into_keys() {
            *grams.entry(g).or_insert(0) += 1;
        }
    }

    // Which claim each set of twins offers: the lowest id, of those staying and those coming.
    // Claims waiting for a later batch are not counted as staying: they are indexed with the
    // words they had, which the database may no longer hold, and their batch settles them.
    let waiting: Set<i64> = ids.iter().copied().collect();
    let mut keys: Vec<i64> = gone
        .iter()
        .map(|(_, e, _)| e.key)
        .chain(came.iter().map(|(_, e)| e.key))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let staying: Vec<(i64, i64, bool)> = w
        .with_keys(&keys)?
        .into_iter()
        .filter(|(id, _, _)| !waiting.contains(id))
        .collect();
    let mut offered_of: Map<i64, i64> = Map::default();
    for (id, key) in staying
        .iter()
        .map(|(id, key, _)| (*id, *key))
        .chain(came.iter().map(|(c, e)| (c.0, e.key)))
    {
        let lowest = offered_of.entry(key).or_insert(id);
        *lowest = (*lowest).min(id);
    }
    // Postings to take away and to add, by word.
    let mut removed: Map<String, Set<i64>> = Map::default();
    let mut added: Map<String, Vec<Posting>> = Map::default();
    let take = |removed: &mut Map<String, Set<i64>>, id: i64, e: &Entry| {
        for (t, _) in &e.terms {
            removed.entry(t.clone()).or_default().insert(id);
        }
    };
    let give = |added: &mut Map<String, Vec<Posting>>, id: i64, e: &Entry| {
        for (t, tf) in &e.terms {
            added.entry(t.clone()).or_default().push(Posting {
                claim: id,
                tf: *tf,
                len: e.len,
            });
        }
    };
    for (id, e, offered) in &gone {
        if *offered {
            take(&mut removed, *id, e);
        }
    }
    let switched: Vec<(i64, bool)> = staying
        .iter()
        .filter(|(id, key, offered)| (offered_of.get(key) == Some(id)) != *offered)
        .map(|(id, _, offered)| (*id, !offered))
        .collect();
    let switched_ids: Vec<i64> = switched.iter().map(|s| s.0).collect();
    for (id, text, title, _) in w.doc_rows(&switched_ids)? {
        let e = reader.entry(&text, title.as_deref());
        if switched.iter().any(|s| s == &(id, true)) {
            give(&mut added, id, &e);
        } else {
            take(&mut removed, id, &e);
        }
        for (t, _) in &e.terms {
            df.entry(t.clone()).or_insert(0);
        }
    }
    for ((id, _, _), e) in &came {
        if offered_of.get(&e.key) == Some(id) {
            give(&mut added, *id, e);
        }
    }

    // Each word touched: its count of claims and its postings, read, changed and written back.
    let mut touched: Vec<String> = df.keys().cloned().collect();
    touched.sort_unstable();
    let mut rows = Vec::new();
    let stored: Map<String, (u32, Vec<u8>)> = w
        .term_rows(&touched)?
        .into_iter()
        .map(|(t, d, b)| (t, (d, b)))
        .collect();
    for t in touched {
        let (before, bytes) = stored.get(&t).map_or((0, &[][..]), |(d, b)| (*d, &b[..]));
        let count = u32::try_from(i64::from(before) + df[&t]).map_err(|_| drifted())?;
        let mut postings =
            decode(bytes).ok_or_else(|| Unreadable(format!("the postings of '{t}'")))?;
        if let Some(gone) = removed.get(&t) {
            postings.retain(|p| !gone.contains(&p.claim));
        }
        if let Some(new) = added.get(&t) {
            postings.extend_from_slice(new);
            postings.sort_by_key(|p| p.claim);
        }
        rows.push((t, count, encode(&postings)));
    }
    // Everything read: now the writes (a row that did not read back has changed nothing).
    for (id, offered) in &switched {
        w.set_offered(*id, *offered)?;
    }
    w.put_terms(&rows)?;
    let mut deltas: Vec<(i64, i64)> = grams
        .iter()
        .filter(|(_, d)| **d != 0)
        .map(|(g, d)| (g.cast_signed(), *d))
        .collect();
    deltas.sort_unstable();
    w.add_grams(&deltas)?;

    w.delete_docs(&ids)?;
    let docs = came
        .iter()
        .map(|((id, _, _), e)| (*id, e.key, offered_of.get(&e.key) == Some(id)))
        .collect::<Vec<_>>();
    w.put_docs(&docs)?;
    w.set_size(n, words)?;
    w.done_waiting(&ids)?;
    Ok(ids.len())
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::domain::{Matcher, Ranking};

    /// An engine in memory: the rows as a database would keep them.
    /// A claim's words, headline, and whether it is checked.
    type Claim = (String, Option<String>, bool);
    type Ranked = Vec<(i64, String)>;
    /// The words and headline a claim was indexed with.
    type Indexed = (Option<String>, Option<String>);

    #[derive(Default)]
    struct Rows {
        claims: RefCell<Map<i64, Claim>>,
        /// Claims waiting, with their words and headline as indexed.
        waiting: RefCell<Map<i64, Indexed>>,
        size: RefCell<(u64, u64)>,
        terms: RefCell<Map<String, (u32, Vec<u8>)>>,
        grams: RefCell<Map<i64, u32>>,
        docs: RefCell<Map<i64, (i64, bool)>>,
        stamp: RefCell<i64>,
    }

    #[derive(Debug)]
    struct Failed;
    impl From<Unreadable> for Failed {
        fn from(_: Unreadable) -> Self {
            Failed
        }
    }
    impl Unreadability for Failed {
        fn is_unreadable(&self) -> bool {
            true
        }
    }

    impl IndexRows for Rows {
        type Error = Failed;
        fn size(&self) -> Result<(u64, u64), Failed> {
            Ok(*self.size.borrow())
        }
        fn term_rows(&self, words: &[String]) -> Result<Vec<TermRow>, Failed> {
            let terms = self.terms.borrow();
            Ok(words
                .iter()
                .filter_map(|w| terms.get(w).map(|(d, b)| (w.clone(), *d, b.clone())))
                .collect())
        }
        fn gram_rows(&self, grams: &[i64]) -> Result<Vec<(i64, u32)>, Failed> {
            let g = self.grams.borrow();
            Ok(grams
                .iter()
                .filter_map(|k| g.get(k).map(|d| (*k, *d)))
                .collect())
        }
        fn doc_rows(&self, ids: &[i64]) -> Result<Vec<DocRow>, Failed> {
            let docs = self.docs.borrow();
            let claims = self.claims.borrow();
            Ok(ids
                .iter()
                .filter_map(|id| {
                    let (_, offered) = docs.get(id)?;
                    let (text, title, _) = claims.get(id)?;
                    Some((*id, text.clone(), title.clone(), *offered))
                })
                .collect())
        }
    }

    impl IndexWrites for Rows {
        fn waiting(&self, limit: usize) -> Result<Vec<WaitRow>, Failed> {
            let docs = self.docs.borrow();
            let mut rows: Vec<WaitRow> = self
                .waiting
                .borrow()
                .iter()
                .map(|(id, (text, title))| {
                    (*id, text.clone(), title.clone(), docs.get(id).map(|d| d.1))
                })
                .collect();
            rows.sort_by_key(|r| r.0);
            rows.truncate(limit);
            Ok(rows)
        }
        fn checked(&self, ids: &[i64]) -> Result<Vec<ClaimText>, Failed> {
            let claims = self.claims.borrow();
            Ok(ids
                .iter()
                .filter_map(|id| {
                    let (t, h, checked) = claims.get(id)?;
                    checked.then(|| (*id, t.clone(), h.clone()))
                })
                .collect())
        }
        fn with_keys(&self, keys: &[i64]) -> Result<Vec<(i64, i64, bool)>, Failed> {
            let waiting = self.waiting.borrow();
            Ok(self
                .docs
                .borrow()
                .iter()
                .filter(|(id, (k, _))| keys.contains(k) && !waiting.contains_key(id))
                .map(|(id, (k, o))| (*id, *k, *o))
                .collect())
        }
        fn put_terms(&self, rows: &[TermRow]) -> Result<(), Failed> {
            let mut terms = self.terms.borrow_mut();
            for (t, d, b) in rows {
                if *d == 0 {
                    terms.remove(t);
                } else {
                    terms.insert(t.clone(), (*d, b.clone()));
                }
            }
            Ok(())
        }
        fn add_grams(&self, deltas: &[(i64, i64)]) -> Result<(), Failed> {
            let mut grams = self.grams.borrow_mut();
            for (g, d) in deltas {
                let now = i64::from(grams.get(g).copied().unwrap_or(0)) + d;
                if now <= 0 {
                    grams.remove(g);
                } else {
                    grams.insert(*g, u32::try_from(now).unwrap_or(0));
                }
            }
            Ok(())
        }
        fn delete_docs(&self, ids: &[i64]) -> Result<(), Failed> {
            let mut docs = self.docs.borrow_mut();
            for id in ids {
                docs.remove(id);
            }
            Ok(())
        }
        fn put_docs(&self, rows: &[(i64, i64, bool)]) -> Result<(), Failed> {
            let mut docs = self.docs.borrow_mut();
            for (id, k, o) in rows {
                docs.insert(*id, (*k, *o));
            }
            Ok(())
        }
        fn set_offered(&self, id: i64, offered: bool) -> Result<(), Failed> {
            if let Some(d) = self.docs.borrow_mut().get_mut(&id) {
                d.1 = offered;
            }
            Ok(())
        }
        fn set_size(&self, claims: u64, words: u64) -> Result<(), Failed> {
            *self.size.borrow_mut() = (claims, words);
            Ok(())
        }
        fn done_waiting(&self, ids: &[i64]) -> Result<(), Failed> {
            let mut w = self.waiting.borrow_mut();
            for id in ids {
                w.remove(id);
            }
            Ok(())
        }
        fn state(&self) -> Result<(i64, bool), Failed> {
            Ok((*self.stamp.borrow(), !self.waiting.borrow().is_empty()))
        }
        fn hold(&self) -> Result<(), Failed> {
            Ok(())
        }
        fn stamp(&self, reader: i64) -> Result<(), Failed> {
            *self.stamp.borrow_mut() = reader;
            Ok(())
        }
        fn empty(&self) -> Result<(), Failed> {
            self.terms.borrow_mut().clear();
            self.grams.borrow_mut().clear();
            self.docs.borrow_mut().clear();
            *self.size.borrow_mut() = (0, 0);
            let checked: Vec<i64> = self
                .claims
                .borrow()
                .iter()
                .filter(|c| c.1.2)
                .map(|c| *c.0)
                .collect();
            let mut waiting = self.waiting.borrow_mut();
            for id in checked {
                waiting.entry(id).or_insert((None, None));
            }
            Ok(())
        }
    }

    impl Rows {
        /// A claim written as the database's triggers see it.
        fn set(&self, id: i64, text: &str, title: Option<&str>, checked: bool) {
            let before = self
                .claims
                .borrow_mut()
                .insert(id, (text.into(), title.map(Into::into), checked));
            self.mark(id, before);
        }

        /// As the triggers do: the words as they were, kept from the first change.
        fn mark(&self, id: i64, before: Option<Claim>) {
            let (text, title) = before.map_or((None, None), |b| (Some(b.0), b.1));
            self.waiting.borrow_mut().entry(id).or_insert((text, title));
        }
    }

    /// The ranking of the stored index, as (id, score to 6 places), against an index built
    /// afresh from the checked claims.
    fn both(rows: &Rows, text: &str) -> (Ranked, Ranked) {
        let reader = MatchReader::default();
        let how = Ranking {
            twins: false,
            before: None,
        };
        let stored = reader.rank(&Stored(rows, &reader), text, 5, &how).unwrap();
        let claims = rows.claims.borrow();
        let mut checked: Vec<(&i64, &Claim)> = claims.iter().filter(|(_, c)| c.2).collect();
        checked.sort_by_key(|c| *c.0);
        let texts: Vec<(&str, Option<&str>)> = checked
            .iter()
            .map(|(_, c)| (c.0.as_str(), c.1.as_deref()))
            .collect();
        let fresh = Matcher::new(&texts).rank(text, 5);
        let show = |id: i64, score: f64| (id, format!("{score:.6}"));
        (
            stored.iter().map(|m| show(m.index, m.score)).collect(),
            fresh
                .iter()
                .map(|m| show(*checked[usize::try_from(m.index).unwrap()].0, m.score))
                .collect(),
        )
    }

    #[test]
    fn postings_read_back_as_written() {
        let p = vec![
            Posting {
                claim: 3,
                tf: 1,
                len: 12,
            },
            Posting {
                claim: 900_000_000_000,
                tf: 300,
                len: 70_000,
            },
        ];
        assert_eq!(decode(&encode(&p)), Some(p));
        assert_eq!(decode(&[]), Some(vec![]));
        assert_eq!(decode(&[0x80]), None);
    }

    #[test]
    fn a_refreshed_index_ranks_as_one_built_afresh() {
        let rows = Rows::default();
        let reader = MatchReader::default();
        rows.set(
            1,
            "Unemployment fell to 3.5% in 2019.",
            Some("A 50-year low?"),
            true,
        );
        rows.set(2, "The new bridge will cost $3 billion.", None, true);
        rows.set(3, "Crime doubled in Chicago last year.", None, false);
        rows.set(
            4,
            "Crime doubled in Chicago last year.",
            Some("No, it did not"),
            true,
        );
        rows.set(5, "Chicago crime rose again.", None, true);
        refresh(&reader, &rows, None).unwrap();
        let (stored, fresh) = both(&rows, "Chicago crime has DOUBLED since last year!!");
        assert_eq!(stored, fresh);
        assert_eq!(stored[0].0, 4);

        // Claim 3 is checked now: the earlier of the twins is offered, 4 no more.
        rows.set(3, "Crime doubled in Chicago last year.", None, true);
        refresh(&reader, &rows, None).unwrap();
        let (stored, fresh) = both(&rows, "Chicago crime has DOUBLED since last year!!");
        assert_eq!(stored, fresh);
        assert_eq!(stored[0].0, 3);
        assert!(stored.iter().all(|s| s.0 != 4));

        // Edited twice before the index looks: what it took out is what it had put in.
        rows.set(
            1,
            "Unemployment fell to 4% in 2019.",
            Some("A 50-year low?"),
            true,
        );
        rows.set(1, "Unemployment fell to 3.9% in 2019.", None, true);
        refresh(&reader, &rows, None).unwrap();
        let (stored, fresh) = both(&rows, "unemployment 3.9");
        assert_eq!(stored, fresh);
        assert_eq!(stored[0].0, 1);

        // Reopened, edited, deleted: each as afresh.
        rows.set(3, "Crime doubled in Chicago last year.", None, false);
        rows.set(
            2,
            "The new bridge will cost $9 billion, not 3.",
            Some("Bridge"),
            true,
        );
        let before = rows.claims.borrow_mut().remove(&5);
        rows.mark(5, before);
        refresh(&reader, &rows, Some(1)).unwrap();
        assert!(refresh(&reader, &rows, None).unwrap() == 2);
        for text in [
            "Chicago crime doubled",
            "bridge cost 9 billion",
            "unemployment 3.5",
        ] {
            let (stored, fresh) = both(&rows, text);
            assert_eq!(stored, fresh, "{text}");
        }
        assert_eq!(rows.size.borrow().0, 3);
        assert!(rows.terms.borrow().values().all(|(d, _)| *d > 0));
    }

    #[test]
    fn an_index_another_reader_made_is_built_again() {
        let rows = Rows::default();
        rows.set(1, "Crime doubled in Chicago last year.", None, true);
        rows.set(2, "The new bridge will cost $3 billion.", None, true);
        assert_eq!(keep_current(&rows, None).unwrap(), 2);
        assert_eq!(*rows.stamp.borrow(), reader_stamp());
        assert_eq!(keep_current(&rows, None).unwrap(), 0, "nothing waits");
        *rows.stamp.borrow_mut() = 7;
        rows.grams.borrow_mut().clear();
        assert_eq!(keep_current(&rows, None).unwrap(), 2);
        let (stored, fresh) = both(&rows, "Chicago crime doubled");
        assert_eq!(stored, fresh);
    }

    /// Twins settled a batch at a time: the offered one leaves in the first batch while its
    /// twin, in a later one, has new words (or is deleted).
    #[test]
    fn twins_settle_across_batches() {
        for deleted in [false, true] {
            let rows = Rows::default();
            let reader = MatchReader::default();
            rows.set(1, "Taxes went up last year.", None, true);
            rows.set(
                2,
                "Taxes went up last year.",
                Some("No, they did not"),
                true,
            );
            rows.set(3, "Taxes went up last year.", None, true);
            rows.set(4, "Chicago crime rose.", None, true);
            refresh(&reader, &rows, None).unwrap();
            rows.set(1, "Taxes went up last year.", None, false);
            if deleted {
                let before = rows.claims.borrow_mut().remove(&2);
                rows.mark(2, before);
            } else {
                rows.set(2, "Chicago taxes went up.", Some("Chicago, no"), true);
            }
            while refresh(&reader, &rows, Some(1)).unwrap() > 0 {}
            for text in ["taxes went up last year", "Chicago taxes", "did not"] {
                let (stored, fresh) = both(&rows, text);
                assert_eq!(stored, fresh, "{text}, deleted: {deleted}");
            }
            let postings: usize = rows
                .terms
                .borrow()
                .values()
                .map(|(_, b)| decode(b).unwrap().len())
                .sum();
            // Afresh: a posting for each word of each checked claim first of its twins.
            let claims = rows.claims.borrow();
            let mut ids: Vec<i64> = claims.keys().copied().collect();
            ids.sort_unstable();
            let mut keys = Set::default();
            let mut fresh = 0;
            for id in ids {
                let (text, title, checked) = &claims[&id];
                let e = reader.entry(text, title.as_deref());
                if *checked && keys.insert(e.key) {
                    fresh += e.terms.len();
                }
            }
            assert_eq!(postings, fresh, "deleted: {deleted}");
        }
    }
}
