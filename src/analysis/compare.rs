//! Tallies across sources: the rows of the framing table and the per-source summary.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::group::{GroupBy, group_key};
use super::tally::Tallies;
use super::{DocumentAnalysis, HitRecord};
use crate::input::Document;
use crate::lexicon::{ConceptRef, KindGroup, LexiconSet, TermRef};
use crate::voice::Voice;

/// How often one source used one variant in one voice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantCount {
    /// The variant.
    pub term: TermRef,
    /// The voice of these uses.
    pub voice: Voice,
    /// The lean of these uses (resolved for each document's date), shared with every
    /// count of that lean.
    pub lean: Option<Arc<str>>,
    /// Number of uses.
    pub count: usize,
    /// How many of them were distanced (scare quotes, "so-called").
    pub distanced: usize,
    /// The forms matched, white space collapsed (several for a wildcard term such as
    /// `occup*`), sorted, each once; each string is shared with every count of that form.
    pub forms: Forms,
}

/// The forms of one variant count: sorted, each once, each string shared.
///
/// Nearly every count has a single form, and a large run has hundreds of thousands of
/// counts, so one form is held inline and only several take a list of their own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Forms(FormList);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum FormList {
    #[default]
    None,
    One(Arc<str>),
    Several(Vec<Arc<str>>),
}

impl Forms {
    /// The forms, in order.
    pub fn as_slice(&self) -> &[Arc<str>] {
        match &self.0 {
            FormList::None => &[],
            FormList::One(form) => std::slice::from_ref(form),
            FormList::Several(forms) => forms,
        }
    }

    /// Forms already sorted, each once.
    pub(super) fn from_sorted(mut forms: Vec<Arc<str>>) -> Self {
        Forms(match forms.len() {
            0 => FormList::None,
            1 => FormList::One(forms.pop().expect("one form")),
            _ => FormList::Several(forms),
        })
    }
}

impl std::ops::Deref for Forms {
    type Target = [Arc<str>];

    fn deref(&self) -> &[Arc<str>] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a Forms {
    type Item = &'a Arc<str>;
    type IntoIter = std::slice::Iter<'a, Arc<str>>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

/// What one source said about one concept: its variants, own voice before quoted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// The variants used, ordered by voice, then by their order in the lexicon, then by
    /// lean (a term whose lean changes with the date can have several).
    pub variants: Vec<VariantCount>,
}

impl Cell {
    /// The leans of the variants this source used in its own voice.
    pub fn own_leans(&self) -> BTreeSet<&str> {
        self.variants
            .iter()
            .filter(|v| v.voice == Voice::Own)
            .filter_map(|v| v.lean.as_deref())
            .collect()
    }
}

/// One concept across all sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConceptRow {
    /// The concept.
    pub concept: ConceptRef,
    /// The report group it is shown in.
    pub group: KindGroup,
    /// One cell per source, in source order.
    pub cells: Vec<Cell>,
    /// True when sources chose, in their own voice, variants of different leans.
    pub divergent: bool,
}

/// One source (outlet, or group of `--group-by`) summed up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceSummary {
    /// The source's name (or the group's key).
    pub name: String,
    /// Files read for it: a file counts once for its articles, which are read together
    /// (a corpus file of many articles is one file).
    pub file_count: usize,
    /// The files counted, in input order; empty when the builder was asked not to list
    /// them ([`Builder::list_files`]).
    pub files: Vec<String>,
    /// Articles read for it.
    pub articles: usize,
    /// Words in all its article bodies.
    pub words: usize,
    /// Own-voice hits per lean.
    pub own_by_lean: BTreeMap<String, usize>,
    /// Own-voice hits of loaded terms.
    pub loaded_own: usize,
    /// Quoted hits of loaded terms.
    pub loaded_quoted: usize,
}

impl SourceSummary {
    /// Adds the summary of the same group over later articles; `runs_on` when the first
    /// file of `later` is the last one of this summary, to be counted once.
    fn absorb(&mut self, later: &SourceSummary, runs_on: bool) {
        let repeated = usize::from(runs_on);
        self.file_count += later.file_count - repeated;
        self.files
            .extend(later.files.iter().skip(repeated).cloned());
        self.articles += later.articles;
        self.words += later.words;
        for (lean, &count) in &later.own_by_lean {
            super::add_count(&mut self.own_by_lean, lean, count);
        }
        self.loaded_own += later.loaded_own;
        self.loaded_quoted += later.loaded_quoted;
    }

