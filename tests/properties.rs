//! Property tests: the folding map always lands on character boundaries inside the text,
//! matching does not depend on quote style, case or hyphen/space, and a corpus counted in
//! two parts adds up to the corpus counted whole.

use proptest::prelude::*;
use slant::analysis::group::GroupBy;
use slant::analysis::{Builder, analyse_document};
use slant::input::Document;
use slant::lexicon::{LexiconSet, builtin};
use slant::scan::Scanner;
use slant::text::Normalized;

/// The lexicons and their scanner, built once for all cases.
fn engine() -> &'static (LexiconSet, Scanner) {
    static ENGINE: std::sync::OnceLock<(LexiconSet, Scanner)> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| {
        let lexicons = LexiconSet::new(vec![
            builtin::get("nagorno-karabakh").unwrap().unwrap(),
            builtin::get("loaded-language").unwrap().unwrap(),
        ]);
        let scanner = Scanner::new(&lexicons).unwrap();
        (lexicons, scanner)
    })
}

fn document(source: &str, text: &str) -> Document {
    Document::whole(source, &format!("{source}.txt"), text)
}

/// Words, some of them lexicon terms, with spaces, hyphens, quotes and accents around.
fn article() -> impl Strategy<Value = Vec<String>> {
    let word = prop_oneof![
        Just("Nagorno Karabakh".to_string()),
        Just("Upper Karabakh".to_string()),
        Just("occupied".to_string()),
        Just("the regime".to_string()),
        Just("Şuşa".to_string()),
        Just("ceasefire".to_string()),
        "[a-z]{1,8}",
        "[A-Za-zçşğüö’'\u{201c}\u{201d}\"-]{1,6}",
    ];
    proptest::collection::vec(word, 0..40)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn folded_spans_map_to_char_boundaries_in_order(text in "\\PC{0,80}", a in 0usize..200, b in 0usize..200) {
        let norm = Normalized::new(&text);
        let len = norm.as_str().len();
        let (start, end) = (a.min(len), b.min(len));
        let (start, end) = (start.min(end), start.max(end));
        let span = norm.original_span(start..end, &text);
        prop_assert!(span.start <= span.end && span.end <= text.len());
        prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        // Later folded offsets never map to earlier original ones.
        let later = norm.original_span(end..end, &text);
        prop_assert!(span.start <= later.start);
    }

    #[test]
    fn matching_ignores_case_quote_style_and_hyphens(words in article(), upper in any::<bool>(), typographic in any::<bool>(), hyphens in any::<bool>()) {
        let (_, scanner) = engine();
        let plain = words.join(" ");
        let mut variant = plain.clone();
        if upper { variant = variant.to_uppercase(); }
        if typographic { variant = variant.replace('\'', "’").replace('"', "”"); }
        if hyphens { variant = variant.replace("Nagorno Karabakh", "Nagorno-Karabakh").replace("NAGORNO KARABAKH", "NAGORNO-KARABAKH"); }
        let terms = |text: &str| -> Vec<_> { scanner.scan(text, 0..text.len()).into_iter().map(|hit| hit.term).collect() };
        // Upper-casing can turn `ß`-like letters into longer forms; compare term sequences only.
        prop_assert_eq!(terms(&plain), terms(&variant));
    }

    #[test]
    fn a_corpus_split_in_two_counts_like_the_whole(articles in proptest::collection::vec(article(), 1..8), split in 0usize..8) {
        let (lexicons, scanner) = engine();
        let documents: Vec<Document> = articles
            .iter()
            .enumerate()
            .map(|(i, words)| document(if i % 2 == 0 { "A" } else { "B" }, &words.join(" ")))
            .collect();
        let tally = |parts: &[&[Document]]| {
            let mut builder = Builder::new(lexicons, GroupBy::Source, false);
            for part in parts {
                for doc in *part {
                    builder.add(doc, analyse_document(0, doc, scanner, lexicons));
                }
            }
            let comparison = builder.finish();
            let rows: Vec<String> = slant::report::csv::rows(&comparison, lexicons).map(|r| format!("{r:?}")).collect();
            rows
        };
        let at = split.min(documents.len());
        let (first, second) = documents.split_at(at);
        prop_assert_eq!(tally(&[&documents]), tally(&[first, second]));
    }
}
