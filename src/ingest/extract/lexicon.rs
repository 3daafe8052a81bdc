//! Generic word lists the rules rely on: speech verbs, titles, pronouns and the like.
//! Nothing here names a specific person, so the rules carry over to unseen articles.

use crate::domain::SpeakerKind;

/// A named list of lower-case words a rule looks up. Every list the extractor uses is one of
/// these, in this file, and in `LISTS`.
pub struct Words {
    #[allow(dead_code)] // said by the tests that keep every list tidy
    pub name: &'static str,
    pub words: &'static [&'static str],
}

impl Words {
    /// Whether `lower` (a lower-case word) is on the list.
    #[must_use]
    pub fn has(&self, lower: &str) -> bool {
        self.words.contains(&lower)
    }
}

/// Determiners that open a noun phrase ("the company", "one official", "her campaign").
#[rustfmt::skip]
pub const DETERMINERS: Words = Words {
    name: "determiners",
    words: &[
        "the", "a", "an", "one", "another", "his", "her", "their", "its", "this", "that", "some",
        "several", "many", "two", "three", "our", "my", "your", "each", "both", "other",
    ],
};

/// Words that make an office another one: the deputy prime minister is not the prime minister.
pub const OFFICE_QUALIFIERS: Words = Words {
    name: "words that make an office another",
    words: &[
        "deputy",
        "vice",
        "shadow",
        "assistant",
        "junior",
        "under",
        "associate",
    ],
};

/// Words for a company: "the company said" is the latest company named.
#[rustfmt::skip]
pub const COMPANY_WORDS: Words = Words {
    name: "words for a company",
    words: &[
        "company", "firm", "business", "corporation", "manufacturer", "maker", "retailer", "chain",
        "bank", "insurer", "airline", "carrier", "utility", "developer", "pollster", "publisher",
        "operator", "supplier", "producer", "contractor",
    ],
};

/// Words companies are named with: "Halvorsen Chemical" is a company, "Palo Alto" and "Daily
/// Beast" are not.
#[rustfmt::skip]
pub const COMPANY_NAME_WORDS: Words = Words {
    name: "words companies are named with",
    words: &[
        "inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "ltd", "ltd.", "llc", "plc",
        "group", "holdings", "industries", "chemical", "chemicals", "research", "technologies",
        "systems", "bank", "airlines", "airways", "motors", "energy", "pharmaceuticals", "partners",
        "capital", "foods", "communications", "insurance", "company", "enterprises",
        "international", "manufacturing", "petroleum", "oil", "steel", "mining", "labs",
    ],
};

/// Words of government bodies: "the agency said" is the latest body named with "Agency" in
/// its name; a company's name has none of them.
#[rustfmt::skip]
pub const GOVERNMENT_WORDS: Words = Words {
    name: "words of government bodies",
    words: &[
        "agency", "department", "ministry", "commission", "council", "authority", "office", "board",
        "administration", "court", "police", "service", "bureau", "committee", "government",
        "parliament", "congress", "senate", "assembly", "executive", "regulator", "inspectorate",
        "tribunal", "treasury",
    ],
};

/// Pronouns that can stand for a speaker.
pub const SPEAKER_PRONOUNS: Words = Words {
    name: "pronouns that stand for a speaker",
    words: &["he", "she", "they", "we", "i", "it"],
};

/// Words that open a subordinate clause: a name after one is the subject of that clause, not of
/// the sentence; a temporal clause ("When Trump spoke, ...") often sets the scene for the person
/// the sentence is about, so it is not here.
pub const SUBORDINATORS: Words = Words {
    name: "subordinating conjunctions",
    words: &[
        "that", "if", "whether", "because", "whereas", "though", "although",
    ],
};

/// Lower-case words inside a name: "Bill de Blasio", "Ludwig van Beethoven".
#[rustfmt::skip]
pub const PARTICLES: Words = Words {
    name: "particles inside a name",
    words: &[
        "bin", "de", "van", "von", "al", "la", "le", "du", "del", "della", "der", "den", "da", "di",
        "dos", "das", "el", "ibn", "st.",
    ],
};

