//! Checks that a parsed lexicon can be used: declared leans, unique ids and terms, a
//! `preferred` that names a variant, regexes that compile, wildcards that are specific.

use std::collections::HashMap;

use crate::error::Problem;
use crate::lexicon::{Concept, Lexicon, Term};
use crate::text::{Case, fold_term};

/// The fewest letters a wildcard may have before its `*`.
pub const MIN_WILDCARD_STEM: usize = 3;

/// Every problem that makes `lexicon` unusable, in file order.
pub fn errors(lexicon: &Lexicon) -> Vec<Problem> {
    let mut problems = Vec::new();
    if lexicon.id.trim().is_empty() {
        problems.push(Problem::new(
            "the lexicon `id` is empty; give it a short name",
        ));
    }
    for lean in &lexicon.neutral {
        if !lexicon.leans.contains_key(lean) {
            problems.push(Problem::new(format!(
                "`neutral` names lean `{lean}`, which `[leans]` does not declare; declare it or remove it"
            )));
        }
    }
    let mut concept_ids: HashMap<&str, usize> = HashMap::new();
    let mut spellings: HashMap<String, String> = HashMap::new();
    for (index, concept) in lexicon.concepts.iter().enumerate() {
        if let Some(first) = concept_ids.insert(&concept.id, index) {
            problems.push(Problem::new(format!(
                "concept id `{}` is used twice (concepts {} and {}); make each id unique",
                concept.id,
                first + 1,
                index + 1
            )));
        }
        check_concept(lexicon, concept, &mut spellings, &mut problems);
    }
    problems
}

fn check_concept(
    lexicon: &Lexicon,
    concept: &Concept,
    spellings: &mut HashMap<String, String>,
    problems: &mut Vec<Problem>,
) {
    let at = format!("concept `{}`", concept.id);
    if concept.terms.is_empty() {
        problems.push(Problem::new(format!("{at} has no terms")));
    }
    for term in &concept.terms {
        check_term(lexicon, &at, term, problems);
        for spelling in term.spellings() {
            let key = fold_term(spelling.trim_end_matches('*'), Case::Fold);
            let owner = format!("{at}, term `{}`", term.text);
            if key.is_empty() {
                continue;
            }
            if let Some(first) = spellings.insert(key, owner.clone()) {
                problems.push(Problem::new(format!(
                    "`{spelling}` is listed twice: in {first} and in {owner}; keep one"
                )));
            }
        }
    }
    if let Some(preferred) = &concept.preferred {
        let known = concept
            .terms
            .iter()
            .any(|term| term.spellings().any(|s| s == preferred));
        if !known {
            problems.push(Problem::new(format!(
                "{at}: preferred `{preferred}` is not one of its terms; add it as a term or fix the spelling"
            )));
        }
    }
}

fn check_term(lexicon: &Lexicon, at: &str, term: &Term, problems: &mut Vec<Problem>) {
    let at = format!("{at}, term `{}`", term.text);
    if let Some(lean) = &term.lean
        && !lexicon.leans.contains_key(lean)
    {
        let declared: Vec<&str> = lexicon.leans.keys().map(String::as_str).collect();
        problems.push(Problem::new(format!(
            "{at}: lean `{lean}` is not declared in [leans] (declared: {})",
            if declared.is_empty() {
                "none".to_string()
            } else {
                declared.join(", ")
            }
        )));
    }
    if let Some(pattern) = &term.pattern {
        if let Err(err) = regex::Regex::new(pattern) {
            problems.push(Problem::new(format!("{at}: invalid pattern: {err}")));
        }
        return;
    }
    for spelling in term.spellings() {
        check_spelling(&at, spelling, problems);
    }
}

fn check_spelling(at: &str, spelling: &str, problems: &mut Vec<Problem>) {
    let stem = spelling.trim().trim_end_matches('*');
    let letters = fold_term(stem, Case::Fold)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .count();
    if letters == 0 {
        problems.push(Problem::new(format!(
            "{at}: the spelling `{spelling}` is empty; write the term's text"
        )));
    } else if spelling.trim().ends_with('*') && letters < MIN_WILDCARD_STEM {
        problems.push(Problem::new(format!(
            "{at}: the wildcard `{spelling}` would match almost every word; \
             give it at least {MIN_WILDCARD_STEM} letters before `*`"
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::load::{Format, parse};

    fn messages(concepts: &str) -> Vec<String> {
        let text =
            format!("id = \"demo\"\ntitle = \"Demo\"\n[leans]\na = \"A\"\nb = \"B\"\n{concepts}");
        let lexicon: Lexicon = toml::from_str(&text).unwrap();
        errors(&lexicon).into_iter().map(|p| p.message).collect()
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