    /// Own-voice loaded terms per 1,000 words (0 for an empty source).
    pub fn loaded_per_thousand(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.loaded_own as f64 * 1000.0 / self.words as f64
        }
    }
}

/// Everything a `compare` report shows.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The sources (or groups), in the order they first appear (by key for date groups).
    pub sources: Vec<SourceSummary>,
    /// Concepts that any source mentions, grouped by kind, then in lexicon order.
    pub rows: Vec<ConceptRow>,
    /// Every hit, document by document in input order, when they were kept.
    pub hits: Vec<HitRecord>,
    /// For each document whose hits were kept, the index of its source.
    pub source_of: Vec<usize>,
    /// For each document whose hits were kept, where it was read from.
    pub origins: Vec<String>,
}

impl Comparison {
    /// Tallies the analyses of `documents` (one analysis per document, same order), by
    /// source, keeping every hit.
    pub fn new(
        documents: &[Document],
        analyses: Vec<DocumentAnalysis>,
        lexicons: &LexiconSet,
    ) -> Self {
        let mut builder = Builder::new(lexicons, GroupBy::Source, true);
        for (document, analysis) in documents.iter().zip(analyses) {
            builder.add(document, analysis);
        }
        builder.finish()
    }

    /// The source a hit belongs to.
    pub fn source_of_hit(&self, hit: &HitRecord) -> &SourceSummary {
        &self.sources[self.source_of[hit.document]]
    }
}

/// Identifies one row of counts: a variant used in one voice with one lean.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VariantKey {
    /// The variant.
    pub term: TermRef,
    /// Own voice or quoted.
    pub voice: Voice,
    /// The lean of these uses.
    pub lean: Option<String>,
}

/// Counts of one variant key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Count {
    /// Uses.
    pub count: usize,
    /// Distanced uses.
    pub distanced: usize,
    /// Forms matched, sorted, each once. (A sorted list, not a set: most counts hold one
    /// form, and a large lexicon has hundreds of thousands of counts.)
    pub forms: Vec<String>,
}

impl Count {
    /// Adds `other` to these counts; a form is copied only the first time it is seen.
    pub fn add(&mut self, other: &Count) {
        self.count += other.count;
        self.distanced += other.distanced;
        for form in &other.forms {
            self.add_form(form);
        }
    }

    /// Records a form matched, unless it is recorded already.
    pub fn add_form(&mut self, form: &str) {
        insert_form(&mut self.forms, Cow::Borrowed(form));
    }
}

/// Puts `form` into `forms` (sorted, each once) where it is missing; an owned form is
/// moved in, not copied.
fn insert_form(forms: &mut Vec<String>, form: Cow<'_, str>) {
    match forms.binary_search_by(|known| known.as_str().cmp(&form)) {
        Ok(_) => {}
        // Most counts keep one form: a list of exactly one.
        Err(_) if forms.is_empty() => *forms = vec![form.into_owned()],
        Err(at) => forms.insert(at, form.into_owned()),
    }
}

/// What one document contributes once its hits are counted: all `merge` needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentCounts {
    /// Words in the body.
    pub words: usize,
    /// Counts per variant key.
    pub counts: BTreeMap<VariantKey, Count>,
}

impl DocumentCounts {
    /// Counts the hits of one analysis.
    pub fn of(analysis: &DocumentAnalysis) -> Self {
        let mut counts: BTreeMap<VariantKey, Count> = BTreeMap::new();
        for hit in &analysis.hits {
            let key = VariantKey {
                term: hit.term,
                voice: hit.voice,
                lean: hit.lean.clone(),
            };
            let form = crate::text::collapse_space(&hit.matched);
            count_hit(&mut counts, key, hit.distanced, form);
        }
        DocumentCounts {
            words: analysis.words,
            counts,
        }
    }

