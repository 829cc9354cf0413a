//! Whole-request verifiers (a keyring, the scheme's window, replay
//! protection) and CyberSource webhook notifications, over the core's
//! [`paysign::Verifier`]s.

use std::collections::HashMap;
use std::sync::Arc;

use paysign::replay::Replay;
use paysign::Received;

use crate::{or_empty, pairs, HttpHeader, PaysignError, Result};

/// Why a [`ReplayStore`] could not answer; the verifier then refuses the
/// request with reason `replay_store_unavailable` (failing closed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum ReplayStoreError {
    /// The store is unreachable or failed.
    #[error("{detail}")]
    Unavailable {
        /// What happened (never a secret).
        detail: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for ReplayStoreError {
    /// Any other exception thrown by the store: its first line only (the
    /// exception class and message, not the stack trace).
    fn from(err: uniffi::UnexpectedUniFFICallbackError) -> Self {
        let first = err.reason.lines().next().unwrap_or_default();
        ReplayStoreError::Unavailable {
            detail: first.chars().take(200).collect(),
        }
    }
}

/// A replay memory shared across processes or machines, implemented in
/// Kotlin or Java: remember `key` for `ttl_seconds` unless it is already
/// present, atomically (Redis: `SET key 1 NX EX ttl`).
#[uniffi::export(foreign)]
pub trait ReplayStore: Send + Sync {
    /// `true` when `key` was absent and is now remembered, `false` when it was
    /// already present (the request is a replay). Throwing means the store
    /// cannot answer: the request is refused (`replay_store_unavailable`).
    fn remember(&self, key: String, ttl_seconds: i64) -> Result<bool, ReplayStoreError>;
}

/// The core's view of a foreign store.
struct ForeignStore(Arc<dyn ReplayStore>);

impl paysign::replay::ReplayStore for ForeignStore {
    fn remember(&self, key: &str, ttl_seconds: u64) -> std::result::Result<bool, String> {
        let ttl = i64::try_from(ttl_seconds).unwrap_or(i64::MAX);
        self.0
            .remember(key.to_owned(), ttl)
            .map_err(|e| e.to_string())
    }
}

/// `replay` on (the core's default in-process memory) or off, or `replay_store`.
fn replay_of(replay: bool, store: Option<Arc<dyn ReplayStore>>) -> Result<Replay> {
    match (replay, store) {
        (true, None) => Ok(Replay::default()),
        (false, None) => Ok(Replay::Off),
        (true, Some(store)) => Ok(Replay::Store(Arc::new(ForeignStore(store)))),
        (false, Some(_)) => Err(PaysignError::InvalidArgument {
            field: "replay".to_owned(),
            detail: "replay: is false but a replay_store was given".to_owned(),
        }),
    }
}

fn max_skew_of(max_skew: Option<i64>) -> Result<Option<u64>> {
    max_skew
        .map(|s| {
            u64::try_from(s).map_err(|_| PaysignError::InvalidArgument {
                field: "max_skew".to_owned(),
                detail: "max_skew: must not be negative".to_owned(),
            })
        })
        .transpose()
}

fn keyring(keys: HashMap<String, String>) -> Vec<(String, Vec<u8>)> {
    keys.into_iter()
        .map(|(id, s)| (id, s.into_bytes()))
        .collect()
}

/// What a verifier accepted.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Verified {
    /// `"xpay"`, `"cybersource"`, `"paysimple"` or `"cybersource-webhook"`.
    pub scheme: String,
    /// The API key, key id or username that matched.
    pub key_id: String,
    /// CyberSource's `v-c-merchant-id` (else null).
    pub merchant_id: Option<String>,
    /// When it was signed, Unix seconds.
    pub timestamp: i64,
    /// The names of what the credential covered.
    pub signed: Vec<String>,
}

impl From<paysign::Verified> for Verified {
    fn from(v: paysign::Verified) -> Self {
        Verified {
            scheme: v.scheme.to_owned(),
            key_id: v.key_id,
            merchant_id: v.merchant_id,
            timestamp: v.timestamp,
            signed: v.signed,
        }
    }
}

fn verify_with(
    verifier: &dyn paysign::Verifier,
    method: &str,
    url: &str,
    headers: &[HttpHeader],
    body: &Option<Vec<u8>>,
    now: Option<i64>,
) -> Result<Verified> {
    let headers = pairs(headers);
    let received = Received {
        method,
        url,
        headers: &headers,
        body: or_empty(body),
    };
    Ok(verifier.verify(&received, now)?.into())
}

/// Verifies X-Pay-Token requests for a keyring of API key → shared secret.
#[derive(Debug, uniffi::Object)]
pub struct XPayVerifier(paysign::XPayVerifier);

#[uniffi::export]
impl XPayVerifier {
    /// `keys`: API key → shared secret; `max_skew` (seconds) defaults to Visa's
    /// 8 minutes; `replay` remembers accepted tokens in this process, or in
    /// `replay_store` when given.
    #[uniffi::constructor(default(full_path = false, max_skew = None, replay = true, replay_store = None))]
    pub fn new(
        keys: HashMap<String, String>,
        full_path: bool,
        max_skew: Option<i64>,
        replay: bool,
        replay_store: Option<Arc<dyn ReplayStore>>,
    ) -> Result<Arc<Self>> {
        Ok(Arc::new(XPayVerifier(paysign::XPayVerifier::new(
            keyring(keys),
            full_path,
            max_skew_of(max_skew)?,
            replay_of(replay, replay_store)?,
        )?)))
    }

