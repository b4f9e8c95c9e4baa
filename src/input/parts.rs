//! The inputs as a sequence of parts that can each be read on their own: a file, stdin, or
//! (when asked) a stretch of a large JSON Lines file. [`plan`] walks directories and
//! patterns lazily, in the order [`read_each`](super::read_each) reads them; [`read`] reads
//! one part, on whatever thread holds it.

use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::corpus::{self, CorpusKind};
use super::{Event, InputSpec, ReadOptions, files_under, is_pattern, is_readable_kind, read_path};
use crate::error::Error;

/// One part of the inputs, in input order.
#[derive(Debug)]
pub enum Part {
    /// A file, read whole (or in segments, if large), like any file named on the command
    /// line when `named`.
    File {
        /// Index of the input it belongs to.
        spec: usize,
        /// The file.
        path: PathBuf,
        /// Whether the user named it, rather than a directory or pattern holding it.
        named: bool,
        /// Whether it is read from start to end by one thread and may be large: a CSV or
        /// TSV file, or a named file larger than the split size (read in segments).
        stream: bool,
    },
    /// The lines of a JSON Lines file that start within `bytes`. Its records are numbered
    /// from the part's first line: a [`Tracker`] numbers them on.
    Lines {
        /// Index of the input it belongs to.
        spec: usize,
        /// The file.
        path: PathBuf,
        /// Where the part's lines start.
        bytes: Range<u64>,
    },
    /// Standard input.
    Stdin {
        /// Index of the input it belongs to.
        spec: usize,
    },
    /// An input that cannot be read, found while walking the inputs.
    Error(Error),
    /// The end of a directory or pattern: an error if no article came from it.
    End(End),
}

/// The end of a directory or pattern, judged once its parts are read: it is an error for
/// one to give no article.
#[derive(Debug)]
pub struct End {
    /// Index of the input.
    spec: usize,
    /// The directory or pattern.
    path: PathBuf,
    /// For a pattern, how many files it matched.
    matched: Option<usize>,
}

impl End {
    /// The error to report when the input gave `documents` articles, if any.
    fn verdict(&self, documents: usize) -> Option<Error> {
        let reason = match self.matched {
            _ if documents > 0 => return None,
            None => format!(
                "no readable article files in this directory (looked for .{}, .{} and corpus files .{})",
                super::TEXT_EXTENSIONS.join(", ."),
                super::HTML_EXTENSIONS.join(", ."),
                super::CORPUS_EXTENSIONS.join(", .")
            ),
            Some(0) => "no file matches this pattern".into(),
            Some(matched) => {
                format!("{matched} file(s) match this pattern, but none holds a readable article")
            }
        };
        Some(Error::Input {
            path: self.path.clone(),
            reason,
        })
    }
}

impl Part {
    /// Whether the part is read record by record (or segment by segment) from start to end
    /// and may be large: a CSV or TSV file, a large file named by the user, or stdin.
    pub fn is_stream(&self) -> bool {
        match self {
            Part::File { stream, .. } => *stream,
            Part::Stdin { .. } => true,
            _ => false,
        }
    }

    /// Index of the input the part belongs to (`None` for an error found while walking).
    pub fn spec(&self) -> Option<usize> {
        match self {
            Part::File { spec, .. } | Part::Lines { spec, .. } | Part::Stdin { spec } => {
                Some(*spec)
            }
            Part::End(end) => Some(end.spec),
            Part::Error(_) => None,
        }
    }
}

/// Hands every part of the inputs to `each`, in input order, walking directories as it
/// goes. With `split`, a JSON Lines file larger than that is cut into parts of that many
/// bytes.
pub fn plan(specs: &[InputSpec], split: Option<u64>, each: &mut dyn FnMut(Part)) {
    for (index, spec) in specs.iter().enumerate() {
        match &spec.path {
            None => each(Part::Stdin { spec: index }),
            Some(path) if path.is_dir() => plan_dir(index, path, split, each),
            Some(path) if !path.exists() && is_pattern(path) => {
                plan_pattern(index, path, split, each);
            }
            Some(path) => plan_file(index, path.clone(), true, split, each),
        }
    }
}

