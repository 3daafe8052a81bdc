//! SVG charts for the HTML report, drawn as maud markup: every label is real text, every chart has
//! a `<title>` and `<desc>`, and colours come from CSS classes so the page's stylesheet (and print)
//! decides them.

use maud::{Markup, html};

/// One bar (or segment): what it counts, how many, and the CSS class that colours it.
pub struct Bar<'a> {
    pub label: &'a str,
    pub count: i64,
    pub class: &'a str,
}

/// Width of the drawings in user units; the SVG scales to its box.
const WIDTH: f64 = 560.0;
const COLUMNS_WIDTH: f64 = 640.0;

/// Horizontal bars, one row each, scaled so the largest fills the width; label on the left, the
/// number after the bar.
#[must_use]
pub fn bars(id: &str, title: &str, desc: &str, bars: &[Bar<'_>]) -> Markup {
    let row = 26.0;
    let label_width = 150.0;
    let room = WIDTH - label_width - 60.0;
    let height = row * bars.len() as f64 + 4.0;
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1) as f64;
    html! {
        svg.chart viewBox={ "0 0 " (WIDTH) " " (height) } role="img"
            aria-labelledby={ (id) "-title " (id) "-desc" } {
            title id={ (id) "-title" } { (title) }
            desc id={ (id) "-desc" } { (desc) }
            @for (i, bar) in bars.iter().enumerate() {
                @let y = row * i as f64 + 2.0;
                @let width = (bar.count as f64 / max * room).max(if bar.count > 0 { 1.5 } else { 0.0 });
                g {
                    title { (bar.label) ": " (bar.count) }
                    text.label x=(label_width - 8.0) y=(y + row * 0.65) text-anchor="end" { (bar.label) }
                    rect class=(bar.class) x=(label_width) y=(y + 3.0) width=(round(width))
                        height=(row - 8.0) rx="2" {}
                    text.value x=(label_width + round(width) + 6.0) y=(y + row * 0.65) { (bar.count) }
                }
            }
        }
    }
}

