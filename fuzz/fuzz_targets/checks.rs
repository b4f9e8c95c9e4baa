//! What each fuzz target checks, one function per target, shared with the regression
//! tests (`tests/fuzz_regressions.rs` includes this file), so a crasher found here is
//! replayed there by the same code.
//!
//! Every function takes arbitrary bytes, must not panic and must not hang, and asserts
//! that every span it gets back lies within the text, in order, on char boundaries.

use std::ops::Range;
use std::sync::OnceLock;

use slant::analysis::analyse_document;
use slant::input::{Document, front_matter};
use slant::lexicon::{Format, LexiconSet, builtin, parse};
use slant::scan::Scanner;
use slant::text::paragraphs;
use slant::voice::{VoiceMap, find_quotes};

/// Lexicon parsing (TOML and JSON), validation and compilation; a lexicon that loads
/// must scan its own text cleanly.
pub(crate) fn lexicon(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [Format::Toml, Format::Json] {
        let Ok(lexicon) = parse(text, format, "fuzz") else {
            continue;
        };
        let lexicons = LexiconSet::new(vec![lexicon]);
        if let Ok(scanner) = Scanner::new(&lexicons) {
            analyse_and_check(text, &scanner, &lexicons);
        }
    }
}

/// Front matter parsing: the body starts on a char boundary within the text.
pub(crate) fn front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let found = front_matter::parse(text);
    assert!(found.body_start <= text.len());
    assert!(text.is_char_boundary(found.body_start));
}

/// Paragraph splitting, quote finding and voice attribution.
pub(crate) fn voice(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let paras = paragraphs(text, 0..text.len());
    for para in &paras {
        check_span(text, para);
    }
    for quote in find_quotes(text, &paras) {
        check_span(text, &quote.span);
    }
    let voices = VoiceMap::new(text, &paras);
    for quote in voices.quotes() {
        check_span(text, &quote.span);
    }
    // Spans starting at every char boundary (capped), a few chars long.
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(at, _)| at)
        .chain([text.len()])
        .collect();
    let step = (boundaries.len() / 64).max(1);
    for (i, &start) in boundaries.iter().enumerate().step_by(step) {
        let end = boundaries[(i + 3).min(boundaries.len() - 1)];
        let _ = voices.attribute(text, start..end);
    }
}

/// The whole analysis of one document with every built-in lexicon.
pub(crate) fn scan(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    static COMPILED: OnceLock<(LexiconSet, Scanner)> = OnceLock::new();
    let (lexicons, scanner) = COMPILED.get_or_init(|| {
        let lexicons = LexiconSet::new(builtin::all().expect("built-in lexicons parse"));
        let scanner = Scanner::new(&lexicons).expect("built-in lexicons compile");
        (lexicons, scanner)
    });
    analyse_and_check(text, scanner, lexicons);
}

fn analyse_and_check(text: &str, scanner: &Scanner, lexicons: &LexiconSet) {
    let document = Document::whole("fuzz", "fuzz", text);
    let analysis = analyse_document(0, &document, scanner, lexicons);
    for hit in &analysis.hits {
        check_span(text, &hit.span);
    }
}

fn check_span(text: &str, span: &Range<usize>) {
    assert!(span.start <= span.end, "{span:?} is reversed");
    assert!(span.end <= text.len(), "{span:?} ends past {}", text.len());
    assert!(
        text.is_char_boundary(span.start),
        "{span:?} starts mid-char"
    );
    assert!(text.is_char_boundary(span.end), "{span:?} ends mid-char");
}
