//! Exports: the claim record (JSON Lines / JSON, lossless, re-ingestible), CSV, and schema.org
//! ClaimReview JSON-LD as Google's Fact Check markup expects it.

use serde_json::{Value, json};

use crate::domain::{ClaimDetail, SpeakerKind, Stage, Status};

/// Who publishes the reviews: ClaimReview's `author`.
#[derive(Debug, Clone)]
pub struct Publisher {
    pub name: String,
    pub url: Option<String>,
}

/// Why a claim has no ClaimReview in an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    NotResolved,
    /// The desk's own check, not published yet (`claimtrack publish`).
    NotPublished,
    /// Another publisher's review, imported: only with `--include-imported`.
    Imported,
    NoReviewUrl,
}

/// A claim's ClaimReview, or why it cannot have one. `review_url` is the claim's own or one made
/// from a template.
pub fn claim_review(
    d: &ClaimDetail,
    review_url: Option<&str>,
    publisher: &Publisher,
    include_imported: bool,
) -> Result<Value, Skip> {
    let c = &d.claim;
    if c.status.is_outstanding() {
        return Err(Skip::NotResolved);
    }
    // Someone else's review goes out under their name and URL, never ours. (Publishing a claim
    // makes the check the desk's: `publish` clears who it was imported from.)
    let imported = c.review_author.as_deref();
    match imported {
        Some(_) if !include_imported => return Err(Skip::Imported),
        None if c.stage != Some(Stage::Published) => return Err(Skip::NotPublished),
        _ => {}
    }
    let url = if imported.is_some() {
        c.review_url.as_deref()
    } else {
        review_url
    }
    .ok_or(Skip::NoReviewUrl)?;
    // An imported review was published when the claim reached its present status.
    let reviewed_at = d
        .history
        .iter()
        .map(|h| &h.change)
        .rev()
        .find(|h| h.to == c.status)
        .map_or(c.updated_at.as_str(), |h| h.at.as_str());
    let date_published = c.published_on.map_or_else(
        || reviewed_at.get(..10).unwrap_or(reviewed_at).to_string(),
        |d| d.to_string(),
    );
    // The publisher's own words, unless all there is is a dataset's slug ("pants-fire").
    let alternate_name = c
        .verdict_label
        .clone()
        .filter(|label| !is_slug(label))
        .or_else(|| c.verdict.map(|v| v.display().to_string()))
        .unwrap_or_else(|| match c.status {
            Status::Verified => "Verified".to_string(),
            Status::Disputed => "Disputed".to_string(),
            _ => "Unverifiable".to_string(),
        });
    // Google asks for the label twice: `alternateName` (required) and `name` (recommended).
    let mut rating =
        json!({ "@type": "Rating", "alternateName": alternate_name, "name": alternate_name });
    if let Some(v) = c.verdict {
        rating["ratingValue"] = json!(v.rating());
        rating["bestRating"] = json!(6);
        rating["worstRating"] = json!(1);
    }
    if let Some(explanation) = &c.explanation {
        rating["ratingExplanation"] = json!(explanation);
    }
    let appearance = |a: &crate::domain::Appearance| {
        let mut work = json!({ "@type": "CreativeWork" });
        if let Some(url) = &a.url {
            work["url"] = json!(url);
        }
        work["headline"] = json!(a.title.clone().unwrap_or_else(|| a.name.clone()));
        if let Some(p) = a.published_on {
            work["datePublished"] = json!(p.to_string());
        }
        work["publisher"] = json!({ "@type": "Organization", "name": a.name });
        work
    };
    // A person, or an organisation (a group, or an author nobody knows, is no person).
    let kind = c
        .speaker_kind
        .unwrap_or_else(|| SpeakerKind::guess(&c.speaker));
    let mut author = json!({ "@type": kind.schema_type(), "name": c.speaker });
    if let (SpeakerKind::Person, Some(role)) = (kind, &c.speaker_role) {
        author["jobTitle"] = json!(role);
    }
    let mut item = json!({ "@type": "Claim", "author": author });
    if let Some(said) = c.said_on {
        item["datePublished"] = json!(said.to_string());
    }
    if let Some(language) = &c.language {
        item["inLanguage"] = json!(language);
    }
    if !d.appearances.is_empty() {
        item["appearance"] = Value::Array(d.appearances.iter().map(appearance).collect());
        item["firstAppearance"] = appearance(&d.appearances[0]);
    }
    let mut org = json!({ "@type": "Organization", "name": imported.unwrap_or(&publisher.name) });
    if let (None, Some(u)) = (imported, &publisher.url) {
        org["url"] = json!(u);
    }
    let mut review = json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": c.text,
        "datePublished": date_published,
        "author": org,
        "reviewRating": rating,
        "itemReviewed": item,
    });
    if let Some(title) = &c.review_title {
        review["headline"] = json!(title);
    }
    // The review is taken to be written in the claim's language, as a desk's reviews are.
    if let Some(language) = &c.language {
        review["inLanguage"] = json!(language);
    }
    // Corrections in public (those still in effect): when, and what changed why, in the
    // review's own text.
    let corrections =
        crate::domain::corrections_in_effect(&crate::domain::Finding::of(c), &d.corrections);
    if let Some(last) = corrections.last() {
        review["dateModified"] = json!(last.at.get(..10).unwrap_or(&last.at));
        let mut body: Vec<String> = c.explanation.iter().cloned().collect();
        for k in &corrections {
            body.push(correction_sentence(k));
        }
        review["reviewBody"] = json!(body.join("\n\n"));
    }
    Ok(review)
}

