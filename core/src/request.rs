//! Shared pieces of the request-level signers: methods, URLs, the signed result.

use std::fmt;

use crate::error::{Error, Result};

/// The HTTP methods the schemes define. Parsed in any case; CyberSource signs
/// the lowercase name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// Parses `GET`, `post`, `Patch`, …; anything else names `field`.
    ///
    /// ```
    /// use paysign::Method;
    /// assert_eq!(Method::parse("method", "post").unwrap(), Method::Post);
    /// assert_eq!(Method::parse("method", "TRACE").unwrap_err().field(), Some("method"));
    /// ```
    pub fn parse(field: &'static str, text: &str) -> Result<Self> {
        const ALL: [Method; 5] = [
            Method::Get,
            Method::Post,
            Method::Put,
            Method::Patch,
            Method::Delete,
        ];
        ALL.into_iter()
            .find(|m| m.as_upper().eq_ignore_ascii_case(text))
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    format!(
                        "\"{}\" is not one of GET, POST, PUT, PATCH, DELETE",
                        crate::validate::visible(text)
                    ),
                )
            })
    }

    /// `"GET"`, `"POST"`, …
    pub fn as_upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// `"get"`, `"post"`, … as CyberSource's `request-target` line wants.
    pub fn as_lower(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Patch => "patch",
            Method::Delete => "delete",
        }
    }

    /// Whether CyberSource sends and signs a `Digest` for this method (POST, PUT, PATCH).
    pub fn has_digest(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_upper())
    }
}

/// What a request-level signer returns: the URL to send (which may differ from
/// the one given, e.g. X-Pay sorts the query) and the headers to add, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The URL to send, byte for byte what was signed.
    pub url: String,
    /// Header names and values to send.
    pub headers: Vec<(&'static str, String)>,
}

impl SignedRequest {
    /// The value of header `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Parses an absolute `http`/`https` URL with a host.
pub(crate) fn parse_url(text: &str) -> Result<url::Url> {
    crate::validate::header_value("url", text)?;
    let url = url::Url::parse(text)
        .map_err(|e| Error::invalid("url", format!("not an absolute URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::invalid(
            "url",
            format!("scheme \"{}\" is not http or https", url.scheme()),
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::invalid("url", "has no host"));
    }
    Ok(url)
}

/// The `Host` header a client sends for `url`: the host, and the port when it is not the scheme's default.
pub(crate) fn host_header(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}
