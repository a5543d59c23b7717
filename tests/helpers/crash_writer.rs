//! The child of the kill -9 test (`e2e::crash`): writes blocks into the
//! database named on the command line until it is killed, printing each
//! block's id on its own line once the transaction that wrote it commits.
//! Each block carries many occurrence changes, so each commit is many rows.

use chrono::{Duration, NaiveDateTime, TimeZone, Utc};
use deepblock_core::{Block, BlockId, Category, Kind, Recurrence, RepeatRule, Source};
use deepblock_store::Store;

/// Occurrence changes written with every block.
const CHANGES_PER_BLOCK: i64 = 25;

fn block(n: i64) -> Block {
    let start =
        Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).single().expect("a valid instant") + Duration::hours(n);
    let mut recurrence = Recurrence::new(RepeatRule::weekly());
    for week in 0..CHANGES_PER_BLOCK {
        recurrence.skipped.insert(NaiveDateTime::default() + Duration::weeks(week));
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

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: deepblock-crash-writer DATABASE");
        std::process::exit(1);
    };
    let mut store = Store::open(path.as_ref()).unwrap_or_else(|e| panic!("cannot open the database: {e}"));
    for n in 0.. {
        let saved = store.write(|tx| tx.insert_block(&block(n))).unwrap_or_else(|e| panic!("write {n}: {e}"));
        println!("{}", saved.id.0);
    }
}
