//! `slant-corpus`: a deterministic generator of synthetic news corpora and slant lexicons,
//! for measuring `slant compare` throughput (see `scripts/bench.sh`).
//!
//! Everything derives from one seed through SplitMix64 streams implemented here (no RNG
//! crate), and from integer arithmetic plus IEEE-exact `f64` operations (`+`, `/`, `sqrt`),
//! so the same seed and size give the same bytes on every machine.
//!
//! * **Vocabulary**: English function words, news content words and syllable pseudo-words,
//!   ranked and drawn Zipf–Mandelbrot (s = 1, q = 2.7).
//! * **Lexicon** (`lexicon`): unique lower-case ASCII terms of 2–4 words whose heads are
//!   content words, grouped into concepts of five. A smaller lexicon is a prefix of a larger
//!   one with the same seed.
//! * **Corpus** (`corpus`): articles from 24 outlets dated 2020–2023. Even outlets write
//!   typographic quotes, apostrophes and dashes (“ ” ’ —), odd ones ASCII (" ' --). Terms of
//!   the 5,000-term lexicon are injected (some with a diacritic, in ALL CAPS or Title Case),
//!   with a sprinkling of phrases from slant's built-in lexicons. Paragraphs carry quotes
//!   with speakers, scare quotes and quotes running over two paragraphs. Article `k` depends
//!   only on the seed and `k`, so a smaller JSONL corpus is a prefix of a larger one.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;

/// Number of outlets (`outlet00` … `outlet23`).
const OUTLETS: usize = 24;
/// Terms of the lexicon whose terms the corpus injects.
const CORPUS_TERMS: usize = 5_000;
/// Pseudo-words in the vocabulary.
const PSEUDO_WORDS: usize = 40_000;
/// The most terms `lexicon` agrees to generate.
const MAX_TERMS: usize = 1_000_000;
/// First day of the date range, as days since 1970-01-01 (2020-01-01).
const FIRST_DAY: i64 = 18_262;
/// Days from 2020-01-01 to 2023-12-31 inclusive.
const DAYS: usize = 1_461;

/// RNG stream of the vocabulary's pseudo-words.
const STREAM_VOCABULARY: u64 = 1;
/// RNG stream of the lexicon terms.
const STREAM_LEXICON: u64 = 2;
/// RNG streams of the articles start here (article `k` uses `STREAM_ARTICLES + k`).
const STREAM_ARTICLES: u64 = 1 << 32;

/// Chance per word slot of a term from the 5,000-term lexicon.
const P_TERM: f64 = 0.004;
/// Chance per word slot of a phrase from the built-in lexicons.
const P_BUILTIN: f64 = 0.000_6;
/// Chance per word slot of a number.
const P_NUMBER: f64 = 0.01;
/// Chance per word slot of a person's name.
const P_NAME: f64 = 0.005;
/// Chance that a content word or pseudo-word takes a possessive `'s`.
const P_POSSESSIVE: f64 = 0.01;
/// Chance of a comma after a word.
const P_COMMA: f64 = 0.07;
/// Chance of a dash after a word.
const P_DASH: f64 = 0.004;

/// English function words, most frequent first; they take the top Zipf ranks.
#[rustfmt::skip]
const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "on", "it", "with", "as", "he",
    "by", "at", "from", "his", "be", "have", "has", "had", "are", "were", "been", "this", "which",
    "or", "an", "not", "but", "will", "would", "who", "its", "after", "also", "they", "we", "she",
    "her", "their", "more", "one", "two", "about", "than", "there", "when", "up", "out", "into",
    "over", "can", "could", "all", "no", "if", "so", "what", "new", "other", "some", "them",
    "these", "those", "him", "our", "may", "most", "only", "last", "first", "before", "while",
    "between", "under", "against", "during", "since", "where", "because", "such", "then", "even",
    "through", "any", "many", "much", "both", "each", "how", "very", "just", "now", "being", "did",
    "do", "does", "made", "make", "like", "well", "back", "still", "own", "off", "down", "three",
    "four", "should", "must", "might", "without", "within", "among", "across", "around", "until",
    "whether", "though", "although", "never", "again", "already", "yet", "here", "you", "i", "me",
    "my", "your", "us", "every", "few", "several",
];

