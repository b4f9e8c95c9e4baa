//! Reading inputs into [`Document`]s: files, directories (recursively), `-` for stdin, and
//! `LABEL=PATH` to name a source. Decodes the bytes, reads front matter, and names the
//! source (label, else front matter `outlet:` or `source:`, else the file stem).
//!
//! Unreadable inputs become errors and odd ones warnings; the other inputs are still read.

pub mod corpus;
mod decode;
pub mod front_matter;
pub mod html;
mod html_tree;
mod json_record;
pub mod parts;
mod segments;

use std::collections::BTreeMap;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use decode::Decoded;
pub use segments::{SEGMENT_BYTES, Segment};

use crate::error::{Error, Warning};

/// File extensions read when walking a directory.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "text"];

/// One article, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The source (outlet) it belongs to.
    pub source: String,
    /// Where it came from: a path as given, or `-` for stdin.
    pub origin: String,
    /// The whole text, front matter included, so offsets match the file.
    pub text: String,
    /// The article body: the text after the front matter.
    pub body: Range<usize>,
    /// Front matter keys and values.
    pub meta: BTreeMap<String, String>,
    /// Which part of its article this is: the whole of it, unless a file too large to
    /// hold at once is read in segments.
    pub segment: Segment,
}

impl Document {
    /// `text` as a whole article as it stands: no front matter, all of it body.
    pub fn whole(source: &str, origin: &str, text: &str) -> Self {
        Document {
            source: source.to_string(),
            origin: origin.to_string(),
            text: text.to_string(),
            body: 0..text.len(),
            meta: BTreeMap::new(),
            segment: Segment::default(),
        }
    }
}

/// Everything read from the inputs of one run.
#[derive(Debug, Default)]
pub struct Inputs {
    /// The documents, in input order (directory entries sorted by name).
    pub documents: Vec<Document>,
    /// Things worth telling that did not stop a file from being read.
    pub warnings: Vec<Warning>,
    /// Inputs that could not be read at all, and corpus records that could not be read.
    pub errors: Vec<Error>,
}

/// One command-line input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputSpec {
    /// A source name given with `LABEL=PATH`.
    pub label: Option<String>,
    /// The path, or `None` for stdin.
    pub path: Option<PathBuf>,
}

impl InputSpec {
    /// Reads an argument: `-`, `PATH`, `LABEL=PATH` or `LABEL=-`.
    ///
    /// An argument that names an existing file is a path even if it contains `=`.
    pub fn parse(arg: &str) -> InputSpec {
        let plain = |path: &str| (path != "-").then(|| PathBuf::from(path));
        if !Path::new(arg).exists()
            && let Some((label, path)) = arg.split_once('=')
            && !label.is_empty()
            && !path.is_empty()
        {
            return InputSpec {
                label: Some(label.to_string()),
                path: plain(path),
            };
        }
        InputSpec {
            label: None,
            path: plain(arg),
        }
    }
}

/// One thing reading the inputs produces.
#[derive(Debug)]
pub enum Event {
    /// An article.
    Document(Document),
    /// Something worth telling that did not stop the reading.
    Warning(Warning),
    /// An input, or one record of a corpus file, that could not be read.
    Error(Error),
}

impl From<corpus::Record> for Event {
    fn from(record: corpus::Record) -> Self {
        match record {
            corpus::Record::Document(document) => Event::Document(document),
            corpus::Record::Warning(warning) => Event::Warning(warning),
            corpus::Record::Unreadable(error) => Event::Error(error),
        }
    }
}

/// How inputs are read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Column names for CSV, TSV and JSON Lines corpora.
    pub columns: corpus::Columns,
    /// Read stdin as a corpus of this kind instead of as one article.
    pub stdin_corpus: Option<corpus::CorpusKind>,
    /// Read a plain-text file larger than this in segments of about this size, so memory
    /// does not grow with the file (`None`: every file whole, as `check` needs).
    pub segment_bytes: Option<usize>,
}

/// Reads every input; `stdin` is used for `-`.
pub fn read_all(specs: &[InputSpec], stdin: &mut dyn Read) -> Inputs {
    let mut inputs = Inputs::default();
    read_each(
        specs,
        stdin,
        &ReadOptions::default(),
        &mut |event| match event {
            Event::Document(document) => inputs.documents.push(document),
            Event::Warning(warning) => inputs.warnings.push(warning),
            Event::Error(error) => inputs.errors.push(error),
        },
    );
    inputs
}

