//! The daemon's one state file: the running session and the hosts-file
//! journal, replaced atomically (temporary file, fsync, rename, fsync of
//! the directory) before every change to the hosts file.

use std::fs::{self, File};
use std::io::{self, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use deepblock_blocker::hosts::{Journal, Token};
use deepblock_blocker::lease::Lease;

const FILE: &str = "session.json";

/// A session as the daemon keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The token in the hosts-file markers.
    pub token: String,
    /// The names it blocks, as checked.
    pub hosts: Vec<String>,
    /// Its timing.
    pub lease: Lease,
    /// The hosts file before the section was appended.
    pub original: Vec<u8>,
    /// The section appended.
    pub section: Vec<u8>,
    /// While the section is being removed: what the file must become.
    pub pending: Option<Vec<u8>>,
    /// What the names resolved to before the session, for the firewall.
    pub addresses: Vec<IpAddr>,
    /// The machine had no hosts file: the session made one, and removes
    /// it again when it ends and nothing but its section was in it, so the
    /// system is left as it was found.
    #[serde(default)]
    pub created_hosts: bool,
}

impl Record {
    /// The journal [`deepblock_blocker::hosts::reconcile`] works from.
    pub fn journal(&self) -> Option<Journal> {
        Some(Journal {
            token: Token::parse(&self.token).ok()?,
            original: self.original.clone(),
            section: self.section.clone(),
            pending: self.pending.clone(),
        })
    }
}

/// Where the record lives.
#[derive(Debug, Clone)]
pub struct RecordFile {
    dir: PathBuf,
}

impl RecordFile {
    /// The record in `dir` (created if missing, readable by root alone).
    pub fn new(dir: &Path) -> io::Result<Self> {
        fs::create_dir_all(dir)?;
        set_private(dir)?;
        Ok(Self { dir: dir.to_owned() })
    }

    /// The saved record, if a session is journaled. A record that cannot be
    /// read is an error, never taken as "no session".
    pub fn load(&self) -> io::Result<Option<Record>> {
        match fs::read(self.dir.join(FILE)) {
            Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
                io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", self.dir.join(FILE).display()))
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Replaces the record in one step: whatever a crash interrupts, the
    /// old or the new record is there whole.
    pub fn save(&self, record: &Record) -> io::Result<()> {
        let temp = self.dir.join(format!("{FILE}.tmp"));
        let bytes = serde_json::to_vec(record).map_err(io::Error::other)?;
        let mut file = File::create(&temp)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
        fs::rename(&temp, self.dir.join(FILE))?;
        File::open(&self.dir)?.sync_all()
    }

    /// Forgets the session once the hosts file no longer holds it.
    pub fn clear(&self) -> io::Result<()> {
        match fs::remove_file(self.dir.join(FILE)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        File::open(&self.dir)?.sync_all()
    }
}

fn set_private(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
}
