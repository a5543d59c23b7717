//! A kill -9 in the middle of writing never corrupts the file or loses a
//! committed change.
//!
//! The test runs itself as a child process that writes blocks in a loop,
//! printing each id once its transaction commits; the parent kills it at an
//! arbitrary moment and checks the file.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use chrono::{Duration, NaiveDateTime, TimeZone, Utc};
use deepblock_core::{Block, BlockId, Category, Kind, Recurrence, RepeatRule, Source, Span};
use deepblock_store::Store;

const CHILD_ENV: &str = "DEEPBLOCK_CRASH_CHILD_DB";
/// Occurrence changes written with every block, so each commit is many rows.
const CHANGES_PER_BLOCK: i64 = 25;

fn block(n: i64) -> Block {
    let start = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap() + Duration::hours(n);
    let mut recurrence = Recurrence::new(RepeatRule::weekly());
    for week in 0..CHANGES_PER_BLOCK {
        let wall = NaiveDateTime::default() + Duration::weeks(week);
        recurrence.skipped.insert(wall);
    }
    Block {
        id: BlockId::UNSAVED,
        uid: format!("crash-{}-{n}@deepblock.test", std::process::id()),
        sequence: 0,
        kind: Kind::Deep,
        title: format!("Block {n}"),
        category: Category::Other,
        start,
        end: start + Duration::minutes(90),
        tz: chrono_tz::UTC,
        recurrence: Some(recurrence),
        protected: false,
        source: Source::Planned,
    }
}

/// The child's side: write until killed.
#[test]
fn child_writer() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut store = Store::open(path.as_ref()).unwrap();
    for n in 0.. {
        let saved = store.insert_block(&block(n)).unwrap();
        println!("committed {}", saved.id.0);
    }
}

#[test]
fn kill_9_mid_write_leaves_every_committed_change_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let mut committed = Vec::new();
    for (round, after) in [7usize, 31, 60].into_iter().enumerate() {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "child_writer", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // libtest prints "test child_writer ... " with no newline before the
        // test runs, so the first commit shares its line: look anywhere.
        let committed_id =
            |line: &str| line.rsplit_once("committed ").map(|(_, id)| id.trim().parse::<i64>().unwrap());
        let mut seen = 0;
        while seen < after {
            let line = lines.next().expect("child stopped early").unwrap();
            if let Some(id) = committed_id(&line) {
                committed.push(id);
                seen += 1;
            }
        }
        child.kill().unwrap(); // SIGKILL on Unix
        // Lines already printed before the kill are commits too.
        for line in lines.map_while(Result::ok) {
            if let Some(id) = committed_id(&line) {
                committed.push(id);
            }
        }
        child.wait().unwrap();

        let store = Store::open(&path).unwrap();
        store.integrity_check().unwrap();
        let everything = Span::new(
            Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2100, 1, 1, 0, 0, 0).unwrap(),
        );
        let stored = store.blocks_touching(&everything).unwrap();
        for id in &committed {
            let found = stored.iter().find(|b| b.id.0 == *id);
            let found = found.unwrap_or_else(|| panic!("round {round}: committed block {id} is missing"));
            let skipped = found.recurrence.as_ref().unwrap().skipped.len() as i64;
            assert_eq!(skipped, CHANGES_PER_BLOCK, "block {id} was half written");
        }
        // Anything beyond the committed ids is a change in flight when a
        // child died (one per round), and it must be whole too.
        for block in &stored {
            assert_eq!(block.recurrence.as_ref().unwrap().skipped.len() as i64, CHANGES_PER_BLOCK);
        }
        assert!(stored.len() <= committed.len() + round + 1, "round {round}");
    }
}