/// Reads every input in order, handing each document, warning and error to `emit` as
/// soon as it is read: nothing is kept, so memory is bounded by the largest article.
pub fn read_each(
    specs: &[InputSpec],
    stdin: &mut dyn Read,
    options: &ReadOptions,
    emit: &mut dyn FnMut(Event),
) {
    let mut tracker = parts::Tracker::default();
    parts::plan(specs, None, &mut |part| {
        let read = parts::read(part, specs, stdin, options, emit);
        if let Some(error) = tracker.follow(read).error {
            emit(Event::Error(error));
        }
    });
}

fn read_stdin(
    spec: &InputSpec,
    stdin: &mut dyn Read,
    options: &ReadOptions,
    emit: &mut dyn FnMut(Event),
) {
    if let Some(kind) = options.stdin_corpus {
        read_corpus(stdin, "-", kind, spec, options, emit);
        return;
    }
    let path = Path::new("-");
    let Some(size) = options.segment_bytes else {
        let mut bytes = Vec::new();
        match stdin.read_to_end(&mut bytes) {
            Ok(_) => add_file(spec, path, &bytes, true, emit),
            Err(source) => emit(read_failed(path, source)),
        }
        return;
    };
    // Read in segments like a large file, so that one long article on stdin does not hold
    // all its hits at once.
    let Some(head) = utf8_head(stdin, spec, path, true, emit) else {
        return;
    };
    let mut stream = std::io::Cursor::new(head).chain(stdin);
    let split = |each: &mut dyn FnMut(segments::RawSegment) -> bool| {
        segments::split(&mut stream, path, size, each)
    };
    emit_segments(spec, path, true, emit, split);
}

/// The first two bytes of `reader`, unless they mark UTF-16: such a text is read whole and
/// emitted here, since segments are cut in UTF-8.
fn utf8_head(
    reader: &mut dyn Read,
    spec: &InputSpec,
    path: &Path,
    named: bool,
    emit: &mut dyn FnMut(Event),
) -> Option<Vec<u8>> {
    let mut head = Vec::with_capacity(2);
    if let Err(source) = reader.take(2).read_to_end(&mut head) {
        emit(read_failed(path, source));
        return None;
    }
    if !matches!(head.as_slice(), [0xFF, 0xFE] | [0xFE, 0xFF]) {
        return Some(head);
    }
    let mut bytes = head;
    match reader.read_to_end(&mut bytes) {
        Ok(_) => add_file(spec, path, &bytes, named, emit),
        Err(source) => emit(read_failed(path, source)),
    }
    None
}

/// Reads one file: a corpus record by record, or one article.
fn read_path(
    spec: &InputSpec,
    path: &Path,
    named: bool,
    options: &ReadOptions,
    emit: &mut dyn FnMut(Event),
) {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(source) => return emit(read_failed(path, source)),
    };
    if let Some(kind) = corpus::CorpusKind::of_path(path) {
        let origin = path.display().to_string();
        return read_corpus(file, &origin, kind, spec, options, emit);
    }
    let size = file.metadata().map_or(0, |meta| meta.len());
    if let Some(segment) = options.segment_bytes
        && size > segment as u64
        && !is_html(path)
    {
        return read_segmented(spec, path, file, size, named, segment, emit);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // Through `Take`, which reads into the room made above: `File::read_to_end` would ask
    // the file system for the size again (statx and lseek), a cost per file that shows in
    // a directory of many small articles. Limited to that size, it also spares the read
    // that finds the end: the file is read as it was when its size was taken. A size of
    // 0 may be a file that does not know its size (a pipe, a file in /proc): read it all.
    let limit = if size == 0 { u64::MAX } else { size };
    match (&mut file).take(limit).read_to_end(&mut bytes) {
        Ok(_) if is_html(path) => add_html(spec, path, &bytes, emit),
        Ok(_) => add_file(spec, path, &bytes, named, emit),
        Err(source) => emit(read_failed(path, source)),
    }
}

