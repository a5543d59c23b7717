//! CalDAV accounts, synced both ways: the events of the calendars the user
//! reads become meetings in the plan, and the plan's blocks become
//! resources in the calendar they publish to, so every device and
//! colleague sees them as busy.
//!
//! Every network exchange runs with the plan unlocked. What a read brings
//! is written in one transaction with the token it ended on, and each
//! published block's new ETag right after its write, so a sync killed at
//! any moment resumes from what the store says on the next run: a write
//! that landed on the server but was not recorded is found again by its
//! href and compared, never duplicated.
//!
//! A published block edited on the server (a colleague's app, the user's
//! phone) comes back into the plan by the rule in `deepblock_core::merge`;
//! a part edited on both sides is a conflict the user settles
//! ([`Plan::resolve_conflict`]).

mod invitations;
mod publish;
mod read;
mod resolve;

pub use invitations::InvitationView;
pub use resolve::{ConflictView, Keep};

use chrono::{DateTime, Days, Utc};
use chrono_tz::Tz;
use deepblock_core::autofocus::KindSet;
use deepblock_core::merge::Editable;
use deepblock_core::{Block, Span};
use deepblock_ical::{ExportOptions, export_resource};
use deepblock_remote::{Address, Dav, DavError, DavLogin, Limits};
use deepblock_store::{DavAccount, DavCalendar};
use serde::Serialize;

use crate::error::Field;
use crate::import::{checked_calendar_name, read_calendar};
use crate::{CalendarSync, Deepblock, ErrorCode, INVITATIONS_CALENDAR, Plan, ServiceError, ServiceResult};

/// What `calendar connect` (and the app's connect form) asks for.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Connect {
    /// The account's name in Deepblock.
    pub name: String,
    /// The server, or any address on it.
    pub url: String,
    /// The user name.
    pub user: String,
    /// The password or app password; kept in the keyring.
    pub password: String,
    /// The calendar blocks are published into, by name, path, or the last part of its path.
    pub publish_to: Option<String>,
    /// The calendars whose events are meetings, by name or path.
    pub read: Vec<String>,
}

/// A calendar an account offers, for choosing.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OfferedCalendar {
    /// Its name on the server.
    pub name: String,
    /// Its path.
    pub href: String,
}

/// Published blocks reach this far back and ahead, as an export does.
const PUBLISH_DAYS_BACK: u64 = 28;
const PUBLISH_DAYS_AHEAD: u64 = 365;

/// The calendar name published resources carry.
const PUBLISHED_NAME: &str = "Deepblock";

/// How blocks are published now: the zone, the stretch of time around
/// today, and the kinds shown as busy. Every copy sent or kept is written
/// by it, so a change of the busy kinds shows as a difference to publish.
#[derive(Debug, Clone, Copy)]
struct Publishing {
    tz: Tz,
    range: Span,
    busy: KindSet,
}

impl Publishing {
    fn of(plan: &Plan) -> ServiceResult<Self> {
        let today = plan.now().with_timezone(&plan.tz).date_naive();
        let from = today.checked_sub_days(Days::new(PUBLISH_DAYS_BACK)).unwrap_or(today);
        let to = today.checked_add_days(Days::new(PUBLISH_DAYS_AHEAD)).unwrap_or(today);
        Ok(Self { tz: plan.tz, range: plan.dates_window(from, to)?, busy: plan.rules()?.busy })
    }

    /// A block as the resource that publishes it. Stamped at the epoch it
    /// changes only when the block does, which is the copy kept and
    /// compared; the copy sent carries the time it was sent.
    fn body(&self, block: &Block, stamp: DateTime<Utc>) -> String {
        let options = ExportOptions {
            name: PUBLISHED_NAME,
            tz: self.tz,
            now: stamp,
            range: self.range,
            busy: self.busy,
        };
        export_resource(block, None, &options)
    }
}

/// The editable parts of the (first) event in a resource's text, as the
/// import reads them: ours, the base and theirs are all read this way, so
/// they compare like with like.
fn editable(body: &str, tz: Tz) -> Option<Editable> {
    read_calendar(body, "", tz).ok()?.blocks.first().map(Editable::of)
}

fn password_key(secret_id: &str) -> String {
    format!("calendar-password:{secret_id}")
}

impl Deepblock {
    /// The calendars the account at `url` offers (nothing is stored).
    pub fn offered_calendars(
        &self,
        url: &str,
        user: &str,
        password: &str,
    ) -> ServiceResult<Vec<OfferedCalendar>> {
        let address = Address::parse(url).map_err(|e| ServiceError::bad_input(e.to_string()))?;
        let login = DavLogin { address: &address, user, password, limits: Limits::default() };
        let dav = Dav::open(&login).map_err(|e| dav_refused("", &e))?;
        let found = dav.discover().map_err(|e| dav_refused("", &e))?;
        Ok(found.into_iter().map(|c| OfferedCalendar { name: c.name, href: c.href }).collect())
    }

