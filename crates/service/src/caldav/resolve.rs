//! Conflicts the user settles: a published block changed in the same part
//! here and on the server. Settling one is local and quick; the next sync
//! carries it out (writes the user's version over the server's, or keeps
//! the server's).

use deepblock_core::Source;
use deepblock_core::policy::format_local_span;
use deepblock_store::DavResource;
use serde::Serialize;

use super::{Publishing, editable};
use crate::{Plan, ServiceError, ServiceResult};

/// Which version of a conflicted block to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Keep {
    /// The plan's: written over the server's at the next sync.
    Mine,
    /// The server's: taken into the plan now.
    Theirs,
}

/// A conflict as the window and `calendar conflicts` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConflictView {
    /// The account.
    pub account: String,
    /// The block's UID, which names the conflict.
    pub uid: String,
    /// The block's title here.
    pub title: String,
    /// What was changed on both sides, in one line.
    pub line: String,
}

impl Plan {
    /// Every conflict waiting for the user.
    pub fn conflicts(&self) -> ServiceResult<Vec<ConflictView>> {
        let plan = self;
        plan.store
            .dav_conflicts()?
            .into_iter()
            .map(|c| {
                let title = plan.store.block_by_uid("", &c.block_uid)?.map(|b| b.title).unwrap_or_default();
                let line = if c.parts == "deleted here" {
                    format!(
                        "'{}' was deleted here and changed in '{}'",
                        title_or(&c.block_uid, &title),
                        c.account
                    )
                } else {
                    format!(
                        "'{}' was changed here and in '{}' ({})",
                        title_or(&c.block_uid, &title),
                        c.account,
                        self.their_side(&c.parts, &c.their_body)
                    )
                };
                Ok(ConflictView { account: c.account, uid: c.block_uid, title, line })
            })
            .collect()
    }

    /// The parts in conflict, each with the server's value: "title there
    /// 'Paper (theirs)'; time there Thu 3 Jun 10:00–13:00".
    fn their_side(&self, parts: &str, their_body: &str) -> String {
        let Some(theirs) = editable(their_body, self.tz) else { return parts.to_owned() };
        let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&self.tz).naive_local();
        parts
            .split(", ")
            .map(|part| match part {
                "title" => format!("title there '{}'", theirs.title),
                "time" => {
                    format!("time there {}", format_local_span(local(theirs.time.0), local(theirs.time.1)))
                }
                "repeat" => "how it repeats".to_owned(),
                other => other.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Settles the conflict on the block `uid` by keeping one version.
    pub fn resolve_conflict(&mut self, uid: &str, keep: Keep) -> ServiceResult<String> {
        let tz = self.tz;
        let publishing = Publishing::of(self)?;
        self.store.write(|tx| {
            let conflict =
                tx.dav_conflicts()?.into_iter().find(|c| c.block_uid == uid.trim()).ok_or_else(|| {
                    ServiceError::not_found(format!(
                        "no conflict is waiting on a block with UID '{}'",
                        uid.trim()
                    ))
                })?;
            tx.delete_dav_conflict(&conflict.account, &conflict.href)?;
            let stored = tx.dav_resource(&conflict.account, &conflict.href)?;
            let block = tx.block_by_uid("", &conflict.block_uid)?.filter(|b| b.source == Source::Planned);
            let theirs = editable(&conflict.their_body, tz);
            let (Some(stored), Some(block), Some(theirs)) = (stored, block, theirs) else {
                // Deleted here (or unreadable there): keeping mine deletes it
                // on the server at the next sync; keeping theirs leaves the
                // server's event alone and stops publishing it.
                if let Some(stored) = tx.dav_resource(&conflict.account, &conflict.href)? {
                    match keep {
                        Keep::Mine => tx.put_dav_resource(&DavResource {
                            etag: Some(conflict.their_etag.clone()),
                            ..stored
                        })?,
                        Keep::Theirs => {
                            tx.delete_dav_resource(&conflict.account, &conflict.href)?;
                        }
                    }
                }
                return Ok(match keep {
                    Keep::Mine => "kept yours: the next sync removes it from the server".to_owned(),
                    Keep::Theirs => {
                        "kept theirs: the server's event stays, no longer published from here".to_owned()
                    }
                });
            };
            let as_theirs = theirs.apply_to(&block);
            let theirs_body = publishing.body(&as_theirs, chrono::DateTime::UNIX_EPOCH);
            tx.put_dav_resource(&DavResource {
                etag: Some(conflict.their_etag.clone()),
                body: theirs_body,
                ..stored
            })?;
            Ok(match keep {
                Keep::Mine => {
                    format!("kept yours for '{}': the next sync writes it to the server", block.title)
                }
                Keep::Theirs => {
                    tx.update_block(&as_theirs)?;
                    format!("kept theirs for '{}': the plan now has the server's version", as_theirs.title)
                }
            })
        })
    }
}

fn title_or<'a>(uid: &'a str, title: &'a str) -> &'a str {
    if title.is_empty() { uid } else { title }
}
