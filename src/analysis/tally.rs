//! The running tallies of a comparison, kept small: a large run holds hundreds of
//! thousands of them (one per group, concept, term, voice and lean seen), so each is a
//! 16-byte key and a 24-byte count in one ordered map.
//!
//! Strings (forms matched, leans) are stored once in an [`Interner`] and held by number;
//! a tally with several forms keeps their list beside the map.

use std::collections::BTreeMap;
use std::num::NonZeroU32;
use std::sync::Arc;

use foldhash::HashMap;

use super::compare::{Count, Forms, VariantCount};
use crate::lexicon::{ConceptRef, LexiconSet, TermRef};
use crate::voice::Voice;

/// Every tally of a run, in the order the rows are built: by concept (in lexicon order),
/// then group, voice, term and lean number.
#[derive(Debug)]
pub(super) struct Tallies {
    map: BTreeMap<TallyKey, Tally>,
    concepts: ConceptNumbers,
    strings: Interner,
    /// The form lists of tallies with more than one form, each sorted by text.
    form_lists: Vec<Vec<u32>>,
}

/// One tally taken out of [`Tallies`]: the group it belongs to and its counts.
#[derive(Debug)]
pub(super) struct Tallied {
    /// Index of the group, as given to [`Tallies::add`].
    pub(super) group: usize,
    /// The counts, with their lean and forms as strings.
    pub(super) variant: VariantCount,
}

impl Tallies {
    /// No tallies yet, for terms of `lexicons`.
    pub(super) fn new(lexicons: &LexiconSet) -> Self {
        Tallies {
            map: BTreeMap::new(),
            concepts: ConceptNumbers::new(lexicons),
            strings: Interner::default(),
            form_lists: Vec::new(),
        }
    }

    /// Adds `count` to the tally of `term` in `group`, in `voice`, with `lean`.
    pub(super) fn add(
        &mut self,
        term: TermRef,
        group: usize,
        voice: Voice,
        lean: Option<&str>,
        count: &Count,
    ) {
        let lean = lean.map(|lean| {
            NonZeroU32::new(self.strings.number(lean) + 1).expect("a lean's number starts at 1")
        });
        let key = TallyKey {
            concept: self.concepts.number(term.concept_ref()),
            group: narrow(group),
            voiced_term: voiced_term(voice, term.term),
            lean,
        };
        let tally = self.map.entry(key).or_default();
        tally.count += count.count;
        tally.distanced += count.distanced;
        for form in &count.forms {
            add_form(
                &mut tally.forms,
                form,
                &mut self.strings,
                &mut self.form_lists,
            );
        }
    }

    /// Adds the tallies of `later`, whose group `g` is group `group_of[g]` here.
    pub(super) fn absorb(&mut self, later: &Tallies, group_of: &[usize]) {
        // Each string of `later` is looked up here once, not once per tally.
        let renumber: Vec<u32> = later
            .strings
            .texts
            .iter()
            .map(|text| self.strings.number(text))
            .collect();
        for (key, tally) in &later.map {
            let key = TallyKey {
                group: narrow(group_of[key.group as usize]),
                lean: key.lean.map(|number| {
                    NonZeroU32::new(renumber[number.get() as usize - 1] + 1)
                        .expect("a lean's number starts at 1")
                }),
                ..*key
            };
            let mine = self.map.entry(key).or_default();
            mine.count += tally.count;
            mine.distanced += tally.distanced;
            for &form in form_numbers(&tally.forms, &later.form_lists) {
                add_form_number(
                    &mut mine.forms,
                    renumber[form as usize],
                    &self.strings,
                    &mut self.form_lists,
                );
            }
        }
    }

    /// The tallies in order, each turned into a [`VariantCount`] as it is taken out, so
    /// that the map's memory is freed as the counts are built.
    pub(super) fn into_variants(self) -> impl Iterator<Item = Tallied> {
        let Tallies {
            map,
            concepts,
            strings,
            form_lists,
        } = self;
        map.into_iter().map(move |(key, tally)| {
            let concept = concepts.concept(key.concept);
            let (voice, term) = split_voiced_term(key.voiced_term);
            Tallied {
                group: key.group as usize,
                variant: VariantCount {
                    term: TermRef {
                        lexicon: concept.lexicon,
                        concept: concept.concept,
                        term: term as usize,
                    },
                    voice,
                    lean: key
                        .lean
                        .map(|number| Arc::clone(strings.text(number.get() - 1))),
                    count: tally.count,
                    distanced: tally.distanced,
                    forms: forms_of(tally.forms, &strings, &form_lists),
                },
            }
        })
    }
}