fn plan_dir(spec: usize, dir: &Path, split: Option<u64>, each: &mut dyn FnMut(Part)) {
    for file in files_under(dir) {
        match file {
            Ok(path) if is_readable_kind(&path) => plan_file(spec, path, false, split, each),
            Ok(_) => {}
            Err(error) => each(Part::Error(error)),
        }
    }
    each(Part::End(End {
        spec,
        path: dir.to_path_buf(),
        matched: None,
    }));
}

/// The files a glob pattern matches, in name order: `*` stays within one directory, `**`
/// crosses any number of them. Expanding here, not in the shell, also keeps a pattern over
/// a whole archive clear of the shell's limit on the length of a command line.
fn plan_pattern(spec: usize, pattern: &Path, split: Option<u64>, each: &mut dyn FnMut(Part)) {
    let text = pattern.to_str().expect("is_pattern checked it is UTF-8");
    let matcher = match globset::GlobBuilder::new(text)
        .literal_separator(true)
        .build()
    {
        Ok(glob) => glob.compile_matcher(),
        Err(err) => {
            return each(Part::Error(Error::Input {
                path: pattern.to_path_buf(),
                reason: format!("not a file, and not a valid glob pattern: {}", err.kind()),
            }));
        }
    };
    // The walk starts at the deepest directory the pattern names literally.
    let base: PathBuf = pattern
        .components()
        .take_while(|part| !is_pattern(Path::new(part.as_os_str())))
        .collect();
    let base = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };
    let mut matched = 0;
    // A missing directory before the pattern matches nothing; it is not a second error.
    let walk = base.is_dir().then(|| files_under(&base));
    for file in walk.into_iter().flatten() {
        let path = match file {
            Ok(path) => path,
            Err(error) => {
                each(Part::Error(error));
                continue;
            }
        };
        // Paths under `.` come back as `./x`; the pattern names them as `x`.
        let relative = if base == Path::new(".") && !text.starts_with("./") {
            path.strip_prefix(".").unwrap_or(&path)
        } else {
            &path
        };
        if matcher.is_match(relative) {
            matched += 1;
            plan_file(spec, path, false, split, each);
        }
    }
    each(Part::End(End {
        spec,
        path: pattern.to_path_buf(),
        matched: Some(matched),
    }));
}

/// One file as one part, or a large JSON Lines file as several. Only a JSON Lines file or a
/// plain file the user named is measured: a directory's many articles are not, and a CSV or
/// TSV file is a stream whatever its size.
fn plan_file(
    spec: usize,
    path: PathBuf,
    named: bool,
    split: Option<u64>,
    each: &mut dyn FnMut(Part),
) {
    let kind = CorpusKind::of_path(&path);
    let lines = kind == Some(CorpusKind::JsonLines);
    let delimited = matches!(kind, Some(CorpusKind::Csv | CorpusKind::Tsv));
    let size = match split {
        Some(_) if lines || (named && !delimited) => {
            std::fs::metadata(&path).map_or(0, |meta| meta.len())
        }
        _ => 0,
    };
    match split {
        Some(part) if part > 0 && size > part && lines => {
            let mut start = 0;
            while start < size {
                let end = size.min(start + part);
                each(Part::Lines {
                    spec,
                    path: path.clone(),
                    bytes: start..end,
                });
                start = end;
            }
        }
        _ => {
            let large = split.is_some_and(|part| size > part);
            each(Part::File {
                spec,
                path,
                named,
                stream: delimited || large,
            });
        }
    }
}

/// What reading one part gave besides its articles and warnings.
#[derive(Debug, Default)]
pub struct PartRead {
    /// Index of the input the part belongs to (`None` for an error found while walking).
    spec: Option<usize>,
    /// Articles it gave.
    documents: usize,
    /// For a stretch of a JSON Lines file: whether it is the file's first, and how many
    /// lines it held.
    stretch: Option<(bool, usize)>,
    /// The end of a directory or pattern.
    end: Option<End>,
}

