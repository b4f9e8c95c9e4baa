//! The corpus pipeline of `compare`: inputs read as a stream, articles analysed in
//! parallel chunks (rayon), results handed back in input order. Memory holds one chunk
//! at a time, whatever the corpus size.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::input::{Document, Event, InputSpec, ReadOptions, read_each};
use crate::lexicon::period::PartialDate;

use super::Console;

/// Articles per parallel chunk, at most.
const CHUNK_ARTICLES: usize = 256;
/// Bytes of text per parallel chunk, at most (beyond one large article).
const CHUNK_BYTES: usize = 4 << 20;

/// Chunks the workers may analyse while the sink takes the results of an earlier one: with
/// one, the workers wait whenever the sink is the slower.
const CHUNKS_AHEAD: usize = 2;

/// Runs shorter than this show no progress bar.
const PROGRESS_DELAY: Duration = Duration::from_secs(1);

/// Where the articles come from, readable more than once (stdin is kept in memory).
pub(super) struct Inputs {
    specs: Vec<InputSpec>,
    stdin: Vec<u8>,
    options: ReadOptions,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
}

/// What a pass over the inputs saw besides the articles.
#[derive(Debug, Default)]
pub(super) struct PassReport {
    /// Articles handed on.
    pub(super) articles: usize,
    /// Articles left out by --since/--until.
    pub(super) out_of_range: usize,
    /// Articles kept although undated, with a date filter on.
    pub(super) undated: usize,
    /// Inputs that could not be read.
    pub(super) errors: Vec<Error>,
    /// Odd things about inputs that were still read.
    pub(super) warnings: Vec<crate::error::Warning>,
}

impl Inputs {
    /// Parses the input arguments; reads stdin now if `-` is among them.
    pub(super) fn new(
        args: &[String],
        options: ReadOptions,
        since: Option<PartialDate>,
        until: Option<PartialDate>,
        console: &mut Console<'_>,
    ) -> Result<Self> {
        let specs: Vec<InputSpec> = args.iter().map(|arg| InputSpec::parse(arg)).collect();
        let mut stdin = Vec::new();
        if specs.iter().any(|spec| spec.path.is_none()) {
            console
                .stdin
                .read_to_end(&mut stdin)
                .map_err(|source| Error::Read {
                    path: "-".into(),
                    source,
                })?;
        }
        Ok(Inputs {
            specs,
            stdin,
            options,
            since,
            until,
        })
    }

    /// Hands every article (date filter applied) to `each`; warnings and errors are
    /// returned in the report.
    pub(super) fn for_each(&self, each: &mut dyn FnMut(Document)) -> PassReport {
        let mut report = PassReport::default();
        let mut stdin = self.stdin.as_slice();
        read_each(
            &self.specs,
            &mut stdin,
            &self.options,
            &mut |event| match event {
                Event::Document(document) => {
                    // Later segments of a large file are parts of an article counted already.
                    let new_article = usize::from(!document.segment.continues());
                    match self.in_range(&document) {
                        Some(true) => {
                            report.articles += new_article;
                            each(document);
                        }
                        Some(false) => report.out_of_range += new_article,
                        None => {
                            report.undated += new_article;
                            report.articles += new_article;
                            each(document);
                        }
                    }
                }
                Event::Warning(warning) => report.warnings.push(warning),
                Event::Error(error) => report.errors.push(error),
            },
        );
        report
    }

    /// Whether the article is within --since/--until; `None` when it has no date to tell.
    fn in_range(&self, document: &Document) -> Option<bool> {
        if self.since.is_none() && self.until.is_none() {
            return Some(true);
        }
        let date = document
            .meta
            .get("date")
            .and_then(|d| PartialDate::parse(d))?;
        let after = self.since.is_none_or(|since| date >= since);
        let before = self.until.is_none_or(|until| date <= until);
        Some(after && before)
    }
}

/// Reads the inputs, runs `analyse` on each article, and gives each article with its
/// result to `sink` in input order.
///
/// With more than one thread, articles are analysed in parallel chunks. Reading runs on its
/// own thread, so the next chunk is read while the last one is analysed; and the sink takes
/// one chunk's results while the workers analyse the next two, so no core waits for it. With
/// one thread (`-j 1`), everything runs on the calling thread, one article at a time.
pub(super) fn run<T: Send>(
    inputs: &Inputs,
    progress: bool,
    analyse: &(dyn Fn(&Document) -> T + Sync),
    sink: &mut dyn FnMut(&Document, T) -> Result<()>,
) -> Result<PassReport> {
    if rayon::current_num_threads() == 1 {
        run_inline(inputs, progress, analyse, sink)
    } else {
        run_parallel(inputs, progress, analyse, sink)
    }
}

