//! The HTML report: one self-contained page (inline CSS and SVG, no scripts, nothing fetched)
//! with an overview, the review queue, speaker scorecards and sources. maud escapes every value,
//! so claim text cannot become markup; only http(s) URLs become links.

use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::charts::{Bar, bars, paired_columns, stacked};
use super::stats::percent;
use super::{one_line, shorten};
use crate::domain::{
    Appearance, CameBack, ClaimDetail, ClaimRow, Correction, Evidence, Operation, Period,
    Scorecard, Status, Verdict,
};

/// Everything the report shows, already counted and cut to size by the command.
pub struct Report {
    pub title: String,
    /// The filters in words ("speaker: Putin"); empty for every claim.
    pub scope: Vec<String>,
    pub generated_at: String,
    pub today: NaiveDate,
    /// Claim counts keyed as `claimtrack stats --by status` and `--by verdict` key them.
    pub by_status: Vec<(String, i64)>,
    pub by_verdict: Vec<(String, i64)>,
    /// Outstanding claims with a follow-up past due.
    pub overdue: i64,
    pub period: Period,
    /// (first day of the period, added, resolved), oldest first, without gaps.
    pub activity: Vec<(NaiveDate, i64, i64)>,
    /// Earlier periods left out of the chart.
    pub activity_dropped: usize,
    /// The head of the review queue, in the order `claimtrack outstanding` gives.
    pub queue: Vec<ClaimDetail>,
    pub queue_total: i64,
    /// Each checker's outstanding claims and how many of them are overdue, most first (those
    /// assigned to nobody as "(nobody)").
    pub checkers: Vec<(String, i64, i64)>,
    pub speakers: Vec<SpeakerEntry>,
    pub speakers_total: usize,
    pub sources: Vec<Scorecard>,
    pub sources_total: usize,
    /// The latest operations of the desk (undos and redos included), newest first.
    pub operations: Vec<Operation>,
    /// Checked claims said again, the last to come back first (cut to size).
    pub came_back: Vec<CameBack>,
    pub came_back_total: usize,
    /// Corrections of published checks, newest first: the claim as it is now, and the log entry.
    pub corrections: Vec<(ClaimRow, Correction)>,
}

/// A speaker's scorecard with their latest claims.
pub struct SpeakerEntry {
    pub card: Scorecard,
    pub latest: Vec<ClaimDetail>,
}

/// Appearances and evidence links shown per claim; the rest are counted.
const LINKS_PER_CLAIM: usize = 4;
/// Longer claim text is cut (the CLI's `show` has all of it).
const CLAIM_CHARS: usize = 400;

const CSS: &str = include_str!("report.css");

/// The whole page.
#[must_use]
pub fn report_html(r: &Report) -> String {
    let total: i64 = r.by_status.iter().map(|(_, n)| n).sum();
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content={ "claimtrack " (env!("CARGO_PKG_VERSION")) };
                title { (r.title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { (r.title) }
                    p.scope {
                        @if r.scope.is_empty() { "All " (total) " claims" }
                        @else { (total) " claims where " (r.scope.join("; ")) }
                        " · as of " (r.today)
                    }
                    nav aria-label="Sections" {
                        a href="#overview" { "Overview" } " "
                        a href="#queue" { "Queue" } " "
                        a href="#came-back" { "Came back" } " "
                        a href="#corrections" { "Corrections" } " "
                        a href="#speakers" { "Speakers" } " "
                        a href="#sources" { "Sources" } " "
                        a href="#changes" { "Changes" }
                    }
                }
                main {
                    (overview(r, total))
                    (queue(r))
                    (came_back(r))
                    (corrections(r))
                    (checkers(r))
                    (speakers(r))
                    (sources(r))
                    (changes(r))
                }
                footer {
                    p { "Written by claimtrack " (env!("CARGO_PKG_VERSION")) " at " (r.generated_at)
                        ". Claim numbers are the ids the command line uses: "
                        code { "claimtrack show ID" } " has everything about one." }
                }
            }
        }
    }
    .into_string()
}

fn count_of(counts: &[(String, i64)], key: &str) -> i64 {
    counts.iter().find(|(k, _)| k == key).map_or(0, |(_, n)| *n)
}

