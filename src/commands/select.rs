//! Choosing the lexicons of a run (asked for, or chosen by topic) and compiling them,
//! telling the user on stderr what was chosen and which spellings several lexicons share.

use crate::error::Result;
use crate::input::Document;
use crate::lexicon::{Lexicon, LexiconSet, builtin, resolve};
use crate::scan::{Scanner, TopicCounts, TopicDetector};

use super::Console;

/// Compiles the speaker patterns on a thread of their own when `cores` leave one to spare:
/// they take longer to compile than most lexicons take to load. Nothing waits for the
/// thread: an analysis that needs a pattern before it is ready waits for that pattern alone,
/// and a run that ends first does not wait at all.
pub(super) fn compile_speaker_patterns_beside(cores: usize) {
    if cores > 1 {
        std::thread::spawn(crate::voice::prepare);
    }
}

/// Counts the topic terms in the bodies of `documents`.
pub(super) fn count_topics_in(
    documents: &[Document],
) -> impl FnMut(&TopicDetector) -> TopicCounts + '_ {
    move |detector| {
        let mut total = TopicCounts::default();
        for document in documents {
            total.add(&detector.count(&document.text[document.body.clone()]));
        }
        total
    }
}

/// Counts the topic terms in every article body (a second pass over streamed inputs).
pub(super) type CountTopics<'f> = &'f mut dyn FnMut(&TopicDetector) -> TopicCounts;

/// The active lexicons and their compiled scanner. Without `asked`, `count_topics` is
/// called once to count the topic terms of every article.
pub(super) fn prepare_lexicons(
    asked: &[String],
    count_topics: CountTopics<'_>,
    console: &mut Console<'_>,
) -> Result<(LexiconSet, Scanner)> {
    let lexicons = LexiconSet::new(choose_lexicons(asked, count_topics, console)?);
    let scanner = Scanner::new(&lexicons)?;
    for shared in scanner.shared_spellings() {
        let owners: Vec<String> = shared
            .terms
            .iter()
            .map(|term| {
                let lexicon = &lexicons.lexicon(term.lexicon).id;
                format!("{lexicon}/{}", lexicons.concept(term.concept_ref()).id)
            })
            .collect();
        console.note(&format!(
            "`{}` is in several lexicons ({}); its hits count under each",
            shared.spelling,
            owners.join(", ")
        ));
    }
    Ok((lexicons, scanner))
}

/// The lexicons asked for with `--lexicon`, or else the automatic choice (shown on stderr).
fn choose_lexicons(
    asked: &[String],
    count_topics: CountTopics<'_>,
    console: &mut Console<'_>,
) -> Result<Vec<Lexicon>> {
    if !asked.is_empty() {
        let mut chosen: Vec<Lexicon> = Vec::new();
        for spec in asked {
            let lexicon = resolve(spec)?;
            if chosen.iter().any(|c| c.id == lexicon.id) {
                console.note(&format!(
                    "lexicon `{}` is given twice; it is used once",
                    lexicon.id
                ));
                continue;
            }
            chosen.push(lexicon);
        }
        return Ok(chosen);
    }
    let candidates = builtin::all()?;
    let detector = TopicDetector::new(&candidates);
    let counts = count_topics(&detector);
    let found = counts.found();
    let mut reasons = Vec::new();
    let mut chosen = Vec::new();
    for (index, lexicon) in candidates.into_iter().enumerate() {
        let hits = found
            .iter()
            .find(|topic| topic.lexicon == index)
            .map(|topic| topic.count);
        match (lexicon.topic.is_empty(), hits) {
            (true, _) => reasons.push(format!("{} (generic)", lexicon.id)),
            (false, Some(count)) => {
                let terms = if count == 1 { "term" } else { "terms" };
                reasons.push(format!("{} ({count} topic {terms})", lexicon.id));
            }
            (false, None) => continue,
        }
        chosen.push(lexicon);
    }
    // Without a single article read, the run fails, and the choice is no news.
    if counts.texts() > 0 {
        console.note(&format!(
            "lexicons: {} (choose with --lexicon)",
            reasons.join(", ")
        ));
    }
    Ok(chosen)
}
