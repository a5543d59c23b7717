//! Snapshot and invariants of an exported realistic plan.

mod support;

use support as plan;

use deepblock_ical::export_calendar;
use deepblock_ical::text::{FOLD_AT, unfold};

fn exported() -> String {
    let (blocks, rules) = plan::plan();
    export_calendar(&blocks, &rules, &plan::options())
}

#[test]
fn the_export_matches_its_reviewed_snapshot() {
    insta::assert_snapshot!(exported());
}

#[test]
fn every_line_ends_in_crlf_and_fits_in_75_octets() {
    let text = exported();
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split_inclusive('\n') {
        assert!(line.ends_with("\r\n"), "bare LF in {line:?}");
        assert!(line.len() - 2 <= FOLD_AT, "{} octets: {line:?}", line.len() - 2);
        assert!(std::str::from_utf8(line.as_bytes()).is_ok());
    }
    assert!(text.contains("\r\n "), "the long titles fold");
}

#[test]
fn no_property_is_empty() {
    for (number, line) in unfold(&exported()) {
        let value = line.split_once(':').map(|(_, v)| v).unwrap_or("");
        assert!(!value.is_empty(), "line {number} has no value: {line}");
    }
}

#[test]
fn special_characters_are_escaped_exactly_once() {
    let lines = unfold(&exported());
    let summary = lines.iter().map(|(_, l)| l.as_str()).find(|l| l.starts_with("SUMMARY:Read")).unwrap();
    assert_eq!(
        summary,
        "SUMMARY:Read: Søren Kierkegaard\\, “Frygt og Bæven”\\; notes\\nthen summarise \\\\ discuss — 日本語のテキストも含む長いタイトル"
    );
}

#[test]
fn every_tzid_used_has_its_vtimezone() {
    let text = exported();
    let lines = unfold(&text);
    let mut used: Vec<&str> = lines
        .iter()
        .filter_map(|(_, l)| {
            l.split_once("TZID=").map(|(_, rest)| rest.split([':', ';']).next().unwrap_or(""))
        })
        .collect();
    used.sort();
    used.dedup();
    assert_eq!(used, ["America/New_York", "Australia/Sydney", "Europe/Lisbon"]);
    for tz in used {
        assert!(text.contains(&format!("BEGIN:VTIMEZONE\r\nTZID:{tz}\r\n")), "no VTIMEZONE for {tz}");
    }
}

#[test]
fn uids_are_stable_across_exports_and_dtstamp_is_utc() {
    let (blocks, rules) = plan::plan();
    let mut later = plan::options();
    later.now += chrono::Duration::days(3);
    let uids = |text: &str| -> Vec<String> {
        unfold(text).into_iter().map(|(_, l)| l).filter(|l| l.starts_with("UID:")).collect()
    };
    assert_eq!(uids(&exported()), uids(&export_calendar(&blocks, &rules, &later)));
    assert!(exported().contains("DTSTAMP:20261001T120000Z\r\n"));
}

/// Each VEVENT's SUMMARY and TRANSP, in order.
fn transparency(text: &str) -> Vec<(String, String)> {
    let mut seen = Vec::new();
    let mut summary = String::new();
    for (_, line) in unfold(text) {
        if let Some(s) = line.strip_prefix("SUMMARY:") {
            summary = s.to_owned();
        } else if let Some(t) = line.strip_prefix("TRANSP:") {
            seen.push((summary.clone(), t.to_owned()));
        }
    }
    seen
}

#[test]
fn the_kinds_shown_busy_are_the_users_choice() {
    let (blocks, rules) = plan::plan();
    let by_default = transparency(&export_calendar(&blocks, &rules, &plan::options()));
    assert!(by_default.iter().any(|(s, t)| s.starts_with("Paper club") && t == "OPAQUE"), "{by_default:?}");
    let options = deepblock_ical::ExportOptions {
        busy: deepblock_core::autofocus::KindSet::parse_any("deep").unwrap(),
        ..plan::options()
    };
    let chosen = transparency(&export_calendar(&blocks, &rules, &options));
    assert!(chosen.iter().any(|(s, t)| s.starts_with("Paper club") && t == "TRANSPARENT"), "{chosen:?}");
    assert!(chosen.iter().any(|(s, t)| s == "Deep work" && t == "OPAQUE"), "{chosen:?}");
}
