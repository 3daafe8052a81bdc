//! Many claims at once, for ingest: the outcome of adding them one by one (`Tx::add_claim`) in
//! a handful of round trips instead of several per claim. One query finds the claims, sources and
//! appearances already there; the new rows go in by `COPY`, their ids given here in the order one
//! by one would have numbered them; notes, and tags on claims seen again, go in one statement
//! each. Speakers and evidence, few in a load, take the one-by-one path, in order.

use std::collections::{HashMap, HashSet};

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;

use super::Tx;
use super::types::day;
use crate::domain::{
    AddOutcome, Completion, NEEDS_SPEAKER_TAG, NewClaim, SourceIdentity, SourceKind, name_key,
    normalise_tag,
};
use crate::store::Result;
use crate::store::common::hex;

/// A claim this batch creates.
struct Fresh<'c> {
    id: i64,
    claim: &'c NewClaim,
    key: String,
    speaker_id: i64,
    /// Its first sighting's blanks, filled by later ones in the batch.
    fill: Completion,
    /// A later sighting filled a blank: the claim counts as changed now.
    filled_later: bool,
}

/// A source this batch creates; later sightings fill its blanks, as they would one by one.
struct NewSource {
    id: i64,
    name: String,
    title: Option<String>,
    url: Option<String>,
    kind: SourceKind,
    published_on: Option<chrono::NaiveDate>,
}

/// A source already stored, with which blanks it has, and what the batch fills them with.
struct StoredSource {
    id: i64,
    blanks: [bool; 2],
    title: Option<String>,
    published_on: Option<chrono::NaiveDate>,
}

/// What a batch learns of a source named in it.
enum SourceSeen {
    /// Already stored: its place in `StoredSource`s.
    Stored(usize),
    /// Created by this batch: its place in the new sources.
    New(usize),
}