/// News content words: the heads of lexicon terms, ranked just below the function words.
#[rustfmt::skip]
const CONTENT_WORDS: &[&str] = &[
    "government", "regime", "illegal", "occupation", "military", "forces", "minister", "president",
    "election", "border", "attack", "officials", "police", "security", "troops", "war", "peace",
    "talks", "agreement", "crisis", "protest", "protesters", "violence", "rebels", "militants",
    "authorities", "state", "country", "region", "territory", "city", "capital", "province",
    "village", "people", "civilians", "refugees", "migrants", "immigrants", "workers", "families",
    "children", "leaders", "opposition", "party", "parliament", "court", "law", "policy", "reform",
    "tax", "economy", "market", "prices", "inflation", "budget", "debt", "sanctions", "trade",
    "oil", "gas", "energy", "climate", "health", "hospital", "vaccine", "virus", "pandemic",
    "school", "students", "university", "media", "press", "report", "statement", "spokesman",
    "spokeswoman", "ministry", "agency", "army", "navy", "soldiers", "fighters", "insurgents",
    "separatists", "settlers", "settlement", "invasion", "annexation", "referendum", "sovereignty",
    "independence", "unity", "aggression", "resistance", "terror", "terrorists", "extremists",
    "radical", "hardline", "moderate", "liberal", "conservative", "progressive", "nationalist",
    "propaganda", "dictator", "democracy", "freedom", "rights", "justice", "crimes", "massacre",
    "genocide", "atrocities", "bombing", "shelling", "strikes", "airstrike", "missile", "drone",
    "rocket", "ceasefire", "truce", "offensive", "counteroffensive", "withdrawal", "retreat",
    "advance", "siege", "blockade", "corridor", "checkpoint", "camp", "prison", "detention",
    "arrest", "trial", "verdict", "investigation", "inquiry", "scandal", "corruption", "fraud",
    "bribery", "lobby", "campaign", "voters", "ballot", "poll", "victory", "defeat", "coalition",
    "alliance", "treaty", "summit", "delegation", "envoy", "embassy", "diplomat", "foreign",
    "domestic", "national", "federal", "regional", "local", "public", "private", "official",
    "unofficial", "disputed", "occupied", "liberated", "contested", "breakaway", "rebel", "armed",
    "unarmed", "innocent", "brutal", "heroic", "controversial", "alleged", "accused", "victims",
];

/// Syllables the pseudo-words are built from.
#[rustfmt::skip]
const SYLLABLES: &[&str] = &[
    "ba", "ka", "ter", "lon", "mi", "sa", "ve", "ro", "tan", "del", "pa", "ri", "mon", "ket", "su",
    "la", "nor", "gen", "vi", "dra", "cor", "ti", "len", "mar", "po", "sel", "dun", "fe", "gra",
    "hal", "in", "jo", "ku", "ly", "ne", "os", "pre", "qua", "rus", "sta", "tor", "ul", "wen", "xe",
    "yo", "zan", "bri", "cha", "der", "est", "fin", "gol", "hem", "ish", "ment", "tion", "ar", "en",
    "is", "ly", "ver", "com", "pro", "ex", "un", "re", "con", "al",
];

/// Link words that may sit inside a lexicon term ("rights of workers").
const LINK_WORDS: &[&str] = &["of", "the", "in", "on", "for", "and", "to"];

/// Given names of quoted speakers (some with diacritics).
#[rustfmt::skip]
const GIVEN_NAMES: &[&str] = &[
    "Ana", "Mehmet", "Søren", "José", "Olga", "Ahmed", "Łukasz", "Zoë", "Chloé", "Björn", "Aiko",
    "Nuno", "Fatima", "Ivan", "Mariam", "Raúl", "Ingrid", "Kofi", "Leila", "Tomás",
];

/// Surnames of quoted speakers (some with diacritics).
#[rustfmt::skip]
const SURNAMES: &[&str] = &[
    "Núñez", "Łęcki", "Petrov", "Haddad", "Öztürk", "Kowalski", "Dubois", "García", "Nakamura",
    "Hovhannisyan", "Aliyev", "Schröder", "Mensah", "Cohen", "Khalidi", "Ivanenko", "Jørgensen",
    "Lefèvre", "Silva", "Brown",
];

/// Phrases from slant's built-in lexicons, so runs with the built-ins find hits too.
#[rustfmt::skip]
const BUILTIN_PHRASES: &[&str] = &[
    "Nagorno-Karabakh", "Upper Karabakh", "Artsakh", "Stepanakert", "Khankendi", "Lachin corridor",
    "occupied", "occupied territories", "liberated territories", "separatist regime", "ceasefire",
    "humanitarian ceasefire", "truce", "Kyiv", "Kiev", "Kharkiv", "Kharkov", "Donbas", "Donbass",
    "special military operation", "full-scale invasion", "Kiev regime", "Russian occupiers",
    "illegal annexation", "West Bank", "Judea and Samaria", "Temple Mount", "Haram al-Sharif",
    "Hamas militants", "Hamas terrorists", "Zionist regime", "illegal alien",
    "undocumented immigrant", "death tax", "climate crisis", "global warming", "regime", "massacre",
    "allegedly", "reportedly", "claimed", "insisted",
];

// ---------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------

/// Deterministic synthetic corpora and lexicons for benchmarking `slant compare`.
#[derive(Debug, Parser)]
#[command(name = "slant-corpus", version, about, long_about = None)]
struct Cli {
    /// What to generate.
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Write a synthetic news corpus of about N MB.
    Corpus(CorpusArgs),
    /// Write a synthetic slant lexicon (TOML) and its terms one per line.
    Lexicon(LexiconArgs),
}

/// Options of `slant-corpus corpus`.
#[derive(Debug, Args)]
struct CorpusArgs {
    /// Size in MB (10^6 bytes); generation stops after the article that reaches it.
    #[arg(long, value_name = "N")]
    mb: f64,
    /// Seed of every random choice.
    #[arg(long, value_name = "S", default_value_t = 42)]
    seed: u64,
    /// Output directory (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// `jsonl`: DIR/corpus.jsonl; `files`: DIR/OUTLET/ID.txt with front matter.
    #[arg(long, value_enum, default_value_t = CorpusFormat::Jsonl)]
    format: CorpusFormat,
}

