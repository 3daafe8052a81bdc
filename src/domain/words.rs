//! The tracker's words: statuses, verdicts, stances, source kinds, groupings and orders, each a
//! fixed set read loosely ("In Review") and written one way ("in_review").

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An input value that is not one of a fixed set of words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{given}' (expected one of: {expected})")]
pub struct UnknownWord {
    pub what: &'static str,
    pub given: String,
    pub expected: String,
}

/// Declares a closed word set stored as its snake_case name, with parsing that accepts case and
/// `-`/space variations ("In Review", "in-review").
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownWord;
            fn from_str(s: &str) -> Result<Self, UnknownWord> {
                let wanted = s.trim().to_lowercase().replace(['-', ' '], "_");
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == wanted)
                    .ok_or_else(|| UnknownWord {
                        what: $what,
                        given: s.to_string(),
                        expected: Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
                    })
            }
        }
    };
}

word_enum!(
    /// Where a claim stands in the checking process.
    Status, "status" {
        Unverified = "unverified",
        InReview = "in_review",
        Verified = "verified",
        Disputed = "disputed",
        Unverifiable = "unverifiable",
    }
);

#[allow(clippy::derivable_impls)] // the enum comes from `word_enum!`
impl Default for Status {
    fn default() -> Status {
        Status::Unverified
    }
}

impl Status {
    /// Outstanding claims are the ones still waiting for a fact-checker.
    #[must_use]
    pub fn is_outstanding(self) -> bool {
        matches!(self, Status::Unverified | Status::InReview)
    }

    /// The outstanding ones among `statuses`; every outstanding status when none are given.
    #[must_use]
    pub fn outstanding_of(statuses: &[Status]) -> Vec<Status> {
        let all = if statuses.is_empty() {
            Status::ALL
        } else {
            statuses
        };
        all.iter().copied().filter(|s| s.is_outstanding()).collect()
    }
}

word_enum!(
    /// What sort of speaker: ClaimReview types a claimant `Person` or `Organization` by it.
    SpeakerKind, "speaker kind" {
        Person = "person",
        Organisation = "organisation",
        Group = "group",
        Unknown = "unknown",
    }
);

impl SpeakerKind {
    /// The schema.org type of a claimant of this kind: a group or an unknown author is no
    /// person.
    #[must_use]
    pub fn schema_type(self) -> &'static str {
        match self {
            SpeakerKind::Person => "Person",
            _ => "Organization",
        }
    }

    /// The schema.org `@type` an author was given, as a kind.
    #[must_use]
    pub fn of_schema_type(schema_type: &str) -> Option<SpeakerKind> {
        match schema_type {
            "Person" => Some(SpeakerKind::Person),
            "Organization"
            | "NewsMediaOrganization"
            | "GovernmentOrganization"
            | "Corporation"
            | "NGO"
            | "PoliticalParty"
            | "EducationalOrganization" => Some(SpeakerKind::Organisation),
            _ => None,
        }
    }

    /// The kind a speaker's name suggests, when nobody has said: a dataset's slug
    /// ("chain-email") or a stand-in for posts or media ("Facebook posts", "Viral image") is
    /// unknown, a word for many people ("Bloggers") a group, a name with an organisation's word
    /// ("Ministry of Health", "Reuters News") an organisation, anything else a person.
    #[must_use]
    pub fn guess(name: &str) -> SpeakerKind {
        let words: Vec<String> = name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        // "Facebook posts", "Bloggers" by their last word; "Fox Media Group" is no medium.
        let last_in = |list: &[&str]| words.last().is_some_and(|w| list.contains(&w.as_str()));
        if (is_slug_name(name) && name.contains(['-', '_']))
            || name.trim().eq_ignore_ascii_case("unknown")
            || last_in(UNKNOWN_AUTHOR_WORDS)
        {
            SpeakerKind::Unknown
        } else if last_in(GROUP_WORDS) {
            SpeakerKind::Group
        } else if words
            .iter()
            .any(|w| ORGANISATION_WORDS.contains(&w.as_str()))
        {
            SpeakerKind::Organisation
        } else {
            SpeakerKind::Person
        }
    }
}