/// Regular speech verbs by base form; inflections are recognised by [`is_cue_verb`].
#[rustfmt::skip]
pub const CUE_BASES: Words = Words {
    name: "speech verbs, base forms",
    words: &[
        "say", "add", "argue", "tweet", "post", "ask", "answer", "reply", "respond", "explain",
        "note", "claim", "insist", "declare", "state", "announce", "continue", "conclude", "warn",
        "stress", "maintain", "admit", "acknowledge", "recall", "remark", "observe", "joke", "quip",
        "exclaim", "shout", "yell", "chant", "scream", "cry", "complain", "charge", "contend",
        "suggest", "predict", "promise", "vow", "pledge", "urge", "describe", "label", "report",
        "recount", "concede", "boast", "brag", "mock", "lament", "muse", "emphasize", "emphasise",
        "reiterate", "retort", "counter", "interject", "testify", "confirm", "deny", "allege",
        "assert", "proclaim", "opine", "comment", "sigh", "whisper", "murmur", "snap", "thunder",
        "tout", "praise", "criticize", "blast", "slam", "accuse", "tease", "text", "email",
        "message", "hint", "wonder", "point", "caution", "plead", "beg", "demand", "recommend",
        "advise", "assure", "agree", "disagree", "object", "protest", "rail", "scoff", "snipe",
        "sneer", "grumble", "gush", "rave", "marvel", "chime", "echo", "pronounce", "profess",
        "repeat", "mention", "inform", "instruct", "order", "command", "summarize", "speculate",
        "guess", "figure", "reason", "question", "challenge", "dismiss", "reject", "rebut",
        "retweet", "elaborate", "reflect", "confide", "recite", "quote", "read", "exult", "rant",
        "insinuate", "imply", "laugh", "smile", "nod", "shrug", "fume", "howl", "bellow", "holler",
        "preach", "lecture", "swear", "attest", "certify", "blame", "ridicule", "deride", "taunt",
        "vent", "decry", "denounce", "condemn", "applaud", "hail", "welcome", "credit", "thank",
        "apologize", "apologise", "volunteer", "offer", "pray", "chide", "scold", "lash", "hit",
        "call", "react", "rate", "brand", "term", "posit", "fire", "push", "press", "tell", "write",
        "speak", "begin", "go", "remember",
    ],
};

/// Irregular or fixed speech-verb forms.
pub const CUE_FORMS: Words = Words {
    name: "speech verbs, irregular and fixed forms",
    words: &[
        "said", "says", "saying", "told", "tells", "telling", "wrote", "writes", "writing",
        "written", "spoke", "speaks", "speaking", "began", "begins", "went", "goes", "swore",
        "read", "put", "thought", "think", "thinks", "knew", "felt", "feels", "believes",
        "believed", "hopes", "hoped", "wants", "wanted", "fears", "feared", "worries", "worried",
        "shot", "beamed",
    ],
};

/// Speech verbs that are also common nouns: a cue only right next to a subject or a quote.
#[rustfmt::skip]
pub const NOUNISH: Words = Words {
    name: "speech verbs that are also nouns",
    words: &[
        "state", "post", "report", "claim", "charge", "comment", "note", "text", "email", "message",
        "order", "question", "challenge", "point", "object", "counter", "echo", "quote", "read",
        "figure", "guess", "reason", "credit", "welcome", "fire", "hit", "push", "press", "smile",
        "laugh", "nod", "shrug", "vent", "offer", "go", "put", "hope", "fear", "want",
    ],
};

fn base_candidates(w: &str) -> Vec<String> {
    let mut out = vec![w.to_string()];
    let strip = |suf: &str| w.strip_suffix(suf).map(str::to_string);
    for suf in ["s", "es", "ed", "d", "ing"] {
        if let Some(b) = strip(suf) {
            out.push(b.clone());
            if suf == "ing" {
                out.push(format!("{b}e"));
            }
            // quipped -> quip, admitted -> admit
            let cs: Vec<char> = b.chars().collect();
            if cs.len() >= 2 && cs[cs.len() - 1] == cs[cs.len() - 2] {
                out.push(cs[..cs.len() - 1].iter().collect());
            }
        }
    }
    if let Some(b) = w.strip_suffix("ied").or_else(|| w.strip_suffix("ies")) {
        out.push(format!("{b}y"));
    }
    out
}

/// Whether a lower-cased word is a form of a speech verb.
pub fn is_cue_verb(lower: &str) -> bool {
    if lower.len() < 3 && lower != "go" {
        return false;
    }
    if CUE_FORMS.has(lower) {
        return true;
    }
    if lower.len() > 24 {
        return false;
    }
    base_candidates(lower)
        .iter()
        .any(|b| CUE_BASES.has(b.as_str()))
}

/// Whether the bare form of the cue word is also a noun ("report", "statement").
pub fn is_nounish(lower: &str) -> bool {
    NOUNISH.has(lower)
}

pub const WEAK_CUES: Words = Words {
    name: "cues too weak to attribute speech alone",
    words: &[
        "thought", "think", "thinks", "knew", "felt", "feels", "believes", "believed", "hopes",
        "hoped", "wants", "wanted", "fears", "feared", "worries", "worried", "put", "goes", "went",
        "begin", "began", "begins", "go", "read", "smile", "smiled", "smiling", "laugh", "laughed",
        "laughing", "nod", "nodded", "shrug", "shrugged", "hit", "fire", "fired", "push", "pushed",
        "press", "pressed", "welcome", "welcomed", "thank", "thanked", "credit", "credited",
        "offer", "offered", "order", "ordered",
    ],
};

/// Cue verbs strong enough to attribute speech on their own (not belief or action verbs).
pub fn is_strong_cue(lower: &str) -> bool {
    is_cue_verb(lower) && !WEAK_CUES.has(lower)
}

/// Forms of address: part of how a person is named ("Mr Howard"), not a role.
pub const ADDRESS: Words = Words {
    name: "forms of address",
    words: &[
        "mr", "mrs", "ms", "miss", "mx", "dr", "lord", "lady", "sir", "dame",
    ],
};