/// [`run`] on the calling thread alone.
fn run_inline<T>(
    inputs: &Inputs,
    progress: bool,
    analyse: &dyn Fn(&Document) -> T,
    sink: &mut dyn FnMut(&Document, T) -> Result<()>,
) -> Result<PassReport> {
    let mut progress = Progress::new(progress);
    let mut failure: Option<Error> = None;
    let report = inputs.for_each(&mut |document| {
        progress.advance(document.text.len());
        // After a failure the rest is read (for the report) but neither analysed nor sunk.
        if failure.is_none() {
            let result = analyse(&document);
            failure = sink(&document, result).err();
        }
    });
    progress.finish();
    failure.map_or(Ok(report), Err)
}

/// [`run`] with a reading thread and parallel chunks.
fn run_parallel<T: Send>(
    inputs: &Inputs,
    progress: bool,
    analyse: &(dyn Fn(&Document) -> T + Sync),
    sink: &mut dyn FnMut(&Document, T) -> Result<()>,
) -> Result<PassReport> {
    std::thread::scope(|scope| {
        let (chunks, received) = std::sync::mpsc::sync_channel::<Vec<Document>>(2);
        // Chunks go back to the reader once sunk, so that their memory is freed by the
        // thread that allocated it: freeing another thread's allocations is slow in most
        // allocators, and keeps each thread's cache of free blocks from being reused.
        let (recycle, recycled) = std::sync::mpsc::channel::<Vec<Document>>();
        let reader = scope.spawn(move || read_chunks(inputs, progress, &chunks, &recycled));
        let mut failure: Option<Error> = None;
        // Sinks a chunk's results; false once the sink has failed.
        let mut give = |(chunk, results): (Vec<Document>, Vec<T>)| {
            for (document, result) in chunk.iter().zip(results) {
                if failure.is_none()
                    && let Err(error) = sink(document, result)
                {
                    failure = Some(error);
                }
            }
            // Once the reader is done, the chunk is dropped here instead.
            let _ = recycle.send(chunk);
            failure.is_none()
        };
        rayon::in_place_scope(|pool| {
            // Chunks sent to the workers and not yet sunk, oldest first.
            let mut pending: VecDeque<ChunkResults<T>> = VecDeque::new();
            // After a failure no chunk is analysed any more: leaving the loop drops the
            // channel, so the reader reads on (for the report) and drops what it reads.
            for chunk in received {
                let (done, analysed) = std::sync::mpsc::sync_channel(1);
                pool.spawn(move |_| {
                    let results: Vec<T> = chunk.par_iter().map(analyse).collect();
                    let _ = done.send((chunk, results));
                });
                pending.push_back(analysed);
                if pending.len() > CHUNKS_AHEAD
                    && let Some(oldest) = pending.pop_front()
                    && !give(oldest.recv().expect("an analysis job sends its results"))
                {
                    break;
                }
            }
            for analysed in pending {
                give(analysed.recv().expect("an analysis job sends its results"));
            }
        });
        let report = reader.join().expect("the reading thread does not panic");
        failure.map_or(Ok(report), Err)
    })
}

/// Where the results of one chunk arrive, with the chunk.
type ChunkResults<T> = std::sync::mpsc::Receiver<(Vec<Document>, Vec<T>)>;

/// Reads the inputs into chunks of articles and sends them on.
/// Chunks that come back on `recycled` are dropped here, between articles.
fn read_chunks(
    inputs: &Inputs,
    progress: bool,
    chunks: &std::sync::mpsc::SyncSender<Vec<Document>>,
    recycled: &std::sync::mpsc::Receiver<Vec<Document>>,
) -> PassReport {
    let mut progress = Progress::new(progress);
    let mut chunk: Vec<Document> = Vec::new();
    let mut bytes = 0;
    let report = inputs.for_each(&mut |document| {
        // Each chunk received is dropped at once, here.
        while recycled.try_recv().is_ok() {}
        bytes += document.text.len();
        progress.advance(document.text.len());
        chunk.push(document);
        if chunk.len() >= CHUNK_ARTICLES || bytes >= CHUNK_BYTES {
            // A closed channel means the sink failed; the rest is read and dropped.
            let _ = chunks.send(std::mem::take(&mut chunk));
            bytes = 0;
        }
    });
    if !chunk.is_empty() {
        let _ = chunks.send(chunk);
    }
    progress.finish();
    report
}