/// One bar split into segments in proportion to their counts (a Truth-O-Meter strip). Empty when
/// every count is zero.
#[must_use]
pub fn stacked(title: &str, segments: &[Bar<'_>]) -> Markup {
    let total: i64 = segments.iter().map(|s| s.count).sum();
    let width = 300.0;
    let mut x = 0.0;
    let mut placed = Vec::new();
    for s in segments.iter().filter(|s| s.count > 0) {
        let w = s.count as f64 / total as f64 * width;
        placed.push((x, w, s));
        x += w;
    }
    html! {
        svg.strip viewBox={ "0 0 " (width) " 14" } preserveAspectRatio="none" role="img" {
            title { (title) }
            @if total == 0 {
                rect.empty x="0" y="0" width=(width) height="14" {}
            }
            @for (x, w, s) in placed {
                rect class=(s.class) x=(round(x)) y="0" width=(round(w)) height="14" {
                    title { (s.label) ": " (s.count) }
                }
            }
        }
    }
}

/// Two series per period as paired vertical bars, with a scale and a legend: claims added and
/// claims resolved per week or month. `periods` is (label, first, second), oldest first.
#[must_use]
pub fn paired_columns(
    id: &str,
    title: &str,
    desc: &str,
    names: [&str; 2],
    periods: &[(String, i64, i64)],
) -> Markup {
    let (left, top, bottom) = (56.0, 34.0, 40.0);
    let height = 260.0;
    let plot_w = COLUMNS_WIDTH - left - 10.0;
    let plot_h = height - top - bottom;
    let max = periods
        .iter()
        .map(|(_, a, b)| *a.max(b))
        .max()
        .unwrap_or(0)
        .max(1);
    let step = nice_step(max);
    let top_value = (max + step - 1) / step * step;
    let slot = plot_w / periods.len().max(1) as f64;
    let bar_w = (slot * 0.4).min(28.0);
    // At most 8 period labels, so they never overlap, even in the larger type of a phone.
    let every = periods.len().div_ceil(8).max(1);
    let y_of = |v: i64| top + plot_h - v as f64 / top_value as f64 * plot_h;
    html! {
        svg.chart.columns viewBox={ "0 0 " (COLUMNS_WIDTH) " " (height) } role="img"
            aria-labelledby={ (id) "-title " (id) "-desc" } {
            title id={ (id) "-title" } { (title) }
            desc id={ (id) "-desc" } { (desc) }
            g.legend {
                rect.added x=(left) y="6" width="12" height="12" {}
                text x=(left + 18.0) y="16" { (names[0]) }
                rect.resolved x=(left + 150.0) y="6" width="12" height="12" {}
                text x=(left + 168.0) y="16" { (names[1]) }
            }
            @for k in 0..=(top_value / step) {
                @let v = k * step;
                line.grid x1=(left) x2=(left + plot_w) y1=(round(y_of(v))) y2=(round(y_of(v))) {}
                text.tick x=(left - 6.0) y=(round(y_of(v)) + 4.0) text-anchor="end" { (compact(v)) }
            }
            @for (i, (label, a, b)) in periods.iter().enumerate() {
                @let x = left + slot * i as f64 + slot / 2.0;
                g {
                    title { (label) ": " (a) " " (names[0].to_lowercase()) ", " (b) " " (names[1].to_lowercase()) }
                    rect.added x=(round(x - bar_w)) y=(round(y_of(*a))) width=(round(bar_w))
                        height=(round(top + plot_h - y_of(*a))) {}
                    rect.resolved x=(round(x)) y=(round(y_of(*b))) width=(round(bar_w))
                        height=(round(top + plot_h - y_of(*b))) {}
                    @if i % every == 0 {
                        text.tick x=(round(x)) y=(top + plot_h + 16.0) text-anchor="middle" { (label) }
                    }
                }
            }
            line.axis x1=(left) x2=(left + plot_w) y1=(top + plot_h) y2=(top + plot_h) {}
        }
    }
}

/// A round step for a scale up to `max`: 1, 2 or 5 times a power of ten, about four steps.
fn nice_step(max: i64) -> i64 {
    let rough = (max as f64 / 4.0).max(1.0);
    let power = 10_f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power);
    step as i64
}

/// A scale number in few characters: 950, 12k, 1.5M.
fn compact(n: i64) -> String {
    match n {
        n if n >= 1_000_000 => format!("{}M", round(n as f64 / 1_000_000.0)),
        n if n >= 10_000 => format!("{}k", n / 1000),
        n => n.to_string(),
    }
}

/// Coordinates to one decimal: enough for a screen, and shorter files.
fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_step_in_ones_twos_and_fives() {
        assert_eq!(nice_step(1), 1);
        assert_eq!(nice_step(7), 2);
        assert_eq!(nice_step(19), 5);
        assert_eq!(nice_step(40), 10);
        assert_eq!(nice_step(100_000), 50_000);
        assert_eq!(compact(950), "950");
        assert_eq!(compact(50_000), "50k");
        assert_eq!(compact(1_500_000), "1.5M");
    }

    #[test]
    fn labels_are_escaped_text_and_charts_have_titles() {
        let svg = bars(
            "t",
            "Claims <by> status",
            "desc",
            &[Bar {
                label: "<script>alert(1)</script>",
                count: 3,
                class: "disputed",
            }],
        )
        .into_string();
        assert!(svg.contains("<title id=\"t-title\">Claims &lt;by&gt; status</title>"));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!svg.contains("<script>"));
        // SVG elements are closed: HTML parsers do not close them for us.
        assert!(svg.contains("</rect>"));
    }

    #[test]
    fn stacked_segments_fill_the_strip_in_proportion() {
        let svg = stacked(
            "Verdicts",
            &[
                Bar {
                    label: "true",
                    count: 1,
                    class: "v-true",
                },
                Bar {
                    label: "false",
                    count: 3,
                    class: "v-false",
                },
            ],
        )
        .into_string();
        assert!(svg.contains("width=\"75\""), "{svg}");
        assert!(svg.contains("x=\"75\""), "{svg}");
    }
}
