//! The store against real SQLite files.

use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use deepblock_core::rules::{Goals, Half, NoMeetingWhen, WeekdaySet, Workday};
use deepblock_core::{Block, BlockId, Category, Kind, Recurrence, RepeatRule, Source, Span};
use deepblock_store::{Store, StoreError, schema};

fn sample(kind: Kind, day: u32, hour: u32) -> Block {
    let start = Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0).unwrap();
    Block {
        id: BlockId::UNSAVED,
        uid: format!("{kind}-{day}-{hour}@deepblock.test"),
        sequence: 0,
        kind,
        title: "Paper, reading; \"draft\"\nsecond line — ü".into(),
        category: Category::ResearchLearning,
        start,
        end: start + Duration::minutes(90),
        tz: "Europe/Lisbon".parse::<Tz>().unwrap(),
        recurrence: None,
        protected: true,
        source: Source::Planned,
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn wall(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_new_file_gets_the_latest_schema_and_default_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::latest_version());
    let rules = store.rules().unwrap();
    assert_eq!(rules.goals, Goals { deep_minutes: 600, learning_minutes: 180 });
    assert_eq!(rules.min_deep_minutes, 90);
    assert_eq!(rules.workday, Workday::default());
    assert!(rules.no_meeting.is_empty());
    store.integrity_check().unwrap();
}

/// Writes data a database at `version` can hold, with plain SQL as that
/// version's code would have.
fn seed(conn: &rusqlite::Connection, version: usize) {
    if version >= 1 {
        conn.execute_batch(
            "INSERT INTO blocks (uid, kind, title, category, start_utc, end_utc, tz, rrule, series_end_utc)
             VALUES ('old@x', 'deep', 'Old block', 'model-dev', 1780000000, 1780005400, 'Europe/Lisbon', 'FREQ=WEEKLY', NULL);
             INSERT INTO no_meeting_rules (weekday) VALUES (2);
             UPDATE settings SET deep_goal_minutes = 720;",
        )
        .unwrap();
    }
    if version >= 3 {
        conn.execute_batch("UPDATE settings SET decline_comment = 'No: {reason}';").unwrap();
    }
    if version >= 2 {
        conn.execute_batch(
            "INSERT INTO no_meeting_rules (date_from, date_to, created_on) VALUES ('2026-12-24', '2026-12-24', '2026-11-01');",
        )
        .unwrap();
    }
}

#[test]
fn every_older_schema_upgrades_keeping_its_data() {
    for version in 0..schema::latest_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            schema::migrations().to_version(&mut conn, version).unwrap();
            seed(&conn, version);
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), schema::latest_version(), "from {version}");
        let rules = store.rules().unwrap();
        if version >= 1 {
            assert_eq!(rules.goals.deep_minutes, 720);
            assert_eq!(
                rules.no_meeting[0].when,
                NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: None }
            );
            let window = Span::new(
                Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
                Utc::now() + Duration::days(3650),
            );
            assert_eq!(store.blocks_touching(&window).unwrap()[0].title, "Old block");
        }
        if version == 1 {
            // Rules made before schema 2 are dated the day of the upgrade.
            assert_eq!(rules.no_meeting[0].created_on, Utc::now().date_naive());
        }
        if version < 3 {
            assert_eq!(rules.decline_comment, deepblock_core::rules::DEFAULT_DECLINE_COMMENT);
        }
        if version >= 2 {
            assert_eq!(rules.no_meeting[1].created_on, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        }
        store.integrity_check().unwrap();
    }
}

#[test]
fn a_file_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    drop(Store::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", schema::latest_version() + 1).unwrap();
    }
    let before = bytes(&path);
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err:?}");
    assert!(err.to_string().contains("written by a newer Deepblock"), "{err}");
    assert_eq!(bytes(&path), before);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "these are my notes, not a database\n".repeat(100)).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert_eq!(bytes(&path), "these are my notes, not a database\n".repeat(100).as_bytes());
}

#[test]
fn a_path_in_a_missing_directory_says_so() {
    let err = Store::open(Path::new("/nonexistent/deepblock/plan.db")).unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("cannot open the database /nonexistent/deepblock/plan.db"), "{text}");
    assert!(text.ends_with("check the path and its permissions"), "{text}");
    assert!(!text.contains("--"), "the store names no front end's flags: {text}");
}