    /// Counts `hits`, taking their strings rather than copying them: for a run that
    /// keeps no hits, where each hit's lean and matched text would be copied, then dropped.
    pub fn from_hits(words: usize, hits: Vec<HitRecord>) -> Self {
        let mut counts: BTreeMap<VariantKey, Count> = BTreeMap::new();
        for hit in hits {
            let form = match crate::text::collapse_space(&hit.matched) {
                Cow::Borrowed(_) => hit.matched,
                Cow::Owned(collapsed) => collapsed,
            };
            let key = VariantKey {
                term: hit.term,
                voice: hit.voice,
                lean: hit.lean,
            };
            count_hit(&mut counts, key, hit.distanced, Cow::Owned(form));
        }
        DocumentCounts { words, counts }
    }

    /// Adds the counts of another part of the same article.
    pub fn absorb(&mut self, other: &DocumentCounts) {
        self.words += other.words;
        for (key, count) in &other.counts {
            self.counts.entry(key.clone()).or_default().add(count);
        }
    }
}

/// Counts one hit of `key` whose matched text, white space collapsed, is `form`.
fn count_hit(
    counts: &mut BTreeMap<VariantKey, Count>,
    key: VariantKey,
    distanced: bool,
    form: Cow<'_, str>,
) {
    let entry = counts.entry(key).or_default();
    entry.count += 1;
    entry.distanced += usize::from(distanced);
    insert_form(&mut entry.forms, form);
}

/// Which document a count belongs to, for grouping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentInfo {
    /// The source (outlet).
    pub source: String,
    /// The file (a corpus record's `#id` is dropped).
    pub file: String,
    /// The date from the metadata, as written.
    pub date: Option<String>,
    /// A later segment of an article already counted (a large file read in parts).
    pub continues: bool,
}

impl DocumentInfo {
    /// The grouping facts of a document.
    pub fn of(document: &Document) -> Self {
        let file = document
            .origin
            .split('#')
            .next()
            .unwrap_or_default()
            .to_string();
        DocumentInfo {
            source: document.source.clone(),
            file,
            date: document.meta.get("date").cloned(),
            continues: document.segment.continues(),
        }
    }
}

/// Builds a [`Comparison`] one document at a time: memory holds the aggregates (and the
/// hits only when they are kept for JSON or evidence).
#[derive(Debug)]
pub struct Builder<'a> {
    lexicons: &'a LexiconSet,
    group_by: GroupBy,
    keep_hits: bool,
    sources: Vec<SourceSummary>,
    index: BTreeMap<String, usize>,
    tallies: Tallies,
    hits: Vec<HitRecord>,
    source_of: Vec<usize>,
    origins: Vec<String>,
    /// Whether `SourceSummary::files` lists the files, or only `file_count` counts them.
    list_files: bool,
    /// The file each group's last article came from, by group index.
    last_file: Vec<Option<String>>,
    /// The file each group's first article came from, by group index.
    first_file: Vec<Option<String>>,
}

impl<'a> Builder<'a> {
    /// An empty builder; `keep_hits` keeps every hit for reports that list them.
    pub fn new(lexicons: &'a LexiconSet, group_by: GroupBy, keep_hits: bool) -> Self {
        Builder {
            lexicons,
            group_by,
            keep_hits,
            sources: Vec::new(),
            index: BTreeMap::new(),
            tallies: Tallies::new(lexicons),
            hits: Vec::new(),
            source_of: Vec::new(),
            origins: Vec::new(),
            list_files: true,
            last_file: Vec::new(),
            first_file: Vec::new(),
        }
    }

    /// Whether to list each group's files by name (the default) or only count them, for
    /// reports that show no list: memory then does not grow with the number of files.
    pub fn list_files(mut self, list: bool) -> Self {
        self.list_files = list;
        self
    }

    /// Adds one analysed document.
    pub fn add(&mut self, document: &Document, analysis: DocumentAnalysis) {
        let counts = DocumentCounts::of(&analysis);
        self.add_counted(document, analysis, &counts);
    }

    /// Adds one analysed document whose hits are counted already (`counts` is
    /// `DocumentCounts::of(&analysis)`); the hits are kept only if the builder keeps hits.
    pub fn add_counted(
        &mut self,
        document: &Document,
        analysis: DocumentAnalysis,
        counts: &DocumentCounts,
    ) {
        let group = self.add_counts(&DocumentInfo::of(document), counts);
        if self.keep_hits {
            let number = self.origins.len();
            self.origins.push(document.origin.clone());
            self.source_of.push(group);
            self.hits
                .extend(analysis.hits.into_iter().map(|hit| HitRecord {
                    document: number,
                    ..hit
                }));
        }
    }

