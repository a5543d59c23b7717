//! Writes iCalendar components line by line, folded and escaped.

use crate::text::{escape_text, push_folded};

/// An iCalendar text being written. Property order is the order of calls,
/// so the output is stable and can be compared byte for byte.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    line: String,
}

impl Writer {
    /// An empty text.
    pub fn new() -> Self {
        Self::default()
    }

    /// `BEGIN:NAME`.
    pub fn begin(&mut self, component: &str) {
        self.prop("BEGIN", &[], component);
    }

    /// `END:NAME`.
    pub fn end(&mut self, component: &str) {
        self.prop("END", &[], component);
    }

    /// A property whose value is written as given (dates, rules, numbers).
    pub fn prop(&mut self, name: &str, params: &[(&str, &str)], value: &str) {
        self.line.clear();
        self.line.push_str(name);
        for (key, param) in params {
            self.line.push(';');
            self.line.push_str(key);
            self.line.push('=');
            // Parameter values holding a delimiter must be quoted (§3.2);
            // a double quote cannot appear in one at all.
            let param = param.replace('"', "'");
            if param.contains([':', ';', ',']) {
                self.line.push('"');
                self.line.push_str(&param);
                self.line.push('"');
            } else {
                self.line.push_str(&param);
            }
        }
        self.line.push(':');
        self.line.push_str(value);
        push_folded(&mut self.out, &self.line);
    }

    /// A logical line kept as another program wrote it, refolded.
    pub fn line(&mut self, logical: &str) {
        push_folded(&mut self.out, logical);
    }

    /// A TEXT property, escaped. Empty values are left out: strict readers
    /// (libical) reject `DESCRIPTION:` with nothing after it.
    pub fn text(&mut self, name: &str, params: &[(&str, &str)], value: &str) {
        if !value.is_empty() {
            self.prop(name, params, &escape_text(value));
        }
    }

    /// A list of TEXT values (CATEGORIES), each escaped once, joined by commas.
    pub fn text_list(&mut self, name: &str, values: &[&str]) {
        let mut values: Vec<String> =
            values.iter().filter(|v| !v.is_empty()).map(|v| escape_text(v)).collect();
        let mut seen = std::collections::HashSet::new();
        values.retain(|v| seen.insert(v.clone()));
        if !values.is_empty() {
            self.prop(name, &[], &values.join(","));
        }
    }

    /// The finished text.
    pub fn finish(self) -> String {
        self.out
    }
}
