//! The one error type of the domain layer.

use thiserror::Error;

/// Why the domain refused an input. Rule breaches are not errors: they are
/// [`crate::policy::Violation`]s, returned as values so that a front end can
/// show warnings and errors side by side.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CoreError {
    /// The input cannot be understood or is out of range. The message names
    /// the input and says how to write it.
    #[error("{0}")]
    BadInput(String),
    /// Something the user set up earlier forbids it (a locked session).
    #[error("{0}")]
    Refused(String),
}

/// Result of a domain operation.
pub type CoreResult<T> = Result<T, CoreError>;
