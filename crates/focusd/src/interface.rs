//! `org.deepblock.Focus1` on the system bus: each call is authorized by
//! polkit for the caller that sent it, then done by the shared [`Daemon`]
//! off the bus's executor (file and DNS work blocks).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, mpsc};

use crate::daemon::{Daemon, DaemonError};
use chrono::{DateTime, Utc};
use deepblock_blocker::dbus::{ACTION_START, ACTION_STOP_EARLY, StatusReply};
use zbus::message::Header;
use zbus_polkit::policykit1::{AuthorityProxy, CheckAuthorizationFlags, Subject};

use crate::clocks;

/// Errors as callers receive them, under `org.deepblock.Focus1.Error`.
#[derive(Debug, zbus::DBusError)]
#[zbus(prefix = "org.deepblock.Focus1.Error")]
pub enum FocusError {
    /// A failure of the bus itself.
    #[zbus(error)]
    ZBus(zbus::Error),
    /// The request is wrong or not allowed now; nothing changed.
    Refused(String),
    /// polkit said no.
    NotAuthorized(String),
    /// The machine would not let the daemon do it.
    Failed(String),
}

impl From<DaemonError> for FocusError {
    fn from(error: DaemonError) -> Self {
        match error {
            DaemonError::Refused(why) => Self::Refused(why),
            DaemonError::Failed(why) => Self::Failed(why),
        }
    }
}

/// Why the daemon's loop wakes before its next checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// A call started, extended or stopped the session: re-plan the timer now.
    SessionChanged,
    /// Something touched the hosts file: re-check it once the writer is done.
    HostsTouched,
}

/// The served object.
pub struct Focus {
    /// The daemon, shared with the timer and the hosts-file watch.
    pub daemon: Arc<Mutex<Daemon>>,
    /// Tells the timer that the session changed.
    pub wake: mpsc::Sender<Wake>,
}

impl Focus {
    /// Runs `work` on the daemon on a worker thread and wakes the timer.
    async fn with_daemon(
        &self,
        work: impl FnOnce(&mut Daemon) -> Result<StatusReply, DaemonError> + Send + 'static,
    ) -> Result<StatusReply, FocusError> {
        let daemon = Arc::clone(&self.daemon);
        let status = blocking::unblock(move || {
            let mut daemon = daemon.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            work(&mut daemon)
        })
        .await?;
        let _ = self.wake.send(Wake::SessionChanged);
        Ok(status)
    }
}

#[zbus::interface(name = "org.deepblock.Focus1")]
impl Focus {
    /// Starts blocking `hosts` until `end_utc` (Unix seconds).
    async fn start_session(
        &self,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
        hosts: Vec<String>,
        end_utc: i64,
        locked: bool,
    ) -> Result<StatusReply, FocusError> {
        authorize(connection, &header, ACTION_START, "blocking sites").await?;
        let end = instant(end_utc)?;
        self.with_daemon(move |daemon| daemon.start(&hosts, end, locked, &clocks::now())).await
    }

    /// Moves the end later.
    async fn extend(
        &self,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
        end_utc: i64,
    ) -> Result<StatusReply, FocusError> {
        authorize(connection, &header, ACTION_START, "blocking sites").await?;
        let end = instant(end_utc)?;
        self.with_daemon(move |daemon| daemon.extend(end, &clocks::now())).await
    }

    /// Ends an unlocked session early: an administrator must agree. A locked
    /// session refuses before anyone is asked.
    async fn stop(
        &self,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
    ) -> Result<StatusReply, FocusError> {
        let active =
            self.daemon.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).stoppable(&clocks::now())?;
        if active {
            authorize(connection, &header, ACTION_STOP_EARLY, "stopping a session early").await?;
        }
        self.with_daemon(|daemon| daemon.stop(&clocks::now())).await
    }

    /// Where blocking stands; anyone may ask.
    async fn status(&self) -> Result<StatusReply, FocusError> {
        self.with_daemon(|daemon| Ok(daemon.status(&clocks::now()))).await
    }
}

/// Asks polkit whether the message's sender may do `action` (`doing`, in
/// words for the refusal), letting its agent prompt for a password where
/// the policy says so.
async fn authorize(
    connection: &zbus::Connection,
    header: &Header<'_>,
    action: &str,
    doing: &str,
) -> Result<(), FocusError> {
    let failed = |e: zbus::Error| {
        FocusError::Failed(format!(
            "polkit could not be asked whether you may ({e}); install and start polkit \
             (Debian: `apt install polkitd`, `policykit-1` before Debian 12)"
        ))
    };
    let authority = AuthorityProxy::new(connection).await.map_err(failed)?;
    let subject = Subject::new_for_message_header(header)
        .map_err(|e| FocusError::Failed(format!("the caller cannot be identified: {e}")))?;
    let result = authority
        .check_authorization(
            &subject,
            action,
            &HashMap::new(),
            CheckAuthorizationFlags::AllowUserInteraction.into(),
            "",
        )
        .await
        .map_err(failed)?;
    if result.is_authorized {
        Ok(())
    } else {
        Err(FocusError::NotAuthorized(format!(
            "the system's polkit policy did not allow {doing} ({action}) for this user"
        )))
    }
}

fn instant(unix: i64) -> Result<DateTime<Utc>, FocusError> {
    DateTime::from_timestamp(unix, 0).ok_or_else(|| FocusError::Refused(format!("{unix} is not a time")))
}
