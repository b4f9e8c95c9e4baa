//! Writing a lexicon as TOML a person can read and edit: a comment header, `[leans]`, then
//! one `[[concepts]]` block per concept with one term per line.

use crate::lexicon::Lexicon;

/// Keys written first, in this order, at the top of a lexicon; others follow by name.
const LEXICON_KEYS: &[&str] = &[
    "id",
    "title",
    "description",
    "topic",
    "neutral",
    "default_period",
    "extends",
    "disable",
];
/// Keys written first in a concept; `terms` always comes last.
const CONCEPT_KEYS: &[&str] = &["id", "kind", "label", "preferred", "note"];
/// Keys written first in a term's inline table.
const TERM_KEYS: &[&str] = &["text", "lean", "also"];

/// Renders a lexicon as TOML a person can read and edit: a comment header, `[leans]`, then
/// one `[[concepts]]` per concept with `terms` as an inline-table array, one term per line.
/// The output parses back with [`crate::lexicon::parse`] to an equal lexicon.
///
/// Every line of `header` becomes a `#` comment at the top; an empty header writes none.
pub fn to_toml(lexicon: &Lexicon, header: &str) -> String {
    let mut out = comment_header(header);
    let mut table = match toml::Value::try_from(lexicon) {
        Ok(toml::Value::Table(table)) => table,
        other => unreachable!("a lexicon serialises to a TOML table, not {other:?}"),
    };
    let leans = table.remove("leans");
    let concepts = table.remove("concepts");
    write_pairs(&mut out, &table, LEXICON_KEYS);
    out.push_str("\n[leans]\n");
    if let Some(toml::Value::Table(leans)) = &leans {
        write_pairs(&mut out, leans, &[]);
    }
    if let Some(toml::Value::Array(concepts)) = concepts {
        for concept in concepts {
            if let toml::Value::Table(concept) = concept {
                write_concept(&mut out, concept);
            }
        }
    }
    out
}

/// Each line of `header` as a `#` comment, without control characters, then a blank line;
/// nothing for an empty header.
fn comment_header(header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        let line: String = line
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect();
        let line = line.trim_end();
        out.push_str(&if line.is_empty() {
            "#\n".to_string()
        } else {
            format!("# {line}\n")
        });
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// One `[[concepts]]` block, its terms one inline table per line.
fn write_concept(out: &mut String, mut concept: toml::Table) {
    let terms = concept.remove("terms");
    out.push_str("\n[[concepts]]\n");
    write_pairs(out, &concept, CONCEPT_KEYS);
    out.push_str("terms = [\n");
    if let Some(toml::Value::Array(terms)) = &terms {
        for term in terms {
            let rendered = match term {
                toml::Value::Table(term) => inline_table(term, TERM_KEYS),
                other => other.to_string(),
            };
            out.push_str(&format!("  {rendered},\n"));
        }
    }
    out.push_str("]\n");
}

/// `table`'s entries, those named in `first` first and in that order, then the rest.
fn ordered<'t>(table: &'t toml::Table, first: &[&str]) -> Vec<(&'t str, &'t toml::Value)> {
    let mut pairs: Vec<(&str, &toml::Value)> = first
        .iter()
        .filter_map(|key| table.get_key_value(*key))
        .map(|(key, value)| (key.as_str(), value))
        .collect();
    pairs.extend(
        table
            .iter()
            .filter(|(key, _)| !first.contains(&key.as_str()))
            .map(|(key, value)| (key.as_str(), value)),
    );
    pairs
}

/// `key = value` lines.
fn write_pairs(out: &mut String, table: &toml::Table, first: &[&str]) {
    for (key, value) in ordered(table, first) {
        out.push_str(&format!("{} = {value}\n", toml_key(key)));
    }
}

/// `{ key = value, ... }` on one line.
fn inline_table(table: &toml::Table, first: &[&str]) -> String {
    let pairs: Vec<String> = ordered(table, first)
        .into_iter()
        .map(|(key, value)| format!("{} = {value}", toml_key(key)))
        .collect();
    if pairs.is_empty() {
        "{}".into()
    } else {
        format!("{{ {} }}", pairs.join(", "))
    }
}

/// A key as TOML writes it: bare when it can be, quoted otherwise (`"economy.positive"`).
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        key.to_string()
    } else {
        toml::Value::String(key.to_string()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Format, builtin, parse};

    use super::super::testing::YAML;

    #[test]
    fn to_toml_writes_a_header_leans_and_one_term_per_line() {
        let imported = YAML.import();
        let text = to_toml(&imported.lexicon, "Imported by slant.\n\nReview the leans.");
        assert!(
            text.starts_with(
                "# Imported by slant.\n#\n# Review the leans.\n\nid = \"yaml-sample\"\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("\n[leans]\n\"economy.negative\" = \"Terms of the imported category `economy.negative`.\"\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "\n[[concepts]]\nid = \"economy.positive\"\nkind = \"label\"\nlabel = \"economy.positive\"\nterms = [\n  \
                 { text = \"growth\", lean = \"economy.positive\" },\n  \
                 { text = \"boom*\", lean = \"economy.positive\" },\n]\n"
            ),
            "{text}"
        );
        assert_eq!(text.matches("[[concepts]]").count(), 5);
    }

    #[test]
    fn to_toml_round_trips_every_field_of_the_builtins() {
        for id in builtin::ids() {
            let lexicon = builtin::get(id).unwrap().unwrap();
            if lexicon.extends.is_some() {
                continue;
            }
            let text = to_toml(&lexicon, "");
            assert!(text.starts_with("id = "), "{text}");
            let parsed = parse(&text, Format::Toml, id).unwrap_or_else(|err| panic!("{err}"));
            assert_eq!(parsed, lexicon, "{text}");
        }
    }

    #[test]
    fn keys_are_quoted_only_when_they_must_be() {
        assert_eq!(toml_key("economy.positive"), "\"economy.positive\"");
        assert_eq!(toml_key("social-words"), "social-words");
    }
}
