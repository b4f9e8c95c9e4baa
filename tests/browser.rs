//! `slant compare --format html` in a real browser: headless Chromium opens the report from
//! disk and the test checks what a reader sees and does — every hit marked in the right
//! article, own and quoted voice styled apart, the filters and the concept rows working, no
//! console errors and no network requests. The expected marks come from the same run's JSON.
//!
//! Needs Chromium at /usr/bin/chromium (or the path in `CHROME`); `scripts/test.sh` installs it.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Input, Log, Network, Page, Runtime};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

const SAMPLES: [&str; 3] = [
    "samples/truce-shelling/meridian-wire.txt",
    "samples/truce-shelling/caspian-state-news.txt",
    "samples/truce-shelling/ararat-evening-post.md",
];

const TRANSPARENT: &str = "rgba(0, 0, 0, 0)";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn slant(format: &str, extra: &[&str]) -> Vec<u8> {
    let output = Command::cargo_bin("slant")
        .unwrap()
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .arg("compare")
        .args(SAMPLES)
        .args(["--format", format])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "slant compare --format {format} {extra:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Counts of the JSON report's hits, keyed by the given fields joined with '|'.
fn hit_counts(report: &Value, keys: &[&str]) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for hit in report["hits"].as_array().expect("hits is an array") {
        let key: Vec<String> = keys
            .iter()
            .map(|&k| match k {
                "concept" => format!(
                    "{}/{}",
                    hit["lexicon"].as_str().unwrap(),
                    hit["concept"].as_str().unwrap()
                ),
                _ => hit[k].as_str().unwrap().to_string(),
            })
            .collect();
        *counts.entry(key.join("|")).or_insert(0) += 1;
    }
    counts
}

fn chromium() -> PathBuf {
    let path = std::env::var_os("CHROME")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    assert!(
        path.is_file(),
        "no Chromium at {}: install chromium (apt-get install chromium) — scripts/test.sh does this",
        path.display()
    );
    path
}

/// Evaluates `expression` (which must produce a JSON-serialisable value) in the page.
fn eval(tab: &Tab, expression: &str) -> Value {
    let wrapped = format!("JSON.stringify((() => {{ {expression} }})())");
    let result = tab
        .evaluate(&wrapped, false)
        .unwrap_or_else(|e| panic!("evaluating {expression}: {e}"));
    let text = result
        .value
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| panic!("no JSON from {expression}: {:?}", result.description));
    serde_json::from_str(&text).unwrap()
}

/// Polls `expression` (a function body returning a boolean) until it is true.
fn wait_until(tab: &Tab, expression: &str, what: &str) {
    let start = Instant::now();
    while eval(tab, expression) != Value::Bool(true) {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "timed out waiting until {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Page helpers: a mark's state as plain data, and colours made comparable.
const HELPERS: &str = r#"
window.__slant = {
  marks: () => Array.from(document.querySelectorAll('mark[data-source]')),
  state: (m) => ({
    source: m.dataset.source, concept: m.dataset.concept, lean: m.dataset.lean,
    voice: m.dataset.voice, off: m.classList.contains('off'), focus: m.classList.contains('focus'),
    background: getComputedStyle(m).backgroundColor,
    fontStyle: getComputedStyle(m).fontStyle,
    decorationStyle: getComputedStyle(m).textDecorationStyle,
    decorationLine: getComputedStyle(m).textDecorationLine,
    section: (m.closest('#articles section.article') || {dataset: {}}).dataset.source || null,
    inQuote: !!m.closest('span.quote'),
    text: m.textContent,
  }),
  all: () => window.__slant.marks().map(window.__slant.state),
  rgba: (colour) => {
    const c = document.createElement('canvas'); c.width = c.height = 1;
    const g = c.getContext('2d'); g.fillStyle = colour; g.fillRect(0, 0, 1, 1);
    return Array.from(g.getImageData(0, 0, 1, 1).data);
  },
};
return true;
"#;

fn marks(tab: &Tab) -> Vec<Value> {
    eval(tab, "return window.__slant.all();")
        .as_array()
        .unwrap()
        .clone()
}

fn field<'a>(mark: &'a Value, name: &str) -> &'a str {
    mark[name].as_str().unwrap_or_default()
}