/// Reads one part, handing each document, warning and error to `emit`. `stdin` is read for
/// [`Part::Stdin`].
pub fn read(
    part: Part,
    specs: &[InputSpec],
    stdin: &mut dyn Read,
    options: &ReadOptions,
    emit: &mut dyn FnMut(Event),
) -> PartRead {
    let mut documents = 0;
    let mut counting = |event: Event| {
        documents += usize::from(matches!(event, Event::Document(_)));
        emit(event);
    };
    let spec = part.spec();
    let mut read = PartRead::default();
    match part {
        Part::File {
            spec, path, named, ..
        } => {
            read_path(&specs[spec], &path, named, options, &mut counting);
        }
        Part::Lines { spec, path, bytes } => {
            let first = bytes.start == 0;
            let lines = read_lines(&specs[spec], &path, bytes, options, &mut counting);
            read.stretch = Some((first, lines));
        }
        Part::Stdin { spec } => super::read_stdin(&specs[spec], stdin, options, &mut counting),
        Part::Error(error) => counting(Event::Error(error)),
        Part::End(end) => read.end = Some(end),
    }
    PartRead {
        spec,
        documents,
        ..read
    }
}

/// Reads a stretch of a JSON Lines file; returns the number of lines in it.
fn read_lines(
    spec: &InputSpec,
    path: &Path,
    bytes: Range<u64>,
    options: &ReadOptions,
    emit: &mut dyn FnMut(Event),
) -> usize {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        // The first part tells; the others would only repeat it.
        Err(source) if bytes.start == 0 => {
            emit(super::read_failed(path, source));
            return 0;
        }
        Err(_) => return 0,
    };
    let origin = path.display().to_string();
    let result = corpus::read_json_lines_part(
        file,
        bytes,
        &origin,
        &options.columns,
        spec.label.as_deref(),
        &mut |record| emit(record.into()),
    );
    result.unwrap_or_else(|error| {
        emit(Event::Error(error));
        0
    })
}

/// Follows the parts of a run in input order, after each was read: counts the articles of
/// each input, to tell a directory or pattern that gave none, and numbers the records of
/// the stretches of a JSON Lines file on from each other.
#[derive(Debug, Default)]
pub struct Tracker {
    /// Articles per input so far.
    documents: Vec<usize>,
    /// Lines in the stretches of the current JSON Lines file so far.
    lines_before: usize,
}

/// What the [`Tracker`] makes of one part.
#[derive(Debug)]
pub struct Followed {
    /// The number to add to the part's record numbers.
    pub records_after: usize,
    /// The error that the end of a directory or pattern without articles calls for.
    pub error: Option<Error>,
}