/// Whether `role` is only a form of address ("Mr", "Ms.").
pub fn is_address(role: &str) -> bool {
    ADDRESS.has(role.trim().trim_end_matches('.').to_lowercase().as_str())
}

/// Honorifics and titles written before a name; they belong to the role, not the name.
#[rustfmt::skip]
pub const TITLES: Words = Words {
    name: "titles before a name",
    words: &[
        "mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "representative", "gov",
        "governor", "president", "vice", "secretary", "judge", "justice", "speaker", "leader",
        "chairman", "chairwoman", "chair", "director", "mayor", "attorney", "general", "gen", "lt",
        "col", "sgt", "capt", "adm", "cmdr", "prof", "professor", "rev", "reverend", "pastor",
        "father", "sister", "king", "queen", "prince", "princess", "pope", "minister", "premier",
        "chancellor", "ambassador", "commissioner", "sheriff", "officer", "detective", "agent",
        "candidate", "nominee", "former", "ex", "acting", "deputy", "assistant", "chief",
        "executive", "ceo", "founder", "host", "anchor", "correspondent", "editor", "reporter",
        "spokesman", "spokeswoman", "spokesperson", "congressman", "congresswoman", "councilman",
        "councilwoman", "lawmaker", "delegate", "sir", "lord", "dame", "st", "majority", "minority",
        "whip", "first", "lady", "businessman", "businesswoman", "billionaire", "mogul",
        "strategist", "pollster", "analyst", "adviser", "advisor", "aide", "manager", "chairperson",
        "lawyer", "counsel", "rabbi", "imam", "bishop", "cardinal", "coach", "colonel", "sergeant",
        "captain", "lieutenant", "admiral", "rep.", "presidential", "hopeful", "contender",
        "frontrunner", "front-runner", "incumbent", "challenger", "activist", "author", "comedian",
        "actor", "actress", "singer", "star", "columnist", "commentator", "economist", "researcher",
        "scientist", "expert", "fellow", "president-elect", "legislator", "official", "officials",
        "operative", "organizer", "volunteer", "supporter", "voter", "resident", "student",
        "veteran", "producer", "writer", "journalist", "attorney-general", "opposition",
        "diplomatic", "political", "senior", "top", "longtime", "republican", "democratic",
        "democrat", "gop", "independent", "conservative", "liberal", "progressive", "libertarian",
        "u.s",
        // British: "Tory MP Michael Mates", "Shadow Home Secretary", "Baroness Scotland".
        "mp", "mps", "msp", "msps", "mep", "meps", "shadow", "peer", "baroness", "co-chairman",
        "backbencher", "frontbencher", "prime",
    ],
};

/// Whether a lower-cased word (trailing period removed) can be part of a title or role.
pub fn is_title_word(lower: &str) -> bool {
    let w = lower.trim_end_matches('.');
    TITLES.has(w)
}

#[rustfmt::skip]
pub const HONORIFICS: Words = Words {
    name: "honorifics",
    words: &[
        "mr", "mrs", "ms", "miss", "dr", "sen", "sens", "reps", "govs", "rep", "gov", "gen", "lt",
        "col", "sgt", "capt", "adm", "prof", "rev", "sir", "dame", "president", "senator",
        "governor", "judge", "secretary", "mayor", "justice", "congressman", "congresswoman",
        "speaker",
    ],
};

/// Honorifics that only ever precede a person's name.
pub fn is_honorific(lower: &str) -> bool {
    HONORIFICS.has(lower.trim_end_matches('.'))
}

#[rustfmt::skip]
pub const PERSON_NOUNS: Words = Words {
    name: "nouns for people",
    words: &[
        "president", "senator", "governor", "candidate", "nominee", "leader", "secretary",
        "congressman", "congresswoman", "lawmaker", "spokesman", "spokeswoman", "spokesperson",
        "mayor", "judge", "businessman", "businesswoman", "billionaire", "mogul", "real-estate",
        "frontrunner", "front-runner", "chairman", "chairwoman", "official", "aide", "adviser",
        "advisor", "strategist", "analyst", "pollster", "speaker", "minister", "host", "anchor",
        "hopeful", "contender", "democrat", "republican", "man", "woman", "manager", "director",
        "lawyer", "attorney", "representative", "rep", "veteran", "activist", "author",
        "president-elect", "incumbent", "challenger", "ambassador", "commissioner", "chief",
        "executive", "founder", "expert", "economist", "professor", "actor", "actress", "star",
        "tycoon", "magnate", "developer", "firebrand", "populist", "outsider", "insider",
        "politician", "nominee-in-waiting", "rival", "opponent", "mate", "running-mate",
        "columnist", "commentator", "editor", "reporter", "correspondent", "source", "sources",
        "officials", "aides", "advisers", "spokespeople", "lawmakers", "friend", "colleague",
        "brother", "sister", "wife", "husband", "son", "daughter", "mother", "father", "neighbor",
        "neighbour", "resident", "voter", "supporter", "member", "user", "protester", "student",
        "worker", "owner", "partner", "critic", "critics", "supporters", "voters", "residents",
        "members", "protesters", "analysts", "experts", "person", "people", "group", "campaign",
        "committee", "office", "organization", "company", "agency", "department", "newspaper",
        "paper", "editorial", "board", "statement", "release", "email", "e-mail", "letter", "ad",
        "memo", "website", "site", "suit", "lawsuit", "complaint", "report", "post", "tweet",
        "video", "book", "survey", "poll", "study", "document", "filing", "ruling", "indictment",
        "affidavit", "transcript", "platform", "narrator", "announcer", "moderator", "crowd",
        "audience", "team", "staff", "commission", "authors", "writers", "editors", "researchers",
        "scholars", "lawyers", "attorneys", "economists", "leaders", "organizers", "activists",
        "candidates", "court", "panel", "council",
    ],
};