#[test]
fn blocks_round_trip_with_their_changed_occurrences() {
    let mut store = Store::open_in_memory().unwrap();
    let mut block = sample(Kind::Deep, 1, 9);
    let mut recurrence = Recurrence::new(RepeatRule::weekly());
    recurrence.skipped.insert(wall("2026-12-08T09:00"));
    recurrence.added.insert(wall("2026-12-12T10:00"));
    let moved_to = Span::new(
        Utc.with_ymd_and_hms(2026, 12, 16, 14, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 12, 16, 15, 30, 0).unwrap(),
    );
    recurrence.moved.insert(wall("2026-12-15T09:00"), moved_to);
    block.recurrence = Some(recurrence);
    let saved = store.write(|tx| tx.insert_block(&block)).unwrap();
    assert_ne!(saved.id, BlockId::UNSAVED);
    assert_eq!(store.block(saved.id).unwrap().unwrap(), saved);

    let mut changed = saved.clone();
    changed.recurrence.as_mut().unwrap().skipped.clear();
    changed.sequence = 1;
    changed.title = "Renamed".into();
    assert!(store.write(|tx| tx.update_block(&changed)).unwrap());
    assert_eq!(store.block(saved.id).unwrap().unwrap(), changed);

    assert_eq!(store.write(|tx| tx.delete_block(saved.id)).unwrap(), Some(changed));
    assert_eq!(store.block(saved.id).unwrap(), None);
    assert_eq!(store.write(|tx| tx.delete_block(saved.id)).unwrap(), None);
    let mut ghost = saved;
    ghost.id = BlockId(999);
    assert!(!store.write(|tx| tx.update_block(&ghost)).unwrap());
}

#[test]
fn a_deleted_block_is_restored_under_its_own_id_with_its_occurrence_changes() {
    let mut store = Store::open_in_memory().unwrap();
    let first = store.write(|tx| tx.insert_block(&sample(Kind::Deep, 1, 9))).unwrap();
    let mut series = sample(Kind::Learning, 2, 14);
    let mut recurrence = Recurrence::new(RepeatRule::weekly());
    recurrence.skipped.insert(wall("2026-12-09T14:00"));
    series.recurrence = Some(recurrence);
    let series = store.write(|tx| tx.insert_block(&series)).unwrap();
    store.write(|tx| tx.delete_block(series.id)).unwrap();

    store.write(|tx| tx.restore_block(&series)).unwrap();
    assert_eq!(store.block(series.id).unwrap().unwrap(), series);

    let mut edited = first.clone();
    edited.title = "Edited".into();
    store.write(|tx| tx.update_block(&edited)).unwrap();
    store.write(|tx| tx.restore_block(&first)).unwrap();
    assert_eq!(store.block(first.id).unwrap().unwrap(), first);

    let next = store.write(|tx| tx.insert_block(&sample(Kind::Admin, 3, 10))).unwrap();
    assert!(next.id > series.id, "a new block never reuses a restored id");
}

#[test]
fn imported_blocks_keep_their_calendar_and_uids_are_unique_per_calendar() {
    let mut store = Store::open_in_memory().unwrap();
    let mut meeting = sample(Kind::Meeting, 2, 10);
    meeting.source = Source::Imported { calendar: "Work".into() };
    let saved = store.write(|tx| tx.insert_block(&meeting)).unwrap();
    assert_eq!(store.block(saved.id).unwrap().unwrap().source, meeting.source);
    let mut elsewhere = meeting.clone();
    elsewhere.source = Source::Imported { calendar: "Home".into() };
    store.write(|tx| tx.insert_block(&elsewhere)).unwrap();
    assert!(store.write(|tx| tx.insert_block(&meeting)).is_err(), "same UID in the same calendar");
}

