//! A kill -9 in the middle of writing never corrupts the file or loses a
//! committed change.
//!
//! A helper process (`deepblock-crash-writer`) writes blocks in a loop
//! through the store, printing each id once its transaction commits; the
//! test kills it at an arbitrary moment and checks the file.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use chrono::{TimeZone, Utc};
use deepblock_core::Span;
use deepblock_store::Store;

/// Occurrence changes the writer puts in every block.
const CHANGES_PER_BLOCK: usize = 25;

#[test]
fn kill_9_mid_write_leaves_every_committed_change_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let mut committed = Vec::new();
    for (round, after) in [7usize, 31, 60].into_iter().enumerate() {
        let mut child = Command::new(env!("CARGO_BIN_EXE_deepblock-crash-writer"))
            .arg(&path)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let id = |line: String| line.trim().parse::<i64>().unwrap_or_else(|_| panic!("not an id: {line:?}"));
        for _ in 0..after {
            committed.push(id(lines.next().expect("the writer stopped early").unwrap()));
        }
        child.kill().unwrap(); // SIGKILL on Unix
        // Lines already printed before the kill are commits too.
        committed.extend(lines.map_while(Result::ok).map(id));
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
            assert_eq!(
                found.recurrence.as_ref().unwrap().skipped.len(),
                CHANGES_PER_BLOCK,
                "block {id} was half written"
            );
        }
        // Anything beyond the committed ids is a change in flight when a
        // writer died (one per round), and it must be whole too.
        for block in &stored {
            assert_eq!(block.recurrence.as_ref().unwrap().skipped.len(), CHANGES_PER_BLOCK);
        }
        assert!(stored.len() <= committed.len() + round + 1, "round {round}");
    }
}
