//! schema.org ClaimReview as found in the wild: one object, an array, a `@graph`, JSON-LD inside
//! an HTML page's script blocks, `@type` or `type` as a string or a list, ratings as numbers or
//! strings, `itemReviewed` as `Claim` or the older `CreativeWork`; and Google Fact Check Tools API
//! `claims:search` responses. Each review becomes a claim by its claimant, rated on our scale.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;

use super::article::UNKNOWN_SPEAKER;
use super::{Item, Raw, RecordError, Source};
use crate::domain::{
    NEEDS_SPEAKER_TAG, NewClaim, NewEvidence, PastChange, SourceKind, SourceRef, SpeakerKind,
    Stance, Status, Verdict, check_claim_text, check_language, check_name, check_url, not_future,
    parse_date_lenient, parse_timestamp, speaker_as_read, url_host,
};

/// Files above this size are not review pages.
const MAX_BYTES: u64 = 64 << 20;

/// The tag on imported claims whose rating did not map onto our scale.
pub const NEEDS_VERDICT_TAG: &str = "needs-verdict";
/// The tag on imported claims whose rating label and number disagree.
pub const RATING_CONFLICT_TAG: &str = "rating-conflict";

pub fn read(path: &Path, reader: Source, today: NaiveDate) -> Result<Vec<Item>, RecordError> {
    let fail = |line: usize, message: String| RecordError {
        file: path.to_path_buf(),
        line,
        field: None,
        message,
    };
    let text = super::read_whole(path, reader, MAX_BYTES, "for ClaimReview markup")?;
    let text = text.trim_start_matches('\u{feff}');
    // (line of the JSON, the JSON)
    let documents: Vec<(usize, &str)> = if text.trim_start().starts_with('<') {
        let blocks = script_blocks(text);
        if blocks.is_empty() {
            return Err(fail(
                0,
                "is an HTML page without JSON-LD (<script type=\"application/ld+json\">) blocks"
                    .into(),
            ));
        }
        blocks
    } else {
        vec![(1, text)]
    };
    let mut values = Vec::new();
    for (line, json) in documents {
        let value: Value = serde_json::from_str(json).map_err(|e| {
            fail(
                line + e.line().saturating_sub(1),
                format!(
                    "is not valid JSON: {}",
                    super::strip_position(&e.to_string())
                ),
            )
        })?;
        values.push((line, value));
    }
    let mut reviews = Vec::new();
    for (line, value) in &values {
        collect(value, *line, &mut reviews);
    }
    if reviews.is_empty() {
        // Say what it holds instead, when it is schema.org markup of another kind.
        let other = values
            .iter()
            .flat_map(|(_, v)| types_in(v))
            .find(|t| t.ends_with("Review"));
        if let Some(kind) = other {
            return Err(fail(
                0,
                format!("holds {kind}, not ClaimReview: nothing imported"),
            ));
        }
        return Err(fail(
            0,
            "holds no ClaimReview (nor a Fact Check Tools `claims` list)".into(),
        ));
    }
    Ok(reviews
        .into_iter()
        .enumerate()
        .map(|(i, (line, review))| Item {
            line,
            raw: Raw::Json(review.to_string()),
            claim: review
                .to_claim(today)
                .map_err(|(field, message)| RecordError {
                    file: path.to_path_buf(),
                    line,
                    field: Some(format!("review {}: {field}", i + 1)),
                    message,
                }),
        })
        .collect())
}

/// The contents of `<script type="application/ld+json">` blocks, with the line each starts on.
fn script_blocks(html: &str) -> Vec<(usize, &str)> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = lower[at..].find("<script").map(|i| i + at) {
        let Some(tag_end) = lower[open..].find('>').map(|i| i + open) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</script").map(|i| i + tag_end) else {
            break;
        };
        let tag = &lower[open..tag_end];
        if tag.contains("application/ld+json") {
            let body = &html[tag_end + 1..close];
            let line = html[..tag_end].matches('\n').count() + 1;
            out.push((line, body));
        }
        at = close + 1;
    }
    out
}

/// The types of a node: `@type` or `type`, a string or a list.
fn types(node: &Value) -> Vec<&str> {
    match node.get("@type").or_else(|| node.get("type")) {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    }
}

fn is_type(node: &Value, wanted: &str) -> bool {
    types(node)
        .iter()
        .any(|t| t.rsplit(['/', ':']).next() == Some(wanted))
}