/// A dataset's name for a speaker rather than a name (LIAR's "chain-email", "donald-trump",
/// "bloggers"): ASCII lowercase, digits and `-` or `_` only.
#[must_use]
pub fn is_slug_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// A slug as a readable name, the way fact-checkers write it: "donald-trump" is "Donald Trump",
/// "facebook-posts" "Facebook posts", "tiktok-posts" "TikTok posts"; `None` when `name` is no
/// slug (or is the shared stand-in "unknown").
#[must_use]
pub fn readable_speaker(name: &str) -> Option<String> {
    if !is_slug_name(name) || name == "unknown" {
        return None;
    }
    let words: Vec<&str> = name.split(['-', '_']).filter(|w| !w.is_empty()).collect();
    // "Facebook posts", "Chain email": a description, capitalised as a sentence; else a name.
    let description = words
        .last()
        .is_some_and(|w| UNKNOWN_AUTHOR_WORDS.contains(w) || GROUP_WORDS.contains(w));
    let readable: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if let Some((_, written)) = BRAND_CASE.iter().find(|(slug, _)| slug == w) {
                (*written).to_string()
            } else if i == 0 || !(description || SMALL_WORDS.contains(w)) {
                let mut chars = w.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_uppercase().to_string() + chars.as_str()
                })
            } else {
                (*w).to_string()
            }
        })
        .collect();
    Some(readable.join(" "))
}

/// A speaker's name as an input gives it, and the kind the input says: a dataset's slug
/// ("chain-email") comes in readable, and of the kind its readable name suggests unless the
/// input says one.
#[must_use]
pub fn speaker_as_read(name: String, kind: Option<SpeakerKind>) -> (String, Option<SpeakerKind>) {
    match readable_speaker(&name) {
        Some(readable) => {
            let kind = kind.unwrap_or_else(|| SpeakerKind::guess(&readable));
            (readable, Some(kind))
        }
        None => (name, kind),
    }
}

/// Last words that make a "speaker" posts or media nobody signed: unknown authors. (Not "post":
/// the Washington Post is an outlet.)
#[rustfmt::skip]
pub const UNKNOWN_AUTHOR_WORDS: &[&str] = &[
    "ads", "articles", "blogs", "email", "emails", "headlines", "image", "images", "media",
    "meme", "memes", "messages", "photo", "photos", "posts", "rumors", "rumours", "tweets",
    "video", "videos", "websites",
];

/// Last words that make a "speaker" many people.
#[rustfmt::skip]
pub const GROUP_WORDS: &[&str] = &[
    "activists", "bloggers", "critics", "democrats", "lawmakers", "officials", "people",
    "protesters", "republicans", "residents", "supporters", "users", "voters",
];

/// Words written in lower case inside a name ("Party of Florida").
const SMALL_WORDS: &[&str] = &["and", "de", "for", "in", "of", "on", "the", "van", "von"];

/// Names with a casing of their own.
const BRAND_CASE: &[(&str, &str)] = &[
    ("abc", "ABC"),
    ("aclu", "ACLU"),
    ("afl", "AFL"),
    ("cbs", "CBS"),
    ("cio", "CIO"),
    ("cnn", "CNN"),
    ("gop", "GOP"),
    ("linkedin", "LinkedIn"),
    ("msnbc", "MSNBC"),
    ("nbc", "NBC"),
    ("nra", "NRA"),
    ("tiktok", "TikTok"),
    ("us", "US"),
    ("whatsapp", "WhatsApp"),
    ("youtube", "YouTube"),
];

/// Words that make a name an organisation's.
pub const ORGANISATION_WORDS: &[&str] = &[
    "administration",
    "agency",
    "army",
    "association",
    "bank",
    "board",
    "campaign",
    "center",
    "centre",
    "church",
    "coalition",
    "commission",
    "committee",
    "company",
    "congress",
    "corporation",
    "council",
    "court",
    "department",
    "embassy",
    "foundation",
    "government",
    "group",
    "inc",
    "institute",
    "kremlin",
    "league",
    "ltd",
    "ministry",
    "navy",
    "network",
    "news",
    "office",
    "organisation",
    "organization",
    "parliament",
    "party",
    "pentagon",
    "police",
    "post",
    "press",
    "senate",
    "society",
    "times",
    "treasury",
    "union",
    "university",
    "website",
];