    /// Connects a CalDAV account: finds its calendars, keeps the chosen
    /// ones and the password (in the keyring), and syncs once.
    pub fn connect(&self, request: Connect) -> ServiceResult<CalendarSync> {
        let name = checked_calendar_name(&request.name)?.to_owned();
        if name == INVITATIONS_CALENDAR {
            return Err(ServiceError::bad_input(format!(
                "'{name}' holds the invitations you answer; pick another name"
            ))
            .about(Field::CalendarName));
        }
        {
            let plan = self.plan();
            if plan.store.dav_account(&name)?.is_some() || plan.store.subscription(&name)?.is_some() {
                return Err(ServiceError::bad_input(format!(
                    "a calendar named '{name}' is already connected or subscribed; remove it first or pick another name"
                ))
                .about(Field::CalendarName));
            }
        }
        if request.user.trim().is_empty() || request.password.is_empty() {
            return Err(ServiceError::bad_input("give the user name and the password (or app password)"));
        }
        let address = Address::parse(&request.url).map_err(|e| ServiceError::bad_input(e.to_string()))?;
        let login = DavLogin {
            address: &address,
            user: request.user.trim(),
            password: &request.password,
            limits: Limits::default(),
        };
        let dav = Dav::open(&login).map_err(|e| dav_refused(&name, &e))?;
        let found = dav.discover().map_err(|e| dav_refused(&name, &e))?;
        let offered = found.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
        let pick = |wanted: &str| {
            found
                .iter()
                .find(|c| {
                    let wanted = wanted.trim();
                    let last = c.href.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
                    c.name.eq_ignore_ascii_case(wanted)
                        || c.href == wanted
                        || last.eq_ignore_ascii_case(wanted)
                })
                .ok_or_else(|| {
                    ServiceError::bad_input(format!(
                        "'{name}' has no calendar named '{}'; it has: {offered}",
                        wanted.trim()
                    ))
                })
        };
        let publish = request.publish_to.as_deref().map(pick).transpose()?;
        let reads = request.read.iter().map(|r| pick(r)).collect::<ServiceResult<Vec<_>>>()?;
        if publish.is_none() && reads.is_empty() {
            return Err(ServiceError::bad_input(format!(
                "choose a calendar to publish your blocks into and the ones to read meetings from; '{name}' has: {offered}"
            )));
        }
        let mut calendars: Vec<DavCalendar> = Vec::new();
        for (found, reading) in reads.iter().map(|c| (*c, true)).chain(publish.map(|c| (c, false))) {
            match calendars.iter_mut().find(|c| c.href == found.href) {
                Some(known) if reading => known.reads = true,
                Some(known) => known.publishes = true,
                None => calendars.push(DavCalendar {
                    account: name.clone(),
                    href: found.href.clone(),
                    display: found.name.clone(),
                    reads: reading,
                    publishes: !reading,
                    plan_calendar: format!("{name}/{}", found.name),
                    sync_token: None,
                    ctag: None,
                }),
            }
        }
        let secret_id = uuid::Uuid::new_v4().simple().to_string();
        self.system.secrets.set(&password_key(&secret_id), &request.password)?;
        let account = DavAccount {
            name: name.clone(),
            url: address.as_str().to_owned(),
            user: request.user.trim().to_owned(),
            secret_id: secret_id.clone(),
            added: self.now(),
            last_attempt: None,
            last_success: None,
            problem: None,
        };
        let added = self.plan().store.write(|tx| tx.add_dav_account(&account, &calendars));
        match added {
            Ok(true) => Ok(self.sync_account(&account, &dav)),
            Ok(false) => {
                self.forget_password(&secret_id);
                Err(ServiceError::bad_input(format!("'{name}' was connected meanwhile; pick another name")))
            }
            Err(error) => {
                self.forget_password(&secret_id);
                Err(error.into())
            }
        }
    }

    /// Removes an account: its meetings leave the plan, its password the
    /// keyring. What it published stays on the server.
    pub(crate) fn disconnect(&self, name: &str) -> ServiceResult<Option<usize>> {
        let removed = self.plan().store.write(|tx| {
            let calendars = tx.dav_calendars(name)?;
            let Some(account) = tx.remove_dav_account(name)? else { return Ok::<_, ServiceError>(None) };
            let mut removed = 0;
            for calendar in calendars.iter().filter(|c| c.reads) {
                removed += tx.replace_calendar(&calendar.plan_calendar, &[])?.removed;
            }
            Ok(Some((account, removed)))
        })?;
        Ok(removed.map(|(account, removed)| {
            self.forget_password(&account.secret_id);
            removed
        }))
    }

    /// Syncs the connected accounts `wanted` picks, once each (see the
    /// module).
    pub(crate) fn sync_accounts(
        &self,
        wanted: impl Fn(&DavAccount) -> bool,
        limits: Limits,
    ) -> ServiceResult<Vec<CalendarSync>> {
        let accounts = self.plan().store.dav_accounts()?;
        let mut lines = Vec::new();
        for account in accounts.iter().filter(|a| wanted(a)) {
            match self.open_account(account, limits) {
                Ok(dav) => lines.push(self.sync_account(account, &dav)),
                Err(reason) => lines.push(self.account_failed(account, &reason)),
            }
        }
        Ok(lines)
    }