    /// Adds one document's counts (as `merge` reads them back); returns its group's index.
    pub fn add_counts(&mut self, info: &DocumentInfo, counts: &DocumentCounts) -> usize {
        let group = self.group_index(info);
        let summary = &mut self.sources[group];
        summary.articles += usize::from(!info.continues);
        summary.words += counts.words;
        let last = &mut self.last_file[group];
        if last.as_deref() != Some(info.file.as_str()) {
            summary.file_count += 1;
            if self.list_files {
                summary.files.push(info.file.clone());
            }
            *last = Some(info.file.clone());
            self.first_file[group].get_or_insert_with(|| info.file.clone());
        }
        for (key, count) in &counts.counts {
            summarise(&mut self.sources[group], key, count.count, self.lexicons);
            self.tallies
                .add(key.term, group, key.voice, key.lean.as_deref(), count);
        }
        group
    }

    fn group_index(&mut self, info: &DocumentInfo) -> usize {
        if self.group_by == GroupBy::Source
            && let Some(&index) = self.index.get(&info.source)
        {
            return index;
        }
        let key = group_key(self.group_by, &info.source, info.date.as_deref());
        if let Some(&index) = self.index.get(&key) {
            return index;
        }
        self.new_group(key)
    }

    /// Adds a group named `key`; returns its index.
    fn new_group(&mut self, key: String) -> usize {
        self.index.insert(key.clone(), self.sources.len());
        self.sources.push(SourceSummary {
            name: key,
            ..SourceSummary::default()
        });
        self.last_file.push(None);
        self.first_file.push(None);
        self.sources.len() - 1
    }

    /// Adds what `later` built from the articles that follow this builder's, as if this
    /// builder had read them too.
    pub fn absorb(&mut self, later: &Builder<'a>) {
        let mut group_of = Vec::with_capacity(later.sources.len());
        let files = later.last_file.iter().zip(&later.first_file);
        for (summary, (last_file, first_file)) in later.sources.iter().zip(files) {
            let group = match self.index.get(&summary.name) {
                Some(&group) => group,
                None => self.new_group(summary.name.clone()),
            };
            group_of.push(group);
            // A file whose articles run on from this builder's into `later`'s counts once.
            let runs_on = first_file.is_some() && self.last_file[group] == *first_file;
            if last_file.is_some() {
                self.last_file[group].clone_from(last_file);
            }
            if self.first_file[group].is_none() {
                self.first_file[group].clone_from(first_file);
            }
            self.sources[group].absorb(summary, runs_on);
        }
        self.tallies.absorb(&later.tallies, &group_of);
        let documents = self.origins.len();
        self.origins.extend_from_slice(&later.origins);
        self.source_of
            .extend(later.source_of.iter().map(|&group| group_of[group]));
        self.hits.extend(later.hits.iter().map(|hit| HitRecord {
            document: hit.document + documents,
            ..hit.clone()
        }));
    }

    /// The finished comparison. Date groupings list groups in key order.
    pub fn finish(self) -> Comparison {
        let order: Vec<usize> = if self.group_by == GroupBy::Source {
            (0..self.sources.len()).collect()
        } else {
            self.index.values().copied().collect()
        };
        let mut position = vec![0; order.len()];
        for (new, old) in order.iter().enumerate() {
            position[*old] = new;
        }
        let rows = build_rows(self.tallies, &position, self.lexicons);
        let sources = order.iter().map(|&old| self.sources[old].clone()).collect();
        let source_of = self.source_of.iter().map(|old| position[*old]).collect();
        Comparison {
            sources,
            rows,
            hits: self.hits,
            source_of,
            origins: self.origins,
        }
    }
}

fn summarise(source: &mut SourceSummary, key: &VariantKey, count: usize, lexicons: &LexiconSet) {
    let loaded = lexicons.is_loaded(key.term, key.lean.as_deref());
    match key.voice {
        Voice::Own => {
            if let Some(lean) = &key.lean {
                super::add_count(&mut source.own_by_lean, lean, count);
            }
            source.loaded_own += count * usize::from(loaded);
        }
        Voice::Quoted => source.loaded_quoted += count * usize::from(loaded),
    }
}

