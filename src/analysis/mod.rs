//! Analysis: from the hits of each document to what a report shows.
//!
//! [`analyse_document`] gives every hit of one document its voice, speaker, position and
//! sentence; [`Comparison`] tallies the hits of many documents per source, concept, term
//! and voice, marks rows where sources diverge, and sums each source up.

mod compare;
pub mod group;
pub mod keyness;
mod negation;
mod tally;
pub mod vocabulary;

use std::ops::Range;

pub use compare::{
    Builder, Cell, Comparison, ConceptRow, Count, DocumentCounts, DocumentInfo, Forms,
    SourceSummary, VariantCount, VariantKey,
};

use crate::input::{Document, Segment};
use crate::lexicon::period::PartialDate;
use crate::lexicon::{LexiconSet, TermRef};
use crate::scan::Scanner;
use crate::text::{Cursor, LineIndex, Sentences, count_words, paragraphs};
use crate::voice::{Voice, VoiceMap};

/// One hit with everything a report needs about it.
#[derive(Debug, Clone, PartialEq)]
pub struct HitRecord {
    /// Index of the document in the analysed list.
    pub document: usize,
    /// The term found.
    pub term: TermRef,
    /// Byte range in the document's text.
    pub span: Range<usize>,
    /// The text as it stands in the article.
    pub matched: String,
    /// Own voice or quoted.
    pub voice: Voice,
    /// Who is quoted, when known.
    pub speaker: Option<String>,
    /// Scare-quoted, or after "so-called".
    pub distanced: bool,
    /// Within three words after a negation cue ("not", "never", "denied that").
    pub negated: bool,
    /// The lean of this use, resolved for the document's date.
    pub lean: Option<String>,
    /// How the lean was resolved (`fixed`, `document date in 2020..`, ...).
    pub lean_rule: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The sentence around the hit, white space collapsed.
    pub sentence: String,
    /// Where the matched text lies in `sentence` (byte range).
    pub in_sentence: Range<usize>,
}

/// What one document contributes: its hits and its word count.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentAnalysis {
    /// Words in the body.
    pub words: usize,
    /// The hits, in text order.
    pub hits: Vec<HitRecord>,
    /// Byte ranges of the top-level quotations (marks included), in text order.
    pub quotes: Vec<Range<usize>>,
}

/// How much to work out about each hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Everything: line, column, sentence and negation, for reports that list hits.
    Full,
    /// Only what tallies need (term, voice, lean, distance): line, column, sentence and
    /// speaker are left empty, quotes are not listed, and a document without hits is
    /// not segmented at all, which makes corpus runs several times faster.
    Counts,
}

/// Scans document number `index` and attributes each hit, resolving leans for the
/// document's date (front matter `date:`).
pub fn analyse_document(
    index: usize,
    document: &Document,
    scanner: &Scanner,
    lexicons: &LexiconSet,
) -> DocumentAnalysis {
    analyse_visible(
        index,
        document,
        &document.text,
        scanner,
        lexicons,
        Detail::Full,
    )
}

/// Like [`analyse_document`], but terms and quotes are looked for in `visible`: the
/// document's text with what is not prose (code, URLs, comments) blanked out, byte for
/// byte. Positions, matched text and sentences still come from the original text.
pub fn analyse_visible(
    index: usize,
    document: &Document,
    visible: &str,
    scanner: &Scanner,
    lexicons: &LexiconSet,
    detail: Detail,
) -> DocumentAnalysis {
    debug_assert_eq!(visible.len(), document.text.len());
    let text = document.text.as_str();
    let date = document
        .meta
        .get("date")
        .and_then(|d| PartialDate::parse(d));
    let full = detail == Detail::Full;
    let words = count_words(&visible[document.body.clone()]);
    let found = scanner.scan(visible, document.body.clone());
    if !full && found.is_empty() {
        return DocumentAnalysis {
            words,
            hits: Vec::new(),
            quotes: Vec::new(),
        };
    }
    let paras = paragraphs(visible, document.body.clone());
    let voices = if full {
        VoiceMap::new(visible, &paras)
    } else {
        let starts: Vec<usize> = found.iter().map(|hit| hit.span.start).collect();
        VoiceMap::for_distance_of(visible, &paras, &starts)
    };
    let lines = full.then(|| LineIndex::new(text));
    let mut places = lines.as_ref().map(|lines| Places {
        cursor: lines.cursor(text),
        sentences: Sentences::default(),
    });
    let hits = found
        .into_iter()
        .map(|hit| {
            let attribution = voices.attribute(visible, hit.span.clone());
            let lean = lexicons.resolve_lean(hit.term, date);
            let mut record = HitRecord {
                negated: false,
                lean: lean.lean.map(str::to_string),
                lean_rule: if full {
                    lean.rule.to_string()
                } else {
                    String::new()
                },
                document: index,
                term: hit.term,
                matched: text[hit.span.clone()].to_string(),
                span: hit.span,
                voice: attribution.voice,
                speaker: attribution.speaker.filter(|_| full).map(str::to_string),
                distanced: attribution.distanced,
                line: 0,
                column: 0,
                sentence: String::new(),
                in_sentence: 0..0,
            };
            if let Some(places) = &mut places {
                places.locate(&mut record, text, &document.segment, &paras);
            }
            record
        })
        .collect();
    let quotes = if full {
        voices.quotes().iter().map(|q| q.span.clone()).collect()
    } else {
        Vec::new()
    };
    DocumentAnalysis {
        words,
        hits,
        quotes,
    }
}