impl Tx<'_> {
    /// [`Tx::add_claim`] for each claim, in order.
    pub fn add_claims(&self, claims: &[NewClaim]) -> Result<Vec<AddOutcome>> {
        if claims.len() < 2 {
            return claims.iter().map(|c| self.add_claim(c)).collect();
        }
        let mut outcomes = vec![AddOutcome::default(); claims.len()];
        // Speakers one by one: few, and remembered for the transaction.
        let mut speakers = Vec::with_capacity(claims.len());
        for (claim, outcome) in claims.iter().zip(&mut outcomes) {
            let (id, created, ambiguous) = self.resolve_speaker(
                &claim.speaker,
                claim.speaker_role.as_deref(),
                claim.speaker_role_guessed,
            )?;
            outcome.speaker_created = created;
            self.note_speaker_kind(id, claim.speaker_kind)?;
            speakers.push((id, ambiguous));
        }
        let keys: Vec<String> = claims.iter().map(|c| hex(&c.derived().key)).collect();
        let speaker_ids: Vec<i64> = speakers.iter().map(|s| s.0).collect();
        // Claims already stored, with which of the blanks a sighting may fill they have.
        let stored: HashMap<(i64, String), (i64, [bool; 4])> = self
            .query(
                "SELECT c.id, c.speaker_id, c.text_key,
                        c.said_on IS NULL, c.context IS NULL, c.review_url IS NULL,
                        c.review_title IS NULL
                   FROM unnest($1::BIGINT[], $2::TEXT[]) AS k(speaker_id, text_key)
                   JOIN claims c ON c.speaker_id = k.speaker_id AND c.text_key = k.text_key",
                &[&speaker_ids, &keys],
            )?
            .iter()
            .map(|r| {
                (
                    (r.get(1), r.get(2)),
                    (r.get(0), [r.get(3), r.get(4), r.get(5), r.get(6)]),
                )
            })
            .collect();
        let newest = self.query_one(
            "SELECT (SELECT coalesce(max(id), 0) FROM claims),
                    (SELECT coalesce(max(id), 0) FROM sources),
                    (SELECT coalesce(max(id), 0) FROM appearances),
                    (SELECT coalesce(max(id), 0) FROM status_history),
                    (SELECT coalesce(max(id), 0) FROM notes)",
            &[],
        )?;
        let (mut next_claim, next_source, mut next_appearance, mut next_history, next_note): (
            i64,
            i64,
            i64,
            i64,
            i64,
        ) = (
            newest.get(0),
            newest.get(1),
            newest.get(2),
            newest.get(3),
            newest.get(4),
        );

        // Which claim each record is: stored, new in this batch, or seen earlier in it.
        let mut fresh: Vec<Fresh> = Vec::new();
        let mut fills: Vec<(i64, [bool; 4], Completion)> = Vec::new();
        let mut known: HashMap<(i64, &str), (i64, Option<usize>)> = HashMap::new();
        // Whether each record created its claim (the others add to one that exists), and
        // whether its claim is one this batch creates.
        let mut creating = vec![false; claims.len()];
        let mut of_fresh = vec![false; claims.len()];
        for (i, claim) in claims.iter().enumerate() {
            let speaker_id = speakers[i].0;
            let key = keys[i].as_str();
            let sighting = Completion::of(claim);
            outcomes[i].claim_id = match known.get(&(speaker_id, key)) {
                Some(&(id, Some(at))) => {
                    of_fresh[i] = true;
                    let fresh = &mut fresh[at];
                    let before = fresh.fill.clone();
                    fresh.fill.absorb(&sighting);
                    fresh.filled_later |= fresh.fill != before;
                    id
                }
                Some(&(id, None)) => {
                    if let Some((.., fill)) = fills.iter_mut().find(|(f, ..)| *f == id) {
                        fill.absorb(&sighting);
                    }
                    id
                }
                None => {
                    if let Some(&(id, blanks)) = stored.get(&(speaker_id, key.to_string())) {
                        known.insert((speaker_id, key), (id, None));
                        fills.push((id, blanks, sighting));
                        id
                    } else {
                        next_claim += 1;
                        known.insert((speaker_id, key), (next_claim, Some(fresh.len())));
                        fresh.push(Fresh {
                            id: next_claim,
                            claim,
                            key: key.to_string(),
                            speaker_id,
                            fill: sighting,
                            filled_later: false,
                        });
                        creating[i] = true;
                        of_fresh[i] = true;
                        outcomes[i].created = true;
                        next_claim
                    }
                }
            };
        }

        let sources = self.sources_of(claims, &mut outcomes, next_source)?;
        self.copy_claims(&fresh)?;
        for (id, [said_on, context, review_url, review_title], fill) in fills {
            // Only what is blank: a sighting that fills nothing changes nothing.
            let fill = Completion {
                said_on: fill.said_on.filter(|_| said_on),
                context: fill.context.filter(|_| context),
                review_url: fill.review_url.filter(|_| review_url),
                review_title: fill.review_title.filter(|_| review_title),
            };
            self.fill_in(id, &fill)?;
        }

        // Status history of the new claims: as given, or "added now, as its status".
        self.copy_in(
            "status_history (id, claim_id, from_status, to_status, verdict, verdict_label, \
             reason, actor, at)",
            &ids_then_texts(2, 7),
            &mut |w| {
                for f in &fresh {
                    for past in f.claim.starting_history(self.actor, &self.now).iter() {
                        next_history += 1;
                        w.write(&[
                            &next_history,
                            &f.id,
                            &past.from,
                            &past.to,
                            &past.verdict,
                            &past.verdict_label,
                            &past.reason,
                            &past.actor,
                            &past.at,
                        ])?;
                    }
                }
                Ok(())
            },
        )?;

        // Appearances, in the order of the records and their sources; those of stored claims
        // may be there already.
        let mut pairs: Vec<(usize, i64, i64, &str)> = Vec::new();
        for (i, claim) in claims.iter().enumerate() {
            for (source, &id) in claim
                .sources
                .iter()
                .filter(|s| !s.is_empty())
                .zip(&sources[i])
            {
                let added_at = source.added_at.as_deref().unwrap_or(&self.now);
                pairs.push((i, outcomes[i].claim_id, id, added_at));
            }
        }
        let (old_claims, old_sources): (Vec<i64>, Vec<i64>) = pairs
            .iter()
            .filter(|(i, ..)| !of_fresh[*i])
            .map(|&(_, c, s, _)| (c, s))
            .unzip();
        let mut seen: HashSet<(i64, i64)> = if old_claims.is_empty() {
            HashSet::new()
        } else {
            self.query(
                "SELECT a.claim_id, a.source_id
                   FROM unnest($1::BIGINT[], $2::BIGINT[]) AS k(claim_id, source_id)
                   JOIN appearances a ON a.claim_id = k.claim_id AND a.source_id = k.source_id",
                &[&old_claims, &old_sources],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect()
        };
        self.copy_in(
            "appearances (id, claim_id, source_id, added_at)",
            &ids_then_texts(3, 1),
            &mut |w| {
                for &(i, claim_id, source_id, added_at) in &pairs {
                    if seen.insert((claim_id, source_id)) {
                        next_appearance += 1;
                        outcomes[i].appearances_added += 1;
                        w.write(&[&next_appearance, &claim_id, &source_id, &added_at])?;
                    }
                }
                Ok(())
            },
        )?;

        // Tags of the new claims as they were created; what else records bring, one by one.
        self.copy_in(
            "claim_tags (claim_id, tag)",
            &ids_then_texts(1, 1),
            &mut |w| {
                for (i, claim) in claims.iter().enumerate().filter(|(i, _)| creating[*i]) {
                    let mut tags: Vec<String> =
                        claim.tags.iter().filter_map(|t| normalise_tag(t)).collect();
                    if speakers[i].1 {
                        tags.push(NEEDS_SPEAKER_TAG.to_string());
                    }
                    let mut unique = HashSet::new();
                    for tag in tags.iter().filter(|t| unique.insert(t.as_str())) {
                        w.write(&[&outcomes[i].claim_id, tag])?;
                    }
                }
                Ok(())
            },
        )?;
        let (mut tag_claims, mut tags) = (Vec::new(), Vec::new());
        for (i, claim) in claims.iter().enumerate().filter(|(i, _)| !creating[*i]) {
            let needs_speaker = speakers[i].1.then(|| NEEDS_SPEAKER_TAG.to_string());
            for tag in claim.tags.iter().filter_map(|t| normalise_tag(t)) {
                tag_claims.push(outcomes[i].claim_id);
                tags.push(tag);
            }
            tag_claims.extend(needs_speaker.iter().map(|_| outcomes[i].claim_id));
            tags.extend(needs_speaker);
        }
        let mut touched = self.add_tags_seen_again(&tag_claims, &tags)?;
        touched.extend(self.copy_notes(claims, &outcomes, &creating, next_note)?);
        // A claim that was there before the batch (or made earlier in it) changed now.
        touched.sort_unstable();
        touched.dedup();
        if !touched.is_empty() {
            self.execute(
                "UPDATE claims SET updated_at = $2 WHERE id = ANY($1)",
                &[&touched, &self.now],
            )?;
        }
        for (i, claim) in claims.iter().enumerate() {
            for evidence in &claim.evidence {
                self.insert_evidence(outcomes[i].claim_id, evidence, creating[i])?;
            }
        }
        Ok(outcomes)
    }

    /// Tags that records bring to claims already made, as `insert_tags` adds them one by one, in
    /// one statement. Returns the claims that gained one.
    fn add_tags_seen_again(&self, claim_ids: &[i64], tags: &[String]) -> Result<Vec<i64>> {
        if claim_ids.is_empty() {
            return Ok(Vec::new());
        }
        let added = self.query(
            "INSERT INTO claim_tags (claim_id, tag)
             SELECT claim_id, tag FROM unnest($1::BIGINT[], $2::TEXT[]) WITH ORDINALITY
                                      AS t(claim_id, tag, n)
              ORDER BY n
             ON CONFLICT DO NOTHING RETURNING claim_id, tag",
            &[&claim_ids, &tags],
        )?;
        // In the records' order, as one by one would log them (RETURNING promises no order).
        let order: HashMap<(i64, &str), usize> = claim_ids
            .iter()
            .zip(tags)
            .enumerate()
            .rev()
            .map(|(n, (&id, tag))| ((id, tag.as_str()), n))
            .collect();
        let mut added: Vec<(i64, String)> = added
            .iter()
            .map(|r| (r.get::<_, i64>(0), r.get::<_, String>(1)))
            .collect();
        added.sort_by_key(|(id, tag)| order.get(&(*id, tag.as_str())).copied());
        let (ids, tags): (Vec<i64>, Vec<String>) = added.into_iter().unzip();
        // A large load logs what it adds as ranges; a tag on an older claim is logged as the
        // trigger would have logged it.
        if let Some(newest) = self.newest_before {
            let op = self.op.borrow().id;
            self.execute(
                "INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
                 SELECT $1, 'claim_tags', jsonb_build_array(claim_id, tag)::TEXT, claim_id, NULL,
                        jsonb_build_object('claim_id', claim_id, 'tag', tag)::TEXT
                   FROM unnest($2::BIGINT[], $3::TEXT[]) WITH ORDINALITY AS t(claim_id, tag, n)
                  WHERE claim_id <= $4
                  ORDER BY n",
                &[&op, &ids, &tags, &newest],
            )?;
        }
        Ok(ids)
    }

    /// The records' notes, each once a claim (a note with the same text is not added again), in
    /// one `COPY`. Returns the claims that gained one, other than from the record that made them.
    fn copy_notes(
        &self,
        claims: &[NewClaim],
        outcomes: &[AddOutcome],
        creating: &[bool],
        mut next_note: i64,
    ) -> Result<Vec<i64>> {
        let (ids, texts): (Vec<i64>, Vec<&str>) = claims
            .iter()
            .zip(outcomes)
            .flat_map(|(c, o)| c.notes.iter().map(|n| (o.claim_id, n.text.as_str())))
            .unzip();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let stored = self.query(
            "SELECT DISTINCT n.claim_id, n.text
               FROM unnest($1::BIGINT[], $2::TEXT[]) AS k(claim_id, text)
               JOIN notes n ON n.claim_id = k.claim_id AND n.text = k.text",
            &[&ids, &texts],
        )?;
        let mut seen: HashSet<(i64, String)> =
            stored.iter().map(|r| (r.get(0), r.get(1))).collect();
        let mut touched = Vec::new();
        self.copy_in(
            "notes (id, claim_id, text, author, created_at, follow_up_on, done_at)",
            &ids_then_texts(2, 5),
            &mut |w| {
                for (i, claim) in claims.iter().enumerate() {
                    let id = outcomes[i].claim_id;
                    for note in &claim.notes {
                        if !seen.insert((id, note.text.clone())) {
                            continue;
                        }
                        next_note += 1;
                        w.write(&[
                            &next_note,
                            &id,
                            &note.text,
                            &note.author.as_deref().unwrap_or(self.actor),
                            &note.created_at.as_deref().unwrap_or(&self.now),
                            &day(note.follow_up_on),
                            &note.done_at,
                        ])?;
                        if !creating[i] {
                            touched.push(id);
                        }
                    }
                }
                Ok(())
            },
        )?;
        Ok(touched)
    }

    /// Each record's sources' ids, finding or creating them; counts the ones created.
    fn sources_of(
        &self,
        claims: &[NewClaim],
        outcomes: &mut [AddOutcome],
        mut next_source: i64,
    ) -> Result<Vec<Vec<i64>>> {
        let named = || {
            claims
                .iter()
                .flat_map(|c| c.sources.iter().filter(|s| !s.is_empty()))
        };
        let (mut urls, mut name_keys) = (Vec::new(), Vec::new());
        for source in named() {
            match source.identity() {
                SourceIdentity::Url(url) => urls.push(url),
                SourceIdentity::Name(key) => name_keys.push(key),
            }
        }
        let mut seen: HashMap<SourceIdentity, SourceSeen> = HashMap::new();
        let mut stored: Vec<StoredSource> = Vec::new();
        for row in self.query(
            "SELECT id, url, name_key, title IS NULL, published_on IS NULL FROM sources
              WHERE url = ANY($1)
             UNION ALL
             SELECT DISTINCT ON (name_key) id, NULL, name_key, title IS NULL, published_on IS NULL
               FROM sources WHERE url IS NULL AND name_key = ANY($2) ORDER BY name_key, id",
            &[&urls, &name_keys],
        )? {
            let identity = match row.get::<_, Option<String>>(1) {
                Some(url) => SourceIdentity::Url(url),
                None => SourceIdentity::Name(row.get(2)),
            };
            seen.insert(identity, SourceSeen::Stored(stored.len()));
            stored.push(StoredSource {
                id: row.get(0),
                blanks: [row.get(3), row.get(4)],
                title: None,
                published_on: None,
            });
        }
        let mut created: Vec<NewSource> = Vec::new();
        let mut ids = Vec::with_capacity(claims.len());
        for (claim, outcome) in claims.iter().zip(outcomes.iter_mut()) {
            let mut of_claim = Vec::with_capacity(claim.sources.len());
            for source in claim.sources.iter().filter(|s| !s.is_empty()) {
                let entry = seen.entry(source.identity()).or_insert_with(|| {
                    next_source += 1;
                    outcome.sources_created += 1;
                    created.push(NewSource {
                        id: next_source,
                        name: source.stored_name().trim().to_string(),
                        title: None,
                        url: source.url.clone(),
                        kind: source.kind.unwrap_or(SourceKind::Article),
                        published_on: None,
                    });
                    SourceSeen::New(created.len() - 1)
                });
                let (id, blanks, title, published_on) = match entry {
                    SourceSeen::Stored(at) => {
                        let old = &mut stored[*at];
                        (old.id, old.blanks, &mut old.title, &mut old.published_on)
                    }
                    SourceSeen::New(at) => {
                        let new = &mut created[*at];
                        (new.id, [true; 2], &mut new.title, &mut new.published_on)
                    }
                };
                if blanks[0] && title.is_none() {
                    title.clone_from(&source.title);
                }
                if blanks[1] && published_on.is_none() {
                    *published_on = source.published_on;
                }
                of_claim.push(id);
            }
            ids.push(of_claim);
        }
        let now = &self.now;
        self.copy_in(
            "sources (id, name, name_key, title, url, kind, published_on, created_at)",
            &ids_then_texts(1, 7),
            &mut |w| {
                for s in &created {
                    w.write(&[
                        &s.id,
                        &s.name,
                        &name_key(&s.name),
                        &s.title,
                        &s.url,
                        &s.kind,
                        &day(s.published_on),
                        now,
                    ])?;
                }
                Ok(())
            },
        )?;
        // Stored sources get the blanks the batch fills (rare: one statement each).
        for old in stored
            .iter()
            .filter(|s| s.title.is_some() || s.published_on.is_some())
        {
            self.execute(
                "UPDATE sources SET title = coalesce(title, $2),
                        published_on = coalesce(published_on, $3)
                  WHERE id = $1",
                &[&old.id, &old.title, &day(old.published_on)],
            )?;
        }
        Ok(ids)
    }

    /// The new claims, as `add_claim` would have inserted them.
    fn copy_claims(&self, fresh: &[Fresh]) -> Result<()> {
        let mut types = vec![Type::INT8, Type::TEXT, Type::TEXT, Type::INT8];
        types.extend([Type::TEXT; 7]);
        types.extend([
            Type::INT8,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
        ]);
        self.copy_in(
            "claims (id, text, text_key, speaker_id, said_on, context, status, verdict, \
             verdict_label, created_at, updated_at, priority, priority_by, review_url, assignee, \
             due_on, review_title, explanation, review_author, language)",
            &types,
            &mut |w| {
                for f in fresh {
                    let claim = f.claim;
                    let derived = claim.derived();
                    let created_at = claim.created_at.as_deref().unwrap_or(&self.now);
                    let updated_at = if f.filled_later {
                        &self.now
                    } else {
                        claim.updated_at.as_deref().unwrap_or(created_at)
                    };
                    let priority_by = claim.priority.as_ref().and_then(|(_, by)| by.clone());
                    w.write(&[
                        &f.id,
                        &claim.text.trim(),
                        &f.key,
                        &f.speaker_id,
                        &day(f.fill.said_on),
                        &f.fill.context,
                        &claim.status,
                        &claim.verdict,
                        &claim.verdict_label,
                        &created_at,
                        &updated_at,
                        &i64::from(derived.priority),
                        &priority_by,
                        &f.fill.review_url,
                        &claim.assignee,
                        &day(claim.due_on),
                        &f.fill.review_title,
                        &claim.explanation,
                        &claim.review_author,
                        &claim.language,
                    ])?;
                }
                Ok(())
            },
        )
    }

    /// Streams rows into `into` ("table (columns)") with one `COPY`; nothing when none are
    /// written.
    fn copy_in(
        &self,
        into: &str,
        types: &[Type],
        rows: &mut dyn FnMut(
            &mut BinaryCopyInWriter<'_>,
        ) -> std::result::Result<(), postgres::Error>,
    ) -> Result<()> {
        let mut sql = self.sql.borrow_mut();
        let writer = sql.copy_in(&format!("COPY {into} FROM STDIN (FORMAT binary)"))?;
        let mut writer = BinaryCopyInWriter::new(writer, types);
        rows(&mut writer)?;
        writer.finish()?;
        Ok(())
    }
}

/// The column types of a `COPY` of `ids` BIGINT columns and then `texts` TEXT columns.
fn ids_then_texts(ids: usize, texts: usize) -> Vec<Type> {
    let mut types = vec![Type::INT8; ids];
    types.extend(std::iter::repeat_n(Type::TEXT, texts));
    types
}
