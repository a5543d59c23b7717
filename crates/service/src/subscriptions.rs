//! Calendars subscribed to by address (Google's secret iCal address, an
//! Outlook published calendar, any ICS feed), kept fresh by fetching.
//!
//! A fetch runs with the plan unlocked; only its result is written, in one
//! transaction with the subscription's record. A fetch that fails, or
//! brings something that is not a readable calendar, never removes a
//! meeting: the last good copy stays and the calendar is marked stale.

use std::sync::PoisonError;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use deepblock_core::Subscription;
use deepblock_core::subscription::{DEFAULT_EVERY_MINUTES, parse_every};
use deepblock_remote::{Address, FeedRequest, FetchError, Fetched, Limits, fetch_feed};
use deepblock_store::{DavAccount, FetchRecord};
use serde::Serialize;

use crate::error::Field;
use crate::import::{checked_calendar_name, read_calendar_as};
use crate::{Deepblock, ErrorCode, INVITATIONS_CALENDAR, ImportReport, Plan, ServiceError, ServiceResult};

/// What `calendar subscribe` (and the app's subscribe form) asks for.
/// Blank fields count as not given.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Subscribe {
    /// The calendar's name in Deepblock.
    pub name: String,
    /// The address as given (`https://`, `http://`, `webcal://`).
    pub address: String,
    /// How often to fetch ("15m"); the default when none.
    pub every: Option<String>,
    /// The HTTP user, for a feed behind basic authentication.
    pub user: Option<String>,
    /// That user's password; kept in the keyring.
    pub password: Option<String>,
}

/// Which calendars a sync fetches and how long it waits for each.
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    /// Only this calendar.
    pub only: Option<String>,
    /// Only calendars whose interval has passed (the app's timer).
    pub due_only: bool,
    /// Connected accounts even when not due (the plan changed, and the
    /// blocks should reach the server soon).
    pub publish_now: bool,
    /// How long one calendar may take; the default when none.
    pub timeout: Option<Duration>,
}

/// What happened to one calendar in a sync.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CalendarSync {
    /// The calendar's name.
    pub calendar: String,
    /// Whether it was reached and read.
    pub ok: bool,
    /// Whether the plan changed.
    pub changed: bool,
    /// What happened, in one line that starts with the calendar's name.
    pub line: String,
    /// The import, when a new copy was read.
    pub import: Option<ImportReport>,
    /// Requests sent and bytes received, for a CalDAV account.
    pub traffic: Option<(usize, usize)>,
}

/// What a sync did, calendar by calendar.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncReport {
    /// One entry per calendar fetched.
    pub calendars: Vec<CalendarSync>,
}

impl SyncReport {
    /// Whether every calendar was reached and read.
    pub fn all_ok(&self) -> bool {
        self.calendars.iter().all(|c| c.ok)
    }
}

/// A subscription as the window and `calendar list` show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SubscriptionView {
    /// The subscription as stored.
    pub subscription: Subscription,
    /// How many meetings its copy holds.
    pub meetings: usize,
    /// Whether the copy is old because the last fetch failed.
    pub stale: bool,
    /// Where it stands, in one line ("updated Mon 30 Nov 09:15", "stale
    /// since …: cannot reach …").
    pub status: String,
}

/// A connected CalDAV account as `calendar list` and the window show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountView {
    /// Its name in Deepblock.
    pub name: String,
    /// The server, shortened.
    pub server: String,
    /// The user name.
    pub user: String,
    /// Its calendars and what is done with each ("Work (read)").
    pub calendars: Vec<String>,
    /// Whether the last sync failed.
    pub stale: bool,
    /// Where it stands ("synced Mon 30 Nov 09:15", "stale since …: why").
    pub status: String,
}

/// The keyring entry of a subscription's address.
fn address_key(secret_id: &str) -> String {
    format!("calendar-address:{secret_id}")
}

/// The keyring entry of a subscription's password.
fn password_key(secret_id: &str) -> String {
    format!("calendar-password:{secret_id}")
}

