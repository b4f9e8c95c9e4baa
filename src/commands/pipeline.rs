//! The corpus pipeline of `compare`, two ways: [`fold`] adds up articles in parts read
//! apart on every thread, for a pass that keeps nothing per article; [`run`] reads the
//! inputs as a stream, analyses articles in parallel chunks (rayon) and hands the results
//! back in input order. Either way memory holds a few parts or chunks at a time, whatever
//! the corpus size.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::input::parts::{self, Part};
use crate::input::{Document, Event, InputSpec, ReadOptions, read_each};
use crate::lexicon::period::PartialDate;

use super::Console;

/// Articles per parallel chunk, at most.
const CHUNK_ARTICLES: usize = 256;
/// Bytes of text per parallel chunk, at most (beyond one large article).
const CHUNK_BYTES: usize = 4 << 20;

/// Whether a chunk of `articles` articles of `bytes` bytes of text is to be handed on.
fn chunk_is_full(articles: usize, bytes: usize) -> bool {
    articles >= CHUNK_ARTICLES || bytes >= CHUNK_BYTES
}

/// Chunks the workers may analyse while the sink takes the results of an earlier one: with
/// one, the workers wait whenever the sink is the slower.
const CHUNKS_AHEAD: usize = 2;

/// Bytes of a large JSON Lines file read as one part by [`fold`].
const PART_BYTES: u64 = 4 << 20;

/// Parts read by one thread in a row for [`fold`], unless one is a stretch of a JSON Lines
/// file: each such run is added up into a total of its own, then merged.
const LEAF_PARTS: usize = 256;

/// Runs of parts that [`fold`] plans ahead of the workers, and that the workers read ahead
/// of the merging.
const LEAVES_AHEAD: usize = 4;

/// Runs shorter than this show no progress bar.
const PROGRESS_DELAY: Duration = Duration::from_secs(1);

/// Where the articles come from, readable more than once (stdin is kept in memory).
pub(super) struct Inputs {
    specs: Vec<InputSpec>,
    stdin: Vec<u8>,
    options: ReadOptions,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
    /// Bytes of a large JSON Lines file that [`fold`] reads as one part.
    part_bytes: u64,
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
    /// Inputs, and records of corpus files, that could not be read.
    pub(super) errors: Vec<Error>,
    /// Odd things about inputs that were still read.
    pub(super) warnings: Vec<crate::error::Warning>,
}

impl PassReport {
    /// Notes one event of reading; gives back the article, if it is one to analyse.
    fn take(&mut self, event: Event, inputs: &Inputs) -> Option<Document> {
        match event {
            Event::Document(document) => {
                // Later segments of a large file are parts of an article counted already.
                let new_article = usize::from(!document.segment.continues());
                match inputs.in_range(&document) {
                    Some(true) => self.articles += new_article,
                    Some(false) => {
                        self.out_of_range += new_article;
                        return None;
                    }
                    None => {
                        self.undated += new_article;
                        self.articles += new_article;
                    }
                }
                return Some(document);
            }
            Event::Warning(warning) => self.warnings.push(warning),
            Event::Error(error) => self.errors.push(error),
        }
        None
    }

    /// Adds the report of the next part of the inputs, whose records are numbered on by
    /// `records_after`.
    fn absorb(&mut self, part: PassReport, records_after: usize) {
        self.articles += part.articles;
        self.out_of_range += part.out_of_range;
        self.undated += part.undated;
        let on = |warning: crate::error::Warning| warning.records_on(records_after);
        self.warnings.extend(part.warnings.into_iter().map(on));
        let on = |error: Error| error.records_on(records_after);
        self.errors.extend(part.errors.into_iter().map(on));
    }
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
            part_bytes: PART_BYTES,
        })
    }

    /// Hands every article (date filter applied) to `each`; warnings and errors are
    /// returned in the report.
    pub(super) fn for_each(&self, each: &mut dyn FnMut(Document)) -> PassReport {
        let mut report = PassReport::default();
        let mut stdin = self.stdin.as_slice();
        read_each(&self.specs, &mut stdin, &self.options, &mut |event| {
            if let Some(document) = report.take(event, self) {
                each(document);
            }
        });
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

/// How [`fold`] adds up articles.
pub(super) struct Summing<'f, A> {
    /// A total of no articles.
    pub(super) empty: &'f (dyn Fn() -> A + Sync),
    /// Adds one article to a total.
    pub(super) add: &'f (dyn Fn(&mut A, &Document) + Sync),
    /// Adds to the total of some articles the total of the articles that follow them.
    pub(super) merge: &'f (dyn Fn(&mut A, &A) + Sync),
}

