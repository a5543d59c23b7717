//! The one error type every front end receives.

use std::fmt;

use deepblock_core::{CoreError, Finding, Severity, Violation};
use deepblock_store::StoreError;
use serde::Serialize;

/// What kind of failure, stable across versions: front ends branch on it
/// (the CLI picks its exit code, the window decides whether to spring a
/// block back), never on the message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// The input is malformed or out of range.
    BadInput,
    /// No block or rule has that id.
    NotFound,
    /// The block was imported; it changes in its own calendar.
    ReadOnly,
    /// The change breaks one of the user's rules.
    RuleViolation,
    /// The machine is not as needed: the database cannot be opened, is from
    /// a newer version, or is busy.
    Environment,
}

impl ErrorCode {
    /// The code as scripts and the UI read it.
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorCode::BadInput => "bad-input",
            ErrorCode::NotFound => "not-found",
            ErrorCode::ReadOnly => "read-only",
            ErrorCode::RuleViolation => "rule-violation",
            ErrorCode::Environment => "environment",
        }
    }
}

/// The input an error is about, so that each front end can say where to
/// change it in its own words (a flag for the CLI, a field or a setting for
/// the window); the message itself names no front end's controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    /// Which database file is used.
    Database,
    /// The port the local feed listens on.
    Port,
    /// A focus session's length or end.
    SessionLength,
    /// The last date a repeating block repeats on.
    RepeatEnd,
    /// Which occurrence of a repeating block.
    Occurrence,
    /// The first and last dates of a range.
    DateRange,
    /// What a no-meeting rule covers.
    NoMeetingRule,
    /// The name an imported calendar is kept under.
    CalendarName,
    /// The user's own email addresses.
    MyAddresses,
    /// The sites focus sessions block.
    Blocklist,
}

/// A refused or failed operation. Nothing was changed.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceError {
    /// What kind of failure.
    pub code: ErrorCode,
    /// One line a user understands, saying what to do next where it can.
    pub message: String,
    /// The input to change, when one is to blame.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// For a rule violation, every finding (errors and warnings).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
}

impl ServiceError {
    /// An error with a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), field: None, findings: Vec::new() }
    }

    /// The same error, said to be about `field`.
    pub fn about(mut self, field: Field) -> Self {
        self.field = Some(field);
        self
    }

    /// Malformed input.
    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadInput, message)
    }

    /// Nothing has that id.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    /// The refusal of a change whose findings hold at least one error; the
    /// message is the errors' messages. A block with no length or ending
    /// before it starts is bad input rather than a broken rule.
    pub fn violation(findings: Vec<Finding>) -> Self {
        let errors: Vec<&Finding> = findings.iter().filter(|f| f.severity == Severity::Error).collect();
        let malformed = errors
            .iter()
            .all(|f| matches!(f.violation, Violation::EndBeforeStart { .. } | Violation::ZeroLength { .. }));
        let code = if malformed { ErrorCode::BadInput } else { ErrorCode::RuleViolation };
        let message = errors.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("; ");
        Self { code, message, field: None, findings }
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ServiceError {}

impl From<CoreError> for ServiceError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::BadInput(message) => ServiceError::bad_input(message),
            CoreError::Refused(message) => ServiceError::new(ErrorCode::RuleViolation, message),
            other => ServiceError::bad_input(other.to_string()),
        }
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        ServiceError::new(ErrorCode::Environment, e.to_string())
    }
}

/// Result of a service operation.
pub type ServiceResult<T> = Result<T, ServiceError>;
