//! Clock access and the date formats the schemes use.
//!
//! Every function that reads the clock has a twin that takes the time, so that
//! tests and callers with their own clock stay deterministic.

use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::error::{Error, Result};

/// Whether a Unix time is too far ahead to be seconds (past year 9999): a
/// time in milliseconds, the usual slip.
pub fn is_millis(t: i64) -> bool {
    t > MAX_UNIX_TIME
}

/// The latest instant the formats can carry: 9999-12-31T23:59:59Z.
pub const MAX_UNIX_TIME: i64 = 253_402_300_799;

/// The default verification window, in seconds either side of `now` (SPEC §4).
pub const DEFAULT_MAX_SKEW: u64 = 300;

/// The current time in Unix seconds.
pub fn now_unix() -> i64 {
    Utc::now().timestamp()
}

/// Checks that `t` (Unix seconds) lies in 1970..=9999.
///
/// ```
/// assert!(paysign::time::check_unix_time("timestamp", 1_455_716_783).is_ok());
/// assert!(paysign::time::check_unix_time("timestamp", -1).is_err());
/// ```
pub fn check_unix_time(field: &'static str, t: i64) -> Result<i64> {
    if (0..=MAX_UNIX_TIME).contains(&t) {
        Ok(t)
    } else {
        Err(Error::invalid(
            field,
            format!("{t} is outside 1970-01-01..9999-12-31 (Unix seconds 0..={MAX_UNIX_TIME})"),
        ))
    }
}

fn utc(secs: i64, nanos: u32) -> Result<DateTime<Utc>> {
    check_unix_time("unix_time", secs)?;
    DateTime::from_timestamp(secs, nanos)
        .filter(|_| nanos < 1_000_000_000)
        .ok_or_else(|| Error::invalid("nanos", format!("{nanos} is not below 10^9")))
}

fn system_time(unix_time: u64) -> std::time::SystemTime {
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(unix_time)
}

/// Formats Unix seconds as an RFC 7231 IMF-fixdate, as CyberSource's `Date` header wants.
///
/// ```
/// assert_eq!(paysign::time::imf_fixdate(1_563_409_083).unwrap(), "Thu, 18 Jul 2019 00:18:03 GMT");
/// ```
pub fn imf_fixdate(unix_time: i64) -> Result<String> {
    // httpdate writes the fixed 29-byte form directly (chrono's strftime was
    // the largest cost of a CyberSource signature).
    let t = check_unix_time("unix_time", unix_time)?;
    Ok(httpdate::fmt_http_date(system_time(t as u64)))
}

/// Parses a strict IMF-fixdate (`Thu, 18 Jul 2019 00:18:03 GMT`) into Unix seconds.
/// Other HTTP date forms (RFC 850, asctime), other zones and a wrong weekday are refused.
///
/// ```
/// assert_eq!(paysign::time::parse_imf_fixdate("date", "Thu, 18 Jul 2019 00:18:03 GMT").unwrap(), 1_563_409_083);
/// assert!(paysign::time::parse_imf_fixdate("date", "Fri, 18 Jul 2019 00:18:03 GMT").is_err());
/// ```
pub fn parse_imf_fixdate(field: &'static str, text: &str) -> Result<i64> {
    let bad = || {
        Error::invalid(
            field,
            format!(
                "\"{}\" is not an IMF-fixdate like \"Thu, 18 Jul 2019 00:18:03 GMT\"",
                crate::validate::visible(text)
            ),
        )
    };
    // httpdate also reads the obsolete RFC 850 and asctime forms: only an
    // IMF-fixdate, spelt canonically, formats back to the same text.
    let parsed: httpdate::HttpDate = text.parse().map_err(|_| bad())?;
    // formatted into the stack: this runs on every signature received
    let mut canonical = ImfBuffer::default();
    std::fmt::Write::write_fmt(&mut canonical, format_args!("{parsed}")).map_err(|_| bad())?;
    if canonical.as_bytes() != text.as_bytes() {
        return Err(bad());
    }
    let secs = std::time::SystemTime::from(parsed)
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| bad())?
        .as_secs();
    check_unix_time(field, i64::try_from(secs).map_err(|_| bad())?)
}

