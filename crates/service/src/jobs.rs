//! Commands run through `deepblock notify -- COMMAND` (a training run, a
//! long build): while one runs, the tray and the focus panel offer a
//! low-energy task for the wait, and its end is a notification that says
//! how it went (held during focus like any other).

use chrono::{DateTime, Utc};

use crate::notifications::check_message;
use crate::{Deepblock, NotifyOutcome, Plan, ServiceResult};

/// The longest label kept of a command line: enough to tell runs apart
/// in a tray's line.
const LONGEST_LABEL: usize = 60;

/// A job recorded as running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Its row, to end it with.
    pub id: i64,
    /// The command line, shortened.
    pub label: String,
    /// When it started.
    pub started: DateTime<Utc>,
}

/// How a job's command ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobEnd {
    /// It exited with this code.
    Exited(i32),
    /// This signal ended it.
    Killed(i32),
    /// It could not be started, for this reason.
    NotStarted(String),
}

impl Plan {
    /// Records `command` as running now, after checking the notification
    /// its end will send; forgets jobs whose process is gone (killed
    /// outright, it could not say it ended).
    pub fn start_job(&mut self, command: &[String], title: &str, body: &str) -> ServiceResult<Job> {
        check_message(title.trim(), body)?;
        let label = label_of(command);
        if label.is_empty() {
            return Err(crate::ServiceError::bad_input("give the command to run after `--`"));
        }
        let now = self.now();
        let pid = std::process::id();
        let process = process_name(pid).unwrap_or_default();
        let gone: Vec<i64> =
            self.store.jobs()?.into_iter().filter(|j| !is_running(j)).map(|j| j.id).collect();
        let id = self.store.write(|tx| {
            for job in &gone {
                tx.remove_job(*job)?;
            }
            tx.add_job(&label, pid, &process, now)
        })?;
        Ok(Job { id, label, started: now })
    }

    /// The jobs whose command still runs, earliest first.
    pub fn running_jobs(&self) -> ServiceResult<Vec<Job>> {
        Ok(self
            .store
            .jobs()?
            .into_iter()
            .filter(is_running)
            .map(|j| Job { id: j.id, label: j.label, started: j.started })
            .collect())
    }
}

impl Deepblock {
    /// Forgets `job` and sends `title` with how it ended after `body`.
    pub fn finish_job(
        &self,
        job: &Job,
        end: &JobEnd,
        title: &str,
        body: &str,
        urgent: bool,
    ) -> ServiceResult<NotifyOutcome> {
        self.plan().store.write(|tx| tx.remove_job(job.id))?;
        let minutes = (self.now() - job.started).num_minutes().max(0);
        let line = ending(&job.label, end, minutes);
        let body = if body.trim().is_empty() { line } else { format!("{body}\n{line}") };
        self.notify(title, &body, urgent)
    }
}

/// "python train.py: finished after 2 h 13 min".
fn ending(label: &str, end: &JobEnd, minutes: i64) -> String {
    let after = match minutes {
        0 => "in less than a minute".to_owned(),
        m => format!("after {}", deepblock_core::review::length(m)),
    };
    match end {
        JobEnd::Exited(0) => format!("{label}: finished {after}"),
        JobEnd::Exited(code) => format!("{label}: failed (exit {code}) {after}"),
        JobEnd::Killed(signal) => format!("{label}: ended by signal {signal} {after}"),
        JobEnd::NotStarted(why) => format!("{label}: could not start: {why}"),
    }
}

/// The command line as one shortened line.
fn label_of(command: &[String]) -> String {
    let line = command.join(" ");
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(LONGEST_LABEL) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// Whether the process that recorded `job` still runs: its id names a
/// process of the same name. Where process names cannot be read, a
/// recorded job counts as running.
fn is_running(job: &deepblock_store::JobRow) -> bool {
    if job.process.is_empty() {
        return true;
    }
    process_name(job.pid).is_some_and(|name| name == job.process)
}

/// A live process's name, as Linux keeps it; none for one that has ended,
/// even while its parent has not reaped it yet (a zombie keeps its name,
/// and a `notify` killed a moment ago is one).
fn process_name(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    name_if_live(&stat)
}

/// The name in a `/proc/PID/stat` line ("PID (NAME) STATE …"), unless the
/// state says the process has ended. The name may hold spaces and
/// parentheses, so it ends at the last ')'.
fn name_if_live(stat: &str) -> Option<String> {
    let (head, tail) = stat.rsplit_once(')')?;
    let name = head.split_once('(')?.1;
    let state = tail.trim_start().chars().next()?;
    (!matches!(state, 'Z' | 'X' | 'x')).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ending_says_how_the_command_went_and_after_how_long() {
        assert_eq!(
            ending("python train.py", &JobEnd::Exited(0), 133),
            "python train.py: finished after 2 h 13 min"
        );
        assert_eq!(ending("make", &JobEnd::Exited(2), 3), "make: failed (exit 2) after 3 min");
        assert_eq!(ending("make", &JobEnd::Killed(9), 0), "make: ended by signal 9 in less than a minute");
    }

    #[test]
    fn an_ended_process_has_no_name_even_before_it_is_reaped() {
        assert_eq!(name_if_live("4242 (deepblock) S 1 4242 0"), Some("deepblock".to_owned()));
        assert_eq!(name_if_live("4242 (odd) name)) R 1"), Some("odd) name)".to_owned()));
        assert_eq!(name_if_live("4242 (deepblock) Z 1 4242 0"), None);
        assert_eq!(name_if_live("garbage"), None);
        assert_eq!(process_name(std::process::id()).as_deref().map(str::is_empty), Some(false));
    }

    #[test]
    fn a_long_command_line_is_cut_to_a_label() {
        let long = vec!["python".to_owned(), "x".repeat(100)];
        let label = label_of(&long);
        assert_eq!(label.chars().count(), LONGEST_LABEL + 1);
        assert!(label.ends_with('…'));
        assert_eq!(label_of(&["sh".into(), "-c".into(), "sleep  3\n".into()]), "sh -c sleep 3");
    }
}
