//! Content lines into components: the syntax layer of import.
//!
//! Lenient where real files are sloppy (bare LF endings, tab folds, a byte
//! order mark, lower-case names, empty lines) and strict where guessing
//! would import the wrong thing (a line that is not NAME:VALUE, a BEGIN
//! without its END). Every error names the line it found.

use std::fmt;
use std::ops::Range;

use crate::text::{LogicalLine, spanned_lines};

/// Why a file could not be imported, with the physical line at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based line number in the file (0 when the whole file is at fault).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl ImportError {
    pub(crate) fn at(line: usize, message: impl Into<String>) -> Self {
        Self { line, message: message.into() }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

impl std::error::Error for ImportError {}

/// One property: `NAME;PARAM=VALUE:VALUE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// Upper-cased name.
    pub name: String,
    /// Parameters, names upper-cased, values unquoted.
    pub params: Vec<(String, String)>,
    /// The raw value (still escaped, for TEXT).
    pub value: String,
    /// Where it starts in the file.
    pub line: usize,
}

impl Property {
    /// A parameter's value, by upper-case name.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A component with its properties and sub-components.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// Upper-cased name (`VEVENT`).
    pub name: String,
    /// Where its BEGIN is.
    pub line: usize,
    /// Its properties, in file order.
    pub props: Vec<Property>,
    /// Its sub-components, in file order.
    pub children: Vec<Component>,
    /// The first line of a property it needs that could not be read: an
    /// event with one is left out of a calendar, an invitation refused.
    pub broken: Option<ImportError>,
}

impl Component {
    /// The first property with this name.
    pub fn prop(&self, name: &str) -> Option<&Property> {
        self.props.iter().find(|p| p.name == name)
    }

    /// Every property with this name.
    pub fn props_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.props.iter().filter(move |p| p.name == name)
    }

    /// Sub-components with this name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Component> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// Splits one logical line into a property.
pub(crate) fn parse_line(line: usize, text: &str) -> Result<Property, ImportError> {
    let bad = |what: &str| ImportError::at(line, format!("{what} in '{}'", shorten(text)));
    let name_end = text.find([';', ':']).ok_or_else(|| bad("expected NAME:VALUE"))?;
    let name = &text[..name_end];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(bad("a property name must be letters, digits and '-'"));
    }
    let mut params = Vec::new();
    let mut rest = &text[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let eq = after.find('=').ok_or_else(|| bad("a parameter without '='"))?;
        let key = after[..eq].trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(bad("a parameter name must be letters, digits and '-'"));
        }
        let tail = &after[eq + 1..];
        let mut quoted = false;
        let mut end = None;
        for (i, c) in tail.char_indices() {
            match c {
                '"' => quoted = !quoted,
                ';' | ':' if !quoted => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        if quoted {
            return Err(bad("an unclosed quote in a parameter"));
        }
        let end = end.ok_or_else(|| bad("expected ':' before the value"))?;
        let value = tail[..end].replace('"', "");
        params.push((key.to_ascii_uppercase(), value));
        rest = &tail[end..];
    }
    let value = rest.strip_prefix(':').ok_or_else(|| bad("expected ':' before the value"))?;
    Ok(Property { name: name.to_ascii_uppercase(), params, value: value.to_owned(), line })
}

fn shorten(text: &str) -> String {
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() { format!("{short}…") } else { short }
}

/// Parses a whole file into its top-level components (normally one
/// VCALENDAR), strictly: what [`parse_tolerant`] would only warn about is
/// an error here (an invitation must be read exactly).
pub fn parse(text: &str) -> Result<Vec<Component>, ImportError> {
    let (components, warnings) = parse_tolerant(text)?;
    let broken = components.iter().flat_map(|c| &c.children).filter_map(|c| c.broken.clone());
    match warnings.into_iter().chain(broken).min_by_key(|problem| problem.line) {
        Some(first) => Err(first),
        None => Ok(components),
    }
}