#[test]
fn blocks_touching_finds_one_offs_and_live_series_only() {
    let mut store = Store::open_in_memory().unwrap();
    let tz: Tz = "Europe/Lisbon".parse().unwrap();
    let inside = store.write(|tx| tx.insert_block(&sample(Kind::Deep, 2, 9))).unwrap();
    store.write(|tx| tx.insert_block(&sample(Kind::Deep, 20, 9))).unwrap();
    let mut forever = sample(Kind::Learning, 1, 14);
    forever.start -= Duration::weeks(30);
    forever.end -= Duration::weeks(30);
    forever.recurrence = Some(Recurrence::new(RepeatRule::weekly()));
    let forever = store.write(|tx| tx.insert_block(&forever)).unwrap();
    let mut ended = sample(Kind::Learning, 1, 16);
    ended.start -= Duration::weeks(30);
    ended.end -= Duration::weeks(30);
    let last = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    ended.recurrence = Some(Recurrence::new(RepeatRule::weekly_until(tz, last)));
    store.write(|tx| tx.insert_block(&ended)).unwrap();

    let week = deepblock_core::Week::parse_iso("2026-W49").unwrap().span(tz);
    let ids: Vec<BlockId> = store.blocks_touching(&week).unwrap().iter().map(|b| b.id).collect();
    assert_eq!(ids, [forever.id, inside.id]);
}

#[test]
fn rules_round_trip() {
    let mut store = Store::open_in_memory().unwrap();
    let wednesday_pm = NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: Some(Half::Pm) };
    let date = NoMeetingWhen::Date { date: NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(), half: None };
    let range = NoMeetingWhen::Range {
        from: NaiveDate::from_ymd_opt(2026, 12, 26).unwrap(),
        to: NaiveDate::from_ymd_opt(2027, 1, 2).unwrap(),
    };
    let (first, new) = store.write(|tx| tx.add_no_meeting(&wednesday_pm, today())).unwrap();
    assert!(new);
    store.write(|tx| tx.add_no_meeting(&date, today())).unwrap();
    store.write(|tx| tx.add_no_meeting(&range, today())).unwrap();
    let (again, new) = store.write(|tx| tx.add_no_meeting(&wednesday_pm, today())).unwrap();
    assert!(!new);
    assert_eq!(again, first);

    let workday = Workday {
        start: chrono::NaiveTime::from_hms_opt(7, 30, 0).unwrap(),
        end: chrono::NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
        days: WeekdaySet::parse("mon-thu").unwrap(),
    };
    store.write(|tx| tx.set_workday(&workday)).unwrap();
    store.write(|tx| tx.set_goals(&Goals { deep_minutes: 900, learning_minutes: 120 })).unwrap();
    store.write(|tx| tx.set_min_deep_minutes(60)).unwrap();
    store.write(|tx| tx.set_week_start(Weekday::Sun)).unwrap();
    assert!(store.write(|tx| tx.add_my_address("ana@example.org")).unwrap());
    assert!(!store.write(|tx| tx.add_my_address("ana@example.org")).unwrap());

    let rules = store.rules().unwrap();
    let whens: Vec<NoMeetingWhen> = rules.no_meeting.iter().map(|r| r.when).collect();
    assert_eq!(whens, [wednesday_pm, date, range]);
    assert_eq!(rules.workday, workday);
    assert_eq!(rules.goals.deep_minutes, 900);
    assert_eq!(rules.min_deep_minutes, 60);
    assert_eq!(rules.week_start, Weekday::Sun);
    assert_eq!(rules.me, ["ana@example.org"]);
    assert!(rules.no_meeting.iter().all(|r| r.created_on == today()));

    assert_eq!(store.write(|tx| tx.remove_no_meeting(first.id)).unwrap(), Some(first));
    assert_eq!(store.write(|tx| tx.remove_no_meeting(first.id)).unwrap(), None);
    assert!(store.write(|tx| tx.remove_my_address("ana@example.org")).unwrap());
    assert!(!store.write(|tx| tx.remove_my_address("ana@example.org")).unwrap());
}

