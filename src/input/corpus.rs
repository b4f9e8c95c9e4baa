//! Corpus files: CSV, TSV and JSON Lines exports from news archives, read record by record
//! so memory stays bounded by the largest article. Columns are found by name, with defaults
//! that match common exports (`text`, `outlet`/`source`/`media_name`, `publish_date`, ...).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;

use bstr::io::BufReadExt;
use serde::de::IgnoredAny;

use crate::error::{Error, Warning};

use super::Document;
use super::json_record::Wanted;

/// Which kind of corpus file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorpusKind {
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// One JSON object per line.
    JsonLines,
}

impl CorpusKind {
    /// The kind a file's extension names, if it is a corpus file.
    pub fn of_path(path: &Path) -> Option<CorpusKind> {
        let extension = super::extension(path);
        [
            (&["csv"][..], CorpusKind::Csv),
            (&["tsv", "tab"], CorpusKind::Tsv),
            (&["jsonl", "ndjson"], CorpusKind::JsonLines),
        ]
        .into_iter()
        .find(|(extensions, _)| super::is_listed(extension, extensions))
        .map(|(_, kind)| kind)
    }
}

/// Column names to use; `None` means the first default that the header has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// The article text.
    pub text: Option<String>,
    /// The outlet.
    pub source: Option<String>,
    /// The publication date.
    pub date: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The record's identifier.
    pub id: Option<String>,
}

const TEXT_DEFAULTS: &[&str] = &["text", "body", "content", "article", "full_text"];
const SOURCE_DEFAULTS: &[&str] = &[
    "outlet",
    "source",
    "media_name",
    "publisher",
    "media",
    "domain",
];
const DATE_DEFAULTS: &[&str] = &[
    "publish_date",
    "date",
    "published",
    "publication_date",
    "pub_date",
];
const TITLE_DEFAULTS: &[&str] = &["title", "headline"];
const ID_DEFAULTS: &[&str] = &["id", "stories_id", "guid", "url"];

/// Where each field is found in a header.
#[derive(Debug, Clone)]
struct Layout {
    text: usize,
    source: Option<usize>,
    date: Option<usize>,
    title: Option<usize>,
    id: Option<usize>,
}

/// What a corpus file yields, one at a time.
pub enum Record {
    /// An article.
    Document(Document),
    /// Something odd about one record that was still read, or that holds no text.
    Warning(Warning),
    /// A record that cannot be read at all (not JSON, not UTF-8, not CSV), left out.
    Unreadable(Error),
}

/// Reads the corpus at `path` (or `reader`), calling `emit` for each record. `label`
/// (from `LABEL=PATH`) names the source of every record. Errors that stop the whole file
/// (a missing text column, unreadable input) are returned.
pub fn read(
    reader: impl Read,
    origin: &str,
    kind: CorpusKind,
    columns: &Columns,
    label: Option<&str>,
    emit: &mut dyn FnMut(Record),
) -> Result<(), Error> {
    match kind {
        CorpusKind::Csv | CorpusKind::Tsv => {
            read_delimited(reader, origin, kind, columns, label, emit)
        }
        CorpusKind::JsonLines => read_json_lines(reader, origin, columns, label, emit),
    }
}

fn read_delimited(
    reader: impl Read,
    origin: &str,
    kind: CorpusKind,
    columns: &Columns,
    label: Option<&str>,
    emit: &mut dyn FnMut(Record),
) -> Result<(), Error> {
    let delimiter = if kind == CorpusKind::Tsv { b'\t' } else { b',' };
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(strip_bom(reader));
    let header: Vec<String> = csv
        .headers()
        .map_err(|err| input_error(origin, format!("cannot read the header row: {err}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let layout = layout(&header, columns, origin)?;
    let mut record = csv::StringRecord::new();
    let mut number = 0;
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                number += 1;
                if record.len() != header.len() && record.get(layout.text).is_some() {
                    emit(Record::Warning(warning(
                        origin,
                        number,
                        format!(
                            "has {} field(s) where the header has {}; fields read by position",
                            record.len(),
                            header.len()
                        ),
                    )));
                }
                let field =
                    |index: Option<usize>| index.and_then(|i| record.get(i)).map(str::to_string);
                let fields = Fields {
                    text: field(Some(layout.text)),
                    source: field(layout.source),
                    date: field(layout.date),
                    title: field(layout.title),
                    id: field(layout.id),
                };
                emit(fields.into_record(origin, number, label));
            }
            Err(err) => {
                number += 1;
                emit(unreadable(
                    origin,
                    number,
                    format!("cannot be read as a record: {err}; left out (fix or remove it)"),
                ));
                if err.is_io_error() {
                    return Ok(());
                }
            }
        }
    }
}

