//! A real CalDAV server for the sync tests: Radicale (htpasswd auth) or
//! Xandikos (RFC 6578 sync tokens) from the peers' Python environment,
//! and python's `caldav` client (tests/servers/dav_client.py) acting as
//! the other side.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::peers;

pub const USER: &str = "ana";
pub const PASSWORD: &str = "correct horse";

/// Which server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Radicale,
    Xandikos,
}

/// A CalDAV server on loopback, stopped when dropped.
pub struct DavServer {
    kind: Kind,
    child: Option<Child>,
    port: u16,
    pub dir: PathBuf,
}

impl DavServer {
    pub fn start(kind: Kind, dir: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
        let mut server = Self { kind, child: None, port, dir: dir.to_owned() };
        server.restart();
        server
    }

    pub fn restart(&mut self) {
        std::fs::create_dir_all(&self.dir).expect("server dir");
        let mut command = match self.kind {
            Kind::Radicale => {
                let users = self.dir.join("users");
                std::fs::write(&users, format!("{USER}:{PASSWORD}\n")).expect("htpasswd");
                let mut c = Command::new(peers::venv_bin("python"));
                c.args(["-m", "radicale", "--server-hosts", &format!("127.0.0.1:{}", self.port)])
                    .args(["--auth-type", "htpasswd", "--auth-htpasswd-encryption", "plain"])
                    .arg("--auth-htpasswd-filename")
                    .arg(&users)
                    .arg("--storage-filesystem-folder")
                    .arg(self.dir.join("store"));
                c
            }
            Kind::Xandikos => {
                let mut c = Command::new(peers::venv_bin("xandikos"));
                c.arg("--defaults")
                    .arg("-d")
                    .arg(self.dir.join("store"))
                    .args(["-l", "127.0.0.1", "-p"])
                    .arg(self.port.to_string());
                c
            }
        };
        let child =
            command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start the CalDAV server");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "{:?} did not start", self.kind);
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// python `caldav` doing `args` on this server.
    pub fn client(&self, args: &[&str]) -> String {
        let script = peers::repo_root().join("tests/servers/dav_client.py");
        let output = Command::new(peers::venv_bin("python"))
            .arg(script)
            .args([self.url().as_str(), USER, PASSWORD])
            .args(args)
            .output()
            .expect("run dav_client.py");
        assert!(output.status.success(), "dav_client {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }
}

impl Drop for DavServer {
    fn drop(&mut self) {
        self.stop();
    }
}
