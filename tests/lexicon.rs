//! `slant lexicon ...` end to end, and lexicon features seen through `compare`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/lexicons").join(name)
}

fn slant() -> Command {
    Command::cargo_bin("slant").unwrap()
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let output = slant().args(args).output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Each invalid fixture states on its first line what `validate` must say and where.
#[test]
fn every_invalid_fixture_fails_with_its_message_at_its_line() {
    let dir = root().join("tests/fixtures/lexicons/invalid");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let (line, message) = match text.lines().next().unwrap().strip_prefix("# expect: ") {
            Some(expect) => {
                let (line, message) = expect.split_once(": ").unwrap();
                (line.to_string(), message.to_string())
            }
            // JSON has no comments: its one fixture is checked here.
            None => ("4".to_string(), "trailing comma".to_string()),
        };
        let (code, _, stderr) = run(&["lexicon", "validate", path.to_str().unwrap()]);
        assert_eq!(code, Some(2), "{}", path.display());
        let located = format!("{}:{line}:", path.display());
        assert!(
            stderr.contains(&located),
            "{} should be reported at line {line}: {stderr}",
            path.display()
        );
        assert!(
            stderr.contains(&message),
            "{}: expected `{message}` in {stderr}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 13, "only {checked} fixtures");
}

#[test]
fn validate_lists_every_file_and_fails_if_any_is_invalid() {
    let good = fixture("shadowed.toml");
    let bad = fixture("invalid/undeclared-lean.toml");
    let (code, stdout, stderr) = run(&[
        "lexicon",
        "validate",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stdout.contains("shadowed.toml: ok (2 concepts, 2 terms, 1 warning)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("warning: `occup*` (concept `control`) never matches `occupiers`"),
        "{stderr}"
    );
    assert!(stderr.contains("lean `b` is not declared"), "{stderr}");
}

#[test]
fn every_built_in_lexicon_validates_without_warnings() {
    let dir = root().join("lexicons");
    let files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    assert!(files.len() >= 3);
    let mut args = vec!["lexicon", "validate"];
    args.extend(files.iter().map(String::as_str));
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.is_empty(), "warnings: {stderr}");
    assert_eq!(
        stdout.matches("no warnings").count(),
        files.len(),
        "{stdout}"
    );
}

#[test]
fn a_new_lexicon_is_valid_as_written() {
    let (code, starter, _) = run(&["lexicon", "new", "my-topic"]);
    assert_eq!(code, Some(0));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my-topic.toml");
    std::fs::write(&path, starter).unwrap();
    let (code, stdout, stderr) = run(&["lexicon", "validate", path.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("no warnings"), "{stdout}");
}

#[test]
fn list_names_each_lexicon_with_its_counts() {
    let (code, stdout, _) = run(&[
        "lexicon",
        "list",
        "--format",
        "json",
        "-l",
        fixture("shadowed.toml").to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0));
    let list: Value = serde_json::from_str(&stdout).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"nagorno-karabakh")
            && ids.contains(&"loaded-language")
            && ids.contains(&"shadow")
    );
    let karabakh = list
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "nagorno-karabakh")
        .unwrap();
    assert!(karabakh["concepts"].as_u64().unwrap() >= 15);
    assert!(
        karabakh["leans"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l == "az")
    );
    let (_, table, _) = run(&["lexicon", "list"]);
    assert!(
        table.contains("nagorno-karabakh") && table.contains("by topic"),
        "{table}"
    );
}

#[test]
fn show_renders_concepts_as_a_handout() {
    let (code, markdown, _) = run(&[
        "lexicon",
        "show",
        "nagorno-karabakh",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, Some(0));
    assert!(
        markdown.contains("## The disputed region (`region`, territory)"),
        "{markdown}"
    );
    assert!(markdown.contains("Preferred: **Nagorno-Karabakh**"));
    let (_, json, _) = run(&["lexicon", "show", "loaded-language", "--format", "json"]);
    let lexicon: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(lexicon["id"], "loaded-language");
    let (_, table, _) = run(&["lexicon", "show", "attribution", "--width", "100"]);
    assert!(
        table.contains("Reporting verb") && table.contains("claimed [doubt]"),
        "{table}"
    );
}

#[test]
fn extends_adds_and_disables_concepts_of_a_built_in() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("story.txt");
    std::fs::write(
        &article,
        "Russian peacekeepers patrolled the Karabakh highlands near Stepanakert. The Khojaly massacre was remembered.",
    )
    .unwrap();
    let (code, stdout, stderr) = run(&[
        "compare",
        article.to_str().unwrap(),
        "-l",
        fixture("extends.toml").to_str().unwrap(),
        "-f",
        "json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let found: Vec<(&str, &str)> = doc["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["concept"].as_str().unwrap(), h["term"].as_str().unwrap()))
        .collect();
    assert!(
        found.contains(&("region", "the Karabakh highlands")),
        "{found:?}"
    );
    assert!(
        found.contains(&("peacekeepers", "Russian peacekeepers")),
        "{found:?}"
    );
    assert!(
        found.contains(&("capital", "Stepanakert")),
        "base concepts stay: {found:?}"
    );
    assert!(
        found.iter().all(|(concept, _)| *concept != "khojaly"),
        "disabled: {found:?}"
    );
    assert_eq!(doc["lexicons"][0]["id"], "karabakh-desk");
}

#[test]
fn disabling_an_unknown_concept_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "id = \"x\"\ntitle = \"X\"\nextends = \"nagorno-karabakh\"\ndisable = [\"no-such\"]\n",
    )
    .unwrap();
    let (code, _, stderr) = run(&["lexicon", "validate", path.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("`disable` names concept `no-such`"),
        "{stderr}"
    );
}

