//! A CalDAV server that schedules (RFC 6638): Cyrus IMAP's httpd from
//! Debian's cyrus-imapd and cyrus-caldav, started here on loopback with
//! its own configuration, spool and databases in a temporary directory,
//! run as the `cyrus` user the package creates. Logins are accepted with
//! any password (`sasl_pwcheck_method: alwaystrue`, Cyrus's own test
//! setting); addresses @example.org are its users, so an invitation from
//! one to another is delivered into the attendee's default calendar, and
//! the attendee's answer reaches the organizer's copy and inbox.
//!
//! httpd runs with `-U 1`, a fresh process per connection: a process that
//! delivered an invitation was seen to refuse the attendee's later write
//! of that copy (403, CALDAV:unique-scheduling-object-resource), every
//! time, while a fresh process takes it. Deepblock keeps such an invitation
//! pending and tries again at the next sync.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::peers;

/// Any password does; this one is what the tests type.
pub const PASSWORD: &str = "any password";

const MASTER: &str = "/usr/lib/cyrus/bin/master";

/// A running Cyrus, stopped (with its children) when dropped.
pub struct Cyrus {
    master: Child,
    http: u16,
    _dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port()
}

impl Cyrus {
    /// Starts Cyrus and gives each of `users` a mailbox and a calendar home
    /// with Default, Inbox and Outbox.
    pub fn start(users: &[&str]) -> Self {
        assert!(
            Path::new(MASTER).exists(),
            "Cyrus is not installed; scripts/test installs cyrus-imapd and cyrus-caldav"
        );
        let dir = tempfile::Builder::new().prefix("deepblock-cyrus").tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        for sub in ["conf", "spool", "run"] {
            std::fs::create_dir(root.join(sub)).expect("mkdir");
        }
        let (http, imap) = (free_port(), free_port());
        let conf = root.join("imapd.conf");
        std::fs::write(
            &conf,
            format!(
                "configdirectory: {root}/conf\npartition-default: {root}/spool\nservername: localhost\n\
                 sasl_pwcheck_method: alwaystrue\nsasl_mech_list: PLAIN LOGIN\nallowplaintext: yes\n\
                 httpmodules: caldav\ncaldav_realm: deepblock-tests\ncalendar_user_address_set: example.org\n\
                 autocreate_quota: 0\nautocreate_post: 1\ncaldav_create_default: 1\ncaldav_create_sched: 1\n\
                 caldav_create_attach: 0\nunixhierarchysep: 1\nhttpallowcompress: 0\n",
                root = root.display()
            ),
        )
        .expect("imapd.conf");
        let services = root.join("cyrus.conf");
        let c = conf.display();
        std::fs::write(
            &services,
            format!(
                "START {{\n  recover cmd=\"ctl_cyrusdb -r -C {c}\"\n}}\nSERVICES {{\n  \
                 imap cmd=\"imapd -C {c}\" listen=\"127.0.0.1:{imap}\" prefork=0\n  \
                 http cmd=\"httpd -C {c} -U 1\" listen=\"127.0.0.1:{http}\" prefork=0\n}}\nEVENTS {{\n}}\nDAEMON {{\n}}\n"
            ),
        )
        .expect("cyrus.conf");
        let chown = Command::new("chown").args(["-R", "cyrus:mail"]).arg(root).status().expect("chown");
        assert!(chown.success(), "chown the Cyrus directory (the tests run as root)");
        let master = Command::new("setpriv")
            .args(["--reuid=cyrus", "--regid=mail", "--init-groups", MASTER, "-C"])
            .arg(&conf)
            .arg("-M")
            .arg(&services)
            .arg("-p")
            .arg(root.join("run/master.pid"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Cyrus");
        let cyrus = Self { master, http, _dir: dir };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", http)).is_err()
            || TcpStream::connect(("127.0.0.1", imap)).is_err()
        {
            assert!(Instant::now() < deadline, "Cyrus did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        for user in users {
            imap_login(imap, user);
            // The first CalDAV request makes the calendar home; only then
            // can invitations be delivered to the user.
            cyrus.client(user, "Default", &["ready"]);
        }
        cyrus
    }

    /// The server's root, where discovery starts.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.http)
    }

    /// One of `user`'s collections: `Default`, `Inbox`.
    pub fn collection(&self, user: &str, name: &str) -> String {
        format!("http://127.0.0.1:{}/dav/calendars/user/{user}/{name}/", self.http)
    }

    /// tests/servers/scheduling_client.py as `user` on their collection `name`.
    pub fn client(&self, user: &str, name: &str, args: &[&str]) -> String {
        let script = peers::repo_root().join("tests/servers/scheduling_client.py");
        let output = Command::new(peers::venv_bin("python"))
            .arg(script)
            .args([self.collection(user, name).as_str(), user, PASSWORD])
            .args(args)
            .output()
            .expect("run scheduling_client.py");
        assert!(
            output.status.success(),
            "scheduling_client {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }
}

/// One IMAP login, which makes Cyrus create the user's mailbox (and so
/// their calendar home).
fn imap_login(port: u16, user: &str) {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("IMAP");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut line = String::new();
    reader.read_line(&mut line).expect("greeting");
    let mut writer = stream;
    write!(writer, "a1 LOGIN {user} \"{PASSWORD}\"\r\n").expect("login");
    loop {
        line.clear();
        assert!(reader.read_line(&mut line).expect("answer") > 0, "IMAP closed during login");
        if line.starts_with("a1 ") {
            assert!(line.starts_with("a1 OK"), "login as {user}: {line}");
            break;
        }
    }
    write!(writer, "a2 LOGOUT\r\n").expect("logout");
}

impl Drop for Cyrus {
    fn drop(&mut self) {
        // SIGTERM: master stops its services before it exits.
        let _ = Command::new("kill").args(["-TERM", &self.master.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.master.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.master.kill();
        let _ = self.master.wait();
    }
}