impl Tracker {
    /// Takes the next part's outcome.
    pub fn follow(&mut self, read: PartRead) -> Followed {
        if let Some(spec) = read.spec {
            if self.documents.len() <= spec {
                self.documents.resize(spec + 1, 0);
            }
            self.documents[spec] += read.documents;
        }
        let mut records_after = 0;
        if let Some((first, lines)) = read.stretch {
            if first {
                self.lines_before = 0;
            }
            records_after = self.lines_before;
            self.lines_before += lines;
        }
        let error = read
            .end
            .and_then(|end| end.verdict(self.documents[end.spec]));
        Followed {
            records_after,
            error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What reading gave, as comparable text: each article's source and text, and each
    /// warning and error.
    fn read_in_parts(specs: &[InputSpec], split: Option<u64>) -> Vec<String> {
        let mut seen = Vec::new();
        let mut tracker = Tracker::default();
        plan(specs, split, &mut |part| {
            let mut events = Vec::new();
            let read = read(
                part,
                specs,
                &mut std::io::empty(),
                &ReadOptions::default(),
                &mut |e| events.push(e),
            );
            let followed = tracker.follow(read);
            for event in events {
                seen.push(match event {
                    Event::Document(d) => format!("{}: {}", d.source, d.text),
                    Event::Warning(w) => w.records_on(followed.records_after).to_string(),
                    Event::Error(e) => e.records_on(followed.records_after).to_string(),
                });
            }
            seen.extend(followed.error.map(|e| e.to_string()));
        });
        seen
    }

    fn spec(path: &Path) -> InputSpec {
        InputSpec::parse(path.to_str().unwrap())
    }

    #[test]
    fn stretches_of_a_json_lines_file_read_as_the_whole_file_does() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.jsonl");
        // A byte order mark, CRLF, blank lines, a bad line, lines far longer than a part,
        // and no newline at the end.
        let long = "word ".repeat(40);
        let mut text = String::from("\u{feff}");
        for n in 0..12 {
            text.push_str(&format!(
                "{{\"outlet\":\"o{n}\",\"text\":\"t{n} {}\"}}",
                &long[..n * 17]
            ));
            text.push_str(match n % 4 {
                0 => "\r\n",
                1 => "\n\n",
                2 => "\nnot json\n",
                _ => "\n",
            });
        }
        text.push_str("{\"outlet\":\"last\",\"text\":\"end\"}");
        std::fs::write(&path, &text).unwrap();
        let specs = [spec(&path)];
        let whole = read_in_parts(&specs, None);
        assert_eq!(
            whole
                .iter()
                .filter(|s| s.contains("not json") || s.contains("record"))
                .count(),
            3
        );
        assert_eq!(whole.len(), 16, "{whole:#?}");
        for split in 1..=text.len() as u64 + 1 {
            assert_eq!(
                read_in_parts(&specs, Some(split)),
                whole,
                "parts of {split} bytes"
            );
        }
    }

    #[test]
    fn parts_read_from_start_to_end_by_one_thread_are_streams() {
        let dir = tempfile::tempdir().unwrap();
        let mut specs = Vec::new();
        for (name, bytes) in [
            ("big.txt", 5000),
            ("small.txt", 10),
            ("c.csv", 10),
            ("d.jsonl", 5000),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, "x".repeat(bytes)).unwrap();
            specs.push(spec(&path));
        }
        specs.push(spec(dir.path()));
        specs.push(InputSpec::parse("-"));
        let mut streams = Vec::new();
        plan(&specs, Some(4096), &mut |part| {
            let name = match &part {
                Part::File { path, .. } | Part::Lines { path, .. } => {
                    path.file_name().unwrap().to_string_lossy().into_owned()
                }
                Part::Stdin { .. } => "-".into(),
                _ => return,
            };
            streams.push((name, part.is_stream()));
        });
        let expected = [
            ("big.txt", true),
            ("small.txt", false),
            ("c.csv", true),
            ("d.jsonl", false),
            ("d.jsonl", false),
            // Files in a directory are not measured: only named ones.
            ("big.txt", false),
            ("c.csv", true),
            ("d.jsonl", false),
            ("d.jsonl", false),
            ("small.txt", false),
            ("-", true),
        ];
        let expected: Vec<(String, bool)> = expected
            .iter()
            .map(|(name, stream)| (name.to_string(), *stream))
            .collect();
        assert_eq!(streams, expected);
    }

    #[test]
    fn a_directory_or_pattern_without_articles_is_an_error_after_its_parts() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Text.").unwrap();
        std::fs::write(dir.path().join("b.txt"), [0u8, 1, 2]).unwrap();
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let specs = [
            spec(&dir.path().join("*.txt")),
            spec(&dir.path().join("b*.txt")),
            spec(&empty),
        ];
        let mut kinds = Vec::new();
        plan(&specs, None, &mut |part| {
            kinds.push(match part {
                Part::File { spec, .. } => format!("file {spec}"),
                Part::End(end) => format!("end {} {:?}", end.spec, end.matched),
                other => format!("{other:?}"),
            })
        });
        assert_eq!(
            kinds,
            [
                "file 0",
                "file 0",
                "end 0 Some(2)",
                "file 1",
                "end 1 Some(1)",
                "end 2 None"
            ]
        );
        let seen = read_in_parts(&specs, None);
        assert_eq!(seen[0], "a: Text.");
        assert!(seen[1].contains("binary"), "{seen:?}");
        assert!(seen[2].contains("binary"), "{seen:?}");
        assert!(
            seen[3].contains("1 file(s) match this pattern, but none"),
            "{seen:?}"
        );
        assert!(seen[4].contains("no readable article files"), "{seen:?}");
        assert_eq!(seen.len(), 5);
    }
}
