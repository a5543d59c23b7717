//! Starting the real app: a private X server (Xvfb picks a free display),
//! tauri-driver on a free port, and a WebDriver session whose application
//! is the desktop binary built from the current sources.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

/// A process started in its own process group, killed with everything it
/// started (tauri-driver's WebKitWebDriver, the app) when the test ends,
/// pass or fail.
struct Reaped(Child);

impl Reaped {
    fn spawn(command: &mut Command) -> std::io::Result<Self> {
        command.process_group(0).spawn().map(Self)
    }
}

impl Drop for Reaped {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One window at a time: parallel WebDriver sessions on one small machine
/// starve each other, and a test then hangs instead of failing.
static ONE_WINDOW: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The desktop binary, built once per run (cargo test builds no binaries
/// for this crate, and a stale one would test old code). The UI must have
/// been built first (scripts/test does), as the binary embeds it.
pub fn desktop_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| crate::harness::build("deepblock-desktop", "deepblock-desktop"))
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

/// One running app and the WebDriver session on it.
pub struct Window {
    pub client: Client,
    _driver: Reaped,
    _xvfb: Reaped,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

/// What the app sees: its database, zone and theme, and the system bus it
/// takes for the focus daemon's (none: the machine's, where no daemon runs).
pub struct Launch<'a> {
    pub db: &'a Path,
    pub home: &'a Path,
    pub tz: &'a str,
    pub dark: bool,
    pub system_bus: Option<&'a str>,
}

impl<'a> Launch<'a> {
    /// The app on `db` with `home`, in UTC, light, on the machine's buses.
    pub fn utc(db: &'a Path, home: &'a Path) -> Self {
        Self { db, home, tz: "UTC", dark: false, system_bus: None }
    }
}

impl Window {
    /// Starts Xvfb, tauri-driver and the app, and waits for the week grid.
    pub async fn open(launch: Launch<'_>) -> Self {
        let turn = ONE_WINDOW.lock().await;
        let mut xvfb = Reaped::spawn(
            Command::new("Xvfb")
                .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        )
        .expect("Xvfb (apt install xvfb; scripts/setup installs it)");
        let mut display = String::new();
        BufReader::new(xvfb.0.stdout.take().expect("Xvfb stdout")).read_line(&mut display).expect("display");
        let port = free_port();
        let mut command = Command::new(tauri_driver());
        if let Some(address) = launch.system_bus {
            command.env("DBUS_SYSTEM_BUS_ADDRESS", address);
        }
        let driver = Reaped::spawn(
            command
                .args(["--port", &port.to_string(), "--native-port", &free_port().to_string()])
                .env("DISPLAY", format!(":{}", display.trim()))
                .env("DEEPBLOCK_DB", launch.db)
                .env("DEEPBLOCK_TZ", launch.tz)
                .env("TZ", launch.tz)
                .env("HOME", launch.home)
                .env("XDG_CONFIG_HOME", launch.home.join("config"))
                .env("XDG_DATA_HOME", launch.home.join("data"))
                .env("GTK_THEME", if launch.dark { "Adwaita:dark" } else { "Adwaita" })
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )
        .expect("tauri-driver (cargo install tauri-driver; scripts/setup installs it)");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": desktop_bin().to_string_lossy() }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(60);
        let client = loop {
            match ClientBuilder::native().capabilities(caps.clone()).connect(&url).await {
                Ok(client) => break client,
                Err(e) if Instant::now() > deadline => panic!("no WebDriver session: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
            }
        };
        let window = Self { client, _driver: driver, _xvfb: xvfb, _turn: turn };
        window.wait_for("[data-testid=week-grid] .ec-event, [data-testid=week-grid] .ec-day").await;
        window
    }

    /// Waits up to 15 s for an element to appear.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
    }

    /// Runs JavaScript in the page and returns its value.
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// Sets the value of the field `[data-testid=TESTID]` the way a date or
    /// time picker (or typing) fills it, with the input event; waits for
    /// the field first, as a user waits for a view to open.
    pub async fn fill(&self, testid: &str, value: &str) {
        self.wait_for(&format!("[data-testid={testid}]")).await;
        self.js(&format!(
            "const el = document.querySelector('[data-testid={testid}]');
             el.value = '{value}'; el.dispatchEvent(new Event('input', {{ bubbles: true }}));"
        ))
        .await;
    }

    /// Clicks `[data-testid=TESTID]`, scrolled into the middle of its view
    /// first: WebKitWebDriver refuses a click on a button half under the
    /// fold of the settings sheet.
    pub async fn click(&self, testid: &str) {
        let css = format!("[data-testid={testid}]");
        self.wait_for(&css).await;
        self.js(&format!("document.querySelector('{css}').scrollIntoView({{block: 'center'}})")).await;
        self.wait_for(&css).await.click().await.unwrap_or_else(|e| panic!("{testid}: {e}"));
    }

    /// Waits (up to `seconds`) until the text of the element `css` passes
    /// `check`; returns it.
    pub async fn text_until(&self, css: &str, seconds: u64, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            let text = self
                .js(&format!("return document.querySelector('{css}')?.textContent ?? ''"))
                .await
                .as_str()
                .unwrap_or_default()
                .to_owned();
            if check(&text) {
                return text;
            }
            assert!(Instant::now() < deadline, "{css} never showed what was expected; it says {text:?}");
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Waits (up to `seconds`) until nothing matches `css`; `what` says
    /// what should have gone, if it never does.
    pub async fn until_gone(&self, css: &str, seconds: u64, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        while self.js(&format!("return !!document.querySelector('{css}')")).await == true {
            assert!(Instant::now() < deadline, "{what}");
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Saves a PNG of the window after two animation frames (earlier, it
    /// can show a stale frame).
    pub async fn screenshot(&self, path: &Path) {
        self.client
            .execute_async("requestAnimationFrame(() => requestAnimationFrame(arguments[0]))", vec![])
            .await
            .expect("two frames");
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::create_dir_all(path.parent().expect("dir")).expect("artifact dir");
        std::fs::write(path, png).expect("write screenshot");
    }

    /// The processor time (user and system, in clock ticks of 1/100 s) the
    /// app's web content processes have used so far: what the page costs,
    /// counted by the kernel, including work no script can observe.
    pub fn web_content_ticks(&self) -> u64 {
        let processes = processes();
        let mut tree = vec![self._driver.0.id()];
        let mut ticks = 0;
        while let Some(parent) = tree.pop() {
            for (pid, process) in &processes {
                if process.parent == parent {
                    tree.push(*pid);
                    if process.name.starts_with("WebKitWebProces") {
                        ticks += process.ticks;
                    }
                }
            }
        }
        ticks
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

fn tauri_driver() -> PathBuf {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|home| home.join("bin/tauri-driver"));
    cargo_bin.filter(|p| p.exists()).unwrap_or_else(|| PathBuf::from("tauri-driver"))
}

/// One line of /proc/PID/stat, as much as is needed here.
struct Process {
    name: String,
    parent: u32,
    ticks: u64,
}

/// Every process on the machine, by pid.
fn processes() -> Vec<(u32, Process)> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(|entry| {
            let pid: u32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // "pid (name) state ppid … utime stime …": the name may hold
            // spaces or parentheses, so fields are counted from its end.
            let (head, rest) = stat.rsplit_once(')')?;
            let name = head.split_once('(')?.1.to_owned();
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let parent = fields.get(1)?.parse().ok()?;
            let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
            Some((pid, Process { name, parent, ticks }))
        })
        .collect()
}
