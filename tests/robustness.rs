//! Bad and odd inputs: each gets a defined answer, the good files' results are unchanged,
//! and nothing panics.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn slant() -> Command {
    Command::cargo_bin("slant").unwrap()
}

const GOOD: &str = "---\noutlet: Good Wire\n---\nFighting in Nagorno-Karabakh went on.\n";

/// A directory of nasty files beside one good article.
fn nasty(dir: &Path) {
    std::fs::write(dir.join("good.txt"), GOOD).unwrap();
    std::fs::write(dir.join("binary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(
        dir.join("latin1.txt"),
        b"Upper Karabakh caf\xe9 Nagorno-Karabakh",
    )
    .unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Artsakh and Upper Karabakh"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(dir.join("utf16.txt"), utf16).unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.join("only-front-matter.md"),
        "---\noutlet: Silent\n---\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("broken-front-matter.md"),
        "---\noutlet: Broken\nno colon here\nUpper Karabakh.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("crlf.txt"),
        "---\r\noutlet: Windows\r\n---\r\nFirst line.\r\nThen Upper Karabakh.\r",
    )
    .unwrap();
    let quotes = "“ « „ \" ' ".repeat(2_000) + " Upper Karabakh";
    std::fs::write(dir.join("quotes.txt"), quotes).unwrap();
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    run_with_stdin(args, String::new())
}