/// A progress bar on stderr that appears only on a terminal, after a second.
struct Progress {
    enabled: bool,
    started: Instant,
    bar: Option<ProgressBar>,
    articles: u64,
    bytes: u64,
}

impl Progress {
    fn new(enabled: bool) -> Self {
        Progress {
            enabled,
            started: Instant::now(),
            bar: None,
            articles: 0,
            bytes: 0,
        }
    }

    fn advance(&mut self, bytes: usize) {
        self.articles += 1;
        self.bytes += bytes as u64;
        if self.enabled && self.bar.is_none() && self.started.elapsed() >= PROGRESS_DELAY {
            // Elapsed time counts from the start of the run, not from the bar's first show.
            let bar = ProgressBar::new_spinner().with_elapsed(self.started.elapsed());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .expect("valid template"),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar
            && self.articles.is_multiple_of(256)
        {
            bar.set_message(format!(
                "{} articles, {} MB",
                self.articles,
                self.bytes >> 20
            ));
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::corpus::CorpusKind;

    /// Inputs of `articles` JSON Lines records read from stdin, with sources s0, s1, ...
    fn records(articles: usize) -> Inputs {
        let stdin: String = (0..articles)
            .map(|n| format!("{{\"source\": \"s{n}\", \"text\": \"article {n}\"}}\n"))
            .collect();
        Inputs {
            specs: vec![InputSpec::parse("-")],
            stdin: stdin.into_bytes(),
            options: ReadOptions {
                stdin_corpus: Some(CorpusKind::JsonLines),
                ..ReadOptions::default()
            },
            since: None,
            until: None,
        }
    }

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    /// Runs the pipeline in a pool of `threads`; returns each article's source with the
    /// thread that analysed it, in the order the sink saw them, and the calling thread.
    fn run_in_pool(
        threads: usize,
        inputs: &Inputs,
    ) -> (Vec<(String, std::thread::ThreadId)>, std::thread::ThreadId) {
        pool(threads).install(|| {
            let mut seen = Vec::new();
            let analyse = |_: &Document| std::thread::current().id();
            let report = run(inputs, false, &analyse, &mut |document, thread| {
                seen.push((document.source.clone(), thread));
                Ok(())
            })
            .unwrap();
            assert_eq!(report.articles, seen.len());
            (seen, std::thread::current().id())
        })
    }

    #[test]
    fn one_thread_analyses_on_the_calling_thread_in_order() {
        let inputs = records(1500);
        let (seen, caller) = run_in_pool(1, &inputs);
        assert_in_input_order(&seen, 1500);
        assert!(seen.iter().all(|(_, thread)| *thread == caller));
    }

    #[test]
    fn several_threads_keep_the_input_order() {
        let inputs = records(1500);
        let (seen, _) = run_in_pool(2, &inputs);
        assert_in_input_order(&seen, 1500);
    }

    /// Asserts that the sink saw the sources s0 .. s{articles - 1}, in that order.
    fn assert_in_input_order<T>(seen: &[(String, T)], articles: usize) {
        let sources: Vec<&str> = seen.iter().map(|(source, _)| source.as_str()).collect();
        let expected: Vec<String> = (0..articles).map(|n| format!("s{n}")).collect();
        assert_eq!(sources, expected);
    }

    #[test]
    fn a_failing_sink_stops_the_run_with_its_error_on_any_number_of_threads() {
        let inputs = records(4 * CHUNK_ARTICLES);
        for threads in [1, 2] {
            let mut sunk = 0;
            let analysed = std::sync::atomic::AtomicUsize::new(0);
            let count = |_: &Document| {
                analysed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            };
            let result = pool(threads).install(|| {
                run(&inputs, false, &count, &mut |_, ()| {
                    sunk += 1;
                    if sunk == 10 {
                        Err(Error::Usage("sink failed".into()))
                    } else {
                        Ok(())
                    }
                })
            });
            assert!(matches!(result, Err(Error::Usage(message)) if message == "sink failed"));
            assert_eq!(sunk, 10, "{threads} threads");
            // Nothing is analysed past the chunks already under way when the sink failed.
            let analysed = analysed.into_inner();
            let most = if threads == 1 { 10 } else { 3 * CHUNK_ARTICLES };
            assert!(analysed <= most, "{threads} threads analysed {analysed}");
        }
    }
}