/// Options of `slant-corpus lexicon`.
#[derive(Debug, Args)]
struct LexiconArgs {
    /// Number of terms.
    #[arg(long, value_name = "N")]
    terms: usize,
    /// Seed of every random choice (use the corpus's seed so the injected terms agree).
    #[arg(long, value_name = "S", default_value_t = 42)]
    seed: u64,
    /// The TOML lexicon to write.
    #[arg(long, value_name = "FILE.toml")]
    out: PathBuf,
    /// Also write the terms one per line (for `rg -F -f`).
    #[arg(long, value_name = "FILE.txt")]
    terms_txt: Option<PathBuf>,
}

/// Layout of a generated corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CorpusFormat {
    /// One JSON object per line in DIR/corpus.jsonl.
    Jsonl,
    /// One text file per article with front matter, in one directory per outlet.
    Files,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Corpus(args) => run_corpus(&args),
        Command::Lexicon(args) => run_lexicon(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("slant-corpus: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `slant-corpus corpus`.
fn run_corpus(args: &CorpusArgs) -> io::Result<()> {
    if !(args.mb.is_finite() && args.mb > 0.0) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "--mb must be a positive number",
        ));
    }
    let target = (args.mb * 1e6).round() as u64;
    let generator = Generator::new(args.seed);
    fs::create_dir_all(&args.out)?;
    let stats = match args.format {
        CorpusFormat::Jsonl => {
            let path = args.out.join("corpus.jsonl");
            let mut out = BufWriter::with_capacity(1 << 20, File::create(&path)?);
            let stats = write_jsonl(&generator, target, &mut out)?;
            out.flush()?;
            stats
        }
        CorpusFormat::Files => write_files(&generator, target, &args.out)?,
    };
    eprintln!(
        "slant-corpus: {} bytes, {} articles, {} paragraphs; injected lexicon terms: {} own voice, \
         {} quoted; built-in phrases: {}",
        stats.bytes,
        stats.articles,
        stats.paragraphs,
        stats.terms_own,
        stats.terms_quoted,
        stats.builtin
    );
    Ok(())
}

/// Runs `slant-corpus lexicon`.
fn run_lexicon(args: &LexiconArgs) -> io::Result<()> {
    if args.terms == 0 || args.terms > MAX_TERMS {
        let message = format!("--terms must be between 1 and {MAX_TERMS}");
        return Err(io::Error::new(io::ErrorKind::InvalidInput, message));
    }
    let vocabulary = Vocabulary::new(args.seed);
    let terms = lexicon_terms(&vocabulary, args.seed, args.terms);
    create_parent(&args.out)?;
    let mut out = BufWriter::new(File::create(&args.out)?);
    write_lexicon_toml(&terms, args.seed, &mut out)?;
    out.flush()?;
    if let Some(path) = &args.terms_txt {
        create_parent(path)?;
        let mut out = BufWriter::new(File::create(path)?);
        for term in &terms {
            writeln!(out, "{term}")?;
        }
        out.flush()?;
    }
    Ok(())
}

/// Creates the directory a file is to be written in.
fn create_parent(path: &Path) -> io::Result<()> {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => fs::create_dir_all(parent),
        _ => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------

/// The SplitMix64 increment (the golden ratio in 64-bit fixed point).
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// SplitMix64 finaliser: a bijective 64-bit mixer.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// SplitMix64 (Steele, Lea and Flood 2014), one independent stream per purpose.
#[derive(Debug, Clone)]
struct SplitMix64 {
    /// The counter the outputs are mixed from.
    state: u64,
}

impl SplitMix64 {
    /// The generator of stream `stream` under `seed`.
    fn new(seed: u64, stream: u64) -> Self {
        Self {
            state: mix(seed ^ mix(stream.wrapping_mul(GOLDEN).wrapping_add(GOLDEN))),
        }
    }

    /// The next 64 random bits.
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix(self.state)
    }

    /// A uniform number in [0, 1) with 53 random bits.
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform index below `n` (`n > 0`), by multiply-shift.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A uniform integer in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.next_f64() < p
    }

    /// A uniformly chosen element of a non-empty slice.
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The exponent of a Zipf–Mandelbrot law, limited to values computed exactly in IEEE
/// arithmetic (so tables are identical on every platform).
#[derive(Debug, Clone, Copy)]
enum Exponent {
    /// s = 1: weight 1/(r+q).
    One,
    /// s = 0.75: weight 1/((r+q)^0.5 · (r+q)^0.25).
    ThreeQuarters,
}

/// Sampler of ranks `0..n` with weights 1/(rank + 1 + q)^s, by binary search in the CDF.
#[derive(Debug, Clone)]
struct Zipf {
    /// Cumulative weights, normalised so that the last is 1.
    cdf: Vec<f64>,
}