word_enum!(
    /// Where a fact-check stands on its way to the public: written, signed off by a second
    /// person, published (see `domain::signoff`).
    Stage, "stage" {
        Draft = "draft",
        Approved = "approved",
        Published = "published",
    }
);

word_enum!(
    /// A rating on the fact-checkers' scale, separate from the status.
    Verdict, "verdict" {
        True = "true",
        MostlyTrue = "mostly_true",
        Mixed = "mixed",
        MostlyFalse = "mostly_false",
        False = "false",
        Fabricated = "fabricated",
    }
);

word_enum!(
    /// What a piece of evidence does for a claim.
    Stance, "stance" {
        Supports = "supports",
        Refutes = "refutes",
        Context = "context",
    }
);

word_enum!(
    /// What kind of publication a source is.
    SourceKind, "source kind" {
        Article = "article",
        Interview = "interview",
        Broadcast = "broadcast",
        SocialPost = "social_post",
        Transcript = "transcript",
        Speech = "speech",
        Document = "document",
        Other = "other",
    }
);

word_enum!(
    /// What `stats` groups claims by.
    StatsBy, "grouping" {
        Status = "status",
        Verdict = "verdict",
        Speaker = "speaker",
        Source = "source",
        Tag = "tag",
        Month = "month",
        Assignee = "assignee",
    }
);

word_enum!(
    /// A stretch of time claims are counted over in the report's charts.
    Period, "period" {
        Week = "week",
        Month = "month",
    }
);

word_enum!(
    /// What a claim list is ordered by. `queue`: overdue follow-ups first, then priority, then
    /// newest (the review queue); `relevance`: best full-text match first.
    SortKey, "sort" {
        Said = "said",
        Added = "added",
        Updated = "updated",
        Priority = "priority",
        Speaker = "speaker",
        Queue = "queue",
        Relevance = "relevance",
    }
);

/// Languages by their English and own names (as `name_key` writes them), for inputs that name a
/// language rather than give its code: the languages of the label table, and a few more.
pub const LANGUAGE_NAMES: &[(&str, &[&str])] = &[
    ("en", &["english"]),
    ("es", &["spanish", "espanol", "castellano"]),
    ("pt", &["portuguese", "portugues"]),
    ("fr", &["french", "francais"]),
    ("de", &["german", "deutsch"]),
    ("it", &["italian", "italiano"]),
    ("nl", &["dutch", "nederlands"]),
    ("pl", &["polish", "polski"]),
    ("tr", &["turkish", "turkce"]),
    ("id", &["indonesian", "bahasa indonesia"]),
    ("ar", &["arabic", "العربية"]),
    ("hi", &["hindi", "हिन्दी"]),
    ("ru", &["russian", "русский"]),
    ("uk", &["ukrainian", "українська"]),
    ("zh", &["chinese", "中文"]),
    ("ja", &["japanese", "日本語"]),
];

/// Publishers' labels in a dozen languages and the verdicts they mean: named data, read once.
static LABELS: std::sync::LazyLock<std::collections::HashMap<String, Verdict>> =
    std::sync::LazyLock::new(|| {
        include_str!("verdict_labels.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut fields = l.split('\t').skip(1);
                let (label, verdict) = (fields.next()?, fields.next()?);
                Some((label_key(label), verdict.trim().parse().ok()?))
            })
            .collect()
    });

/// A label as the table is keyed: lower case, accents and punctuation away ("Engañoso" and
/// "enganoso" are one).
fn label_key(label: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    let bare: String = label
        .to_lowercase()
        .nfkd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect();
    super::text::plain_words(&bare)
}

impl Verdict {
    /// False or fabricated: what scorecards count as "false or worse".
    #[must_use]
    pub fn is_false_or_worse(self) -> bool {
        matches!(self, Verdict::False | Verdict::Fabricated)
    }

    /// Reads a publisher's rating ("Pants on Fire", "Half True", "Faux", "Engañoso") onto our scale
    /// by the table of labels (`verdict_labels.tsv`). Returns the verdict and, when the words were not already ours, the original
    /// label to keep beside it. `None` when the label is unknown.
    #[must_use]
    pub fn from_label(label: &str) -> Option<(Verdict, Option<String>)> {
        let trimmed = label.trim();
        if let Ok(ours) = trimmed.parse::<Verdict>() {
            return Some((ours, None));
        }
        let verdict = *LABELS.get(&label_key(trimmed))?;
        Some((verdict, Some(trimmed.to_string())))
    }