/// Role nouns that can stand for a person in a definite description ("the senator").
pub fn is_person_noun(lower: &str) -> bool {
    PERSON_NOUNS.has(lower)
}

#[rustfmt::skip]
pub const SENTENCE_ADVERBS: Words = Words {
    name: "sentence adverbs",
    words: &[
        "earlier", "later", "meanwhile", "however", "yesterday", "separately", "elsewhere",
        "previously", "recently", "nevertheless", "instead",
    ],
};

/// Adverbs that open a sentence, capitalised only for that: "Earlier Tory leader Michael
/// Howard ..." names no one called Earlier.
pub fn is_sentence_adverb(lower: &str) -> bool {
    SENTENCE_ADVERBS.has(lower)
}

#[rustfmt::skip]
pub const SURNAMES_TOO: Words = Words {
    name: "common words that are surnames too",
    words: &["may", "will", "fox", "hall", "park", "church", "house", "field", "banks"],
};

/// Words that name things (a month, an outlet, a building) and are surnames too: "Theresa
/// May", "Liam Fox", "Tony Hall".
pub fn is_surname_too(lower: &str) -> bool {
    SURNAMES_TOO.has(lower)
}

#[rustfmt::skip]
pub const ORG_WORDS: Words = Words {
    name: "words of organisations",
    words: &[
        "party", "committee", "department", "news", "times", "post", "journal", "university",
        "council", "house", "senate", "congress", "campaign", "association", "institute", "center",
        "centre", "foundation", "inc", "corp", "corporation", "agency", "court", "network",
        "review", "magazine", "press", "radio", "television", "tv", "channel", "company", "group",
        "club", "union", "bureau", "office", "ministry", "commission", "board", "administration",
        "government", "republicans", "democrats", "bank", "fund", "service", "services", "school",
        "college", "church", "project", "coalition", "alliance", "league", "federation", "watch",
        "tribune", "herald", "gazette", "daily", "weekly", "today", "politico", "reuters",
        "associated", "cnn", "msnbc", "nbc", "cbs", "abc", "fox", "bbc", "npr", "pac", "llc",
        "street", "avenue", "county", "city", "state", "states", "airport", "hall", "hotel",
        "tower", "park", "square", "hospital", "police", "army", "navy", "force", "forces",
        "initiative", "organization", "organisation", "society", "trust", "partners", "media",
        "studios", "records", "books", "online", "blog", "website", "twitter", "facebook",
        "instagram", "telegram", "youtube", "show", "program", "programme", "institution", "caucus",
        "convention", "debate", "primary", "summit", "conference", "forum", "week", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
        "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december", "america", "american", "americans", "washington", "iowa", "kremlin", "pentagon",
        "capitol", "breitbart", "huffington", "google", "microsoft", "apple", "amazon",
        "democratic", "republican", "gop",
    ],
};

/// Organisation words: a capitalised sequence holding one is not a person.
pub fn is_org_word(lower: &str) -> bool {
    ORG_WORDS.has(lower)
}

/// Words that make a capitalised sequence something other than a person: organisations,
/// events ("Iraq War") and nationalities ("North Korean").
pub fn is_non_person_word(lower: &str) -> bool {
    is_org_word(lower) || is_demonym(lower) || EVENTS.has(lower)
}

/// Events and documents named with capitals: "Iraq War", "Hurricane Sandy", "Patriot Act".
pub const EVENTS: Words = Words {
    name: "events",
    words: &[
        "war",
        "hurricane",
        "storm",
        "act",
        "law",
        "amendment",
        "doctrine",
        "plan",
        "deal",
        "treaty",
        "accord",
        "agreement",
        "crisis",
        "scandal",
        "attack",
        "attacks",
        "massacre",
        "shooting",
        "election",
        "elections",
        "award",
        "awards",
        "prize",
        "olympics",
        "festival",
        "holiday",
        "christmas",
        "thanksgiving",
        "year",
        "eve",
    ],
};