/// Runs slant with `args`, `stdin` on its standard input: exit code, stdout and stderr.
fn run_with_stdin(args: &[&str], stdin: String) -> (Option<i32>, String, String) {
    let out = slant().args(args).write_stdin(stdin).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_directory_of_nasty_files_gets_a_message_per_file_and_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    nasty(dir.path());
    let missing = dir.path().join("missing.txt");
    let (code, stdout, stderr) = run(&[
        "compare",
        dir.path().to_str().unwrap(),
        missing.to_str().unwrap(),
        "-l",
        "nagorno-karabakh",
        "-f",
        "json",
    ]);
    assert_eq!(
        code,
        Some(2),
        "a missing input makes the run fail at the end: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("missing.txt"), "{stderr}");
    assert!(
        stderr.contains("binary.txt: skipped: looks like a binary file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("latin1.txt: invalid UTF-8 at byte 18"),
        "{stderr}"
    );
    assert!(
        stderr.contains("broken-front-matter.md:1: front matter opened with `---` is never closed"),
        "{stderr}"
    );
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let source = |name: &str| {
        doc["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .cloned()
    };
    assert_eq!(
        source("Silent").expect("front matter only is a source")["words"],
        0
    );
    assert_eq!(
        source("empty").expect("an empty file is a source")["words"],
        0
    );
    assert!(source("utf16").is_some());
    let good = source("Good Wire").unwrap();
    assert_eq!(good["words"], 5);
    let crlf = doc["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["source"] == "Windows")
        .unwrap();
    assert_eq!(
        (crlf["line"].as_u64(), crlf["column"].as_u64()),
        (Some(5), Some(6)),
        "CRLF counts as one line end"
    );
    let quoted = doc["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["source"] == "quotes")
        .unwrap();
    assert_eq!(quoted["term"], "Upper Karabakh");

    // The good file alone gives the same hits as among the nasty ones.
    let (_, alone, _) = run(&[
        "compare",
        dir.path().join("good.txt").to_str().unwrap(),
        "-l",
        "nagorno-karabakh",
        "-f",
        "json",
    ]);
    let alone: Value = serde_json::from_str(&alone).unwrap();
    let hits_of = |doc: &Value| {
        doc["hits"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["source"] == "Good Wire")
            .map(|h| h["term"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(hits_of(&alone), hits_of(&doc));
}

#[test]
fn a_binary_file_named_directly_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    nasty(dir.path());
    let (code, _, stderr) = run(&[
        "compare",
        dir.path().join("binary.txt").to_str().unwrap(),
        "-l",
        "nagorno-karabakh",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("binary file") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn a_directory_without_readable_files_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("image.png"), b"\x89PNG").unwrap();
    let (code, _, stderr) = run(&["compare", dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("no readable article files")
            && stderr.contains(dir.path().to_str().unwrap()),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_broken_pipe_ends_quietly() {
    use std::process::{Command as Process, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..3_000 {
        text.push_str(&format!(
            "Paragraph {i} about Upper Karabakh and Nagorno-Karabakh.\n\n"
        ));
    }
    std::fs::write(dir.path().join("long.txt"), text).unwrap();
    let binary = assert_cmd::cargo::cargo_bin("slant");
    let mut child = Process::new(binary)
        .args(["compare", "--evidence", "--color", "never"])
        .arg(dir.path().join("long.txt"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close the pipe, as `| head -c 1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    std::io::Read::read_exact(&mut stdout, &mut byte).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(0));
}

/// Runs slant as an unprivileged user: root reads every file whatever its mode, so as
/// root the binary is started through `setpriv` as `nobody`.
#[cfg(unix)]
fn run_unprivileged(args: &[&std::ffi::OsStr]) -> std::process::Output {
    use std::process::Command as Process;
    let binary = assert_cmd::cargo::cargo_bin("slant");
    let uid = Process::new("id").arg("-u").output().unwrap();
    let mut command = if String::from_utf8_lossy(&uid.stdout).trim() == "0" {
        let mut command = Process::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(binary);
        command
    } else {
        Process::new(binary)
    };
    command
        .args(args)
        .output()
        .expect("slant starts (as root this needs setpriv, from util-linux)")
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_named_and_the_other_inputs_still_count() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let good = dir.path().join("good.txt");
    let secret = dir.path().join("secret.txt");
    std::fs::write(&good, GOOD).unwrap();
    std::fs::write(&secret, "Upper Karabakh").unwrap();
    std::fs::set_permissions(&good, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let output = run_unprivileged(&[
        "compare".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        good.as_os_str(),
        secret.as_os_str(),
    ]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(secret.to_str().unwrap()) && stderr.contains("ermission denied"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let sources = json["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0]["name"], "Good Wire");
}

/// An article of many paragraphs (quotes, scare quotes, CRLF and LF) and one long line.
fn large_article() -> String {
    let mut text = String::from("---\noutlet: Big Wire\ndate: 2020-10-10\n---\n");
    let words = [
        "the",
        "army",
        "said",
        "Upper",
        "Karabakh",
        "and",
        "Nagorno-Karabakh",
        "were",
        "quiet",
        "while",
        "Artsakh",
        "forces",
        "occupied",
        "territories",
        "shelled",
    ];
    for i in 0..1_500usize {
        let sentence: Vec<&str> = (0..5 + i % 23)
            .map(|j| words[(i * 7 + j * 3) % words.len()])
            .collect();
        let mut paragraph = sentence.join(" ");
        if i % 5 == 0 {
            paragraph = format!("“{paragraph},” the minister said.");
        }
        if i % 7 == 0 {
            paragraph.push_str(" The so-called “Artsakh” regime.");
        }
        text.push_str(&paragraph);
        text.push_str(if i % 3 == 0 { "\r\n" } else { "\n\n" });
    }
    text
}

/// Runs `compare` on `path` whole and in segments of 4,000 bytes; asserts the same output.
fn assert_segments_change_nothing(path: &str, format: &[&str]) {
    let mut whole = vec!["compare", "-l", "nagorno-karabakh", path];
    whole.extend_from_slice(format);
    let mut parts = whole.clone();
    parts.extend_from_slice(&["--segment-bytes", "4000"]);
    let (code, expected, _) = run(&whole);
    assert_eq!(code, Some(0));
    let (code, found, stderr) = run(&parts);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(found == expected, "{format:?} differs in segments");
}

#[test]
fn a_file_read_in_segments_gives_the_same_results_as_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.txt");
    std::fs::write(&path, large_article()).unwrap();
    let path = path.to_str().unwrap();
    let formats: [&[&str]; 4] = [
        &["--format", "json"],
        &["--format", "csv"],
        &["--per-article"],
        &["--evidence"],
    ];
    for format in formats {
        assert_segments_change_nothing(path, format);
    }
    // One article, not one per segment.
    let (_, lines, _) = run(&[
        "compare",
        "-l",
        "nagorno-karabakh",
        "--per-article",
        "--segment-bytes",
        "4000",
        path,
    ]);
    assert_eq!(lines.lines().count(), 2, "a header and one article");
}

#[test]
fn a_single_long_line_read_in_segments_counts_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("line.txt");
    let line = "Upper Karabakh and “Artsakh” forces were quiet, said Nagorno-Karabakh officials. ";
    std::fs::write(&path, line.repeat(1_000)).unwrap();
    let path = path.to_str().unwrap();
    let formats: [&[&str]; 2] = [&["--format", "csv"], &["--per-article"]];
    for format in formats {
        assert_segments_change_nothing(path, format);
    }
}

#[test]
fn a_page_nested_deeper_than_browsers_nest_is_refused_and_the_rest_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), GOOD).unwrap();
    let deep = format!(
        "<html><body>\n<article>{}<p>Artsakh.</p></article></body></html>",
        "<div>".repeat(100_000)
    );
    std::fs::write(dir.path().join("deep.html"), deep).unwrap();
    let (code, stdout, stderr) = run(&[
        "compare",
        dir.path().to_str().unwrap(),
        "-l",
        "nagorno-karabakh",
        "-f",
        "csv",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("deep.html: its elements nest more than 512 deep (line 2)"),
        "{stderr}"
    );
    assert!(
        stdout.contains("Good Wire,nagorno-karabakh,region"),
        "{stdout}"
    );
    assert!(!stdout.contains("deep"), "{stdout}");
}

#[test]
fn hits_on_one_long_line_get_their_own_columns_and_short_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("line.txt");
    // No sentence ends: the whole line is one sentence of 24 KB.
    std::fs::write(&path, "Artsakh ".repeat(3_000)).unwrap();
    let (code, stdout, stderr) = run(&[
        "compare",
        path.to_str().unwrap(),
        "-l",
        "nagorno-karabakh",
        "-f",
        "json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let hits = doc["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3_000);
    for (index, hit) in hits.iter().enumerate() {
        assert_eq!(hit["line"], 1);
        assert_eq!(hit["column"], 8 * index + 1, "hit {index}");
        let sentence = hit["sentence"].as_str().unwrap();
        assert!(
            sentence.len() < 1_000,
            "hit {index}: {} bytes",
            sentence.len()
        );
        assert!(sentence.contains("Artsakh"));
    }
    let middle = hits[1_500]["sentence"].as_str().unwrap();
    assert!(
        middle.starts_with("… Artsakh") && middle.ends_with("Artsakh …"),
        "{middle}"
    );
}

/// `compare -l nagorno-karabakh` with `args` and `stdin`: exit code, stdout and stderr.
fn compare_stdin(args: &[&str], stdin: String) -> (Option<i32>, String, String) {
    let args: Vec<&str> = ["compare", "-l", "nagorno-karabakh"]
        .iter()
        .chain(args)
        .copied()
        .collect();
    run_with_stdin(&args, stdin)
}

#[test]
fn an_article_on_stdin_read_in_segments_counts_as_the_file_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.txt");
    std::fs::write(&path, large_article()).unwrap();
    let file = path.to_str().unwrap();
    let (code, whole, _) = compare_stdin(&["--format", "csv", file], String::new());
    assert_eq!(code, Some(0));
    let stdin_args = ["--format", "csv", "--segment-bytes", "4000", "-"];
    let (code, segmented, stderr) = compare_stdin(&stdin_args, large_article());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        segmented.contains("Big Wire,nagorno-karabakh,region"),
        "{segmented}"
    );
    assert_eq!(segmented, whole);
    // Nothing on stdin is an empty article, as an empty file is.
    let (code, json, _) = compare_stdin(&["--format", "json", "Quiet=-"], String::new());
    assert_eq!(code, Some(0));
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["sources"][0]["name"], "Quiet");
    assert_eq!(doc["sources"][0]["words"], 0);
}

#[test]
fn tidy_outputs_without_rows_still_have_their_header() {
    let (code, csv, stderr) = compare_stdin(&["--format", "csv", "-"], "Nothing here.".into());
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        csv,
        "source,lexicon,concept,kind,term,lean,voice,count,distanced,loaded,divergent,\
         articles,words,per_1000_words,per_article\n"
    );
    let keyness = ["--keyness", "--format", "csv", "A=-"];
    let (code, csv, _) = compare_stdin(&keyness, "Nothing here.".into());
    assert_eq!(code, Some(0));
    assert_eq!(
        csv,
        "group,versus,items,item,count_group,count_versus,delta,variance,z\n"
    );
}