/// Finds every review in a JSON-LD document (anywhere in it: top level, arrays, `@graph`, nested
/// in a page) or a Fact Check Tools response.
fn collect<'a>(value: &'a Value, line: usize, out: &mut Vec<(usize, Review<'a>)>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| collect(v, line, out)),
        Value::Object(map) => {
            if is_type(value, "ClaimReview") {
                out.push((line, Review::Schema(value)));
                return;
            }
            if let Some(Value::Array(claims)) = map.get("claims") {
                for claim in claims {
                    if let Some(Value::Array(reviews)) = claim.get("claimReview") {
                        out.extend(
                            reviews
                                .iter()
                                .map(|r| (line, Review::FactCheckApi { claim, review: r })),
                        );
                    }
                }
                return;
            }
            map.values().for_each(|v| collect(v, line, out));
        }
        _ => {}
    }
}

/// One review, in one of the two shapes.
enum Review<'a> {
    Schema(&'a Value),
    FactCheckApi { claim: &'a Value, review: &'a Value },
}

impl std::fmt::Display for Review<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Review::Schema(v) => write!(f, "{v}"),
            Review::FactCheckApi { claim, .. } => write!(f, "{claim}"),
        }
    }
}

/// A string, or the `name` of an object, or the first of a list of those.
fn name_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(items) => items.iter().find_map(|v| name_of(Some(v))),
        Value::Object(_) => {
            let v = value?;
            name_of(v.get("name")).or_else(|| name_of(v.get("legalName")))
        }
        _ => None,
    }
}

fn text_of(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A language as markup gives it: a code, or a `Language` with a code (`alternateName`) or a
/// name; one that cannot be read is left out, as messy markup often has.
fn language_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => check_language(s).ok(),
        Value::Array(items) => items.iter().find_map(|v| language_of(Some(v))),
        v @ Value::Object(_) => {
            language_of(v.get("alternateName")).or_else(|| language_of(v.get("name")))
        }
        _ => None,
    }
}

/// The speaker kind an author's `@type` (or `type`; a string or a list) says.
fn kind_of(author: &Value) -> Option<SpeakerKind> {
    match author.get("@type").or_else(|| author.get("type"))? {
        Value::String(t) => SpeakerKind::of_schema_type(t),
        Value::Array(list) => list
            .iter()
            .filter_map(Value::as_str)
            .find_map(SpeakerKind::of_schema_type),
        _ => None,
    }
}