/// The rows of the comparison, tallies consumed as they are turned into variants;
/// `position` gives each group's place in the report.
fn build_rows(tallies: Tallies, position: &[usize], lexicons: &LexiconSet) -> Vec<ConceptRow> {
    let mut rows = Vec::new();
    let mut tallies = tallies.into_variants().peekable();
    // One concept's tallies, so that each cell is made at its size: a large run has
    // hundreds of thousands of variants, and cells grown one push at a time would leave
    // spare room, or the holes of their reallocations, in each.
    let mut pending = Vec::new();
    while let Some(first) = tallies.peek() {
        let concept = first.variant.term.concept_ref();
        pending.extend(std::iter::from_fn(|| {
            tallies.next_if(|next| next.variant.term.concept_ref() == concept)
        }));
        let mut sizes = vec![0; position.len()];
        for tallied in &pending {
            sizes[position[tallied.group]] += 1;
        }
        let mut cells: Vec<Cell> = sizes
            .into_iter()
            .map(|size| Cell {
                variants: Vec::with_capacity(size),
            })
            .collect();
        for tallied in pending.drain(..) {
            cells[position[tallied.group]]
                .variants
                .push(tallied.variant);
        }
        // The tallies ran by lean number, which is the order leans were first seen; a
        // cell lists its variants by voice, term and lean name.
        for cell in &mut cells {
            cell.variants
                .sort_by(|a, b| (a.voice, a.term, &a.lean).cmp(&(b.voice, b.term, &b.lean)));
        }
        rows.push(ConceptRow {
            concept,
            group: lexicons.concept(concept).kind().group(),
            divergent: diverges(&cells),
            cells,
        });
    }
    rows.sort_by_key(|row| (row.group, row.concept));
    rows
}

