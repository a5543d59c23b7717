//! Plain sentences from a review's numbers, each carrying its figure, in
//! a fixed order: categories, goals, blocks cut short, context switches,
//! no-meeting days, the best stretch, debugging time-boxes, fragmentation.

use chrono::Datelike;

use super::{CutShort, Review, ShortBy, TimeboxOutcome};
use crate::block::Kind;
use crate::rules::weekday_name;

/// Minutes as people say them: `45 min`, `2 h`, `9.5 h`, `2 h 40 min`.
pub fn length(minutes: i64) -> String {
    if minutes < 60 {
        return format!("{minutes} min");
    }
    if minutes % 6 == 0 {
        let hours = format!("{:.1}", minutes as f64 / 60.0);
        return format!("{} h", hours.trim_end_matches(".0"));
    }
    format!("{} h {} min", minutes / 60, minutes % 60)
}

fn count(n: usize) -> String {
    const WORDS: [&str; 11] =
        ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    WORDS.get(n).map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

fn times(actual: i64, planned: i64) -> String {
    let ratio = actual as f64 / planned as f64;
    match (ratio * 10.0).round() as i64 {
        19..=21 => "twice".to_owned(),
        29..=31 => "three times".to_owned(),
        tenths => format!("{:.1}×", tenths as f64 / 10.0),
    }
}

fn weekday(date: chrono::NaiveDate) -> &'static str {
    weekday_name(date.weekday())
}

pub(super) fn findings(review: &Review) -> Vec<String> {
    let mut said = Vec::new();
    for row in &review.categories {
        let (plan, actual) = (row.planned_minutes, row.actual_minutes);
        if actual >= 60 && plan == 0 {
            said.push(format!("{} took {} with none planned", row.label, length(actual)));
        } else if actual >= 60 && actual * 2 >= plan * 3 {
            said.push(format!("{} took {}, {} the plan", row.label, length(actual), times(actual, plan)));
        } else if plan >= 60 && actual * 2 <= plan {
            said.push(format!("{} got {} of the {} planned", row.label, length(actual), length(plan)));
        }
    }
    let goals = &review.goals;
    for (what, goal, done) in [
        ("Deep work", goals.deep_goal_minutes, goals.deep_actual_minutes),
        ("Learning", goals.learning_goal_minutes, goals.learning_actual_minutes),
    ] {
        if goal == 0 {
            continue;
        }
        if done >= goal {
            said.push(format!("{what} goal met: {} of {}", length(done), length(goal)));
        } else {
            said.push(format!(
                "{what}: {} of the {} goal ({}%)",
                length(done),
                length(goal),
                done * 100 / goal
            ));
        }
    }
    said.extend(cut_short(&review.cut_short));
    if let Some(day) =
        review.days.iter().filter(|d| d.switches > 0).max_by_key(|d| (d.switches, std::cmp::Reverse(d.date)))
    {
        let n = match day.switches {
            1 => "once".to_owned(),
            n => format!("{n} times"),
        };
        said.push(format!("You switched context {n} on {}", weekday(day.date)));
    }
    let kept = review.no_meeting_days.iter().filter(|d| d.broken_by.is_empty()).count();
    for day in review.no_meeting_days.iter().filter(|d| !d.broken_by.is_empty()) {
        let part = day.half.map_or("day", |h| h.word());
        let by: Vec<String> = day.broken_by.iter().map(|t| format!("'{t}'")).collect();
        said.push(format!("{}'s no-meeting {part} was broken by {}", weekday(day.date), by.join(" and ")));
    }
    if !review.no_meeting_days.is_empty() {
        said.push(format!("No-meeting days kept: {kept} of {}", review.no_meeting_days.len()));
    }
    if let Some(day) = review
        .days
        .iter()
        .filter(|d| d.longest_stretch_minutes > 0)
        .max_by_key(|d| (d.longest_stretch_minutes, std::cmp::Reverse(d.date)))
    {
        let from =
            day.longest_stretch_from.map(|t| format!(" from {}", t.format("%H:%M"))).unwrap_or_default();
        said.push(format!(
            "Your longest focus stretch was {} on {}{from}",
            length(day.longest_stretch_minutes),
            weekday(day.date)
        ));
    }
    if !review.timeboxes.is_empty() {
        said.push(timeboxes(&review.timeboxes));
    }
    let fragmented: i64 = review.days.iter().map(|d| d.fragmented_minutes).sum();
    let focus_time: i64 = review.days.iter().map(|d| d.focus_time_minutes).sum();
    if fragmented >= 60 && fragmented > focus_time {
        said.push(format!(
            "Meetings left {} of the workday in pieces too short for deep work, and {} in stretches long enough",
            length(fragmented),
            length(focus_time)
        ));
    }
    said
}

/// "Debugging time-boxes: 3; cause found in 1, not found in 1, 1 not
/// answered": how the week's boxes ended, the parts with none left out.
fn timeboxes(boxes: &[TimeboxOutcome]) -> String {
    let count = |answer: Option<bool>| boxes.iter().filter(|b| b.cause_found == answer).count();
    let parts: Vec<String> = [
        (count(Some(true)), "cause found in {}"),
        (count(Some(false)), "not found in {}"),
        (count(None), "{} not answered"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, words)| words.replace("{}", &n.to_string()))
    .collect();
    format!("Debugging time-boxes: {}; {}", boxes.len(), parts.join(", "))
}

/// Blocks cut short by meetings are told per day, together; the others one
/// by one with their cause.
fn cut_short(cut: &[CutShort]) -> Vec<String> {
    let mut said = Vec::new();
    let mut dates: Vec<chrono::NaiveDate> = cut.iter().map(|c| c.start.date_naive()).collect();
    dates.dedup();
    for date in dates {
        let today: Vec<&CutShort> = cut.iter().filter(|c| c.start.date_naive() == date).collect();
        let by_meeting: Vec<&&CutShort> = today.iter().filter(|c| c.by == ShortBy::Meeting).collect();
        match by_meeting.as_slice() {
            [] => {}
            [one] => said.push(format!(
                "{}'s {} block '{}' was cut short: {}",
                weekday(date),
                kind_word(&[one.kind]),
                one.title,
                one.why
            )),
            many => {
                let kinds: Vec<Kind> = many.iter().map(|c| c.kind).collect();
                said.push(format!(
                    "{}'s {} {} blocks were cut short by meetings",
                    weekday(date),
                    count(many.len()),
                    kind_word(&kinds)
                ));
            }
        }
        for other in today.iter().filter(|c| c.by != ShortBy::Meeting) {
            said.push(format!(
                "{}'s {} block '{}' got {} of {}: {}",
                weekday(date),
                kind_word(&[other.kind]),
                other.title,
                length(other.done_minutes),
                length(other.planned_minutes),
                other.why
            ));
        }
    }
    said
}

fn kind_word(kinds: &[Kind]) -> &'static str {
    if kinds.iter().all(|k| *k == Kind::Deep) {
        "deep"
    } else if kinds.iter().all(|k| *k == Kind::Learning) {
        "learning"
    } else {
        "focus"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_read_as_people_say_them() {
        assert_eq!(length(45), "45 min");
        assert_eq!(length(120), "2 h");
        assert_eq!(length(570), "9.5 h");
        assert_eq!(length(160), "2 h 40 min");
        assert_eq!(times(570, 285), "twice");
        assert_eq!(times(160, 100), "1.6×");
    }
}
