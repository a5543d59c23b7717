//! What a tracker saw, as actual time: ActivityWatch's window and browser
//! events, kept only while the user was at the machine, and mapped onto
//! the categories by the user's rules. Titles and addresses are matched
//! here and dropped: what leaves this module is a span, a category and
//! the rule that matched.

use std::fmt;

use chrono::{DateTime, Utc};
use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use crate::block::Category;
use crate::error::{CoreError, CoreResult};
use crate::time::Span;

/// The longest pattern a rule may have.
pub const LONGEST_PATTERN: usize = 500;

/// The rules a new database starts with: editors and terminals are model
/// work, papers are learning, chat and mail are admin, calls are
/// meetings, experiment dashboards are training, writing tools are
/// documentation. The user adds, removes and reorders from there.
pub const DEFAULT_RULES: &[(&str, Category)] = &[
    (r"zoom|meet\.google|teams.*(call|meeting)|webex|jitsi", Category::Meetings),
    (r"wandb|weights & biases|tensorboard|mlflow|grafana", Category::Training),
    (
        r"arxiv|openreview|paperswithcode|papers with code|semanticscholar|scholar\.google|zotero",
        Category::ResearchLearning,
    ),
    (r"overleaf|docs\.google|notion|confluence|obsidian", Category::Documentation),
    (r"slack|discord|mattermost|zulip|thunderbird|outlook|gmail|mail", Category::Admin),
    (
        r"jupyter|vscode|code|pycharm|vim|emacs|terminal|konsole|alacritty|kitty|wezterm|tmux",
        Category::ModelDev,
    ),
];

/// Apps whose windows hold browser tabs, where the tab says more than the
/// window.
const BROWSERS: &str = r"firefox|chrom|brave|edge|opera|vivaldi|safari|epiphany|librewolf";

/// A rule: time in a window or tab whose app, title or address matches
/// `pattern` (a regular expression, case-insensitive) goes to `category`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TrackRule {
    /// Its number, shown to users; rules are tried in this order.
    pub id: i64,
    /// The regular expression.
    pub pattern: String,
    /// Where matching time goes.
    pub category: Category,
}

impl fmt::Display for TrackRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} → {}", self.pattern, self.category)
    }
}

/// Compiles a pattern as rules use it, refusing one that is too long or
/// too large to match quickly.
pub fn compile(pattern: &str) -> CoreResult<Regex> {
    let pattern = pattern.trim();
    if pattern.is_empty() || pattern.chars().count() > LONGEST_PATTERN {
        return Err(CoreError::BadInput(format!(
            "a rule's pattern is 1 to {LONGEST_PATTERN} characters, as in 'jupyter|vscode.*train'"
        )));
    }
    RegexBuilder::new(pattern).case_insensitive(true).size_limit(1 << 20).build().map_err(|e| {
        CoreError::BadInput(format!("'{pattern}' is not a pattern: {}", first_line(&e.to_string())))
    })
}

fn first_line(text: &str) -> String {
    text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(text).trim().to_owned()
}

/// An event as the tracker recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// When.
    pub span: Span,
    /// The application (a window event) or the browser (a tab).
    pub app: String,
    /// The window's or tab's title.
    pub title: String,
    /// A tab's address.
    pub url: String,
}

/// Time a tracker saw, after the rules: no title, no address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    /// When.
    pub span: Span,
    /// Where the rules put it.
    pub category: Category,
    /// The rule that matched; none when no rule did ("other").
    pub rule: Option<i64>,
}

/// Cuts `events` (sorted, not overlapping) to the parts inside `keep`
/// (sorted, not overlapping).
fn inside(events: &[Seen], keep: &[Span]) -> Vec<Seen> {
    let mut kept = Vec::new();
    let mut from = 0;
    for event in events {
        from += keep[from..].partition_point(|k| k.end <= event.span.start);
        for k in keep[from..].iter().take_while(|k| k.start < event.span.end) {
            let span = Span::new(event.span.start.max(k.start), event.span.end.min(k.end));
            if span.start < span.end {
                kept.push(Seen { span, ..event.clone() });
            }
        }
    }
    kept
}

/// Sorts spans and joins the overlapping and touching ones.
fn union(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| s.start);
    let mut joined: Vec<Span> = Vec::new();
    for span in spans.into_iter().filter(|s| s.start < s.end) {
        match joined.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => joined.push(span),
        }
    }
    joined
}

fn sorted(mut events: Vec<Seen>) -> Vec<Seen> {
    events.retain(|e| e.span.start < e.span.end);
    events.sort_by_key(|e| (e.span.start, e.span.end));
    // A watcher restarted mid-event can repeat a stretch; the later event
    // starts where the earlier ended.
    let mut at: Option<DateTime<Utc>> = None;
    events
        .into_iter()
        .filter_map(|mut e| {
            if let Some(end) = at {
                e.span.start = e.span.start.max(end);
            }
            (e.span.start < e.span.end).then(|| {
                at = Some(e.span.end);
                e
            })
        })
        .collect()
}

