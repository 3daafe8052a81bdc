//! Writes realistic claim records as JSON Lines for benchmarks: speakers drawn Zipf-like from
//! about 5,000, about 50,000 sources, texts of 60 to 300 characters with numbers and names, dates
//! over ten years, a few percent of claims repeated by other sources, mixed statuses, tags and
//! follow-ups. Seeded, so a run is reproducible.
//!
//! `--profile monitoring` shapes the load like a media-monitoring desk's instead: about 50,000
//! outlets with a long tail, a distinct `source_url` on almost every record, texts of 10 to 45
//! words (a figure, a year, common policy words), a third of the claims checked.
//!
//!     cargo run --release --example gen_claims -- --claims 1000000 [--seed 7] [--profile desk|monitoring] [--csv rows.csv] > claims.jsonl
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

/// The monitoring profile's statuses: a third of the claims checked.
const STATUSES_MONITORING: &[(&str, u32)] = &[
    ("unverified", 57),
    ("in_review", 10),
    ("verified", 12),
    ("disputed", 14),
    ("unverifiable", 7),
];
/// Town names for the monitoring profile's outlets: 50 x 50 towns x 20 kinds = 50,000 outlets.
const TOWN_HEADS: &[&str] = &[
    "Oak", "Ash", "Elm", "Mill", "Red", "North", "South", "East", "West", "Stone", "Brook", "Fair",
    "Green", "High", "Low", "New", "Old", "King", "Queen", "Bridge", "Clay", "Cold", "Deep",
    "Fern", "Glen", "Hazel", "Iron", "Kirk", "Lark", "Marsh", "Moss", "Pine", "Rock", "Rose",
    "Salt", "Sand", "Silver", "Thorn", "White", "Wood", "Black", "Bright", "Castle", "Cherry",
    "Copper", "Crown", "Dale", "Fox", "Gold", "Hart",
];
const TOWN_TAILS: &[&str] = &[
    "field", "ton", "bury", "ford", "wick", "ham", "ley", "worth", "stead", "by", "gate", "port",
    "mouth", "well", "bridge", "hill", "dale", "moor", "haven", "holm", "combe", "cliff", "wood",
    "brook", "minster", "caster", "thorpe", "hurst", "mere", "side", "lake", "view", "vale",
    "crest", "point", "ridge", "water", "land", "marsh", "shaw", "stow", "wold", "lynn", "fleet",
    "garth", "heath", "kirk", "row", "burn", "ness",
];
/// Common policy words to fill the monitoring profile's texts out to their length.
const POLICY: &[&str] = &[
    "government",
    "budget",
    "taxes",
    "spending",
    "jobs",
    "wages",
    "schools",
    "hospitals",
    "border",
    "prices",
    "families",
    "pensions",
    "benefits",
    "housing",
    "energy",
    "climate",
    "growth",
    "investment",
    "police",
    "trade",
    "workers",
    "farmers",
    "the economy",
    "the NHS",
    "interest rates",
    "the council",
    "ministers",
    "voters",
    "the opposition",
    "our plan",
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

/// What differs between the two shapes of load.
#[derive(Clone, Copy, PartialEq)]
enum Profile {
    /// A fact-checking desk: 20 outlets over 50,000 URLs, longer texts, most claims unchecked.
    Desk,
    /// A monitoring desk: 50,000 outlets, a URL per record, 10 to 45 words, a third checked.
    Monitoring,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let claims = arg(&args, "--claims", 1_000_000);
    let profile = match args
        .iter()
        .position(|a| a == "--profile")
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
    {
        None | Some("desk") => Profile::Desk,
        Some("monitoring") => Profile::Monitoring,
        Some(other) => panic!("--profile takes desk or monitoring, not {other}"),
    };
    let outlets: Vec<String> = match profile {
        Profile::Desk => OUTLETS.iter().map(ToString::to_string).collect(),
        Profile::Monitoring => (0..TOWN_HEADS.len() * TOWN_TAILS.len() * OUTLETS.len())
            .map(|i| {
                let town = i / OUTLETS.len();
                format!(
                    "{}{} {}",
                    TOWN_HEADS[town % TOWN_HEADS.len()],
                    TOWN_TAILS[town / TOWN_HEADS.len()],
                    OUTLETS[i % OUTLETS.len()]
                )
            })
            .collect(),
    };
    let outlet_zipf = Zipf::new(outlets.len());
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
        let pick = match profile {
            Profile::Desk => rng.usize(0..50_000),
            Profile::Monitoring => outlet_zipf.pick(&mut rng),
        };
        let days = rng.i64(0..3_650);
        let said = chrono_free_date(days);
        let outlet = &outlets[pick % outlets.len()];
        let url = match profile {
            Profile::Desk => format!("https://{}.example/a/{pick}", slug(outlet)),
            Profile::Monitoring => format!("https://{}.example/{said}/story-{n}", slug(outlet)),
        };
        let (text, speaker) = if !recent.is_empty() && rng.u32(0..100) < 3 {
            recent[rng.usize(0..recent.len())].clone()
        } else if profile == Profile::Monitoring {
            let speaker = zipf.pick(&mut rng);
            let text = monitoring_text(&mut rng, n);
            remember(&mut recent, &mut rng, &text, speaker);
            (text, speaker)
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
            remember(&mut recent, &mut rng, &text, speaker);
            (text, speaker)
        };
        let (name, role) = &speakers[speaker];
        let mut status = "unverified";
        let mut pick = rng.u32(0..100);
        let statuses = match profile {
            Profile::Desk => STATUSES,
            Profile::Monitoring => STATUSES_MONITORING,
        };
        for (s, weight) in statuses {
            if pick < *weight {
                status = s;
                break;
            }
            pick -= weight;
        }
        let mut line = format!(
            "{{\"text\":{},\"speaker\":{},\"speaker_role\":{},\"source\":{},\"source_url\":{},\"source_kind\":\"article\",\"published_on\":\"{said}\",\"said_on\":\"{said}\",\"status\":\"{status}\"",
            json_string(&text),
            json_string(name),
            json_string(role),
            json_string(outlet),
            json_string(&url),
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

/// Keeps the last 10,000 new texts, so that about 3% of records can repeat a recent claim.
fn remember(
    recent: &mut Vec<(String, usize)>,
    rng: &mut fastrand::Rng,
    text: &str,
    speaker: usize,
) {
    if recent.len() < 10_000 {
        recent.push((text.to_string(), speaker));
    } else {
        let slot = rng.usize(0..recent.len());
        recent[slot] = (text.to_string(), speaker);
    }
}

/// 10 to 45 words: a subject, a figure and a year, then policy words and a closing phrase.
fn monitoring_text(rng: &mut fastrand::Rng, n: u64) -> String {
    let words = 10 + rng.usize(0..36);
    let mut text = format!(
        "{} {} {}{} since {}",
        capitalise(SUBJECTS[rng.usize(0..SUBJECTS.len())]),
        VERBS[rng.usize(0..VERBS.len())],
        rng.u32(1..100),
        if rng.bool() { " percent" } else { ",000" },
        2010 + rng.u32(0..15),
    );
    while text.split(' ').count() + 1 < words {
        let filler = if rng.u32(0..4) == 0 {
            TAIL[rng.usize(0..TAIL.len())]
        } else {
            POLICY[rng.usize(0..POLICY.len())]
        };
        text.push_str(if rng.u32(0..3) == 0 { ", " } else { " " });
        text.push_str(filler);
    }
    text.push_str(&format!(" (story {n})."));
    text
}

fn slug(outlet: &str) -> String {
    outlet.to_lowercase().replace(' ', "-")
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