    /// The verdict's place on our 1 (worst) to 6 (best) scale, as ClaimReview ratings use.
    #[must_use]
    pub fn rating(self) -> u8 {
        match self {
            Verdict::Fabricated => 1,
            Verdict::False => 2,
            Verdict::MostlyFalse => 3,
            Verdict::Mixed => 4,
            Verdict::MostlyTrue => 5,
            Verdict::True => 6,
        }
    }

    /// The verdict nearest a numeric rating on a publisher's own scale (`worst`..=`best`).
    #[must_use]
    pub fn from_rating(value: f64, worst: f64, best: f64) -> Option<Verdict> {
        if !(value.is_finite() && worst.is_finite() && best.is_finite())
            || (best - worst).abs() < f64::EPSILON
        {
            return None;
        }
        let share = ((value - worst) / (best - worst)).clamp(0.0, 1.0);
        let step = (share * 5.0).round() as usize;
        [
            Verdict::Fabricated,
            Verdict::False,
            Verdict::MostlyFalse,
            Verdict::Mixed,
            Verdict::MostlyTrue,
            Verdict::True,
        ]
        .get(step)
        .copied()
    }

    /// How a reader sees the verdict: "Mostly false".
    #[must_use]
    pub fn display(self) -> &'static str {
        match self {
            Verdict::True => "True",
            Verdict::MostlyTrue => "Mostly true",
            Verdict::Mixed => "Mixed",
            Verdict::MostlyFalse => "Mostly false",
            Verdict::False => "False",
            Verdict::Fabricated => "Fabricated",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_speakers_kind_is_guessed_from_the_name_until_someone_says() {
        for (name, kind) in [
            ("Vladimir Putin", SpeakerKind::Person),
            ("chain-email", SpeakerKind::Unknown),
            ("facebook-posts", SpeakerKind::Unknown),
            ("Square World Society", SpeakerKind::Organisation),
            ("Ministry of Health", SpeakerKind::Organisation),
            ("Democratic Party", SpeakerKind::Organisation),
            ("Facebook posts", SpeakerKind::Unknown),
            ("Viral image", SpeakerKind::Unknown),
            ("Bloggers", SpeakerKind::Group),
            ("Social Media", SpeakerKind::Unknown),
            ("Washington Post", SpeakerKind::Organisation),
            ("Fox Media Group", SpeakerKind::Organisation),
            ("Treasury", SpeakerKind::Organisation),
        ] {
            assert_eq!(SpeakerKind::guess(name), kind, "{name}");
        }
        for (slug, name) in [
            ("chain-email", Some("Chain email")),
            ("facebook-posts", Some("Facebook posts")),
            ("tiktok-posts", Some("TikTok posts")),
            ("donald-trump", Some("Donald Trump")),
            (
                "democratic-party-of-florida",
                Some("Democratic Party of Florida"),
            ),
            ("bloggers", Some("Bloggers")),
            ("unknown", None),
            ("Donald Trump", None),
            ("o'rourke", None),
        ] {
            assert_eq!(readable_speaker(slug).as_deref(), name, "{slug}");
        }
        assert_eq!(SpeakerKind::Group.schema_type(), "Organization");
        assert_eq!(
            SpeakerKind::of_schema_type("Person"),
            Some(SpeakerKind::Person)
        );
    }

    #[test]
    fn words_parse_loosely_and_print_canonically() {
        assert_eq!("In Review".parse::<Status>().unwrap(), Status::InReview);
        assert_eq!(
            "mostly-true".parse::<Verdict>().unwrap(),
            Verdict::MostlyTrue
        );
        assert_eq!(Status::InReview.to_string(), "in_review");
        let err = "done".parse::<Status>().unwrap_err();
        assert!(err.to_string().contains("unknown status 'done'"), "{err}");
        assert!(err.to_string().contains("in_review"), "{err}");
    }
}

#[cfg(test)]
mod verdict_tests {
    use super::*;

