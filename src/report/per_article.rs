//! `compare --per-article`: one JSON line per article with its counts, so a corpus can be
//! split across machines and `slant merge` can add the parts up exactly. The first line
//! names the schema and the lexicons.

use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::analysis::{Count, DocumentCounts, DocumentInfo, VariantKey};
use crate::error::{Error, Result};
use crate::lexicon::{LexiconSet, TermRef};
use crate::voice::Voice;

/// The schema name on the first line.
pub const SCHEMA: &str = "slant/per-article/1";

/// The first line of a part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The ids of the lexicons the counts refer to, in order.
    pub lexicons: Vec<String>,
}

/// One article's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Where it was read from.
    pub id: String,
    /// Its source.
    pub source: String,
    /// Its file (without a corpus record's `#id`).
    pub file: String,
    /// Its date, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Words in its body.
    pub words: usize,
    /// Its counts.
    pub counts: Vec<ArticleCount>,
}

/// One variant's count in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleCount {
    /// Lexicon id.
    pub lexicon: String,
    /// Concept id.
    pub concept: String,
    /// The variant's canonical text.
    pub term: String,
    /// `own` or `quoted`.
    pub voice: String,
    /// The lean of these uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lean: Option<String>,
    /// Uses.
    pub count: usize,
    /// Distanced uses.
    pub distanced: usize,
    /// Forms matched.
    pub forms: Vec<String>,
}

/// Writes the header line.
pub fn write_header(lexicons: &LexiconSet, out: &mut dyn Write) -> Result<()> {
    let header = Header {
        schema: SCHEMA.into(),
        lexicons: lexicons.lexicons().iter().map(|l| l.id.clone()).collect(),
    };
    serde_json::to_writer(&mut *out, &header).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// Writes one article's line.
pub fn write_article(
    id: &str,
    info: &DocumentInfo,
    counts: &DocumentCounts,
    lexicons: &LexiconSet,
    out: &mut dyn Write,
) -> Result<()> {
    let article = Article {
        id: id.to_string(),
        source: info.source.clone(),
        file: info.file.clone(),
        date: info.date.clone(),
        words: counts.words,
        counts: counts
            .counts
            .iter()
            .map(|(key, count)| ArticleCount {
                lexicon: lexicons.lexicon(key.term.lexicon).id.clone(),
                concept: lexicons.concept(key.term.concept_ref()).id.clone(),
                term: lexicons.term(key.term).text.clone(),
                voice: key.voice.as_str().to_string(),
                lean: key.lean.clone(),
                count: count.count,
                distanced: count.distanced,
                forms: count.forms.to_vec(),
            })
            .collect(),
    };
    serde_json::to_writer(&mut *out, &article).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// Reads the header line of a part.
pub fn parse_header(line: &str, origin: &str) -> Result<Header> {
    let header: Header = serde_json::from_str(line).map_err(|err| {
        let reason = format!("not a slant per-article header ({})", json_problem(&err));
        part_error(origin, 1, reason)
    })?;
    if header.schema != SCHEMA {
        return Err(part_error(
            origin,
            1,
            format!("schema `{}` is not `{SCHEMA}`", header.schema),
        ));
    }
    Ok(header)
}

/// Finds terms by lexicon, concept and text.
#[derive(Debug, Clone, Default)]
pub struct TermIndex {
    terms: foldhash::HashMap<(String, String, String), TermRef>,
}

impl TermIndex {
    /// Indexes every term of `lexicons`.
    pub fn new(lexicons: &LexiconSet) -> Self {
        let terms = lexicons
            .terms()
            .map(|(at, term)| {
                let lexicon = lexicons.lexicon(at.lexicon).id.clone();
                let concept = lexicons.concept(at.concept_ref()).id.clone();
                ((lexicon, concept, term.text.clone()), at)
            })
            .collect();
        TermIndex { terms }
    }

    fn find(&self, count: &ArticleCount) -> Option<TermRef> {
        self.terms
            .get(&(
                count.lexicon.clone(),
                count.concept.clone(),
                count.term.clone(),
            ))
            .copied()
    }
}

/// Reads one article line back into what the comparison builder adds up.
pub fn parse_article(
    line: &str,
    index: &TermIndex,
    origin: &str,
    number: usize,
) -> Result<(DocumentInfo, DocumentCounts)> {
    let article: Article =
        serde_json::from_str(line).map_err(|err| part_error(origin, number, json_problem(&err)))?;
    let mut counts = DocumentCounts {
        words: article.words,
        ..DocumentCounts::default()
    };
    for count in article.counts {
        let term = index.find(&count).ok_or_else(|| {
            part_error(
                origin,
                number,
                format!(
                    "`{}/{}/{}` is not in the lexicons given; pass the run's lexicons with -l",
                    count.lexicon, count.concept, count.term
                ),
            )
        })?;
        let voice = if count.voice == "quoted" {
            Voice::Quoted
        } else {
            Voice::Own
        };
        let key = VariantKey {
            term,
            voice,
            lean: count.lean,
        };
        let mut read = Count {
            count: count.count,
            distanced: count.distanced,
            forms: Vec::new(),
        };
        for form in &count.forms {
            read.add_form(form);
        }
        counts.counts.insert(key, read);
    }
    let info = DocumentInfo {
        source: article.source,
        file: article.file,
        date: article.date,
        continues: false,
    };
    Ok((info, counts))
}

/// serde_json's error placed by its column: the line is the part's, given apart.
fn json_problem(err: &serde_json::Error) -> String {
    let what = if err.is_data() {
        "column"
    } else {
        "invalid JSON at column"
    };
    format!(
        "{what} {}: {}",
        err.column(),
        crate::error::json_message(err)
    )
}

fn part_error(origin: &str, line: usize, reason: String) -> Error {
    Error::Input {
        path: origin.into(),
        reason: format!("line {line}: {reason}"),
    }
}
