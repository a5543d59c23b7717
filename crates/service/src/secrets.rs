//! Secrets live in the OS keyring (Secret Service on Linux, Keychain on
//! macOS, Credential Manager on Windows), never in the database or a file.

use crate::{ErrorCode, ServiceError, ServiceResult};

/// The keyring service all of Deepblock's secrets are filed under.
const SERVICE: &str = "deepblock";
/// The entry holding the token that guards the local feed and API.
const FEED_TOKEN: &str = "feed-token";

fn unavailable(e: &keyring::Error) -> ServiceError {
    ServiceError::new(
        ErrorCode::Environment,
        format!(
            "the OS keyring is not available ({e}); Deepblock keeps its feed token only there: \
             start a Secret Service such as gnome-keyring and try again"
        ),
    )
}

/// The feed token: read from the keyring, or made once (256 random bits,
/// hex) and stored there.
pub fn feed_token() -> ServiceResult<String> {
    let entry = keyring::Entry::new(SERVICE, FEED_TOKEN).map_err(|e| unavailable(&e))?;
    match entry.get_password() {
        Ok(token) if !token.is_empty() => Ok(token),
        Ok(_) | Err(keyring::Error::NoEntry) => {
            let token = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
            entry.set_password(&token).map_err(|e| unavailable(&e))?;
            Ok(token)
        }
        Err(e) => Err(unavailable(&e)),
    }
}
