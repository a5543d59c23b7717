//! Hostnames a focus session may block, checked before anything is built
//! from them: the daemon writes lines into a root-owned file, so nothing but
//! a plain DNS name may reach it.

use std::fmt;
use std::net::IpAddr;

use crate::BlockerError;

/// The most names one session may block (before www./m. variants).
pub const MAX_HOSTS: usize = 500;

/// A checked, lower-case DNS name with at least two labels.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hostname(String);

impl Hostname {
    /// Checks a name: letters, digits and hyphens; labels of 1 to 63, not
    /// starting or ending with a hyphen; at most 253 in all; at least two
    /// labels; no wildcard, IP literal or localhost. One trailing dot is
    /// allowed and dropped. Internationalized names must come in punycode
    /// (`xn--…`), converted by the caller.
    pub fn parse(text: &str) -> Result<Self, BlockerError> {
        let refuse = |why: &str| BlockerError::BadHostname { name: printable(text), reason: why.to_owned() };
        if !text.is_ascii() {
            return Err(refuse("write internationalized names in punycode (xn--…)"));
        }
        let name = text.strip_suffix('.').unwrap_or(text).to_ascii_lowercase();
        if name.is_empty() {
            return Err(refuse("it is empty"));
        }
        if name.len() > 253 {
            return Err(refuse("it is longer than 253 characters"));
        }
        if name.parse::<IpAddr>().is_ok() || name.starts_with('[') {
            return Err(refuse("it is an IP address, not a name"));
        }
        if name.contains('*') {
            return Err(refuse("wildcards are not allowed; list each name"));
        }
        let labels: Vec<&str> = name.split('.').collect();
        if labels.len() < 2 {
            return Err(refuse("it needs at least two labels, as in example.com"));
        }
        for label in &labels {
            if label.is_empty() || label.len() > 63 {
                return Err(refuse("each part between dots must be 1 to 63 characters"));
            }
            if !label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                return Err(refuse("only letters, digits, hyphens and dots are allowed"));
            }
            if label.starts_with('-') || label.ends_with('-') {
                return Err(refuse("a part cannot start or end with a hyphen"));
            }
        }
        if labels.last() == Some(&"localhost") || labels.iter().all(|l| l.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(refuse("it names this machine or an address"));
        }
        Ok(Self(name))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Hostname {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A name as it can be shown in one error line, whatever it holds.
fn printable(text: &str) -> String {
    let shown: String = text.chars().take(80).flat_map(char::escape_default).collect();
    if text.chars().count() > 80 { format!("{shown}…") } else { shown }
}

/// Checks a whole list, refusing it if any name is bad or there are too many.
pub fn parse_all<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Vec<Hostname>, BlockerError> {
    let mut checked: Vec<Hostname> = names.into_iter().map(Hostname::parse).collect::<Result<_, _>>()?;
    checked.sort();
    checked.dedup();
    if checked.len() > MAX_HOSTS {
        return Err(BlockerError::TooMany { count: checked.len(), max: MAX_HOSTS });
    }
    Ok(checked)
}

/// Every form a blocked name is looked up in: itself, its `www.` and `m.`
/// variants, and each with a trailing dot (which would otherwise bypass a
/// hosts entry).
pub fn lookup_forms(names: &[Hostname]) -> Vec<String> {
    let mut forms = Vec::new();
    for name in names {
        let mut variants = vec![name.0.clone()];
        for prefix in ["www.", "m."] {
            if !name.0.starts_with(prefix) {
                variants.push(format!("{prefix}{}", name.0));
            }
        }
        for variant in variants {
            forms.push(format!("{variant}."));
            forms.push(variant);
        }
    }
    forms.sort();
    forms.dedup();
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_pass_and_are_normalised() {
        assert_eq!(Hostname::parse("YouTube.com.").unwrap().as_str(), "youtube.com");
        assert_eq!(Hostname::parse("xn--bcher-kva.example").unwrap().as_str(), "xn--bcher-kva.example");
    }

    #[test]
    fn injection_and_nonsense_are_refused() {
        for bad in [
            "youtube.com\n0.0.0.0 bank.com",
            "youtube.com\0",
            "youtube.com # comment",
            "you tube.com",
            "#youtube.com",
            "1.2.3.4",
            "::1",
            "[::1]",
            "*.youtube.com",
            "localhost",
            "foo.localhost",
            "com",
            "-bad.com",
            "bad-.com",
            "a..com",
            "bücher.de",
            "",
            ".",
        ] {
            assert!(Hostname::parse(bad).is_err(), "{bad:?} passed");
        }
        let long = format!("{}.com", "a".repeat(64));
        assert!(Hostname::parse(&long).is_err());
        let too_long = format!("{}com", "abcdefghi.".repeat(26));
        assert!(Hostname::parse(&too_long).is_err());
    }

    #[test]
    fn the_error_names_the_input_in_one_line() {
        let err = Hostname::parse("evil.com\n127.0.0.1 bank").unwrap_err().to_string();
        assert!(!err.contains('\n'), "{err}");
        assert!(err.contains("evil.com\\n127.0.0.1 bank"), "{err}");
    }

    #[test]
    fn lookup_forms_cover_www_m_and_trailing_dots() {
        let names = parse_all(["youtube.com", "www.reddit.com"]).unwrap();
        assert_eq!(
            lookup_forms(&names),
            [
                "m.www.reddit.com",
                "m.www.reddit.com.",
                "m.youtube.com",
                "m.youtube.com.",
                "www.reddit.com",
                "www.reddit.com.",
                "www.youtube.com",
                "www.youtube.com.",
                "youtube.com",
                "youtube.com.",
            ]
        );
        assert!(parse_all((0..=MAX_HOSTS).map(|_| "x.com")).is_ok(), "duplicates count once");
    }
}
