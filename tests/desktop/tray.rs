//! The tray driven as a panel drives it: a StatusNotifierWatcher of our
//! own on the test's session bus (what a desktop panel runs), the app's
//! item registering with it, its menu read and clicked over
//! com.canonical.dbusmenu, each click checked against the CLI. And the
//! desktop without a panel: the header says where the tray's entries are.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use zbus::object_server::SignalEmitter;
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};

use fantoccini::key::Key;

use crate::focus::until_cli;
use crate::harness::World;
use crate::planner::keys;
use crate::window::{Launch, Window};

/// The items registered with the watcher: the sender's bus name and the
/// object path it gave.
type Registered = Arc<Mutex<Vec<(String, String)>>>;

/// The watcher side of the StatusNotifier protocol, as a panel runs it:
/// it records the items that register and says a host is there.
struct Watcher {
    items: Registered,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    async fn register_status_notifier_item(
        &self,
        service: &str,
        #[zbus(header)] header: zbus::message::Header<'_>,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
    ) {
        let sender = header.sender().map(ToString::to_string).unwrap_or_default();
        // An item gives its object path (the sender is its bus name), or
        // a bus name of its own.
        let (name, path) = if service.starts_with('/') {
            (sender, service.to_owned())
        } else {
            (service.to_owned(), "/StatusNotifierItem".to_owned())
        };
        self.items.lock().unwrap().push((name.clone(), path.clone()));
        let _ = Self::status_notifier_item_registered(&emitter, &format!("{name}{path}")).await;
    }

    fn register_status_notifier_host(&self, _service: &str) {}

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        self.items.lock().unwrap().iter().map(|(n, p)| format!("{n}{p}")).collect()
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }

    #[zbus(signal)]
    async fn status_notifier_item_registered(emitter: &SignalEmitter<'_>, service: &str) -> zbus::Result<()>;
}

/// One entry of the item's menu.
#[derive(Debug, Clone)]
struct Entry {
    id: i32,
    label: String,
    enabled: bool,
}

/// The item as the panel sees it.
struct Item {
    bus: zbus::Connection,
    name: String,
    path: String,
}

impl Item {
    async fn property(&self, name: &str) -> OwnedValue {
        let reply = self
            .bus
            .call_method(
                Some(self.name.as_str()),
                self.path.as_str(),
                Some("org.freedesktop.DBus.Properties"),
                "Get",
                &("org.kde.StatusNotifierItem", name),
            )
            .await
            .unwrap_or_else(|e| panic!("the item's {name}: {e}"));
        reply.body().deserialize::<OwnedValue>().expect("a property")
    }

    async fn menu_path(&self) -> String {
        let path = OwnedObjectPath::try_from(self.property("Menu").await).expect("a menu path");
        path.as_str().to_owned()
    }

    /// Every entry of the menu, submenus' too, in order.
    async fn menu(&self) -> Vec<Entry> {
        let reply = self
            .bus
            .call_method(
                Some(self.name.as_str()),
                self.menu_path().await.as_str(),
                Some("com.canonical.dbusmenu"),
                "GetLayout",
                &(0i32, -1i32, Vec::<&str>::new()),
            )
            .await
            .expect("GetLayout");
        let (_revision, layout): (u32, Layout) = reply.body().deserialize().expect("a layout");
        let mut entries = Vec::new();
        flatten(layout, &mut entries);
        entries
    }

    /// The entry labelled `label`.
    async fn entry(&self, label: &str) -> Entry {
        let menu = self.menu().await;
        menu.iter().find(|e| e.label == label).cloned().unwrap_or_else(|| panic!("no '{label}' in {menu:?}"))
    }

    /// Clicks the entry labelled `label`, as a panel does.
    async fn click(&self, label: &str) {
        let entry = self.entry(label).await;
        assert!(entry.enabled, "'{label}' is greyed out");
        self.bus
            .call_method(
                Some(self.name.as_str()),
                self.menu_path().await.as_str(),
                Some("com.canonical.dbusmenu"),
                "Event",
                &(entry.id, "clicked", Value::from(0i32), 0u32),
            )
            .await
            .expect("Event");
    }

    /// Whether the app that registered the item is still on the bus.
    async fn is_running(&self) -> bool {
        let reply = self
            .bus
            .call_method(
                Some("org.freedesktop.DBus"),
                "/org/freedesktop/DBus",
                Some("org.freedesktop.DBus"),
                "NameHasOwner",
                &(self.name.as_str(),),
            )
            .await
            .expect("NameHasOwner");
        reply.body().deserialize::<bool>().expect("a yes or no")
    }