pub const DEMONYMS: Words = Words {
    name: "demonyms",
    words: &[
        "american",
        "americans",
        "african",
        "african-american",
        "asian",
        "european",
        "mexican",
        "russian",
        "chinese",
        "japanese",
        "korean",
        "indian",
        "british",
        "french",
        "german",
        "israeli",
        "iranian",
        "syrian",
        "iraqi",
        "afghan",
        "muslim",
        "muslims",
        "jewish",
        "catholic",
        "evangelical",
        "latino",
        "latinos",
        "hispanic",
        "hispanics",
        "arab",
        "palestinian",
        "ukrainian",
        "canadian",
        "cuban",
        "italian",
        "spanish",
        "irish",
        "saudi",
        "turkish",
        "egyptian",
        "libyan",
        "pakistani",
        "filipino",
        "islander",
        "islanders",
        "vietnamese",
        "brazilian",
        "venezuelan",
        "colombian",
        "australian",
        "swiss",
        "dutch",
        "swedish",
        "polish",
        "greek",
        "kurdish",
        "sunni",
        "shiite",
        "democrat",
        "democrats",
    ],
};

/// Nationality and group adjectives: "North Korean", "Asian Indian" name no one.
fn is_demonym(lower: &str) -> bool {
    DEMONYMS.has(lower)
}

#[rustfmt::skip]
pub const CAPITALISED_FUNCTION_WORDS: Words = Words {
    name: "function words that open a sentence",
    words: &[
        "the", "a", "an", "and", "but", "or", "so", "if", "when", "while", "as", "at", "in", "on",
        "of", "for", "to", "from", "by", "with", "after", "before", "since", "until", "though",
        "although", "because", "still", "yet", "later", "earlier", "then", "now", "meanwhile",
        "also", "however", "despite", "during", "this", "that", "these", "those", "it", "its", "he",
        "she", "they", "we", "i", "you", "his", "her", "their", "our", "my", "your", "there",
        "here", "what", "which", "who", "whom", "whose", "where", "why", "how", "not", "no", "yes",
        "asked", "said", "according", "some", "many", "most", "all", "both", "each", "every", "one",
        "two", "three", "another", "other", "such", "even", "just", "only", "more", "less", "last",
        "next", "first", "mr", "mrs", "ms", "dr", "about", "over", "under", "into", "like",
        "unlike", "among", "without", "within", "through", "across", "against", "instead", "rather",
        "indeed", "perhaps", "maybe", "well", "again", "once", "today", "tonight", "yesterday",
        "tomorrow", "speaking", "told", "writing", "do", "does", "did", "is", "are", "was", "were",
        "be", "has", "have", "had", "will", "would", "can", "could", "should", "may", "might",
        "must", "let", "dear", "thanks", "thank", "please", "oh", "ok", "okay", "sure", "look",
        "listen", "watch", "read", "see", "get", "link", "apps", "comments", "comment", "share",
        "photo", "video", "image", "getty", "editor's", "note", "update", "updated", "reporting",
        "contributed", "follow", "regarding", "following", "concerning", "including", "excluding",
        "considering", "per", "amid", "beyond", "toward", "towards", "upon", "via", "behind",
        "below", "above", "near", "outside", "inside", "around", "unless", "whether", "whatever",
        "whoever", "hey",
        // sentence adverbs: "Likewise, a paper from ... said"
        "likewise", "similarly", "moreover", "furthermore", "nevertheless", "nonetheless",
        "additionally", "separately", "notably", "ultimately", "finally", "overall", "otherwise",
        "thus", "therefore", "accordingly", "consequently", "specifically", "interestingly",
        "unfortunately", "fortunately", "clearly", "obviously", "apparently", "reportedly", "sadly",
        "ironically", "besides", "alternatively", "regardless", "previously", "recently",
        "currently", "initially", "eventually", "importantly", "conversely", "hence",
    ],
};

/// Words written with a capital that do not start a name (sentence openers and the like).
pub fn is_capitalised_function_word(lower: &str) -> bool {
    CAPITALISED_FUNCTION_WORDS.has(lower)
}

/// Pronouns that can name a speaker, with the gender they imply.
pub fn pronoun_gender(lower: &str) -> Option<Gender> {
    match lower {
        "he" | "him" | "his" | "himself" => Some(Gender::Male),
        "she" | "her" | "hers" | "herself" => Some(Gender::Female),
        "they" | "them" | "their" | "we" | "i" | "it" | "who" => Some(Gender::Unknown),
        _ => None,
    }
}

/// Gender words found in roles ("congresswoman", "Mrs.").
pub fn word_gender(lower: &str) -> Option<Gender> {
    // "-man" titles ("spokesman", "chairman") are used for women too: no evidence.
    match lower.trim_end_matches('.') {
        "mr" | "sir" | "king" | "prince" | "father" | "husband" | "son" | "brother" | "uncle"
        | "lord" => Some(Gender::Male),
        "mrs" | "ms" | "miss" | "queen" | "princess" | "mother" | "wife" | "congresswoman"
        | "spokeswoman" | "chairwoman" | "businesswoman" | "councilwoman" | "daughter"
        | "sister" | "aunt" | "actress" | "woman" | "lady" | "dame" => Some(Gender::Female),
        _ => None,
    }
}

/// Grammatical gender of a person as far as the text shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    Unknown,
}