impl Zipf {
    /// The sampler over `n > 0` ranks.
    fn new(n: usize, exponent: Exponent, q: f64) -> Self {
        let mut total = 0.0;
        let mut cdf = Vec::with_capacity(n);
        for rank in 1..=n {
            let x = rank as f64 + q;
            total += match exponent {
                Exponent::One => 1.0 / x,
                Exponent::ThreeQuarters => 1.0 / (x.sqrt() * x.sqrt().sqrt()),
            };
            cdf.push(total);
        }
        for c in &mut cdf {
            *c /= total;
        }
        Self { cdf }
    }

    /// A rank drawn from the law.
    fn sample(&self, rng: &mut SplitMix64) -> usize {
        let u = rng.next_f64();
        self.cdf
            .partition_point(|&c| c <= u)
            .min(self.cdf.len() - 1)
    }
}

// ---------------------------------------------------------------------------------------
// Vocabulary and lexicon
// ---------------------------------------------------------------------------------------

/// The ranked vocabulary: function words, then content words interleaved with pseudo-words.
#[derive(Debug, Clone)]
struct Vocabulary {
    /// Words, most frequent first.
    words: Vec<String>,
    /// Law over all ranks (running text).
    all: Zipf,
    /// Law over the ranks after the function words (term tails).
    open_class: Zipf,
    /// Law over the content words (term heads).
    heads: Zipf,
}

impl Vocabulary {
    /// The vocabulary of `seed`.
    fn new(seed: u64) -> Self {
        let pseudo = pseudo_words(seed, PSEUDO_WORDS);
        let mut words: Vec<String> = FUNCTION_WORDS.iter().map(|w| (*w).to_string()).collect();
        let mut pseudo = pseudo.into_iter();
        for content in CONTENT_WORDS {
            words.push(content.to_string());
            words.extend(pseudo.by_ref().take(3));
        }
        words.extend(pseudo);
        let open = words.len() - FUNCTION_WORDS.len();
        Self {
            all: Zipf::new(words.len(), Exponent::One, 2.7),
            open_class: Zipf::new(open, Exponent::One, 2.7),
            heads: Zipf::new(CONTENT_WORDS.len(), Exponent::One, 2.7),
            words,
        }
    }

    /// A word of running text, and whether it is an open-class word.
    fn running_word(&self, rng: &mut SplitMix64) -> (&str, bool) {
        let rank = self.all.sample(rng);
        (&self.words[rank], rank >= FUNCTION_WORDS.len())
    }

    /// An open-class word (content or pseudo-word).
    fn open_word(&self, rng: &mut SplitMix64) -> &str {
        &self.words[FUNCTION_WORDS.len() + self.open_class.sample(rng)]
    }

    /// A content word to head a term.
    fn head_word(&self, rng: &mut SplitMix64) -> &'static str {
        CONTENT_WORDS[self.heads.sample(rng)]
    }
}

/// `count` distinct pseudo-words of 1–4 syllables, none equal to a real word of the lists.
fn pseudo_words(seed: u64, count: usize) -> Vec<String> {
    let mut rng = SplitMix64::new(seed, STREAM_VOCABULARY);
    let mut seen: HashSet<String> = FUNCTION_WORDS
        .iter()
        .chain(CONTENT_WORDS)
        .chain(LINK_WORDS)
        .map(|w| (*w).to_string())
        .collect();
    let mut words = Vec::with_capacity(count);
    while words.len() < count {
        let syllables = [1, 2, 2, 2, 3, 3, 4][rng.below(7)];
        let word: String = (0..syllables).map(|_| rng.pick(SYLLABLES)).collect();
        if word.len() >= 3 && seen.insert(word.clone()) {
            words.push(word);
        }
    }
    words
}

/// The first `count` terms of the lexicon of `seed`: lower-case a–z words joined by single
/// spaces, unique even with spaces removed (slant treats space, hyphen and no space alike).
fn lexicon_terms(vocabulary: &Vocabulary, seed: u64, count: usize) -> Vec<String> {
    let mut rng = SplitMix64::new(seed, STREAM_LEXICON);
    let mut seen = HashSet::with_capacity(count);
    let mut terms = Vec::with_capacity(count);
    while terms.len() < count {
        let term = draw_term(vocabulary, &mut rng);
        if seen.insert(term.replace(' ', "")) {
            terms.push(term);
        }
    }
    terms
}

/// One candidate term: a content-word head, then 1–3 more words (60/30/10% for 2/3/4
/// words), inner words being a link word ("of", "the", …) 15% of the time.
fn draw_term(vocabulary: &Vocabulary, rng: &mut SplitMix64) -> String {
    let roll = rng.below(10);
    let words = if roll < 6 {
        2
    } else if roll < 9 {
        3
    } else {
        4
    };
    let mut term = String::from(vocabulary.head_word(rng));
    for position in 1..words {
        term.push(' ');
        let inner = position + 1 < words;
        if inner && rng.chance(0.15) {
            term.push_str(rng.pick(LINK_WORDS));
        } else {
            term.push_str(vocabulary.open_word(rng));
        }
    }
    term
}

