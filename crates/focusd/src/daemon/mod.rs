//! What `deepblock-focusd` does, apart from D-Bus and polkit: start, extend
//! and stop a blocking session on a hosts file whose path the daemon fixes,
//! journaling before every write, and reconcile whatever it finds on start,
//! on a timer and when something rewrites the file. Time comes in as
//! [`Clocks`]; the binary reads them.

mod record;
pub mod system;

#[cfg(test)]
mod tests;

use std::io;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use thiserror::Error;

use deepblock_blocker::dbus::StatusReply;
use deepblock_blocker::hostname::{Hostname, parse_all};
use deepblock_blocker::hosts::{self, Token};
use deepblock_blocker::lease::{Clocks, Lease};
use deepblock_blocker::nft;
pub use record::{Record, RecordFile};

/// The longest a session may run from now, at start or after extending.
pub const MAX_SESSION: Duration = Duration::hours(12);

/// Why the daemon said no.
#[derive(Debug, Error)]
pub enum DaemonError {
    /// The request itself is wrong (a bad name, a locked session, …);
    /// nothing changed.
    #[error("{0}")]
    Refused(String),
    /// The machine would not let it (a file it cannot write, …).
    #[error("{0}")]
    Failed(String),
}

impl From<io::Error> for DaemonError {
    fn from(error: io::Error) -> Self {
        Self::Failed(error.to_string())
    }
}

/// What the daemon does to the machine besides writing the hosts file and
/// its record. The machine's own in the service; none in unit tests, which
/// must not load a firewall into the machine they run on.
#[derive(Clone, Copy)]
pub struct Effects {
    /// Loads an `nft -f` script (see [`system::nft`]).
    pub nft: fn(&str) -> io::Result<bool>,
    /// What names resolve to before they are blocked.
    pub resolve: fn(&[Hostname]) -> Vec<IpAddr>,
    /// Makes name caches forget the old answers.
    pub flush_dns_caches: fn(),
}

impl Effects {
    /// The machine's nftables, resolver and caches.
    pub const SYSTEM: Self =
        Self { nft: system::nft, resolve: system::resolve, flush_dns_caches: system::flush_dns_caches };
}

/// The daemon's state: the hosts file it owns a section of, and its record.
pub struct Daemon {
    hosts: PathBuf,
    records: RecordFile,
    firewall: bool,
    effects: Effects,
}

impl Daemon {
    /// Opens the state in `state_dir` and reconciles the hosts file with it.
    pub fn open(hosts: &Path, state_dir: &Path, clocks: &Clocks) -> Result<Self, DaemonError> {
        Self::open_with(hosts, state_dir, clocks, Effects::SYSTEM)
    }

    /// [`Daemon::open`], touching the machine only through `effects`.
    pub fn open_with(
        hosts: &Path,
        state_dir: &Path,
        clocks: &Clocks,
        effects: Effects,
    ) -> Result<Self, DaemonError> {
        let mut daemon =
            Self { hosts: hosts.to_owned(), records: RecordFile::new(state_dir)?, firewall: false, effects };
        daemon.reconcile(clocks)?;
        Ok(daemon)
    }

    /// The hosts file's bytes, and whether there is one at all.
    fn read_hosts(&self) -> Result<(Vec<u8>, bool), DaemonError> {
        Ok(match system::read_hosts(&self.hosts)? {
            Some(bytes) => (bytes, true),
            None => (Vec::new(), false),
        })
    }

    /// Brings the hosts file and the firewall in line with the record: a
    /// session that is over is removed, a running one re-applied (after a
    /// crash, a reboot or someone rewriting the file), sections without a
    /// journal dropped. Writes nothing when all is as it should be.
    pub fn reconcile(&mut self, clocks: &Clocks) -> Result<(), DaemonError> {
        let mut record = self.records.load()?;
        let running = record.as_ref().is_some_and(|r| !r.lease.is_over(clocks));
        let (file, exists) = self.read_hosts()?;
        let journal = record.as_ref().and_then(Record::journal);
        let wanted = hosts::reconcile(&file, journal.as_ref(), running);
        match record.as_mut() {
            Some(record) if running => {
                record.lease.checkpoint(clocks);
                self.records.save(record)?;
                if wanted != file || !exists {
                    system::rewrite(&self.hosts, &wanted)?;
                    (self.effects.flush_dns_caches)();
                }
                self.load_firewall(record, clocks);
            }
            Some(record) => self.finish(record.clone(), &file)?,
            None if wanted != file => {
                system::rewrite(&self.hosts, &wanted)?;
                (self.effects.flush_dns_caches)();
            }
            None => {}
        }
        Ok(())
    }

