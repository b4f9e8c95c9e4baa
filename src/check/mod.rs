//! `check`: an editor's lint. Turns the analysed hits of one document into findings with a
//! severity and a neutral suggestion, leaving out what is not the author's own voice (unless
//! asked), what is not prose (Markdown code, URLs, comments), what the house style accepts,
//! and what inline directives switch off.

pub mod directives;

use std::ops::Range;

use serde::Serialize;

use crate::analysis::{Detail, HitRecord, analyse_visible};
use crate::input::Document;
use crate::lexicon::{Kind, LexiconSet, Severity};
use crate::scan::Scanner;
use crate::text::LineIndex;
use crate::text::markup::{blank_out, non_prose};
use crate::voice::Voice;

pub use directives::{Directives, Suppression};

/// Extensions whose files are read as Markdown or HTML (code, URLs and comments skipped).
const MARKUP_EXTENSIONS: &[&str] = &["md", "markdown", "mdx", "html", "htm"];

/// What `check` reports and accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Findings below this are not reported and do not fail the check.
    pub min_severity: Severity,
    /// Also flag terms inside quotations.
    pub include_quoted: bool,
    /// Leans the house style accepts.
    pub accept_leans: Vec<String>,
    /// Terms never flagged: a term's text or `lexicon/concept`.
    pub allow: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_severity: Severity::Warning,
            include_quoted: false,
            accept_leans: Vec::new(),
            allow: Vec::new(),
        }
    }
}

/// One finding, placed in its file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The file (as given), or `-`.
    pub path: String,
    /// 1-based line of the first character.
    pub line: usize,
    /// 1-based column (in characters) of the first character.
    pub column: usize,
    /// 1-based line of the character after the match.
    pub end_line: usize,
    /// 1-based column of the character after the match.
    pub end_column: usize,
    /// The text as it stands in the file.
    pub matched: String,
    /// The lexicon's canonical text for the variant.
    pub term: String,
    /// The concept id.
    pub concept: String,
    /// The lexicon id.
    pub lexicon: String,
    /// The variant's lean for this document.
    pub lean: Option<String>,
    /// Own voice or quoted.
    pub voice: Voice,
    /// How serious it is.
    pub severity: Severity,
    /// The concept's preferred variant, when it has one.
    pub suggestion: Option<String>,
    /// The sentence around it.
    pub sentence: String,
    /// Byte range in the file.
    #[serde(skip)]
    pub span: Range<usize>,
}

impl Finding {
    /// True when `--fix` may replace it: own voice, with a suggestion.
    pub fn is_fixable(&self) -> bool {
        self.voice == Voice::Own && self.suggestion.is_some()
    }
}

/// What checking one document gave.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// Findings at or above the threshold, in text order.
    pub findings: Vec<Finding>,
    /// Findings left out for being below the threshold.
    pub below_threshold: usize,
    /// Directives that suppressed nothing.
    pub unused_directives: Vec<Suppression>,
}

/// Checks one document.
pub fn check_document(
    document: &Document,
    scanner: &Scanner,
    lexicons: &LexiconSet,
    settings: &Settings,
) -> Checked {
    let visible = if is_markup(&document.origin) {
        blank_out(
            &document.text,
            &non_prose(&document.text, document.body.clone()),
        )
    } else {
        document.text.clone()
    };
    let analysis = analyse_visible(0, document, &visible, scanner, lexicons, Detail::Full);
    let mut directives = Directives::parse(&document.text);
    let lines = LineIndex::new(&document.text);
    let mut ends = lines.cursor(&document.text);
    let mut checked = Checked::default();
    for hit in &analysis.hits {
        let Some(severity) = severity_of(hit, lexicons, settings) else {
            continue;
        };
        let (lexicon, concept) = ids(hit, lexicons);
        if directives.suppresses(hit.line, lexicon, concept) {
            continue;
        }
        if severity < settings.min_severity {
            checked.below_threshold += 1;
            continue;
        }
        let end = ends.position(hit.span.end);
        checked.findings.push(Finding {
            path: document.origin.clone(),
            line: hit.line,
            column: hit.column,
            end_line: end.line,
            end_column: end.column,
            matched: hit.matched.clone(),
            term: lexicons.term(hit.term).text.clone(),
            concept: concept.to_string(),
            lexicon: lexicon.to_string(),
            lean: hit.lean.clone(),
            voice: hit.voice,
            severity,
            suggestion: suggestion(hit, lexicons),
            sentence: hit.sentence.clone(),
            span: hit.span.clone(),
        });
    }
    checked.unused_directives = directives.unused().cloned().collect();
    checked
}