/// Writes the lexicon: concepts of five consecutive terms, leans alternating `a` and `b`.
fn write_lexicon_toml(terms: &[String], seed: u64, out: &mut dyn Write) -> io::Result<()> {
    let count = terms.len();
    writeln!(
        out,
        "# Synthetic lexicon written by slant-corpus (seed {seed}, {count} terms)."
    )?;
    writeln!(out, "id = \"synthetic-{count}\"")?;
    writeln!(
        out,
        "title = \"Synthetic benchmark lexicon, {count} terms, seed {seed}\""
    )?;
    writeln!(out, "neutral = []\n\n[leans]")?;
    writeln!(
        out,
        "a = \"Synthetic perspective A\"\nb = \"Synthetic perspective B\""
    )?;
    for (index, concept) in terms.chunks(5).enumerate() {
        let number = index + 1;
        writeln!(
            out,
            "\n[[concepts]]\nid = \"c{number:06}\"\nkind = \"label\""
        )?;
        writeln!(out, "label = \"Synthetic concept {number}\"\nterms = [")?;
        for (position, term) in concept.iter().enumerate() {
            let lean = if position.is_multiple_of(2) { "a" } else { "b" };
            writeln!(out, "  {{ text = \"{term}\", lean = \"{lean}\" }},")?;
        }
        writeln!(out, "]")?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Corpus
// ---------------------------------------------------------------------------------------

/// Quotation marks, apostrophe and dash of an outlet's house style.
#[derive(Debug)]
struct Style {
    /// Opening quotation mark.
    open: &'static str,
    /// Closing quotation mark.
    close: &'static str,
    /// Apostrophe.
    apostrophe: &'static str,
    /// Dash between clauses, with its spaces.
    dash: &'static str,
}

/// Style of the even outlets.
const TYPOGRAPHIC: Style = Style {
    open: "\u{201c}",
    close: "\u{201d}",
    apostrophe: "\u{2019}",
    dash: " \u{2014} ",
};
/// Style of the odd outlets.
const PLAIN: Style = Style {
    open: "\"",
    close: "\"",
    apostrophe: "'",
    dash: " -- ",
};

/// Counts of what was generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Stats {
    /// Bytes written.
    bytes: u64,
    /// Articles written.
    articles: u64,
    /// Paragraphs written.
    paragraphs: u64,
    /// Lexicon terms injected outside quotation marks.
    terms_own: u64,
    /// Lexicon terms injected inside quotation marks (scare quotes included).
    terms_quoted: u64,
    /// Built-in lexicon phrases injected.
    builtin: u64,
}

/// One generated article.
#[derive(Debug, Default, Serialize)]
struct Article {
    /// Zero-padded article number, from 0000001.
    id: String,
    /// `outletNN`.
    outlet: String,
    /// YYYY-MM-DD.
    date: String,
    /// Title Case headline.
    title: String,
    /// Paragraphs separated by a blank line.
    text: String,
}

/// Everything articles are drawn from: vocabulary, injected terms and their popularity.
#[derive(Debug)]
struct Generator {
    /// The seed of the corpus.
    seed: u64,
    /// The ranked vocabulary.
    vocabulary: Vocabulary,
    /// The first 5,000 lexicon terms of the seed.
    terms: Vec<String>,
    /// Popularity of the terms by rank (s = 0.75).
    term_law: Zipf,
}

impl Generator {
    /// The generator of `seed`.
    fn new(seed: u64) -> Self {
        let vocabulary = Vocabulary::new(seed);
        let terms = lexicon_terms(&vocabulary, seed, CORPUS_TERMS);
        Self {
            seed,
            vocabulary,
            term_law: Zipf::new(terms.len(), Exponent::ThreeQuarters, 0.0),
            terms,
        }
    }

    /// Article number `index` (0-based), written into `article`; adds to `stats`.
    fn article(&self, index: u64, article: &mut Article, stats: &mut Stats) {
        let mut rng = SplitMix64::new(self.seed, STREAM_ARTICLES.wrapping_add(index));
        let outlet = rng.below(OUTLETS);
        article.id = format!("{:07}", index + 1);
        article.outlet = format!("outlet{outlet:02}");
        article.date = date_string(FIRST_DAY + rng.below(DAYS) as i64);
        let style = if outlet.is_multiple_of(2) {
            &TYPOGRAPHIC
        } else {
            &PLAIN
        };
        let mut writer = ArticleWriter {
            generator: self,
            rng,
            style,
            text: String::new(),
            stats,
        };
        article.title = writer.title();
        writer.body();
        article.text = writer.text;
        stats.articles += 1;
    }
}

/// Writes articles as JSON lines until `target` bytes are reached.
fn write_jsonl(generator: &Generator, target: u64, out: &mut dyn Write) -> io::Result<Stats> {
    let mut stats = Stats::default();
    let mut article = Article::default();
    let mut line = Vec::with_capacity(1 << 16);
    let mut index = 0;
    while stats.bytes < target {
        generator.article(index, &mut article, &mut stats);
        line.clear();
        serde_json::to_writer(&mut line, &article)?;
        line.push(b'\n');
        out.write_all(&line)?;
        stats.bytes += line.len() as u64;
        index += 1;
    }
    Ok(stats)
}

/// Writes articles as `DIR/<outlet>/<id>.txt` files until `target` bytes are reached.
fn write_files(generator: &Generator, target: u64, dir: &Path) -> io::Result<Stats> {
    for outlet in 0..OUTLETS {
        fs::create_dir_all(dir.join(format!("outlet{outlet:02}")))?;
    }
    let mut stats = Stats::default();
    let mut article = Article::default();
    let mut index = 0;
    while stats.bytes < target {
        generator.article(index, &mut article, &mut stats);
        let document = front_matter_document(&article);
        let path = dir
            .join(&article.outlet)
            .join(format!("{}.txt", article.id));
        fs::write(path, &document)?;
        stats.bytes += document.len() as u64;
        index += 1;
    }
    Ok(stats)
}

/// An article as a text file with front matter.
fn front_matter_document(article: &Article) -> String {
    format!(
        "---\noutlet: {}\ndate: {}\ntitle: {}\nid: {}\n---\n{}\n",
        article.outlet, article.date, article.title, article.id, article.text
    )
}

/// YYYY-MM-DD of a day counted from 1970-01-01 (Hinnant's civil-from-days).
fn date_string(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Builds the headline and text of one article.
struct ArticleWriter<'g> {
    /// Vocabulary and terms.
    generator: &'g Generator,
    /// The article's own random stream.
    rng: SplitMix64,
    /// The outlet's house style.
    style: &'static Style,
    /// The text written so far.
    text: String,
    /// Counts to add to.
    stats: &'g mut Stats,
}

impl ArticleWriter<'_> {
    /// A Title Case headline of 5–10 words, with a lexicon term 15% of the time.
    fn title(&mut self) -> String {
        let words = self.rng.between(5, 10);
        let term_at = self.rng.chance(0.15).then(|| self.rng.below(words));
        let mut title = String::new();
        for position in 0..words {
            if position > 0 {
                title.push(' ');
            }
            let word = if term_at == Some(position) {
                self.stats.terms_own += 1;
                self.term().to_string()
            } else {
                self.generator
                    .vocabulary
                    .running_word(&mut self.rng)
                    .0
                    .to_string()
            };
            title_case_into(&mut title, &word);
        }
        title
    }

    /// The paragraphs: 4–14, some quoting a speaker across two paragraphs.
    fn body(&mut self) {
        let paragraphs = self.rng.between(4, 14);
        let mut quote_open = false;
        for index in 0..paragraphs {
            if index > 0 {
                self.text.push_str("\n\n");
            }
            self.stats.paragraphs += 1;
            quote_open = if quote_open {
                self.continued_quote();
                false
            } else {
                self.paragraph(index + 1 == paragraphs)
            };
        }
    }

    /// One paragraph of 2–5 sentences; true if it leaves a quotation open for the next.
    fn paragraph(&mut self, last: bool) -> bool {
        let sentences = self.rng.between(2, 5);
        let roll = self.rng.next_f64();
        if roll < 0.18 {
            self.quote_then_speaker();
            self.own_sentences(sentences - 1, false);
        } else if roll < 0.30 {
            self.speaker_then_quote(1, true);
            self.own_sentences(sentences - 1, false);
        } else if roll < 0.38 {
            self.own_sentences(sentences, true);
        } else if roll < 0.41 && !last {
            self.speaker_then_quote(sentences, false);
            return true;
        } else {
            self.own_sentences(sentences, false);
        }
        false
    }

    /// The second paragraph of a quotation: reopened, 1–3 sentences, closed.
    fn continued_quote(&mut self) {
        let sentences = self.rng.between(1, 3);
        self.text.push_str(self.style.open);
        for index in 0..sentences {
            if index > 0 {
                self.text.push(' ');
            }
            self.sentence(".", true, false);
        }
        self.text.push_str(self.style.close);
    }

    /// `“S,” said Name.`
    fn quote_then_speaker(&mut self) {
        self.space();
        self.text.push_str(self.style.open);
        self.sentence(",", true, false);
        self.text.push_str(self.style.close);
        self.text.push_str(" said ");
        self.name();
        self.text.push('.');
    }

    /// `Name said: “S. S.”`, the closing mark left out when `close` is false.
    fn speaker_then_quote(&mut self, sentences: usize, close: bool) {
        self.space();
        self.name();
        self.text.push_str(" said: ");
        self.text.push_str(self.style.open);
        for index in 0..sentences {
            if index > 0 {
                self.text.push(' ');
            }
            self.sentence(".", true, false);
        }
        if close {
            self.text.push_str(self.style.close);
        }
    }

    /// `count` sentences in the writer's own voice, one with a scare quote if `scare`.
    fn own_sentences(&mut self, count: usize, scare: bool) {
        let scare_in = scare.then(|| self.rng.below(count.max(1)));
        for index in 0..count {
            self.space();
            let end = if self.rng.chance(0.03) { "?" } else { "." };
            self.sentence(end, false, scare_in == Some(index));
        }
    }

    /// A sentence of 8–28 word slots ending with `end`; `quoted` says whether it is inside
    /// quotation marks; `scare` puts a scare-quoted term in one slot.
    fn sentence(&mut self, end: &str, quoted: bool, scare: bool) {
        let words = self.rng.between(8, 28);
        let scare_at = scare.then(|| self.rng.between(1, words - 1));
        for position in 0..words {
            if position > 0 {
                self.separator();
            }
            if scare_at == Some(position) {
                self.scare_quote();
            } else {
                self.token(position == 0, quoted);
            }
        }
        self.text.push_str(end);
    }

    /// A space before a sentence, unless at the start of a paragraph.
    fn space(&mut self) {
        if !(self.text.is_empty() || self.text.ends_with('\n')) {
            self.text.push(' ');
        }
    }

    /// The gap between two words: a space, a comma or a dash.
    fn separator(&mut self) {
        let roll = self.rng.next_f64();
        if roll < P_COMMA {
            self.text.push_str(", ");
        } else if roll < P_COMMA + P_DASH {
            self.text.push_str(self.style.dash);
        } else {
            self.text.push(' ');
        }
    }

    /// One word slot: a lexicon term, a built-in phrase, a number, a name or a word.
    fn token(&mut self, first: bool, quoted: bool) {
        let roll = self.rng.next_f64();
        if roll < P_TERM {
            self.injected_term(first, quoted);
        } else if roll < P_TERM + P_BUILTIN {
            self.stats.builtin += 1;
            let phrase = self.rng.pick(BUILTIN_PHRASES);
            self.push_word(phrase, first);
        } else if roll < P_TERM + P_BUILTIN + P_NUMBER {
            self.number();
        } else if roll < P_TERM + P_BUILTIN + P_NUMBER + P_NAME {
            self.name();
        } else {
            self.word(first);
        }
    }

    /// A word of running text, sometimes possessive.
    fn word(&mut self, first: bool) {
        let (word, open_class) = self.generator.vocabulary.running_word(&mut self.rng);
        self.push_word(word, first);
        if open_class && self.rng.chance(P_POSSESSIVE) {
            self.text.push_str(self.style.apostrophe);
            self.text.push('s');
        }
    }

    /// Appends `word`, capitalised at the start of a sentence.
    fn push_word(&mut self, word: &str, capitalise: bool) {
        if capitalise {
            capitalise_into(&mut self.text, word);
        } else {
            self.text.push_str(word);
        }
    }

    /// A lexicon term drawn by popularity.
    fn term(&mut self) -> &str {
        &self.generator.terms[self.generator.term_law.sample(&mut self.rng)]
    }

    /// A lexicon term as written by a careless or emphatic hand: 3% with a diacritic,
    /// 1% ALL CAPS, 2% Title Case, capitalised at the start of a sentence.
    fn injected_term(&mut self, first: bool, quoted: bool) {
        if quoted {
            self.stats.terms_quoted += 1;
        } else {
            self.stats.terms_own += 1;
        }
        let term = self.term().to_string();
        let roll = self.rng.below(100);
        match roll {
            0..=2 => self.push_word(&with_diacritic(&term), first),
            3 => self.text.push_str(&term.to_uppercase()),
            4..=5 => title_case_into(&mut self.text, &term),
            _ => self.push_word(&term, first),
        }
    }

    /// A scare-quoted lexicon term or content word (even odds), after "the so-called" half
    /// of the time.
    fn scare_quote(&mut self) {
        if self.rng.chance(0.5) {
            self.text.push_str("the so-called ");
        }
        let term = if self.rng.chance(0.5) {
            self.stats.terms_quoted += 1;
            self.term().to_string()
        } else {
            self.rng.pick(CONTENT_WORDS).to_string()
        };
        self.text.push_str(self.style.open);
        self.text.push_str(&term);
        self.text.push_str(self.style.close);
    }

    /// A year, a small number or a thousands-separated figure.
    fn number(&mut self) {
        let number = match self.rng.below(3) {
            0 => format!("{}", 2015 + self.rng.below(9)),
            1 => format!("{}", 2 + self.rng.below(98)),
            _ => format!("{},{:03}", 1 + self.rng.below(99), self.rng.below(1000)),
        };
        self.text.push_str(&number);
    }

    /// A person's full name.
    fn name(&mut self) {
        let given = self.rng.pick(GIVEN_NAMES);
        let surname = self.rng.pick(SURNAMES);
        self.text.push_str(given);
        self.text.push(' ');
        self.text.push_str(surname);
    }
}

