//! `slant merge`: adds up the per-article lines of several `compare --per-article` runs into
//! the report one run over everything would have printed.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::analysis::Builder;
use crate::cli::MergeArgs;
use crate::error::{Error, Result};
use crate::lexicon::{LexiconSet, resolve};
use crate::report::per_article::{self, TermIndex};
use crate::report::{self, Format, ReportOptions, TableOptions};

use super::compare::format_of;
use super::{Console, Outcome};

pub(super) fn run(args: &MergeArgs, console: &mut Console<'_>) -> Result<Outcome> {
    let (first, rest) = args
        .parts
        .split_first()
        .ok_or_else(|| Error::Usage("no part to merge".into()))?;
    let part = Part::open(first, &mut *console.stdin)?;
    let lexicons = load_lexicons(&args.lexicons, &part.header.lexicons)?;
    let index = TermIndex::new(&lexicons);
    let named = part.header.lexicons.clone();
    // Articles are added as they are read, so memory holds the tallies, not the parts.
    let format = format_of(args.format);
    let mut builder =
        Builder::new(&lexicons, args.group_by, false).list_files(format.lists_files());
    part.add_to(&mut builder, &index, &named)?;
    for path in rest {
        Part::open(path, &mut *console.stdin)?.add_to(&mut builder, &index, &named)?;
    }
    let comparison = builder.finish();
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

/// One part being read: a file, or stdin for `-`, past its header line.
struct Part<'r> {
    path: PathBuf,
    header: per_article::Header,
    lines: std::io::Lines<Box<dyn BufRead + 'r>>,
}

impl<'r> Part<'r> {
    /// Opens the part at `path` (`-`: `stdin`) and reads its header.
    fn open(path: &Path, stdin: &'r mut dyn Read) -> Result<Self> {
        let reader: Box<dyn BufRead + 'r> = if path.as_os_str() == "-" {
            Box::new(BufReader::new(stdin))
        } else {
            let file = std::fs::File::open(path).map_err(|source| Error::Read {
                path: path.to_path_buf(),
                source,
            })?;
            Box::new(BufReader::new(file))
        };
        let mut lines = reader.lines();
        let Some(line) = lines.next() else {
            return Err(Error::Input {
                path: path.to_path_buf(),
                reason: "empty; not a per-article part".into(),
            });
        };
        let line = line.map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let header = per_article::parse_header(&line, &path.display().to_string())?;
        Ok(Part {
            path: path.to_path_buf(),
            header,
            lines,
        })
    }

    /// Adds every article of the part to `builder`. The part's header, and any header
    /// repeated inside it (parts concatenated by a cluster job), must name the lexicons
    /// `named`, those of the first part.
    fn add_to(self, builder: &mut Builder<'_>, index: &TermIndex, named: &[String]) -> Result<()> {
        let Part {
            path,
            header,
            lines,
        } = self;
        let origin = path.display().to_string();
        same_lexicons(&path, &header, 1, named)?;
        for (number, line) in lines.enumerate() {
            let number = number + 2;
            let line = line.map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            if line.trim().is_empty() {
                continue;
            }
            // Nearly every line is an article, read once; a line that is not one may be a
            // header repeated where parts were concatenated by a cluster job.
            match per_article::parse_article(&line, index, &origin, number) {
                Ok((info, counts)) => {
                    builder.add_counts(&info, &counts);
                }
                Err(not_an_article) => match per_article::parse_header(&line, &origin) {
                    Ok(again) => same_lexicons(&path, &again, number, named)?,
                    Err(_) => return Err(not_an_article),
                },
            }
        }
        Ok(())
    }
}

/// An error unless `header`, at line `number` of the part at `path`, names the lexicons
/// `named`.
fn same_lexicons(
    path: &Path,
    header: &per_article::Header,
    number: usize,
    named: &[String],
) -> Result<()> {
    if header.lexicons == named {
        return Ok(());
    }
    Err(Error::Input {
        path: path.to_path_buf(),
        reason: format!(
            "line {number}: these counts use other lexicons ({}) than the first part ({})",
            header.lexicons.join(", "),
            named.join(", ")
        ),
    })
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