/// The severity of a hit, or `None` when it is not a finding at all: not loaded, quoted
/// (unless asked for), an accepted lean, or allowed. A term's own `severity` wins; else
/// labels are errors, attribution verbs and hedges info, leaning variants warnings, and
/// leaning variants of a concept without a `preferred` term info (nothing to suggest).
fn severity_of(hit: &HitRecord, lexicons: &LexiconSet, settings: &Settings) -> Option<Severity> {
    if !lexicons.is_loaded(hit.term, hit.lean.as_deref()) {
        return None;
    }
    if hit.voice == Voice::Quoted && !settings.include_quoted {
        return None;
    }
    if hit
        .lean
        .as_ref()
        .is_some_and(|lean| settings.accept_leans.contains(lean))
    {
        return None;
    }
    let term = lexicons.term(hit.term);
    let (lexicon, concept) = ids(hit, lexicons);
    let allowed = settings.allow.iter().any(|allow| {
        allow.eq_ignore_ascii_case(&term.text) || *allow == format!("{lexicon}/{concept}")
    });
    if allowed {
        return None;
    }
    let concept = lexicons.concept(hit.term.concept_ref());
    Some(term.severity.unwrap_or(match concept.kind() {
        Kind::Label => Severity::Error,
        Kind::Attribution => Severity::Info,
        // A leaning variant with no neutral one to offer is worth knowing, not fixing.
        _ if concept.preferred.is_none() => Severity::Info,
        _ => Severity::Warning,
    }))
}

fn ids<'a>(hit: &HitRecord, lexicons: &'a LexiconSet) -> (&'a str, &'a str) {
    (
        &lexicons.lexicon(hit.term.lexicon).id,
        &lexicons.concept(hit.term.concept_ref()).id,
    )
}

fn suggestion(hit: &HitRecord, lexicons: &LexiconSet) -> Option<String> {
    let concept = lexicons.concept(hit.term.concept_ref());
    concept
        .preferred
        .clone()
        .filter(|_| !concept.is_preferred(lexicons.term(hit.term)))
}

fn is_markup(origin: &str) -> bool {
    if origin == "-" {
        return true;
    }
    std::path::Path::new(origin)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| MARKUP_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Format, parse};

    const LEXICON: &str = r#"
