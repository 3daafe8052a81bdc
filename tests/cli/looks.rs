//! What people read, pinned: tables and messages at 100 and 60 columns, as snapshots
//! (`cargo insta review` after a deliberate change).

use std::fmt::Write as _;

use crate::{Env, sample};

/// The sample data, checked a little: verdicts, a follow-up due and one overdue, a tag.
fn desk() -> Env {
    let env = Env::new();
    env.ok(&[
        "ingest",
        &sample("alaska-summit-article.txt"),
        "--source",
        "Blog post",
        "--published",
        "2025-08-16",
    ]);
    env.ok(&["ingest", &sample("alaska-summit-claims.jsonl")]);
    env.ok(&[
        "dispute",
        "3",
        "--verdict",
        "false",
        "--label",
        "Misleading",
        "--reason",
        "No agreement was published",
    ]);
    env.ok(&["verify", "6", "--verdict", "mostly_true"]);
    env.ok(&["review", "12"]);
    env.ok(&[
        "note",
        "3",
        "Ask the Kremlin press office for the text",
        "--follow-up",
        "2025-08-18",
    ]);
    env.ok(&["note", "12", "Find the Telegram post", "--follow-up", "+3d"]);
    env
}

fn at_width(env: &Env, columns: &str, commands: &[&[&str]]) -> String {
    let mut out = String::new();
    for args in commands {
        let run = env.process(args).env("COLUMNS", columns).output().unwrap();
        let _ = writeln!(out, "$ claimtrack {}", args.join(" "));
        out.push_str(&String::from_utf8_lossy(&run.stdout));
        out.push_str(&String::from_utf8_lossy(&run.stderr));
        if let Some(code) = run.status.code().filter(|c| *c != 0) {
            let _ = writeln!(out, "[exit {code}]");
        }
    }
    out
}

const VIEWS: &[&[&str]] = &[
    &["list", "--limit", "6"],
    &["outstanding", "--limit", "5"],
    &["show", "3"],
    &["followups"],
    &["stats", "--by", "status"],
    &["stats", "--by", "speaker"],
    &["speakers"],
    &["speakers", "--sort", "false", "--min-rated", "1"],
    &["log", "--limit", "4"],
];

const ERRORS: &[&[&str]] = &[
    &["show", "99"],
    &["verify", "2", "--verdict", "false"],
    &["list", "--status", "done"],
    &["list", "--since", "yesterday-ish"],
    &["undo", "99"],
    &["add", "   ", "--speaker", "A"],
    &["list", "--speaker", "%"],
];

#[test]
fn tables_and_messages_at_100_and_60_columns() {
    let env = desk();
    for columns in ["100", "60"] {
        let mut text = at_width(&env, columns, VIEWS);
        text.push_str(&at_width(&env, columns, ERRORS));
        insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(format!("looks_{columns}"), text);
        });
    }
}

#[test]
fn no_table_cuts_a_word_that_fits() {
    let env = desk();
    for columns in ["100", "80", "60"] {
        let text = at_width(&env, columns, VIEWS);
        for name in ["Honcharenko", "unverifiable", "Halkett", "Kimberly"] {
            // A word cut over two lines leaves a piece of it at the start of a cell.
            let cut = text
                .lines()
                .flat_map(|l| l.split('┆'))
                .map(str::trim)
                .any(|cell| {
                    cell.len() >= 2
                        && cell.len() < name.len()
                        && name.ends_with(cell)
                        && !name.starts_with(cell)
                });
            assert!(!cut, "{name} cut at {columns} columns:\n{text}");
        }
    }
}