/// Reads the inputs and adds up every article into a total, for a pass that keeps nothing
/// of an article but what it adds to the total.
///
/// With more than one thread, the inputs are cut into parts (files, stdin, stretches of a
/// large JSON Lines file), and each part is read, analysed and added up by one thread, into
/// a total of that thread's, so that no article crosses from one thread to another. The
/// totals are merged in input order. The records of a stretch are numbered from its
/// start, so `add` must not keep an article's origin; the warnings are numbered right.
/// With one thread, everything runs on the calling thread, one article at a time.
pub(super) fn fold<A: Send>(
    inputs: &Inputs,
    progress: bool,
    summing: &Summing<'_, A>,
) -> (A, PassReport) {
    if rayon::current_num_threads() > 1 {
        return fold_in_parts(inputs, progress, summing);
    }
    let mut total = (summing.empty)();
    let report = run_inline(inputs, progress, &|_| (), &mut |document, ()| {
        (summing.add)(&mut total, document);
        Ok(())
    });
    (total, report.expect("adding up does not fail"))
}

/// [`fold`] on several threads: parts planned on a thread of their own, read in leaves by
/// the workers, and their totals merged in input order on the calling thread.
fn fold_in_parts<A: Send>(
    inputs: &Inputs,
    progress: bool,
    summing: &Summing<'_, A>,
) -> (A, PassReport) {
    let progress = std::sync::Mutex::new(Progress::new(progress));
    let mut total = (summing.empty)();
    let mut report = PassReport::default();
    let mut tracker = parts::Tracker::default();
    // Takes the next leaf's results, in input order.
    let mut take = |(sum, reads): LeafResults<A>| {
        (summing.merge)(&mut total, &sum);
        for (read, part_report) in reads {
            let followed = tracker.follow(read);
            report.absorb(part_report, followed.records_after);
            report.errors.extend(followed.error);
        }
        sum
    };
    std::thread::scope(|scope| {
        let (leaves, planned) = std::sync::mpsc::sync_channel::<Vec<Part>>(LEAVES_AHEAD);
        scope.spawn(move || plan_leaves(inputs, &leaves));
        rayon::in_place_scope(|pool| {
            // Leaves handed to the workers and not yet taken, oldest first.
            let mut pending = VecDeque::new();
            let mut take_oldest = |pending: &mut VecDeque<LeafReceiver<A>>| {
                if let Some(oldest) = pending.pop_front() {
                    let sum = take(oldest.recv().expect("a leaf job sends its results"));
                    // Freed by a worker: freed here, the workers' memory would go into
                    // this thread's cache of free blocks, the total would grow into it,
                    // and neither could be given back or reused for the report.
                    pool.spawn(move |_| drop(sum));
                }
            };
            for leaf in planned {
                let (done, results) = std::sync::mpsc::sync_channel(1);
                let progress = &progress;
                pool.spawn(move |_| {
                    let _ = done.send(read_leaf(inputs, leaf, progress, summing));
                });
                pending.push_back(results);
                if pending.len() > LEAVES_AHEAD {
                    take_oldest(&mut pending);
                }
            }
            while !pending.is_empty() {
                take_oldest(&mut pending);
            }
        });
    });
    progress
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .finish();
    (total, report)
}

/// Where the results of one leaf arrive.
type LeafReceiver<A> = std::sync::mpsc::Receiver<LeafResults<A>>;

/// Reads the parts of one leaf in order, adding their articles to `sum`. A part that only
/// one thread can read, and that may be large (a CSV or TSV file, stdin), is read in chunks
/// of articles that every thread helps to add up.
fn read_leaf<A: Send>(
    inputs: &Inputs,
    leaf: Vec<Part>,
    progress: &std::sync::Mutex<Progress>,
    summing: &Summing<'_, A>,
) -> LeafResults<A> {
    let mut sum = (summing.empty)();
    let reads = leaf
        .into_iter()
        .map(|part| {
            if part.is_stream() {
                return read_in_chunks(inputs, part, progress, &mut sum, summing);
            }
            let (mut articles, mut bytes) = (0, 0);
            let read = read_part(inputs, part, &mut |document| {
                articles += 1;
                bytes += document.text.len();
                (summing.add)(&mut sum, &document);
            });
            advance(progress, articles, bytes);
            read
        })
        .collect();
    (sum, reads)
}