/// Where a count is tallied: 16 bytes whose order is the order of the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct TallyKey {
    /// The concept's number across all lexicons ([`ConceptNumbers`]).
    concept: u32,
    group: u32,
    /// The voice in the top bit (own before quoted), the term's index below it.
    voiced_term: u32,
    /// The lean's string number plus one.
    lean: Option<NonZeroU32>,
}

/// The counts of one tally.
#[derive(Debug, Default)]
struct Tally {
    count: usize,
    distanced: usize,
    forms: FormSlot,
}

/// The forms of a tally in four bytes: none, the number of its one form, or (top bit
/// set) the index of its list in [`Tallies::form_lists`].
#[derive(Debug, Clone, Copy)]
struct FormSlot(u32);

impl Default for FormSlot {
    fn default() -> Self {
        FormSlot(NO_FORM)
    }
}

/// A slot with no form yet.
const NO_FORM: u32 = u32::MAX;
/// The top bit of a `u32`: a form slot's list flag, and a voiced term's voice.
const TOP_BIT: u32 = 1 << 31;

/// Adds `form` to the forms in `slot`, unless it is there already. A known form is
/// compared as text, and only a new one is looked up in `strings`.
fn add_form(slot: &mut FormSlot, form: &str, strings: &mut Interner, lists: &mut Vec<Vec<u32>>) {
    let known = form_numbers(slot, lists)
        .binary_search_by(|&number| strings.text(number).as_ref().cmp(form))
        .is_ok();
    if !known {
        let number = strings.number(form);
        add_form_number(slot, number, strings, lists);
    }
}

/// Adds the form numbered `form` in `strings` to the forms in `slot`, unless it is there
/// already: a list is kept sorted by text.
fn add_form_number(slot: &mut FormSlot, form: u32, strings: &Interner, lists: &mut Vec<Vec<u32>>) {
    let text = |number: u32| strings.text(number).as_ref();
    match slot.0 {
        NO_FORM => slot.0 = below_top_bit(form),
        list if list & TOP_BIT != 0 => {
            // Sorted by text, and each text has one number: found by a binary search.
            let forms = &mut lists[(list & !TOP_BIT) as usize];
            if let Err(at) = forms.binary_search_by(|&known| text(known).cmp(text(form))) {
                forms.insert(at, form);
            }
        }
        one if one == form => {}
        one => {
            let pair = if text(one) < text(form) {
                vec![one, form]
            } else {
                vec![form, one]
            };
            slot.0 = below_top_bit(narrow(lists.len())) | TOP_BIT;
            lists.push(pair);
        }
    }
}

/// The numbers of the forms in `slot`.
fn form_numbers<'s>(slot: &'s FormSlot, lists: &'s [Vec<u32>]) -> &'s [u32] {
    match slot.0 {
        NO_FORM => &[],
        list if list & TOP_BIT != 0 => &lists[(list & !TOP_BIT) as usize],
        _ => std::slice::from_ref(&slot.0),
    }
}

/// The forms in `slot` as strings.
fn forms_of(slot: FormSlot, strings: &Interner, lists: &[Vec<u32>]) -> Forms {
    let text = |number: &u32| Arc::clone(strings.text(*number));
    Forms::from_sorted(form_numbers(&slot, lists).iter().map(text).collect())
}

/// Strings stored once each and known by number, in the order first seen.
#[derive(Debug, Default)]
struct Interner {
    texts: Vec<Arc<str>>,
    numbers: HashMap<Arc<str>, u32>,
}

impl Interner {
    /// The number of `text`, which joins the store if it is new.
    fn number(&mut self, text: &str) -> u32 {
        if let Some(&number) = self.numbers.get(text) {
            return number;
        }
        let number = narrow(self.texts.len());
        let text: Arc<str> = Arc::from(text);
        self.texts.push(Arc::clone(&text));
        self.numbers.insert(text, number);
        number
    }

    /// The string of a number handed out by [`Interner::number`].
    fn text(&self, number: u32) -> &Arc<str> {
        &self.texts[number as usize]
    }
}