/// The error event for a file that could not be opened or read.
fn read_failed(path: &Path, source: std::io::Error) -> Event {
    Event::Error(Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads a corpus record by record, as events.
fn read_corpus(
    reader: impl Read,
    origin: &str,
    kind: corpus::CorpusKind,
    spec: &InputSpec,
    options: &ReadOptions,
    emit: &mut dyn FnMut(Event),
) {
    let label = spec.label.as_deref();
    let result = corpus::read(
        reader,
        origin,
        kind,
        &options.columns,
        label,
        &mut |record| emit(record.into()),
    );
    if let Err(error) = result {
        emit(Event::Error(error));
    }
}

/// HTML file extensions.
const HTML_EXTENSIONS: &[&str] = &["html", "htm"];

fn is_html(path: &Path) -> bool {
    is_listed(extension(path), HTML_EXTENSIONS)
}

/// The extension of `path`, or `""` for none (or one that is not UTF-8).
fn extension(path: &Path) -> &str {
    path.extension().and_then(|ext| ext.to_str()).unwrap_or("")
}

/// Whether `extension` is one of `extensions` (given in lower case), in any case.
fn is_listed(extension: &str, extensions: &[&str]) -> bool {
    extensions
        .iter()
        .any(|known| extension.eq_ignore_ascii_case(known))
}

/// A saved web page: the article body is extracted, and the page's metadata (site name,
/// publication time) stands in for front matter.
fn add_html(spec: &InputSpec, path: &Path, bytes: &[u8], emit: &mut dyn FnMut(Event)) {
    let page = String::from_utf8_lossy(bytes);
    let extracted = match html::extract(&page) {
        Ok(extracted) => extracted,
        Err(html::TooDeep { line }) => {
            emit(Event::Error(Error::Input {
                path: path.to_path_buf(),
                reason: format!(
                    "its elements nest more than {} deep (line {line}), which no article page \
                     does, and parsing such a page takes hours; save the page again, or give \
                     its text as a .txt file",
                    html::MAX_DEPTH
                ),
            }));
            return;
        }
    };
    if extracted.text.trim().is_empty() {
        emit(Event::Warning(Warning {
            origin: path.display().to_string(),
            record: None,
            line: None,
            message: "no article text found in this page".into(),
        }));
    }
    let source = spec
        .label
        .clone()
        .or_else(|| extracted.meta.get("outlet").cloned())
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| stem(path));
    emit(Event::Document(Document {
        source,
        origin: path.display().to_string(),
        body: 0..extracted.text.len(),
        text: extracted.text,
        meta: extracted.meta,
        segment: Default::default(),
    }));
}

/// Every file under `dir`, in name order; a directory entry that cannot be read is an
/// error, and the walk goes on.
fn files_under(dir: &Path) -> impl Iterator<Item = Result<PathBuf, Error>> + '_ {
    walkdir::WalkDir::new(dir)
        // The entries sorted share their directory's path, so whole paths compare as their
        // names do, without cutting each path into components at every comparison.
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_map(move |entry| match entry {
            Ok(entry) => entry.file_type().is_file().then(|| Ok(entry.into_path())),
            Err(err) => {
                let path = err.path().unwrap_or(dir).to_path_buf();
                let source = err
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("loop"));
                Some(Err(Error::Read { path, source }))
            }
        })
}

/// Whether a path that does not exist is a glob pattern the shell left unexpanded (quoted,
/// or from a shell that does not expand them): it has `*`, `?`, `[` or `{`.
fn is_pattern(path: &Path) -> bool {
    path.to_str()
        .is_some_and(|text| text.contains(['*', '?', '[', '{']))
}

/// Corpus file extensions read when walking a directory.
const CORPUS_EXTENSIONS: &[&str] = &["csv", "tsv", "tab", "jsonl", "ndjson"];

fn is_readable_kind(path: &Path) -> bool {
    let extension = extension(path);
    [TEXT_EXTENSIONS, CORPUS_EXTENSIONS, HTML_EXTENSIONS]
        .iter()
        .any(|extensions| is_listed(extension, extensions))
}

/// Decodes one file and emits it; `named` is true when the user named it directly.
fn add_file(spec: &InputSpec, path: &Path, bytes: &[u8], named: bool, emit: &mut dyn FnMut(Event)) {
    if let Some(document) = file_document(spec, path, bytes, named, emit) {
        emit(Event::Document(document));
    }
}

/// A large plain-text file, in segments (see [`segments`]). A file in UTF-16 cannot be
/// cut by bytes and is read whole.
fn read_segmented(
    spec: &InputSpec,
    path: &Path,
    mut file: std::fs::File,
    len: u64,
    named: bool,
    size: usize,
    emit: &mut dyn FnMut(Event),
) {
    let Some(head) = utf8_head(&mut file, spec, path, named, emit) else {
        return;
    };
    let split = |each: &mut dyn FnMut(segments::RawSegment) -> bool| {
        segments::split_file(file, len, head, path, size, each)
    };
    emit_segments(spec, path, named, emit, split);
}