/// Parses a whole file into its top-level components, with what was
/// repaired on the way: a garbled `END:VCALENDAR` on the file's last line,
/// after the last complete component, closes the calendar with a warning.
/// Unbalanced components anywhere else stay an error.
pub fn parse_tolerant(text: &str) -> Result<(Vec<Component>, Vec<ImportError>), ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed = read_components(text, 0, None)?;
    check_calendar(&parsed.0)?;
    Ok(parsed)
}

/// [`parse_tolerant`] for a text without a byte order mark that keeps the
/// events of its calendars apart: each closed VEVENT of a VCALENDAR goes
/// to `hand` with the index its calendar will have among the components
/// returned and its byte range in `text`, and is not kept, so that a large
/// file never stands parsed whole in memory.
pub(crate) fn parse_handing_events(
    text: &str,
    hand: &mut dyn FnMut(usize, Component, Range<usize>),
) -> Result<(Vec<Component>, Vec<ImportError>), ImportError> {
    let parsed = read_components(text, 0, Some(hand))?;
    check_calendar(&parsed.0)?;
    Ok(parsed)
}

/// The event at `span` of a text [`parse_handing_events`] read, read again;
/// its line numbers are the file's.
pub(crate) fn parse_event(
    text: &str,
    span: Range<usize>,
    first_line: usize,
) -> Result<Component, ImportError> {
    let part = text.get(span).ok_or_else(|| ImportError::at(first_line, "the event is not where it was"))?;
    let (components, _) = read_components(part, first_line.saturating_sub(1), None)?;
    components.into_iter().next().ok_or_else(|| ImportError::at(first_line, "the event is not where it was"))
}

fn check_calendar(components: &[Component]) -> Result<(), ImportError> {
    if !components.iter().any(|c| c.name == "VCALENDAR") {
        return Err(ImportError::at(0, "no BEGIN:VCALENDAR found; this is not an iCalendar file"));
    }
    Ok(())
}

/// The components of `text`, whose first line is line `lines_before + 1`
/// of its file; with `hand`, events of calendars go there instead.
fn read_components(
    text: &str,
    lines_before: usize,
    mut hand: Option<&mut dyn FnMut(usize, Component, Range<usize>)>,
) -> Result<(Vec<Component>, Vec<ImportError>), ImportError> {
    let mut lines = spanned_lines(text).filter(|l| !l.text.trim().is_empty()).peekable();
    let mut stack: Vec<(Component, usize)> = Vec::new();
    let mut done = Vec::new();
    let mut warnings = Vec::new();
    while let Some(LogicalLine { line, span, text: logical }) = lines.next() {
        let line = line + lines_before;
        let parsed = parse_line(line, logical.trim_end());
        let closes_calendar = parsed
            .as_ref()
            .is_ok_and(|p| p.name == "END" && p.value.trim().eq_ignore_ascii_case("VCALENDAR"));
        let calendar_left_open = stack.len() == 1 && stack[0].0.name == "VCALENDAR";
        if lines.peek().is_none() && calendar_left_open && !closes_calendar && garbled_end(&logical, &parsed)
        {
            warnings.push(ImportError::at(
                line,
                format!("'{}' is read as END:VCALENDAR", shorten(logical.trim())),
            ));
            done.extend(stack.pop().map(|(calendar, _)| calendar));
            break;
        }
        let property = match parsed {
            Ok(property) => property,
            Err(error) if !stack.is_empty() && skippable(&logical) => {
                warnings.push(ImportError::at(
                    line,
                    format!("{} cannot be read and is skipped: {}", property_name(&logical), error.message),
                ));
                continue;
            }
            // A needed line of an event spoils that event only.
            Err(error)
                if stack.last().is_some_and(|(c, _)| c.name == "VEVENT") && !begins_or_ends(&logical) =>
            {
                if let Some((event, _)) = stack.last_mut() {
                    event.broken.get_or_insert(error);
                }
                continue;
            }
            Err(error) => return Err(error),
        };
        match property.name.as_str() {
            "BEGIN" => stack.push((
                Component {
                    name: property.value.trim().to_ascii_uppercase(),
                    line,
                    props: Vec::new(),
                    children: Vec::new(),
                    broken: None,
                },
                span.start,
            )),
            "END" => {
                let name = property.value.trim().to_ascii_uppercase();
                let (open, began) = stack
                    .pop()
                    .ok_or_else(|| ImportError::at(line, format!("END:{name} without a BEGIN")))?;
                if open.name != name {
                    return Err(ImportError::at(
                        line,
                        format!("END:{name} closes BEGIN:{} from line {}", open.name, open.line),
                    ));
                }
                let in_calendar = stack.len() == 1 && stack[0].0.name == "VCALENDAR";
                match (stack.last_mut(), hand.as_mut()) {
                    (Some(_), Some(hand)) if in_calendar && open.name == "VEVENT" => {
                        hand(done.len(), open, began..span.end);
                    }
                    (Some((parent, _)), _) => parent.children.push(open),
                    (None, _) => done.push(open),
                }
            }
            _ => match stack.last_mut() {
                Some((component, _)) => component.props.push(property),
                // Some producers (Podio) append a comment after the end;
                // what follows a whole calendar is not read.
                None if !done.is_empty() => {}
                None => {
                    return Err(ImportError::at(line, "a property outside BEGIN:VCALENDAR … END:VCALENDAR"));
                }
            },
        }
    }
    if let Some((open, _)) = stack.last() {
        return Err(ImportError::at(
            open.line,
            format!("BEGIN:{} is never closed; the file may be cut short", open.name),
        ));
    }
    Ok((done, warnings))
}