/// Numbers every concept of a lexicon set, in lexicon order, so that a concept takes
/// four bytes in a key instead of two indices.
#[derive(Debug)]
struct ConceptNumbers {
    /// The number of each lexicon's first concept.
    starts: Vec<u32>,
}

impl ConceptNumbers {
    fn new(lexicons: &LexiconSet) -> Self {
        let mut next = 0;
        let starts = lexicons
            .lexicons()
            .iter()
            .map(|lexicon| {
                let start = next;
                next += lexicon.concepts.len();
                narrow(start)
            })
            .collect();
        ConceptNumbers { starts }
    }

    fn number(&self, at: ConceptRef) -> u32 {
        self.starts[at.lexicon] + narrow(at.concept)
    }

    fn concept(&self, number: u32) -> ConceptRef {
        // The last lexicon starting at or before `number`: a lexicon without concepts
        // shares its start with the next one, which is the one holding the concept.
        let lexicon = self.starts.partition_point(|&start| start <= number) - 1;
        ConceptRef {
            lexicon,
            concept: (number - self.starts[lexicon]) as usize,
        }
    }
}

/// A voice and a term's index in one number that sorts by voice, then term.
fn voiced_term(voice: Voice, term: usize) -> u32 {
    let voice_bit = match voice {
        Voice::Own => 0,
        Voice::Quoted => TOP_BIT,
    };
    voice_bit | below_top_bit(narrow(term))
}

fn split_voiced_term(voiced: u32) -> (Voice, u32) {
    let voice = if voiced & TOP_BIT == 0 {
        Voice::Own
    } else {
        Voice::Quoted
    };
    (voice, voiced & !TOP_BIT)
}

/// An index or count as stored in a tally. Lexicons, concepts, terms, groups and distinct
/// forms number far fewer than 2^31: each of them takes memory, or an article, of its own.
fn narrow(index: usize) -> u32 {
    below_top_bit(u32::try_from(index).expect("fewer than 2^31 - 1 of each indexed thing"))
}

