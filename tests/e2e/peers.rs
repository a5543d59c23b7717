//! The third-party iCalendar programs that check our exports, as
//! `scripts/test` installs them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where `scripts/test` put the peers: `DEEPBLOCK_PEERS`, or `.peers/` at
/// the top of the repository.
fn peers_dir() -> PathBuf {
    std::env::var_os("DEEPBLOCK_PEERS").map(PathBuf::from).unwrap_or_else(|| repo().join(".peers"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("repository root").to_owned()
}

fn require(path: PathBuf) -> PathBuf {
    assert!(
        path.exists(),
        "{} is missing: run scripts/test, which installs the iCalendar peers the interop tests use",
        path.display()
    );
    path
}

/// Runs a peer and returns what it printed; fails the test if it failed.
fn run(mut command: Command) -> String {
    let output = command.output().unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{command:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// `peers.py TOOL FILE ARGS…` in the peers' Python environment.
pub fn python(tool: &str, file: &Path, args: &[&str]) -> serde_json::Value {
    let mut command = Command::new(require(peers_dir().join("venv/bin/python")));
    command.arg(repo().join("tests/interop/peers.py")).arg(tool).arg(file).args(args);
    serde_json::from_str(&run(command)).expect("peer printed JSON")
}

/// `node icaljs.mjs FILE FROM TO`.
pub fn icaljs(file: &Path, from: &str, to: &str) -> serde_json::Value {
    let interop = repo().join("tests/interop");
    require(interop.join("node_modules/ical.js"));
    let mut command = Command::new("node");
    command.current_dir(&interop).arg("icaljs.mjs").arg(file).args([from, to]);
    serde_json::from_str(&run(command)).expect("ical.js printed JSON")
}

/// libical's parser and RFC 5546 restriction check: what it reports, and
/// whether the file is clean.
pub fn libical(file: &Path) -> (bool, String) {
    let output = Command::new(require(peers_dir().join("libical_check")))
        .arg(file)
        .output()
        .expect("run libical_check");
    (output.status.success(), String::from_utf8_lossy(&output.stdout).into_owned())
}

/// `node icaljs_message.mjs FILE`: an iTIP message as ical.js reads it.
pub fn icaljs_message(file: &Path) -> serde_json::Value {
    let interop = repo().join("tests/interop");
    require(interop.join("node_modules/ical.js"));
    let mut command = Command::new("node");
    command.current_dir(&interop).arg("icaljs_message.mjs").arg(file);
    serde_json::from_str(&run(command)).expect("ical.js printed JSON")
}

/// A program of the peers' Python environment (the CalDAV servers and the
/// `caldav` client).
pub fn venv_bin(name: &str) -> PathBuf {
    require(peers_dir().join("venv/bin").join(name))
}

/// The repository's root, for scripts the tests run.
pub fn repo_root() -> PathBuf {
    repo()
}

/// Opens `csv` in Gnumeric's converter, saves it as `format` (xlsx, ods),
/// and saves that back as CSV: what a user's spreadsheet makes of a file.
pub fn through_spreadsheet(csv: &Path, format: &str) -> String {
    let sheet = csv.with_extension(format);
    let back = csv.with_file_name(format!("back-from-{format}.csv"));
    for (from, to) in [(csv, &sheet), (&sheet, &back)] {
        let mut command = Command::new("ssconvert");
        command.arg(from).arg(to);
        run(command);
    }
    std::fs::read_to_string(&back).expect("ssconvert wrote the CSV")
}
