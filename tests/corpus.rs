//! `compare` on corpus files: formats, grouping, per-article parts and `merge`, kwic,
//! keyness and date filters.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn slant() -> Command {
    Command::cargo_bin("slant").unwrap()
}

/// A small JSON Lines corpus of four articles from two outlets over two months.
fn corpus(dir: &Path) -> std::path::PathBuf {
    let rows = [
        (
            "Wire",
            "2020-10-11",
            "Fighting in Nagorno-Karabakh near Stepanakert. The truce failed.",
        ),
        (
            "State",
            "2020-10-11",
            "The occupying forces shelled Tartar. Upper Karabakh will be liberated, the ministry said.",
        ),
        (
            "Wire",
            "2020-11-02",
            "Nagorno-Karabakh remained tense; shelling continued in Nagorno-Karabakh.",
        ),
        (
            "State",
            "2020-11-03",
            "“The liberated territories will be rebuilt,” Aliyev said. Upper Karabakh is ours.",
        ),
    ];
    let lines: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(i, (outlet, date, text))| {
            serde_json::json!({"id": i + 1, "outlet": outlet, "publish_date": date, "text": text})
                .to_string()
        })
        .collect();
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn output(args: &[&str]) -> (String, String, Option<i32>) {
    let out = slant().args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

/// `compare` over `input` with the Nagorno-Karabakh lexicon, as CSV.
fn compare_csv(input: &Path) -> (String, String, Option<i32>) {
    output(&[
        "compare",
        input.to_str().unwrap(),
        "-l",
        "nagorno-karabakh",
        "-f",
        "csv",
    ])
}

/// The test corpus split into two JSON Lines files of two articles each, in `dir`.
fn halves(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let text = std::fs::read_to_string(corpus(dir)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let first = dir.join("first.jsonl");
    let second = dir.join("second.jsonl");
    std::fs::write(&first, lines[..2].join("\n")).unwrap();
    std::fs::write(&second, lines[2..].join("\n")).unwrap();
    (first, second)
}

/// The report of one `compare` run over both `inputs` with `args`.
fn single_run(inputs: [&Path; 2], args: &[&str]) -> String {
    let mut all = vec![
        "compare",
        inputs[0].to_str().unwrap(),
        inputs[1].to_str().unwrap(),
    ];
    all.extend(args);
    output(&all).0
}

/// Asserts that a merged report is the single run's, but for how they name `inputs`.
fn assert_same_but_paths(merged: &str, single: &str, inputs: [&Path; 2], context: &str) {
    let normalise = |s: &str| {
        s.replace(inputs[0].to_str().unwrap(), "F")
            .replace(inputs[1].to_str().unwrap(), "G")
    };
    assert_eq!(normalise(merged), normalise(single), "{context}");
}

/// `compare --per-article` on `input` with `lexicons`; the part's text.
fn part(input: &Path, lexicons: &[&str]) -> String {
    let mut args = vec!["compare", input.to_str().unwrap(), "--per-article"];
    for lexicon in lexicons {
        args.extend(["-l", lexicon]);
    }
    let (stdout, stderr, code) = output(&args);
    assert_eq!(code, Some(0), "{stderr}");
    stdout
}

#[test]
fn csv_and_tsv_corpora_with_named_columns() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("export.csv");
    std::fs::write(
        &csv,
        "stories_id,media_name,body\n1,Wire,\"Nagorno-Karabakh,\nthen Upper Karabakh\"\n",
    )
    .unwrap();
    let (stdout, stderr, code) = output(&[
        "compare",
        csv.to_str().unwrap(),
        "--text-column",
        "body",
        "-f",
        "jsonl",
        "-l",
        "nagorno-karabakh",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let rows: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|r| r["source"] == "Wire" && r["articles"] == 1)
    );
    let tsv = dir.path().join("export.tsv");
    std::fs::write(&tsv, "outlet\tcontent\nPaper\tArtsakh\n").unwrap();
    let (stdout, _, _) = output(&[
        "compare",
        tsv.to_str().unwrap(),
        "-f",
        "csv",
        "-l",
        "nagorno-karabakh",
    ]);
    assert!(
        stdout.contains("Paper,nagorno-karabakh,region,territory,Artsakh,am,own,1"),
        "{stdout}"
    );
    let unnamed = dir.path().join("unnamed.csv");
    std::fs::write(&unnamed, "stories_id,media_name,story\n1,Wire,Artsakh\n").unwrap();
    let (_, stderr, code) = output(&[
        "compare",
        unnamed.to_str().unwrap(),
        "-l",
        "nagorno-karabakh",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("no text column") && stderr.contains("stories_id, media_name, story"),
        "{stderr}"
    );
}

#[test]
fn group_by_month_and_date_filters() {
    let dir = tempfile::tempdir().unwrap();
    let path = corpus(dir.path());
    let (stdout, _, _) = output(&[
        "compare",
        path.to_str().unwrap(),
        "--group-by",
        "source,month",
        "-f",
        "jsonl",
        "-l",
        "nagorno-karabakh",
    ]);
    let groups: std::collections::BTreeSet<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["source"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        groups.into_iter().collect::<Vec<_>>(),
        [
            "State 2020-10",
            "State 2020-11",
            "Wire 2020-10",
            "Wire 2020-11"
        ]
    );
    let (stdout, stderr, _) = output(&[
        "compare",
        path.to_str().unwrap(),
        "--since",
        "2020-11",
        "-f",
        "json",
        "-l",
        "nagorno-karabakh",
    ]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let articles: u64 = doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["articles"].as_u64().unwrap_or(0))
        .sum();
    assert!(
        stderr.contains("2 article(s) outside --since/--until left out"),
        "{stderr}"
    );
    assert!(
        doc["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["file"].as_str().unwrap().ends_with("#3")
                || h["file"].as_str().unwrap().ends_with("#4")),
        "{articles}"
    );
}

#[test]
fn merging_parts_gives_the_single_run_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = halves(dir.path());
    for (input, name) in [(&first, "a.part"), (&second, "b.part")] {
        let text = part(input, &["nagorno-karabakh", "loaded-language"]);
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    for format in ["csv", "table", "jsonl"] {
        let style = ["-f", format, "--color", "never", "--width", "100"];
        let (a, b) = (dir.path().join("a.part"), dir.path().join("b.part"));
        let mut merge = vec!["merge", a.to_str().unwrap(), b.to_str().unwrap()];
        merge.extend(style);
        let (merged, stderr, code) = output(&merge);
        assert_eq!(code, Some(0), "{stderr}");
        let mut args = vec!["-l", "nagorno-karabakh", "-l", "loaded-language"];
        args.extend(style);
        let single = single_run([&first, &second], &args);
        assert_same_but_paths(&merged, &single, [&first, &second], format);
    }
}

#[test]
fn kwic_rows_carry_context_and_codes() {
    let dir = tempfile::tempdir().unwrap();
    let path = corpus(dir.path());
    let kwic = dir.path().join("kwic.csv");
    let (_, _, code) = output(&[
        "compare",
        path.to_str().unwrap(),
        "--kwic",
        kwic.to_str().unwrap(),
        "-l",
        "nagorno-karabakh",
        "-f",
        "csv",
    ]);
    assert_eq!(code, Some(0));
    let mut reader = csv::Reader::from_path(&kwic).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "document", "from", "to", "pre", "keyword", "post", "source", "concept", "term",
            "lean", "voice"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let quoted = rows
        .iter()
        .find(|r| &r[4] == "liberated territories")
        .unwrap();
    assert_eq!((&quoted[6], &quoted[10]), ("State", "quoted"));
    assert_eq!(&quoted[3], "“The");
}

#[test]
fn keyness_scores_variants_and_discovered_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = corpus(dir.path());
    let (stdout, stderr, code) = output(&[
        "compare",
        path.to_str().unwrap(),
        "--keyness",
        "--discover",
        "-f",
        "csv",
        "-l",
        "nagorno-karabakh",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let variant = rows
        .iter()
        .find(|r| &r[0] == "Wire" && &r[2] == "variant" && &r[3] == "Nagorno-Karabakh")
        .expect("a variant row");
    assert_eq!((&variant[4], &variant[5]), ("3", "0"));
    assert!(variant[8].parse::<f64>().unwrap() > 0.0);
    assert!(
        rows.iter()
            .any(|r| &r[2] == "discovered" && &r[3] == "nagorno karabakh")
    );
    let (table, _, _) = output(&[
        "compare",
        path.to_str().unwrap(),
        "--keyness",
        "-l",
        "nagorno-karabakh",
        "--color",
        "never",
    ]);
    assert!(
        table.contains("Keyness") && table.contains("Wire vs State (variant items)"),
        "{table}"
    );
}

#[test]
fn threads_do_not_change_the_result() {
    let dir = tempfile::tempdir().unwrap();
    let path = corpus(dir.path());
    let one = output(&["compare", path.to_str().unwrap(), "-j", "1", "-f", "csv"]).0;
    let two = output(&["compare", path.to_str().unwrap(), "-j", "2", "-f", "csv"]).0;
    assert_eq!(one, two);
    assert!(!one.is_empty());
}

#[test]
fn merge_reads_a_part_from_stdin_among_files() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = halves(dir.path());
    let a = dir.path().join("a.part");
    std::fs::write(&a, part(&first, &["nagorno-karabakh"])).unwrap();
    let out = slant()
        .args(["merge", a.to_str().unwrap(), "-", "-f", "csv"])
        .write_stdin(part(&second, &["nagorno-karabakh"]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let single = single_run([&first, &second], &["-l", "nagorno-karabakh", "-f", "csv"]);
    let merged = String::from_utf8(out.stdout).unwrap();
    assert_same_but_paths(&merged, &single, [&first, &second], "csv");
    assert!(merged.lines().count() > 1, "{merged}");
}

#[test]
fn merge_refuses_parts_counted_with_other_lexicons() {
    let dir = tempfile::tempdir().unwrap();
    let path = corpus(dir.path());
    let a = dir.path().join("a.part");
    let b = dir.path().join("b.part");
    std::fs::write(&a, part(&path, &["nagorno-karabakh"])).unwrap();
    std::fs::write(&b, part(&path, &["loaded-language"])).unwrap();
    let (stdout, stderr, code) = output(&["merge", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{stdout}");
    assert!(
        stderr.contains("b.part")
            && stderr.contains(
                "line 1: these counts use other lexicons (loaded-language) than the first part \
                 (nagorno-karabakh)"
            ),
        "{stderr}"
    );
}

#[test]
fn stdin_records_and_concatenated_parts_merge_like_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = corpus(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut concatenated = String::new();
    for half in [&lines[..2], &lines[2..]] {
        let out = slant()
            .args([
                "compare",
                "-",
                "--stdin-format",
                "jsonl",
                "--per-article",
                "-l",
                "nagorno-karabakh",
            ])
            .write_stdin(half.join("\n"))
            .output()
            .unwrap();
        concatenated.push_str(&String::from_utf8(out.stdout).unwrap());
    }
    let parts = dir.path().join("all.part");
    std::fs::write(&parts, concatenated).unwrap();
    let (merged, stderr, code) = output(&["merge", parts.to_str().unwrap(), "-f", "csv"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (single, _, _) = compare_csv(&path);
    assert_eq!(merged, single);
}

#[test]
fn a_broken_part_line_is_placed_by_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = corpus(dir.path());
    let good = part(&path, &["nagorno-karabakh"]);
    let broken = dir.path().join("broken.part");
    std::fs::write(&broken, format!("{good}{{\"id\": oops\n")).unwrap();
    let lines = good.lines().count();
    let (_, stderr, code) = output(&["merge", broken.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    let expected = format!(
        "line {}: invalid JSON at column 8: expected value",
        lines + 1
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(!stderr.contains(" at line "), "{stderr}");
    let headless = dir.path().join("headless.part");
    std::fs::write(&headless, "{\"lexicons\": []}\n").unwrap();
    let (_, stderr, code) = output(&["merge", headless.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(
        stderr
            .contains("line 1: not a slant per-article header (column 16: missing field `schema`)"),
        "{stderr}"
    );
}

#[test]
fn an_unreadable_record_is_an_error_and_the_rest_is_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.jsonl");
    let good = |outlet: &str| {
        format!("{{\"outlet\":\"{outlet}\",\"text\":\"Shelling near Nagorno-Karabakh.\"}}\n")
    };
    let text = good("Wire") + "{\"outlet\": oops\n" + &good("Daily") + "{\"outlet\":\"Blank\"}\n";
    std::fs::write(&path, text).unwrap();
    let (stdout, stderr, code) = compare_csv(&path);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stdout.contains("\nWire,") && stdout.contains("\nDaily,"),
        "{stdout}"
    );
    let error = format!(
        "slant: error: {}, record 2: invalid JSON at column 12: expected value; \
         left out (fix or remove the line)",
        path.display()
    );
    assert!(stderr.contains(&error), "{stderr}");
    // A record without text is left out too, but with a warning only: it is not broken.
    assert!(
        stderr.contains("warning:") && stderr.contains("record 4: no text field"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 record(s) could not be read; the report covers the rest"),
        "{stderr}"
    );
}
