//! Dates as people type them (`2025-08-15`, `today`, `+7d`, `-2w`) and the one clock everything
//! reads, so tests can fix time.

use chrono::{DateTime, Days, Local, Months, NaiveDate, SecondsFormat, Utc};

/// The single source of "now". `CLAIMTRACK_NOW` (RFC 3339) fixes it for tests and demos.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    now: DateTime<Utc>,
}

impl Clock {
    /// The clock at `fixed` (RFC 3339, for tests and replays), else at the real time.
    pub fn at(fixed: Option<&str>) -> Result<Clock, String> {
        match fixed {
            Some(value) => DateTime::parse_from_rfc3339(value)
                .map(|t| Clock {
                    now: t.with_timezone(&Utc),
                })
                .map_err(|e| format!("CLAIMTRACK_NOW: '{value}' is not an RFC 3339 time: {e}")),
            None => Ok(Clock { now: Utc::now() }),
        }
    }

    #[cfg(test)]
    #[must_use]
    pub fn fixed(now: DateTime<Utc>) -> Clock {
        Clock { now }
    }

    #[must_use]
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Now as stored: UTC, second precision, `2025-08-15T21:04:05Z`.
    #[must_use]
    pub fn timestamp(&self) -> String {
        self.now.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// Today's date where the user is, which is what "today" and "overdue" mean to them.
    #[must_use]
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&Local).date_naive()
    }
}

/// Parses `YYYY-MM-DD`, `today`, `yesterday`, `tomorrow`, or an offset from today such as `+7d`,
/// `-2w`, `+1m`, `-1y`.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    if let Some(date) = iso_date(input.trim()) {
        return Ok(date);
    }
    let s = input.trim().to_lowercase();
    let shifted = match s.as_str() {
        "today" => Some(today),
        "yesterday" => today.checked_sub_days(Days::new(1)),
        "tomorrow" => today.checked_add_days(Days::new(1)),
        _ if s.starts_with(['+', '-']) && s.len() > 2 => relative(&s, today)?,
        _ => {
            return NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .ok()
                .filter(|_| s.len() == 10)
                .ok_or_else(|| {
                    format!(
                        "'{input}' is not a date (use YYYY-MM-DD, today, yesterday, or an offset such as +7d, -2w, +1m)"
                    )
                });
        }
    };
    shifted.ok_or_else(|| format!("'{input}' is out of the supported date range"))
}

/// `YYYY-MM-DD` read directly: files hold millions of these.
fn iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(
        i32::try_from(number(0..4)?).ok()?,
        number(5..7)?,
        number(8..10)?,
    )
}

fn relative(s: &str, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
    let (sign, rest) = s.split_at(1);
    // The unit is the last character, whatever its width.
    let unit_at = rest.char_indices().last().map_or(0, |(i, _)| i);
    let (digits, unit) = rest.split_at(unit_at);
    let n: u32 = digits.parse().map_err(|_| {
        format!("'{s}' is not a date offset (use a number and d, w, m or y, such as +7d or -2w)")
    })?;
    let forward = sign == "+";
    let result = match unit {
        "d" | "w" => {
            let days = Days::new(u64::from(n) * if unit == "w" { 7 } else { 1 });
            if forward {
                today.checked_add_days(days)
            } else {
                today.checked_sub_days(days)
            }
        }
        "m" | "y" => {
            let months = Months::new(n.saturating_mul(if unit == "y" { 12 } else { 1 }));
            if forward {
                today.checked_add_months(months)
            } else {
                today.checked_sub_months(months)
            }
        }
        _ => {
            return Err(format!(
                "'{s}' has an unknown unit '{unit}' (use d, w, m or y, such as +7d or -2w)"
            ));
        }
    };
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn parses_iso_words_and_offsets() {
        let today = day("2025-08-15");
        assert_eq!(parse_date("2025-08-01", today).unwrap(), day("2025-08-01"));
        assert_eq!(parse_date("today", today).unwrap(), today);
        assert_eq!(parse_date("Yesterday", today).unwrap(), day("2025-08-14"));
        assert_eq!(parse_date("+7d", today).unwrap(), day("2025-08-22"));
        assert_eq!(parse_date("-2w", today).unwrap(), day("2025-08-01"));
        assert_eq!(parse_date("+1m", today).unwrap(), day("2025-09-15"));
        assert_eq!(parse_date("-1y", today).unwrap(), day("2024-08-15"));
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        let today = day("2025-08-15");
        for bad in [
            "2025-02-30",
            "15/08/2025",
            "soon",
            "+7x",
            "+d",
            "2025-8-1",
            "",
            "+99999999999y",
            "-7é",
            "+é",
        ] {
            assert!(parse_date(bad, today).is_err(), "{bad} should be rejected");
        }
    }
}

