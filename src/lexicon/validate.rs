//! Checks that a lexicon can be used: declared leans, unique ids and spellings, a
//! `preferred` that names a variant, regexes that compile, specific wildcards, and terms
//! that another term would always shadow.
//!
//! Findings name the concept and the text they are about; the loader turns that into a
//! line and column in the file.

use foldhash::{HashMap, HashMapExt};

use crate::lexicon::{Concept, Lexicon, Term};
use crate::text::{Case, fold_term};

/// The fewest letters a wildcard may have before its `*`.
pub const MIN_WILDCARD_STEM: usize = 3;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// The lexicon works, but probably not as meant.
    Warning,
    /// The lexicon cannot be used.
    Error,
}

/// One thing wrong with a lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Error or warning.
    pub level: Level,
    /// What is wrong and what to do.
    pub message: String,
    /// Index of the concept it is about, if any.
    pub concept: Option<usize>,
    /// The text (a term, a lean, an id) it is about, for locating it in the file.
    pub needle: Option<String>,
}

impl Finding {
    fn error(message: String, concept: Option<usize>, needle: Option<&str>) -> Self {
        Finding {
            level: Level::Error,
            message,
            concept,
            needle: needle.map(str::to_string),
        }
    }

    fn warning(message: String, concept: Option<usize>, needle: Option<&str>) -> Self {
        Finding {
            level: Level::Warning,
            message,
            concept,
            needle: needle.map(str::to_string),
        }
    }
}

/// Every finding about `lexicon`, errors and warnings, in file order.
pub fn check(lexicon: &Lexicon) -> Vec<Finding> {
    // The two are independent, and in a lexicon of tens of thousands of terms each takes
    // tens of milliseconds: they run side by side.
    let (mut findings, shadowed) = rayon::join(|| declared(lexicon), || shadowed(lexicon));
    findings.extend(shadowed);
    findings
}

/// What is wrong with the lexicon's ids, leans, concepts, terms and spellings, each on
/// its own or listed twice.
fn declared(lexicon: &Lexicon) -> Vec<Finding> {
    let mut findings = Vec::new();
    if lexicon.id.trim().is_empty() {
        findings.push(Finding::error(
            "the lexicon `id` is empty; give it a short name".into(),
            None,
            None,
        ));
    }
    for lean in &lexicon.neutral {
        if !lexicon.leans.contains_key(lean) {
            findings.push(Finding::error(
                format!("`neutral` names lean `{lean}`, which `[leans]` does not declare; declare it or remove it"),
                None,
                Some(lean),
            ));
        }
    }
    let mut concept_ids: HashMap<&str, usize> = HashMap::new();
    // Each folded spelling with the concept and term that list it first.
    let mut spellings: HashMap<String, (usize, &str)> = HashMap::new();
    for (index, concept) in lexicon.concepts.iter().enumerate() {
        if let Some(first) = concept_ids.insert(&concept.id, index) {
            findings.push(Finding::error(
                format!(
                    "concept id `{}` is used twice (concepts {} and {}); make each id unique",
                    concept.id,
                    first + 1,
                    index + 1
                ),
                Some(index),
                None,
            ));
        }
        check_concept(lexicon, index, concept, &mut spellings, &mut findings);
    }
    findings
}

/// How a finding names a concept: `concept `id``.
struct ConceptPlace<'a>(&'a str);

impl std::fmt::Display for ConceptPlace<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "concept `{}`", self.0)
    }
}

/// The errors alone, as the loader needs them.
pub fn errors(lexicon: &Lexicon) -> Vec<Finding> {
    check(lexicon)
        .into_iter()
        .filter(|f| f.level == Level::Error)
        .collect()
}