    /// Starts blocking `names` until `end`. Every name is checked here,
    /// whatever the caller checked; one bad name refuses the whole request.
    pub fn start(
        &mut self,
        names: &[String],
        end: DateTime<Utc>,
        locked: bool,
        clocks: &Clocks,
    ) -> Result<StatusReply, DaemonError> {
        let checked =
            parse_all(names.iter().map(String::as_str)).map_err(|e| DaemonError::Refused(e.to_string()))?;
        if checked.is_empty() {
            return Err(DaemonError::Refused("give at least one name to block".into()));
        }
        check_end(end, clocks)?;
        self.reconcile(clocks)?;
        if let Some(running) = self.records.load()? {
            return Err(DaemonError::Refused(format!(
                "a session already blocks until {}; extend it or wait for it to end",
                running.lease.end.format("%H:%M UTC")
            )));
        }
        let addresses = (self.effects.resolve)(&checked);
        let (original, exists) = self.read_hosts()?;
        let token = Token::parse(&uuid::Uuid::new_v4().simple().to_string()[..16])
            .map_err(|e| DaemonError::Failed(e.to_string()))?;
        let section = hosts::section(&original, &token, &checked);
        let record = Record {
            token: token.as_str().to_owned(),
            hosts: checked.iter().map(|h| h.as_str().to_owned()).collect(),
            lease: Lease::start(end, locked, clocks),
            original,
            section,
            pending: None,
            addresses,
            created_hosts: !exists,
        };
        self.records.save(&record)?;
        system::append(&self.hosts, &record.section)?;
        (self.effects.flush_dns_caches)();
        self.load_firewall(&record, clocks);
        Ok(self.status(clocks))
    }

    /// Moves the end later (locked sessions too: extending only adds).
    pub fn extend(&mut self, end: DateTime<Utc>, clocks: &Clocks) -> Result<StatusReply, DaemonError> {
        self.reconcile(clocks)?;
        let mut record =
            self.records.load()?.ok_or_else(|| DaemonError::Refused("no session is blocking".into()))?;
        check_end(end, clocks)?;
        if !record.lease.extend_to(end) {
            return Err(DaemonError::Refused("the new end must be later than the current one".into()));
        }
        self.records.save(&record)?;
        self.load_firewall(&record, clocks);
        Ok(self.status(clocks))
    }

    /// Whether stopping now is for someone to authorize: `Ok(true)` with a
    /// session to stop, `Ok(false)` with none, refused for a locked one
    /// (whoever asks, so no one is asked for a password in vain).
    pub fn stoppable(&self, clocks: &Clocks) -> Result<bool, DaemonError> {
        let status = self.status(clocks);
        if status.locked {
            return Err(DaemonError::Refused(format!(
                "the session is locked; it ends by itself in {} min",
                status.remaining_secs.div_ceil(60)
            )));
        }
        Ok(status.active)
    }

    /// Ends the session now; a locked one refuses, whoever asks.
    pub fn stop(&mut self, clocks: &Clocks) -> Result<StatusReply, DaemonError> {
        self.reconcile(clocks)?;
        self.stoppable(clocks)?;
        let record =
            self.records.load()?.ok_or_else(|| DaemonError::Refused("no session is blocking".into()))?;
        let (file, _) = self.read_hosts()?;
        self.finish(record, &file)?;
        Ok(self.status(clocks))
    }

    /// Where blocking stands, as saved.
    pub fn status(&self, clocks: &Clocks) -> StatusReply {
        match self.records.load().ok().flatten() {
            Some(record) if !record.lease.is_over(clocks) => StatusReply {
                active: true,
                end_utc: record.lease.end.timestamp(),
                locked: record.lease.locked,
                remaining_secs: record.lease.remaining(clocks).ceil() as u64,
                hosts: record.hosts,
                firewall: self.firewall,
            },
            _ => StatusReply::idle(),
        }
    }

    /// Removes the session: journal what the file must become, rewrite it
    /// in place (or remove it, if the session created it and nothing else
    /// was written to it), drop the firewall table, forget the record.
    fn finish(&mut self, mut record: Record, file: &[u8]) -> Result<(), DaemonError> {
        let journal = record.journal();
        let wanted = hosts::reconcile(file, journal.as_ref(), false);
        if record.created_hosts && wanted.is_empty() {
            system::remove(&self.hosts)?;
            (self.effects.flush_dns_caches)();
        } else if wanted != file {
            record.pending = Some(wanted.clone());
            self.records.save(&record)?;
            system::rewrite(&self.hosts, &wanted)?;
            (self.effects.flush_dns_caches)();
        }
        if let Err(error) = (self.effects.nft)(&nft::teardown()) {
            eprintln!("deepblock-focusd: the firewall table could not be removed: {error}");
        }
        self.firewall = false;
        self.records.clear()?;
        Ok(())
    }

    /// Ends the session there is, locked or not, restoring the hosts file
    /// and removing the firewall table; `false` with none. Only for the
    /// package's removal, when no daemon would be left to end it on time.
    pub fn release(&mut self) -> Result<bool, DaemonError> {
        let Some(record) = self.records.load()? else { return Ok(false) };
        let (file, _) = self.read_hosts()?;
        self.finish(record, &file)?;
        Ok(true)
    }

    /// Loads the firewall table for the time left. A machine without
    /// nftables, or whose kernel refuses the table, keeps the hosts-file
    /// block alone, and status says so.
    fn load_firewall(&mut self, record: &Record, clocks: &Clocks) {
        let remaining = StdDuration::from_secs_f64(record.lease.remaining(clocks).max(1.0));
        self.firewall =
            (self.effects.nft)(&nft::ruleset(&record.addresses, remaining)).unwrap_or_else(|error| {
                eprintln!("deepblock-focusd: blocking by the hosts file alone: {error}");
                false
            });
    }
}

fn check_end(end: DateTime<Utc>, clocks: &Clocks) -> Result<(), DaemonError> {
    if end <= clocks.now {
        return Err(DaemonError::Refused("the end must be in the future".into()));
    }
    if end > clocks.now + MAX_SESSION {
        return Err(DaemonError::Refused(format!(
            "a session may run at most {} hours from now",
            MAX_SESSION.num_hours()
        )));
    }
    Ok(())
}