/// The properties the plan is made of (times, rules, identity, status,
/// zone definitions) and the structure: a line of one of these that cannot
/// be read is an error. Any other (ORGANIZER, ATTENDEE, LOCATION, X-
/// properties, …) is skipped with a warning when it cannot be read.
const NEEDED: [&str; 17] = [
    "BEGIN",
    "END",
    "DTSTART",
    "DTEND",
    "DURATION",
    "RRULE",
    "RDATE",
    "EXDATE",
    "RECURRENCE-ID",
    "UID",
    "SEQUENCE",
    "STATUS",
    "TRANSP",
    "TZID",
    "TZOFFSETFROM",
    "TZOFFSETTO",
    "METHOD",
];

/// The name a content line starts with, upper-cased (shortened when the
/// line is not a property at all).
fn property_name(logical: &str) -> String {
    let name = logical.split([';', ':']).next().unwrap_or(logical).trim();
    shorten(&name.to_ascii_uppercase())
}

/// Whether a line looks like a BEGIN or END: one that cannot be read
/// leaves the structure unknown, so it stays an error for the whole file.
fn begins_or_ends(logical: &str) -> bool {
    let name = property_name(logical);
    name.starts_with("BEGIN") || name.starts_with("END")
}

/// Whether a line that cannot be read may be skipped: it names a property
/// the plan does not use.
fn skippable(logical: &str) -> bool {
    let name = property_name(logical);
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !NEEDED.contains(&name.as_str())
}