fn check_concept<'l>(
    lexicon: &'l Lexicon,
    index: usize,
    concept: &'l Concept,
    spellings: &mut HashMap<String, (usize, &'l str)>,
    findings: &mut Vec<Finding>,
) {
    // Formatted only into findings: a large lexicon has tens of thousands of concepts.
    let at = ConceptPlace(&concept.id);
    let here = Some(index);
    if concept.id.trim().is_empty() {
        findings.push(Finding::error(
            format!("concept {} has an empty `id`", index + 1),
            here,
            None,
        ));
    }
    if concept.kind.is_none() {
        findings.push(Finding::error(
            format!("{at} has no `kind`; use actor, territory, place, action, event, label or attribution"),
            here,
            None,
        ));
    }
    if concept.label.trim().is_empty() {
        findings.push(Finding::error(
            format!("{at} has no `label`; name the concept for readers"),
            here,
            None,
        ));
    }
    if concept.terms.is_empty() {
        findings.push(Finding::error(format!("{at} has no terms"), here, None));
    }
    for term in &concept.terms {
        check_term(lexicon, index, &concept.id, term, findings);
        for spelling in term.spellings() {
            let key = fold_term(spelling.trim_end_matches('*'), Case::Fold);
            if key.is_empty() {
                continue;
            }
            if let Some((first, first_term)) = spellings.insert(key, (index, &term.text)) {
                let first = term_place(&lexicon.concepts[first].id, first_term);
                let owner = term_place(&concept.id, &term.text);
                findings.push(Finding::error(
                    format!("`{spelling}` is listed twice: in {first} and in {owner}; keep one"),
                    here,
                    Some(spelling),
                ));
            }
        }
    }
    if let Some(preferred) = &concept.preferred {
        let known = concept
            .terms
            .iter()
            .any(|term| term.spellings().any(|s| s == preferred));
        if !known {
            findings.push(Finding::error(
                format!("{at}: preferred `{preferred}` is not one of its terms; add it as a term or fix the spelling"),
                here,
                Some(preferred),
            ));
        }
    }
}

/// How messages name a term, as in: concept `region`, term `Upper Karabakh`.
fn term_place(concept: &str, term: &str) -> String {
    format!("concept `{concept}`, term `{term}`")
}

fn check_term(
    lexicon: &Lexicon,
    index: usize,
    concept: &str,
    term: &Term,
    findings: &mut Vec<Finding>,
) {
    // Named only when there is something to say: large lexicons have no findings.
    let at = || term_place(concept, &term.text);
    for lean in term.leans() {
        if !lexicon.leans.contains_key(lean) {
            let declared: Vec<&str> = lexicon.leans.keys().map(String::as_str).collect();
            let declared = if declared.is_empty() {
                "none".to_string()
            } else {
                declared.join(", ")
            };
            findings.push(Finding::error(
                format!(
                    "{}: lean `{lean}` is not declared in [leans] (declared: {declared})",
                    at()
                ),
                Some(index),
                Some(lean),
            ));
        }
    }
    if let Some(crate::lexicon::period::LeanSpec::Dated(ranges)) = &term.lean {
        for range in ranges {
            if let (Some(since), Some(until)) = (range.since, range.until)
                && since > until
            {
                findings.push(Finding::error(
                    format!(
                        "{}: lean `{}` runs from {since} to {until}, which ends before it starts",
                        at(),
                        range.lean
                    ),
                    Some(index),
                    Some(&range.lean),
                ));
            }
        }
    }
    if let Some(pattern) = &term.pattern {
        if let Err(err) = regex::Regex::new(pattern) {
            let reason = err.to_string();
            let reason = reason
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or_default();
            let reason = reason.trim().trim_start_matches("error: ");
            findings.push(Finding::error(
                format!("{}: invalid pattern `{pattern}`: {reason}", at()),
                Some(index),
                Some(&term.text),
            ));
        }
        return;
    }
    for spelling in term.spellings() {
        if let Some(problem) = spelling_problem(spelling) {
            findings.push(Finding::error(
                format!("{}: {problem}", at()),
                Some(index),
                Some(spelling),
            ));
        }
    }
}

/// What is wrong with one spelling of a term, if anything.
fn spelling_problem(spelling: &str) -> Option<String> {
    let stem = spelling.trim().trim_end_matches('*');
    let letters = fold_term(stem, Case::Fold)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .count();
    if letters == 0 {
        Some(format!(
            "the spelling `{spelling}` is empty; write the term's text"
        ))
    } else if spelling.trim().ends_with('*') && letters < MIN_WILDCARD_STEM {
        Some(format!(
            "the wildcard `{spelling}` would match almost every word; \
             give it at least {MIN_WILDCARD_STEM} letters before `*`"
        ))
    } else {
        None
    }
}