id = "k"
title = "K"
neutral = ["intl"]
[leans]
az = "A"
intl = "I"
[[concepts]]
id = "region"
kind = "territory"
label = "Region"
preferred = "Nagorno-Karabakh"
terms = [{ text = "Nagorno-Karabakh", lean = "intl" }, { text = "Upper Karabakh", lean = "az" }]
[[concepts]]
id = "fascism"
kind = "label"
label = "Fascism"
terms = [{ text = "fascism", lean = "az" }]
[[concepts]]
id = "verbs"
kind = "attribution"
label = "Verbs"
terms = [{ text = "claimed", lean = "az" }]
"#;

    fn check(origin: &str, text: &str, settings: &Settings) -> Checked {
        let lexicons = LexiconSet::new(vec![parse(LEXICON, Format::Toml, "k").unwrap()]);
        let scanner = Scanner::new(&lexicons).unwrap();
        let front = crate::input::front_matter::parse(text);
        let document = Document {
            source: "s".into(),
            origin: origin.into(),
            text: text.into(),
            body: front.body_start..text.len(),
            meta: front.meta,
            segment: Default::default(),
        };
        check_document(&document, &scanner, &lexicons, settings)
    }

    fn summary(checked: &Checked) -> Vec<(usize, usize, &str, Severity)> {
        checked
            .findings
            .iter()
            .map(|f| (f.line, f.column, f.matched.as_str(), f.severity))
            .collect()
    }

    #[test]
    fn own_voice_loaded_terms_are_findings_with_severity_and_suggestion() {
        let checked = check(
            "a.txt",
            "Upper Karabakh and Nagorno-Karabakh. Fascism, they claimed.",
            &Settings {
                min_severity: Severity::Info,
                ..Settings::default()
            },
        );
        assert_eq!(
            summary(&checked),
            [
                (1, 1, "Upper Karabakh", Severity::Warning),
                (1, 38, "Fascism", Severity::Error),
                (1, 52, "claimed", Severity::Info)
            ]
        );
        assert_eq!(
            checked.findings[0].suggestion.as_deref(),
            Some("Nagorno-Karabakh")
        );
        assert_eq!(
            (checked.findings[0].end_line, checked.findings[0].end_column),
            (1, 15)
        );
    }

    #[test]
    fn quoted_terms_are_left_to_their_speakers_unless_asked() {
        let text = "“Upper Karabakh is ours,” the minister said.";
        assert!(
            check("a.txt", text, &Settings::default())
                .findings
                .is_empty()
        );
        let checked = check(
            "a.txt",
            text,
            &Settings {
                include_quoted: true,
                ..Settings::default()
            },
        );
        assert_eq!(checked.findings[0].voice, Voice::Quoted);
    }

    #[test]
    fn the_threshold_hides_and_counts_lesser_findings() {
        let checked = check(
            "a.txt",
            "Upper Karabakh, they claimed.",
            &Settings::default(),
        );
        assert_eq!(
            summary(&checked),
            [(1, 1, "Upper Karabakh", Severity::Warning)]
        );
        assert_eq!(checked.below_threshold, 1);
    }

    #[test]
    fn markdown_code_links_and_comments_are_skipped_but_positions_stay_true() {
        let text = "---\ntitle: Upper Karabakh\n---\n`Upper Karabakh` [x](http://u.org/Upper-Karabakh) <!-- Upper Karabakh -->\n\n```\nUpper Karabakh\n```\n\n    Upper Karabakh\n\nŞuşa `ə` Upper Karabakh.";
        let checked = check("story.md", text, &Settings::default());
        assert_eq!(
            summary(&checked),
            [(12, 10, "Upper Karabakh", Severity::Warning)]
        );
        let plain = check("story.txt", text, &Settings::default());
        assert!(
            plain.findings.len() > 1,
            "plain text is not read as Markdown"
        );
    }

    #[test]
    fn directives_accepted_leans_and_allowances_silence_findings() {
        let text = "<!-- slant-disable-next-line -->\nUpper Karabakh\n<!-- slant-disable-next-line region -->\nUpper Karabakh\n<!-- slant-disable-next-line -->\nclean\nUpper Karabakh";
        let checked = check("a.md", text, &Settings::default());
        assert_eq!(
            summary(&checked),
            [(7, 1, "Upper Karabakh", Severity::Warning)]
        );
        assert_eq!(checked.unused_directives.len(), 1);
        let accepted = check(
            "a.md",
            text,
            &Settings {
                accept_leans: vec!["az".into()],
                ..Settings::default()
            },
        );
        assert!(accepted.findings.is_empty());
        let allowed = check(
            "a.md",
            "Upper Karabakh",
            &Settings {
                allow: vec!["k/region".into()],
                ..Settings::default()
            },
        );
        assert!(allowed.findings.is_empty());
    }
}
