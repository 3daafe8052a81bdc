//! Every command example in README.md and in the `--help` texts runs, in order, on a fresh
//! database, and what it prints is checked against a snapshot (`cargo insta review` after a
//! deliberate change). An example that needs what a test cannot have (a file the repo does not
//! ship, an editor or a prompt, nightly Rust, a million-claim benchmark) says so where it is
//! written, with `[not run: why]`, and is skipped; nothing else is.

use std::fmt::Write as _;
use std::path::Path;

use clap::CommandFactory;

use crate::{Env, NOW};

/// Where a skipped README example says why.
const SKIP: &str = "[not run:";

/// `--help` examples that cannot run here, and why (help texts do not carry the mark).
const HELP_NOT_RUN: &[(&str, &str)] = &[
    (
        "claimtrack archive 12 14",
        "the internet (archive.rs fetches from a server of its own)",
    ),
    (
        "claimtrack archive --all",
        "the internet (archive.rs fetches from a server of its own)",
    ),
    (
        "claimtrack archive --all --evidence-only --again",
        "the internet (archive.rs fetches from a server of its own)",
    ),
    (
        "claimtrack archive show 3 -o page.html",
        "a page fetched first (archive.rs does)",
    ),
    (
        "claimtrack match --file posts.txt --format json",
        "a file the repo does not ship",
    ),
    (
        "claimtrack desk add-user ana --role checker",
        "a PostgreSQL desk (desk.rs runs these)",
    ),
    (
        "claimtrack desk users",
        "a PostgreSQL desk (desk.rs runs these)",
    ),
    (
        "claimtrack desk set-role ana editor",
        "a PostgreSQL desk (desk.rs runs these)",
    ),
    (
        "claimtrack desk whoami",
        "a PostgreSQL desk (desk.rs runs these)",
    ),
    ("claimtrack delete 12", "asks at a prompt"),
    ("claimtrack restore ~/backups/claims.db", "asks at a prompt"),
    (
        "claimtrack ingest politifact.csv --map text=quote,speaker=name,verdict=ruling,said_on=description",
        "a file the repo does not ship",
    ),
    (
        "claimtrack ingest liar.tsv --map text=3,speaker=5,verdict=2 --skip-invalid --rejects bad.tsv",
        "a file the repo does not ship",
    ),
    (
        "claimtrack extract article.md --format json",
        "a file the repo does not ship",
    ),
];

/// The commands of a Markdown file's `sh` blocks, in order: continuation lines joined, comment
/// lines dropped, `cargo run -q --release --` read as `claimtrack`.
fn readme_commands(markdown: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut in_block = false;
    let mut pending = String::new();
    for line in markdown.lines() {
        if line.starts_with("```") {
            in_block = line.trim() == "```sh";
            continue;
        }
        if !in_block || line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if let Some(head) = line.strip_suffix('\\') {
            pending.push_str(head);
            continue;
        }
        pending.push_str(line);
        commands.push(pending.replace("cargo run -q --release --", "claimtrack"));
        pending.clear();
    }
    commands
}

/// The examples of every `--help` text, in the order the commands are listed.
fn help_commands() -> Vec<String> {
    fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
        if let Some(help) = cmd.get_after_help() {
            out.extend(
                help.to_string()
                    .lines()
                    .map(str::trim)
                    .filter(|l| l.starts_with("claimtrack"))
                    .map(str::to_string),
            );
        }
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&claimtrack::cli::Cli::command(), &mut out);
    out.into_iter()
        .map(|c| match HELP_NOT_RUN.iter().find(|(skip, _)| c == *skip) {
            Some((_, why)) => format!("{c}   # {SKIP} {why}]"),
            None => c,
        })
        .collect()
}

/// Runs each command in a shell, in a scratch folder that has the sample data, and returns a
/// transcript: the command, what it printed, and its exit code when not 0.
fn transcript(env: &Env, commands: &[String]) -> String {
    let bin = assert_cmd::cargo::cargo_bin!("claimtrack");
    let work = env.dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    // The folders shells read completions from, as on a machine where the shell is set up.
    for dir in [
        ".local/share/bash-completion/completions",
        ".zfunc",
        ".config/fish/completions",
    ] {
        std::fs::create_dir_all(env.dir.path().join(dir)).unwrap();
    }
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    std::os::unix::fs::symlink(samples, work.join("sample_data")).unwrap();
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut out = String::new();
    for command in commands {
        let _ = writeln!(out, "$ {command}");
        if command.contains(SKIP) {
            let _ = writeln!(out, "(skipped)");
            continue;
        }
        let run = std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .current_dir(&work)
            .env_clear()
            .env("PATH", &path)
            .env("HOME", env.dir.path())
            .env("CLAIMTRACK_DB", &env.db)
            .env("CLAIMTRACK_NOW", NOW)
            .env("CLAIMTRACK_USER", "tester")
            .env("COLUMNS", "100")
            .env("TZ", "UTC")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        out.push_str(&String::from_utf8_lossy(&run.stdout));
        out.push_str(&String::from_utf8_lossy(&run.stderr));
        assert!(
            run.status.success(),
            "{command} failed ({:?}):\n{out}",
            run.status.code()
        );
    }
    out
}

fn check(name: &str, env: &Env, text: &str) {
    let tmp = env.dir.path().display().to_string();
    insta::with_settings!({
        filters => vec![(regex_escape(&tmp).as_str(), "[TMP]")],
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '/' || c == '_' || c == '-' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

#[test]
fn the_readme_runs_as_written_on_a_fresh_database() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let commands = readme_commands(&readme);
    assert!(commands.len() > 40, "{commands:#?}");
    let env = Env::new();
    let text = transcript(&env, &commands);
    check("readme", &env, &text);
}

#[test]
fn every_help_example_runs_on_the_sample_data() {
    let env = Env::new();
    let mut commands = vec![
        "claimtrack ingest sample_data/alaska-summit-article.txt --source 'Blog post' --published 2025-08-16".to_string(),
        "claimtrack ingest sample_data/alaska-summit-claims.jsonl".to_string(),
    ];
    let examples = help_commands();
    assert!(examples.len() > 30, "{examples:#?}");
    commands.extend(examples);
    let text = transcript(&env, &commands);
    check("help", &env, &text);
}
