//! Tables, text and CSV for claims, their details and follow-ups.

use std::fmt::Write as _;
use std::io::Write;

use chrono::NaiveDate;
use comfy_table::{Cell, Color, Table};

use super::{
    CsvOut, Fit, colored, fit_columns, one_line, shorten, status_color, table, verdict_color,
};
use crate::domain::{
    ClaimDetail, ClaimRow, Correction, FollowUp, Link, MATCH_END, MATCH_START, Relation, SearchHit,
    Status, Verdict, check_worthiness,
};

/// The longest claim text a table row shows; `show` prints it whole.
const CLAIM_CELL_CHARS: usize = 280;

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// "disputed · false (Pants on Fire)"
fn status_text(status: Status, verdict: Option<Verdict>, label: Option<&str>) -> String {
    let mut text = status.as_str().to_string();
    if let Some(v) = verdict {
        let _ = write!(text, " · {v}");
    }
    if let Some(l) = label {
        let _ = write!(text, " ({})", one_line(l));
    }
    text
}

/// "repeats #12 Sergei Lavrov: “...” — rated false by ana on 2025-03-02; linked by match
/// (0.72) on 2025-05-01": a link as `show` and `link` print it.
#[must_use]
pub fn link_text(l: &Link) -> String {
    let relation = match l.relation {
        Relation::Repeats => "repeats",
        Relation::RepeatedBy => "repeated by",
    };
    let day = |at: &str| at.get(..10).unwrap_or(at).to_string();
    let rating = if l.status.is_outstanding() {
        l.status.to_string()
    } else {
        let rated = match l.verdict {
            Some(v) => format!("rated {v}"),
            None => l.status.to_string(),
        };
        format!(
            "{rated} by {} on {}",
            one_line(&l.rated_by),
            day(&l.rated_at)
        )
    };
    let score = l.score.map(|s| format!(" ({s:.2})")).unwrap_or_default();
    format!(
        "{relation} #{} {}: “{}” — {rating}; linked by {}{score} on {}",
        l.id,
        one_line(&l.speaker),
        shorten(&one_line(&l.text), 160),
        one_line(&l.by),
        day(&l.at)
    )
}

/// A due date as people read it in a table: "in 3 days", "today", "5 days overdue".
fn follow_up_text(due: Option<NaiveDate>, today: NaiveDate) -> String {
    let Some(d) = due else { return String::new() };
    let days = (d - today).num_days();
    let plural = |n: i64| if n.abs() == 1 { "" } else { "s" };
    match days {
        0 => "due today".to_string(),
        1 => "tomorrow".to_string(),
        n if n > 0 => format!("in {n} day{}", plural(n)),
        n => format!("{} day{} overdue", -n, plural(n)),
    }
}

