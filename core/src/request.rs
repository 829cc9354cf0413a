//! Shared pieces of the request-level signers: methods, URLs, the signed result.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

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

/// How many prepared URLs a signer keeps.
pub const PREPARED_URLS_KEPT: usize = 16;

/// The URLs a signer prepared last, each with what signing it needs (the parsed
/// and checked parts). A signer is mostly asked to sign the same few endpoints,
/// and parsing and canonicalising a URL costs more than its HMAC; at most
/// [`PREPARED_URLS_KEPT`] are kept, the oldest replaced first.
pub(crate) struct PreparedUrls<T> {
    entries: Mutex<Kept<T>>,
}

struct Kept<T> {
    list: Vec<(Box<str>, Arc<T>)>,
    // the slot replaced next, once full
    next: usize,
}

impl<T> PreparedUrls<T> {
    /// What `prepare` makes of `url`, from the kept entries when `url` was prepared before.
    pub(crate) fn get(&self, url: &str, prepare: impl FnOnce(&str) -> Result<T>) -> Result<Arc<T>> {
        // A panic elsewhere cannot leave the entries half-written: each is replaced whole.
        let found = {
            let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
            entries
                .list
                .iter()
                .find(|(kept, _)| kept.as_ref() == url)
                .map(|(_, prepared)| Arc::clone(prepared))
        };
        if let Some(prepared) = found {
            return Ok(prepared);
        }
        let prepared = Arc::new(prepare(url)?);
        let mut kept = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = (Box::from(url), Arc::clone(&prepared));
        if kept.list.len() < PREPARED_URLS_KEPT {
            kept.list.push(entry);
        } else {
            let next = kept.next;
            kept.list[next] = entry;
            kept.next = (next + 1) % PREPARED_URLS_KEPT;
        }
        Ok(prepared)
    }
}

impl<T> Default for PreparedUrls<T> {
    fn default() -> Self {
        PreparedUrls {
            entries: Mutex::new(Kept {
                list: Vec::new(),
                next: 0,
            }),
        }
    }
}

/// A copy of a signer starts with no prepared URLs.
impl<T> Clone for PreparedUrls<T> {
    fn clone(&self) -> Self {
        PreparedUrls::default()
    }
}

impl<T> fmt::Debug for PreparedUrls<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PreparedUrls")
    }
}

#[cfg(test)]
mod prepared_urls_tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn prepares_each_url_once_and_keeps_a_bounded_number() {
        let cache = PreparedUrls::<String>::default();
        let calls = Cell::new(0);
        let prepare = |u: &str| {
            calls.set(calls.get() + 1);
            Ok(u.to_uppercase())
        };
        assert_eq!(*cache.get("https://a/x", prepare).unwrap(), "HTTPS://A/X");
        assert_eq!(*cache.get("https://a/x", prepare).unwrap(), "HTTPS://A/X");
        assert_eq!(calls.get(), 1);
        for i in 0..PREPARED_URLS_KEPT * 2 {
            cache.get(&format!("https://a/{i}"), prepare).unwrap();
        }
        assert_eq!(calls.get(), 1 + PREPARED_URLS_KEPT * 2);
        assert_eq!(cache.entries.lock().unwrap().list.len(), PREPARED_URLS_KEPT);
        // the first URL was replaced long ago: prepared again
        cache.get("https://a/x", prepare).unwrap();
        assert_eq!(calls.get(), 2 + PREPARED_URLS_KEPT * 2);
    }

    #[test]
    fn an_error_is_not_kept() {
        let cache = PreparedUrls::<String>::default();
        let calls = Cell::new(0);
        let failing = |_: &str| {
            calls.set(calls.get() + 1);
            Err(Error::invalid("url", "bad"))
        };
        assert!(cache.get("x", failing).is_err());
        assert!(cache.get("x", failing).is_err());
        assert_eq!(calls.get(), 2);
    }
}
