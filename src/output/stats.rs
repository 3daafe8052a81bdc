//! Scorecards and bar charts drawn with Unicode blocks.

use std::fmt::Write as _;
use std::io::Write;

use comfy_table::{Cell, CellAlignment};
use unicode_width::UnicodeWidthStr;

use super::{CsvOut, Fit, fit_columns, one_line, shorten, table};
use crate::domain::{Scorecard, Status, Verdict};

/// A share as a whole percentage, or a dash when there is nothing to share.
pub(super) fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "–".into(), |s| format!("{:.0}%", s * 100.0))
}

/// "25 of 70": how many rated claims were rated false or worse.
fn false_text(c: &Scorecard) -> String {
    if c.rated == 0 {
        "–".into()
    } else {
        format!("{} of {}", c.false_or_worse, c.rated)
    }
}

/// Speakers or sources, one row each.
#[must_use]
pub fn scorecards_table(cards: &[Scorecard], what: &str, detail: &str) -> comfy_table::Table {
    let mut t = table(&[
        what, detail, "Claims", "Open", "Verified", "Disputed", "Rated", "False+",
    ]);
    for c in cards {
        let number = |n: i64| Cell::new(n).set_alignment(CellAlignment::Right);
        t.add_row(vec![
            Cell::new(one_line(&c.name)),
            Cell::new(c.detail.as_deref().map(one_line).unwrap_or_default()),
            number(c.claims),
            number(c.open()),
            number(*c.by_status.get("verified").unwrap_or(&0)),
            number(*c.by_status.get("disputed").unwrap_or(&0)),
            number(c.rated),
            Cell::new(false_text(c)).set_alignment(CellAlignment::Right),
        ]);
    }
    fit_columns(
        &mut t,
        &[
            Fit::Rest,
            Fit::Optional { max: 24, min: 10 },
            Fit::Content,
            Fit::Content,
            Fit::Optional { max: 8, min: 8 },
            Fit::Optional { max: 8, min: 8 },
            Fit::Optional { max: 5, min: 5 },
            Fit::Content,
        ],
    );
    t
}

pub fn scorecards_csv(
    out: &mut dyn Write,
    cards: &[Scorecard],
    what: &str,
    detail: &str,
) -> anyhow::Result<()> {
    let mut header = vec![what, detail, "claims"];
    header.extend(Status::ALL.iter().map(|s| s.as_str()));
    header.extend(Verdict::ALL.iter().map(|v| v.as_str()));
    header.extend(["rated", "false_or_worse", "false_share", "false_share_low"]);
    let mut csv = CsvOut::new(out, &header)?;
    for c in cards {
        let mut row = vec![
            c.name.clone(),
            c.detail.clone().unwrap_or_default(),
            c.claims.to_string(),
        ];
        row.extend(
            Status::ALL
                .iter()
                .map(|s| c.by_status.get(s.as_str()).unwrap_or(&0).to_string()),
        );
        row.extend(
            Verdict::ALL
                .iter()
                .map(|v| c.by_verdict.get(v.as_str()).unwrap_or(&0).to_string()),
        );
        row.push(c.rated.to_string());
        row.push(c.false_or_worse.to_string());
        row.push(c.false_share.map(|s| format!("{s:.4}")).unwrap_or_default());
        row.push(
            c.false_share_low
                .map(|s| format!("{s:.4}"))
                .unwrap_or_default(),
        );
        csv.row(row)?;
    }
    csv.finish()
}

/// Eighths of a block, for bars finer than one character.
const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// One line per count: label, number, and a bar scaled so the largest fills the width. Status and
/// verdict labels take their colours when `words` is set.
#[must_use]
pub fn bars(counts: &[(String, i64)], words: bool) -> String {
    let total = super::width() as usize;
    let labels: Vec<String> = counts
        .iter()
        .map(|(k, _)| shorten(&one_line(k), 28))
        .collect();
    let label_width = labels.iter().map(|l| l.width()).max().unwrap_or(0);
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let number_width = max.to_string().len();
    let room = total.saturating_sub(label_width + number_width + 4).max(10);
    let mut out = String::new();
    for ((key, count), label) in counts.iter().zip(&labels) {
        let eighths = (*count as f64 / max as f64 * room as f64 * 8.0).round() as usize;
        let mut bar = "█".repeat(eighths / 8);
        if !eighths.is_multiple_of(8) {
            bar.push(PARTS[eighths % 8]);
        }
        let pad = " ".repeat(label_width - label.width());
        let painted = match (words, super::color()) {
            (true, true) => paint(key, &bar),
            _ => bar,
        };
        let _ = writeln!(out, "{label}{pad}  {count:>number_width$}  {painted}");
    }
    out
}

/// A bar in the colour of its status or verdict word.
fn paint(word: &str, bar: &str) -> String {
    let color = word
        .parse::<Status>()
        .map(super::status_color)
        .or_else(|_| word.parse::<Verdict>().map(super::verdict_color))
        .ok();
    let code = match color {
        Some(comfy_table::Color::Green) => "32",
        Some(comfy_table::Color::Red) => "31",
        Some(comfy_table::Color::Yellow) => "33",
        Some(comfy_table::Color::Cyan) => "36",
        Some(comfy_table::Color::Magenta) => "35",
        Some(comfy_table::Color::DarkGrey) => "90",
        _ => return bar.to_string(),
    };
    format!("\u{1b}[{code}m{bar}\u{1b}[39m")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_count() {
        let text = bars(
            &[
                ("verified".into(), 8),
                ("disputed".into(), 2),
                ("none".into(), 0),
            ],
            false,
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        let blocks = |l: &str| l.chars().filter(|c| *c == '█').count();
        assert!(
            blocks(lines[0]) >= 4 * blocks(lines[1]) && blocks(lines[1]) > 0,
            "{text}"
        );
        assert!(lines[2].ends_with("0  "), "{text}");
        assert!(lines[0].starts_with("verified  8  "), "{text}");
    }
}