impl Deepblock {
    /// Subscribes to a calendar by address and fetches it once. When that
    /// first fetch fails, nothing is kept and the error says why: a wrong
    /// address is found out now rather than as a stale calendar later.
    pub fn subscribe(&self, request: Subscribe) -> ServiceResult<CalendarSync> {
        let name = checked_calendar_name(&request.name)?.to_owned();
        if name == INVITATIONS_CALENDAR {
            return Err(ServiceError::bad_input(format!(
                "'{name}' holds the invitations you answer; give the subscription another name"
            ))
            .about(Field::CalendarName));
        }
        let address = Address::parse(&request.address).map_err(|e| ServiceError::bad_input(e.to_string()))?;
        let every = request
            .every
            .as_deref()
            .filter(|e| !e.trim().is_empty())
            .map(parse_every)
            .transpose()?
            .unwrap_or(DEFAULT_EVERY_MINUTES);
        let user = request.user.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
        let password = request.password.filter(|p| !p.is_empty());
        if user.is_some() != password.is_some() {
            return Err(ServiceError::bad_input("give the password with the user name, or neither"));
        }
        {
            let plan = self.plan();
            if plan.store.subscription(&name)?.is_some() || plan.store.dav_account(&name)?.is_some() {
                return Err(ServiceError::bad_input(format!(
                    "you are already subscribed to (or connected) a calendar named '{name}'; remove it first or pick another name"
                ))
                .about(Field::CalendarName));
            }
        }
        let basic = user.as_deref().zip(password.as_deref());
        let mut fetch = FeedRequest::new(&address);
        fetch.basic = basic;
        let fetched = fetch_feed(&fetch).map_err(|e| not_subscribed(&name, &e))?;
        let Fetched::Calendar { text, etag, last_modified } = fetched else {
            let odd = FetchError::Status { host: address.host(), status: "304 to a first request".into() };
            return Err(not_subscribed(&name, &odd));
        };
        let me = self.plan().rules()?.me;
        let found =
            read_calendar_as(&text, &name, self.tz, &me).map_err(|e| unreadable(&name, &e.message))?;
        let secret_id = uuid::Uuid::new_v4().simple().to_string();
        self.system.secrets.set(&address_key(&secret_id), address.as_str())?;
        if let Some(password) = &password {
            self.system.secrets.set(&password_key(&secret_id), password)?;
        }
        let now = self.now();
        let subscription = Subscription {
            name: name.clone(),
            shown: address.shown(),
            secret_id: secret_id.clone(),
            every_minutes: every,
            user,
            etag: None,
            last_modified: None,
            added: now,
            last_attempt: None,
            last_success: None,
            problem: None,
        };
        let record = FetchRecord::Fresh { etag: etag.as_deref(), last_modified: last_modified.as_deref() };
        let stored = self.plan().apply_import(&name, &found, |tx| {
            if !tx.add_subscription(&subscription)? {
                return Err(ServiceError::bad_input(format!(
                    "a calendar named '{name}' was subscribed meanwhile; pick another name"
                )));
            }
            tx.record_fetch(&name, now, record)?;
            Ok(())
        });
        match stored {
            Ok(import) => Ok(fresh_line(&name, import)),
            Err(error) => {
                self.forget_secrets(&secret_id);
                Err(error)
            }
        }
    }

    /// Unsubscribes from `name`, removing its meetings from the plan and
    /// its address and password from the keyring; says how many meetings
    /// went.
    pub fn unsubscribe(&self, name: &str) -> ServiceResult<usize> {
        let name = name.trim();
        if let Some(removed) = self.disconnect(name)? {
            return Ok(removed);
        }
        let (secret_id, removed) = self.plan().store.write(|tx| {
            let subscription = tx.subscription(name)?.ok_or_else(|| no_such(name))?;
            tx.remove_subscription(name)?;
            Ok::<_, ServiceError>((subscription.secret_id, tx.replace_calendar(name, &[])?.removed))
        })?;
        self.forget_secrets(&secret_id);
        Ok(removed)
    }

    /// Fetches the subscribed calendars `options` names, one after the
    /// other, each with the plan unlocked while it waits on the network.
    pub fn sync_calendars(&self, options: &SyncOptions) -> ServiceResult<SyncReport> {
        let _one_at_a_time = self.syncing.lock().unwrap_or_else(PoisonError::into_inner);
        let now = self.now();
        let only = options.only.as_deref().map(str::trim);
        let subscriptions = {
            let plan = self.plan();
            let subscriptions = plan.store.subscriptions()?;
            if let Some(name) = only
                && !subscriptions.iter().any(|s| s.name == name)
                && plan.store.dav_account(name)?.is_none()
            {
                return Err(no_such(name));
            }
            subscriptions
        };
        let mut limits = Limits::default();
        if let Some(timeout) = options.timeout {
            limits.total = timeout;
            limits.connect = limits.connect.min(timeout);
        }
        let mut calendars = subscriptions
            .iter()
            .filter(|s| only.is_none_or(|name| name == s.name))
            .filter(|s| !options.due_only || s.is_due(now))
            .map(|s| self.refresh(s, limits))
            .collect::<ServiceResult<Vec<_>>>()?;
        let account_wanted = |a: &DavAccount| {
            only.is_none_or(|name| name == a.name)
                && (options.publish_now || !options.due_only || account_due_at(a) <= now)
        };
        calendars.extend(self.sync_accounts(account_wanted, limits)?);
        Ok(SyncReport { calendars })
    }