/// Warnings for terms the longest-match rule keeps from matching where they seem to:
/// a wildcard (`occup*`) never matches the words a longer literal of another concept
/// spells out (`occupiers`), and a term never matches where another term's `except`
/// phrase is the same text.
fn shadowed(lexicon: &Lexicon) -> Vec<Finding> {
    let mut spellings: Vec<(usize, &str, String)> = Vec::new();
    let mut excepts: Vec<(usize, &str, &str, String)> = Vec::new();
    for (index, concept) in lexicon.concepts.iter().enumerate() {
        for term in concept.terms.iter().filter(|t| t.pattern.is_none()) {
            for spelling in term.spellings() {
                spellings.push((index, spelling, fold_term(spelling, Case::Fold)));
            }
            for phrase in &term.except {
                excepts.push((index, &term.text, phrase, fold_term(phrase, Case::Fold)));
            }
        }
    }
    let id = |i: usize| &lexicon.concepts[i].id;
    let mut findings = Vec::new();
    // Sorted by folded text, the spellings that start with a stem are one run: a binary
    // search finds it, so large lexicons stay fast to check.
    let mut sorted: Vec<&(usize, &str, String)> = spellings.iter().collect();
    sorted.sort_by(|a, b| a.2.cmp(&b.2));
    for (wild_index, wild, wild_folded) in spellings.iter().filter(|(_, s, _)| s.ends_with('*')) {
        let stem = wild_folded.trim_end_matches('*');
        let first = sorted.partition_point(|(_, _, folded)| folded.as_str() < stem);
        let run = sorted[first..]
            .iter()
            .take_while(|(_, _, folded)| folded.starts_with(stem));
        for (index, spelling, folded) in run {
            let literal = folded.trim_end_matches('*');
            let extends_last_word = literal.len() > stem.len()
                && literal.starts_with(stem)
                && !literal[stem.len()..].contains(' ');
            if index != wild_index && extends_last_word {
                findings.push(Finding::warning(
                    format!(
                        "`{wild}` (concept `{}`) never matches `{spelling}`: the longer term of concept `{}` wins \
                         there under the longest-match rule; list the wildcard's forms or move one term",
                        id(*wild_index),
                        id(*index)
                    ),
                    Some(*wild_index),
                    Some(wild),
                ));
            }
        }
    }
    for (index, owner, phrase, folded) in &excepts {
        let first = sorted.partition_point(|(_, _, f)| f < folded);
        let same = sorted[first..].iter().take_while(|(_, _, f)| f == folded);
        for (other, spelling, _) in same {
            findings.push(Finding::warning(
                format!(
                    "`{spelling}` (concept `{}`) never matches: it is also an `except` phrase of `{owner}` \
                     (concept `{}`), which suppresses it; remove one of them",
                    id(*other),
                    id(*index)
                ),
                Some(*index),
                Some(phrase),
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::load::{Format, parse};

    fn messages(concepts: &str) -> Vec<String> {
        let text =
            format!("id = \"demo\"\ntitle = \"Demo\"\n[leans]\na = \"A\"\nb = \"B\"\n{concepts}");
        let lexicon: Lexicon = toml::from_str(&text).unwrap();
        check(&lexicon).into_iter().map(|p| p.message).collect()
    }

    fn concept(id: &str, terms: &str) -> String {
        format!("[[concepts]]\nid = \"{id}\"\nkind = \"place\"\nlabel = \"L\"\nterms = [{terms}]\n")
    }

    #[test]
    fn a_clean_lexicon_has_no_problems() {
        let clean = concept(
            "x",
            r#"{ text = "Alpha", lean = "a" }, { text = "Beta*", lean = "b" }"#,
        );
        assert!(messages(&clean).is_empty());
    }

    #[test]
    fn each_rule_reports_its_problem() {
        let cases = [
            (
                concept("x", r#"{ text = "Alpha", lean = "zz" }"#),
                "lean `zz` is not declared",
            ),
            (
                concept("x", r#"{ text = "Alpha" }"#) + &concept("x", r#"{ text = "Beta" }"#),
                "used twice",
            ),
            (
                concept("x", r#"{ text = "Alpha" }, { text = "alpha" }"#),
                "listed twice",
            ),
            (
                concept("x", r#"{ text = "Alpha" }"#)
                    + &concept("y", r#"{ text = "Al-pha", also = [] }"#).replace("Al-pha", "ALPHA"),
                "listed twice",
            ),
            (
                concept("x", r#"{ text = "a*" }"#),
                "would match almost every word",
            ),
            (concept("x", r#"{ text = "  " }"#), "is empty"),
            (
                concept("x", r#"{ text = "X", pattern = "(unclosed" }"#),
                "invalid pattern",
            ),
            (concept("x", ""), "has no terms"),
        ];
        for (lexicon, expected) in cases {
            let found = messages(&lexicon);
            assert!(
                found.iter().any(|m| m.contains(expected)),
                "expected `{expected}` in {found:?}"
            );
        }
    }

    #[test]
    fn missing_kind_and_label_are_errors() {
        let found = messages("[[concepts]]\nid = \"x\"\nterms = [{ text = \"Alpha\" }]\n");
        assert!(
            found.iter().any(|m| m.contains("has no `kind`")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|m| m.contains("has no `label`")),
            "{found:?}"
        );
    }

    #[test]
    fn a_wildcard_shadowing_a_literal_is_a_warning() {
        let text = concept("x", r#"{ text = "occup*", lean = "a" }"#)
            + &concept(
                "y",
                r#"{ text = "occupied", lean = "b" }, { text = "occupied lands" }"#,
            );
        let lexicon: Lexicon = toml::from_str(&format!(
            "id = \"d\"\ntitle = \"D\"\n[leans]\na = \"A\"\nb = \"B\"\n{text}"
        ))
        .unwrap();
        let found = check(&lexicon);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].level, Level::Warning);
        assert!(
            found[0]
                .message
                .contains("`occup*` (concept `x`) never matches `occupied`"),
            "{found:?}"
        );
        assert!(errors(&lexicon).is_empty());
    }

    #[test]
    fn an_except_phrase_that_is_another_term_is_a_warning() {
        let text = concept("x", r#"{ text = "regime", except = ["visa regime"] }"#)
            + &concept("y", r#"{ text = "visa regime" }"#);
        let lexicon: Lexicon =
            toml::from_str(&format!("id = \"d\"\ntitle = \"D\"\n{text}")).unwrap();
        let found = check(&lexicon);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .contains("`visa regime` (concept `y`) never matches"),
            "{found:?}"
        );
    }

    #[test]
    fn dated_leans_are_checked() {
        let found = messages(&concept(
            "x",
            r#"{ text = "Alpha", lean = [{ lean = "a", since = "2020", until = "2010" }, { lean = "zz" }] }"#,
        ));
        assert!(
            found.iter().any(|m| m.contains("ends before it starts")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|m| m.contains("lean `zz` is not declared")),
            "{found:?}"
        );
    }

    #[test]
    fn preferred_must_name_a_variant() {
        let text =
            concept("x", r#"{ text = "Alpha" }"#).replace("terms", "preferred = \"Gamma\"\nterms");
        let found = messages(&text);
        assert!(found[0].contains("preferred `Gamma`"), "{found:?}");
    }

    #[test]
    fn parse_refuses_an_invalid_lexicon_with_every_problem() {
        let text = "id = \"\"\ntitle = \"T\"\n".to_string()
            + &concept("x", r#"{ text = "Alpha", lean = "q" }"#);
        let err = parse(&text, Format::Toml, "bad.toml").unwrap_err();
        let rendered = err.to_string();
        assert!(
            rendered.contains("bad.toml: the lexicon `id` is empty"),
            "{rendered}"
        );
        assert!(rendered.contains("lean `q`"), "{rendered}");
    }
}