fn read_json_lines(
    reader: impl Read,
    origin: &str,
    columns: &Columns,
    label: Option<&str>,
    emit: &mut dyn FnMut(Record),
) -> Result<(), Error> {
    let reader = BufReader::with_capacity(READ_BUFFER, reader);
    json_lines(reader, 0..u64::MAX, origin, columns, label, emit)
        .map(|_| ())
        .map_err(|source| Error::Read {
            path: origin.into(),
            source,
        })
}

/// Reads the JSON Lines records that start within `bytes` of `file`, so that a large file
/// can be read in parts side by side: a line under way at the start belongs to the part
/// before, a line under way at the end to this one. Records are numbered from the part's
/// first line; returns how many lines the part holds, for the caller to number on.
pub fn read_json_lines_part(
    mut file: std::fs::File,
    bytes: Range<u64>,
    origin: &str,
    columns: &Columns,
    label: Option<&str>,
    emit: &mut dyn FnMut(Record),
) -> Result<usize, Error> {
    let read_error = |source| Error::Read {
        path: origin.into(),
        source,
    };
    let mut start = bytes.start;
    if start > 0 {
        file.seek(SeekFrom::Start(start - 1)).map_err(read_error)?;
    }
    let mut reader = BufReader::with_capacity(READ_BUFFER, file);
    if start > 0 {
        // Ends the line that holds the byte before the part, unless that byte ends it.
        start = start - 1 + reader.skip_until(b'\n').map_err(read_error)? as u64;
    }
    json_lines(reader, start..bytes.end, origin, columns, label, emit).map_err(read_error)
}

/// Reads records from `reader`, which stands at the start of a line at byte `lines.start`
/// of its file, up to the last line that starts before `lines.end`; returns how many lines
/// that was. The file's first line may start with a byte order mark.
fn json_lines(
    mut reader: impl BufRead,
    lines: Range<u64>,
    origin: &str,
    columns: &Columns,
    label: Option<&str>,
    emit: &mut dyn FnMut(Record),
) -> std::io::Result<usize> {
    let names = |chosen: &Option<String>, defaults: &'static [&'static str]| -> Vec<String> {
        match chosen {
            Some(name) => vec![name.clone()],
            None => defaults.iter().map(|s| s.to_string()).collect(),
        }
    };
    let (text, source, date) = (
        names(&columns.text, TEXT_DEFAULTS),
        names(&columns.source, SOURCE_DEFAULTS),
        names(&columns.date, DATE_DEFAULTS),
    );
    let (title, id) = (
        names(&columns.title, TITLE_DEFAULTS),
        names(&columns.id, ID_DEFAULTS),
    );
    let wanted = Wanted::new([&text, &source, &date, &title, &id]);
    let mut number = 0;
    let mut at = lines.start;
    // Lines stay bytes: the JSON parser checks that the strings in them are UTF-8, so a bad
    // line is left out with an error of its own instead of failing the file.
    reader.for_byte_line_with_terminator(|line| {
        if at >= lines.end {
            return Ok(false);
        }
        let first_of_file = at == 0;
        at += line.len() as u64;
        number += 1;
        let line = match first_of_file {
            true => line.strip_prefix(BOM).unwrap_or(line),
            false => line,
        };
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.trim_ascii().is_empty() {
            emit(json_record(line, &wanted, origin, number, label));
        }
        Ok(true)
    })?;
    Ok(number)
}

/// One JSON Lines record as a document, or why it is left out.
fn json_record(
    line: &[u8],
    wanted: &Wanted<'_, 5>,
    origin: &str,
    number: usize,
    label: Option<&str>,
) -> Record {
    // One pass over the line: the wanted fields become text, the rest is skipped.
    let Ok([text, source, date, title, id]) = wanted.read(line) else {
        // Not UTF-8, valid JSON of another kind, or not JSON at all.
        let reason = match (
            std::str::from_utf8(line),
            serde_json::from_slice::<IgnoredAny>(line),
        ) {
            (Err(err), _) => format!(
                "not UTF-8 at byte {} of the line; left out (save the file as UTF-8)",
                err.valid_up_to() + 1
            ),
            (Ok(_), Ok(_)) => {
                "not a JSON object; left out (each line must hold one object)".to_string()
            }
            (Ok(_), Err(err)) => format!(
                "invalid JSON at column {}: {}; left out (fix or remove the line)",
                err.column(),
                crate::error::json_message(&err)
            ),
        };
        return unreadable(origin, number, reason);
    };
    if text.text.is_none() {
        let text_names = wanted.names(0);
        let message = match text.first {
            Some((rank, kind)) => {
                format!("field `{}` is {kind}, not text; skipped", text_names[rank])
            }
            None => format!(
                "no text field (looked for `{}`; set --text-column); skipped",
                text_names.join("`, `")
            ),
        };
        return Record::Warning(warning(origin, number, message));
    }
    let fields = Fields {
        text: text.text,
        source: source.text,
        date: date.text,
        title: title.text,
        id: id.text,
    };
    fields.into_record(origin, number, label)
}

