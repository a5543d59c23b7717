//! The OS keyring (Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows), through the keyring crate.

use crate::{ErrorCode, Secrets, ServiceError, ServiceResult};

/// The keyring service all of Deepblock's secrets are filed under.
const SERVICE: &str = "deepblock";

/// The user's keyring.
#[derive(Debug, Default)]
pub struct Keyring;

fn unavailable(e: &keyring::Error) -> ServiceError {
    ServiceError::new(
        ErrorCode::Environment,
        format!(
            "the OS keyring is not available ({e}); Deepblock keeps its secrets only there: \
             start a Secret Service such as gnome-keyring and try again"
        ),
    )
}

impl Secrets for Keyring {
    fn get(&self, name: &str) -> ServiceResult<Option<String>> {
        let entry = keyring::Entry::new(SERVICE, name).map_err(|e| unavailable(&e))?;
        match entry.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(&e)),
        }
    }

    fn set(&self, name: &str, value: &str) -> ServiceResult<()> {
        let entry = keyring::Entry::new(SERVICE, name).map_err(|e| unavailable(&e))?;
        entry.set_password(value).map_err(|e| unavailable(&e))
    }

    fn delete(&self, name: &str) -> ServiceResult<()> {
        let entry = keyring::Entry::new(SERVICE, name).map_err(|e| unavailable(&e))?;
        match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(&e)),
        }
    }
}
