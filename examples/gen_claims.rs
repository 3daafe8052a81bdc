//! Writes realistic claim records as JSON Lines for benchmarks: speakers drawn Zipf-like from
//! about 5,000, about 50,000 sources, texts of 60 to 300 characters with numbers and names, dates
//! over ten years, a few percent of claims repeated by other sources, mixed statuses, tags and
//! follow-ups. Seeded, so a run is reproducible.
//!
//!     cargo run --release --example gen_claims -- --claims 1000000 [--seed 7] [--csv rows.csv] > claims.jsonl
//!
//! `--csv` also writes the same rows' flat fields as CSV, for `sqlite3 .import` in the benchmark.

// Building lines with format! reads plainly; this runs once per benchmark.
#![allow(clippy::format_push_string)]

use std::io::{BufWriter, Write};

use claimtrack::domain::Status;

const FIRST: &[&str] = &[
    "James", "Maria", "Robert", "Aisha", "Wei", "Olga", "Carlos", "Fatima", "John", "Elena",
    "Kwame", "Sofia", "Ahmed", "Yuki", "Peter", "Amara", "Lucas", "Ingrid", "Raj", "Chloe",
    "Dmitri", "Nadia", "Samuel", "Leila", "Victor", "Hannah", "Omar", "Greta", "Tomas", "Zanele",
    "Mark", "Priya", "Andrei", "Isabel", "Kofi", "Mei", "Pablo", "Anya", "Hugo", "Rosa", "Emil",
    "Ines", "Felix", "Nora", "Ivan", "Lena", "Marco", "Sara", "Tariq", "Vera",
];
const LAST: &[&str] = &[
    "Smith",
    "Garcia",
    "Nguyen",
    "Kowalski",
    "Okafor",
    "Ivanova",
    "Müller",
    "Rossi",
    "Haddad",
    "Tanaka",
    "Silva",
    "Johansson",
    "Patel",
    "Dubois",
    "Mensah",
    "Novak",
    "Fischer",
    "Costa",
    "Yilmaz",
    "Larsen",
    "Moreau",
    "Kim",
    "Ortega",
    "Petrov",
    "Bauer",
    "Ali",
    "Hughes",
    "Sato",
    "Romero",
    "Weber",
    "Lopez",
    "Chen",
    "Murphy",
    "Schmidt",
    "Diaz",
    "Kaur",
    "Nowak",
    "Adeyemi",
    "Lindqvist",
    "Horvat",
    "Reyes",
    "Park",
    "Jensen",
    "Vargas",
    "Ibrahim",
    "Kovacs",
    "Brown",
    "Santos",
    "Wagner",
    "Mwangi",
    "Fernandes",
    "Hoffmann",
    "Popescu",
    "Ahmed",
    "Berg",
    "Castro",
    "Demir",
    "Eriksen",
    "Farah",
    "Gallo",
    "Hansen",
    "Iqbal",
    "Jovanovic",
    "Keller",
    "Lewis",
    "Mendes",
    "Nielsen",
    "Osei",
    "Pereira",
    "Quinn",
    "Rahman",
    "Suzuki",
    "Torres",
    "Ueda",
    "Varga",
    "Walsh",
    "Xu",
    "Young",
    "Zhou",
    "Abbott",
    "Becker",
    "Carter",
    "Dunn",
    "Ellis",
    "Ford",
    "Grant",
    "Hale",
    "Irwin",
    "Jordan",
    "King",
    "Lowe",
    "Mills",
    "Nash",
    "Owen",
    "Price",
    "Reid",
    "Shaw",
    "Todd",
    "Vance",
    "Ward",
];
const ROLES: &[&str] = &[
    "Senator",
    "Governor",
    "Mayor",
    "Minister of Finance",
    "Member of Parliament",
    "Spokesperson",
    "Party leader",
    "CEO",
    "Economist",
    "Health Secretary",
    "Trade Union leader",
    "Ambassador",
];
const OUTLETS: &[&str] = &[
    "Daily Courier",
    "Evening Post",
    "National Herald",
    "The Observer",
    "Metro News",
    "Radio One",
    "Channel 5 News",
    "The Ledger",
    "City Gazette",
    "World Report",
    "Morning Star",
    "The Chronicle",
    "Public Broadcaster",
    "Wire Service",
    "The Tribune",
    "Weekly Review",
    "Business Daily",
    "The Sentinel",
    "Capital FM",
    "Sunday Times",
];
const SUBJECTS: &[&str] = &[
    "unemployment",
    "inflation",
    "crime",
    "the deficit",
    "immigration",
    "hospital waiting lists",
    "school funding",
    "energy prices",
    "housing starts",
    "carbon emissions",
    "the minimum wage",
    "public debt",
    "police numbers",
    "rail fares",
    "child poverty",
    "defence spending",
    "tax receipts",
    "exports",
    "vaccination rates",
    "rents",
];
const VERBS: &[&str] = &[
    "rose by",
    "fell by",
    "doubled to",
    "grew by",
    "dropped by",
    "increased by",
    "halved to",
    "climbed by",
    "shrank by",
    "reached",
];
const TAIL: &[&str] = &[
    "the highest level in a decade",
    "the lowest since records began",
    "more than under the previous government",
    "according to official figures",
    "because of the new policy",
    "despite what the opposition claims",
    "which no other country has managed",
    "in every region of the country",
    "compared with the same period last year",
    "and that is a fact",
];
const PLACES: &[&str] = &[
    "Springfield",
    "the capital",
    "the north",
    "Riverton",
    "the coastal regions",
    "Lakeside",
    "the eastern provinces",
    "Hillview",
    "our cities",
    "rural areas",
];
const TAGS: &[&str] = &[
    "economy",
    "health",
    "crime",
    "migration",
    "climate",
    "education",
    "housing",
    "energy",
    "election",
    "budget",
];
const STATUSES: &[(&str, u32)] = &[
    ("unverified", 55),
    ("in_review", 10),
    ("verified", 15),
    ("disputed", 15),
    ("unverifiable", 5),
];

