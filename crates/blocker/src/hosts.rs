//! Editing the system hosts file: one marked section, appended during a
//! focus session and removed after it, leaving every other byte as it was.
//!
//! Pure functions from bytes to bytes; the daemon does the I/O. Crash
//! safety comes from a journal the daemon writes (temp file, fsync, rename)
//! before each change: [`reconcile`] turns whatever a crash left into the
//! original file or the fully blocked one.

use crate::BlockerError;
use crate::hostname::{Hostname, lookup_forms};

const BEGIN: &str = "# >>> deepblock ";
const END: &str = "# <<< deepblock ";
const NOTE: &str = "focus session, removed by Deepblock when it ends";

/// A session's random token, 16 lower-case hex digits, in its markers: only
/// a section with this token is the session's own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Token(String);

impl Token {
    /// Checks a token.
    pub fn parse(text: &str) -> Result<Self, BlockerError> {
        if text.len() == 16 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            Ok(Self(text.to_owned()))
        } else {
            Err(BlockerError::BadToken)
        }
    }

    /// The token as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The file's own line ending: CRLF if its first line ends so, else LF.
fn line_ending(file: &[u8]) -> &'static str {
    match file.iter().position(|b| *b == b'\n') {
        Some(i) if i > 0 && file[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// The bytes to append to `file` to block `names` for the session `token`.
/// If the file does not end with a newline, the section starts with one,
/// and its begin marker says so, so that removal gives it back exactly.
pub fn section(file: &[u8], token: &Token, names: &[Hostname]) -> Vec<u8> {
    let eol = line_ending(file);
    let separate = !file.is_empty() && !file.ends_with(b"\n");
    let mut out = String::new();
    if separate {
        out.push_str(eol);
    }
    let flag = if separate { "sep" } else { "nosep" };
    out.push_str(&format!("{BEGIN}{} {flag} >>> {NOTE}{eol}", token.0));
    for form in lookup_forms(names) {
        out.push_str(&format!("0.0.0.0 {form}{eol}::      {form}{eol}"));
    }
    out.push_str(&format!("{END}{} <<<{eol}", token.0));
    out.into_bytes()
}

/// The lines of a file with their byte ranges (line ending included).
fn lines(file: &[u8]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut start = 0;
    for (i, b) in file.iter().enumerate() {
        if *b == b'\n' {
            found.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < file.len() {
        found.push((start, file.len()));
    }
    found
}

fn text(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A begin marker's token and whether a separating newline came before it.
fn begin_marker(line: &[u8]) -> Option<(Token, bool)> {
    let rest = std::str::from_utf8(text(line)).ok()?.strip_prefix(BEGIN)?;
    let (token, rest) = rest.split_once(' ')?;
    let token = Token::parse(token).ok()?;
    let separate = match rest.split_once(' ')?.0 {
        "sep" => true,
        "nosep" => false,
        _ => return None,
    };
    rest.contains(">>>").then_some((token, separate))
}

fn is_end_marker(line: &[u8], token: &Token) -> bool {
    text(line) == format!("{END}{} <<<", token.0).as_bytes()
}

/// A line we write inside a section (or the start of one, cut short).
fn is_section_line(line: &[u8]) -> bool {
    let line = text(line);
    line.starts_with(b"0.0.0.0 ")
        || line.starts_with(b"::      ")
        || END.as_bytes().starts_with(line)
        || line.starts_with(END.as_bytes())
}

/// Removes the section of `token` (whole, or cut short by a crash or an
/// edit that lost its end marker), and the newline it added before itself.
/// Everything else, the user's own edits above and below included, stays
/// byte for byte.
pub fn without_section(file: &[u8], token: &Token) -> Vec<u8> {
    let all = lines(file);
    let Some(first) =
        all.iter().position(|(s, e)| begin_marker(&file[*s..*e]).is_some_and(|(t, _)| t == *token))
    else {
        return file.to_vec();
    };
    let separate = begin_marker(&file[all[first].0..all[first].1]).is_some_and(|(_, sep)| sep);
    let mut end = all[first].1;
    for (s, e) in &all[first + 1..] {
        let line = &file[*s..*e];
        if is_end_marker(line, token) {
            end = *e;
            break;
        }
        if !is_section_line(line) {
            break;
        }
        end = *e;
    }
    let mut start = all[first].0;
    let eol = line_ending(file).as_bytes();
    // The newline we put before the section goes with it, unless the user
    // has since written lines after the section: then it keeps their first
    // line apart from the file's old last one.
    if separate && end == file.len() && file[..start].ends_with(eol) {
        start -= eol.len();
    }
    let mut out = file[..start].to_vec();
    out.extend_from_slice(&file[end..]);
    out
}

/// Every token with a section in the file.
pub fn tokens_in(file: &[u8]) -> Vec<Token> {
    lines(file).iter().filter_map(|(s, e)| begin_marker(&file[*s..*e]).map(|(t, _)| t)).collect()
}

/// What the daemon journals before touching the hosts file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    /// The session's token.
    pub token: Token,
    /// The file as it was before the section was appended.
    pub original: Vec<u8>,
    /// The exact section appended.
    pub section: Vec<u8>,
    /// While removing: the file as it must end up.
    pub pending: Option<Vec<u8>>,
}

/// What the hosts file must hold, given what it holds now, the journal (if
/// any) and whether the session is still running: the file without any
/// Deepblock section, plus this session's section if it runs.
///
/// A crash while appending leaves the original plus part of the section; a
/// crash while removing leaves part of the new content over the old; a
/// section whose journal is gone is stale. Each becomes the original file
/// (with the user's own edits) or the fully blocked one.
pub fn reconcile(file: &[u8], journal: Option<&Journal>, running: bool) -> Vec<u8> {
    let base = match journal {
        Some(j) if j.pending.is_some() => j.pending.clone().unwrap_or_default(),
        Some(j) if file.starts_with(&j.original) && j.section.starts_with(&file[j.original.len()..]) => {
            j.original.clone()
        }
        _ => {
            // Last first, so each removal finds its section at the end and
            // takes its separating newline with it.
            let mut clean = file.to_vec();
            for token in tokens_in(file).iter().rev() {
                clean = without_section(&clean, token);
            }
            clean
        }
    };
    match journal {
        Some(j) if running => {
            let mut blocked = base;
            let section = if blocked == j.original { j.section.clone() } else { section_again(&blocked, j) };
            blocked.extend_from_slice(&section);
            blocked
        }
        _ => base,
    }
}

/// The journaled section rebuilt for a file that changed since (the user
/// edited it): same token and lines, the file's own separator.
fn section_again(file: &[u8], journal: &Journal) -> Vec<u8> {
    let eol = line_ending(file);
    let body = std::str::from_utf8(&journal.section).unwrap_or_default();
    let body = body.trim_start_matches(['\r', '\n']);
    let separate = !file.is_empty() && !file.ends_with(b"\n");
    let body = if separate {
        body.replacen(" nosep >>>", " sep >>>", 1)
    } else {
        body.replacen(" sep >>>", " nosep >>>", 1)
    };
    let mut out = String::new();
    if separate {
        out.push_str(eol);
    }
    out.push_str(&body);
    out.into_bytes()
}