#[rustfmt::skip]
pub const TITLE_INTROS: Words = Words {
    name: "words for a work before its title",
    words: &[
        "book", "books", "film", "films", "movie", "movies", "titled", "entitled", "headlined",
        "headline", "show", "series", "song", "album", "podcast", "program", "programme", "episode",
        "column", "article", "essay", "play", "novel", "memoir", "documentary", "hashtag", "banner",
        "shirt", "shirts", "t-shirt", "t-shirts", "sign", "signs", "poster", "cap", "hat", "hats",
        "sticker", "logo", "anthem", "sitcom", "drama", "comedy", "musical", "opera", "magazine",
        "newspaper", "report", "paper", "study", "bill", "act", "law", "operation", "campaign",
        "initiative", "nickname", "so-called", "tweet-date", "tweet-author",
    ],
};

/// Words that introduce a title of a work rather than speech ("the book “...”").
pub fn is_title_intro(lower: &str) -> bool {
    TITLE_INTROS.has(lower)
}

#[rustfmt::skip]
pub const NAMING_WORDS: Words = Words {
    name: "words that name words",
    words: &[
        "called", "dubbed", "named", "slogan", "motto", "tagline", "term", "phrase", "word",
        "words", "read", "reads", "reading", "label", "as",
    ],
};

/// Words that name a phrase someone coined or used ("a memo titled “...”", "the slogan
/// “...”", "referred to him as “...”"): the phrase is that person's words, and annotators
/// attribute it, even when it reads like a title.
pub fn is_naming_word(lower: &str) -> bool {
    NAMING_WORDS.has(lower)
}

#[rustfmt::skip]
pub const WORDS_NOUNS: Words = Words {
    name: "nouns for what someone said",
    words: &[
        "claim", "claims", "statement", "statements", "remark", "remarks", "comment", "comments",
        "words", "assertion", "promise", "pledge", "warning", "description", "accusation",
        "suggestion", "argument", "insistence", "boast", "vow", "tweet", "quip", "retort",
        "response", "reply", "answer", "message", "declaration", "admission", "prediction",
    ],
};

/// Nouns for what someone said, which a possessive name owns: "Trump’s claim that ...".
pub fn is_words_noun(lower: &str) -> bool {
    WORDS_NOUNS.has(lower)
}

pub const TITLE_SMALL_WORDS: Words = Words {
    name: "small words of a title",
    words: &[
        "a", "an", "the", "and", "or", "but", "of", "for", "to", "in", "on", "at", "by", "with",
        "from", "as", "is", "vs", "de", "la", "el", "y", "&",
    ],
};

/// Small words allowed in lower case inside a Title Case title ("Hillary for Prison").
pub fn is_title_small_word(lower: &str) -> bool {
    TITLE_SMALL_WORDS.has(lower)
}

#[rustfmt::skip]
pub const PLACES: Words = Words {
    name: "places",
    words: &[
        "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
        "delaware", "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa",
        "kansas", "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan",
        "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada", "new hampshire",
        "new jersey", "new mexico", "new york", "north carolina", "north dakota", "ohio",
        "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina", "south dakota",
        "tennessee", "texas", "utah", "vermont", "virginia", "washington", "west virginia",
        "wisconsin", "wyoming", "united states", "united kingdom", "new york city", "los angeles",
        "san francisco", "las vegas", "new orleans", "san diego", "san antonio", "salt lake city",
        "des moines", "st. louis", "kansas city", "capitol hill", "wall street", "silicon valley",
        "white house", "middle east", "north korea", "south korea", "saudi arabia", "great britain",
        "south africa", "new zealand", "hong kong", "puerto rico", "latin america", "south america",
        "north america", "el salvador", "costa rica", "sri lanka", "new delhi", "tel aviv",
        "abu dhabi", "buenos aires", "rio de janeiro", "mexico city", "palm beach",
        "fort lauderdale", "long island", "staten island", "west bank", "gaza strip",
        "persian gulf", "united nations", "european union", "cedar rapids", "council bluffs",
        "sioux city", "myrtle beach", "west palm beach", "jersey city", "atlantic city",
    ],
};

/// Place names (US states, large countries and cities): a generic gazetteer, so that
/// "New Jersey" is not taken for a person.
pub fn is_place(lower: &str) -> bool {
    PLACES.has(lower)
}

#[rustfmt::skip]
pub const NOT_PERSON_WORDS: Words = Words {
    name: "nouns for people that are not a speaker",
    words: &[
        "group", "campaign", "committee", "office", "organization", "company", "agency",
        "department", "newspaper", "paper", "editorial", "board", "statement", "release", "email",
        "e-mail", "letter", "ad", "memo", "website", "site", "suit", "lawsuit", "complaint",
        "report", "post", "tweet", "video", "book", "survey", "poll", "study", "document", "filing",
        "ruling", "indictment", "affidavit", "transcript", "platform", "team", "staff",
        "commission", "court", "panel", "council",
    ],
};

/// Whether a description's head noun stands for people rather than for a document or a
/// body ("the senator", "aides" but not "the statement", "the campaign").
pub fn is_person_word(lower: &str) -> bool {
    is_person_noun(lower) && !NOT_PERSON_WORDS.has(lower)
}

