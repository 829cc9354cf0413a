//! Checks shared by every scheme for values that land in a header or a signed text.

use crate::error::{Error, Result};

/// Rejects control characters (C0, DEL, C1): they would split a header or
/// change a signed text invisibly.
pub(crate) fn no_controls(field: &'static str, value: &str) -> Result<()> {
    // Printable ASCII (the usual case) has none: skip decoding the characters.
    // A fold without early exit, so that the compiler can vectorise it.
    if !value
        .bytes()
        .fold(false, |outside, b| outside | !(0x20..=0x7e).contains(&b))
    {
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

/// A non-empty value with no control characters: what every header value needs,
/// At most [`MAX_HEADER_VALUE_LEN`] bytes.
pub(crate) fn header_value(field: &'static str, value: &str) -> Result<()> {
    non_empty(field, value)?;
    at_most(field, value, MAX_HEADER_VALUE_LEN)?;
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

/// The longest value paysign signs or reads in any header, in bytes (common
/// HTTP servers refuse longer header lines; nothing a scheme signs needs more).
pub const MAX_HEADER_VALUE_LEN: usize = 8192;

/// Refuses a value longer than `limit` bytes, naming the field and the limit.
pub(crate) fn at_most(field: &'static str, value: &str, limit: usize) -> Result<()> {
    if value.len() > limit {
        Err(Error::invalid(
            field,
            format!("is {} bytes, more than the {limit} allowed", value.len()),
        ))
    } else {
        Ok(())
    }
}

/// A `Host` value: a DNS name, IPv4 or `[IPv6]` literal, optionally `:port`
/// (1–65535, no leading zero); nothing else (no `/`, space, `@` or userinfo).
///
/// ```
/// assert!(paysign::validate::host_port("host", "apitest.cybersource.com").is_ok());
/// assert!(paysign::validate::host_port("host", "127.0.0.1:8443").is_ok());
/// assert!(paysign::validate::host_port("host", "[::1]:8443").is_ok());
/// assert!(paysign::validate::host_port("host", "a.com/x").is_err());
/// assert!(paysign::validate::host_port("host", "a.com:080").is_err());
/// ```
pub fn host_port(field: &'static str, value: &str) -> Result<()> {
    header_value(field, value)?;
    at_most(field, value, 255 + 8)?;
    let bad = |why: &str| Err(Error::invalid(field, format!("is not host[:port]: {why}")));
    let (host, port) = if let Some(rest) = value.strip_prefix('[') {
        let Some((inside, after)) = rest.split_once(']') else {
            return bad("'[' without ']'");
        };
        if inside.parse::<std::net::Ipv6Addr>().is_err() {
            return bad("the bracketed part is not an IPv6 address");
        }
        match after {
            "" => ("", None),
            _ => match after.strip_prefix(':') {
                Some(p) => ("", Some(p)),
                None => return bad("text after ']'"),
            },
        }
    } else {
        match value.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (value, None),
        }
    };
    if !value.starts_with('[') {
        if host.is_empty() {
            return bad("no host");
        }
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        };
        if !host.split('.').all(label_ok) {
            return bad("only letters, digits, '-' and '.' between labels");
        }
    }
    if let Some(p) = port {
        let canonical = !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && !p.starts_with('0');
        if !canonical || p.parse::<u32>().map_or(true, |n| n > 65_535) {
            return bad("the port is not 1-65535 in decimal without leading zero");
        }
    }
    Ok(())
}