#[test]
fn replacing_an_imported_calendar_updates_by_uid_and_removes_the_rest() {
    let mut store = Store::open_in_memory().unwrap();
    let planned = store.write(|tx| tx.insert_block(&sample(Kind::Deep, 1, 9))).unwrap();
    let meeting = |uid: &str, hour: u32| Block { uid: uid.into(), ..sample(Kind::Meeting, 2, hour) };
    let first =
        store.write(|tx| tx.replace_calendar("Work", &[meeting("a@x", 9), meeting("b@x", 10)])).unwrap();
    assert_eq!((first.added, first.updated, first.removed), (2, 0, 0));
    let window = Span::new(
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
    );
    let id_of = |store: &Store, uid: &str| {
        store.blocks_touching(&window).unwrap().into_iter().find(|b| b.uid == uid).map(|b| b.id)
    };
    let a_id = id_of(&store, "a@x").unwrap();

    let mut moved = meeting("a@x", 15);
    moved.title = "Moved".into();
    let second = store.write(|tx| tx.replace_calendar("Work", &[moved.clone(), meeting("c@x", 11)])).unwrap();
    assert_eq!((second.added, second.updated, second.removed), (1, 1, 1));
    let third = store.write(|tx| tx.replace_calendar("Work", &[moved, meeting("c@x", 11)])).unwrap();
    assert_eq!((third.added, third.updated, third.unchanged, third.removed), (0, 0, 2, 0));
    assert_eq!(id_of(&store, "a@x"), Some(a_id), "re-import keeps the block's id");
    assert_eq!(store.block(a_id).unwrap().unwrap().title, "Moved");
    assert_eq!(id_of(&store, "b@x"), None);
    assert_eq!(store.block(planned.id).unwrap().unwrap().source, Source::Planned, "planned blocks untouched");
    let other = store.write(|tx| tx.replace_calendar("Home", &[meeting("a@x", 9)])).unwrap();
    assert_eq!(other.added, 1, "the same UID in another calendar is another event");
}

#[test]
fn a_unit_of_work_that_fails_half_way_leaves_nothing_behind() {
    let mut store = Store::open_in_memory().unwrap();
    let failed: Result<(), StoreError> = store.write(|tx| {
        tx.insert_block(&sample(Kind::Deep, 1, 9))?;
        tx.set_min_deep_minutes(45)?;
        Err(StoreError::Busy)
    });
    assert!(matches!(failed, Err(StoreError::Busy)));
    let everything = Span::new(
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
    );
    assert!(store.blocks_touching(&everything).unwrap().is_empty(), "the block went with the failure");
    assert_eq!(store.rules().unwrap().min_deep_minutes, 90, "and so did the setting");
    store.write(|tx| tx.set_min_deep_minutes(45)).unwrap();
    assert_eq!(store.rules().unwrap().min_deep_minutes, 45, "the store is usable after a rollback");
}

#[test]
fn only_another_connections_commit_counts_as_a_change_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.db");
    let mut window = Store::open(&path).unwrap();
    let mut cli = Store::open(&path).unwrap();
    window.write(|tx| tx.set_min_deep_minutes(60)).unwrap();
    assert!(!window.changed_elsewhere().unwrap(), "its own write");
    cli.write(|tx| tx.set_min_deep_minutes(75)).unwrap();
    assert!(window.changed_elsewhere().unwrap(), "the CLI's write");
    assert!(!window.changed_elsewhere().unwrap(), "said once");
}

#[test]
fn entries_touching_a_span_include_one_begun_the_day_before() {
    use deepblock_core::actual::{ActualSource, Entry, LONGEST_ENTRY_HOURS};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("plan.db")).unwrap();
    let monday = Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap();
    let entry = |from: chrono::DateTime<Utc>, hours: i64| {
        Entry::new(
            Span::new(from, from + Duration::hours(hours)),
            Category::Admin,
            ActualSource::Manual,
            None,
        )
        .unwrap()
    };
    // The longest entry there can be, ending an hour into the span; one
    // ending as the span begins; one inside it.
    let longest = entry(monday - Duration::hours(LONGEST_ENTRY_HOURS - 1), LONGEST_ENTRY_HOURS);
    let before = entry(monday - Duration::hours(3), 3);
    let inside = entry(monday + Duration::hours(9), 1);
    store
        .write(|tx| {
            for e in [&longest, &before, &inside] {
                tx.add_entry(e)?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let week = Span::new(monday, monday + Duration::weeks(1));
    assert_eq!(store.entries_touching(&week).unwrap(), vec![longest, inside]);
}
