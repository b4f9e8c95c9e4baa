//! `compare --keyness`: the log-odds keyness of lexicon variants (and, with `--discover`,
//! of every word and bigram) for each group against the other (two groups) or against the
//! rest, rendered after the table or as tidy rows.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use crate::analysis::Comparison;
use crate::analysis::keyness::{GroupCounts, Keyness, Pooled, Prior, log_odds};
use crate::error::Result;
use crate::lexicon::LexiconSet;
use crate::report::{self, Format, ReportOptions};

/// How many items per comparison the table shows.
const TABLE_ITEMS: usize = 10;

/// Word and bigram counts per group key, for `--discover`.
#[derive(Debug, Default)]
pub(super) struct Vocabularies {
    groups: BTreeMap<String, BTreeMap<String, u64>>,
}

impl Vocabularies {
    /// Adds one article's counts to its group.
    pub(super) fn add(&mut self, group: String, counts: BTreeMap<String, u64>) {
        crate::analysis::vocabulary::add(self.groups.entry(group).or_default(), counts);
    }

    /// Adds the counts of `later`.
    pub(super) fn absorb(&mut self, later: &Vocabularies) {
        for (group, counts) in &later.groups {
            let mine = self.groups.entry(group.clone()).or_default();
            for (item, &count) in counts {
                crate::analysis::add_count(mine, item, count);
            }
        }
    }
}

/// One group scored against the other group or the rest.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Scored {
    /// The group.
    group: String,
    /// What it is compared with.
    versus: String,
    /// `variant` (lexicon terms) or `discovered` (words and bigrams).
    items: &'static str,
    /// Items, most typical of `group` first.
    keyness: Vec<Keyness>,
}

/// The prior to use: pooled counts scaled by `scale` when given, else the default.
pub(super) fn prior(scale: Option<f64>) -> Prior {
    match scale {
        Some(scale) => Prior::Pooled { scale },
        None => Prior::default(),
    }
}

/// Scores every group: against the other when there are two, else against the rest.
pub(super) fn compute(
    comparison: &Comparison,
    lexicons: &LexiconSet,
    vocabularies: &Vocabularies,
    prior: &Prior,
    min_count: u64,
) -> Vec<Scored> {
    let variants: Vec<BTreeMap<String, u64>> = (0..comparison.sources.len())
        .map(|group| {
            let mut counts = BTreeMap::new();
            for row in &comparison.rows {
                for variant in &row.cells[group].variants {
                    *counts
                        .entry(lexicons.term(variant.term).text.clone())
                        .or_default() += variant.count as u64;
                }
            }
            counts
        })
        .collect();
    let words: Vec<u64> = comparison.sources.iter().map(|s| s.words as u64).collect();
    let mut scored = score(comparison, &variants, &words, prior, min_count, "variant");
    if !vocabularies.groups.is_empty() {
        let discovered: Vec<BTreeMap<String, u64>> = comparison
            .sources
            .iter()
            .map(|s| {
                vocabularies
                    .groups
                    .get(&s.name)
                    .cloned()
                    .unwrap_or_default()
            })
            .collect();
        scored.extend(score(
            comparison,
            &discovered,
            &words,
            prior,
            min_count,
            "discovered",
        ));
    }
    scored
}

fn score(
    comparison: &Comparison,
    counts: &[BTreeMap<String, u64>],
    totals: &[u64],
    prior: &Prior,
    min_count: u64,
    items: &'static str,
) -> Vec<Scored> {
    let groups: Vec<GroupCounts<'_>> = counts
        .iter()
        .zip(totals)
        .map(|(counts, total)| GroupCounts {
            counts,
            total: *total,
        })
        .collect();
    let names: Vec<&str> = comparison.sources.iter().map(|s| s.name.as_str()).collect();
    match groups.len() {
        0 | 1 => Vec::new(),
        2 => vec![Scored {
            group: names[0].to_string(),
            versus: names[1].to_string(),
            items,
            keyness: log_odds(groups[0].clone(), groups[1].clone(), prior, min_count),
        }],
        _ => {
            let pooled = Pooled::of(&groups);
            (0..groups.len())
                .map(|index| {
                    let (rest, total) = pooled.without(&groups[index]);
                    let others = GroupCounts {
                        counts: &rest,
                        total,
                    };
                    Scored {
                        group: names[index].to_string(),
                        versus: "the rest".to_string(),
                        items,
                        keyness: log_odds(groups[index].clone(), others, prior, min_count),
                    }
                })
                .collect()
        }
    }
}