/// How long ago a stored time was, for people: "3 days ago", "just now".
fn ago(timestamp: &str, now: chrono::DateTime<chrono::Utc>) -> String {
    let Ok(then) = chrono::DateTime::parse_from_rfc3339(timestamp) else {
        return timestamp.to_string();
    };
    let seconds = (now - then.with_timezone(&chrono::Utc)).num_seconds();
    let (n, unit) = match seconds {
        s if s < 60 => return "just now".to_string(),
        s if s < 3_600 => (s / 60, "minute"),
        s if s < 86_400 => (s / 3_600, "hour"),
        s if s < 86_400 * 60 => (s / 86_400, "day"),
        s if s < 86_400 * 730 => (s / (86_400 * 30), "month"),
        s => (s / (86_400 * 365), "year"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

/// The claim list as a table fitted to the terminal.
#[must_use]
pub fn claims_table<'a>(rows: impl IntoIterator<Item = &'a ClaimRow>, today: NaiveDate) -> Table {
    let rows: Vec<&ClaimRow> = rows.into_iter().collect();
    let texts: Vec<String> = rows
        .iter()
        .map(|r| shorten(&one_line(&r.text), CLAIM_CELL_CHARS))
        .collect();
    table_of(&rows, &texts, today)
}

/// Search results: the claim (or a snippet of a long one) with the matched words in bold.
#[must_use]
pub fn search_table(hits: &[SearchHit], today: NaiveDate) -> Table {
    let texts: Vec<String> = hits
        .iter()
        .map(|h| emphasise(&one_line(&h.marked)))
        .collect();
    let rows: Vec<&ClaimRow> = hits.iter().map(|h| &h.claim).collect();
    table_of(&rows, &texts, today)
}

/// Turns match marks into bold on a colour terminal, or drops them.
fn emphasise(marked: &str) -> String {
    let (on, off) = if super::color() {
        ("\u{1b}[1m", "\u{1b}[22m")
    } else {
        ("", "")
    };
    marked.replace(MATCH_START, on).replace(MATCH_END, off)
}

fn table_of(rows: &[&ClaimRow], texts: &[String], today: NaiveDate) -> Table {
    let (t, hidden) = table_fitted(rows, texts, today, false);
    if hidden.last().copied().unwrap_or(false) {
        // Too narrow for the Due column: say "overdue" under the status instead.
        return table_fitted(rows, texts, today, true).0;
    }
    t
}

fn table_fitted(
    rows: &[&ClaimRow],
    texts: &[String],
    today: NaiveDate,
    overdue_in_status: bool,
) -> (Table, Vec<bool>) {
    let mut t = table(&[
        "ID", "Said", "Speaker", "Claim", "Status", "Pri", "Source", "Due",
    ]);
    for (row, text) in rows.iter().zip(texts) {
        let source = match row.sources.as_slice() {
            [] => String::new(),
            [one] => one_line(one),
            [first, rest @ ..] => format!("{} +{}", one_line(first), rest.len()),
        };
        let next = row.next_due();
        let follow_up = follow_up_text(next, today);
        let overdue = next.is_some_and(|d| d < today);
        t.add_row(vec![
            Cell::new(row.id),
            Cell::new(date(row.said_on)),
            Cell::new(one_line(&row.speaker)),
            Cell::new(text),
            colored(
                if overdue && overdue_in_status {
                    format!(
                        "{}\n{follow_up}",
                        status_text(row.status, row.verdict, row.verdict_label.as_deref())
                    )
                } else {
                    status_text(row.status, row.verdict, row.verdict_label.as_deref())
                },
                row.verdict
                    .map_or_else(|| status_color(row.status), verdict_color),
            ),
            Cell::new(row.priority.map(|p| p.to_string()).unwrap_or_default()),
            Cell::new(source),
            if overdue {
                colored(follow_up, Color::Red)
            } else {
                Cell::new(follow_up)
            },
        ]);
    }
    let hidden = fit_columns(
        &mut t,
        &[
            Fit::Content,
            Fit::Optional { max: 10, min: 10 },
            Fit::Upto { max: 18, min: 10 },
            Fit::Rest,
            Fit::Upto { max: 20, min: 10 },
            Fit::Optional { max: 3, min: 3 },
            Fit::Optional { max: 16, min: 8 },
            Fit::Optional { max: 10, min: 10 },
        ],
    );
    (t, hidden)
}

pub const CLAIM_CSV_HEADER: &[&str] = &[
    "id",
    "said_on",
    "speaker",
    "speaker_role",
    "text",
    "status",
    "verdict",
    "verdict_label",
    "sources",
    "tags",
    "follow_up",
    "context",
    "language",
    "priority",
    "review_url",
    "review_title",
    "created_at",
    "updated_at",
];

/// One CSV row per claim; lists joined with "; ".
pub fn claims_csv<'a>(
    out: &mut dyn Write,
    rows: impl IntoIterator<Item = &'a ClaimRow>,
) -> anyhow::Result<()> {
    let mut csv = CsvOut::new(out, CLAIM_CSV_HEADER)?;
    for r in rows {
        csv.row(claim_csv_cells(r))?;
    }
    csv.finish()
}

/// A claim's cells under `CLAIM_CSV_HEADER`.
#[must_use]
pub fn claim_csv_cells(r: &ClaimRow) -> Vec<String> {
    vec![
        r.id.to_string(),
        date(r.said_on),
        r.speaker.clone(),
        r.speaker_role.clone().unwrap_or_default(),
        r.text.clone(),
        r.status.to_string(),
        r.verdict.map(|v| v.to_string()).unwrap_or_default(),
        r.verdict_label.clone().unwrap_or_default(),
        r.sources.join("; "),
        r.tags.join("; "),
        date(r.follow_up),
        r.context.clone().unwrap_or_default(),
        r.language.clone().unwrap_or_default(),
        r.priority.map(|p| p.to_string()).unwrap_or_default(),
        r.review_url.clone().unwrap_or_default(),
        r.review_title.clone().unwrap_or_default(),
        r.created_at.clone(),
        r.updated_at.clone(),
    ]
}

/// `show`: one claim, everything about it, as readable text.
#[must_use]
pub fn detail_text(
    d: &ClaimDetail,
    now: chrono::DateTime<chrono::Utc>,
    today: NaiveDate,
) -> String {
    let c = &d.claim;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Claim {}  [{}]",
        c.id,
        status_text(c.status, c.verdict, c.verdict_label.as_deref())
    );
    let _ = writeln!(s, "  “{}”", one_line(&c.text));
    let guessed = if c.speaker_role_guessed {
        ", guessed"
    } else {
        ""
    };
    let role = c
        .speaker_role
        .as_deref()
        .map(|r| format!(" ({}{guessed})", one_line(r)))
        .unwrap_or_default();
    let _ = writeln!(s, "Speaker:  {}{role}", one_line(&c.speaker));
    let mut said = date(c.said_on);
    if let Some(context) = &c.context {
        said = format!("{said} {}", one_line(context)).trim().to_string();
    }
    if let Some(language) = &c.language {
        said = format!("{said} (in {})", one_line(language))
            .trim()
            .to_string();
    }
    if !said.is_empty() {
        let _ = writeln!(s, "Said:     {said}");
    }
    if let Some(p) = c.priority {
        // Each factor with its fitted weight, so that a checker sees why, and by how much.
        let worth = check_worthiness(&c.text);
        let reasons: Vec<String> = worth
            .factors
            .iter()
            .map(|f| format!("{} {:+.2}", f.reason, f.weight))
            .collect();
        let _ = writeln!(
            s,
            "Priority: {p}  (check-worthiness {:.2}: {})",
            worth.worth,
            if reasons.is_empty() {
                "nothing specific".to_string()
            } else {
                reasons.join(", ")
            }
        );
    }
    if !c.tags.is_empty() {
        let _ = writeln!(
            s,
            "Tags:     {}",
            c.tags
                .iter()
                .map(|t| one_line(t))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    match (&c.assignee, c.due_on) {
        (None, None) => {}
        (who, due) => {
            let who = who
                .as_deref()
                .map_or_else(|| "nobody".to_string(), one_line);
            let due = due.map_or_else(String::new, |d| {
                format!(", due {d} ({})", follow_up_text(Some(d), today))
            });
            let _ = writeln!(s, "Checker:  {who}{due}");
        }
    }
    let review: Vec<String> = [&c.review_title, &c.review_url]
        .into_iter()
        .flatten()
        .map(|t| one_line(t))
        .collect();
    if !review.is_empty() {
        let _ = writeln!(s, "Review:   {}", review.join(" — "));
    }
    if let Some(explanation) = &c.explanation {
        let _ = writeln!(s, "Finding:  {}", one_line(explanation));
    }
    if let Some(stage) = c.stage {
        let mut line = format!("Sign-off: {stage}");
        if let Some(who) = &c.approved_by {
            let _ = write!(line, ", approved by {}", one_line(who));
        }
        if let Some(day) = c.published_on {
            let _ = write!(line, ", published {day}");
        }
        let _ = writeln!(s, "{line}");
    }
    let _ = writeln!(
        s,
        "Added:    {} ({})   Updated: {}",
        c.created_at,
        ago(&c.created_at, now),
        ago(&c.updated_at, now)
    );

    let _ = writeln!(s, "\nAppearances ({}):", d.appearances.len());
    for a in &d.appearances {
        let mut line = format!("  - {} [{}]", one_line(&a.name), a.kind);
        if let Some(title) = &a.title {
            let _ = write!(line, " “{}”", one_line(title));
        }
        if let Some(p) = a.published_on {
            let _ = write!(line, " {p}");
        }
        if let Some(url) = &a.url {
            let _ = write!(line, " {}", one_line(url));
        }
        if a.first {
            line.push_str("  (first)");
        }
        let _ = writeln!(s, "{line}");
    }

    let _ = writeln!(s, "\nHistory:");
    for h in d.history.iter().map(|h| &h.change) {
        let from = h
            .from
            .map_or_else(|| "added as".to_string(), |f| format!("{f} →"));
        let mut line = format!(
            "  {} ({})  {from} {}",
            h.at,
            ago(&h.at, now),
            status_text(h.to, h.verdict, h.verdict_label.as_deref())
        );
        let _ = write!(line, "  by {}", one_line(&h.actor));
        if let Some(reason) = &h.reason {
            let _ = write!(line, ": {}", one_line(reason));
        }
        let _ = writeln!(s, "{line}");
    }

    let (signed, corrections): (Vec<&Correction>, Vec<&Correction>) = d
        .corrections
        .iter()
        .partition(|c| SIGN_OFF_ACTIONS.contains(&c.action.as_str()));
    if !signed.is_empty() {
        let _ = writeln!(s, "\nSign-off:");
        for c in signed {
            let _ = writeln!(
                s,
                "  {} ({})  {}  by {}",
                c.at,
                ago(&c.at, now),
                sign_off_text(c),
                one_line(&c.actor)
            );
        }
    }
    if !corrections.is_empty() {
        let _ = writeln!(s, "\nCorrections:");
        for c in corrections {
            let _ = writeln!(
                s,
                "  {} ({})  {}  by {}",
                c.at,
                ago(&c.at, now),
                correction_text(c),
                one_line(&c.actor)
            );
        }
    }

    if !d.notes.is_empty() {
        let _ = writeln!(s, "\nNotes:");
        for n in &d.notes {
            let mut line = format!(
                "  #{} {} {}: {}",
                n.id,
                n.created_at,
                one_line(&n.author),
                one_line(&n.text)
            );
            match (n.follow_up_on, &n.done_at) {
                (Some(due), Some(done)) => {
                    let _ = write!(line, "  [follow-up {due}, done {done}]");
                }
                (Some(due), None) => {
                    let _ = write!(line, "  [follow-up {}]", follow_up_text(Some(due), today));
                }
                _ => {}
            }
            let _ = writeln!(s, "{line}");
        }
    }

    if !d.links.is_empty() {
        let _ = writeln!(s, "\nLinks:");
        for l in &d.links {
            let _ = writeln!(s, "  - {}", link_text(l));
        }
    }

    if !d.evidence.is_empty() {
        let _ = writeln!(s, "\nEvidence:");
        for e in &d.evidence {
            let title = e
                .title
                .as_deref()
                .map(|t| format!(" “{}”", one_line(t)))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "  - {} {}{title}  (by {})",
                e.stance,
                one_line(&e.url),
                one_line(&e.added_by)
            );
        }
    }
    s
}

/// Open follow-ups, soonest first.
#[must_use]
pub fn follow_ups_table(items: &[FollowUp], today: NaiveDate) -> Table {
    let mut t = table(&["Note", "Due", "Claim", "Speaker", "Text", "Follow-up note"]);
    for f in items {
        t.add_row(vec![
            Cell::new(f.note.id),
            Cell::new(follow_up_text(f.note.follow_up_on, today)),
            Cell::new(f.note.claim_id),
            Cell::new(one_line(&f.speaker)),
            Cell::new(shorten(&one_line(&f.claim_text), 160)),
            Cell::new(one_line(&f.note.text)),
        ]);
    }
    // The note is what a follow-up is about; the claim's words give way first on a narrow
    // terminal, then its speaker.
    fit_columns(
        &mut t,
        &[
            Fit::Content,
            Fit::Upto { max: 18, min: 8 },
            Fit::Content,
            Fit::Optional { max: 18, min: 10 },
            Fit::Optional { max: 50, min: 16 },
            Fit::Rest,
        ],
    );
    t
}

pub fn follow_ups_csv(out: &mut dyn Write, items: &[FollowUp]) -> anyhow::Result<()> {
    let mut csv = CsvOut::new(
        out,
        &[
            "note_id",
            "follow_up_on",
            "claim_id",
            "speaker",
            "claim",
            "status",
            "note",
            "author",
            "created_at",
        ],
    )?;
    for f in items {
        csv.row([
            f.note.id.to_string(),
            date(f.note.follow_up_on),
            f.note.claim_id.to_string(),
            f.speaker.clone(),
            f.claim_text.clone(),
            f.status.to_string(),
            f.note.text.clone(),
            f.note.author.clone(),
            f.note.created_at.clone(),
        ])?;
    }
    csv.finish()
}

/// The log's actions that are steps of sign-off, or corrections of a published check.
const SIGN_OFF_ACTIONS: &[&str] = &["approve", "publish", "unpublish", "correction"];

/// "approve: draft → approved", "correction: false → mostly_false (why)", as logged.
fn sign_off_text(c: &Correction) -> String {
    let text = |v: Option<&serde_json::Value>| {
        v.and_then(serde_json::Value::as_str)
            .map_or_else(|| "(none)".to_string(), one_line)
    };
    let d = &c.detail;
    let mut line = if c.action == "correction" {
        let finding = |f: &crate::domain::Finding| {
            let mut t = f.verdict.map_or("(none)", Verdict::as_str).to_string();
            if let Some(e) = &f.explanation {
                let _ = write!(t, " “{}”", one_line(e));
            }
            t
        };
        let (was, now) = c.findings();
        format!("correction: {} → {}", finding(&was), finding(&now))
    } else {
        format!(
            "{}: {} → {}",
            c.action,
            text(d.get("from")),
            text(d.get("to"))
        )
    };
    if let Some(day) = d.get("published_on").and_then(|v| v.as_str()) {
        let _ = write!(line, " on {day}");
    }
    if let Some(url) = d.get("review_url").and_then(|v| v.as_str()) {
        let _ = write!(line, " at {}", one_line(url));
    }
    if let Some(why) = c.reason() {
        let _ = write!(line, ": {}", one_line(why));
    }
    line
}

/// "speaker: Trump → Donald Trump (speaker merge)", "text: “…” → “…”": each field as logged.
fn correction_text(c: &Correction) -> String {
    if c.action == "undo" {
        // Since the operation log (schema 10): "undo op 4: dispute claim 2", "redo op 4: ...",
        // as the log names it.
        if let Some(done) = c.detail.get("as").and_then(|v| v.as_str()) {
            return one_line(done);
        }
        if let Some(op) = c.detail.get("op").and_then(serde_json::Value::as_i64) {
            let what = c
                .detail
                .get("summary")
                .and_then(|v| v.as_str())
                .unwrap_or("");
            return format!("reverted op {op} ({})", one_line(what));
        }
        let what = c
            .detail
            .get("action")
            .and_then(|v| v.as_str())
            .unwrap_or("change");
        return format!("undid a {what}");
    }
    let show = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(t)) => format!("“{}”", one_line(t)),
        Some(serde_json::Value::Null) | None => "(none)".to_string(),
        Some(other) => one_line(&other.to_string()),
    };
    let mut parts = Vec::new();
    for (field, change) in c.detail.as_object().into_iter().flatten() {
        if change.is_object() {
            parts.push(format!(
                "{field}: {} → {}",
                show(change.get("old")),
                show(change.get("new"))
            ));
        }
    }
    let by = c.detail.get("by").and_then(|v| v.as_str());
    let mut text = parts.join("; ");
    if let Some(by) = by {
        let _ = write!(text, " ({by})");
    }
    text
}