/// Reads a part in chunks of articles, each added up by whichever thread is free, and merged
/// into `sum` in order. The reading thread waits while enough chunks are under way, doing
/// the pool's work meanwhile: it never blocks a worker.
fn read_in_chunks<A: Send>(
    inputs: &Inputs,
    part: Part,
    progress: &std::sync::Mutex<Progress>,
    sum: &mut A,
    summing: &Summing<'_, A>,
) -> (parts::PartRead, PassReport) {
    let in_order = std::sync::Mutex::new(InOrder {
        sum,
        next: 0,
        waiting: BTreeMap::new(),
    });
    let under_way = AtomicUsize::new(0);
    let most = CHUNKS_AHEAD + rayon::current_num_threads();
    rayon::scope(|scope| {
        let (in_order, under_way) = (&in_order, &under_way);
        let mut chunks = 0;
        let mut send = |chunk: Vec<Document>, bytes: usize| {
            while under_way.load(Ordering::Acquire) >= most {
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    std::thread::yield_now();
                }
            }
            under_way.fetch_add(1, Ordering::AcqRel);
            let number = chunks;
            chunks += 1;
            scope.spawn(move |_| {
                let mut total = (summing.empty)();
                for document in &chunk {
                    (summing.add)(&mut total, document);
                }
                advance(progress, chunk.len(), bytes);
                if let Ok(mut in_order) = in_order.lock() {
                    in_order.take(number, total, summing.merge);
                }
                under_way.fetch_sub(1, Ordering::AcqRel);
            });
        };
        let mut chunk = Vec::new();
        let mut bytes = 0;
        let read = read_part(inputs, part, &mut |document| {
            bytes += document.text.len();
            chunk.push(document);
            if chunk_is_full(chunk.len(), bytes) {
                send(std::mem::take(&mut chunk), std::mem::take(&mut bytes));
            }
        });
        send(chunk, bytes);
        read
    })
}

/// Totals of numbered chunks, merged into a sum in the chunks' order as they come in.
struct InOrder<'s, A> {
    sum: &'s mut A,
    /// The number of the next chunk to merge.
    next: usize,
    /// Totals that came in before an earlier chunk's.
    waiting: BTreeMap<usize, A>,
}

impl<A> InOrder<'_, A> {
    /// Takes the total of chunk `number`, merging what can be merged.
    fn take(&mut self, number: usize, total: A, merge: &dyn Fn(&mut A, &A)) {
        self.waiting.insert(number, total);
        while let Some(total) = self.waiting.remove(&self.next) {
            merge(self.sum, &total);
            self.next += 1;
        }
    }
}

/// Counts articles read by a worker in the progress bar.
fn advance(progress: &std::sync::Mutex<Progress>, articles: usize, bytes: usize) {
    if let Ok(mut progress) = progress.lock() {
        progress.advance(articles as u64, bytes);
    }
}

/// What one thread made of a leaf: the total of its articles, and what each part gave.
type LeafResults<A> = (A, Vec<(parts::PartRead, PassReport)>);

/// Plans the parts of the inputs and sends them on in leaves: a stretch of a JSON Lines
/// file alone, other parts in runs of up to [`LEAF_PARTS`].
fn plan_leaves(inputs: &Inputs, leaves: &std::sync::mpsc::SyncSender<Vec<Part>>) {
    let mut leaf = Vec::new();
    parts::plan(&inputs.specs, Some(inputs.part_bytes), &mut |part| {
        let alone = matches!(part, Part::Lines { .. });
        if alone && !leaf.is_empty() {
            let _ = leaves.send(std::mem::take(&mut leaf));
        }
        leaf.push(part);
        if alone || leaf.len() == LEAF_PARTS {
            let _ = leaves.send(std::mem::take(&mut leaf));
        }
    });
    if !leaf.is_empty() {
        let _ = leaves.send(leaf);
    }
}