    /// Waits (up to 15 s) until the menu satisfies `check`.
    async fn until(&self, what: &str, check: impl Fn(&[Entry]) -> bool) -> Vec<Entry> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let menu = self.menu().await;
            if check(&menu) {
                return menu;
            }
            assert!(Instant::now() < deadline, "the tray never showed {what}: {menu:?}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

/// A dbusmenu layout node: its id, properties and children (each a
/// variant holding a node).
type Layout = (i32, HashMap<String, OwnedValue>, Vec<OwnedValue>);

/// The entries of a dbusmenu layout, depth first.
fn flatten((id, properties, children): Layout, into: &mut Vec<Entry>) {
    let text = |key: &str| properties.get(key).and_then(|v| String::try_from(v.try_clone().ok()?).ok());
    let label = text("label").unwrap_or_default();
    let enabled =
        properties.get("enabled").and_then(|v| bool::try_from(v.try_clone().ok()?).ok()).unwrap_or(true);
    if id != 0 {
        into.push(Entry { id, label: label.replace('_', ""), enabled });
    }
    for child in children {
        flatten(Layout::try_from(child).expect("a child is a layout node"), into);
    }
}

/// Starts a watcher on the session bus and waits for the app's item.
async fn item() -> (Item, zbus::Connection) {
    let items: Registered = Arc::default();
    let watcher = zbus::connection::Builder::session()
        .expect("the session bus (the tests run in dbus-run-session)")
        .name("org.kde.StatusNotifierWatcher")
        .expect("the watcher's name")
        .serve_at("/StatusNotifierWatcher", Watcher { items: items.clone() })
        .expect("the watcher")
        .build()
        .await
        .expect("own the watcher's name");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let registered = items.lock().unwrap().last().cloned();
        if let Some((name, path)) = registered {
            let bus = zbus::Connection::session().await.expect("the session bus");
            return (Item { bus, name, path }, watcher);
        }
        assert!(Instant::now() < deadline, "the app's tray item never registered with the watcher");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver, tauri-driver and a session bus; scripts/test runs it"]
async fn the_tray_works_as_a_panel_drives_it() {
    let world = World::new("UTC");
    world.ok(&["rules", "auto-focus", "none"]);
    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;
    let (tray, _watcher) = item().await;
    assert!(tray.is_running().await);
    // The panel came after the window: the note about a missing tray goes.
    window.until_gone("[data-testid=no-tray]", 10, "the header still says there is no tray").await;
    let id = String::try_from(tray.property("Id").await).unwrap_or_default();
    assert!(id.ends_with("deepblock"), "the item is Deepblock's: {id}");

    // At rest: focus off, Start focus offered, Stop focus greyed out.
    let menu = tray.until("focus off", |m| m.iter().any(|e| e.label == "Focus: off")).await;
    let enabled = |label: &str| menu.iter().find(|e| e.label == label).map(|e| e.enabled);
    assert_eq!((enabled("Start focus"), enabled("Stop focus")), (Some(true), Some(false)), "{menu:?}");

    // Start focus: the CLI agrees, and the menu says how long is left.
    tray.click("Start focus").await;
    until_cli(&world, &["--json", "focus", "status"], |s| s["session"].is_object()).await;
    tray.until("the time left", |m| {
        m.iter().any(|e| e.label.starts_with("Focus: ") && e.label.contains("min left"))
    })
    .await;
    let label = String::try_from(tray.property("XAyatanaLabel").await).unwrap_or_default();
    assert!(label.ends_with(" min"), "the minutes left beside the icon: {label:?}");
    tray.click("Stop focus").await;
    until_cli(&world, &["--json", "focus", "status"], |s| s["session"].is_null()).await;

    // A locked session (started by the CLI): Stop focus is greyed out.
    world.ok(&["focus", "start", "--minutes", "30", "--locked"]);
    let menu =
        tray.until("a locked session", |m| m.iter().any(|e| e.label.ends_with("min left (locked)"))).await;
    assert_eq!(menu.iter().find(|e| e.label == "Stop focus").map(|e| e.enabled), Some(false), "{menu:?}");

    // The timer from the Track submenu, as the CLI sees it.
    tray.click("Evaluation").await;
    until_cli(&world, &["--json", "track", "status"], |s| s["category"] == "evaluation").await;
    tray.until("the timer", |m| m.iter().any(|e| e.label.starts_with("Now: Evaluation"))).await;
    tray.click("Stop timer").await;
    until_cli(&world, &["--json", "track", "status"], |s| s.is_null()).await;

    // Open planner maps the window hidden to the tray; Quit ends the app.
    keys(&window, &[Key::Control], 'w').await;
    wait_visible(&window, false).await;
    tray.click("Open planner").await;
    wait_visible(&window, true).await;
    tray.click("Quit Deepblock").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while tray.is_running().await {
        assert!(Instant::now() < deadline, "the app did not quit");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver, tauri-driver and a session bus; scripts/test runs it"]
async fn without_a_panel_the_header_says_where_the_trays_entries_are() {
    let world = World::new("UTC");
    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;
    let note = window.text_until("[data-testid=no-tray]", 10, |t| t.contains("No tray icon")).await;
    assert!(note.contains("focus and the timer are here"), "{note}");
    window.screenshot(&crate::planner::artifacts().join("no-tray.png")).await;

    // Ctrl+W puts the window away without hiding it: nothing would bring
    // it back. (Minimised; with no window manager it stays in sight.)
    keys(&window, &[Key::Control], 'w').await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        window.js("return document.visibilityState").await,
        "visible",
        "hidden with no tray to bring it back"
    );

    window.click("no-tray-dismiss").await;
    window.until_gone("[data-testid=no-tray]", 5, "the note stayed after Got it").await;
    window.close().await;
}

/// Waits until the page says it is shown (`visible`) or hidden.
async fn wait_visible(window: &Window, visible: bool) {
    let want = if visible { "visible" } else { "hidden" };
    let deadline = Instant::now() + Duration::from_secs(10);
    while window.js("return document.visibilityState").await != want {
        assert!(Instant::now() < deadline, "the window never became {want}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
