//! How the domain's word types are stored: as their canonical snake_case words.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::{SourceKind, SpeakerKind, Stage, Stance, Status, Verdict};

macro_rules! sql_word {
    ($($name:ty),+) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }
        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value.as_str()?.parse().map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )+};
}

sql_word!(Status, Verdict, Stance, SourceKind, Stage, SpeakerKind);

/// A date as stored, `YYYY-MM-DD` (chrono's `%F`), written out by hand: chrono's formatter reads
/// its pattern again on every call, which was 3% of a large ingest's writing.
pub(super) struct Day(pub chrono::NaiveDate);

impl ToSql for Day {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        use chrono::Datelike;
        let d = self.0;
        let text = if (0..=9999).contains(&d.year()) {
            format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
        } else {
            d.format("%F").to_string()
        };
        Ok(ToSqlOutput::from(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_stored_as_chrono_writes_them() {
        for (y, m, d) in [
            (2025, 8, 15),
            (1, 1, 1),
            (999, 12, 31),
            (9999, 1, 9),
            (-44, 3, 15),
            (12345, 6, 7),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let ToSqlOutput::Owned(rusqlite::types::Value::Text(text)) =
                Day(date).to_sql().unwrap()
            else {
                panic!("a day is text");
            };
            assert_eq!(text, date.format("%F").to_string());
        }
    }
}
