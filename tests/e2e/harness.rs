//! Runs the `deepblock` binary the way a user's shell does.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The binary under test, built from the current sources once per run:
/// `cargo test` builds only library targets for this crate, and a stale
/// binary would test old code.
pub fn deepblock_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| match std::env::var_os("DEEPBLOCK_BIN") {
        Some(path) => PathBuf::from(path),
        None => build("deepblock-cli", "deepblock"),
    })
}

/// The focus daemon, built the same way.
pub fn focusd_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| build("deepblock-focusd", "deepblock-focusd"))
}

/// Builds `bin` of `package` in this test's profile; its path.
pub fn build(package: &str, bin: &str) -> PathBuf {
    // target/<profile>/deps/e2e-… → target/<profile>
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe.parent().and_then(Path::parent).expect("target/<profile>");
    let profile = profile_dir.file_name().and_then(|n| n.to_str()).unwrap_or("debug");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    // Cargo gives a test the variables it gives a build script
    // (CARGO_MANIFEST_DIR, CARGO_PKG_*, OUT_DIR, ...). Some build scripts
    // ask to be run again when one of those changes (ring does, for
    // CARGO_MANIFEST_DIR), so a build started from here with them set
    // would compile ring, rustls and everything above them again, and the
    // next build from a shell would undo it.
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(set_by_cargo_for_tests) {
            command.env_remove(name);
        }
    }
    command.args(["build", "--quiet", "--package", package, "--bin", bin]);
    if profile != "debug" {
        command.args(["--profile", profile]);
    }
    let status = command.status().expect("run cargo build");
    assert!(status.success(), "building {bin} failed");
    profile_dir.join(bin)
}

/// Whether cargo sets `name` for the test it runs (and not the user for
/// cargo): those are left out of a build started from a test.
fn set_by_cargo_for_tests(name: &str) -> bool {
    name == "OUT_DIR"
        || name.starts_with("CARGO_PKG_")
        || name.starts_with("CARGO_BIN_EXE_")
        || matches!(
            name,
            "CARGO_MANIFEST_DIR"
                | "CARGO_MANIFEST_PATH"
                | "CARGO_CRATE_NAME"
                | "CARGO_BIN_NAME"
                | "CARGO_PRIMARY_PACKAGE"
                | "CARGO_TARGET_TMPDIR"
        )
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The JSON the command printed.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    /// Asserts the run failed with `code` and exactly one line on stderr
    /// containing `text`; returns that line.
    pub fn fails(&self, code: i32, text: &str) -> &str {
        assert_eq!(self.code, code, "exit code; stderr: {}", self.stderr);
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "one error line expected, got: {:?}", self.stderr);
        assert!(lines[0].contains(text), "{:?} does not mention {text:?}", lines[0]);
        lines[0]
    }
}

/// A user's world: a private directory, a database in it, a zone.
pub struct World {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub tz: &'static str,
}

impl World {
    pub fn new(tz: &'static str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("plan.db");
        Self { dir, db, tz }
    }

    /// Runs `deepblock --db <db> --tz <tz> ARGS…`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(self.tz, args)
    }

    /// Runs `deepblock --db <db> --tz ZONE ARGS…`: the same plan, seen from
    /// another zone.
    pub fn run_in(&self, zone: &str, args: &[&str]) -> Run {
        let mut command = Command::new(deepblock_bin());
        command.arg("--db").arg(&self.db).args(["--tz", zone]).args(args);
        self.spawn(command)
    }

    /// Runs the binary with exactly `args`, in this world's environment.
    pub fn run_raw(&self, args: &[&str]) -> Run {
        let mut command = Command::new(deepblock_bin());
        command.args(args);
        self.spawn(command)
    }

    /// Runs `deepblock --db <db> --tz <tz> ARGS…` with `input` on its
    /// standard input (a password given with `--password-stdin`).
    pub fn run_with_input(&self, args: &[&str], input: &str) -> Run {
        let mut command = Command::new(deepblock_bin());
        command.arg("--db").arg(&self.db).args(["--tz", self.tz]).args(args);
        self.spawn_with(command, Some(input))
    }

    fn spawn(&self, command: Command) -> Run {
        self.spawn_with(command, None)
    }

    fn spawn_with(&self, mut command: Command, input: Option<&str>) -> Run {
        let home = self.dir.path().join("home");
        command
            .env_remove("DEEPBLOCK_DB")
            .env_remove("DEEPBLOCK_TZ")
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("run deepblock");
        if let Some(input) = input {
            child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write the input");
        }
        let output = child.wait_with_output().expect("run deepblock");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs a command that must succeed and returns its run.
    pub fn ok(&self, args: &[&str]) -> Run {
        self.ok_in(self.tz, args)
    }

    /// Runs a command in another zone that must succeed.
    pub fn ok_in(&self, zone: &str, args: &[&str]) -> Run {
        let run = self.run_in(zone, args);
        assert_eq!(run.code, 0, "deepblock --tz {zone} {args:?} failed: {}", run.stderr);
        run
    }

    /// Adds a block and returns its id.
    pub fn add(&self, args: &[&str]) -> i64 {
        let mut all = vec!["--json", "block", "add"];
        all.extend_from_slice(args);
        self.ok(&all).json()["id"].as_i64().expect("id")
    }

    /// The database file's bytes (after the binary exited, SQLite has
    /// folded its write-ahead log back in).
    pub fn db_bytes(&self) -> Vec<u8> {
        let wal = self.db.with_extension("db-wal");
        assert!(
            !wal.exists() || std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) == 0,
            "WAL left behind"
        );
        std::fs::read(&self.db).expect("read db")
    }

    /// Everything on the local `day` (blocks and meetings) as "HH:MM
    /// title", sorted.
    pub fn day(&self, day: &str) -> Vec<String> {
        let run = self.ok(&["--json", "block", "list", "--from", day, "--to", day]);
        let mut seen: Vec<String> = run
            .json()
            .as_array()
            .expect("array")
            .iter()
            .map(|e| {
                let start = e["start"].as_str().expect("start");
                format!("{} {}", &start[11..16], e["title"].as_str().expect("title"))
            })
            .collect();
        seen.sort();
        seen
    }

    /// `block list --json` for a week, as (id, local start, kind, title).
    pub fn week(&self, week: &str) -> Vec<(i64, String, String, String)> {
        let run = self.ok(&["--json", "block", "list", "--week", week]);
        run.json()
            .as_array()
            .expect("array")
            .iter()
            .map(|e| {
                (
                    e["id"].as_i64().expect("id"),
                    e["start"].as_str().expect("start").to_owned(),
                    e["kind"].as_str().expect("kind").to_owned(),
                    e["title"].as_str().expect("title").to_owned(),
                )
            })
            .collect()
    }
}
