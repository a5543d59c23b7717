//! RFC 5545 text: escaping of TEXT values and folding of content lines.
//!
//! These are the details that most often break imports into Google and
//! Outlook, so each is a small pure function with property tests.

/// The longest physical line, in octets, not counting the CRLF.
pub const FOLD_AT: usize = 75;

/// Escapes a TEXT value: backslash, semicolon, comma and newline (RFC 5545
/// §3.3.11). A CR before a newline is dropped; a lone CR becomes a newline.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Reverses [`escape_text`]. Lenient as readers must be: `\N` is a newline
/// and an unknown escape keeps its character.
pub fn unescape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Appends one content line to `out`, folded so that no physical line is
/// longer than [`FOLD_AT`] octets, never inside a UTF-8 character, each
/// continuation starting with one space, every line ending in CRLF.
pub fn push_folded(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = FOLD_AT;
    while rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space of a continuation counts towards its length.
        limit = FOLD_AT - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// Joins folded lines back into logical lines. Accepts CRLF or bare LF
/// endings and a space or a tab as the fold marker, as real files have.
/// Each logical line comes with the 1-based number of its first physical
/// line, for error messages.
pub fn unfold(text: &str) -> Vec<(usize, String)> {
    logical_lines(text).map(|(n, line)| (n, line.into_owned())).collect()
}

/// The logical lines of a text, one at a time, borrowed from it unless
/// they were folded (most are not, in real files): what the importer reads.
pub fn logical_lines(text: &str) -> impl Iterator<Item = (usize, std::borrow::Cow<'_, str>)> {
    spanned_lines(text).map(|l| (l.line, l.text))
}

/// A logical line with where it stands in its text.
pub(crate) struct LogicalLine<'a> {
    /// The 1-based number of its first physical line.
    pub line: usize,
    /// The byte range of its physical lines, line ends left out.
    pub span: std::ops::Range<usize>,
    /// The line, unfolded.
    pub text: std::borrow::Cow<'a, str>,
}

/// [`logical_lines`] with each line's byte range, so that a part of a file
/// (one event) can be read again from the text instead of kept parsed.
pub(crate) fn spanned_lines(text: &str) -> impl Iterator<Item = LogicalLine<'_>> {
    let mut at = 0;
    let mut physical = text
        .split('\n')
        .map(move |raw| {
            let start = at;
            at += raw.len() + 1;
            (start, raw.strip_suffix('\r').unwrap_or(raw))
        })
        .enumerate()
        .peekable();
    std::iter::from_fn(move || {
        loop {
            let (index, (start, first)) = physical.next()?;
            // A continuation with nothing before it has nothing to join.
            if first.is_empty() || first.starts_with([' ', '\t']) {
                continue;
            }
            let mut line = std::borrow::Cow::Borrowed(first);
            let mut end = start + first.len();
            while let Some((_, (next_start, next))) = physical.peek() {
                let Some(continued) = next.strip_prefix([' ', '\t']) else {
                    break;
                };
                line.to_mut().push_str(continued);
                end = next_start + next.len();
                physical.next();
            }
            return Some(LogicalLine { line: index + 1, span: start..end, text: line });
        }
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn escapes_each_special_character_once() {
        assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape_text("line one\r\nline two\nthree\rfour"), r"line one\nline two\nthree\nfour");
        assert_eq!(escape_text(r"already \n escaped"), r"already \\n escaped");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "ü".repeat(60));
        push_folded(&mut out, &line);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= FOLD_AT, "{} octets: {physical}", physical.len());
        }
        assert_eq!(out.lines().next().map(str::len), Some(74), "8 + 33 two-octet characters");
    }

    proptest! {
        #[test]
        fn unescape_reverses_escape(value in "\\PC*") {
            prop_assert_eq!(unescape_text(&escape_text(&value)), value.replace("\r\n", "\n").replace('\r', "\n"));
        }

        #[test]
        fn folding_round_trips_and_respects_the_limit(line in "[A-Z]{1,10}:\\PC{0,400}") {
            let line: String = line.chars().filter(|c| *c != '\r' && *c != '\n').collect();
            let mut out = String::new();
            push_folded(&mut out, &line);
            prop_assert!(out.ends_with("\r\n"));
            for physical in out.strip_suffix("\r\n").unwrap_or(&out).split("\r\n") {
                prop_assert!(physical.len() <= FOLD_AT);
            }
            let unfolded = unfold(&out);
            prop_assert_eq!(unfolded.len(), 1);
            prop_assert_eq!(&unfolded[0].1, &line);
        }
    }
}