fn arg(args: &[String], name: &str, default: u64) -> u64 {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map_or(default, |v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name} takes a number"))
        })
}

/// Picks an index in 0..n with probability falling as 1/(rank+1)^1.07, by inverting a table.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|i| {
                total += 1.0 / ((i + 1) as f64).powf(1.07);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    fn pick(&self, rng: &mut fastrand::Rng) -> usize {
        let x = rng.f64() * self.cumulative.last().copied().unwrap_or(1.0);
        self.cumulative
            .partition_point(|c| *c < x)
            .min(self.cumulative.len() - 1)
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialise")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let claims = arg(&args, "--claims", 1_000_000);
    let mut rng = fastrand::Rng::with_seed(arg(&args, "--seed", 7));
    let speakers: Vec<(String, &str)> = (0..5_000)
        .map(|i| {
            let first = FIRST[i % FIRST.len()];
            let last = LAST[(i / FIRST.len()) % LAST.len()];
            // Past 5,000 pairs the names repeat; a middle initial keeps them distinct.
            (
                format!(
                    "{first} {}. {last}",
                    (b'A' + (i / (FIRST.len() * LAST.len()) % 26) as u8) as char
                ),
                ROLES[i % ROLES.len()],
            )
        })
        .collect();
    let zipf = Zipf::new(speakers.len());
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut csv = args
        .iter()
        .position(|a| a == "--csv")
        .and_then(|i| args.get(i + 1))
        .map(|path| {
            let mut w = csv::Writer::from_path(path).expect("--csv file");
            w.write_record([
                "text",
                "speaker",
                "speaker_role",
                "source",
                "source_url",
                "said_on",
                "status",
                "verdict",
            ])
            .expect("csv");
            w
        });
    let mut recent: Vec<(String, usize)> = Vec::with_capacity(10_000);
    for n in 0..claims {
        let source = rng.usize(0..50_000);
        let outlet = OUTLETS[source % OUTLETS.len()];
        let days = rng.i64(0..3_650);
        let said = chrono_free_date(days);
        let (text, speaker) = if !recent.is_empty() && rng.u32(0..100) < 3 {
            recent[rng.usize(0..recent.len())].clone()
        } else {
            let speaker = zipf.pick(&mut rng);
            let mut text = format!(
                "{} in {} {} {}{} since {}, {}",
                capitalise(SUBJECTS[rng.usize(0..SUBJECTS.len())]),
                PLACES[rng.usize(0..PLACES.len())],
                VERBS[rng.usize(0..VERBS.len())],
                rng.u32(1..100),
                if rng.bool() { " percent" } else { ",000" },
                2010 + rng.u32(0..15),
                TAIL[rng.usize(0..TAIL.len())],
            );
            let target = 60 + rng.usize(0..200);
            while text.len() < target {
                text.push_str(&format!(
                    "; {} {} {} {}",
                    SUBJECTS[rng.usize(0..SUBJECTS.len())],
                    VERBS[rng.usize(0..VERBS.len())],
                    rng.u32(2..900),
                    TAIL[rng.usize(0..TAIL.len())]
                ));
            }
            text.push_str(&format!(" ({n})."));
            if recent.len() < 10_000 {
                recent.push((text.clone(), speaker));
            } else {
                let slot = rng.usize(0..recent.len());
                recent[slot] = (text.clone(), speaker);
            }
            (text, speaker)
        };
        let (name, role) = &speakers[speaker];
        let mut status = "unverified";
        let mut pick = rng.u32(0..100);
        for (s, weight) in STATUSES {
            if pick < *weight {
                status = s;
                break;
            }
            pick -= weight;
        }
        let mut line = format!(
            "{{\"text\":{},\"speaker\":{},\"speaker_role\":{},\"source\":{},\"source_url\":\"https://{}.example/a/{source}\",\"source_kind\":\"article\",\"published_on\":\"{said}\",\"said_on\":\"{said}\",\"status\":\"{status}\"",
            json_string(&text),
            json_string(name),
            json_string(role),
            json_string(outlet),
            outlet.to_lowercase().replace(' ', "-"),
        );
        // Only verdicts the status allows (claimtrack refuses "disputed, mostly true").
        let allowed = status
            .parse::<Status>()
            .map_or(&[][..], Status::allowed_verdicts);
        let verdict = if allowed.is_empty() {
            ""
        } else {
            allowed[rng.usize(0..allowed.len())].as_str()
        };
        if !verdict.is_empty() {
            line.push_str(&format!(",\"verdict\":\"{verdict}\""));
        }
        if let Some(w) = csv.as_mut() {
            let url = format!(
                "https://{}.example/a/{source}",
                outlet.to_lowercase().replace(' ', "-")
            );
            w.write_record([
                text.as_str(),
                name,
                role,
                outlet,
                &url,
                &said,
                status,
                verdict,
            ])
            .expect("csv");
        }
        let tags: Vec<String> = (0..rng.usize(0..3))
            .map(|_| json_string(TAGS[rng.usize(0..TAGS.len())]))
            .collect();
        line.push_str(&format!(",\"tags\":[{}]", tags.join(",")));
        if rng.u32(0..100) < 5 {
            line.push_str(&format!(
                ",\"note\":\"Ask for the underlying figures\",\"follow_up_on\":\"{}\"",
                chrono_free_date(days + 30)
            ));
        }
        line.push_str("}\n");
        out.write_all(line.as_bytes()).expect("stdout");
    }
    out.flush().expect("stdout");
    if let Some(mut w) = csv {
        w.flush().expect("csv");
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// 2015-01-01 plus `days`, without a date library (months of fixed lengths, leap years counted).
fn chrono_free_date(days: i64) -> String {
    let (mut year, mut left) = (2015, days);
    loop {
        let len = if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
            366
        } else {
            365
        };
        if left < len {
            break;
        }
        left -= len;
        year += 1;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let months = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 0;
    while left >= months[month] {
        left -= months[month];
        month += 1;
    }
    format!("{year}-{:02}-{:02}", month + 1, left + 1)
}