/// Room for one IMF-fixdate (29 bytes); longer text is an error.
#[derive(Default)]
struct ImfBuffer {
    bytes: [u8; 29],
    len: usize,
}

impl ImfBuffer {
    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl std::fmt::Write for ImfBuffer {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Formats a time the way PaySimple's own samples do: UTC with seven fractional
/// digits, `YYYY-MM-DDTHH:MM:SS.fffffffZ`.
///
/// ```
/// assert_eq!(
///     paysign::time::paysimple_timestamp(1_500_583_544, 97_392_800).unwrap(),
///     "2017-07-20T20:45:44.0973928Z"
/// );
/// ```
pub fn paysimple_timestamp(unix_time: i64, nanos: u32) -> Result<String> {
    Ok(paysimple_text(&utc(unix_time, nanos)?))
}

// Formatted from the fields: strftime re-reads its format string on every call.
fn paysimple_text(t: &DateTime<Utc>) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:07}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.nanosecond() % 1_000_000_000 / 100
    )
}

/// The current time as [`paysimple_timestamp`] formats it.
pub fn paysimple_timestamp_now() -> String {
    paysimple_text(&Utc::now())
}

/// Parses an ISO-8601 / RFC 3339 date-time with a `Z` or `±HH:MM` offset
/// (`2018-04-19T10:04:50.6882019-06:00`) into Unix seconds.
///
/// ```
/// assert_eq!(paysign::time::parse_rfc3339("timestamp", "2017-07-20T20:45:44.0973928Z").unwrap(), 1_500_583_544);
/// assert!(paysign::time::parse_rfc3339("timestamp", "2017-07-20 20:45:44Z").is_err());
/// ```
pub fn parse_rfc3339(field: &'static str, text: &str) -> Result<i64> {
    let bad = || {
        Error::invalid(
            field,
            format!(
                "\"{}\" is not an ISO-8601 date-time like \"2018-04-19T16:04:59.9148591Z\"",
                crate::validate::visible(text)
            ),
        )
    };
    // chrono also takes a space or a lowercase `t` between date and time: the
    // format PaySimple documents has `T`.
    if text.as_bytes().get(10) != Some(&b'T') {
        return Err(bad());
    }
    let parsed = DateTime::parse_from_rfc3339(text).map_err(|_| bad())?;
    check_unix_time(field, parsed.timestamp())
}

/// Signed `t - now`, or the rejection when it exceeds `max_skew`.
pub(crate) fn check_window(t: i64, now: i64, max_skew: u64) -> Result<()> {
    let skew = t.saturating_sub(now);
    if skew.unsigned_abs() > max_skew {
        Err(crate::Rejection::TimestampOutOfWindow { skew, max_skew }.into())
    } else {
        Ok(())
    }
}

/// When a request is signed: the one time type every signer and every binding
/// takes ("no time given" is [`Time::Now`], resolved here and nowhere else).
///
/// ```
/// use paysign::time::Time;
/// assert_eq!(Time::unix(1_563_409_083).imf_fixdate("time").unwrap(), "Thu, 18 Jul 2019 00:18:03 GMT");
/// assert_eq!(Time::text("Thu, 18 Jul 2019 00:18:03 GMT").imf_fixdate("time").unwrap(), "Thu, 18 Jul 2019 00:18:03 GMT");
/// assert_eq!(Time::text("1455716783").unix_seconds("time").unwrap(), 1_455_716_783);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Time {
    /// The current time, read when signing.
    #[default]
    Now,
    /// Unix seconds and nanoseconds (the nanoseconds matter only where a scheme
    /// carries a fraction: PaySimple's timestamp).
    Unix {
        /// Seconds since 1970-01-01T00:00:00Z.
        secs: i64,
        /// Nanoseconds, below 10^9.
        nanos: u32,
    },
    /// This exact text, signed as given: Unix seconds in decimal for X-Pay
    /// (milliseconds for the webhook), an IMF-fixdate for CyberSource, ISO-8601
    /// for PaySimple.
    Text(String),
}

