//! Exports: the claim record (JSON Lines / JSON, lossless, re-ingestible), CSV, and schema.org
//! ClaimReview JSON-LD as Google's Fact Check markup expects it.

use serde_json::{Value, json};

use crate::domain::{ClaimDetail, Status};

/// Who publishes the reviews: ClaimReview's `author`.
#[derive(Debug, Clone)]
pub struct Publisher {
    pub name: String,
    pub url: Option<String>,
}

/// Why a resolved claim has no ClaimReview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    NotResolved,
    NoReviewUrl,
}

/// A claim's ClaimReview, or why it cannot have one. `review_url` is the claim's own or one made
/// from a template.
pub fn claim_review(
    d: &ClaimDetail,
    review_url: Option<&str>,
    publisher: &Publisher,
) -> Result<Value, Skip> {
    let c = &d.claim;
    if c.status.is_outstanding() {
        return Err(Skip::NotResolved);
    }
    let url = review_url.ok_or(Skip::NoReviewUrl)?;
    // The review was published when the claim reached its present status.
    let reviewed_at = d
        .history
        .iter()
        .map(|h| &h.change)
        .rev()
        .find(|h| h.to == c.status)
        .map_or(c.updated_at.as_str(), |h| h.at.as_str());
    let date_published = reviewed_at.get(..10).unwrap_or(reviewed_at);
    let alternate_name = c
        .verdict_label
        .clone()
        .or_else(|| c.verdict.map(|v| v.display().to_string()))
        .unwrap_or_else(|| match c.status {
            Status::Verified => "Verified".to_string(),
            Status::Disputed => "Disputed".to_string(),
            _ => "Unverifiable".to_string(),
        });
    let mut rating = json!({ "@type": "Rating", "alternateName": alternate_name });
    if let Some(v) = c.verdict {
        rating["ratingValue"] = json!(v.rating());
        rating["bestRating"] = json!(6);
        rating["worstRating"] = json!(1);
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
    let mut author = json!({ "@type": "Person", "name": c.speaker });
    if let Some(role) = &c.speaker_role {
        author["jobTitle"] = json!(role);
    }
    let mut item = json!({ "@type": "Claim", "author": author });
    if let Some(said) = c.said_on {
        item["datePublished"] = json!(said.to_string());
    }
    if !d.appearances.is_empty() {
        item["appearance"] = Value::Array(d.appearances.iter().map(appearance).collect());
        item["firstAppearance"] = appearance(&d.appearances[0]);
    }
    let mut org = json!({ "@type": "Organization", "name": publisher.name });
    if let Some(u) = &publisher.url {
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
    Ok(review)
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
