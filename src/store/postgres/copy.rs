//! Rows as they are, for `db copy` between engines (`store::Transfer`): read as `to_jsonb`,
//! written back with `jsonb_populate_record`, so every column keeps its type.

use serde_json::{Map, Value};

use super::Store;
use crate::store::{Result, StoreError, Transfer, common};

impl Transfer for Store {
    fn read_rows(
        &self,
        table: &str,
        after: Option<&[Value]>,
        limit: usize,
    ) -> Result<Vec<Map<String, Value>>> {
        let key = common::table_key(table)?.join(", ");
        let (filter, anchor) = match after {
            Some(values) => {
                let object: Map<String, Value> = common::table_key(table)?
                    .iter()
                    .map(|c| (*c).to_string())
                    .zip(values.iter().cloned())
                    .collect();
                (
                    format!(
                        "WHERE ({key}) > (SELECT {key} FROM jsonb_populate_record(NULL::{table}, $1::TEXT::JSONB))"
                    ),
                    Some(Value::Object(object).to_string()),
                )
            }
            None => ("WHERE $1::TEXT IS NULL".to_string(), None),
        };
        let sql = format!(
            "SELECT (to_jsonb(t) - 'search')::TEXT FROM {table} t {filter}
              ORDER BY {key} LIMIT {limit}"
        );
        self.query(&sql, &[&anchor])?
            .iter()
            .map(|r| match serde_json::from_str(r.try_get::<_, &str>(0)?) {
                Ok(Value::Object(row)) => Ok(row),
                _ => Err(StoreError::Restore(format!(
                    "a row of {table} is not an object"
                ))),
            })
            .collect()
    }

    fn write_rows(&mut self, table: &str, rows: &[Map<String, Value>]) -> Result<()> {
        common::table_key(table)?;
        let have: Vec<String> = self
            .query(
                "SELECT column_name::TEXT FROM information_schema.columns
                  WHERE table_schema = current_schema() AND table_name = $1",
                &[&table],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let rows: Vec<(String, String)> = rows
            .iter()
            .map(|row| {
                let kept: Map<String, Value> = row
                    .iter()
                    .filter(|(c, _)| have.contains(c))
                    .map(|(c, v)| (c.clone(), v.clone()))
                    .collect();
                let columns = kept.keys().cloned().collect::<Vec<_>>().join(", ");
                (columns, Value::Object(kept).to_string())
            })
            .collect();
        self.transaction(&mut |tx| {
            for (columns, row) in &rows {
                tx.execute(
                    &format!(
                        "INSERT INTO {table} ({columns})
                         SELECT {columns} FROM jsonb_populate_record(NULL::{table}, $1::TEXT::JSONB)"
                    ),
                    &[row],
                )?;
            }
            Ok(())
        })
    }

    fn is_empty(&self) -> Result<bool> {
        Ok(self
            .query(
                "SELECT NOT (EXISTS (SELECT 1 FROM claims) OR EXISTS (SELECT 1 FROM operations))",
                &[],
            )?
            .first()
            .is_some_and(|r| r.get::<_, bool>(0)))
    }
}