/// Whether the file's last line, left where only END:VCALENDAR may stand,
/// is that line mistyped: not NAME:VALUE at all, another END, or a line
/// that names the calendar or starts like END.
fn garbled_end(logical: &str, parsed: &Result<Property, ImportError>) -> bool {
    let upper = logical.trim().to_ascii_uppercase();
    match parsed {
        Err(_) => true,
        Ok(p) if p.name == "BEGIN" => false,
        Ok(p) if p.name == "END" => true,
        Ok(_) => upper.starts_with("EN") || upper.contains("CALENDAR"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_parameters_and_values_with_colons() {
        let p = parse_line(3, r#"DTSTART;TZID="Pacific Standard Time":20170224T120000"#).unwrap();
        assert_eq!(p.param("TZID"), Some("Pacific Standard Time"));
        assert_eq!(p.value, "20170224T120000");
        let p = parse_line(4, r#"ATTENDEE;CN="Doe, Jane: PhD";ROLE=CHAIR:mailto:j@x.org"#).unwrap();
        assert_eq!(p.param("CN"), Some("Doe, Jane: PhD"));
        assert_eq!(p.param("ROLE"), Some("CHAIR"));
        assert_eq!(p.value, "mailto:j@x.org");
        let p = parse_line(5, "summary:Lunch: 12:00").unwrap();
        assert_eq!((p.name.as_str(), p.value.as_str()), ("SUMMARY", "Lunch: 12:00"));
    }

    #[test]
    fn errors_name_the_line() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY Lunch\nEND:VEVENT\nEND:VCALENDAR\n";
        let err = parse(text).unwrap_err();
        assert_eq!(err.to_string(), "line 3: expected NAME:VALUE in 'SUMMARY Lunch'");
        let err = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n").unwrap_err();
        assert_eq!(err.to_string(), "line 3: END:VCALENDAR closes BEGIN:VEVENT from line 2");
        let err = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(parse("hello").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn a_garbled_last_end_vcalendar_is_a_warning_and_nothing_else_is() {
        let event = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nEND:VEVENT\n";
        for last in ["END:VCALENDA", "END;VCALENDAR", "ENDVCALENDAR", "EN:VCALENDAR", "END:VEVENT"] {
            let (calendars, warnings) = parse_tolerant(&format!("{event}{last}\n\n")).unwrap();
            assert_eq!(calendars[0].children.len(), 1, "{last}");
            assert_eq!(warnings.len(), 1, "{last}");
            assert_eq!(warnings[0].line, 5);
            assert!(parse(&format!("{event}{last}\n")).is_err(), "strict parsing refuses {last}");
        }
        // Unbalanced before the end, or the event itself left open: errors.
        assert!(parse_tolerant("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDA\n").is_err());
        assert!(
            parse_tolerant("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VTODO\nEND:VEVENT\nEND:VCALENDAR\n").is_err()
        );
        assert!(parse_tolerant("BEGIN:VCALENDAR\nSUMMARY:x\n").is_err(), "an ordinary last line is no END");
    }

    #[test]
    fn an_unreadable_property_the_plan_does_not_use_is_skipped_with_a_warning() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nORGANIZER;CN=Ana\n\
                    X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-TITLE=\"Room 1:geo:1,2\n\
                    DTSTART:20261201T090000Z\nEND:VEVENT\nEND:VCALENDAR\n";
        let (calendars, warnings) = parse_tolerant(text).unwrap();
        let event = &calendars[0].children[0];
        assert!(event.prop("DTSTART").is_some() && event.prop("ORGANIZER").is_none());
        let said: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            said[0],
            "line 4: ORGANIZER cannot be read and is skipped: expected ':' before the value in 'ORGANIZER;CN=Ana'"
        );
        assert!(said[1].starts_with("line 5: X-APPLE-STRUCTURED-LOCATION cannot be read"), "{said:?}");
        assert!(parse(text).is_err(), "an invitation needs its ORGANIZER");
        // A needed line spoils its event (which import then leaves out),
        // and is an error when parsing strictly.
        for needed in ["DTSTART;TZID=X", "RRULE;X", "UID"] {
            let broken = text.replace("UID:a", needed);
            let (calendars, _) = parse_tolerant(&broken).unwrap();
            assert_eq!(calendars[0].children[0].broken.as_ref().map(|e| e.line), Some(3), "{needed}");
            assert_eq!(parse(&broken).unwrap_err().line, 3, "{needed}");
        }
    }

    #[test]
    fn lf_endings_tab_folds_and_a_bom_are_fine() {
        let text = "\u{feff}BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Long\n\ttitle\nEND:VEVENT\nEND:VCALENDAR";
        let calendars = parse(text).unwrap();
        assert_eq!(calendars[0].children[0].prop("SUMMARY").unwrap().value, "Longtitle");
    }
}
