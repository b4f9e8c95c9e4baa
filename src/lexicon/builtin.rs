//! The built-in lexicons, embedded in the binary from the `lexicons/` folder.

use crate::error::Result;
use crate::lexicon::Lexicon;
use crate::lexicon::load::{Format, parse};

/// The source text of every built-in lexicon, by id.
const BUILTINS: &[(&str, &str)] = &[
    (
        "nagorno-karabakh",
        include_str!("../../lexicons/nagorno-karabakh.toml"),
    ),
    (
        "russia-ukraine",
        include_str!("../../lexicons/russia-ukraine.toml"),
    ),
    (
        "israel-palestine",
        include_str!("../../lexicons/israel-palestine.toml"),
    ),
    (
        "us-politics",
        include_str!("../../lexicons/us-politics.toml"),
    ),
    (
        "loaded-language",
        include_str!("../../lexicons/loaded-language.toml"),
    ),
    (
        "attribution",
        include_str!("../../lexicons/attribution.toml"),
    ),
];

/// The ids of the built-in lexicons, in a stable order.
pub fn ids() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|(id, _)| *id)
}

/// The built-in lexicon called `id`, parsed, if there is one.
pub fn get(id: &str) -> Option<Result<Lexicon>> {
    BUILTINS
        .iter()
        .find(|(known, _)| *known == id)
        .map(|(known, text)| parse(text, Format::Toml, &format!("builtin:{known}")))
}

/// Every built-in lexicon, parsed.
pub fn all() -> Result<Vec<Lexicon>> {
    ids().map(|id| get(id).expect("listed id")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_parses_validates_and_carries_its_own_id() {
        for id in ids() {
            let lexicon = get(id).unwrap().unwrap_or_else(|err| panic!("{err}"));
            assert_eq!(lexicon.id, id);
            assert!(!lexicon.concepts.is_empty(), "{id} has no concepts");
        }
    }

    #[test]
    fn the_karabakh_lexicon_covers_the_required_ground() {
        let lexicon = get("nagorno-karabakh").unwrap().unwrap();
        assert!(
            lexicon.concepts.len() >= 15,
            "{} concepts",
            lexicon.concepts.len()
        );
        for lean in ["az", "am", "intl"] {
            assert!(lexicon.leans.contains_key(lean), "lean {lean}");
        }
        assert!(!lexicon.topic.is_empty());
    }

    #[test]
    fn generic_lexicons_have_no_topic() {
        for id in ["loaded-language", "attribution"] {
            assert!(get(id).unwrap().unwrap().topic.is_empty(), "{id}");
        }
    }
}