/// A number written as a number or a string ("4", "4.5").
fn number_of(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Where a reviewed claim appeared: a URL string or a CreativeWork.
fn appearance(value: &Value, today: NaiveDate) -> Option<SourceRef> {
    if let Value::String(url) = value {
        return check_url(url).ok().map(|url| SourceRef {
            url: Some(url),
            ..SourceRef::default()
        });
    }
    let kind = types(value).iter().find_map(|t| match *t {
        "SocialMediaPosting" | "DiscussionForumPosting" | "BlogPosting" => {
            Some(SourceKind::SocialPost)
        }
        "VideoObject" | "BroadcastEvent" | "TVEpisode" | "RadioEpisode" => {
            Some(SourceKind::Broadcast)
        }
        "Article" | "NewsArticle" | "OpinionNewsArticle" | "ReportageNewsArticle" => {
            Some(SourceKind::Article)
        }
        "Speech" => Some(SourceKind::Speech),
        _ => None,
    });
    let source = SourceRef {
        name: name_of(value.get("publisher")).or_else(|| name_of(value.get("author"))),
        url: text_of(value.get("url")).and_then(|u| check_url(&u).ok()),
        title: text_of(value.get("headline")).or_else(|| text_of(value.get("name"))),
        kind: kind.or(Some(SourceKind::Other)),
        published_on: text_of(value.get("datePublished")).and_then(|d| past_date(&d, today)),
        added_at: None,
    };
    (!source.is_empty()).then_some(source)
}

/// Our status for a review: the verdict's, or, when its rating cannot be read, in review for a
/// person to read it.
fn status_for(verdict: Option<Verdict>) -> Status {
    verdict.map_or(Status::InReview, Verdict::implied_status)
}

/// A site's name from its URL.
type Failure = (String, String);

/// What a review says, whichever shape it came in.
struct Parts {
    text: String,
    speaker: Option<String>,
    role: Option<String>,
    /// What the markup's `@type` says the speaker is.
    kind: Option<SpeakerKind>,
    said: Option<String>,
    sources: Vec<SourceRef>,
    label: Option<String>,
    /// (value, worst, best)
    numeric: Option<(f64, f64, f64)>,
    url: Option<String>,
    title: Option<String>,
    reviewer: Option<String>,
    reviewed: Option<String>,
    language: Option<String>,
}

impl Review<'_> {
    fn parts(&self, today: NaiveDate) -> Result<Parts, Failure> {
        let missing = |field: &str| (field.to_string(), "is missing".to_string());
        Ok(match self {
            Review::Schema(r) => {
                let item = r.get("itemReviewed").unwrap_or(&Value::Null);
                let author = match item.get("author").or_else(|| item.get("creator")) {
                    Some(Value::Array(list)) => list.first(),
                    other => other,
                };
                let mut sources: Vec<SourceRef> = Vec::new();
                // A clip's appearance is the video it is part of.
                for key in ["firstAppearance", "appearance", "isPartOf"] {
                    match item.get(key) {
                        Some(Value::Array(list)) => {
                            sources.extend(list.iter().filter_map(|v| appearance(v, today)));
                        }
                        Some(v) => sources.extend(appearance(v, today)),
                        None => {}
                    }
                }
                let rating = r.get("reviewRating").unwrap_or(&Value::Null);
                Parts {
                    text: text_of(r.get("claimReviewed"))
                        .or_else(|| text_of(item.get("name")))
                        .ok_or_else(|| missing("claimReviewed"))?,
                    speaker: name_of(author),
                    role: author.and_then(|a| text_of(a.get("jobTitle"))),
                    kind: author.and_then(kind_of),
                    said: text_of(item.get("datePublished")),
                    sources,
                    label: text_of(rating.get("alternateName"))
                        .or_else(|| text_of(rating.get("name"))),
                    numeric: number_of(rating.get("ratingValue")).map(|v| {
                        let worst = number_of(rating.get("worstRating")).unwrap_or(1.0);
                        (v, worst, number_of(rating.get("bestRating")).unwrap_or(5.0))
                    }),
                    url: text_of(r.get("url")),
                    title: text_of(r.get("headline")).or_else(|| text_of(r.get("name"))),
                    reviewer: name_of(r.get("author"))
                        .or_else(|| name_of(r.get("publisher")))
                        .or_else(|| {
                            r.get("author")
                                .and_then(|a| text_of(a.get("url")))
                                .map(|u| url_host(&u))
                        }),
                    reviewed: text_of(r.get("datePublished")),
                    language: language_of(r.get("inLanguage"))
                        .or_else(|| language_of(item.get("inLanguage"))),
                }
            }
            Review::FactCheckApi { claim, review } => Parts {
                text: text_of(claim.get("text")).ok_or_else(|| missing("text"))?,
                speaker: text_of(claim.get("claimant")),
                role: None,
                kind: None,
                said: text_of(claim.get("claimDate")),
                sources: vec![],
                label: text_of(review.get("textualRating")),
                numeric: None,
                url: text_of(review.get("url")),
                title: text_of(review.get("title")),
                reviewer: name_of(review.get("publisher"))
                    .or_else(|| review.get("publisher").and_then(|p| text_of(p.get("site")))),
                reviewed: text_of(review.get("reviewDate")),
                language: language_of(review.get("languageCode")),
            },
        })
    }

    fn to_claim(&self, today: NaiveDate) -> Result<NewClaim, Failure> {
        let Parts {
            text,
            speaker,
            role,
            kind,
            said,
            sources,
            label,
            numeric,
            url,
            title,
            reviewer,
            reviewed,
            language,
        } = self.parts(today)?;
        let text = check_claim_text(&text).map_err(|e| ("claimReviewed".to_string(), e))?;
        let mut tags = Vec::new();
        let (speaker, kind) = if let Some(Ok(name)) = speaker.map(|s| check_name(&s)) {
            speaker_as_read(name, kind)
        } else {
            // The shared stand-in takes no kind from one review's author.
            tags.push(NEEDS_SPEAKER_TAG.to_string());
            (UNKNOWN_SPEAKER.to_string(), None)
        };
        // The label is what readers see, so it decides; a number that says otherwise is flagged.
        let from_label = label.as_deref().and_then(Verdict::from_label);
        let from_number =
            numeric.and_then(|(value, worst, best)| Verdict::from_rating(value, worst, best));
        let mut verdict = from_label.as_ref().map(|(v, _)| *v).or(from_number);
        // More than one step apart, label and number disagree: the review waits in review,
        // unrated, until someone decides. One step apart ("Faux" with 1 of 5), the label wins.
        let conflict = matches!((&from_label, from_number), (Some((named, _)), Some(counted))
            if named.rating().abs_diff(counted.rating()) > 1);
        if conflict {
            tags.push(RATING_CONFLICT_TAG.to_string());
            verdict = None;
        }
        // Our own words need no label beside the verdict; a publisher's own words are kept.
        let label = match &from_label {
            Some((_, kept)) => kept.clone(),
            None => label,
        };
        if verdict.is_none() && !conflict {
            tags.push(NEEDS_VERDICT_TAG.to_string());
        }
        let status = status_for(verdict);
        let review_url = url
            .as_deref()
            .map(check_url)
            .transpose()
            .map_err(|e| ("url".to_string(), e))?;
        let stance = match verdict {
            Some(Verdict::True | Verdict::MostlyTrue) => Stance::Supports,
            Some(Verdict::Mixed) | None => Stance::Context,
            Some(_) => Stance::Refutes,
        };
        let reviewer = reviewer.unwrap_or_else(|| "ClaimReview".to_string());
        let reviewed_at = reviewed.as_deref().and_then(|d| {
            parse_timestamp(d).ok().or_else(|| {
                parse_date_lenient(d, today)
                    .ok()
                    .map(|d| format!("{d}T00:00:00Z"))
            })
        });
        let history = reviewed_at
            .map(|at| PastChange {
                from: None,
                to: status,
                verdict,
                verdict_label: label.clone(),
                reason: Some(format!("reviewed by {reviewer}")),
                actor: reviewer.clone(),
                at,
            })
            .into_iter()
            .collect();
        let mut evidence = Vec::new();
        if let Some(url) = &review_url {
            let mut e = NewEvidence::link(url.clone(), stance);
            e.title = Some(match &title {
                Some(t) => format!("{reviewer}: {t}"),
                None => format!(
                    "{reviewer}: {}",
                    label.clone().unwrap_or_else(|| "review".into())
                ),
            });
            evidence.push(e);
        }
        Ok(NewClaim {
            text,
            speaker,
            speaker_role: role,
            sources,
            said_on: said.and_then(|d| past_date(&d, today)),
            status,
            verdict,
            verdict_label: label,
            tags,
            evidence,
            review_url,
            review_title: title,
            // Someone else's review: exported only on request, under their name (see export).
            review_author: Some(reviewer.clone()),
            speaker_kind: kind,
            language,
            history,
            ..NewClaim::default()
        })
    }
}