/// The time the user was at the machine, event by event: window events
/// cut to the not-AFK spans, and, inside a browser's windows, the browser
/// tab in place of the window.
pub fn active(windows: Vec<Seen>, tabs: Vec<Seen>, present: Vec<Span>) -> CoreResult<Vec<Seen>> {
    let present = union(present);
    let windows = inside(&sorted(windows), &present);
    let browser = compile(BROWSERS)?;
    let in_browser = union(windows.iter().filter(|w| browser.is_match(&w.app)).map(|w| w.span).collect());
    let tabs = inside(&sorted(tabs), &in_browser);
    let tab_spans = union(tabs.iter().map(|t| t.span).collect());
    let mut seen = Vec::with_capacity(windows.len() + tabs.len());
    let mut from = 0;
    for window in windows {
        // The parts of the window no tab covers stay the window's.
        from += tab_spans[from..].partition_point(|t| t.end <= window.span.start);
        let mut at = window.span.start;
        for tab in tab_spans[from..].iter().take_while(|t| t.start < window.span.end) {
            if tab.start > at {
                seen.push(Seen { span: Span::new(at, tab.start), ..window.clone() });
            }
            at = at.max(tab.end);
        }
        if at < window.span.end {
            seen.push(Seen { span: Span::new(at, window.span.end), ..window });
        }
    }
    seen.extend(tabs);
    seen.sort_by_key(|s| s.span.start);
    Ok(seen)
}

/// Puts each stretch under the first rule that matches its app, title or
/// address, or under "other"; touching stretches of one rule are joined.
pub fn categorise(seen: &[Seen], rules: &[TrackRule]) -> CoreResult<Vec<Activity>> {
    let compiled: Vec<(Regex, &TrackRule)> =
        rules.iter().map(|r| Ok((compile(&r.pattern)?, r))).collect::<CoreResult<_>>()?;
    let mut found: Vec<Activity> = Vec::new();
    for event in seen {
        let text = format!("{}\n{}\n{}", event.app, event.title, event.url);
        let rule = compiled.iter().find(|(regex, _)| regex.is_match(&text)).map(|(_, r)| *r);
        let activity = Activity {
            span: event.span,
            category: rule.map_or(Category::Other, |r| r.category),
            rule: rule.map(|r| r.id),
        };
        match found.last_mut() {
            Some(last)
                if last.span.end == activity.span.start
                    && (last.category, last.rule) == (activity.category, activity.rule) =>
            {
                last.span.end = activity.span.end
            }
            _ => found.push(activity),
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, m, 0).unwrap()
    }

    fn seen(from: (u32, u32), to: (u32, u32), app: &str, title: &str, url: &str) -> Seen {
        Seen {
            span: Span::new(at(from.0, from.1), at(to.0, to.1)),
            app: app.into(),
            title: title.into(),
            url: url.into(),
        }
    }

    fn rules() -> Vec<TrackRule> {
        DEFAULT_RULES
            .iter()
            .zip(1..)
            .map(|((p, c), id)| TrackRule { id, pattern: (*p).to_owned(), category: *c })
            .collect()
    }

    #[test]
    fn away_time_is_left_out_and_a_browser_window_is_read_by_its_tab() {
        let windows = vec![
            seen((9, 0), (10, 0), "Code", "train.py - vscode", ""),
            seen((10, 0), (11, 0), "firefox", "Mozilla Firefox", ""),
            seen((11, 0), (12, 0), "Slack", "general", ""),
        ];
        let tabs = vec![
            seen(
                (10, 10),
                (10, 40),
                "firefox",
                "Attention Is All You Need",
                "https://arxiv.org/abs/1706.03762",
            ),
            // A tab while Slack has the focus: not what the user looked at.
            seen((11, 10), (11, 20), "firefox", "YouTube", "https://youtube.com/"),
        ];
        let present = vec![Span::new(at(9, 0), at(9, 30)), Span::new(at(9, 45), at(12, 0))];
        let active = active(windows, tabs, present).unwrap();
        let pieces: Vec<_> = active.iter().map(|s| (s.span.start, s.span.end, s.title.as_str())).collect();
        assert_eq!(
            pieces,
            vec![
                (at(9, 0), at(9, 30), "train.py - vscode"),
                (at(9, 45), at(10, 0), "train.py - vscode"),
                (at(10, 0), at(10, 10), "Mozilla Firefox"),
                (at(10, 10), at(10, 40), "Attention Is All You Need"),
                (at(10, 40), at(11, 0), "Mozilla Firefox"),
                (at(11, 0), at(12, 0), "general"),
            ]
        );
        let categorised = categorise(&active, &rules()).unwrap();
        let shown: Vec<_> = categorised.iter().map(|a| (a.span.start, a.category, a.rule)).collect();
        assert_eq!(
            shown,
            vec![
                (at(9, 0), Category::ModelDev, Some(6)),
                (at(9, 45), Category::ModelDev, Some(6)),
                (at(10, 0), Category::Other, None),
                (at(10, 10), Category::ResearchLearning, Some(3)),
                (at(10, 40), Category::Other, None),
                (at(11, 0), Category::Admin, Some(5)),
            ]
        );
    }

    #[test]
    fn patterns_are_checked_before_they_are_kept() {
        assert!(compile("jupyter|vscode.*train").is_ok());
        assert!(compile("(unclosed").unwrap_err().to_string().contains("is not a pattern"));
        assert!(compile("").is_err());
        assert!(compile(&"a".repeat(LONGEST_PATTERN + 1)).is_err());
        // Too large a program once compiled: refused, not run.
        assert!(compile(r"\w{1000}\w{1000}\w{1000}").is_err());
    }
}