/// Reads a date as found in files from elsewhere: anything `parse_date` takes, a timestamp
/// (`2025-08-15T10:00:00Z`, `2025-08-15 10:00`), or a written date inside text ("stated on
/// January 20, 2023 in a speech", "20 Jan 2023").
pub fn parse_date_lenient(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let trimmed = input.trim();
    if let Ok(date) = parse_date(trimmed, today) {
        return Ok(date);
    }
    if let Some(prefix) = trimmed.get(..10)
        && trimmed.len() > 10
        && trimmed[10..].starts_with(['T', ' ', 't'])
        && let Ok(date) = NaiveDate::parse_from_str(prefix, "%Y-%m-%d")
    {
        return Ok(date);
    }
    written_date(trimmed).map(|(date, _)| date).ok_or_else(|| {
        format!("'{trimmed}' is not a date (use YYYY-MM-DD, a timestamp, or a date such as 'January 20, 2023')")
    })
}

pub(super) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == word
                || (word.len() <= 4 && m.starts_with(&word))
                || (word == "sept" && *m == "september")
        })
        .map(|i| i as u32 + 1)
}

/// What follows the first date written in `text` ("in a news conference:" after "stated on
/// January 20, 2023"), or `None` when there is no such date.
#[must_use]
pub fn after_written_date(text: &str) -> Option<&str> {
    written_date(text).map(|(_, end)| &text[end..])
}

/// The first "Month D, YYYY" or "D Month YYYY" in `text`, and the byte offset where it ends.
fn written_date(text: &str) -> Option<(NaiveDate, usize)> {
    // Each word with the byte offset where it ends in `text` (the words are slices of it).
    let words: Vec<(&str, usize)> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| (w, w.as_ptr() as usize - text.as_ptr() as usize + w.len()))
        .collect();
    let leading_digits =
        |w: &str| w.len() - w.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    // "20", "20th", "2023:" but not "20x20".
    let number = |w: &str| {
        let digits = leading_digits(w);
        (digits > 0 && w.len() - digits <= 2)
            .then(|| w[..digits].parse::<u32>().ok())
            .flatten()
    };
    for window in words.windows(3) {
        let [(a, _), (b, _), (c, end)] = [window[0], window[1], window[2]];
        let candidates = [
            (month_number(a), number(b), number(c)),
            (month_number(b), number(a), number(c)),
        ];
        for (month, day, year) in candidates {
            if let (Some(m), Some(d), Some(y)) = (month, day, year)
                && (1000..=9999).contains(&y)
                && let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d)
            {
                // "2023:" ends at its digits.
                return Some((date, end - c.len() + leading_digits(c)));
            }
        }
    }
    None
}

#[cfg(test)]
mod lenient_tests {
    use super::*;

    #[test]
    fn finds_dates_written_in_text_and_timestamps() {
        let today = NaiveDate::from_ymd_opt(2025, 8, 15).unwrap();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            parse_date_lenient("stated on January 20, 2023 in in a news conference:", today),
            Ok(d(2023, 1, 20))
        );
        assert_eq!(
            parse_date_lenient("20th Jan 2023.", today),
            Ok(d(2023, 1, 20))
        );
        assert_eq!(
            parse_date_lenient("on March 3, 2021: a speech", today),
            Ok(d(2021, 3, 3))
        );
        assert_eq!(
            parse_date_lenient("Sept. 3, 2019", today),
            Ok(d(2019, 9, 3))
        );
        assert_eq!(
            parse_date_lenient("2025-08-15T10:00:00+02:00", today),
            Ok(d(2025, 8, 15))
        );
        assert_eq!(
            parse_date_lenient("2025-08-15 10:00", today),
            Ok(d(2025, 8, 15))
        );
        assert_eq!(parse_date_lenient("May 2023", today).ok(), None);
        assert!(parse_date_lenient("February 30, 2023", today).is_err());
        assert!(parse_date_lenient("soon", today).is_err());
        assert_eq!(
            after_written_date("stated on January 20, 2023 in in a news conference:"),
            Some(" in in a news conference:")
        );
        assert_eq!(after_written_date("on 3 März 2021: — café"), None);
        assert_eq!(
            after_written_date("20 Jan 2023: ´a café´"),
            Some(": ´a café´")
        );
    }
}

/// A date something was said or published cannot be after today; a day of slack is left for
/// time zones ahead of the clock's.
pub fn not_future(date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
    if date > today + chrono::Days::new(1) {
        return Err(format!("{date} is in the future (today is {today})"));
    }
    Ok(date)
}

/// Checks a timestamp from a file (RFC 3339, or a bare date) and writes it the way we store
/// them: UTC, second precision.
pub fn parse_timestamp(input: &str) -> Result<String, String> {
    let trimmed = input.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(trimmed) {
        return Ok(t
            .with_timezone(&Utc)
            .to_rfc3339_opts(SecondsFormat::Secs, true));
    }
    if let Ok(d) = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d") {
        return Ok(format!("{d}T00:00:00Z"));
    }
    Err(format!(
        "'{trimmed}' is not a timestamp (use RFC 3339, such as 2025-08-15T21:04:05Z)"
    ))
}