impl Time {
    /// Unix seconds, no fraction.
    pub fn unix(secs: i64) -> Self {
        Time::Unix { secs, nanos: 0 }
    }

    /// This exact text.
    pub fn text(text: impl Into<String>) -> Self {
        Time::Text(text.into())
    }

    /// `Some(secs)` as Unix seconds, `None` as now: the round-1 flat functions' form.
    pub fn from_option(secs: Option<i64>) -> Self {
        secs.map_or(Time::Now, Time::unix)
    }

    /// Unix seconds (a text must be canonical decimal Unix seconds).
    pub fn unix_seconds(&self, field: &'static str) -> Result<i64> {
        match self {
            Time::Now => Ok(now_unix()),
            Time::Unix { secs, .. } => check_unix_time(field, *secs),
            Time::Text(text) => parse_decimal_seconds(field, text),
        }
    }

    /// An IMF-fixdate (CyberSource's `Date`); a text must be one, spelt canonically.
    pub fn imf_fixdate(&self, field: &'static str) -> Result<String> {
        match self {
            Time::Now => imf_fixdate(now_unix()),
            Time::Unix { secs, .. } => {
                check_unix_time(field, *secs)?;
                imf_fixdate(*secs)
            }
            Time::Text(text) => parse_imf_fixdate(field, text).map(|_| text.clone()),
        }
    }

    /// A PaySimple timestamp; a text is signed as given (it must be ISO-8601).
    pub fn paysimple_timestamp(&self, field: &'static str) -> Result<String> {
        match self {
            Time::Now => Ok(paysimple_timestamp_now()),
            Time::Unix { secs, nanos } => {
                check_unix_time(field, *secs)?;
                paysimple_timestamp(*secs, *nanos).map_err(|e| rename_field(e, field))
            }
            Time::Text(text) => parse_rfc3339(field, text).map(|_| text.clone()),
        }
    }

    /// Unix milliseconds (the webhook's `t=`); a text must be canonical decimal milliseconds.
    pub fn unix_millis(&self, field: &'static str) -> Result<i64> {
        match self {
            Time::Now => Ok(Utc::now().timestamp_millis()),
            Time::Unix { secs, nanos } => {
                check_unix_time(field, *secs)?;
                if *nanos >= 1_000_000_000 {
                    return Err(Error::invalid(
                        field,
                        format!("nanoseconds {nanos} are not below 10^9"),
                    ));
                }
                Ok(secs * 1000 + i64::from(nanos / 1_000_000))
            }
            Time::Text(text) => {
                let ms = parse_decimal(field, text, "Unix milliseconds")?;
                check_unix_time(field, ms / 1000)?;
                Ok(ms)
            }
        }
    }
}

fn rename_field(err: Error, field: &'static str) -> Error {
    match err {
        Error::InvalidArgument { problem, .. } => Error::InvalidArgument { field, problem },
        other => other,
    }
}

fn parse_decimal(field: &'static str, text: &str, what: &str) -> Result<i64> {
    // One spelling per number: no sign, no leading zero, no space.
    let canonical = !text.is_empty()
        && text.len() <= 18
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if !canonical {
        return Err(Error::invalid(
            field,
            format!(
                "\"{}\" is not {what} in decimal (digits only, no leading zero)",
                crate::validate::visible(text)
            ),
        ));
    }
    text.parse()
        .map_err(|_| Error::invalid(field, format!("{what} out of range")))
}

fn parse_decimal_seconds(field: &'static str, text: &str) -> Result<i64> {
    check_unix_time(field, parse_decimal(field, text, "Unix seconds")?)
}