    #[test]
    fn every_label_in_the_table_reads_and_means_one_verdict() {
        let mut seen: std::collections::HashMap<String, (Verdict, &str)> =
            std::collections::HashMap::new();
        let mut languages = std::collections::BTreeSet::new();
        for line in include_str!("verdict_labels.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "{line:?}: language, label, verdict");
            let verdict: Verdict = fields[2]
                .parse()
                .unwrap_or_else(|e| panic!("{line:?}: {e}"));
            languages.insert(fields[0]);
            if let Some((other, first)) = seen.insert(label_key(fields[1]), (verdict, line)) {
                assert_eq!(other, verdict, "{first:?} and {line:?} read alike");
            }
        }
        let want = [
            "ar", "de", "en", "es", "fr", "hi", "id", "it", "nl", "pl", "pt", "tr",
        ];
        assert_eq!(languages.into_iter().collect::<Vec<_>>(), want);
    }

    #[test]
    fn labels_of_other_languages_read_without_accents_or_case() {
        let read = |l: &str| Verdict::from_label(l).map(|(v, _)| v);
        assert_eq!(
            Verdict::from_label("Faux"),
            Some((Verdict::False, Some("Faux".into())))
        );
        assert_eq!(read("Engañoso"), Some(Verdict::MostlyFalse));
        assert_eq!(read("ENGANOSO"), Some(Verdict::MostlyFalse));
        assert_eq!(read("Trompeur"), Some(Verdict::MostlyFalse));
        assert_eq!(read("Irreführend"), Some(Verdict::MostlyFalse));
        assert_eq!(read("Manque de contexte"), Some(Verdict::Mixed));
        assert_eq!(read("Fehlender Kontext"), Some(Verdict::Mixed));
        assert_eq!(read("Falsch"), Some(Verdict::False));
        assert_eq!(read("Falso"), Some(Verdict::False));
        assert_eq!(read("Verdadeiro"), Some(Verdict::True));
        assert_eq!(read("Bulo"), Some(Verdict::Fabricated));
        assert_eq!(read("Manipulacja"), Some(Verdict::MostlyFalse));
        assert_eq!(read("Yanıltıcı"), Some(Verdict::MostlyFalse));
        assert_eq!(read("Menyesatkan"), Some(Verdict::MostlyFalse));
        assert_eq!(read("مضلل"), Some(Verdict::MostlyFalse));
        assert_eq!(read("भ्रामक"), Some(Verdict::MostlyFalse));
        assert_eq!(read("c'eri quasi"), Some(Verdict::MostlyTrue));
        // An unknown label is no verdict.
        assert_eq!(read("Quizás"), None);
    }

    #[test]
    fn publisher_labels_map_onto_the_scale() {
        assert_eq!(
            Verdict::from_label("mostly_true"),
            Some((Verdict::MostlyTrue, None))
        );
        assert_eq!(
            Verdict::from_label("Pants on Fire!"),
            Some((Verdict::Fabricated, Some("Pants on Fire!".into())))
        );
        assert_eq!(
            Verdict::from_label("pants-fire").unwrap().0,
            Verdict::Fabricated
        );
        assert_eq!(Verdict::from_label("Half True").unwrap().0, Verdict::Mixed);
        assert_eq!(
            Verdict::from_label("barely-true").unwrap().0,
            Verdict::MostlyFalse
        );
        assert_eq!(
            Verdict::from_label("Misleading").unwrap().0,
            Verdict::MostlyFalse
        );
        assert_eq!(
            Verdict::from_label("Four Pinocchios").unwrap().0,
            Verdict::False
        );
        assert_eq!(Verdict::from_label("whatever"), None);
        assert_eq!(
            Verdict::from_rating(1.0, 1.0, 5.0),
            Some(Verdict::Fabricated)
        );
        assert_eq!(Verdict::from_rating(5.0, 1.0, 5.0), Some(Verdict::True));
        assert_eq!(Verdict::from_rating(3.0, 1.0, 5.0), Some(Verdict::Mixed));
        assert_eq!(Verdict::from_rating(3.0, 1.0, 1.0), None);
        for v in Verdict::ALL {
            assert_eq!(
                Verdict::from_rating(f64::from(v.rating()), 1.0, 6.0),
                Some(*v)
            );
        }
    }
}
