//! Presentation: the four `--format`s of `sign`, and text with its invisible
//! characters made visible for `explain`.

use crate::common::{BodySource, CliError, CliResult, Format};

/// Prints a signer's result in `format` (what every `sign` subcommand does).
pub fn print_signed(
    format: Format,
    method: paysign::Method,
    signed: paysign::SignedRequest,
    body: &[u8],
    body_source: &BodySource,
) -> CliResult<()> {
    let paysign::SignedRequest { url, headers } = signed;
    let shown = Signed {
        method: method.as_upper(),
        url: &url,
        headers,
        body,
        body_source,
    };
    print!("{}", render(format, &shown)?);
    Ok(())
}

/// A signed request to present.
pub struct Signed<'a> {
    /// Uppercase method.
    pub method: &'static str,
    /// The URL to send.
    pub url: &'a str,
    /// Headers from the core, in order.
    pub headers: Vec<(&'static str, String)>,
    pub body: &'a [u8],
    pub body_source: &'a BodySource,
}

/// The content type the `curl` and `http` formats add for a body when the
/// scheme's headers do not set one (the three APIs take JSON).
const JSON: &str = "application/json";

impl Signed<'_> {
    /// Headers plus `Content-Type` for a body, when the scheme sets none.
    fn wire_headers(&self) -> Vec<(&str, String)> {
        let mut h: Vec<(&str, String)> =
            self.headers.iter().map(|(n, v)| (*n, v.clone())).collect();
        if !self.body.is_empty()
            && !h
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            h.push(("Content-Type", JSON.to_owned()));
        }
        h
    }
}

/// Single-quotes `s` for a POSIX shell.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

pub fn render(format: Format, s: &Signed<'_>) -> CliResult<String> {
    let mut out = String::new();
    match format {
        Format::Headers => {
            for (n, v) in &s.headers {
                out.push_str(&format!("{n}: {v}\n"));
            }
        }
        Format::Json => {
            out.push_str("{\n");
            out.push_str(&format!("  \"method\": {},\n", json_string(s.method)));
            out.push_str(&format!("  \"url\": {},\n", json_string(s.url)));
            out.push_str("  \"headers\": {");
            for (i, (n, v)) in s.headers.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&format!("    {}: {}", json_string(n), json_string(v)));
            }
            out.push_str("\n  }\n}\n");
        }
        Format::Curl => {
            out.push_str(&format!("curl -X {} {}", s.method, shell_quote(s.url)));
            for (n, v) in s.wire_headers() {
                out.push_str(&format!(" \\\n  -H {}", shell_quote(&format!("{n}: {v}"))));
            }
            if !s.body.is_empty() {
                let data = match (s.body_source, std::str::from_utf8(s.body)) {
                    (BodySource::File(p), _) => shell_quote(&format!("@{}", p.display())),
                    (_, Ok(text)) if !text.contains('\0') => shell_quote(text),
                    _ => "@-".to_owned(),
                };
                out.push_str(&format!(" \\\n  --data-binary {data}"));
            }
            out.push('\n');
        }
        Format::Http => {
            let url = url::Url::parse(s.url)
                .map_err(|e| CliError::field("url", format!("not an absolute URL: {e}")))?;
            let target = &url[url::Position::BeforePath..url::Position::AfterQuery];
            out.push_str(&format!("{} {target} HTTP/1.1\r\n", s.method));
            let headers = s.wire_headers();
            if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
                let host = url.host_str().unwrap_or_default();
                match url.port() {
                    Some(p) => out.push_str(&format!("Host: {host}:{p}\r\n")),
                    None => out.push_str(&format!("Host: {host}\r\n")),
                }
            }
            for (n, v) in headers {
                out.push_str(&format!("{n}: {v}\r\n"));
            }
            if !s.body.is_empty() {
                out.push_str(&format!("Content-Length: {}\r\n", s.body.len()));
            }
            out.push_str("\r\n");
        }
    }
    Ok(out)
}

/// What the marks of [`visible`] mean.
pub const LEGEND: &str =
    "marks: ⏎ newline (\\n; the text goes on at the next line), ␍ carriage return, \
→ tab, · trailing space, \\u{…} non-ASCII character, \\xNN byte that is not UTF-8, \\\\ backslash";

/// `label (N bytes):`, then the text made visible, each line after a bar so
/// that an empty last line shows, then the legend when a mark was used.
pub fn framed(label: &str, bytes: &[u8]) -> String {
    let shown = visible(bytes);
    let mut out = format!("{label} ({} bytes, each line after │):\n", bytes.len());
    for line in shown.split('\n') {
        out.push('│');
        out.push_str(line);
        out.push('\n');
    }
    if shown.as_bytes() != bytes {
        out.push_str(LEGEND);
        out.push('\n');
    }
    out
}

/// At most this many bytes of a text are shown.
const MAX_SHOWN: usize = 4096;

/// Text with its invisible characters made visible: `\n` as `⏎` and a line
/// break, `\r` as `␍`, tab as `→`, trailing spaces as `·`, other control and
/// non-ASCII characters as `\u{…}`, bytes that are not UTF-8 as `\xNN`.
pub fn visible(bytes: &[u8]) -> String {
    let (shown, rest) = if bytes.len() > MAX_SHOWN {
        (&bytes[..MAX_SHOWN], bytes.len() - MAX_SHOWN)
    } else {
        (bytes, 0)
    };
    let mut out = String::new();
    let mut lines = shown.split(|b| *b == b'\n').peekable();
    while let Some(line) = lines.next() {
        let kept = line.iter().rposition(|b| *b != b' ').map_or(0, |p| p + 1);
        for chunk in line[..kept].utf8_chunks() {
            for c in chunk.valid().chars() {
                match c {
                    '\t' => out.push('→'),
                    '\r' => out.push('␍'),
                    '\\' => out.push_str("\\\\"),
                    ' ' => out.push(' '),
                    c if c.is_ascii_graphic() => out.push(c),
                    c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
                }
            }
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        out.extend(std::iter::repeat_n('·', line.len() - kept));
        if lines.peek().is_some() {
            out.push_str("⏎\n");
        }
    }
    if rest > 0 {
        out.push_str(&format!("… ({rest} more bytes not shown)"));
    }
    out
}

/// A short value in backquotes, made visible.
pub fn quoted(text: &str) -> String {
    format!("`{}`", visible(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_marks() {
        assert_eq!(visible(b"a\nb"), "a⏎\nb");
        assert_eq!(visible(b"a  \n\tb\r"), "a··⏎\n→b␍");
        assert_eq!(visible("é\\".as_bytes()), "\\u{e9}\\\\");
        assert_eq!(visible(b"\xff\x01"), "\\xff\\u{1}");
        assert_eq!(visible(b"x\n"), "x⏎\n");
    }

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
    }
}