    /// A connection to the account's server, with its password from the
    /// keyring; or why there is none.
    fn open_account(&self, account: &DavAccount, limits: Limits) -> Result<Dav, String> {
        let password = self
            .system
            .secrets
            .get(&password_key(&account.secret_id))
            .map_err(|e| e.message)?
            .ok_or("its password is missing from the keyring; connect it again")?;
        let address = Address::parse(&account.url).map_err(|e| e.to_string())?;
        let login = DavLogin { address: &address, user: &account.user, password: &password, limits };
        Dav::open(&login).map_err(|e| e.to_string())
    }

    /// Reads, then publishes; one line for the account.
    fn sync_account(&self, account: &DavAccount, dav: &Dav) -> CalendarSync {
        let outcome = self.read_account(account, dav).and_then(|read| {
            let declined = self.auto_decline(account, dav).map_err(|e| e.message)?;
            Ok((read, declined, self.publish_account(account, dav)?))
        });
        let (read, declined, published) = match outcome {
            Ok(done) => done,
            Err(reason) => return self.account_failed(account, &reason),
        };
        if let Err(error) = self.plan().store.write(|tx| tx.record_dav_sync(&account.name, self.now(), None))
        {
            tracing::warn!("cannot record the sync of '{}': {error}", account.name);
        }
        let (requests, bytes) = dav.traffic();
        tracing::info!("calendar '{}': {requests} requests, {bytes} bytes", account.name);
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = Vec::new();
        if read.calendars > 0 {
            let mut part = format!(
                "read {} ({} new, {} changed, {} removed)",
                plural(read.calendars, "calendar", "calendars"),
                read.new,
                read.changed,
                read.removed
            );
            if read.unreadable > 0 {
                part.push_str(&format!(", {} unreadable left out", read.unreadable));
            }
            parts.push(part);
        }
        if read.taken > 0 {
            parts.push(format!("{} changed on the server taken in", plural(read.taken, "block", "blocks")));
        }
        if let Some(p) = &published {
            parts.push(format!(
                "published {} to {} ({} new, {} updated, {} removed)",
                plural(p.blocks, "block", "blocks"),
                p.calendar,
                p.new,
                p.updated,
                p.removed
            ));
            if p.raced > 0 {
                parts.push(format!(
                    "{} changed on the server meanwhile, left for the next sync",
                    plural(p.raced, "block", "blocks")
                ));
            }
        }
        if declined > 0 {
            parts.push(format!(
                "declined {} that broke a rule",
                plural(declined, "invitation", "invitations")
            ));
        }
        let waiting = self.waiting_invitations(&account.name);
        if waiting > 0 {
            parts.push(format!(
                "{} a rule and {} your answer: `deepblock calendar invitations` lists them",
                plural(waiting, "invitation breaks", "invitations break"),
                if waiting == 1 { "waits for" } else { "wait for" }
            ));
        }
        if read.conflicts > 0 {
            parts.push(format!(
                "{} changed here and on the server: `deepblock calendar conflicts` lists them",
                plural(read.conflicts, "block was", "blocks were")
            ));
        }
        CalendarSync {
            calendar: account.name.clone(),
            ok: true,
            changed: read.new + read.changed + read.removed + read.taken + declined > 0,
            line: format!("{}: {}", account.name, parts.join("; ")),
            import: None,
            traffic: Some((requests, bytes)),
        }
    }

    fn account_failed(&self, account: &DavAccount, reason: &str) -> CalendarSync {
        tracing::warn!("calendar '{}': {reason}", account.name);
        if let Err(error) =
            self.plan().store.write(|tx| tx.record_dav_sync(&account.name, self.now(), Some(reason)))
        {
            tracing::warn!("cannot record the failed sync of '{}': {error}", account.name);
        }
        CalendarSync {
            calendar: account.name.clone(),
            ok: false,
            changed: false,
            line: format!("{}: {reason}; nothing was changed", account.name),
            import: None,
            traffic: None,
        }
    }

    fn forget_password(&self, secret_id: &str) {
        if let Err(error) = self.system.secrets.delete(&password_key(secret_id)) {
            tracing::warn!("cannot remove a password from the keyring: {}", error.message);
        }
    }
}

/// Where a block lives in the publish calendar: named by its UID, with
/// anything but letters, digits, '-', '_', '.' and '@' replaced.
fn resource_href(collection: &str, uid: &str) -> String {
    let safe: String =
        uid.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.@".contains(c) { c } else { '_' }).collect();
    format!("{}/{safe}.ics", collection.trim_end_matches('/'))
}

/// A connection refused: the login's fault is bad input, the network's
/// the environment's.
fn dav_refused(name: &str, error: &DavError) -> ServiceError {
    let code = if error.blames_the_login() { ErrorCode::BadInput } else { ErrorCode::Environment };
    let lead = if name.is_empty() { String::new() } else { format!("calendar '{name}' was not connected: ") };
    ServiceError::new(code, format!("{lead}{error}"))
}
