//! claimtrack: a fact-check claim tracker on an embedded SQLite database.

mod ingest;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() >= 3 && args[1] == "extract" {
        let text = std::fs::read_to_string(&args[2]).expect("read");
        let quotes = ingest::extract::extract(&text);
        println!("{}", serde_json::to_string_pretty(&quotes).unwrap());
        return ExitCode::SUCCESS;
    }
    ExitCode::FAILURE
}
