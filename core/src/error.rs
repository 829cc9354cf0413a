//! The one error type of paysign, and the typed reasons a verification fails.

use std::fmt;

/// Every failure paysign reports: a bad input, or a request that did not verify.
///
/// Messages name the field and the problem; they never contain a secret, and
/// they never echo a whole value that might be one.
///
/// ```
/// let err = paysign::cybersource::sign(&paysign::cybersource::Request {
///     key_id: "a\"b", shared_secret: "AAAA", merchant_id: "m", host: "h",
///     method: "GET", request_target: "/", body: b"", date: "Thu, 18 Jul 2019 00:18:03 GMT",
/// }).unwrap_err();
/// assert_eq!(err.field(), Some("key_id"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument is unusable; `field` names it (`"key_id"`, `"date"`, …).
    #[error("{field}: {problem}")]
    InvalidArgument {
        /// The argument's name, as in the API (snake case).
        field: &'static str,
        /// What is wrong with it, without the value when it may be secret.
        problem: String,
    },
    /// The request was well-formed enough to check, and it did not verify.
    #[error("verification failed: {0}")]
    Verification(Rejection),
}

impl Error {
    pub(crate) fn invalid(field: &'static str, problem: impl Into<String>) -> Self {
        Error::InvalidArgument {
            field,
            problem: problem.into(),
        }
    }

    /// The field an [`Error::InvalidArgument`] names.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::InvalidArgument { field, .. } => Some(field),
            Error::Verification(_) => None,
        }
    }

    /// The rejection behind an [`Error::Verification`].
    pub fn rejection(&self) -> Option<&Rejection> {
        match self {
            Error::Verification(r) => Some(r),
            Error::InvalidArgument { .. } => None,
        }
    }
}

impl From<Rejection> for Error {
    fn from(r: Rejection) -> Self {
        Error::Verification(r)
    }
}

/// Why a verifier refused a request (SPEC §4). [`Rejection::code`] is a stable
/// snake-case identifier that every binding exposes as the failure's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// The token or header does not have the scheme's syntax.
    MalformedHeader(String),
    /// A header the scheme requires is absent.
    MissingHeader(&'static str),
    /// The signed time is further from `now` than the allowed skew.
    TimestampOutOfWindow {
        /// Signed time minus `now`, in seconds.
        skew: i64,
        /// The largest skew allowed, in seconds.
        max_skew: u64,
    },
    /// The HMAC does not match the request.
    SignatureMismatch,
    /// The CyberSource `Digest` is not the SHA-256 of the body received.
    DigestMismatch,
    /// The CyberSource `headers=` list is not the one the method requires.
    HeadersListMismatch {
        /// The list the method requires.
        expected: &'static str,
        /// The list received.
        found: String,
    },
    /// The CyberSource `algorithm=` is not `HmacSHA256`.
    UnsupportedAlgorithm(String),
    /// No secret is known for the CyberSource `keyid`.
    UnknownKeyId,
    /// No API key is known for the PaySimple `accessid`.
    UnknownAccessId,
    /// A whole-request verifier's keyring has no secret for the credential's
    /// API key, key id or username.
    UnknownKey,
    /// A header the scheme signs or reads appears more than once.
    DuplicateHeader(String),
    /// The credential was already accepted within the window.
    Replayed,
    /// The replay memory could not answer (a shared store unreachable, or the
    /// in-process memory full of live entries): verification fails closed.
    ReplayStoreUnavailable(String),
}

impl Rejection {
    /// A stable identifier for the reason: `"signature_mismatch"`, `"timestamp_out_of_window"`, ….
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::MalformedHeader(_) => "malformed_header",
            Rejection::MissingHeader(_) => "missing_header",
            Rejection::TimestampOutOfWindow { .. } => "timestamp_out_of_window",
            Rejection::SignatureMismatch => "signature_mismatch",
            Rejection::DigestMismatch => "digest_mismatch",
            Rejection::HeadersListMismatch { .. } => "headers_list_mismatch",
            Rejection::UnsupportedAlgorithm(_) => "unsupported_algorithm",
            Rejection::UnknownKeyId => "unknown_key_id",
            Rejection::UnknownAccessId => "unknown_access_id",
            Rejection::UnknownKey => "unknown_key",
            Rejection::DuplicateHeader(_) => "duplicate_header",
            Rejection::Replayed => "replayed",
            Rejection::ReplayStoreUnavailable(_) => "replay_store_unavailable",
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::MalformedHeader(detail) => write!(f, "malformed header: {detail}"),
            Rejection::MissingHeader(name) => write!(f, "missing header: {name}"),
            Rejection::TimestampOutOfWindow { skew, max_skew } => {
                write!(
                    f,
                    "timestamp out of window: signed {} s {} now, more than the {max_skew} s allowed",
                    skew.unsigned_abs(),
                    if *skew < 0 { "before" } else { "after" }
                )?;
                // Ten thousand years ahead is a Unix time in milliseconds.
                if *skew > 300_000_000_000 {
                    f.write_str(" (is the timestamp in milliseconds instead of seconds?)")?;
                }
                Ok(())
            }
            Rejection::SignatureMismatch => {
                f.write_str("signature mismatch: the HMAC does not match the request")
            }
            Rejection::DigestMismatch => {
                f.write_str("digest mismatch: Digest is not the SHA-256 of the body received")
            }
            Rejection::HeadersListMismatch { expected, found } => write!(
                f,
                "headers list mismatch: expected headers=\"{expected}\", found \"{found}\""
            ),
            Rejection::UnsupportedAlgorithm(found) => {
                write!(f, "unsupported algorithm \"{found}\": expected HmacSHA256")
            }
            Rejection::UnknownKeyId => f.write_str("unknown key id"),
            Rejection::UnknownAccessId => f.write_str("unknown access id"),
            Rejection::UnknownKey => f.write_str("unknown key: no secret is configured for this credential"),
            Rejection::DuplicateHeader(name) => write!(
                f,
                "duplicate header: {name} appears more than once (each header the scheme reads must appear once)"
            ),
            Rejection::Replayed => {
                f.write_str("replayed: this credential was already accepted within the window")
            }
            Rejection::ReplayStoreUnavailable(why) => write!(
                f,
                "replay store unavailable ({why}): refusing rather than risking a replay"
            ),
        }
    }
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
