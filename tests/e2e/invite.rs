//! `deepblock invite`: triage of invitations from several producers, the
//! replies checked by parsers we did not write and by a real CalDAV server.

use std::path::PathBuf;

use crate::harness::World;
use crate::peers;

fn fixture(name: &str) -> String {
    format!("{}/fixtures/invitations/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Ana in Lisbon: Wednesdays without meetings, a protected deep block on
/// Thursday 3 December 10:00–12:00.
fn ana() -> World {
    let world = World::new("Europe/Lisbon");
    world.ok(&["rules", "me", "add", "ana@example.org"]);
    world.ok(&["rules", "no-meeting", "add", "--weekday", "wed"]);
    world.add(&[
        "--kind",
        "deep",
        "--start",
        "2026-12-03T10:00",
        "--end",
        "2026-12-03T12:00",
        "--protected",
        "--title",
        "Thesis",
    ]);
    world
}

fn reply_path(world: &World, name: &str) -> PathBuf {
    world.dir.path().join(name)
}

/// Every check a reply must pass: libical's parser and RFC 5546
/// restrictions, python icalendar and ical.js, and a Radicale PUT.
fn assert_valid_message(file: &std::path::Path, method: &str) -> serde_json::Value {
    let (clean, report) = peers::libical(file);
    assert!(clean, "libical on {}:\n{report}", file.display());
    let python = peers::python("message", file, &[]);
    assert_eq!(python["method"], method);
    let js = peers::icaljs_message(file);
    assert_eq!(js["method"], method);
    assert_eq!(python["events"].as_array().map(Vec::len), js["events"].as_array().map(Vec::len));
    for (a, b) in
        python["events"].as_array().into_iter().flatten().zip(js["events"].as_array().into_iter().flatten())
    {
        assert_eq!(
            (&a["uid"], &a["recurrence_id"], &a["start"]),
            (&b["uid"], &b["recurrence_id"], &b["start"])
        );
        assert_eq!(a["attendees"], 1, "exactly one ATTENDEE, the user");
    }
    let put = peers::python("radicale", file, &[]);
    assert_eq!(put["status"], 201, "Radicale refused {}: {put}", file.display());
    python
}

#[test]
#[ignore = "needs the iCalendar peers (python icalendar, ical.js, libical, Radicale); scripts/test installs and runs them"]
fn a_weekly_invitation_is_declined_only_on_no_meeting_wednesdays_across_dst() {
    let world = ana();
    let reply = reply_path(&world, "reply.ics");
    let reply_arg = reply.to_str().expect("utf-8");
    let run =
        world.run(&["invite", &fixture("google_weekly_request.ics"), "--reply-out", reply_arg, "--counter"]);
    assert_eq!(run.code, 2, "declines exit 2: {}", run.stderr);
    assert!(
        run.stdout.contains("Wed 21 Oct 2026 14:00–15:00  decline  Wednesday 21 Oct is a no-meeting day"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Mon 19 Oct 2026 14:00–15:00  accept"), "{}", run.stdout);

    let message = assert_valid_message(&reply, "REPLY");
    let events = message["events"].as_array().expect("events");
    let summary: Vec<(Option<&str>, Option<&str>)> =
        events.iter().map(|e| (e["recurrence_id"].as_str(), e["partstat"].as_str())).collect();
    // 15:00 in Berlin is 13:00Z in summer time and 14:00Z after 25 October.
    assert_eq!(
        summary,
        [
            (None, Some("ACCEPTED")),
            (Some("2026-10-21T13:00:00Z"), Some("DECLINED")),
            (Some("2026-10-28T14:00:00Z"), Some("DECLINED")),
            (Some("2026-11-04T14:00:00Z"), Some("DECLINED")),
        ]
    );
    let text = std::fs::read_to_string(&reply).expect("reply");
    assert!(text.contains("RECURRENCE-ID;TZID=Europe/Berlin:20261028T150000\r\n"), "{text}");
    assert!(text.contains("SEQUENCE:0\r\n") && !text.contains("VALARM"), "{text}");
    assert!(text.contains("ORGANIZER;CN=Rui Costa:mailto:rui@example.com\r\n"), "{text}");

    let counter = reply_path(&world, "reply-counter.ics");
    let proposals = assert_valid_message(&counter, "COUNTER");
    assert_eq!(proposals["events"].as_array().map(Vec::len), Some(4), "the series and three proposals");

    // Accepted Mondays joined the plan; declined Wednesdays did not.
    let week = world.week("2026-W43");
    let titles: Vec<(&str, &str)> =
        week.iter().map(|(_, start, _, title)| (start.as_str(), title.as_str())).collect();
    assert_eq!(titles, [("2026-10-19T14:00:00+01:00", "Model review")]);
}

#[test]
#[ignore = "needs the iCalendar peers (python icalendar, ical.js, libical, Radicale); scripts/test installs and runs them"]
fn invitations_from_each_producer_get_the_expected_decision() {
    let world = ana();
    let cases = [
        ("outlook_request.ics", 2, "it overlaps the protected block 'Thesis'"),
        ("teams_request.ics", 0, "accept"),
        ("apple_request.ics", 2, "is outside your workday"),
    ];
    for (file, code, words) in cases {
        let reply = reply_path(&world, &format!("{file}.reply.ics"));
        let run = world.run(&["invite", &fixture(file), "--reply-out", reply.to_str().expect("utf-8")]);
        assert_eq!(run.code, code, "{file}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains(words), "{file}: {}", run.stdout);
        let message = assert_valid_message(&reply, "REPLY");
        let partstat = if code == 0 { "ACCEPTED" } else { "DECLINED" };
        assert_eq!(message["events"][0]["partstat"], partstat, "{file}");
    }
    // Outlook's Windows zone and quoted CN come back exactly as written.
    let outlook =
        std::fs::read_to_string(reply_path(&world, "outlook_request.ics.reply.ics")).expect("reply");
    assert!(outlook.contains("DTSTART;TZID=W. Europe Standard Time:20261203T110000\r\n"), "{outlook}");
    assert!(outlook.contains("ORGANIZER;CN=\"Müller, Jan\":mailto:jan.mueller@example.de\r\n"), "{outlook}");
    assert!(outlook.contains("BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\n"), "{outlook}");
}

#[test]
#[ignore = "needs the iCalendar peers (python icalendar, ical.js, libical, Radicale); scripts/test installs and runs them"]
fn the_real_blackberry_invitation_is_triaged() {
    let world = World::new("Europe/Lisbon");
    world.ok(&["rules", "me", "add", "rembrand@xs4all.nl"]);
    world.ok(&["rules", "no-meeting", "add", "--date", "2012-08-14"]);
    let reply = reply_path(&world, "bb.ics");
    let run = world.run(&[
        "invite",
        &fixture("real_blackberry_request.ics"),
        "--reply-out",
        reply.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("Tuesday 14 Aug is a no-meeting day"), "{}", run.stdout);
    let text = std::fs::read_to_string(&reply).expect("reply");
    assert!(text.contains("DTSTART;VALUE=DATE:20120814\r\n"), "the all-day form is kept: {text}");
    assert!(
        text.contains("ATTENDEE;CN=RembrandXS;PARTSTAT=DECLINED:MAILTO:rembrand@xs4all.nl\r\n"),
        "{text}"
    );
    assert_valid_message(&reply, "REPLY");
}

#[test]
#[ignore = "needs the iCalendar peers (python icalendar, ical.js, libical, Radicale); scripts/test installs and runs them"]
fn the_real_exchange_invitation_is_accepted_then_declined_when_the_day_becomes_meeting_free() {
    let world = World::new("Europe/Lisbon");
    world.ok(&["rules", "me", "add", "test-1@test.com"]);
    let reply = reply_path(&world, "exchange.ics");
    let reply_arg = reply.to_str().expect("utf-8");
    let invite = fixture("real_exchange2010_request.ics");
    // 18:00 in Amman's summer time (+03, from Exchange's own VTIMEZONE) is 16:00 in Lisbon.
    let run = world.ok(&["invite", &invite, "--reply-out", reply_arg]);
    assert!(run.stdout.contains("Mon 29 Jul 2019 16:00–16:30  accept"), "{}", run.stdout);
    assert_valid_message(&reply, "REPLY");
    let text = std::fs::read_to_string(&reply).expect("reply").replace("\r\n ", "");
    assert!(text.contains("DTSTART;TZID=Jordan Standard Time:20190729T180000\r\n"), "{text}");
    assert!(
        text.contains("ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Test-1;PARTSTAT=ACCEPTED:MAILTO:test-1@test.com\r\n"),
        "{text}"
    );
    assert_eq!(world.week("2019-W31").len(), 1, "the accepted meeting joined the plan");

    world.ok(&["rules", "no-meeting", "add", "--date", "2019-07-29"]);
    let again = world.run(&["invite", &invite, "--reply-out", reply_arg]);
    assert_eq!(again.code, 2, "{}{}", again.stdout, again.stderr);
    assert!(again.stdout.contains("Monday 29 Jul is a no-meeting day"), "{}", again.stdout);
    assert!(again.stdout.contains("it has left your plan"), "{}", again.stdout);
    assert!(world.week("2019-W31").is_empty(), "a declined meeting does not stay on the plan");
    assert_eq!(assert_valid_message(&reply, "REPLY")["events"][0]["partstat"], "DECLINED");
}

#[test]
#[ignore = "needs the iCalendar peers (python icalendar, ical.js, libical, Radicale); scripts/test installs and runs them"]
fn the_real_google_all_day_invitation_ignores_the_workday_but_not_a_no_meeting_day() {
    let world = World::new("Europe/Lisbon");
    world.ok(&["rules", "me", "add", "test@test.com"]);
    let reply = reply_path(&world, "allday.ics");
    let reply_arg = reply.to_str().expect("utf-8");
    let invite = fixture("real_google_allday_request.ics");
    let run = world.ok(&["invite", &invite, "--reply-out", reply_arg, "--no-join"]);
    assert!(run.stdout.contains("Tue 10 Aug 2021 all day  accept"), "{}", run.stdout);
    let text = std::fs::read_to_string(&reply).expect("reply");
    assert!(text.contains("DTSTART;VALUE=DATE:20210810\r\n"), "{text}");
    assert_valid_message(&reply, "REPLY");

    world.ok(&["rules", "no-meeting", "add", "--date", "2021-08-10"]);
    let run = world.run(&["invite", &invite, "--reply-out", reply_arg, "--no-join"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("Tue 10 Aug 2021 all day  decline  Tuesday 10 Aug is a no-meeting day"),
        "{}",
        run.stdout
    );
    assert_eq!(assert_valid_message(&reply, "REPLY")["events"][0]["partstat"], "DECLINED");
}

#[test]
fn messages_that_are_not_invitations_for_us_fail_with_one_line() {
    let world = ana();
    let before = world.db_bytes();
    let cases = [
        ("google_publish.ics", "not an invitation"),
        ("real_outlook2003_publish.ics", "METHOD:PUBLISH message, not an invitation"),
        ("real_exchange2010_no_organizer.ics", "has no ORGANIZER"),
        ("real_exchange_cdo_no_organizer.ics", "has no ORGANIZER"),
        ("real_podio_no_organizer.ics", "has no ORGANIZER"),
        ("real_blackberry_request.ics", "none of your addresses (ana@example.org) is invited"),
    ];
    for (file, words) in cases {
        let reply = reply_path(&world, "never.ics");
        world.run(&["invite", &fixture(file), "--reply-out", reply.to_str().expect("utf-8")]).fails(1, words);
        assert!(!reply.exists(), "{file} wrote a reply");
    }
    world.run(&["invite", &fixture("../ics/pyical_broken_ical.ics")]).fails(1, "line 4");
    assert_eq!(world.db_bytes(), before);
    let stranger = World::new("Europe/Lisbon");
    stranger.run(&["invite", &fixture("google_weekly_request.ics")]).fails(1, "does not know who you are");
}

#[test]
fn a_reply_that_cannot_be_saved_leaves_the_plan_as_it_was() {
    let world = ana();
    let before = world.db_bytes();
    let nowhere = world.dir.path().join("no-such-dir/reply.ics");
    world
        .run(&["invite", &fixture("teams_request.ics"), "--reply-out", nowhere.to_str().expect("utf-8")])
        .fails(3, "cannot write");
    assert_eq!(world.db_bytes(), before, "the accepted meeting did not join the plan");
}

#[test]
fn updates_replace_stale_ones_are_ignored_and_cancels_remove() {
    let world = ana();
    world.run(&["invite", &fixture("google_weekly_request.ics")]);
    let update = world.run(&["invite", &fixture("google_weekly_update.ics")]);
    assert_eq!(update.code, 0, "Mondays and Tuesdays break no rule: {}", update.stdout);
    let week = world.week("2026-W43");
    let days: Vec<&str> = week.iter().map(|(_, start, _, _)| &start[..10]).collect();
    assert_eq!(days, ["2026-10-19", "2026-10-20"], "the update replaced the series");
    let stale = world.ok(&["invite", &fixture("google_weekly_request.ics")]);
    assert!(stale.stdout.contains("older than the one on your plan"), "{}", stale.stdout);
    assert_eq!(world.week("2026-W43").len(), 2);
    let cancel = world.ok(&["invite", &fixture("google_weekly_cancel.ics")]);
    assert!(cancel.stdout.contains("cancelled and left your plan"), "{}", cancel.stdout);
    assert!(world.week("2026-W43").is_empty());
}

#[test]
fn the_decline_comment_is_the_users_own() {
    let world = ana();
    world.ok(&["rules", "decline-comment", "Focus day here ({reason}); could we try Thursday?"]);
    let reply = reply_path(&world, "r.ics");
    world.run(&[
        "invite",
        &fixture("google_weekly_request.ics"),
        "--reply-out",
        reply.to_str().expect("utf-8"),
    ]);
    let text = std::fs::read_to_string(&reply).expect("reply").replace("\r\n ", "");
    assert!(
        text.contains(
            "COMMENT:Focus day here (Wednesday 21 Oct is a no-meeting day)\\; could we try Thursday?"
        ),
        "{text}"
    );
}