/// Clicks the element `selector` as a user would: it is scrolled into view and the mouse is
/// pressed and released at its centre. (Element::click would do the same in several more
/// round trips, and each costs headless_chrome about 100 ms.)
fn click(tab: &Tab, selector: &str) {
    let centre = eval(
        tab,
        &format!(
            "const e = document.querySelector({});
             if (!e) return null;
             e.scrollIntoView({{ block: 'center', inline: 'center', behavior: 'instant' }});
             const r = e.getBoundingClientRect();
             return [r.left + r.width / 2, r.top + r.height / 2];",
            Value::from(selector)
        ),
    );
    assert!(centre.is_array(), "no element {selector} to click");
    for kind in ["mousePressed", "mouseReleased"] {
        let event: Input::DispatchMouseEvent = serde_json::from_value(serde_json::json!({
            "type": kind, "x": centre[0], "y": centre[1], "button": "left", "clickCount": 1,
        }))
        .unwrap();
        tab.call_method(event)
            .unwrap_or_else(|e| panic!("clicking {selector}: {e}"));
    }
}

/// The filter `id`'s checkbox state and every mark's state, in one round trip.
fn filter_state(tab: &Tab, id: &str) -> (bool, Vec<Value>) {
    let state = eval(
        tab,
        &format!(
            "const box = document.getElementById({});
             return [box ? box.checked : null, window.__slant.all()];",
            Value::from(id)
        ),
    );
    assert!(state[0].is_boolean(), "no checkbox #{id} among the filters");
    (state[0] == true, state[1].as_array().unwrap().clone())
}

/// Unchecks the filter `id`, checks that exactly the marks `hit` selects go off (class `off`,
/// transparent background) while the rest stay highlighted, then checks it again and checks
/// that every mark is back.
fn check_filter(tab: &Tab, id: &str, hit: impl Fn(&Value) -> bool) {
    let (checked, _) = filter_state(tab, id);
    assert!(checked, "#{id} starts checked");
    click(tab, &format!("#{id}"));
    let (checked, all) = filter_state(tab, id);
    assert!(!checked, "clicking #{id} unchecks it");
    assert!(all.iter().any(&hit), "#{id} governs no mark");
    for mark in &all {
        if hit(mark) {
            assert!(
                mark["off"] == true && field(mark, "background") == TRANSPARENT,
                "after unchecking #{id}, this mark should have class off and a transparent background: {mark}"
            );
        } else {
            assert!(
                mark["off"] == false && field(mark, "background") != TRANSPARENT,
                "unchecking #{id} should leave this mark highlighted: {mark}"
            );
        }
    }
    click(tab, &format!("#{id}"));
    let (checked, all) = filter_state(tab, id);
    assert!(checked, "clicking #{id} again checks it");
    for mark in &all {
        assert!(
            mark["off"] == false && field(mark, "background") != TRANSPARENT,
            "after re-checking #{id}, this mark should be highlighted again: {mark}"
        );
    }
}

