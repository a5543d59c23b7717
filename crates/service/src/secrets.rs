//! Secrets live in the OS keyring, never in the database or a file. The
//! service reaches the keyring through [`Secrets`]; the real one is
//! `system::Keyring`.

use crate::ServiceResult;

/// The entry holding the token that guards the local feed and API.
const FEED_TOKEN: &str = "feed-token";

/// Where secrets are kept, by name.
pub trait Secrets: Send + Sync {
    /// The secret called `name`, if there is one.
    fn get(&self, name: &str) -> ServiceResult<Option<String>>;
    /// Keeps `value` as the secret called `name`.
    fn set(&self, name: &str, value: &str) -> ServiceResult<()>;
    /// Forgets the secret called `name`; nothing happens when there is none.
    fn delete(&self, name: &str) -> ServiceResult<()>;
}

/// The feed token: read from the keyring, or made once (256 random bits,
/// hex) and kept there.
pub(crate) fn feed_token(secrets: &dyn Secrets) -> ServiceResult<String> {
    if let Some(token) = secrets.get(FEED_TOKEN)?.filter(|t| !t.is_empty()) {
        return Ok(token);
    }
    let token = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    secrets.set(FEED_TOKEN, &token)?;
    Ok(token)
}
