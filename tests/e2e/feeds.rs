//! A real feed server for the subscription tests (python's http.server
//! behind tests/servers/feed_server.py) and the calendar it serves, as
//! Google publishes one.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

/// The week the generated feed's meetings fall in: far enough ahead that
/// the tests do not depend on today's date.
pub const WEEK: &str = "2030-W23";

/// A calendar as Google publishes one: three meetings in 2030-W23, the
/// Wednesday one on a day the tests declare meeting-free.
pub fn google_feed(without: Option<&str>) -> String {
    let event = |uid: &str, day: u32, title: &str| {
        format!(
            "BEGIN:VEVENT\r\nDTSTART:203006{day:02}T140000Z\r\nDTEND:203006{day:02}T150000Z\r\n\
             DTSTAMP:20261130T090000Z\r\nUID:{uid}@google.com\r\nCREATED:20261101T090000Z\r\n\
             LAST-MODIFIED:20261101T090000Z\r\nSEQUENCE:0\r\nSTATUS:CONFIRMED\r\nSUMMARY:{title}\r\n\
             TRANSP:OPAQUE\r\nEND:VEVENT\r\n"
        )
    };
    let mut text = String::from(
        "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n\
         CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Team\r\nX-WR-TIMEZONE:Europe/Lisbon\r\n",
    );
    for (uid, day, title) in
        [("standup", 4, "Standup"), ("review", 5, "Design review"), ("retro", 6, "Retro")]
    {
        if without != Some(uid) {
            text.push_str(&event(uid, day, title));
        }
    }
    text.push_str("END:VCALENDAR\r\n");
    text
}

/// python's http.server serving a directory, stopped when dropped.
pub struct FeedServer {
    child: Child,
    log: BufReader<ChildStdout>,
    base: String,
    pub dir: PathBuf,
    pub port: u16,
}

impl FeedServer {
    pub fn start(dir: &Path) -> Self {
        Self::start_on(dir, 0)
    }

    /// On `port` (0: any free one).
    pub fn start_on(dir: &Path, port: u16) -> Self {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("servers/feed_server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(dir)
            .arg(port.to_string())
            .arg("ana:correct horse")
            .stdout(Stdio::piped())
            .spawn()
            .expect("start python3 feed_server.py");
        let mut log = BufReader::new(child.stdout.take().expect("stdout"));
        let mut port = String::new();
        log.read_line(&mut port).expect("the server's port");
        let port: u16 = port.trim().parse().unwrap_or_else(|_| panic!("feed server said {port:?}"));
        Self { child, log, base: format!("http://127.0.0.1:{port}"), dir: dir.to_owned(), port }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Publishes `text` at `path` under the served directory.
    pub fn publish(&self, path: &str, text: &str) {
        let file = self.dir.join(path.trim_start_matches('/'));
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, text).expect("publish");
    }

    /// The next request the server answered: "GET /path 304".
    pub fn next_request(&mut self) -> String {
        let mut line = String::new();
        self.log.read_line(&mut line).expect("server log");
        line.trim().to_owned()
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for FeedServer {
    fn drop(&mut self) {
        self.stop();
    }
}