/// What places the hits of one document, kept from one hit to the next: the hits come in
/// text order, so that many hits on one long line or in one long paragraph do not each
/// count or split it again.
struct Places<'t> {
    cursor: Cursor<'t>,
    sentences: Sentences,
}

impl Places<'_> {
    /// Fills in a hit's line, column, sentence and negation.
    /// Lines and columns count from the start of the file, also in a later segment of it.
    fn locate(
        &mut self,
        record: &mut HitRecord,
        text: &str,
        segment: &Segment,
        paras: &[Range<usize>],
    ) {
        let mut position = self.cursor.position(record.span.start);
        if position.line == 1 {
            position.column += segment.column_offset;
        }
        position.line += segment.line_offset;
        let paragraph = crate::text::paragraph_containing(paras, record.span.start);
        let sentence = self.sentences.at(text, paragraph, record.span.start);
        let (sentence, in_sentence) = flatten(text, sentence, record.span.clone());
        record.negated = negation::is_negated(&sentence[..in_sentence.start]);
        record.line = position.line;
        record.column = position.column;
        record.sentence = sentence;
        record.in_sentence = in_sentence;
    }
}

/// A sentence longer than this many bytes is shown cut down around its hit, so that a
/// text without sentence ends (a list, a transcript) does not repeat itself whole in
/// every hit.
const LONG_SENTENCE: usize = 1_000;

/// How much of a long sentence is kept on each side of the hit: this many bytes, less
/// the part of a word at the cut.
const CONTEXT: usize = 400;

/// Marks where a long sentence was cut.
const CUT: &str = "…";

/// The text of `sentence` with white space runs collapsed, and where `mark` lands in it;
/// a long sentence is cut down around `mark`, with [`CUT`] where it was cut.
fn flatten(text: &str, sentence: Range<usize>, mark: Range<usize>) -> (String, Range<usize>) {
    let sentence = sentence.start.min(mark.start)..sentence.end.max(mark.end);
    let shown = excerpt(text, sentence.clone(), &mark);
    let (mut flat, mut in_flat) = collapse(text, shown.clone(), mark);
    if shown.start > sentence.start {
        flat.insert_str(0, &format!("{CUT} "));
        let shift = CUT.len() + 1;
        in_flat = in_flat.start + shift..in_flat.end + shift;
    }
    if shown.end < sentence.end {
        flat.push_str(&format!(" {CUT}"));
    }
    (flat, in_flat)
}

/// The part of `sentence` to show with the hit at `mark`: all of it, or for a long
/// sentence [`CONTEXT`] bytes on each side of `mark`, cut at white space.
fn excerpt(text: &str, sentence: Range<usize>, mark: &Range<usize>) -> Range<usize> {
    if sentence.len() <= LONG_SENTENCE {
        return sentence;
    }
    let mut start = sentence.start;
    if mark.start - sentence.start > CONTEXT {
        let from = text.ceil_char_boundary(mark.start - CONTEXT);
        let space = text[from..mark.start].find(char::is_whitespace);
        start = space.map_or(from, |at| from + at);
    }
    let mut end = sentence.end;
    if sentence.end - mark.end > CONTEXT {
        let to = text.floor_char_boundary(mark.end + CONTEXT);
        let space = text[mark.end..to].rfind(char::is_whitespace);
        end = space.map_or(to, |at| mark.end + at);
    }
    start..end
}