/// One record's fields.
struct Fields {
    text: Option<String>,
    source: Option<String>,
    date: Option<String>,
    title: Option<String>,
    id: Option<String>,
}

impl Fields {
    /// The record as a document: the title (if any) as a first paragraph, then the text.
    fn into_record(self, origin: &str, number: usize, label: Option<&str>) -> Record {
        let Some(body) = self.text else {
            return Record::Warning(warning(
                origin,
                number,
                "the text field is missing; skipped".into(),
            ));
        };
        let mut meta = BTreeMap::new();
        let title = self.title.filter(|t| !t.trim().is_empty());
        let text = match title {
            Some(title) => {
                let mut text = String::with_capacity(title.len() + 2 + body.len());
                text.push_str(title.trim());
                text.push_str("\n\n");
                text.push_str(&body);
                meta.insert("title".to_string(), title);
                text
            }
            None => body,
        };
        for (key, value) in [("date", self.date), ("id", self.id.clone())] {
            if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
                meta.insert(key.to_string(), value);
            }
        }
        let source = label
            .map(str::to_string)
            .or(self.source.filter(|s| !s.trim().is_empty()))
            .unwrap_or_else(|| stem(origin));
        let body: Range<usize> = 0..text.len();
        Record::Document(Document {
            source,
            origin: format!("{origin}#{}", self.id.unwrap_or_else(|| number.to_string())),
            text,
            body,
            meta,
            segment: Default::default(),
        })
    }
}

/// Finds the columns in `header`; the text column must exist.
fn layout(header: &[String], columns: &Columns, origin: &str) -> Result<Layout, Error> {
    let find =
        |chosen: &Option<String>, defaults: &[&str], what: &str| -> Result<Option<usize>, Error> {
            match chosen {
                Some(name) => header
                    .iter()
                    .position(|h| h == name)
                    .map(Some)
                    .ok_or_else(|| {
                        input_error(
                            origin,
                            format!(
                                "no `{name}` column for the {what}; the header has: {}",
                                header.join(", ")
                            ),
                        )
                    }),
                None => Ok(defaults
                    .iter()
                    .find_map(|d| header.iter().position(|h| h.eq_ignore_ascii_case(d)))),
            }
        };
    let text = find(&columns.text, TEXT_DEFAULTS, "text")?.ok_or_else(|| {
        input_error(
            origin,
            format!(
                "no text column (looked for {}); name it with --text-column; the header has: {}",
                TEXT_DEFAULTS.join(", "),
                header.join(", ")
            ),
        )
    })?;
    Ok(Layout {
        text,
        source: find(&columns.source, SOURCE_DEFAULTS, "source")?,
        date: find(&columns.date, DATE_DEFAULTS, "date")?,
        title: find(&columns.title, TITLE_DEFAULTS, "title")?,
        id: find(&columns.id, ID_DEFAULTS, "id")?,
    })
}

/// Bytes read from a corpus file at a time: a few articles, so that most JSON lines are read
/// whole from the buffer instead of copied together from pieces.
const READ_BUFFER: usize = 256 * 1024;

/// Skips a UTF-8 byte order mark at the start of `reader`.
fn strip_bom(reader: impl Read) -> BufReader<impl Read> {
    let mut reader = BufReader::with_capacity(READ_BUFFER, reader);
    if let Ok(start) = reader.fill_buf()
        && start.starts_with(BOM)
    {
        reader.consume(BOM.len());
    }
    reader
}

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn stem(origin: &str) -> String {
    Path::new(origin)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("corpus")
        .to_string()
}

fn warning(origin: &str, record: usize, message: String) -> Warning {
    Warning {
        origin: origin.to_string(),
        record: Some(record),
        line: None,
        message,
    }
}

/// A record left out because it cannot be read, and why.
fn unreadable(origin: &str, record: usize, reason: String) -> Record {
    Record::Unreadable(Error::Record {
        origin: origin.to_string(),
        record,
        reason,
    })
}

