//! Calendar files dropped on the real window: an invitation is answered by
//! the user's rules, its reply saved beside it, and the CLI sees the plan.

use crate::harness::World;
use crate::planner::artifacts;
use crate::window::{Launch, Window};

/// Delivers a file drop the way the window's native drop handler does, as
/// Tauri's `tauri://drag-*` events; everything after it is the real app.
async fn drop_files(window: &Window, paths: &[&str]) {
    let paths = serde_json::to_string(paths).expect("paths");
    for event in ["tauri://drag-enter", "tauri://drag-drop"] {
        window
            .js(&format!(
                "return window.__TAURI_INTERNALS__.invoke('plugin:event|emit', {{
                    event: '{event}', payload: {{ paths: {paths}, position: {{ x: 400, y: 300 }} }} }})"
            ))
            .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn a_dropped_invitation_is_answered_by_the_rules_and_its_reply_saved_beside_it() {
    let world = World::new("UTC");
    world.ok(&["rules", "me", "add", "ana@example.org"]);
    world.ok(&["rules", "no-meeting", "add", "--weekday", "wed"]);
    let downloads = world.dir.path().join("Downloads");
    std::fs::create_dir_all(&downloads).expect("downloads");
    let invite = downloads.join("invite.ics");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/invitations/google_weekly_request.ics");
    std::fs::copy(fixture, &invite).expect("copy the invitation");
    let notes = downloads.join("notes.txt");
    std::fs::write(&notes, "not a calendar").expect("notes");

    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;
    drop_files(&window, &[invite.to_str().expect("utf-8"), notes.to_str().expect("utf-8")]).await;

    let report = window.wait_for("[data-testid=drop-report]").await.text().await.expect("report");
    assert!(report.contains("Invitation: Model review"), "{report}");
    assert!(
        report.contains("Wed 21 Oct 2026 13:00–14:00 Decline Wednesday 21 Oct is a no-meeting day"),
        "{report}"
    );
    assert!(report.contains("Mon 19 Oct 2026 13:00–14:00 Accept"), "{report}");
    let reply = downloads.join("invite-reply.ics");
    assert!(report.contains(reply.to_str().expect("utf-8")), "{report}");
    let text = std::fs::read_to_string(&reply).expect("the reply was saved beside the invitation");
    assert!(text.contains("METHOD:REPLY\r\n") && text.contains("PARTSTAT=DECLINED"), "{text}");
    assert!(
        downloads.join("invite-reply-counter.ics").exists(),
        "a counter-proposal for the declined Wednesdays"
    );

    let refused = window.wait_for("[data-testid=message][role=alert]").await.text().await.expect("message");
    assert!(refused.contains("Only .ics calendar files") && refused.contains("notes.txt"), "{refused}");

    // The accepted Monday is on the plan, and the window shows its week.
    let week: Vec<String> =
        world.week("2026-W43").into_iter().map(|(_, start, _, title)| format!("{start} {title}")).collect();
    assert_eq!(week, ["2026-10-19T13:00:00Z Model review"]);
    let name = window.wait_for("[data-testid=week-name]").await.text().await.expect("week name");
    assert!(name.contains("2026-W43"), "{name}");
    window.wait_for(".ec-event.db-kind-meeting").await;
    window.screenshot(&artifacts().join("dropped-invitation.png")).await;
    window.close().await;
}