    /// Verifies a request as received (`headers` in order, duplicates
    /// included); `now` (Unix seconds) defaults to the clock.
    #[uniffi::method(default(body = None, now = None))]
    pub fn verify(
        &self,
        method: String,
        url: String,
        headers: Vec<HttpHeader>,
        body: Option<Vec<u8>>,
        now: Option<i64>,
    ) -> Result<Verified> {
        verify_with(&self.0, &method, &url, &headers, &body, now)
    }
}

/// Verifies CyberSource HTTP Signature requests for a keyring of key id → base64 secret.
#[derive(Debug, uniffi::Object)]
pub struct CyberSourceVerifier(paysign::CyberSourceVerifier);

#[uniffi::export]
impl CyberSourceVerifier {
    /// `keys`: key id → shared secret (base64 text); `max_skew` defaults to 5 minutes.
    #[uniffi::constructor(default(max_skew = None, replay = true, replay_store = None))]
    pub fn new(
        keys: HashMap<String, String>,
        max_skew: Option<i64>,
        replay: bool,
        replay_store: Option<Arc<dyn ReplayStore>>,
    ) -> Result<Arc<Self>> {
        Ok(Arc::new(CyberSourceVerifier(
            paysign::CyberSourceVerifier::new(
                keyring(keys),
                max_skew_of(max_skew)?,
                replay_of(replay, replay_store)?,
            )?,
        )))
    }

    /// Verifies a request as received.
    #[uniffi::method(default(body = None, now = None))]
    pub fn verify(
        &self,
        method: String,
        url: String,
        headers: Vec<HttpHeader>,
        body: Option<Vec<u8>>,
        now: Option<i64>,
    ) -> Result<Verified> {
        verify_with(&self.0, &method, &url, &headers, &body, now)
    }
}

/// Verifies PaySimple PSSERVER headers for a keyring of username → API key.
#[derive(Debug, uniffi::Object)]
pub struct PaySimpleVerifier(paysign::PaySimpleVerifier);

#[uniffi::export]
impl PaySimpleVerifier {
    /// `keys`: username → API key; `max_skew` defaults to PaySimple's 5 minutes.
    #[uniffi::constructor(default(max_skew = None, replay = true, replay_store = None))]
    pub fn new(
        keys: HashMap<String, String>,
        max_skew: Option<i64>,
        replay: bool,
        replay_store: Option<Arc<dyn ReplayStore>>,
    ) -> Result<Arc<Self>> {
        Ok(Arc::new(PaySimpleVerifier(
            paysign::PaySimpleVerifier::new(
                keyring(keys),
                max_skew_of(max_skew)?,
                replay_of(replay, replay_store)?,
            )?,
        )))
    }

    /// Verifies a request as received.
    #[uniffi::method(default(body = None, now = None))]
    pub fn verify(
        &self,
        method: String,
        url: String,
        headers: Vec<HttpHeader>,
        body: Option<Vec<u8>>,
        now: Option<i64>,
    ) -> Result<Verified> {
        verify_with(&self.0, &method, &url, &headers, &body, now)
    }
}

/// The `v-c-signature` value of a webhook notification; `timestamp_ms` (Unix
/// milliseconds) defaults to now.
#[uniffi::export(default(timestamp_ms = None))]
pub fn cybersource_webhook_signature(
    key_id: String,
    key: String,
    body: Vec<u8>,
    timestamp_ms: Option<i64>,
) -> Result<String> {
    Ok(paysign::api::cybersource_webhook_signature(
        &key_id,
        &key,
        &body,
        timestamp_ms,
    )?)
}

/// Verifies CyberSource webhook notifications for a keyring of key id → base64 key.
#[derive(Debug, uniffi::Object)]
pub struct CyberSourceWebhookVerifier(paysign::CyberSourceWebhookVerifier);

#[uniffi::export]
impl CyberSourceWebhookVerifier {
    /// `keys`: key id → key (base64 text); `max_skew` defaults to 5 minutes.
    #[uniffi::constructor(default(max_skew = None, replay = true, replay_store = None))]
    pub fn new(
        keys: HashMap<String, String>,
        max_skew: Option<i64>,
        replay: bool,
        replay_store: Option<Arc<dyn ReplayStore>>,
    ) -> Result<Arc<Self>> {
        Ok(Arc::new(CyberSourceWebhookVerifier(
            paysign::CyberSourceWebhookVerifier::new(
                keyring(keys),
                max_skew_of(max_skew)?,
                replay_of(replay, replay_store)?,
            )?,
        )))
    }

    /// Verifies a notification from its headers and exact raw body; `now`
    /// (Unix seconds) defaults to the clock.
    #[uniffi::method(default(now = None))]
    pub fn verify(
        &self,
        headers: Vec<HttpHeader>,
        body: Vec<u8>,
        now: Option<i64>,
    ) -> Result<Verified> {
        let headers = pairs(&headers);
        Ok(self.0.verify_notification(&headers, &body, now)?.into())
    }
}