#[rustfmt::skip]
pub const DOCUMENTS: Words = Words {
    name: "documents",
    words: &[
        "statement", "release", "email", "e-mail", "letter", "ad", "memo", "website", "site",
        "suit", "lawsuit", "complaint", "report", "post", "tweet", "video", "book", "survey",
        "poll", "study", "document", "filing", "ruling", "indictment", "affidavit", "transcript",
        "editorial",
    ],
};

/// What a description kept as a speaker shows them to be, by its head noun: "protesters" a
/// group, "a friend" a person, "the company" or "the court" an organisation, "the report" or
/// "the letter" unknown (a document's author is not said).
pub fn description_kind(lower: &str) -> SpeakerKind {
    if DOCUMENTS.has(lower) {
        SpeakerKind::Unknown
    } else if !is_person_word(lower) {
        SpeakerKind::Organisation
    } else if lower.ends_with('s') && !lower.ends_with("ss") {
        SpeakerKind::Group
    } else {
        SpeakerKind::Person
    }
}

#[rustfmt::skip]
pub const SPEAK_FOR_ANOTHER: Words = Words {
    name: "callings that speak for another",
    words: &[
        "spokesman", "spokeswoman", "spokesperson", "spokespeople", "aide", "aides", "adviser",
        "advisers", "advisor", "advisors", "official", "officials", "source", "sources", "lawyer",
        "lawyers", "attorney", "attorneys", "representative", "representatives", "supporter",
        "supporters", "doctor", "physician", "narrator", "announcer", "wife", "husband", "son",
        "daughter", "father", "mother", "brother", "sister", "friend", "friends", "family",
        "staffer", "staffers", "assistant", "secretary", "deputy", "allies", "ally", "critics",
        "critic", "rival", "opponent", "opponents", "biographer", "colleague", "colleagues",
        "partner",
    ],
};

/// People who speak for someone else or stand beside them: "a Clinton spokesman", "Gary
/// Johnson's doctor", "Trump's lawyer" are not Clinton, Johnson or Trump.
pub fn speaks_for_another(lower: &str) -> bool {
    SPEAK_FOR_ANOTHER.has(lower)
}

#[rustfmt::skip]
pub const OWN_VOICE_WORDS: Words = Words {
    name: "bodies with a voice of their own",
    words: &[
        "complaint", "lawsuit", "suit", "ruling", "report", "survey", "poll", "study", "indictment",
        "affidavit", "filing", "court", "panel", "book", "editorial", "document",
    ],
};

/// Documents and bodies with a voice of their own: "the complaint said", "the court ruled" are
/// not the words of whoever spoke last.
pub fn is_own_voice_word(lower: &str) -> bool {
    OWN_VOICE_WORDS.has(lower)
}

#[rustfmt::skip]
pub const FEMALE_NAMES: Words = Words {
    name: "given names, female",
    words: &[
        "abigail", "alexandra", "alexandria", "alice", "alicia", "allison", "amanda", "amber",
        "amy", "andrea", "angela", "angelina", "anita", "ann", "anna", "anne", "annie", "barbara",
        "betsy", "betty", "beverly", "bonnie", "brenda", "brittany", "candace", "carly", "carmen",
        "carol", "caroline", "carolyn", "catherine", "cathy", "cheryl", "chelsea", "christina",
        "christine", "cindy", "claire", "claudia", "condoleezza", "connie", "cynthia", "danielle",
        "debbie", "deborah", "debra", "denise", "diana", "diane", "dianne", "donna", "doris",
        "dorothy", "edith", "eileen", "elaine", "eleanor", "elena", "elise", "elizabeth", "ellen",
        "emily", "emma", "erica", "erin", "eva", "evelyn", "frances", "gina", "gloria", "hannah",
        "heather", "heidi", "helen", "hillary", "hilary", "huma", "ilhan", "irene", "ivana",
        "ivanka", "jacqueline", "jane", "janet", "janice", "jeanne", "jennifer", "jessica", "jill",
        "joan", "joanne", "joni", "josephine", "joyce", "judith", "judy", "julia", "julie",
        "kamala", "karen", "katherine", "kathleen", "kathryn", "kathy", "katie", "kayla",
        "kellyanne", "kimberly", "kirsten", "kristen", "laura", "lauren", "linda", "lisa", "lois",
        "loretta", "lori", "louise", "lucy", "madeleine", "maria", "marie", "marilyn", "marsha",
        "martha", "mary", "maxine", "megan", "megyn", "melania", "melanie", "melinda", "melissa",
        "michele", "michelle", "monica", "nancy", "natalie", "nicole", "nikki", "nina", "nora",
        "olivia", "pamela", "patricia", "paula", "peggy", "rachel", "rebecca", "rhonda", "rita",
        "roberta", "rosa", "rose", "ruth", "sally", "samantha", "sandra", "sara", "sarah", "sharon",
        "sheila", "shirley", "sonia", "sophia", "stephanie", "susan", "susanna", "suzanne", "tammy",
        "teresa", "theresa", "tiffany", "tina", "tulsi", "valerie", "vanessa", "veronica",
        "victoria", "virginia", "wendy", "yvonne",
    ],
};

