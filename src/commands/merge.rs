//! `slant merge`: adds up the per-article lines of several `compare --per-article` runs into
//! the report one run over everything would have printed.

use std::io::{BufRead, BufReader};

use crate::analysis::Builder;
use crate::cli::MergeArgs;
use crate::error::{Error, Result};
use crate::lexicon::{LexiconSet, resolve};
use crate::report::per_article::{self, TermIndex};
use crate::report::{self, Format, ReportOptions, TableOptions};

use super::compare::format_of;
use super::{Console, Outcome};

pub(super) fn run(args: &MergeArgs, console: &mut Console<'_>) -> Result<Outcome> {
    let mut lexicons: Option<LexiconSet> = None;
    let mut index = TermIndex::default();
    let mut articles = Vec::new();
    for path in &args.parts {
        let origin = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let mut lines = BufReader::new(file).lines();
        let header = match lines.next() {
            Some(line) => per_article::parse_header(
                &line.map_err(|source| Error::Read {
                    path: path.clone(),
                    source,
                })?,
                &origin,
            )?,
            None => {
                return Err(Error::Input {
                    path: path.clone(),
                    reason: "empty; not a per-article part".into(),
                });
            }
        };
        if lexicons.is_none() {
            let set = load_lexicons(&args.lexicons, &header.lexicons)?;
            index = TermIndex::new(&set);
            lexicons = Some(set);
        }
        for (number, line) in lines.enumerate() {
            let line = line.map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            if line.trim().is_empty() {
                continue;
            }
            // Parts concatenated by a cluster job repeat the header: it must agree.
            if let Ok(again) = per_article::parse_header(&line, &origin) {
                if again.lexicons != header.lexicons {
                    return Err(Error::Input {
                        path: path.clone(),
                        reason: format!(
                            "line {}: these counts use other lexicons ({})",
                            number + 2,
                            again.lexicons.join(", ")
                        ),
                    });
                }
                continue;
            }
            articles.push(per_article::parse_article(
                &line,
                &index,
                &origin,
                number + 2,
            )?);
        }
    }
    let lexicons = lexicons.ok_or_else(|| Error::Usage("no part to merge".into()))?;
    let mut builder = Builder::new(&lexicons, args.group_by, false);
    for (info, counts) in &articles {
        builder.add_counts(info, counts);
    }
    let comparison = builder.finish();
    let format = format_of(args.format);
    if matches!(format, Format::Json) {
        console.note("merged parts carry counts, not hits: the JSON has no `hits`");
    }
    let options = ReportOptions {
        format,
        table: TableOptions {
            color: format == Format::Table && console.color(args.color),
            width: console.width(args.width),
        },
        evidence: false,
    };
    report::render(&comparison, &lexicons, options, console.stdout)?;
    Ok(Outcome::Success)
}

/// The lexicons named with -l, else the built-ins the part's header names.
fn load_lexicons(asked: &[String], named: &[String]) -> Result<LexiconSet> {
    let specs = if asked.is_empty() { named } else { asked };
    Ok(LexiconSet::new(
        specs
            .iter()
            .map(|spec| resolve(spec))
            .collect::<Result<_>>()?,
    ))
}
