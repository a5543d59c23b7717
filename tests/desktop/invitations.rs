//! Invitations waiting in a connected calendar, answered from the week in
//! the real window, against Cyrus (which schedules, RFC 6638): the one that
//! breaks a rule shows with Decline, Decline and propose, and Keep; one
//! click declines it on the server and the organizer gets the comment with
//! the proposed time. The auto-decline toggle in Settings is the CLI's.

use std::time::{Duration, Instant};

use crate::cyrus::{Cyrus, PASSWORD};
use crate::harness::World;
use crate::planner::artifacts;
use crate::window::{Launch, Window};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver, tauri-driver, the OS keyring, Cyrus and python caldav; scripts/test installs and runs them"]
async fn an_invitation_that_breaks_a_rule_is_declined_from_the_week_with_a_proposal() {
    let cyrus = Cyrus::start(&["alice", "bob"]);
    cyrus.client(
        "alice",
        "Default",
        &[
            "invite",
            "roadmap@example.org",
            "Roadmap sync",
            "20270604T140000Z",
            "20270604T150000Z",
            "",
            "bob@example.org",
        ],
    );
    let world = World::new("UTC");
    world.ok(&["rules", "me", "add", "bob@example.org"]);
    world.ok(&["rules", "no-meeting", "add", "--weekday", "fri"]);
    let url = cyrus.url();
    let connect = [
        "calendar",
        "connect",
        "Work",
        url.as_str(),
        "--user",
        "bob",
        "--password-stdin",
        "--read",
        "Default",
    ];
    assert_eq!(world.run_with_input(&connect, &format!("{PASSWORD}\n")).code, 0);

    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;
    let line = window.text_until("[data-testid=invitation]", 30, |t| t.contains("Roadmap sync")).await;
    assert!(line.contains("breaks a rule: Friday 4 Jun is a no-meeting day"), "{line}");
    window.screenshot(&artifacts().join("invitation-pending.png")).await;

    // Decline and propose. Should Cyrus refuse the write (403, see
    // cyrus.rs), the window says so and another click, a little later,
    // tries again. Cyrus has been seen to refuse one run's every attempt;
    // then what the user sees of a refusal is checked, and the rest (the
    // organizer's answer) cannot be.
    let mut said = String::new();
    for _ in 0..6 {
        window.click("invitation-propose").await;
        said = window
            .text_until("[data-testid=message]", 60, |t| t.starts_with("Declined") || t.contains("refused"))
            .await;
        if said.starts_with("Declined") {
            break;
        }
        window
            .client
            .execute("document.querySelector('[data-testid=message] .close')?.click()", vec![])
            .await
            .expect("dismiss");
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    if !said.starts_with("Declined") {
        assert!(said.contains("refused the change (403"), "{said}");
        assert!(said.contains("nothing was declined, try again"), "{said}");
        let waiting = world.ok(&["--json", "calendar", "invitations"]).json();
        assert_eq!(waiting[0]["state"], "pending", "a refused decline leaves it waiting: {waiting}");
        eprintln!(
            "Cyrus refused every decline this run (403); the refusal was checked, the organizer's side was not"
        );
        window.close().await;
        return;
    }
    assert!(said.contains("Could we meet on Mon 7 Jun, 08:00–09:00 instead?"), "{said}");
    window
        .text_until("[data-testid=invitation-declined]", 10, |t| t.contains("Declined 'Roadmap sync'"))
        .await;
    window.screenshot(&artifacts().join("invitation-declined.png")).await;
    let organizer = cyrus.client("alice", "Default", &["status", "roadmap@example.org", "bob@example.org"]);
    assert_eq!(organizer, "master|DECLINED");

    // The toggle in Settings is `rules auto-decline`.
    window.click("open-settings").await;
    window.click("auto-decline").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while world.ok(&["rules", "list", "--json"]).json()["auto_decline"] != true {
        assert!(Instant::now() < deadline, "the CLI never showed auto-decline on");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    window.close().await;
}