fn input_error(origin: &str, reason: String) -> Error {
    Error::Input {
        path: origin.into(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(
        text: impl AsRef<[u8]>,
        kind: CorpusKind,
        columns: &Columns,
    ) -> (Vec<Document>, Vec<String>, Option<Error>) {
        let mut documents = Vec::new();
        // Warnings as they read, and records left out after `error: `, in record order.
        let mut warnings = Vec::new();
        let result = read(
            text.as_ref(),
            "c.csv",
            kind,
            columns,
            None,
            &mut |record| match record {
                Record::Document(d) => documents.push(d),
                Record::Warning(w) => warnings.push(w.to_string()),
                Record::Unreadable(e) => warnings.push(format!("error: {e}")),
            },
        );
        (documents, warnings, result.err())
    }

    #[test]
    fn the_help_names_every_default_column_in_order() {
        use clap::CommandFactory;
        let mut cli = crate::cli::Cli::command();
        let compare = cli
            .find_subcommand_mut("compare")
            .expect("a compare command");
        for (flag, defaults) in [
            ("text_column", TEXT_DEFAULTS),
            ("source_column", SOURCE_DEFAULTS),
            ("date_column", DATE_DEFAULTS),
            ("title_column", TITLE_DEFAULTS),
            ("id_column", ID_DEFAULTS),
        ] {
            let arg = compare.get_arguments().find(|arg| arg.get_id() == flag);
            let help = arg.and_then(|arg| arg.get_help()).expect(flag).to_string();
            assert!(help.contains(&defaults.join(", ")), "{flag}: {help}");
        }
    }

    #[test]
    fn csv_with_quoted_newlines_and_a_bom() {
        let text = "\u{feff}id,media_name,publish_date,title,text\n1,Wire,2020-10-11,Headline,\"First para.\n\nSecond, with \"\"quotes\"\".\"\n2,State,2020-10-12,,Other text\n";
        let (docs, warnings, err) = read_all(text, CorpusKind::Csv, &Columns::default());
        assert!(err.is_none() && warnings.is_empty());
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].source, "Wire");
        assert_eq!(
            docs[0].text,
            "Headline\n\nFirst para.\n\nSecond, with \"quotes\"."
        );
        assert_eq!(docs[0].meta["date"], "2020-10-11");
        assert_eq!(docs[0].origin, "c.csv#1");
        assert_eq!(docs[1].text, "Other text");
    }

    #[test]
    fn tsv_and_named_columns() {
        let text = "body\tpaper\nSome text\tThe Paper\n";
        let columns = Columns {
            text: Some("body".into()),
            source: Some("paper".into()),
            ..Columns::default()
        };
        let (docs, _, err) = read_all(text, CorpusKind::Tsv, &columns);
        assert!(err.is_none());
        assert_eq!(
            (docs[0].source.as_str(), docs[0].text.as_str()),
            ("The Paper", "Some text")
        );
    }

    #[test]
    fn a_missing_text_column_names_the_column_and_the_header() {
        let (_, _, err) = read_all("id,outlet\n1,x\n", CorpusKind::Csv, &Columns::default());
        let message = err.unwrap().to_string();
        assert!(
            message.contains("no text column") && message.contains("the header has: id, outlet"),
            "{message}"
        );
        let named = Columns {
            source: Some("paper".into()),
            ..Columns::default()
        };
        let (_, _, err) = read_all("text,outlet\nx,y\n", CorpusKind::Csv, &named);
        assert!(
            err.unwrap()
                .to_string()
                .contains("no `paper` column for the source")
        );
    }

    #[test]
    fn ragged_rows_are_warnings_and_bad_json_lines_errors_naming_the_record() {
        let (docs, warnings, _) = read_all(
            "outlet,text\nA\nB,fine\n",
            CorpusKind::Csv,
            &Columns::default(),
        );
        assert_eq!(docs.len(), 1);
        assert!(warnings[0].to_string().contains("record 1"), "{warnings:?}");
        let (docs, warnings, _) = read_all(
            "outlet,text\nA,fine,extra\n",
            CorpusKind::Csv,
            &Columns::default(),
        );
        assert_eq!(docs[0].text, "fine");
        assert!(
            warnings[0].to_string().contains("record 1")
                && warnings[0]
                    .to_string()
                    .contains("3 field(s) where the header has 2"),
            "{warnings:?}"
        );
        let (_, warnings, _) = read_all(
            "{\"text\":{\"a\":1}}\n",
            CorpusKind::JsonLines,
            &Columns::default(),
        );
        assert!(
            warnings[0]
                .to_string()
                .contains("field `text` is an object"),
            "{warnings:?}"
        );
        let jsonl = "{\"outlet\":\"A\",\"text\":\"ok\",\"id\":7}\nnot json\n[1,2]\n{\"outlet\":\"B\"}\n{\"outlet\":\"C\",\"text\":5}\n";
        let (docs, warnings, _) = read_all(jsonl, CorpusKind::JsonLines, &Columns::default());
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].origin, "c.csv#7");
        assert_eq!(docs[1].text, "5");
        // Lines that are not JSON objects are left out as errors; a record without text
        // is a warning.
        assert_eq!(
            warnings,
            [
                "error: c.csv, record 2: invalid JSON at column 2: expected ident; \
                 left out (fix or remove the line)",
                "error: c.csv, record 3: not a JSON object; left out (each line must hold \
                 one object)",
                "c.csv, record 4: no text field (looked for `text`, `body`, `content`, \
                 `article`, `full_text`; set --text-column); skipped",
            ]
        );
    }

    #[test]
    fn broken_json_lines_are_placed_by_column_within_their_record() {
        let jsonl =
            "{\"outlet\":\"A\",\"text\":\"ok\"}\r\n{\"outlet\":\"B\",\"text\":\"cut\r\nnot json\n";
        let (docs, warnings, _) = read_all(jsonl, CorpusKind::JsonLines, &Columns::default());
        assert_eq!(docs.len(), 1);
        let messages: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].contains(
                "record 2: invalid JSON at column 25: EOF while parsing a string; left out"
            ),
            "{messages:?}"
        );
        assert!(
            messages[1].contains("record 3: invalid JSON at column 2: expected ident; left out"),
            "{messages:?}"
        );
        assert!(
            messages.iter().all(|m| !m.contains(" at line ")),
            "{messages:?}"
        );
    }

    #[test]
    fn json_lines_with_escaped_keys_and_a_line_that_is_not_utf8() {
        let jsonl = b"{\"outl\\u0065t\":\"A\",\"te\\u0078t\":\"caf\\u00e9 \\\"so-called\\\"\"}\n{\"outlet\":\"B\",\"text\":\"bad \xff byte\"}\n{\"outlet\":\"C\",\"text\":\"fine\"}\n";
        let (docs, warnings, err) = read_all(jsonl, CorpusKind::JsonLines, &Columns::default());
        assert!(err.is_none(), "{err:?}");
        let read: Vec<(&str, &str)> = docs
            .iter()
            .map(|d| (d.source.as_str(), d.text.as_str()))
            .collect();
        assert_eq!(read, [("A", "caf\u{e9} \"so-called\""), ("C", "fine")]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let warning = warnings[0].to_string();
        assert!(
            warning.contains("record 2") && warning.contains("not UTF-8 at byte 27"),
            "{warning}"
        );
    }

    #[test]
    fn lines_are_read_whole_across_buffer_refills() {
        // Longer than the reader's buffer, so each of these lines arrives in pieces.
        let long = "word ".repeat(4_000);
        let jsonl = format!(
            "{{\"outlet\":\"A\",\"text\":\"{long}\"}}\n\n{{\"outlet\":\"B\",\"text\":\"{long}end\"}}"
        );
        let (docs, warnings, err) = read_all(jsonl, CorpusKind::JsonLines, &Columns::default());
        assert!(err.is_none() && warnings.is_empty(), "{err:?} {warnings:?}");
        let read: Vec<(&str, usize)> = docs
            .iter()
            .map(|d| (d.source.as_str(), d.text.len()))
            .collect();
        assert_eq!(read, [("A", long.len()), ("B", long.len() + 3)]);
        assert_eq!(docs[1].origin, "c.csv#3");
    }

    #[test]
    fn json_lines_with_a_bom_crlf_blank_lines_and_no_final_newline() {
        let jsonl = "\u{feff}{\"outlet\":\"A\",\"text\":\"one\"}\r\n\r\n  {\"outlet\":\"B\",\"title\":\"T\",\"text\":\"two\"}  \r\n{\"outlet\":\"C\",\"text\":\"three\"}";
        let (docs, warnings, err) = read_all(jsonl, CorpusKind::JsonLines, &Columns::default());
        assert!(err.is_none() && warnings.is_empty(), "{err:?} {warnings:?}");
        let read: Vec<(&str, &str, &str)> = docs
            .iter()
            .map(|d| (d.source.as_str(), d.text.as_str(), d.origin.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                ("A", "one", "c.csv#1"),
                ("B", "T\n\ntwo", "c.csv#3"),
                ("C", "three", "c.csv#4")
            ]
        );
    }
}