/// Reads one part of the inputs for [`fold`], handing each article in range to `each`.
fn read_part(
    inputs: &Inputs,
    part: Part,
    each: &mut dyn FnMut(Document),
) -> (parts::PartRead, PassReport) {
    let mut report = PassReport::default();
    // Standard input is read once, by the first `-`, as when reading in order.
    let mut stdin = match part {
        Part::Stdin { spec }
            if inputs.specs.iter().position(|s| s.path.is_none()) == Some(spec) =>
        {
            inputs.stdin.as_slice()
        }
        _ => &[],
    };
    let read = parts::read(
        part,
        &inputs.specs,
        &mut stdin,
        &inputs.options,
        &mut |event| {
            if let Some(document) = report.take(event, inputs) {
                each(document);
            }
        },
    );
    (read, report)
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
        progress.advance(1, document.text.len());
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
        progress.advance(1, document.text.len());
        chunk.push(document);
        if chunk_is_full(chunk.len(), bytes) {
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

    /// Counts `articles` more articles of `bytes` bytes in all.
    fn advance(&mut self, articles: u64, bytes: usize) {
        let before = self.articles;
        self.articles += articles;
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
        // Every 256 articles.
        if let Some(bar) = &self.bar
            && before >> 8 != self.articles >> 8
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
    use std::path::Path;

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
            part_bytes: PART_BYTES,
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

    /// What `seen` makes of each article, folded on two threads, then read in order on
    /// one; each with its report.
    fn folded_and_in_order(
        inputs: &Inputs,
        seen: &(dyn Fn(&Document) -> String + Sync),
    ) -> [(Vec<String>, PassReport); 2] {
        let folded = pool(2).install(|| {
            fold(
                inputs,
                false,
                &Summing {
                    empty: &Vec::new,
                    add: &|all: &mut Vec<String>, document| all.push(seen(document)),
                    merge: &|all, later| all.extend_from_slice(later),
                },
            )
        });
        let mut in_order = Vec::new();
        let report = inputs.for_each(&mut |document| in_order.push(seen(&document)));
        [folded, (in_order, report)]
    }

    #[test]
    fn folding_in_parts_on_two_threads_adds_up_as_reading_in_order_does() {
        let dir = tempfile::tempdir().unwrap();
        let mut lines = String::new();
        for n in 0..300 {
            let date = format!("2020-{:02}-01", n % 12 + 1);
            lines.push_str(&match n % 50 {
                7 => "{not json\n".to_string(),
                9 => format!("{{\"outlet\":\"o{n}\"}}\n"),
                _ => format!(
                    "{{\"outlet\":\"o{}\",\"date\":\"{date}\",\"text\":\"t{n}\"}}\n",
                    n % 7
                ),
            });
        }
        std::fs::write(dir.path().join("b.jsonl"), &lines).unwrap();
        // A CSV file is read by one thread, in chunks that both threads add up.
        let mut rows = String::from("outlet,date,text\n");
        for n in 0..600 {
            rows.push_str(&format!(
                "c{},2020-{:02}-02,\"row, {n}\"\n",
                n % 5,
                n % 12 + 1
            ));
        }
        std::fs::write(dir.path().join("f.csv"), &rows).unwrap();
        for name in ["a.txt", "c.md", "d.txt"] {
            std::fs::write(dir.path().join(name), format!("Text of {name}.")).unwrap();
        }
        std::fs::write(dir.path().join("e.txt"), [0u8, 1, 2]).unwrap();
        let spec = |path: &Path| InputSpec::parse(path.to_str().unwrap());
        let inputs = Inputs {
            specs: vec![spec(dir.path()), spec(&dir.path().join("missing.txt"))],
            stdin: Vec::new(),
            options: ReadOptions::default(),
            since: PartialDate::parse("2020-03"),
            until: None,
            part_bytes: 200,
        };
        let seen = |document: &Document| format!("{}: {}", document.source, document.text);
        let [(folded, report), (in_order, expected)] = folded_and_in_order(&inputs, &seen);
        assert_eq!(folded, in_order);
        // 300 records: 6 not JSON (errors), 6 without text (warnings), 48 dated before
        // March; 3 text files and a binary one (a warning); 600 rows, 100 of them dated
        // before March; a missing file (an error).
        assert_eq!(folded.len(), 240 + 3 + 500);
        assert_eq!(format!("{report:?}"), format!("{expected:?}"));
        assert_eq!(
            (report.articles, report.out_of_range, report.undated),
            (743, 148, 3)
        );
        assert_eq!((report.warnings.len(), report.errors.len()), (7, 7));
    }

    #[test]
    fn a_large_named_file_is_folded_in_chunks_of_segments_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.txt");
        let text: String = (0..3000)
            .map(|n| format!("Paragraph {n} of the book.\n\n"))
            .collect();
        std::fs::write(&path, &text).unwrap();
        let inputs = Inputs {
            specs: vec![InputSpec::parse(path.to_str().unwrap())],
            stdin: Vec::new(),
            options: ReadOptions {
                segment_bytes: Some(256),
                ..ReadOptions::default()
            },
            since: None,
            until: None,
            part_bytes: 4096,
        };
        let seen = |document: &Document| document.text.clone();
        let [(folded, report), (in_order, expected)] = folded_and_in_order(&inputs, &seen);
        // More segments than one chunk holds, in order, making up the whole file.
        assert!(folded.len() > CHUNK_ARTICLES, "{} segments", folded.len());
        assert_eq!(folded, in_order);
        assert_eq!(folded.concat(), text);
        assert_eq!(format!("{report:?}"), format!("{expected:?}"));
        assert_eq!(report.articles, 1);
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
