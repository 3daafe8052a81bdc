//! How the domain's words and dates are stored: as text, exactly as SQLite stores them.

use std::error::Error;

use bytes::BytesMut;
use chrono::NaiveDate;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

use crate::domain::{SourceKind, SpeakerKind, Stage, Stance, Status, Verdict};

type BoxError = Box<dyn Error + Sync + Send>;

macro_rules! pg_word {
    ($($name:ty),+) => {$(
        impl ToSql for $name {
            fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
                self.as_str().to_sql(ty, out)
            }
            fn accepts(ty: &Type) -> bool {
                <&str as ToSql>::accepts(ty)
            }
            to_sql_checked!();
        }
        impl<'a> FromSql<'a> for $name {
            fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
                Ok(<&str as FromSql>::from_sql(ty, raw)?.parse()?)
            }
            fn accepts(ty: &Type) -> bool {
                <&str as FromSql>::accepts(ty)
            }
        }
    )+};
}

pg_word!(Status, Verdict, Stance, SourceKind, Stage, SpeakerKind);

/// A date as stored: `YYYY-MM-DD` text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Day(pub NaiveDate);

impl ToSql for Day {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        self.0.format("%F").to_string().to_sql(ty, out)
    }
    fn accepts(ty: &Type) -> bool {
        <&str as ToSql>::accepts(ty)
    }
    to_sql_checked!();
}

impl<'a> FromSql<'a> for Day {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(Day(<&str as FromSql>::from_sql(ty, raw)?.parse()?))
    }
    fn accepts(ty: &Type) -> bool {
        <&str as FromSql>::accepts(ty)
    }
}

/// `Option<NaiveDate>` to store.
pub(super) fn day(date: Option<NaiveDate>) -> Option<Day> {
    date.map(Day)
}

/// A stored date, read back.
pub(super) fn date(day: Option<Day>) -> Option<NaiveDate> {
    day.map(|d| d.0)
}
