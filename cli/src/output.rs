//! Presentation: the four `--format`s of `sign` (`explain` prints the core's text).

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
    }
}
