//! A calendar's address: checked once when the user gives it, and shown
//! shortened everywhere after, because a subscription address usually is
//! the credential (Google's "secret address", Outlook's published link).

use std::fmt;

use url::Url;

/// The longest address accepted; real feed links are a few hundred bytes.
const MAX_ADDRESS: usize = 2048;

/// How much of the last path segment the shortened form keeps.
const SHOWN_SEGMENT: usize = 24;

/// A checked `http(s)://` address; `webcal://` and `webcals://` ones
/// become `https://`, as calendar apps read them.
#[derive(Clone, PartialEq, Eq)]
pub struct Address {
    url: Url,
}

/// Why a text is not an address we can fetch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    /// Not a URL at all.
    #[error("'{0}' is not an address; give the whole link, starting with https:// or webcal://")]
    NotUrl(String),
    /// A scheme we do not fetch.
    #[error("addresses starting with {0}: cannot be fetched; give an https://, http:// or webcal:// link")]
    Scheme(String),
    /// A user name or password written into the address.
    #[error(
        "the address holds a user name or password; give the user with --user, the password is asked for and kept in the keyring"
    )]
    Credentials,
    /// Longer than any real calendar link.
    #[error("the address is longer than {MAX_ADDRESS} characters")]
    TooLong,
}

impl Address {
    /// Reads an address as the user typed or pasted it.
    pub fn parse(text: &str) -> Result<Self, AddressError> {
        let text = text.trim();
        if text.len() > MAX_ADDRESS {
            return Err(AddressError::TooLong);
        }
        let mut url = Url::parse(text).map_err(|_| AddressError::NotUrl(shorten_text(text)))?;
        match url.scheme() {
            "http" | "https" => {}
            "webcal" | "webcals" => {
                // Url refuses to change a non-special scheme into a special
                // one in place, so its own text is read again with https
                // (its own: Url drops tabs and newlines that `text` may hold).
                let rest = url.as_str().get(url.scheme().len()..).unwrap_or_default().to_owned();
                url = Url::parse(&format!("https{rest}"))
                    .map_err(|_| AddressError::NotUrl(shorten_text(text)))?;
            }
            other => return Err(AddressError::Scheme(other.to_owned())),
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(AddressError::NotUrl(shorten_text(text)));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(AddressError::Credentials);
        }
        url.set_fragment(None);
        Ok(Self { url })
    }

    /// The whole address, for fetching and for the keyring only.
    pub fn as_str(&self) -> &str {
        self.url.as_str()
    }

    /// The host (and port, when not the scheme's own), for messages.
    pub fn host(&self) -> String {
        let host = self.url.host_str().unwrap_or_default();
        match self.url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        }
    }

    /// The address shortened for showing and logging: the host and the
    /// last part of the path, which name it well enough without the
    /// secret that usually sits in between ("calendar.google.com/…/basic.ics").
    pub fn shown(&self) -> String {
        let segments: Vec<&str> =
            self.url.path_segments().map(|s| s.filter(|p| !p.is_empty()).collect()).unwrap_or_default();
        let host = self.host();
        let query = if self.url.query().is_some() { "?…" } else { "" };
        match segments.as_slice() {
            [] => format!("{host}{query}"),
            [only] => format!("{host}/{}{query}", shorten_segment(only)),
            [.., last] => format!("{host}/…/{}{query}", shorten_segment(last)),
        }
    }

    pub(crate) fn url(&self) -> &Url {
        &self.url
    }

    pub(crate) fn from_url(url: Url) -> Self {
        Self { url }
    }
}

impl fmt::Debug for Address {
    // Never the whole address: it ends up in logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Address({})", self.shown())
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown())
    }
}

fn shorten_segment(segment: &str) -> String {
    if segment.chars().count() <= SHOWN_SEGMENT {
        segment.to_owned()
    } else {
        let head: String = segment.chars().take(SHOWN_SEGMENT).collect();
        format!("{head}…")
    }
}

/// A text that failed to parse, cut short before it is echoed back.
fn shorten_text(text: &str) -> String {
    let head: String = text.chars().take(SHOWN_SEGMENT).collect();
    if head.len() < text.len() { format!("{head}…") } else { head }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webcal_becomes_https_and_the_secret_is_not_shown() {
        let google = "webcal://calendar.google.com/calendar/ical/team%40group.calendar.google.com/private-9f8e7d6c5b4a/basic.ics";
        let address = Address::parse(google).unwrap();
        assert!(address.as_str().starts_with("https://calendar.google.com/calendar/ical/"));
        assert_eq!(address.shown(), "calendar.google.com/…/basic.ics");
        assert!(!format!("{address:?}").contains("private-"));
    }

    #[test]
    fn a_local_server_keeps_its_port_and_a_query_is_hidden() {
        let address = Address::parse("http://127.0.0.1:8080/feed.ics?token=abcdef").unwrap();
        assert_eq!(address.shown(), "127.0.0.1:8080/feed.ics?…");
        assert_eq!(address.host(), "127.0.0.1:8080");
    }

    #[test]
    fn what_cannot_be_fetched_is_refused_with_the_reason() {
        assert_eq!(Address::parse("ftp://example.com/a.ics"), Err(AddressError::Scheme("ftp".into())));
        assert_eq!(Address::parse("https://me:pw@example.com/a.ics"), Err(AddressError::Credentials));
        assert!(matches!(Address::parse("calendar.google.com/x.ics"), Err(AddressError::NotUrl(_))));
        assert_eq!(
            Address::parse(&format!("https://e.com/{}", "a".repeat(3000))),
            Err(AddressError::TooLong)
        );
        assert!(matches!(Address::parse("https://"), Err(AddressError::NotUrl(_))));
    }
}
