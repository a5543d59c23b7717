//! `deepblock notify` reaching a real notification daemon (dunst, started
//! by D-Bus on a private session bus, on a private Xvfb display), held
//! during focus and shown as a digest after it, at the next tick (what the
//! desktop app runs, or `focus follow --once` without it); a command run
//! through `notify --`, known while it runs and told of when it ends, also
//! when Ctrl+C ended it.

use std::process::Command;

use crate::harness::{World, deepblock_bin};

/// Runs `script` in its own X display and session bus, where dunst answers
/// notifications; returns what it printed.
fn in_desktop_session(world: &World, script: &str) -> String {
    let bin = deepblock_bin().display().to_string();
    let db = world.db.display().to_string();
    let script = format!("db() {{ '{bin}' --db '{db}' --tz UTC \"$@\"; }}\n{script}");
    let output = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 640x480x24", "dbus-run-session", "--", "sh", "-c", &script])
        .env("HOME", world.dir.path())
        .output()
        .expect("xvfb-run (scripts/test installs xvfb and dunst)");
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{out}\n{}", String::from_utf8_lossy(&output.stderr));
    out
}

#[test]
#[ignore = "needs an X display and a notification daemon; scripts/test runs it under Xvfb with dunst"]
fn notifications_reach_the_desktop_at_once_outside_focus_and_after_it_during_focus() {
    let world = World::new("UTC");
    let out = in_desktop_session(
        &world,
        r#"
db notify --title "run 41 finished" --body "loss 0.31"
db focus start --until "$(date -u -d '+4 seconds' +%Y-%m-%dT%H:%M:%SZ)" >/dev/null 2>&1
db notify --title "run 42 finished"
sleep 1
echo "--- during focus"
dunstctl close-all
sleep 0.3
dunstctl history
sleep 4
db focus follow --once >/dev/null 2>&1
sleep 1
echo "--- after focus"
dunstctl close-all
sleep 0.3
dunstctl history
"#,
    );
    let (during, after) = out.split_once("--- after focus").expect("both histories");
    assert!(out.starts_with("shown\n"), "{out}");
    assert!(during.contains("held until"), "{during}");
    assert!(during.contains("run 41 finished"), "shown at once outside focus: {during}");
    assert!(!during.contains("run 42 finished"), "held during focus: {during}");
    assert!(after.contains("run 42 finished"), "shown once focus ended: {after}");
}

/// Runs its arguments as a terminal's foreground job would: in a process
/// group of their own, with Ctrl+C's signal at its default action (a
/// shell's `&` starts commands with it ignored).
const AT_A_TERMINAL: &str = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.setsid(); os.execvp(sys.argv[1], sys.argv[1:])";

#[test]
#[ignore = "needs an X display and a notification daemon; scripts/test runs it under Xvfb with dunst"]
fn a_command_run_through_notify_is_known_while_it_runs_and_its_end_is_told() {
    let world = World::new("UTC");
    let never = world.dir.path().join("never-run");
    let out = in_desktop_session(
        &world,
        &format!(
            r#"
db task add "Expense report" --estimate 30m --category admin --effort low >/dev/null
db notify --title "run 43 finished" -- sh -c 'sleep 3; exit 3' &
job=$!
sleep 1
echo "--- while it runs"
db focus status
wait $job; echo "exit=$?"
echo "--- after it ended"
db focus status
db notify --title "run 44" -- /nonexistent/train; echo "exit=$?"
db notify --title "" -- touch '{never}'; echo "exit=$?"
'{bin}' --db '{db}' notify --title "run 45" -- sleep 20 >/dev/null 2>&1 &
sleep 1
echo "--- before a kill"
db focus status | grep Running
kill -9 $!
echo "--- after a kill"
db focus status
python3 -c '{at_a_terminal}' '{bin}' --db '{db}' notify --title "run 46" -- sleep 21 >/dev/null 2>&1 &
job=$!
sleep 1
kill -INT -$job
wait $job; echo "after Ctrl+C exit=$?"
sleep 0.5
dunstctl close-all
sleep 0.3
dunstctl history
"#,
            never = never.display(),
            at_a_terminal = AT_A_TERMINAL,
            bin = deepblock_bin().display(),
            db = world.db.display()
        ),
    );
    let (running, rest) = out.split_once("--- after it ended").expect("both statuses");
    let (ended, rest) = rest.split_once("--- before a kill").expect("the job to kill");
    let (before_kill, killed) = rest.split_once("--- after a kill").expect("the kill");
    assert!(running.contains("Running: sh -c sleep 3; exit 3\nFor the wait: Expense report"), "{running}");
    assert!(running.contains("exit=3"), "the command's status is notify's: {running}");
    assert!(!ended.contains("Running:") && !ended.contains("For the wait"), "{ended}");
    assert!(ended.contains("exit=127"), "a command that cannot start: {ended}");
    assert!(ended.contains("exit=1"), "a bad title: {ended}");
    assert!(!never.exists(), "a refused notify runs nothing");
    assert_eq!(before_kill.trim(), "Running: sleep 20");
    assert!(!killed.contains("Running:"), "a job whose notify was killed is not running: {killed}");
    assert!(killed.contains("sh -c sleep 3; exit 3: failed (exit 3) in less than a minute"), "{killed}");
    assert!(killed.contains("/nonexistent/train: could not start"), "{killed}");
    // Ctrl+C reaches the whole foreground group, notify as well as its
    // command (here through a signal to the group): the end is still told.
    assert!(killed.contains("after Ctrl+C exit=130"), "{killed}");
    assert!(killed.contains("sleep 21: ended by signal 2 in less than a minute"), "{killed}");
}
