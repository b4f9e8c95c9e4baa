//! The starter lexicon that `slant lexicon new` writes: every key shown once, commented,
//! and valid as written.

/// A commented starter lexicon with id `id`.
pub fn starter(id: &str) -> String {
    STARTER.replace("{id}", id)
}

const STARTER: &str = r#"# A slant lexicon. Check it with `slant lexicon validate FILE`; the full format is in
# docs/lexicon-format.md. Cite where each usage claim comes from, in `source` or up here.

id = "{id}"
title = "Describe the topic in a few words"
description = "What the lexicon covers, and the period."

# Terms whose presence in an article selects this lexicon when no --lexicon is given.
# Leave it out (or empty) for a generic lexicon that is always selected.
topic = ["Ruritania*", "Strelsau"]

# Leans that mark plain usage: terms with them are not counted as loaded.
neutral = ["intl"]

# For documents without a `date:`, the period assumed when a lean depends on the date.
# default_period = "2020"

# To build on a built-in lexicon instead of starting from scratch:
# extends = "nagorno-karabakh"
# disable = ["khojaly"]        # concepts of the base to leave out

# The perspectives this lexicon tells apart, each with one sentence.
[leans]
north = "Usage of the northern government and its media"
south = "Usage of the southern authorities and their media"
intl = "Usage of international wire services and organisations"

[[concepts]]
id = "region"
kind = "territory"     # actor | territory | place | action | event | label | attribution
label = "The disputed region"
preferred = "Upper Ruritania"   # what `slant check` suggests instead of a leaning variant
note = "Why the name is contested, in a sentence."
terms = [
  { text = "Upper Ruritania", lean = "intl", also = ["Ruritania Superior"] },
  { text = "Free Ruritania", lean = "south", note = "The southern authorities' own name." },
  { text = "the lost province", lean = "north", source = "https://example.org/style-guide" },
]

[[concepts]]
id = "takeover"
kind = "action"
label = "Taking control of the region"
preferred = "took control"
terms = [
  { text = "took control", lean = "intl", also = ["taken control"] },
  # A trailing * matches any word ending: "liberated", "liberation".
  # A lean may change with time: the first range containing the document's date wins,
  # and the entry without dates applies otherwise.
  { text = "liberat*", lean = [{ lean = "south", until = "1999" }, { lean = "north", since = "2000" }, { lean = "north" }] },
  # `except` lists longer phrases in which the term is not loaded.
  { text = "annexed", lean = "south", except = ["annexed building"] },
]
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Format, parse_checked};

    #[test]
    fn the_starter_is_valid_without_warnings() {
        let text = starter("ruritania");
        let loaded = parse_checked(&text, Format::Toml, "new.toml", None, 0).unwrap();
        assert_eq!(loaded.lexicon.id, "ruritania");
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.lexicon.concepts.len(), 2);
    }
}
