//! Replays every input the fuzz targets have failed on (`fuzz/regressions/<target>/`),
//! with the shipped samples and lexicons as seeds, through the same checks the fuzz
//! targets run (`fuzz/fuzz_targets/checks.rs`). Each check panics on a failure.

#[path = "../fuzz/fuzz_targets/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

/// Every file directly inside each of `dirs`, relative to the crate root.
fn files_in(dirs: &[&str]) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in dirs {
        let dir = root.join(dir);
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Runs `check` on every file in `fuzz/regressions/<target>/` and in `seeds`, naming
/// the file if it fails.
fn replay(target: &str, seeds: &[&str], check: fn(&[u8])) {
    let regressions = format!("fuzz/regressions/{target}");
    let recorded = files_in(&[regressions.as_str()]);
    assert!(!recorded.is_empty(), "{regressions} holds no inputs");
    let seeded = files_in(seeds);
    assert!(!seeded.is_empty(), "no seed inputs in {seeds:?}");
    for path in recorded.iter().chain(&seeded) {
        let data = std::fs::read(path).expect("readable input");
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "`{target}` fails on {}", path.display());
    }
}

const TEXT_SEEDS: &[&str] = &["samples/truce-shelling"];

#[test]
fn lexicon_inputs_replay_cleanly() {
    replay(
        "lexicon",
        &[
            "lexicons",
            "tests/fixtures/lexicons",
            "tests/fixtures/lexicons/invalid",
        ],
        checks::lexicon,
    );
}

#[test]
fn front_matter_inputs_replay_cleanly() {
    replay("front_matter", TEXT_SEEDS, checks::front_matter);
}

#[test]
fn voice_inputs_replay_cleanly() {
    replay("voice", TEXT_SEEDS, checks::voice);
}

#[test]
fn scan_inputs_replay_cleanly() {
    replay("scan", TEXT_SEEDS, checks::scan);
}