/// True when two sources used, in their own voice, different sets of leans.
fn diverges(cells: &[Cell]) -> bool {
    let mut seen: Option<BTreeSet<&str>> = None;
    for leans in cells.iter().map(Cell::own_leans) {
        if leans.is_empty() {
            continue;
        }
        match &seen {
            Some(first) if *first != leans => return true,
            Some(_) => {}
            None => seen = Some(leans),
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse_document;
    use crate::input::{InputSpec, read_all};
    use crate::lexicon::{Format, parse};
    use crate::scan::Scanner;

    #[test]
    fn forms_stay_sorted_and_unique_as_counts_are_added() {
        let mut count = Count::default();
        for form in ["occupied", "Occupied", "occupation", "occupied"] {
            count.add_form(form);
        }
        let other = Count {
            count: 2,
            distanced: 1,
            forms: vec!["occupation".into(), "occupier".into()],
        };
        count.add(&other);
        assert_eq!(
            count.forms,
            ["Occupied", "occupation", "occupied", "occupier"]
        );
        assert_eq!((count.count, count.distanced), (2, 1));
    }

    const LEXICON: &str = r#"
id = "t"
title = "T"
neutral = ["intl"]
[leans]
az = "A"
am = "B"
intl = "I"
[[concepts]]
id = "region"
kind = "territory"
label = "Region"
preferred = "Nagorno-Karabakh"
terms = [{ text = "Nagorno-Karabakh", lean = "intl" }, { text = "Upper Karabakh", lean = "az" }, { text = "Artsakh", lean = "am" }]
[[concepts]]
id = "army"
kind = "actor"
label = "Army"
terms = [{ text = "occupiers", lean = "az" }]
"#;

    fn compare(articles: &[(&str, &str)]) -> (Comparison, LexiconSet) {
        let specs: Vec<InputSpec> = articles
            .iter()
            .map(|(label, _)| InputSpec::parse(&format!("{label}=-")))
            .collect();
        let lexicons = LexiconSet::new(vec![parse(LEXICON, Format::Toml, "t").unwrap()]);
        let scanner = Scanner::new(&lexicons).unwrap();
        let mut documents = Vec::new();
        for (spec, (_, text)) in specs.iter().zip(articles) {
            documents.extend(read_all(std::slice::from_ref(spec), &mut text.as_bytes()).documents);
        }
        let analyses = documents
            .iter()
            .enumerate()
            .map(|(i, d)| analyse_document(i, d, &scanner, &lexicons))
            .collect();
        (Comparison::new(&documents, analyses, &lexicons), lexicons)
    }

    #[test]
    fn rows_group_by_kind_and_mark_divergence() {
        let (comparison, _) = compare(&[
            (
                "Wire",
                "Fighting in Nagorno-Karabakh. Nagorno-Karabakh again.",
            ),
            (
                "State",
                "Fighting in Upper Karabakh. “Expel the occupiers,” he said.",
            ),
        ]);
        let ids: Vec<usize> = comparison.rows.iter().map(|r| r.concept.concept).collect();
        assert_eq!(ids, [1, 0], "actors come before territory");
        let region = &comparison.rows[1];
        assert!(region.divergent);
        assert_eq!(region.cells[0].variants[0].count, 2);
        let army = &comparison.rows[0];
        assert!(!army.divergent, "a quoted use alone does not diverge");
        assert_eq!(army.cells[1].variants[0].voice, Voice::Quoted);
    }

    #[test]
    fn forms_hold_one_inline_and_several_in_order() {
        assert!(Forms::default().is_empty());
        let one = Forms::from_sorted(vec![Arc::from("occupied")]);
        assert_eq!(one.as_slice(), [Arc::from("occupied")]);
        let several = ["occupation", "occupied"].map(Arc::from);
        assert_eq!(Forms::from_sorted(several.to_vec()).as_slice(), several);
        assert!(std::mem::size_of::<Forms>() <= std::mem::size_of::<Vec<Arc<str>>>());
    }

    #[test]
    fn counts_taken_from_hits_equal_counts_copied_from_them() {
        let lexicons = LexiconSet::new(vec![parse(LEXICON, Format::Toml, "t").unwrap()]);
        let scanner = Scanner::new(&lexicons).unwrap();
        let text = "Upper\nKarabakh and Upper Karabakh, \"Artsakh\", upper  karabakh. Artsakh.";
        let spec = InputSpec::parse("Wire=-");
        let documents = read_all(std::slice::from_ref(&spec), &mut text.as_bytes()).documents;
        let analysis = analyse_document(0, &documents[0], &scanner, &lexicons);
        let copied = DocumentCounts::of(&analysis);
        let taken = DocumentCounts::from_hits(analysis.words, analysis.hits.clone());
        assert_eq!(taken, copied);
        let forms: Vec<&str> = copied
            .counts
            .values()
            .flat_map(|c| &c.forms)
            .map(String::as_str)
            .collect();
        assert!(forms.contains(&"Upper Karabakh"), "{forms:?}");
        assert!(forms.contains(&"upper karabakh"), "{forms:?}");
    }

    #[test]
    fn a_cell_lists_leans_by_name_whatever_order_they_came_in() {
        let lexicons = LexiconSet::new(vec![parse(LEXICON, Format::Toml, "t").unwrap()]);
        let term = TermRef {
            lexicon: 0,
            concept: 0,
            term: 1,
        };
        let mut builder = Builder::new(&lexicons, GroupBy::Source, false);
        for (lean, uses) in [("intl", 1), ("az", 2), ("intl", 3)] {
            let key = VariantKey {
                term,
                voice: Voice::Own,
                lean: Some(lean.into()),
            };
            let count = Count {
                count: uses,
                distanced: 0,
                forms: vec!["upper karabakh".into()],
            };
            let counts = DocumentCounts {
                words: 10,
                counts: BTreeMap::from([(key, count)]),
            };
            let info = DocumentInfo {
                source: "Wire".into(),
                file: "wire.jsonl".into(),
                date: None,
                continues: false,
            };
            builder.add_counts(&info, &counts);
        }
        let comparison = builder.finish();
        let variants = &comparison.rows[0].cells[0].variants;
        let leans: Vec<(&str, usize)> = variants
            .iter()
            .map(|v| (v.lean.as_deref().unwrap(), v.count))
            .collect();
        assert_eq!(leans, [("az", 2), ("intl", 4)]);
    }

    /// Adds an empty article of `source` read from `file`.
    fn add_article(builder: &mut Builder<'_>, source: &str, file: &str) {
        let info = DocumentInfo {
            source: source.into(),
            file: file.into(),
            date: None,
            continues: false,
        };
        builder.add_counts(&info, &DocumentCounts::default());
    }

    #[test]
    fn files_are_counted_per_group_and_listed_only_when_asked() {
        let lexicons = LexiconSet::new(vec![parse(LEXICON, Format::Toml, "t").unwrap()]);
        let articles = [
            ("Wire", "corpus.jsonl"),
            ("State", "corpus.jsonl"),
            ("Wire", "corpus.jsonl"),
            ("Wire", "wire/a.txt"),
            ("Wire", "wire/b.txt"),
            ("State", "state/c.txt"),
        ];
        for list in [true, false] {
            let mut builder = Builder::new(&lexicons, GroupBy::Source, false).list_files(list);
            for (source, file) in articles {
                add_article(&mut builder, source, file);
            }
            let comparison = builder.finish();
            let [wire, state] = &comparison.sources[..] else {
                panic!("two sources");
            };
            assert_eq!((wire.articles, wire.file_count), (4, 3));
            assert_eq!((state.articles, state.file_count), (2, 2));
            if list {
                assert_eq!(wire.files, ["corpus.jsonl", "wire/a.txt", "wire/b.txt"]);
                assert_eq!(state.files, ["corpus.jsonl", "state/c.txt"]);
            } else {
                assert!(wire.files.is_empty() && state.files.is_empty());
            }
        }
    }

    #[test]
    fn a_builder_absorbing_a_later_one_equals_one_builder_over_all() {
        let lexicons = LexiconSet::new(vec![parse(LEXICON, Format::Toml, "t").unwrap()]);
        let scanner = Scanner::new(&lexicons).unwrap();
        let articles = [
            ("Wire", "c.jsonl", "Fighting in Nagorno-Karabakh."),
            ("State", "c.jsonl", "Upper Karabakh, upper  karabakh."),
            ("Wire", "c.jsonl", "“Artsakh,” he said. Nagorno-Karabakh."),
            ("Post", "p.txt", "The occupiers left Upper Karabakh."),
            ("Wire", "w.txt", "So-called “Artsakh”. UPPER KARABAKH."),
            ("State", "c.jsonl", "Artsakh and the occupiers."),
            ("Daily", "d.txt", "Nothing here."),
        ];
        let documents: Vec<Document> = articles
            .iter()
            .map(|(source, file, text)| Document::whole(source, file, text))
            .collect();
        let build = |range: std::ops::Range<usize>| {
            let mut builder = Builder::new(&lexicons, GroupBy::Source, true);
            for (i, document) in documents[range.clone()].iter().enumerate() {
                let analysis = analyse_document(range.start + i, document, &scanner, &lexicons);
                builder.add(document, analysis);
            }
            builder
        };
        let whole = format!("{:?}", build(0..documents.len()).finish());
        for first in 0..=documents.len() {
            for second in first..=documents.len() {
                let mut builder = build(0..first);
                builder.absorb(&build(first..second));
                builder.absorb(&build(second..documents.len()));
                assert_eq!(
                    format!("{:?}", builder.finish()),
                    whole,
                    "split at {first}, {second}"
                );
            }
        }
    }

    #[test]
    fn files_of_one_source_are_aggregated_and_summarised() {
        let (comparison, _) = compare(&[
            ("State", "Upper Karabakh is calm."),
            ("State", "Upper Karabakh and Nagorno-Karabakh."),
            ("Wire", "Nagorno-Karabakh."),
        ]);
        assert_eq!(comparison.sources.len(), 2);
        let state = &comparison.sources[0];
        assert_eq!(state.articles, 2);
        assert_eq!(state.files, ["-"], "file paths are listed once");
        assert_eq!(state.file_count, 1);
        assert_eq!(state.words, 8);
        assert_eq!(state.own_by_lean["az"], 2);
        assert_eq!(state.own_by_lean["intl"], 1);
        assert_eq!(state.loaded_own, 2);
        assert!((state.loaded_per_thousand() - 250.0).abs() < 1e-9);
        assert!(
            comparison.rows[0].divergent,
            "State mixes az and intl, Wire only intl"
        );
    }

    #[test]
    fn sources_with_the_same_leans_do_not_diverge() {
        let (comparison, _) = compare(&[("A", "Artsakh."), ("B", "Artsakh, Artsakh.")]);
        assert!(!comparison.rows[0].divergent);
    }
}