/// A machine's label, not a publisher's words, as datasets such as LIAR write them: ASCII
/// lowercase joined by `-` or `_` ("pants-fire", "half_true"), or one of our own verdict words
/// ("false"). A publisher's lowercase word ("falso", "misleading") is theirs.
fn is_slug(label: &str) -> bool {
    let machine = label
        .chars()
        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_');
    machine
        && (label.contains(['-', '_'])
            || crate::domain::Verdict::ALL
                .iter()
                .any(|v| v.as_str() == label))
}

/// "Corrected on 2025-08-21: rated false, now mostly false. Why: the deal covered grain only."
fn correction_sentence(k: &crate::domain::Correction) -> String {
    let verdict = |f: &crate::domain::Finding| {
        f.verdict.map_or_else(
            || f.status.map_or("unrated", Status::as_str).replace('_', " "),
            |v| v.display().to_lowercase(),
        )
    };
    let (was, now) = k.findings();
    let mut text = format!(
        "Corrected on {}: rated {}, now {}.",
        k.at.get(..10).unwrap_or(&k.at),
        verdict(&was),
        verdict(&now)
    );
    if was.explanation != now.explanation {
        text.push_str(" The explanation was changed.");
    }
    if let Some(why) = k.reason() {
        text.push_str(" Why: ");
        text.push_str(why);
        if !why.ends_with('.') {
            text.push('.');
        }
    }
    text
}

/// A JSON-LD block for an HTML page. `</` is escaped so claim text cannot close the script.
#[must_use]
pub fn script_block(value: &Value) -> String {
    // `<`, `>` and `&` as JSON escapes: no `</script>` or `<!--` can end or bend the block, and
    // the JSON means the same. They occur only inside strings.
    let json = serde_json::to_string_pretty(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        // And C1 controls, as every JSON claimtrack prints (see `JsonOut`).
        .chars()
        .map(|c| {
            if ('\u{80}'..='\u{9f}').contains(&c) {
                format!("\\u{:04x}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect::<String>();
    format!("<script type=\"application/ld+json\">\n{json}\n</script>\n")
}

#[cfg(test)]
mod tests {
    use super::is_slug;

    #[test]
    fn slugs_are_told_from_publishers_words() {
        for slug in ["pants-fire", "half_true", "false", "barely-true"] {
            assert!(is_slug(slug), "{slug}");
        }
        for words in [
            "Pants on Fire",
            "False",
            "Faux",
            "Engañoso",
            "خطأ",
            "Half True",
            "misleading",
            "falso",
        ] {
            assert!(!is_slug(words), "{words}");
        }
    }
}