fn status_label(s: &str) -> &str {
    if s == "in_review" { "in review" } else { s }
}

fn verdict_label(v: &str) -> &str {
    match v {
        "mostly_true" => "mostly true",
        "mostly_false" => "mostly false",
        "(none)" => "not rated",
        other => other,
    }
}

fn plural(n: i64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

fn overview(r: &Report, total: i64) -> Markup {
    let open: i64 = Status::ALL
        .iter()
        .filter(|s| s.is_outstanding())
        .map(|s| count_of(&r.by_status, s.as_str()))
        .sum();
    let rated: i64 = Verdict::ALL
        .iter()
        .map(|v| count_of(&r.by_verdict, v.as_str()))
        .sum();
    let false_or_worse: i64 = Verdict::ALL
        .iter()
        .filter(|v| v.is_false_or_worse())
        .map(|v| count_of(&r.by_verdict, v.as_str()))
        .sum();
    let statuses: Vec<(&str, i64)> = Status::ALL
        .iter()
        .map(|s| (s.as_str(), count_of(&r.by_status, s.as_str())))
        .collect();
    let verdicts: Vec<(&str, i64)> = Verdict::ALL
        .iter()
        .map(|v| v.as_str())
        .chain(["(none)"])
        .map(|v| (v, count_of(&r.by_verdict, v)))
        .collect();
    let status_classes: Vec<String> = statuses.iter().map(|(s, _)| format!("s-{s}")).collect();
    let verdict_classes: Vec<String> = verdicts.iter().map(|(v, _)| verdict_class(v)).collect();
    let status_bars: Vec<Bar<'_>> = statuses
        .iter()
        .zip(&status_classes)
        .map(|((s, n), class)| Bar {
            label: status_label(s),
            count: *n,
            class,
        })
        .collect();
    let verdict_bars: Vec<Bar<'_>> = verdicts
        .iter()
        .zip(&verdict_classes)
        .map(|((v, n), class)| Bar {
            label: verdict_label(v),
            count: *n,
            class,
        })
        .collect();
    let per = match r.period {
        Period::Week => "week",
        Period::Month => "month",
    };
    let added: i64 = r.activity.iter().map(|(_, a, _)| a).sum();
    let resolved: i64 = r.activity.iter().map(|(_, _, b)| b).sum();
    let periods: Vec<(String, i64, i64)> = r
        .activity
        .iter()
        .map(|(d, a, b)| (period_label(*d, r.period), *a, *b))
        .collect();
    let span = match (r.activity.first(), r.activity.last()) {
        (Some((first, ..)), Some((last, ..))) => {
            format!(" from the {per} of {first} to the {per} of {last}")
        }
        _ => String::new(),
    };
    html! {
        section #overview {
            h2 { "Overview" }
            ul.tiles {
                li { span.big { (total) } (plural(total, " claim", " claims")) }
                li { span.big { (open) } " open (unverified or in review)" }
                li.warn[r.overdue > 0] { span.big { (r.overdue) } " overdue (a follow-up or due date past)" }
                li { span.big { (percent((rated > 0).then(|| false_or_worse as f64 / rated as f64))) } " of " (rated) " rated claims rated false or worse" }
            }
            div.pair {
                figure {
                    figcaption { "By status" }
                    (bars("status-chart", "Claims by status",
                        &format!("{total} claims: {}", in_words(&status_bars)), &status_bars))
                    (counts_table("status-counts", "Status", &statuses, &status_bars))
                }
                figure {
                    figcaption { "By verdict" }
                    (bars("verdict-chart", "Claims by verdict",
                        &format!("{rated} of {total} claims rated: {}", in_words(&verdict_bars)),
                        &verdict_bars))
                    (counts_table("verdict-counts", "Verdict", &verdicts, &verdict_bars))
                }
            }
            figure.wide {
                figcaption { "Claims added and resolved per " (per) }
                @if periods.is_empty() {
                    p { "Nothing added or resolved yet." }
                } @else {
                    (paired_columns("activity-chart",
                        &format!("Claims added and resolved per {per}"),
                        &format!("{added} claims added and {resolved} resolved \
                            (verified, disputed or unverifiable){span}."),
                        ["Added", "Resolved"], &periods))
                    @if r.activity_dropped > 0 {
                        p.note { (r.activity_dropped) " earlier " (per) "s are not shown." }
                    }
                    details {
                        summary { "The numbers" }
                        table.counts #activity-counts {
                            thead { tr {
                                th scope="col" { (capitalised(per)) " of" }
                                th scope="col" { "Added" }
                                th scope="col" { "Resolved" }
                            } }
                            tbody {
                                @for (d, a, b) in &r.activity {
                                    tr { th scope="row" { (d) } td { (a) } td { (b) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// "7 unverified, 1 in review, ...": a chart's numbers as a sentence for its description.
fn in_words(bars: &[Bar<'_>]) -> String {
    let parts: Vec<String> = bars
        .iter()
        .map(|b| format!("{} {}", b.count, b.label))
        .collect();
    parts.join(", ")
}

/// A chart's numbers as a table, folded away; rows carry the keys `claimtrack stats` uses.
fn counts_table(id: &str, heading: &str, keys: &[(&str, i64)], bars: &[Bar<'_>]) -> Markup {
    html! {
        details {
            summary { "The numbers" }
            table.counts id=(id) {
                thead { tr { th scope="col" { (heading) } th scope="col" { "Claims" } } }
                tbody {
                    @for ((key, n), bar) in keys.iter().zip(bars) {
                        tr data-key=(key) {
                            th scope="row" { (bar.label) }
                            td data-count=(n) { (n) }
                        }
                    }
                }
            }
        }
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn period_label(day: NaiveDate, period: Period) -> String {
    match period {
        Period::Week => day.format("%-d %b").to_string(),
        Period::Month => day.format("%b %Y").to_string(),
    }
}

fn verdict_class(v: &str) -> String {
    if v == "(none)" {
        "v-none".into()
    } else {
        format!("v-{v}")
    }
}

fn queue(r: &Report) -> Markup {
    let rest = r.queue_total - r.queue.len() as i64;
    html! {
        section #queue {
            h2 { "The queue" }
            p {
                (r.queue_total) " claims wait for checking"
                @if r.overdue > 0 { ", " strong { (r.overdue) " overdue" } " (marked, and first)" }
                ". In the order " code { "claimtrack outstanding" } " gives."
            }
            @if r.queue.is_empty() {
                p { "Nothing waits." }
            } @else {
                ol.claims {
                    @for d in &r.queue { (claim(d, r.today)) }
                }
                @if rest > 0 {
                    p.note {
                        "And " (rest) " more: "
                        code { "claimtrack outstanding --after " (r.queue.last().map_or(0, |d| d.claim.id)) }
                        " lists them."
                    }
                }
            }
        }
    }
}

/// A claim as a list item: id, speaker, status, verdict, the words, and links to where it
/// appeared, its evidence and its published fact-check.
fn claim(d: &ClaimDetail, today: NaiveDate) -> Markup {
    let c = &d.claim;
    let overdue = c
        .next_due()
        .filter(|f| c.status.is_outstanding() && *f < today);
    let sources: Vec<&Appearance> = d.appearances.iter().take(LINKS_PER_CLAIM).collect();
    let evidence: Vec<&Evidence> = d.evidence.iter().take(LINKS_PER_CLAIM).collect();
    html! {
        li.claim.overdue[overdue.is_some()] {
            p.meta {
                span.id title={ "claimtrack show " (c.id) } { "#" (c.id) } " "
                span.who { (one_line(&c.speaker)) }
                @if let Some(said) = c.said_on { " · " (said) }
                " " span class={ "badge s-" (c.status.as_str()) } { (status_label(c.status.as_str())) }
                @if let Some(v) = c.verdict {
                    " " span class={ "badge v-" (v.as_str()) } {
                        (verdict_label(v.as_str()))
                        @if let Some(label) = &c.verdict_label { " (" (one_line(label)) ")" }
                    }
                }
            }
            blockquote { (shorten(&one_line(&c.text), CLAIM_CHARS)) }
            @if let Some(due) = overdue {
                p.due { strong { "Overdue" } " since " (due) }
            } @else if let Some(due) = c.next_due().filter(|_| c.status.is_outstanding()) {
                p.due-later { "Due " (due) }
            }
            @if !d.appearances.is_empty() || !d.evidence.is_empty() || c.review_url.is_some() {
                ul.links {
                    @if !sources.is_empty() {
                        li { "Seen in: "
                            @for (i, a) in sources.iter().enumerate() {
                                @if i > 0 { ", " }
                                (link(a.url.as_deref(), &appearance_text(a)))
                            }
                            @if d.appearances.len() > sources.len() { " and " (d.appearances.len() - sources.len()) " more" }
                        }
                    }
                    @if !evidence.is_empty() {
                        li { "Evidence: "
                            @for (i, e) in evidence.iter().enumerate() {
                                @if i > 0 { ", " }
                                (link(Some(&e.url), &evidence_text(e)))
                                " (" (e.stance.as_str()) ")"
                            }
                            @if d.evidence.len() > evidence.len() { " and " (d.evidence.len() - evidence.len()) " more" }
                        }
                    }
                    @if let Some(url) = &c.review_url {
                        li { "Fact-check: " (link(Some(url), &shorten(url, 60))) }
                    }
                }
            }
        }
    }
}

/// An outlet, with the piece's title when known.
fn appearance_text(a: &Appearance) -> String {
    match &a.title {
        Some(title) => format!("{} – {}", one_line(&a.name), shorten(&one_line(title), 80)),
        None => one_line(&a.name),
    }
}

/// Evidence by its title, or its address when it has none.
fn evidence_text(e: &Evidence) -> String {
    match &e.title {
        Some(title) => shorten(&one_line(title), 80),
        None => shorten(&e.url, 60),
    }
}

/// A link when the URL is http(s); other schemes (`javascript:`) stay plain text.
fn link(url: Option<&str>, text: &str) -> Markup {
    let safe = url.filter(|u| {
        let lower = u.trim_start().to_ascii_lowercase();
        lower.starts_with("https://") || lower.starts_with("http://")
    });
    if let Some(url) = safe {
        html! { a href=(url) rel="noopener noreferrer" { (text) } }
    } else {
        html! { (text) }
    }
}

fn verdict_bars(card: &Scorecard) -> Vec<Bar<'static>> {
    Verdict::ALL
        .iter()
        .map(|v| Bar {
            label: verdict_label(v.as_str()),
            count: *card.by_verdict.get(v.as_str()).unwrap_or(&0),
            class: match v {
                Verdict::True => "v-true",
                Verdict::MostlyTrue => "v-mostly_true",
                Verdict::Mixed => "v-mixed",
                Verdict::MostlyFalse => "v-mostly_false",
                Verdict::False => "v-false",
                Verdict::Fabricated => "v-fabricated",
            },
        })
        .collect()
}

fn speakers(r: &Report) -> Markup {
    // Where each card goes when sorted by share rated false (as `speakers --sort false`). The page re-orders with CSS alone (no scripts).
    let mut by_false: Vec<usize> = (0..r.speakers.len()).collect();
    by_false.sort_by(|&a, &b| r.speakers[a].card.cmp_by_false(&r.speakers[b].card));
    let mut false_rank = vec![0; r.speakers.len()];
    for (rank, i) in by_false.into_iter().enumerate() {
        false_rank[i] = rank + 1;
    }
    let rest = r.speakers_total.saturating_sub(r.speakers.len());
    html! {
        section #speakers {
            h2 { "Speakers" }
            p {
                "Each speaker's verdicts, in the spirit of PolitiFact's Truth-O-Meter: "
                "the strip shows how the rated claims were rated."
            }
            p.legend aria-hidden="true" {
                @for v in Verdict::ALL {
                    span { span class={ "swatch " (verdict_class(v.as_str())) } {} " " (verdict_label(v.as_str())) }
                    " "
                }
            }
            @if r.speakers.is_empty() {
                p { "No speakers." }
            } @else {
                div.sorter {
                    input #by-volume type="radio" name="speaker-order" checked;
                    input #by-false type="radio" name="speaker-order";
                    p.order { "Order: "
                        label for="by-volume" { "most claims" } " "
                        label for="by-false" { "most often false" }
                    }
                    ol.cards {
                        @for (i, s) in r.speakers.iter().enumerate() {
                            (speaker_card(s, false_rank[i], r.today))
                        }
                    }
                }
                @if rest > 0 {
                    p.note {
                        "And " (rest) " more speakers with fewer claims: "
                        code { "claimtrack speakers" } " lists them all."
                    }
                }
            }
        }
    }
}

fn speaker_card(s: &SpeakerEntry, false_rank: usize, today: NaiveDate) -> Markup {
    let card = &s.card;
    let segments = verdict_bars(card);
    let summary: Vec<String> = segments
        .iter()
        .filter(|b| b.count > 0)
        .map(|b| format!("{} {}", b.count, b.label))
        .collect();
    let name = one_line(&card.name);
    let strip_title = if card.rated == 0 {
        format!("{name}: no claims rated yet")
    } else {
        format!(
            "Verdicts of {name}'s {} rated claims: {}",
            card.rated,
            summary.join(", ")
        )
    };
    html! {
        li.card style={ "--false-rank:" (false_rank) } {
            h3 { (name) @if let Some(role) = &card.detail { " " span.role { (one_line(role)) } } }
            (stacked(&strip_title, &segments))
            p.facts {
                strong { (card.claims) } (plural(card.claims, " claim", " claims")) " · "
                strong { (card.rated) } " rated · "
                strong { (percent(card.false_share)) }
                " false or worse · "
                strong { (card.open()) } " open"
            }
            @if !summary.is_empty() {
                p.verdicts { (summary.join(" · ")) }
            }
            @if !s.latest.is_empty() {
                details open {
                    summary { "Latest claims" }
                    ol.claims.compact {
                        @for d in &s.latest { (claim(d, today)) }
                    }
                }
            }
        }
    }
}

/// Who is checking what: each checker's share of the queue.
fn checkers(r: &Report) -> Markup {
    html! {
        section #checkers {
            h2 { "Who is checking what" }
            p {
                "Outstanding claims by the checker they are assigned to ("
                code { "claimtrack assign ID --to NAME" } "), and how many are overdue: "
                "past their due date or a follow-up."
            }
            @if r.checkers.is_empty() {
                p { "No outstanding claims." }
            } @else {
                div.scroll {
                    table.checkers {
                        thead { tr {
                            th scope="col" { "Checker" } th scope="col" { "Outstanding" } th scope="col" { "Overdue" }
                        } }
                        tbody {
                            @for (who, open, overdue) in &r.checkers {
                                tr {
                                    td { (one_line(who)) }
                                    td.n { (open) }
                                    td.n { (overdue) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The latest operations: who changed what, undos and redos as entries of their own.
fn changes(r: &Report) -> Markup {
    html! {
        section #changes {
            h2 { "Latest changes" }
            p {
                "What the desk did last, newest first. An undo is a change of its own; "
                code { "claimtrack log show ID" } " lists every value an operation changed."
            }
            @if r.operations.is_empty() {
                p { "No changes recorded yet." }
            } @else {
                div.scroll {
                    table.changes {
                        thead { tr {
                            th scope="col" { "Op" } th scope="col" { "When" } th scope="col" { "Who" } th scope="col" { "What" }
                        } }
                        tbody {
                            @for op in &r.operations {
                                tr {
                                    td.n { (op.id) }
                                    td { (op.at.replace('T', " ").get(..16).unwrap_or(&op.at)) }
                                    td { (one_line(&op.actor)) }
                                    td {
                                        (one_line(&op.summary))
                                        @if let Some(by) = op.reverted_by { " (undone by op " (by) ")" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Corrections in public, as the IFCN code asks: when, the claim, what it was, what it is, why.
fn corrections(r: &Report) -> Markup {
    let finding = |f: &crate::domain::Finding| {
        let verdict = f.verdict.map_or_else(
            || status_label(f.status.map_or("", Status::as_str)).to_string(),
            |v| v.display().to_string(),
        );
        match &f.explanation {
            Some(e) => format!("{verdict}: {}", one_line(e)),
            None => verdict,
        }
    };
    html! {
        section #corrections {
            h2 { "Corrections" }
            p { "Published checks whose finding changed after publication, newest first." }
            @if r.corrections.is_empty() {
                p { "No published check has been corrected." }
            } @else {
                div.scroll {
                    table.corrections {
                        thead { tr {
                            th scope="col" { "Date" } th scope="col" { "Claim" } th scope="col" { "Was" }
                            th scope="col" { "Now" } th scope="col" { "Why" } th scope="col" { "By" }
                        } }
                        tbody {
                            @for (c, k) in &r.corrections {
                                tr {
                                    td { (k.at.get(..10).unwrap_or(&k.at)) }
                                    td { "#" (c.id) " " (one_line(&c.speaker)) ": “"
                                         (shorten(&one_line(&c.text), CLAIM_CHARS)) "”" }
                                    @let (was, now) = k.findings();
                                    td { (finding(&was)) }
                                    td { (finding(&now)) }
                                    td { (one_line(k.reason().unwrap_or(""))) }
                                    td { (one_line(&k.actor)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn came_back(r: &Report) -> Markup {
    let rest = r.came_back_total.saturating_sub(r.came_back.len());
    html! {
        section #came-back {
            h2 { "Came back" }
            p {
                "Checked claims said again: linked to their repeats as these arrived, or by a "
                "checker. The one that came back last comes first."
            }
            @if r.came_back.is_empty() {
                p { "No checked claim has come back." }
            } @else {
                div.scroll {
                    table.came-back {
                        thead { tr {
                            th scope="col" { "Claim" } th scope="col" { "Rated" } th scope="col" { "Times" }
                            th scope="col" { "Last" } th scope="col" { "Said again by" } th scope="col" { "Where" }
                        } }
                        tbody {
                            @for c in &r.came_back {
                                tr {
                                    td { "#" (c.claim.id) " " (one_line(&c.claim.speaker)) ": “"
                                         (shorten(&one_line(&c.claim.text), CLAIM_CHARS)) "”" }
                                    td {
                                        (status_label(c.claim.status.as_str()))
                                        @if let Some(v) = c.claim.verdict {
                                            " · " span class=(verdict_class(v.as_str())) { (verdict_label(v.as_str())) }
                                        }
                                    }
                                    td.n { (c.repeated_by.len()) }
                                    td { (c.last) }
                                    td { (one_line(&c.by.join(", "))) }
                                    td { (one_line(&c.places.join(", "))) }
                                }
                            }
                        }
                    }
                }
                @if rest > 0 {
                    p.note {
                        "And " (rest) " more: " code { "claimtrack repeats" } " lists them all."
                    }
                }
            }
        }
    }
}

fn sources(r: &Report) -> Markup {
    let rest = r.sources_total.saturating_sub(r.sources.len());
    html! {
        section #sources {
            h2 { "Sources" }
            p {
                "The outlets the claims appeared in, and how many from each are still open. "
                "A claim seen in two outlets counts for both."
            }
            @if r.sources.is_empty() {
                p { "No sources." }
            } @else {
                div.scroll {
                    table.sources {
                        thead { tr {
                            th scope="col" { "Outlet" } th scope="col" { "Kind" } th scope="col" { "Claims" }
                            th scope="col" { "Open" } th scope="col" { "Resolved" } th scope="col" { "Open / resolved" }
                        } }
                        tbody {
                            @for card in &r.sources {
                                @let open = card.open();
                                @let resolved = card.claims - open;
                                tr {
                                    th scope="row" { (one_line(&card.name)) }
                                    td { (card.detail.as_deref().map(|k| k.replace('_', " ")).unwrap_or_default()) }
                                    td.n { (card.claims) } td.n { (open) } td.n { (resolved) }
                                    td.strip-cell { (stacked(&format!("{}: {open} open, {resolved} resolved", one_line(&card.name)), &[
                                        Bar { label: "open", count: open, class: "s-unverified" },
                                        Bar { label: "resolved", count: resolved, class: "s-verified" },
                                    ])) }
                                }
                            }
                        }
                    }
                }
                @if rest > 0 {
                    p.note {
                        "And " (rest) " more outlets with fewer claims: "
                        code { "claimtrack stats --by source" } " counts them all."
                    }
                }
            }
        }
    }
}