/// `number`, which must leave the top bit free for a flag; the highest number below it is
/// kept free too, so that a list's slot never reads as [`NO_FORM`].
fn below_top_bit(number: u32) -> u32 {
    assert!(
        number < !TOP_BIT,
        "fewer than 2^31 - 1 of each indexed thing"
    );
    number
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Format, parse};

    fn lexicons(concepts_per_lexicon: &[usize]) -> LexiconSet {
        let lexicons = concepts_per_lexicon
            .iter()
            .enumerate()
            .map(|(n, &concepts)| {
                let mut text = format!("id = \"l{n}\"\ntitle = \"L\"\n");
                for c in 0..concepts {
                    text.push_str(&format!(
                        "[[concepts]]\nid = \"c{c}\"\nkind = \"label\"\nlabel = \"C\"\nterms = [{{ text = \"t{n}x{c}\" }}]\n"
                    ));
                }
                parse(&text, Format::Toml, "l.toml").unwrap()
            })
            .collect();
        LexiconSet::new(lexicons)
    }

    fn count(uses: usize, forms: &[&str]) -> Count {
        Count {
            count: uses,
            distanced: 0,
            forms: forms.iter().map(|form| form.to_string()).collect(),
        }
    }

    fn term(lexicon: usize, concept: usize, term: usize) -> TermRef {
        TermRef {
            lexicon,
            concept,
            term,
        }
    }

    #[test]
    fn keys_and_counts_stay_small() {
        assert_eq!(std::mem::size_of::<TallyKey>(), 16);
        assert_eq!(std::mem::size_of::<Tally>(), 24);
    }

    #[test]
    fn concepts_are_numbered_across_lexicons_and_back() {
        let set = lexicons(&[2, 0, 3]);
        let numbers = ConceptNumbers::new(&set);
        for (lexicon, concepts) in [(0, 2), (2, 3)] {
            for concept in 0..concepts {
                let at = ConceptRef { lexicon, concept };
                assert_eq!(numbers.concept(numbers.number(at)), at);
            }
        }
        assert_eq!(
            numbers.number(ConceptRef {
                lexicon: 2,
                concept: 0
            }),
            2
        );
    }

    #[test]
    fn tallies_come_out_by_concept_group_voice_term_and_lean() {
        let set = lexicons(&[2, 1]);
        let mut tallies = Tallies::new(&set);
        tallies.add(term(1, 0, 0), 0, Voice::Own, None, &count(1, &["a"]));
        tallies.add(term(0, 1, 0), 1, Voice::Own, None, &count(1, &["a"]));
        tallies.add(
            term(0, 1, 0),
            0,
            Voice::Quoted,
            Some("x"),
            &count(2, &["a"]),
        );
        tallies.add(term(0, 1, 3), 0, Voice::Own, Some("y"), &count(1, &["a"]));
        tallies.add(term(0, 1, 3), 0, Voice::Own, Some("x"), &count(1, &["a"]));
        tallies.add(
            term(0, 1, 0),
            0,
            Voice::Quoted,
            Some("x"),
            &count(3, &["b"]),
        );
        let out: Vec<(usize, TermRef, Voice, Option<String>, usize)> = tallies
            .into_variants()
            .map(|t| {
                let v = t.variant;
                (
                    t.group,
                    v.term,
                    v.voice,
                    v.lean.map(|l| l.to_string()),
                    v.count,
                )
            })
            .collect();
        let x = Some("x".to_string());
        let y = Some("y".to_string());
        assert_eq!(
            out,
            [
                // Leans by number, the order first seen: `x` came before `y`.
                (0, term(0, 1, 3), Voice::Own, x.clone(), 1),
                (0, term(0, 1, 3), Voice::Own, y, 1),
                (0, term(0, 1, 0), Voice::Quoted, x, 5),
                (1, term(0, 1, 0), Voice::Own, None, 1),
                (0, term(1, 0, 0), Voice::Own, None, 1),
            ]
        );
    }

    #[test]
    fn forms_are_kept_once_each_and_sorted() {
        let set = lexicons(&[1]);
        let mut tallies = Tallies::new(&set);
        let at = term(0, 0, 0);
        tallies.add(at, 0, Voice::Own, None, &count(1, &["occupied"]));
        tallies.add(at, 0, Voice::Own, None, &count(1, &["occupied"]));
        tallies.add(at, 1, Voice::Own, None, &count(1, &["occupier"]));
        tallies.add(
            at,
            0,
            Voice::Own,
            None,
            &count(1, &["occupation", "occupier"]),
        );
        tallies.add(
            at,
            0,
            Voice::Own,
            None,
            &count(1, &["occupied", "occupation"]),
        );
        tallies.add(at, 2, Voice::Own, None, &Count::default());
        let forms: Vec<Vec<String>> = tallies
            .into_variants()
            .map(|t| t.variant.forms.iter().map(|f| f.to_string()).collect())
            .collect();
        assert_eq!(
            forms,
            [
                vec!["occupation", "occupied", "occupier"],
                vec!["occupier"],
                vec![],
            ]
        );
    }

    #[test]
    fn many_forms_come_out_once_each_and_sorted_however_they_are_added() {
        let set = lexicons(&[1]);
        let at = term(0, 0, 0);
        // 211 forms in a scrambled order (97 steps round a prime), each added twice, half
        // of them in tallies absorbed later, so that both the text and the number paths
        // insert into one long list.
        let forms: Vec<String> = (0..211)
            .map(|i| format!("form{:03}", i * 97 % 211))
            .collect();
        let (mut first, mut later) = (Tallies::new(&set), Tallies::new(&set));
        for (index, form) in forms.iter().chain(&forms).enumerate() {
            let tallies = if index % 2 == 0 {
                &mut first
            } else {
                &mut later
            };
            tallies.add(at, 0, Voice::Own, None, &count(1, &[form]));
        }
        first.absorb(&later, &[0]);
        let variants: Vec<Vec<String>> = first
            .into_variants()
            .map(|t| t.variant.forms.iter().map(|f| f.to_string()).collect())
            .collect();
        let mut expected = forms.clone();
        expected.sort();
        assert_eq!(variants, [expected]);
    }

    #[test]
    fn a_shared_form_is_one_string() {
        let set = lexicons(&[1]);
        let mut tallies = Tallies::new(&set);
        tallies.add(term(0, 0, 0), 0, Voice::Own, None, &count(1, &["regime"]));
        tallies.add(term(0, 0, 0), 1, Voice::Own, None, &count(1, &["regime"]));
        let forms: Vec<Arc<str>> = tallies
            .into_variants()
            .map(|t| Arc::clone(&t.variant.forms[0]))
            .collect();
        assert!(Arc::ptr_eq(&forms[0], &forms[1]));
    }
}
