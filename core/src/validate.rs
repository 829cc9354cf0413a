//! Checks shared by every scheme for values that land in a header or a signed text.

use crate::error::{Error, Result};

/// Rejects control characters (C0, DEL, C1): they would split a header or
/// change a signed text invisibly.
pub(crate) fn no_controls(field: &'static str, value: &str) -> Result<()> {
    // Printable ASCII (the usual case) has none: skip decoding the characters.
    if value.bytes().all(|b| matches!(b, 0x20..=0x7e)) {
        return Ok(());
    }
    match value.char_indices().find(|(_, c)| c.is_control()) {
        Some((at, c)) => Err(Error::invalid(
            field,
            format!("contains control character U+{:04X} at byte {at}", c as u32),
        )),
        None => Ok(()),
    }
}

pub(crate) fn non_empty(field: &'static str, value: &str) -> Result<()> {
    if value.is_empty() {
        Err(Error::invalid(field, "must not be empty"))
    } else {
        Ok(())
    }
}

/// A non-empty value with no control characters: what every header value needs.
pub(crate) fn header_value(field: &'static str, value: &str) -> Result<()> {
    non_empty(field, value)?;
    no_controls(field, value)
}

/// Shows untrusted text in a message: control characters escaped, length capped.
pub(crate) fn visible(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    let mut shown: String = text
        .chars()
        .take(MAX_CHARS)
        .flat_map(char::escape_debug)
        .collect();
    if text.chars().count() > MAX_CHARS {
        shown.push('…');
    }
    shown
}