#[rustfmt::skip]
pub const MALE_NAMES: Words = Words {
    name: "given names, male",
    words: &[
        "aaron", "abraham", "adam", "adrian", "al", "alan", "albert", "alberto", "alec",
        "alejandro", "alexander", "alfred", "allen", "alvin", "andre", "andrew", "andy", "angelo",
        "anthony", "antonio", "arnold", "arthur", "barack", "barry", "ben", "benjamin", "bernard",
        "bernie", "bill", "billy", "bob", "bobby", "brad", "bradley", "brandon", "brett", "brian",
        "bruce", "bryan", "carl", "carlos", "charles", "charlie", "chuck", "clarence", "clint",
        "colin", "craig", "curtis", "dale", "dan", "daniel", "danny", "darrell", "dave", "david",
        "dennis", "derek", "dick", "don", "donald", "doug", "douglas", "duncan", "dwight", "earl",
        "ed", "eddie", "edward", "elijah", "emmanuel", "eric", "ernest", "eugene", "frank",
        "franklin", "fred", "frederick", "gabriel", "gary", "gene", "geoffrey", "george", "gerald",
        "glenn", "gordon", "greg", "gregory", "harold", "harry", "henry", "herbert", "howard",
        "hugh", "ian", "isaac", "ivan", "jack", "jacob", "james", "jared", "jason", "jeb", "jeff",
        "jeffrey", "jeremy", "jerome", "jerry", "jesse", "jim", "jimmy", "joe", "joel", "john",
        "johnny", "jon", "jonathan", "jorge", "jose", "joseph", "josh", "joshua", "juan", "julian",
        "justin", "keith", "ken", "kenneth", "kevin", "kurt", "kyle", "larry", "lawrence", "leon",
        "leonard", "lloyd", "louis", "luis", "luke", "manuel", "marco", "mario", "mark", "martin",
        "marvin", "matt", "matthew", "maurice", "max", "michael", "mike", "mitch", "mitchell",
        "mitt", "mohammed", "muhammad", "nathan", "neil", "newt", "nicholas", "nick", "noah",
        "norman", "oliver", "oscar", "patrick", "paul", "pedro", "pete", "peter", "phil", "philip",
        "phillip", "ralph", "randy", "ray", "raymond", "reince", "rex", "richard", "rick", "ricky",
        "rob", "robert", "roberto", "rod", "rodney", "roger", "ron", "ronald", "ronnie", "roy",
        "rudy", "russell", "ryan", "samuel", "scott", "sean", "sergei", "seth", "stephen", "steve",
        "steven", "stuart", "ted", "thomas", "tim", "timothy", "todd", "tom", "tommy", "tony",
        "travis", "trey", "troy", "tyler", "vernon", "victor", "vincent", "vladimir", "walter",
        "warren", "wayne", "wesley", "william", "willie", "zachary",
    ],
};

/// The gender a common given name shows, for a person whose first "he" or "she" comes before
/// any title or earlier pronoun says. Names often given to both (Jordan, Kelly, Leslie) and
/// names that are also common words are left out.
pub fn given_name_gender(lower: &str) -> Option<Gender> {
    if MALE_NAMES.has(lower) {
        Some(Gender::Male)
    } else if FEMALE_NAMES.has(lower) {
        Some(Gender::Female)
    } else {
        None
    }
}

/// Every word list, for the tests that keep them tidy.
#[cfg(test)]
const LISTS: &[&Words] = &[
    &COMPANY_WORDS,
    &COMPANY_NAME_WORDS,
    &GOVERNMENT_WORDS,
    &OFFICE_QUALIFIERS,
    &DETERMINERS,
    &SPEAKER_PRONOUNS,
    &SUBORDINATORS,
    &PARTICLES,
    &CUE_BASES,
    &CUE_FORMS,
    &NOUNISH,
    &WEAK_CUES,
    &ADDRESS,
    &TITLES,
    &HONORIFICS,
    &PERSON_NOUNS,
    &SENTENCE_ADVERBS,
    &SURNAMES_TOO,
    &ORG_WORDS,
    &EVENTS,
    &DEMONYMS,
    &CAPITALISED_FUNCTION_WORDS,
    &TITLE_INTROS,
    &NAMING_WORDS,
    &WORDS_NOUNS,
    &TITLE_SMALL_WORDS,
    &PLACES,
    &NOT_PERSON_WORDS,
    &DOCUMENTS,
    &SPEAK_FOR_ANOTHER,
    &OWN_VOICE_WORDS,
    &FEMALE_NAMES,
    &MALE_NAMES,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list is named once, and holds each word once, in lower case, as a rule looks it up.
    #[test]
    fn every_list_is_tidy() {
        let mut names: Vec<&str> = LISTS.iter().map(|l| l.name).collect();
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "two lists share a name");
        for list in LISTS {
            let mut words = list.words.to_vec();
            for w in &words {
                assert!(
                    !w.is_empty() && *w == w.trim() && *w == w.to_lowercase(),
                    "{}: {w:?}",
                    list.name
                );
            }
            words.sort_unstable();
            let count = words.len();
            words.dedup();
            assert_eq!(words.len(), count, "{}: a word twice", list.name);
            assert!(list.has(list.words[0]), "{}", list.name);
        }
    }
}
