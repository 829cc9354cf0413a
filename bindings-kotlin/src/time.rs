//! The one time override every signer and explain/diagnose function takes.

use crate::{PaysignError, Result};

/// When to sign: Kotlin `sealed class Time` (`Time.Now`, `Time.Unix(secs, nanos)`,
/// `Time.Text(text)`); a `null` time is `Now`. Mapped one to one onto the core's
/// [`paysign::Time`], which owns every format and check.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Time {
    /// The current time, read when signing.
    Now,
    /// Unix seconds plus nanoseconds (0..999 999 999; only PaySimple's timestamp
    /// carries the fraction).
    Unix {
        /// Seconds since 1970-01-01T00:00:00Z.
        secs: i64,
        /// Nanoseconds within the second.
        nanos: i32,
    },
    /// This exact text, signed as given: decimal Unix seconds (X-Pay), an
    /// IMF-fixdate (CyberSource), ISO-8601 (PaySimple).
    Text {
        /// The text.
        text: String,
    },
}

/// The core's time for an optional binding time (`None` → now).
pub(crate) fn core_time(time: Option<Time>) -> Result<paysign::Time> {
    Ok(match time {
        None | Some(Time::Now) => paysign::Time::Now,
        Some(Time::Unix { secs, nanos }) => {
            // Type conversion only: Kotlin's Int is signed, the core's nanos are not.
            let nanos = u32::try_from(nanos).map_err(|_| PaysignError::InvalidArgument {
                field: "nanos".to_owned(),
                detail: format!("nanos: {nanos} is negative"),
            })?;
            paysign::Time::Unix { secs, nanos }
        }
        Some(Time::Text { text }) => paysign::Time::Text(text),
    })
}