/// Appends `word` with its first character upper-cased.
fn capitalise_into(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// Appends `phrase` with every word capitalised.
fn title_case_into(out: &mut String, phrase: &str) {
    for (index, word) in phrase.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        capitalise_into(out, word);
    }
}

/// `term` with its first `e` written `é`, or else its first `o` written `ö`.
fn with_diacritic(term: &str) -> String {
    if term.contains('e') {
        term.replacen('e', "\u{e9}", 1)
    } else {
        term.replacen('o', "\u{f6}", 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON-lines corpus of `seed` up to `target` bytes.
    fn jsonl(seed: u64, target: u64) -> Vec<u8> {
        let mut out = Vec::new();
        write_jsonl(&Generator::new(seed), target, &mut out).unwrap();
        out
    }

    #[test]
    fn same_seed_same_bytes() {
        let first = jsonl(42, 300_000);
        assert!(first.len() >= 300_000);
        assert_eq!(first, jsonl(42, 300_000));
        assert_ne!(first, jsonl(43, 300_000));
    }

    #[test]
    fn smaller_corpus_is_a_prefix() {
        let small = jsonl(7, 100_000);
        let large = jsonl(7, 400_000);
        assert!(large.len() > small.len());
        assert!(large.starts_with(&small));
    }

    #[test]
    fn lines_are_articles() {
        let corpus = jsonl(1, 200_000);
        let text = String::from_utf8(corpus).unwrap();
        for line in text.lines() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let outlet = value["outlet"].as_str().unwrap();
            assert!(outlet.starts_with("outlet") && outlet.len() == 8);
            let date = value["date"].as_str().unwrap();
            assert!(("2020-01-01"..="2023-12-31").contains(&date), "{date}");
            assert!(value["text"].as_str().unwrap().contains("\n\n"));
            assert!(!value["title"].as_str().unwrap().is_empty());
            assert_eq!(value["id"].as_str().unwrap().len(), 7);
        }
    }

    #[test]
    fn outlets_keep_their_house_style() {
        let generator = Generator::new(3);
        let mut stats = Stats::default();
        let mut article = Article::default();
        for index in 0..200 {
            generator.article(index, &mut article, &mut stats);
            let even = article.outlet[6..]
                .parse::<usize>()
                .unwrap()
                .is_multiple_of(2);
            if even {
                assert!(!article.text.contains('"') && !article.text.contains(" -- "));
            } else {
                assert!(!article.text.contains('\u{201c}') && !article.text.contains('\u{2019}'));
            }
        }
        assert!(stats.terms_own > 0 && stats.terms_quoted > 0 && stats.builtin > 0);
    }

    #[test]
    fn dates_convert() {
        assert_eq!(date_string(FIRST_DAY), "2020-01-01");
        assert_eq!(date_string(FIRST_DAY + 59), "2020-02-29");
        assert_eq!(date_string(FIRST_DAY + DAYS as i64 - 1), "2023-12-31");
    }

    #[test]
    fn lexicon_terms_are_unique_after_folding() {
        let vocabulary = Vocabulary::new(42);
        let terms = lexicon_terms(&vocabulary, 42, 20_000);
        let mut folded = HashSet::new();
        for term in &terms {
            assert!(
                term.bytes().all(|b| b.is_ascii_lowercase() || b == b' '),
                "{term}"
            );
            assert!(!term.contains("  ") && !term.starts_with(' ') && !term.ends_with(' '));
            let words = term.split(' ').count();
            assert!((2..=4).contains(&words), "{term}");
            assert!(
                CONTENT_WORDS.contains(&term.split(' ').next().unwrap()),
                "{term}"
            );
            assert!(
                folded.insert(term.replace(' ', "")),
                "duplicate after folding: {term}"
            );
        }
    }

    #[test]
    fn smaller_lexicon_is_a_prefix() {
        let vocabulary = Vocabulary::new(42);
        let large = lexicon_terms(&vocabulary, 42, 12_000);
        assert_eq!(
            lexicon_terms(&vocabulary, 42, CORPUS_TERMS),
            large[..CORPUS_TERMS]
        );
        assert_eq!(Generator::new(42).terms, large[..CORPUS_TERMS]);
    }

    #[test]
    fn lexicon_toml_parses() {
        let vocabulary = Vocabulary::new(5);
        let terms = lexicon_terms(&vocabulary, 5, 23);
        let mut out = Vec::new();
        write_lexicon_toml(&terms, 5, &mut out).unwrap();
        let value: toml::Value = toml::from_str(std::str::from_utf8(&out).unwrap()).unwrap();
        let concepts = value["concepts"].as_array().unwrap();
        assert_eq!(concepts.len(), 5);
        assert_eq!(concepts[4]["terms"].as_array().unwrap().len(), 3);
        assert_eq!(concepts[0]["terms"][1]["lean"].as_str(), Some("b"));
    }

    #[test]
    fn files_layout_has_front_matter() {
        let dir = tempfile::tempdir().unwrap();
        let stats = write_files(&Generator::new(9), 50_000, dir.path()).unwrap();
        let first = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(first, OUTLETS);
        let mut total = 0;
        for entry in walkdir::WalkDir::new(dir.path())
            .into_iter()
            .map(Result::unwrap)
        {
            if entry.file_type().is_file() {
                let text = fs::read_to_string(entry.path()).unwrap();
                assert!(text.starts_with("---\noutlet: outlet"));
                total += text.len() as u64;
            }
        }
        assert_eq!(total, stats.bytes);
    }

    #[test]
    fn word_lists_have_no_repeats() {
        let mut seen = HashSet::new();
        for word in FUNCTION_WORDS.iter().chain(CONTENT_WORDS) {
            assert!(seen.insert(*word), "{word} listed twice");
        }
        let vocabulary = Vocabulary::new(42);
        let distinct: HashSet<&String> = vocabulary.words.iter().collect();
        assert_eq!(distinct.len(), vocabulary.words.len());
    }

    #[test]
    fn zipf_prefers_low_ranks() {
        let law = Zipf::new(1000, Exponent::ThreeQuarters, 0.0);
        let mut rng = SplitMix64::new(1, 1);
        let low = (0..10_000).filter(|_| law.sample(&mut rng) < 10).count();
        assert!(low > 1_000, "{low}");
    }
}