    /// When the next subscribed calendar is due, if any is subscribed.
    pub fn next_calendar_due(&self) -> ServiceResult<Option<DateTime<Utc>>> {
        let plan = self.plan();
        let feeds = plan.store.subscriptions()?.into_iter().map(|s| s.due_at());
        let accounts = plan.store.dav_accounts()?.into_iter().map(|a| account_due_at(&a));
        Ok(feeds.chain(accounts).min())
    }

    /// Fetches one calendar and records what came of it. Fails only when
    /// the plan cannot be written; a calendar that cannot be reached or
    /// read is a line in the report.
    fn refresh(&self, subscription: &Subscription, limits: Limits) -> ServiceResult<CalendarSync> {
        let name = &subscription.name;
        let attempt = self.now();
        let (text, etag, last_modified) = match self.fetch(subscription, limits) {
            Ok(Fetched::NotModified) => {
                self.plan().store.write(|tx| tx.record_fetch(name, attempt, FetchRecord::Unchanged))?;
                return Ok(CalendarSync {
                    calendar: name.clone(),
                    ok: true,
                    changed: false,
                    line: format!("{name}: up to date"),
                    import: None,
                    traffic: None,
                });
            }
            Ok(Fetched::Calendar { text, etag, last_modified }) => (text, etag, last_modified),
            Err(reason) => return self.record_failure(subscription, attempt, &reason),
        };
        let me = self.plan().rules()?.me;
        let found = match read_calendar_as(&text, name, self.tz, &me) {
            Ok(found) => found,
            Err(e) => {
                return self.record_failure(
                    subscription,
                    attempt,
                    &format!("what came is not a readable calendar: {}", e.message),
                );
            }
        };
        let record = FetchRecord::Fresh { etag: etag.as_deref(), last_modified: last_modified.as_deref() };
        let import = self.plan().apply_import(name, &found, |tx| {
            // Removed while the fetch ran: its meetings must not come back.
            if tx.record_fetch(name, attempt, record)? { Ok(()) } else { Err(no_such(name)) }
        });
        match import {
            Ok(import) => Ok(fresh_line(name, import)),
            Err(error) if error.code == ErrorCode::NotFound => Ok(CalendarSync {
                calendar: name.clone(),
                ok: true,
                changed: false,
                line: format!("{name}: removed while it was being fetched"),
                import: None,
                traffic: None,
            }),
            Err(error) => Err(error),
        }
    }

    /// Fetches with the address and password from the keyring; the
    /// error is the line to show.
    fn fetch(&self, subscription: &Subscription, limits: Limits) -> Result<Fetched, String> {
        let id = &subscription.secret_id;
        let secrets = &self.system.secrets;
        let stored = secrets.get(&address_key(id)).map_err(|e| e.message)?.ok_or_else(|| {
            "its address is missing from the keyring; remove the calendar and subscribe again".to_owned()
        })?;
        let address = Address::parse(&stored)
            .map_err(|e| format!("the address kept in the keyring is unusable ({e}); subscribe again"))?;
        let password = match &subscription.user {
            Some(_) => secrets.get(&password_key(id)).map_err(|e| e.message)?,
            None => None,
        };
        let mut request = FeedRequest::new(&address);
        request.etag = subscription.etag.as_deref();
        request.last_modified = subscription.last_modified.as_deref();
        request.basic = subscription.user.as_deref().zip(password.as_deref());
        request.limits = limits;
        fetch_feed(&request).map_err(|e| e.to_string())
    }

    fn record_failure(
        &self,
        subscription: &Subscription,
        attempt: DateTime<Utc>,
        reason: &str,
    ) -> ServiceResult<CalendarSync> {
        let name = &subscription.name;
        tracing::warn!("calendar '{name}': {reason}");
        self.plan().store.write(|tx| tx.record_fetch(name, attempt, FetchRecord::Failed(reason)))?;
        let kept = match subscription.last_success {
            Some(at) => format!("the copy from {} is kept", local_time(at, self.tz)),
            None => "nothing was fetched yet".to_owned(),
        };
        Ok(CalendarSync {
            calendar: name.clone(),
            ok: false,
            changed: false,
            line: format!("{name}: {reason}; {kept}"),
            import: None,
            traffic: None,
        })
    }