/// `show`'s list of the copies kept of a claim's pages: empty when there are none.
#[must_use]
pub fn snapshots_text(snapshots: &[crate::domain::Snapshot]) -> String {
    let mut s = String::new();
    if snapshots.is_empty() {
        return s;
    }
    let _ = writeln!(s, "\nSnapshots ({}):", snapshots.len());
    for snap in snapshots {
        let _ = writeln!(
            s,
            "  #{}  {}  {}",
            snap.id,
            snap.fetch.fetched_at,
            fetch_text(&snap.fetch)
        );
    }
    s
}

/// One fetch, as `show` and `archive` print it: the URL, then what was kept ("58 bytes, sha256
/// ...") or why not.
#[must_use]
pub fn fetch_text(fetch: &crate::domain::NewSnapshot) -> String {
    let what = match (&fetch.sha256, &fetch.error) {
        (Some(hash), None) => format!(
            "{} bytes, sha256 {hash}",
            super::ops::thousands(fetch.size.unwrap_or_default() as usize)
        ),
        (Some(hash), Some(why)) => format!("{}; sha256 {hash}", one_line(why)),
        (None, why) => format!("failed: {}", one_line(why.as_deref().unwrap_or("no copy"))),
    };
    format!("{}  {what}", one_line(&fetch.url))
}