/// Emits the segments `split` cuts an input into as the parts of one article: the first
/// read as a file (front matter, source), the others continuing it.
fn emit_segments(
    spec: &InputSpec,
    path: &Path,
    named: bool,
    emit: &mut dyn FnMut(Event),
    split: impl FnOnce(&mut dyn FnMut(segments::RawSegment) -> bool) -> Result<(), Error>,
) {
    let origin = path.display().to_string();
    let mut article: Option<segments::Article> = None;
    let mut next = Segment::default();
    let result = split(&mut |raw| {
        let document = match &article {
            None => match file_document(spec, path, &raw.bytes, named, emit) {
                Some(document) => document,
                None => return false,
            },
            Some(article) => {
                segments::continuation(raw, article, &origin, next.clone(), &mut |w| {
                    emit(Event::Warning(w))
                })
            }
        };
        article.get_or_insert_with(|| segments::Article {
            source: document.source.clone(),
            meta: document.meta.clone(),
        });
        next = segments::after(&document);
        emit(Event::Document(document));
        true
    });
    if let Err(error) = result {
        emit(Event::Error(error));
    }
}

/// One file's bytes as an article (front matter read, source named); `None` for a binary
/// file, after an error or warning.
fn file_document(
    spec: &InputSpec,
    path: &Path,
    bytes: &[u8],
    named: bool,
    emit: &mut dyn FnMut(Event),
) -> Option<Document> {
    let origin = path.display().to_string();
    let warn = |line, message: String| {
        Event::Warning(Warning {
            origin: origin.clone(),
            record: None,
            line,
            message,
        })
    };
    let text = match decode::decode(bytes) {
        Decoded::Binary if named => {
            emit(Event::Error(Error::Input {
                path: path.to_path_buf(),
                reason: "this looks like a binary file, not text; give a .txt or .md article"
                    .to_string(),
            }));
            return None;
        }
        Decoded::Binary => {
            emit(warn(None, "skipped: looks like a binary file".to_string()));
            return None;
        }
        Decoded::Text {
            text,
            first_invalid_byte,
        } => {
            if let Some(offset) = first_invalid_byte {
                emit(warn(
                    None,
                    format!(
                        "invalid UTF-8 at byte {offset}; bad sequences were replaced with U+FFFD"
                    ),
                ));
            }
            text
        }
    };
    let front = front_matter::parse(&text);
    for (line, message) in &front.problems {
        emit(warn(Some(*line), message.clone()));
    }
    let source = spec
        .label
        .clone()
        .or_else(|| front.meta.get("outlet").cloned())
        .or_else(|| front.meta.get("source").cloned())
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| stem(path));
    Some(Document {
        source,
        origin,
        body: front.body_start..text.len(),
        text,
        meta: front.meta,
        segment: Segment::default(),
    })
}