    /// Removes a subscription's secrets; a keyring that cannot be reached
    /// is logged, not fatal: the entries belong to a calendar that is gone.
    fn forget_secrets(&self, secret_id: &str) {
        for key in [address_key(secret_id), password_key(secret_id)] {
            if let Err(error) = self.system.secrets.delete(&key) {
                tracing::warn!("cannot remove {key} from the keyring: {}", error.message);
            }
        }
    }
}

impl Plan {
    /// Every connected CalDAV account, with where it stands.
    pub fn accounts(&self) -> ServiceResult<Vec<AccountView>> {
        self.store
            .dav_accounts()?
            .into_iter()
            .map(|account| {
                let calendars = self
                    .store
                    .dav_calendars(&account.name)?
                    .into_iter()
                    .map(|c| {
                        let role = match (c.reads, c.publishes) {
                            (true, true) => "read and published to",
                            (true, false) => "read",
                            _ => "published to",
                        };
                        format!("{} ({role})", c.display)
                    })
                    .collect();
                let status = match (&account.problem, account.last_success) {
                    (Some(problem), Some(at)) => {
                        format!("stale since {}: {problem}", local_time(at, self.tz))
                    }
                    (Some(problem), None) => format!("never synced: {problem}"),
                    (None, Some(at)) => format!("synced {}", local_time(at, self.tz)),
                    (None, None) => "not synced yet".to_owned(),
                };
                Ok(AccountView {
                    name: account.name,
                    server: Address::parse(&account.url).map(|a| a.shown()).unwrap_or(account.url),
                    user: account.user,
                    calendars,
                    stale: account.problem.is_some(),
                    status,
                })
            })
            .collect()
    }

    /// Every subscription, with where it stands.
    pub fn subscriptions(&self) -> ServiceResult<Vec<SubscriptionView>> {
        let local = |at| local_time(at, self.tz);
        self.store
            .subscriptions()?
            .into_iter()
            .map(|subscription| {
                let meetings = self.store.calendar_size(&subscription.name)?;
                let status = match (&subscription.problem, subscription.last_success) {
                    (Some(problem), Some(at)) => format!("stale since {}: {problem}", local(at)),
                    (Some(problem), None) => format!("never fetched: {problem}"),
                    (None, Some(at)) => format!("updated {}", local(at)),
                    (None, None) => "not fetched yet".to_owned(),
                };
                Ok(SubscriptionView { stale: subscription.is_stale(), meetings, status, subscription })
            })
            .collect()
    }
}

/// When a connected account is synced next: every quarter of an hour.
fn account_due_at(account: &DavAccount) -> DateTime<Utc> {
    account.last_attempt.map_or(account.added, |at| {
        at.checked_add_signed(chrono::Duration::minutes(i64::from(DEFAULT_EVERY_MINUTES)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    })
}

/// An instant as the user reads it in lines: "Mon 30 Nov 09:15".
fn local_time(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%a %-d %b %H:%M").to_string()
}

fn fresh_line(name: &str, import: ImportReport) -> CalendarSync {
    let meetings = import.added + import.updated + import.unchanged;
    let mut line = format!(
        "{name}: {meetings} {} ({} new, {} updated, {} removed)",
        if meetings == 1 { "meeting" } else { "meetings" },
        import.added,
        import.updated,
        import.removed
    );
    for extra in [&import.breaking, &import.repaired].into_iter().flatten() {
        line.push_str("; ");
        line.push_str(extra);
    }
    CalendarSync {
        calendar: name.to_owned(),
        ok: true,
        changed: import.added + import.updated + import.removed > 0,
        line,
        import: Some(import),
        traffic: None,
    }
}

fn no_such(name: &str) -> ServiceError {
    ServiceError::not_found(format!("no subscribed calendar is named '{}'", name.trim()))
        .about(Field::CalendarName)
}

/// A first fetch that failed: nothing was subscribed. A wrong address is
/// bad input; a network or server that fails is the environment.
fn not_subscribed(name: &str, error: &FetchError) -> ServiceError {
    let code = if error.blames_the_address() { ErrorCode::BadInput } else { ErrorCode::Environment };
    ServiceError::new(code, format!("calendar '{name}' was not subscribed: {error}"))
}

/// A first fetch that brought no readable calendar: nothing was subscribed.
fn unreadable(name: &str, reason: &str) -> ServiceError {
    ServiceError::bad_input(format!(
        "calendar '{name}' was not subscribed: what the address holds is not a readable calendar ({reason})"
    ))
}