/// A date as publishers write it, when it can be read and is not in the future; markup from the
/// web is messy, so a date that is neither is left out rather than refused.
fn past_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    parse_date_lenient(text, today)
        .ok()
        .and_then(|d| not_future(d, today).ok())
}

/// The schema.org `@type`s anywhere in a JSON-LD value ("MediaReview", "WebPage").
fn types_in(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (key, inner) in map {
                    if key == "@type" || key == "type" {
                        match inner {
                            Value::String(t) => out.push(t.clone()),
                            Value::Array(ts) => {
                                out.extend(ts.iter().filter_map(|t| t.as_str().map(String::from)));
                            }
                            _ => {}
                        }
                    } else {
                        stack.push(inner);
                    }
                }
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_script_blocks_in_any_case() {
        let html = "<html>\n<SCRIPT type='application/ld+json'>{\"a\":1}</script>\n<script>x</script>\n<script type=\"application/ld+json\" id=x>[2]</Script>";
        let blocks = script_blocks(html);
        assert_eq!(blocks, vec![(2, "{\"a\":1}"), (4, "[2]")]);
    }

    #[test]
    fn types_come_as_strings_or_lists_with_or_without_at() {
        let v: Value =
            serde_json::from_str(r#"{"type": ["Review", "http://schema.org/ClaimReview"]}"#)
                .unwrap();
        assert!(is_type(&v, "ClaimReview"));
        let v: Value = serde_json::from_str(r#"{"@type": "Claim"}"#).unwrap();
        assert!(!is_type(&v, "ClaimReview"));
    }
}