/// The text of `span` with white space runs collapsed, and where `mark` lands in it.
fn collapse(text: &str, span: Range<usize>, mark: Range<usize>) -> (String, Range<usize>) {
    let mut flat = String::with_capacity(span.len());
    let mut in_flat = 0..0;
    let mut pending_space = false;
    for (offset, c) in text[span.clone()].char_indices() {
        let at = span.start + offset;
        if at == mark.start {
            in_flat.start = flat.len() + usize::from(pending_space && !flat.is_empty());
        }
        if at == mark.end {
            in_flat.end = flat.len();
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !flat.is_empty() {
            flat.push(' ');
        }
        pending_space = false;
        flat.push(c);
    }
    if mark.end >= span.end {
        in_flat.end = flat.len();
    }
    (flat, in_flat)
}

/// Adds `count` to the total of `key` in `totals`; the key is copied only when it is new.
pub fn add_count<N: std::ops::AddAssign>(
    totals: &mut std::collections::BTreeMap<String, N>,
    key: &str,
    count: N,
) {
    match totals.get_mut(key) {
        Some(total) => *total += count,
        None => {
            totals.insert(key.to_string(), count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_by_key() {
        let mut totals = std::collections::BTreeMap::new();
        for (key, count) in [("az", 2), ("am", 1), ("az", 3)] {
            add_count(&mut totals, key, count);
        }
        assert_eq!(
            totals.into_iter().collect::<Vec<_>>(),
            [("am".into(), 1), ("az".into(), 5)]
        );
    }
    use crate::input::{InputSpec, read_all};
    use crate::lexicon::{Format, parse};

    const LEXICON: &str = r#"
id = "t"
title = "T"
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
"#;

    fn analyse(text: &str) -> DocumentAnalysis {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.txt");
        std::fs::write(&path, text).unwrap();
        let inputs = read_all(
            &[InputSpec::parse(path.to_str().unwrap())],
            &mut std::io::empty(),
        );
        let lexicons = LexiconSet::new(vec![parse(LEXICON, Format::Toml, "t").unwrap()]);
        analyse_document(
            0,
            &inputs.documents[0],
            &Scanner::new(&lexicons).unwrap(),
            &lexicons,
        )
    }

    #[test]
    fn hits_carry_voice_position_and_sentence() {
        let text = "---\noutlet: X\n---\nFirst sentence.  Troops left Upper\nKarabakh today.\n\n“Upper Karabakh is ours,” the minister said.";
        let found = analyse(text);
        assert_eq!(found.hits.len(), 2);
        let own = &found.hits[0];
        assert_eq!((own.line, own.column, own.voice), (4, 30, Voice::Own));
        assert_eq!(own.matched, "Upper\nKarabakh");
        assert_eq!(own.sentence, "Troops left Upper Karabakh today.");
        assert_eq!(&own.sentence[own.in_sentence.clone()], "Upper Karabakh");
        let quoted = &found.hits[1];
        assert_eq!(quoted.voice, Voice::Quoted);
        assert_eq!(quoted.speaker.as_deref(), Some("the minister"));
        assert_eq!(found.words, 14);
    }

    #[test]
    fn leans_resolve_for_the_document_date_and_negation_is_marked() {
        let found =
            analyse("---\ndate: 2020-10-11\n---\nThey did not say Upper Karabakh. Upper Karabakh.");
        assert!(found.hits[0].negated);
        assert!(!found.hits[1].negated);
        assert_eq!(found.hits[0].lean.as_deref(), Some("az"));
        assert_eq!(found.hits[0].lean_rule, "fixed");
    }

    #[test]
    fn flatten_marks_a_hit_at_the_sentence_edges() {
        let text = "Upper Karabakh  was\tquiet";
        let (flat, mark) = flatten(text, 0..text.len(), 0..14);
        assert_eq!(flat, "Upper Karabakh was quiet");
        assert_eq!(&flat[mark], "Upper Karabakh");
        let (flat, mark) = flatten(text, 0..text.len(), 20..25);
        assert_eq!(&flat[mark], "quiet");
    }

    #[test]
    fn a_long_sentence_is_cut_down_around_each_hit() {
        let filler = "word ".repeat(300);
        let text = format!("{filler}they did not say Upper Karabakh {filler}and Upper Karabakh");
        let found = analyse(&text);
        assert_eq!(found.hits.len(), 2);
        let middle = &found.hits[0];
        assert!(middle.negated);
        assert!(middle.sentence.starts_with("… word"), "{}", middle.sentence);
        assert!(middle.sentence.ends_with("word …"), "{}", middle.sentence);
        assert!(middle.sentence.len() <= 2 * CONTEXT + middle.matched.len() + 10);
        assert_eq!(
            &middle.sentence[middle.in_sentence.clone()],
            "Upper Karabakh"
        );
        let last = &found.hits[1];
        assert!(last.sentence.starts_with("… "));
        assert!(
            last.sentence.ends_with("and Upper Karabakh"),
            "{}",
            last.sentence
        );
        assert_eq!(&last.sentence[last.in_sentence.clone()], "Upper Karabakh");
        assert_eq!(last.column, text.rfind("Upper").unwrap() + 1);
    }

    #[test]
    fn a_sentence_up_to_the_limit_is_shown_whole() {
        let text = format!("{}Upper Karabakh.", "word ".repeat(190));
        assert!(text.len() <= LONG_SENTENCE);
        let found = analyse(&text);
        assert_eq!(found.hits[0].sentence, text);
    }
}
