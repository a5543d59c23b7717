//! Blocks: the planned (or imported) stretches of time on a user's week.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};
use crate::recurrence::Recurrence;
use crate::time::{Span, to_local};

/// The database identity of a block, shown to users as a small number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(transparent)]
pub struct BlockId(pub i64);

impl BlockId {
    /// The id of a block that has not been saved yet. No saved block has it,
    /// so a draft checked by the policy never mistakes another block for
    /// itself.
    pub const UNSAVED: BlockId = BlockId(0);
}

impl fmt::Display for BlockId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Declares a closed set of names that users type and scripts read, with
/// parsing and display in one place so the CLI, JSON and the database agree.
macro_rules! named_enum {
    (
        $(#[$meta:meta])* $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, $label:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(rename_all = "kebab-case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the order users see them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name users type and scripts read.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }

            /// A short human label.
            pub fn label(&self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = CoreError;

            fn from_str(text: &str) -> CoreResult<Self> {
                let wanted = text.trim().to_ascii_lowercase();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == wanted)
                    .ok_or_else(|| {
                        let names: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                        CoreError::BadInput(format!(
                            concat!("unknown ", $what, " '{}'; use one of: {}"),
                            text,
                            names.join(", ")
                        ))
                    })
            }
        }
    };
}

named_enum! {
    /// What a block is for; it decides which rules apply to it.
    Kind, "kind" {
        /// Focused, uninterrupted work.
        Deep = "deep", "Deep work";
        /// Reading, courses, papers.
        Learning = "learning", "Learning";
        /// Time with other people.
        Meeting = "meeting", "Meeting";
        /// Rest between focus periods.
        Break = "break", "Break";
        /// Email, expenses, shallow tasks.
        Admin = "admin", "Admin";
    }
}

named_enum! {
    /// What the time was spent on, for the weekly report.
    Category, "category" {
        /// Collecting, cleaning and labelling data.
        DataPrep = "data-prep", "Data prep";
        /// Designing and writing models.
        ModelDev = "model-dev", "Model development";
        /// Training and deployment runs.
        Training = "training", "Training/deployment";
        /// Evaluation and analysis.
        Evaluation = "evaluation", "Evaluation";
        /// Research and learning.
        ResearchLearning = "research-learning", "Research/learning";
        /// Meetings.
        Meetings = "meetings", "Meetings";
        /// Writing documentation.
        Documentation = "documentation", "Documentation";
        /// Administrative work.
        Admin = "admin", "Admin";
        /// Anything else.
        Other = "other", "Other";
    }
}

impl Kind {
    /// Whether a block of this kind may start a focus session as it
    /// begins: every kind but a break, which is the opposite of focus.
    pub fn can_start_focus(&self) -> bool {
        *self != Kind::Break
    }

    /// The category a new block of this kind gets when none is given.
    pub fn default_category(&self) -> Category {
        match self {
            Kind::Learning => Category::ResearchLearning,
            Kind::Meeting => Category::Meetings,
            Kind::Admin => Category::Admin,
            Kind::Deep | Kind::Break => Category::Other,
        }
    }
}

/// Where a block came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
pub enum Source {
    /// Planned in Deepblock; the user may change it.
    Planned,
    /// Imported from another calendar; read-only here, it changes when that
    /// calendar is imported again.
    Imported {
        /// The name the calendar was imported under.
        calendar: String,
    },
}

/// A block of time on the plan, possibly repeating every week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// Database identity; [`BlockId::UNSAVED`] until stored.
    pub id: BlockId,
    /// Globally unique, stable identity for calendars (iCalendar UID).
    pub uid: String,
    /// Bumped whenever the time or the recurrence changes, so calendars
    /// that already hold the block take the new version (iCalendar SEQUENCE).
    pub sequence: u32,
    /// What the block is for.
    pub kind: Kind,
    /// What the user calls it.
    pub title: String,
    /// What the time goes to, for the report.
    pub category: Category,
    /// Start of the first (or only) occurrence.
    pub start: DateTime<Utc>,
    /// End of the first (or only) occurrence.
    pub end: DateTime<Utc>,
    /// The zone it was planned in; a recurring block keeps its wall time
    /// in this zone.
    pub tz: Tz,
    /// How it repeats, if it does.
    pub recurrence: Option<Recurrence>,
    /// Protected blocks refuse meetings on top of them.
    pub protected: bool,
    /// Planned here, or imported read-only.
    pub source: Source,
}

impl Block {
    /// The first occurrence's span.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// How long every occurrence lasts.
    pub fn duration(&self) -> Duration {
        self.end - self.start
    }

    /// The first occurrence's local wall start, which anchors a recurrence.
    pub fn local_start(&self) -> NaiveDateTime {
        to_local(self.tz, self.start)
    }

    /// Whether the user may change it here.
    pub fn is_editable(&self) -> bool {
        self.source == Source::Planned
    }
}

/// One concrete occurrence of a block on the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    /// The block it belongs to.
    pub block_id: BlockId,
    /// For a recurring block, the local wall start the rule gave this
    /// occurrence before any move; it names the occurrence (RECURRENCE-ID).
    pub original: Option<NaiveDateTime>,
    /// When it starts and ends.
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_categories_parse_case_insensitively() {
        assert_eq!("Deep".parse::<Kind>().unwrap(), Kind::Deep);
        assert_eq!("data-prep".parse::<Category>().unwrap(), Category::DataPrep);
        let err = "focus".parse::<Kind>().unwrap_err().to_string();
        assert_eq!(err, "unknown kind 'focus'; use one of: deep, learning, meeting, break, admin");
    }

    #[test]
    fn names_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>().unwrap(), *kind);
        }
        for category in Category::ALL {
            assert_eq!(category.to_string().parse::<Category>().unwrap(), *category);
        }
    }
}