fn stem(path: &Path) -> String {
    match path.file_stem().and_then(|s| s.to_str()) {
        Some(stem) if path != Path::new("-") => stem.to_string(),
        _ => "stdin".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(specs: &[&str], stdin: &str) -> Inputs {
        let specs: Vec<InputSpec> = specs.iter().map(|s| InputSpec::parse(s)).collect();
        read_all(&specs, &mut stdin.as_bytes())
    }

    #[test]
    fn file_kinds_are_known_by_extension_in_any_case() {
        for readable in [
            "a.TXT",
            "dir/b.Markdown",
            "c.Jsonl",
            "d.HTM",
            "e.tsv",
            "f.Tab",
        ] {
            assert!(is_readable_kind(Path::new(readable)), "{readable}");
        }
        for skipped in ["a.pdf", "b", "c.txt.bak", ".txt"] {
            assert!(!is_readable_kind(Path::new(skipped)), "{skipped}");
        }
        assert!(is_html(Path::new("page.HTML")) && !is_html(Path::new("page.md")));
        let kind = |path| corpus::CorpusKind::of_path(Path::new(path));
        assert_eq!(kind("x.NDJSON"), Some(corpus::CorpusKind::JsonLines));
        assert_eq!(kind("y.Tab"), Some(corpus::CorpusKind::Tsv));
        assert_eq!(kind("z.Csv"), Some(corpus::CorpusKind::Csv));
        assert_eq!(kind("w.txt"), None);
    }

    #[test]
    fn source_names_come_from_label_then_front_matter_then_stem() {
        let dir = tempfile::tempdir().unwrap();
        let with_meta = dir.path().join("a.txt");
        std::fs::write(&with_meta, "---\noutlet: Daily Wire Service\n---\nText.").unwrap();
        let plain = dir.path().join("plain-story.md");
        std::fs::write(&plain, "Text.").unwrap();
        let labelled = format!("Mine={}", plain.display());
        let inputs = read(
            &[
                with_meta.to_str().unwrap(),
                plain.to_str().unwrap(),
                &labelled,
            ],
            "",
        );
        let names: Vec<&str> = inputs.documents.iter().map(|d| d.source.as_str()).collect();
        assert_eq!(names, ["Daily Wire Service", "plain-story", "Mine"]);
        assert_eq!(
            &inputs.documents[0].text[inputs.documents[0].body.clone()],
            "Text."
        );
    }

    #[test]
    fn stdin_is_read_for_a_dash() {
        let inputs = read(&["-", "Wire=-"], "---\nsource: Piped\n---\nBody");
        assert_eq!(inputs.documents[0].source, "Piped");
        assert_eq!(inputs.documents[0].origin, "-");
    }

    #[test]
    fn directories_are_walked_in_name_order_for_text_files_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for name in ["b.txt", "sub/a.md", "C.txt", "a-b.txt", "a.txt"] {
            std::fs::write(dir.path().join(name), name).unwrap();
        }
        std::fs::write(dir.path().join("image.png"), [0x89, 0, 1]).unwrap();
        let inputs = read(&[dir.path().to_str().unwrap()], "");
        let names: Vec<&str> = inputs.documents.iter().map(|d| d.source.as_str()).collect();
        // By bytes: upper case before lower, `-` before `.`; a subdirectory in its place.
        assert_eq!(names, ["C", "a-b", "a", "b", "a"]);
        assert!(inputs.errors.is_empty());
    }

    #[test]
    fn glob_patterns_the_shell_left_alone_are_expanded_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("2023/10")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "B").unwrap();
        std::fs::write(dir.path().join("a.md"), "A").unwrap();
        std::fs::write(dir.path().join("2023/c.txt"), "C").unwrap();
        std::fs::write(dir.path().join("2023/10/d.txt"), "D").unwrap();
        let sources = |pattern: &str| -> (Vec<String>, Vec<String>) {
            let inputs = read(&[&format!("{}/{pattern}", dir.path().display())], "");
            (
                inputs.documents.iter().map(|d| d.source.clone()).collect(),
                inputs.errors.iter().map(ToString::to_string).collect(),
            )
        };
        assert_eq!(sources("*.txt").0, ["b"]);
        assert_eq!(sources("**/*.txt").0, ["d", "c", "b"]);
        assert_eq!(sources("2023/*/*.txt").0, ["d"]);
        assert_eq!(sources("{a.md,b.txt}").0, ["a", "b"]);
        let (none, errors) = sources("*.csv");
        assert!(none.is_empty());
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].contains("*.csv: no file matches this pattern"),
            "{errors:?}"
        );
        let (none, errors) = sources("missing/*.txt");
        assert!(none.is_empty());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("missing/*.txt: no file matches this pattern"));
    }

    #[test]
    fn missing_paths_are_errors_and_the_rest_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.txt");
        std::fs::write(&good, "Text").unwrap();
        let inputs = read(&["/no/such/file.txt", good.to_str().unwrap()], "");
        assert_eq!(inputs.documents.len(), 1);
        assert_eq!(inputs.errors.len(), 1);
        assert!(inputs.errors[0].to_string().contains("/no/such/file.txt"));
    }

    #[test]
    fn saved_pages_give_their_article_and_outlet() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.html");
        std::fs::write(
            &page,
            "<html><head><meta property=\"og:site_name\" content=\"The Wire\"></head><body><nav>Menu</nav><article><h1>Truce &amp; talks</h1><p>Shelling resumed.</p></article></body></html>",
        )
        .unwrap();
        let inputs = read(&[dir.path().to_str().unwrap()], "");
        assert_eq!(inputs.documents.len(), 1);
        assert_eq!(inputs.documents[0].source, "The Wire");
        assert_eq!(
            inputs.documents[0].text,
            "Truce & talks\n\nShelling resumed."
        );
    }

    #[test]
    fn binary_files_named_directly_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let binary = dir.path().join("x.txt");
        std::fs::write(&binary, b"ab\0cd").unwrap();
        let inputs = read(&[binary.to_str().unwrap()], "");
        assert!(inputs.documents.is_empty());
        assert!(inputs.errors[0].to_string().contains("binary"));
    }

    #[test]
    fn an_empty_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = read(&[dir.path().to_str().unwrap()], "");
        assert!(
            inputs.errors[0]
                .to_string()
                .contains("no readable article files")
        );
    }
}