/// The CSV header of [`Row`]: its fields, in order.
const ROW_HEADER: &[&str] = &[
    "group",
    "versus",
    "items",
    "item",
    "count_group",
    "count_versus",
    "delta",
    "variance",
    "z",
];

/// One tidy keyness row.
#[derive(Debug, Serialize)]
struct Row<'a> {
    group: &'a str,
    versus: &'a str,
    items: &'a str,
    item: &'a str,
    count_group: u64,
    count_versus: u64,
    delta: f64,
    variance: f64,
    z: f64,
}

/// The report with keyness: after the table (table, Markdown), inside the JSON, or as
/// the tidy rows themselves (CSV, JSON Lines).
pub(super) fn render(
    comparison: &Comparison,
    lexicons: &LexiconSet,
    options: ReportOptions,
    scored: &[Scored],
    out: &mut dyn Write,
) -> Result<()> {
    match options.format {
        Format::Csv => {
            let mut writer = report::csv::Rows::new(out, ROW_HEADER)?;
            for row in rows(scored) {
                writer.write(&row)?;
            }
            writer.finish()?;
        }
        Format::Jsonl => {
            for row in rows(scored) {
                serde_json::to_writer(&mut *out, &row).map_err(std::io::Error::from)?;
                writeln!(out)?;
            }
        }
        Format::Json => {
            let mut buffer = Vec::new();
            report::render(comparison, lexicons, options, &mut buffer)?;
            let mut document: serde_json::Value =
                serde_json::from_slice(&buffer).map_err(std::io::Error::from)?;
            document["keyness"] = serde_json::to_value(scored).map_err(std::io::Error::from)?;
            serde_json::to_writer_pretty(&mut *out, &document).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Table | Format::Markdown | Format::Html => {
            report::render(comparison, lexicons, options, out)?;
            write!(
                out,
                "{}",
                text_section(scored, options.format == Format::Markdown)
            )?;
        }
    }
    Ok(())
}

fn rows(scored: &[Scored]) -> impl Iterator<Item = Row<'_>> {
    scored.iter().flat_map(|s| {
        s.keyness.iter().map(move |k| Row {
            group: &s.group,
            versus: &s.versus,
            items: s.items,
            item: &k.item,
            count_group: k.count_i,
            count_versus: k.count_j,
            delta: k.delta,
            variance: k.variance,
            z: k.z,
        })
    })
}

/// The most typical items of each group, as text.
fn text_section(scored: &[Scored], markdown: bool) -> String {
    let mut out = String::new();
    out.push_str(if markdown {
        "\n## Keyness\n\n"
    } else {
        "\nKeyness\n=======\n"
    });
    out.push_str("Log-odds ratio with informative Dirichlet prior (Monroe, Colaresi and Quinn 2008); z above 1.96 is significant at 5%.\n");
    for s in scored {
        let title = format!("{} vs {} ({} items)", s.group, s.versus, s.items);
        out.push_str(&if markdown {
            format!("\n### {title}\n\n| item | count | versus | z |\n| --- | --- | --- | --- |\n")
        } else {
            format!("\n{title}\n")
        });
        for k in s.keyness.iter().filter(|k| k.z > 0.0).take(TABLE_ITEMS) {
            if markdown {
                out.push_str(&format!(
                    "| {} | {} | {} | {:.2} |\n",
                    k.item, k.count_i, k.count_j, k.z
                ));
            } else {
                out.push_str(&format!(
                    "  {:<32} {:>6} {:>6}  z = {:>6.2}\n",
                    k.item, k.count_i, k.count_j, k.z
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_names_the_fields_of_a_keyness_row() {
        let row = Row {
            group: "A",
            versus: "B",
            items: "variant",
            item: "x",
            count_group: 1,
            count_versus: 2,
            delta: 0.5,
            variance: 1.0,
            z: 0.5,
        };
        assert_eq!(report::csv::derived_header(&row), ROW_HEADER.join(","));
    }
}
