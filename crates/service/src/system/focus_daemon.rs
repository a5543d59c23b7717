//! The real focus daemon, `deepblock-focusd`, on the system bus. One
//! connection is kept for the life of the app and made again only when it
//! breaks. Every call has a time limit but stopping, which may wait for an
//! administrator's password: a daemon that hangs costs a caller a few
//! seconds, never the app.

use std::future::Future;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use deepblock_blocker::dbus::{ERROR_PREFIX, FocusProxy, StatusReply};
use futures_lite::FutureExt;
use zbus::proxy::CacheProperties;

use crate::site_blocking::{DaemonState, NOT_INSTALLED, SiteBlocking};
use crate::{ErrorCode, ServiceError};

/// Connecting to the system bus is local; longer means it is stuck.
const CONNECT_LIMIT: Duration = Duration::from_secs(3);
/// Status is asked often (each tick, each look at the focus panel).
const STATUS_LIMIT: Duration = Duration::from_secs(3);
/// Starting or extending may first start the daemon (D-Bus activation)
/// and ask polkit, which answers at once for these actions.
const CHANGE_LIMIT: Duration = Duration::from_secs(30);

/// The daemon, reached over the system bus (`DBUS_SYSTEM_BUS_ADDRESS` when
/// set, as every D-Bus client honours).
#[derive(Default)]
pub struct FocusDaemon {
    connection: Mutex<Option<zbus::Connection>>,
}

/// The time limit passed before an answer came.
struct TimedOut;

/// Runs `work`, giving up after `limit` when there is one.
async fn within<T>(
    limit: Option<Duration>,
    work: impl Future<Output = zbus::Result<T>>,
) -> Result<zbus::Result<T>, TimedOut> {
    let Some(limit) = limit else { return Ok(work.await) };
    async { Ok(work.await) }
        .or(async {
            async_io::Timer::after(limit).await;
            Err(TimedOut)
        })
        .await
}

impl FocusDaemon {
    /// A daemon client that connects on its first call.
    pub fn new() -> Self {
        Self::default()
    }

    fn connection(&self) -> Result<zbus::Connection, DaemonState> {
        let mut cached = self.connection.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(connection) = cached.as_ref() {
            return Ok(connection.clone());
        }
        let connecting = async { zbus::connection::Builder::system()?.build().await };
        match zbus::block_on(within(Some(CONNECT_LIMIT), connecting)) {
            Ok(Ok(connection)) => Ok(cached.insert(connection).clone()),
            Ok(Err(_)) => Err(DaemonState::Missing(NOT_INSTALLED.to_owned())),
            Err(TimedOut) => Err(DaemonState::NotAnswering),
        }
    }

    /// Makes one call through a proxy on the kept connection.
    fn call<F, Fut>(&self, limit: Option<Duration>, call: F) -> Result<StatusReply, DaemonState>
    where
        F: FnOnce(FocusProxy<'static>) -> Fut,
        Fut: Future<Output = zbus::Result<StatusReply>>,
    {
        let connection = self.connection()?;
        let asked = zbus::block_on(within(limit, async {
            let proxy =
                FocusProxy::builder(&connection).cache_properties(CacheProperties::No).build().await?;
            call(proxy).await
        }));
        match asked {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(error)) => {
                if matches!(error, zbus::Error::InputOutput(_)) {
                    // The bus went away; the next call connects afresh.
                    *self.connection.lock().unwrap_or_else(PoisonError::into_inner) = None;
                }
                Err(failure(error))
            }
            Err(TimedOut) => Err(DaemonState::NotAnswering),
        }
    }
}

impl SiteBlocking for FocusDaemon {
    fn status(&self) -> Result<StatusReply, DaemonState> {
        self.call(Some(STATUS_LIMIT), |proxy| async move { proxy.status().await })
    }

    fn start(&self, hosts: &[String], end: DateTime<Utc>, locked: bool) -> Result<StatusReply, DaemonState> {
        let hosts = hosts.to_vec();
        self.call(Some(CHANGE_LIMIT), |proxy| async move {
            let names: Vec<&str> = hosts.iter().map(String::as_str).collect();
            proxy.start_session(&names, end.timestamp(), locked).await
        })
    }

    fn extend(&self, end: DateTime<Utc>) -> Result<StatusReply, DaemonState> {
        self.call(Some(CHANGE_LIMIT), |proxy| async move { proxy.extend(end.timestamp()).await })
    }

    fn stop(&self) -> Result<StatusReply, DaemonState> {
        self.call(None, |proxy| async move { proxy.stop().await })
    }
}

/// What a failed call means for the user.
fn failure(error: zbus::Error) -> DaemonState {
    let zbus::Error::MethodError(name, message, _) = &error else {
        return DaemonState::Missing(NOT_INSTALLED.to_owned());
    };
    let message = message.clone().unwrap_or_default();
    let refused = |code, text: String| DaemonState::Refused(ServiceError::new(code, text));
    match name.as_str() {
        "org.freedesktop.DBus.Error.ServiceUnknown" | "org.freedesktop.DBus.Error.NameHasNoOwner" => {
            DaemonState::Missing(NOT_INSTALLED.to_owned())
        }
        "org.freedesktop.DBus.Error.NoReply" | "org.freedesktop.DBus.Error.TimedOut" => {
            DaemonState::NotAnswering
        }
        other if other.starts_with("org.freedesktop.DBus.Error.Spawn") => DaemonState::Missing(format!(
            "sites are not blocked: the focus daemon (deepblock-focusd) could not be started ({message}); \
             check it with `systemctl status deepblock-focusd`"
        )),
        other => match other.strip_prefix(ERROR_PREFIX) {
            Some(".Refused") => refused(ErrorCode::BadInput, message),
            Some(".NotAuthorized") => refused(ErrorCode::Environment, message),
            _ => refused(ErrorCode::Environment, format!("the focus daemon failed: {message}")),
        },
    }
}