#[test]
fn dated_leans_follow_the_document_date() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.txt");
    let new = dir.path().join("new.txt");
    std::fs::write(
        &old,
        "---\noutlet: Old\ndate: 1993-05-01\n---\nThe liberated town of Shushi in Karabakh.",
    )
    .unwrap();
    std::fs::write(
        &new,
        "---\noutlet: New\ndate: 2020-11-08\n---\nThe liberated town of Shusha in Karabakh.",
    )
    .unwrap();
    let (_, stdout, _) = run(&[
        "compare",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "-f",
        "json",
    ]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let lean_of = |source: &str| {
        let hit = doc["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["source"] == source && h["concept"] == "takeover")
            .unwrap();
        (
            hit["lean"].as_str().unwrap().to_string(),
            hit["lean_rule"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(
        lean_of("Old"),
        ("am".to_string(), "document date in 1992..1994".to_string())
    );
    assert_eq!(
        lean_of("New"),
        ("az".to_string(), "document date in 2020..".to_string())
    );
}

#[test]
fn negated_hits_are_marked_in_json_and_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("denial.txt");
    std::fs::write(
        &path,
        "The ministry denied that it was a massacre. It was a massacre, others said.",
    )
    .unwrap();
    let (_, stdout, _) = run(&[
        "compare",
        path.to_str().unwrap(),
        "-l",
        "loaded-language",
        "-f",
        "json",
    ]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let negated: Vec<bool> = doc["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["negated"].as_bool().unwrap())
        .collect();
    assert_eq!(negated, [true, false]);
    let (_, evidence, _) = run(&[
        "compare",
        path.to_str().unwrap(),
        "-l",
        "loaded-language",
        "--evidence",
    ]);
    assert!(evidence.contains("(own, negated)"), "{evidence}");
}

#[test]
fn suggest_offers_near_spellings_with_an_also_line() {
    let output = slant()
        .args(["lexicon", "suggest", "-l", "nagorno-karabakh", "-"])
        .write_stdin("Shelling hit Stepanakerd twice. Stepanakerd was dark. Khankendi too.")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("Stepanakerd") && stdout.contains("│ 2 "),
        "{stdout}"
    );
    assert!(stdout.contains("also = [\"Stepanakerd\"]"), "{stdout}");
}

#[test]
fn a_term_in_two_lexicons_counts_under_both_and_is_noted_once() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.toml");
    std::fs::write(&mine, "id = \"mine\"\ntitle = \"Mine\"\n[[concepts]]\nid = \"rule\"\nkind = \"actor\"\nlabel = \"Rule\"\nterms = [{ text = \"regime\" }]\n").unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, "The regime fell. The regime is gone.").unwrap();
    let (_, stdout, stderr) = run(&[
        "compare",
        article.to_str().unwrap(),
        "-l",
        "loaded-language",
        "-l",
        mine.to_str().unwrap(),
        "-f",
        "json",
    ]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let lexicons: Vec<&str> = doc["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["lexicon"].as_str().unwrap())
        .collect();
    assert_eq!(
        lexicons,
        ["loaded-language", "mine", "loaded-language", "mine"]
    );
    assert_eq!(
        stderr.matches("`regime` is in several lexicons").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn imported_dictionaries_validate_and_report_what_was_dropped() {
    for (format, file, concept) in [
        ("liwc", "sample.dic", "posemo"),
        ("yaml", "sample.yml", "economy.positive"),
        ("lexicoder", "sample.lc3", "negative"),
    ] {
        let path = root().join("tests/fixtures/import").join(file);
        let (code, toml, notes) = run(&[
            "lexicon",
            "import",
            "--from",
            format,
            path.to_str().unwrap(),
        ]);
        assert_eq!(code, Some(0), "{format}: {notes}");
        assert!(
            toml.contains(&format!("id = \"{concept}\"")),
            "{format}: {toml}"
        );
        assert!(
            notes.contains("slant: note:") && notes.contains(file),
            "{format}: notes name the file: {notes}"
        );
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("imported.toml");
        std::fs::write(&out, &toml).unwrap();
        let (code, _, stderr) = run(&["lexicon", "validate", out.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{format}: {stderr}\n{toml}");
    }
}

#[test]
fn topic_terms_choose_the_topic_lexicon() {
    let output = slant()
        .args(["compare", "-", "-f", "json"])
        .write_stdin("Drones struck Kyiv overnight, Ukrainian officials said, as the special military operation entered its third year.")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("russia-ukraine ("), "{stderr}");
    assert!(!stderr.contains("nagorno-karabakh"), "{stderr}");
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = doc["lexicons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["russia-ukraine", "loaded-language", "attribution"]);
    assert!(
        doc["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["term"] == "Kyiv")
    );

    let karabakh =
        std::fs::read_to_string(root().join("samples/truce-shelling/meridian-wire.txt")).unwrap();
    let output = slant()
        .args(["compare", "-", "-f", "json"])
        .write_stdin(karabakh)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("nagorno-karabakh (") && !stderr.contains("russia-ukraine"),
        "{stderr}"
    );
}