#[test]
fn html_report_works_in_chromium() {
    let chrome = chromium();
    let out_dir = root().join("target/browser");
    std::fs::create_dir_all(&out_dir).unwrap();
    let report_path = out_dir.join("report.html");

    // What the page must show: the JSON report of the same run.
    let json: Value = serde_json::from_slice(&slant("json", &[])).unwrap();
    let by_source = hit_counts(&json, &["source"]);
    let by_source_voice = hit_counts(&json, &["source", "voice"]);
    let by_source_concept = hit_counts(&json, &["source", "concept"]);
    let divergent: Vec<String> = json["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["divergent"] == true)
        .map(|c| {
            format!(
                "{}/{}",
                c["lexicon"].as_str().unwrap(),
                c["concept"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        by_source.len() == 3 && !divergent.is_empty(),
        "the samples give three sources with hits and some divergent concepts"
    );

    // The report, to a file and to stdout: the same page.
    let stdout = slant("html", &[]);
    slant("html", &["-o", report_path.to_str().unwrap()]);
    let html = std::fs::read(&report_path).unwrap();
    assert!(
        html == stdout,
        "the page written with -o differs from the one on stdout"
    );

    // Chromium with a fresh profile and nothing that talks to the network by itself.
    let profile = tempfile::tempdir().unwrap();
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--hide-scrollbars",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chrome))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1400, 1000)))
        .user_data_dir(Some(profile.path().to_path_buf()))
        .args(args)
        .idle_browser_timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let browser = Browser::new(options).expect("Chromium starts");
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(20));

    // Listen for console errors, uncaught exceptions and any request that leaves the disk.
    let problems = Arc::new(Mutex::new(Vec::<String>::new()));
    let requests = Arc::new(Mutex::new(Vec::<String>::new()));
    {
        let problems = Arc::clone(&problems);
        let requests = Arc::clone(&requests);
        tab.add_event_listener(Arc::new(move |event: &Event| match event {
            Event::RuntimeConsoleAPICalled(e)
                if matches!(
                    e.params.Type,
                    Runtime::ConsoleAPICalledEventTypeOption::Error
                        | Runtime::ConsoleAPICalledEventTypeOption::Assert
                ) =>
            {
                let args: Vec<String> = e
                    .params
                    .args
                    .iter()
                    .map(|a| {
                        a.value
                            .as_ref()
                            .map(Value::to_string)
                            .or_else(|| a.description.clone())
                            .unwrap_or_default()
                    })
                    .collect();
                problems
                    .lock()
                    .unwrap()
                    .push(format!("console.error: {}", args.join(" ")));
            }
            Event::RuntimeExceptionThrown(e) => {
                let details = &e.params.exception_details;
                let description = details
                    .exception
                    .as_ref()
                    .and_then(|x| x.description.clone())
                    .unwrap_or_else(|| details.text.clone());
                problems.lock().unwrap().push(format!(
                    "uncaught exception at {}:{}: {description}",
                    details.line_number, details.column_number
                ));
            }
            Event::LogEntryAdded(e)
                if matches!(e.params.entry.level, Log::LogEntryLevel::Error) =>
            {
                problems
                    .lock()
                    .unwrap()
                    .push(format!("log error: {}", e.params.entry.text));
            }
            Event::NetworkRequestWillBeSent(e) => {
                let url = &e.params.request.url;
                if !["file:", "data:", "about:"]
                    .iter()
                    .any(|s| url.starts_with(s))
                {
                    requests.lock().unwrap().push(url.clone());
                }
            }
            _ => {}
        }))
        .unwrap();
    }
    tab.enable_runtime().unwrap();
    tab.enable_log().unwrap();
    let network_enable: Network::Enable = serde_json::from_value(serde_json::json!({})).unwrap();
    tab.call_method(network_enable).unwrap();

    let url = format!("file://{}", report_path.canonicalize().unwrap().display());
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.wait_for_element("#articles section.article").unwrap();
    assert_eq!(eval(&tab, HELPERS), Value::Bool(true));

    // A full-page screenshot, for a person to look at.
    let size = eval(
        &tab,
        "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight];",
    );
    let metrics: Emulation::SetDeviceMetricsOverride = serde_json::from_value(serde_json::json!({
        "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": false,
    }))
    .unwrap();
    tab.call_method(metrics).unwrap();
    let png = tab
        .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    tab.call_method(Emulation::ClearDeviceMetricsOverride(None))
        .unwrap();
    let screenshot = out_dir.join("report.png");
    std::fs::write(&screenshot, png).unwrap();

    // The summary table: concept rows, divergent exactly where the JSON says.
    let table = eval(
        &tab,
        "const rows = Array.from(document.querySelectorAll('table#summary tr.concept'));
         return { rows: rows.map(r => r.dataset.concept),
                  divergent: rows.filter(r => r.classList.contains('divergent')).map(r => r.dataset.concept),
                  strayDivergent: document.querySelectorAll('table#summary tr.divergent:not(.concept)').length };",
    );
    let rows: Vec<&str> = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(!rows.is_empty(), "table#summary has no tr.concept rows");
    let mut shown_divergent: Vec<String> = table["divergent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    shown_divergent.sort();
    let mut expected_divergent = divergent.clone();
    expected_divergent.sort();
    assert_eq!(
        shown_divergent, expected_divergent,
        "rows with class divergent vs the JSON's divergent concepts"
    );
    assert_eq!(
        table["strayDivergent"], 0,
        "a divergent row that is not a concept row"
    );

    // One article section per source, in #articles.
    let mut sections: Vec<String> = eval(
        &tab,
        "return Array.from(document.querySelectorAll('#articles section.article')).map(s => s.dataset.source);",
    )
    .as_array()
    .unwrap()
    .iter()
    .map(|v| v.as_str().unwrap().to_string())
    .collect();
    sections.sort();
    let sources: Vec<String> = by_source.keys().cloned().collect();
    assert_eq!(sections, sources, "one section.article per source");

    // Every hit marked, in its own article, with the JSON's voices and concepts.
    let all = marks(&tab);
    let mut seen_source = BTreeMap::new();
    let mut seen_source_voice = BTreeMap::new();
    let mut seen_source_concept = BTreeMap::new();
    for mark in &all {
        let source = field(mark, "source");
        let concept = field(mark, "concept");
        let voice = field(mark, "voice");
        assert_eq!(
            mark["section"].as_str(),
            Some(source),
            "a mark outside its own article: {mark}"
        );
        assert!(
            concept
                .split_once('/')
                .is_some_and(|(l, c)| !l.is_empty() && !c.is_empty()),
            "data-concept is not LEXICON/CONCEPT: {mark}"
        );
        assert!(
            rows.contains(&concept),
            "no summary row for the concept of {mark}"
        );
        assert!(
            !field(mark, "lean").is_empty(),
            "a mark without data-lean: {mark}"
        );
        assert!(
            !field(mark, "text").trim().is_empty(),
            "an empty mark: {mark}"
        );
        assert_ne!(
            field(mark, "background"),
            TRANSPARENT,
            "a mark without a highlight at first: {mark}"
        );
        assert!(mark["off"] == false && mark["focus"] == false, "{mark}");
        match voice {
            "own" => assert!(
                field(mark, "fontStyle") == "normal",
                "own-voice marks are upright: {mark}"
            ),
            "quoted" => {
                assert!(
                    field(mark, "fontStyle") == "italic"
                        && field(mark, "decorationStyle") == "dotted"
                        && field(mark, "decorationLine").contains("underline"),
                    "quoted marks are italic with a dotted underline: {mark}"
                );
                assert!(
                    mark["inQuote"] == true,
                    "a quoted mark outside span.quote: {mark}"
                );
            }
            _ => panic!("data-voice is neither own nor quoted: {mark}"),
        }
        *seen_source.entry(source.to_string()).or_insert(0) += 1;
        *seen_source_voice
            .entry(format!("{source}|{voice}"))
            .or_insert(0) += 1;
        *seen_source_concept
            .entry(format!("{source}|{concept}"))
            .or_insert(0) += 1;
    }
    assert_eq!(
        seen_source, by_source,
        "marks per source vs JSON hits per source"
    );
    assert_eq!(
        seen_source_voice, by_source_voice,
        "marks per source and voice vs JSON hits"
    );
    assert_eq!(
        seen_source_concept, by_source_concept,
        "marks per source and concept vs JSON hits"
    );

    // Quoted speech is shaded, lightly.
    let quotes = eval(
        &tab,
        "return Array.from(document.querySelectorAll('#articles span.quote')).map(q => window.__slant.rgba(getComputedStyle(q).backgroundColor));",
    );
    let quotes = quotes.as_array().unwrap();
    assert!(!quotes.is_empty(), "no span.quote in the articles");
    for rgba in quotes {
        let channel = |i: usize| rgba[i].as_u64().unwrap();
        assert!(
            channel(3) > 0 && (0..3).all(|i| channel(i) >= 200),
            "span.quote should have a light background, has RGBA {rgba}"
        );
    }

    // Filters: all checked at first; each one switches off exactly its marks.
    check_filter(&tab, "filter-quoted", |m| field(m, "voice") == "quoted");
    check_filter(&tab, "filter-own", |m| field(m, "voice") == "own");
    let leans: BTreeSet<String> = all.iter().map(|m| field(m, "lean").to_string()).collect();
    for lean in &leans {
        check_filter(&tab, &format!("filter-lean-{lean}"), |m| {
            field(m, "lean") == lean
        });
    }

    // Clicking a concept row lights up that concept's marks, and clicking again undoes it.
    let concept = expected_divergent
        .iter()
        .max_by_key(|c| {
            all.iter()
                .filter(|m| field(m, "concept") == c.as_str())
                .count()
        })
        .unwrap()
        .clone();
    let row = format!("table#summary tr.concept[data-concept=\"{concept}\"]");
    click(&tab, &row);
    let focused = marks(&tab);
    for mark in &focused {
        let mine = field(mark, "concept") == concept;
        assert_eq!(
            mark["focus"] == true,
            mine,
            "after clicking the row of {concept}, focus is {} on {mark}",
            mark["focus"]
        );
    }
    click(&tab, &row);
    wait_until(
        &tab,
        "return window.__slant.all().every(m => !m.focus);",
        &format!("clicking the row of {concept} again removes focus"),
    );

    let requests = requests.lock().unwrap().clone();
    assert!(
        requests.is_empty(),
        "the self-contained report made network requests: {requests:#?}"
    );
    let problems = problems.lock().unwrap().clone();
    assert!(
        problems.is_empty(),
        "the page reported errors: {problems:#?}"
    );
}
