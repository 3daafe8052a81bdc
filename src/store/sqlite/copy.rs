//! Rows as they are, for `db copy` between engines (`store::Transfer`).

use rusqlite::params_from_iter;
use rusqlite::types::{Value as SqlValue, ValueRef};
use serde_json::{Map, Value};

use super::ops::sql_value;
use super::{Result, Store};
use crate::store::{Transfer, common};

/// A stored value as JSON; a blob (the de-duplication key) as upper-case hex, as the operation
/// log writes it.
fn json_value(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::from(common::hex(b)),
    }
}

impl Store {
    /// The columns `table` has here.
    fn columns(&self, table: &str) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }
}

impl Transfer for Store {
    fn read_rows(
        &self,
        table: &str,
        after: Option<&[Value]>,
        limit: usize,
    ) -> Result<Vec<Map<String, Value>>> {
        let key = common::table_key(table)?;
        // op_ranges has no id column: its row id is the key.
        let (select, key) = if table == "op_ranges" {
            ("rowid AS id, *", vec!["rowid"])
        } else {
            ("*", key.to_vec())
        };
        let marks = vec!["?"; key.len()].join(", ");
        let filter = if after.is_some() {
            format!("WHERE ({}) > ({marks})", key.join(", "))
        } else {
            String::new()
        };
        let sql = format!(
            "SELECT {select} FROM {table} {filter} ORDER BY {} LIMIT {limit}",
            key.join(", ")
        );
        let values: Vec<SqlValue> = after
            .unwrap_or_default()
            .iter()
            .zip(&key)
            .map(|(v, c)| sql_value(c, v))
            .collect::<Result<_>>()?;
        let mut stmt = self.conn.prepare(&sql)?;
        let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let rows = stmt.query_map(params_from_iter(values), |r| {
            let mut row = Map::new();
            for (i, name) in names.iter().enumerate() {
                row.insert(name.clone(), json_value(r.get_ref(i)?));
            }
            Ok(row)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn write_rows(&mut self, table: &str, rows: &[Map<String, Value>]) -> Result<()> {
        common::table_key(table)?;
        let have = self.columns(table)?;
        self.write(|tx| {
            for row in rows {
                let kept: Vec<(&String, &Value)> =
                    row.iter().filter(|(c, _)| have.contains(c)).collect();
                let columns = kept
                    .iter()
                    .map(|(c, _)| common::column_name(c).map(|c| format!("\"{c}\"")))
                    .collect::<Result<Vec<_>>>()?;
                let marks = (1..=columns.len())
                    .map(|i| format!("?{i}"))
                    .collect::<Vec<_>>();
                let values = kept
                    .iter()
                    .map(|(c, v)| sql_value(c, v))
                    .collect::<Result<Vec<_>>>()?;
                tx.sql
                    .prepare_cached(&format!(
                        "INSERT INTO {table} ({}) VALUES ({})",
                        columns.join(", "),
                        marks.join(", ")
                    ))?
                    .execute(params_from_iter(values))?;
            }
            Ok(())
        })
    }

    fn is_empty(&self) -> Result<bool> {
        let any: i64 = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM claims) OR EXISTS (SELECT 1 FROM operations)",
            [],
            |r| r.get(0),
        )?;
        Ok(any == 0)
    }
}
