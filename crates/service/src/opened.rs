//! A calendar file handed to the app, as when it is dropped on the window:
//! an invitation is triaged and its answer saved beside it; any other
//! calendar is imported under the file's name.

use std::path::{Path, PathBuf};

use deepblock_ical::is_invitation;
use serde::Serialize;

use crate::files::read_calendar_file;
use crate::{Deepblock, ImportReport, InviteOptions, InviteOutcome, Plan, ServiceError, ServiceResult};

/// What opening a calendar file did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Opened {
    /// An iTIP REQUEST or CANCEL, answered by the user's rules.
    Invitation {
        /// The decisions, as `deepblock invite` prints them, and the files
        /// saved beside it: the reply, and a counter-proposal when a free
        /// slot was found for a declined meeting.
        outcome: InviteOutcome,
    },
    /// A calendar of meetings, imported read-only.
    Calendar {
        /// What the import changed.
        report: ImportReport,
    },
}

/// `Downloads/invite.ics` → `Downloads/invite-reply.ics`.
fn reply_path(invitation: &Path) -> PathBuf {
    let stem =
        invitation.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "invite".into());
    invitation.with_file_name(format!("{stem}-reply.ics"))
}

impl Deepblock {
    /// Opens `path`: an invitation gets decisions, a reply (and counter-
    /// proposal) written beside it and its accepted times on the plan; any
    /// other calendar is imported as the calendar named by the file's stem.
    /// The file is read before the plan is locked.
    pub fn open_calendar_file(&self, path: &Path) -> ServiceResult<Opened> {
        let (label, text) = read_calendar_file(path)?;
        self.plan().open_calendar_text(path, &label, &text)
    }
}

impl Plan {
    /// Acts on the text of the calendar file at `path` (named `label` in
    /// errors), as [`Deepblock::open_calendar_file`] describes.
    fn open_calendar_text(&mut self, path: &Path, label: &str, text: &str) -> ServiceResult<Opened> {
        let named = |mut e: ServiceError| {
            e.message = format!("{label}: {}", e.message);
            e
        };
        if !is_invitation(text) {
            let name =
                path.file_stem().map_or_else(|| "imported".into(), |s| s.to_string_lossy().into_owned());
            let report = self.import_ics(text, &name).map_err(named)?;
            return Ok(Opened::Calendar { report });
        }
        let options = InviteOptions { reply_out: Some(reply_path(path)), counter: true, no_join: false };
        let outcome = self.invite(text, options).map_err(named)?;
        Ok(Opened::Invitation { outcome })
    }
}
