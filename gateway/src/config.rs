//! What the gateway accepts: the credentials of each scheme, the windows, the
//! limits, and where webhook notifications go. Read from TOML
//! ([`Config::from_toml`]) or built in code (the test helpers).

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

/// Visa X-Pay-Token credentials.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visa {
    /// The API key (sent as `apikey=` in the query).
    pub api_key: String,
    /// The shared secret.
    pub shared_secret: String,
    /// Hash the whole path instead of the path after the context path.
    #[serde(default)]
    pub full_path: bool,
    /// The window in seconds; Visa's 8 minutes when absent.
    #[serde(default)]
    pub max_skew: Option<u64>,
}

/// CyberSource HTTP Signature credentials.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CyberSource {
    /// `v-c-merchant-id`.
    pub merchant_id: String,
    /// The key id (`keyid=` of the `Signature` header).
    pub key_id: String,
    /// The shared secret, base64 text as the Business Center shows it.
    pub shared_secret: String,
    /// The window in seconds; 5 minutes when absent.
    #[serde(default)]
    pub max_skew: Option<u64>,
}

impl CyberSource {
    /// The credentials CyberSource publishes for its sandbox (used when nothing is configured).
    pub fn sandbox() -> Self {
        CyberSource {
            merchant_id: paysign::cybersource::SANDBOX_MERCHANT_ID.to_owned(),
            key_id: paysign::cybersource::SANDBOX_KEY_ID.to_owned(),
            shared_secret: paysign::cybersource::SANDBOX_SHARED_SECRET.to_owned(),
            max_skew: None,
        }
    }
}

/// PaySimple PSSERVER credentials.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaySimple {
    /// The API username (`accessid=`).
    pub username: String,
    /// The API key (the HMAC key).
    pub api_key: String,
    /// The window in seconds; PaySimple's 5 minutes when absent.
    #[serde(default)]
    pub max_skew: Option<u64>,
}

/// Where and how the gateway sends CyberSource webhook notifications.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    /// The merchant endpoint, `http://host:port/path` (plain HTTP: a local endpoint under test).
    pub url: String,
    /// `keyId=` of `v-c-signature`.
    pub key_id: String,
    /// The digital signature key, base64 text.
    pub key: String,
    /// Send a `payments.payments.accept` notification after each accepted
    /// `POST /pts/v2/payments` (default true).
    #[serde(default = "yes")]
    pub on_payment: bool,
}

fn yes() -> bool {
    true
}

/// The limits that protect the gateway from its clients.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Request line and headers together, bytes; beyond → 431.
    pub max_header_bytes: usize,
    /// At most this many header fields; beyond → 431.
    pub max_headers: usize,
    /// Request body, bytes; beyond → 413.
    pub max_body_bytes: usize,
    /// A request head (or the next one on a kept-alive connection) must arrive
    /// within this many seconds, or the connection is closed.
    pub header_timeout_seconds: u64,
    /// The body must arrive within this many seconds after the head, or → 408.
    pub body_timeout_seconds: u64,
    /// Connections served at once; further ones wait in the listen backlog.
    pub max_connections: usize,
    /// Credentials remembered for replay protection, per scheme.
    pub replay_capacity: usize,
    /// Judged requests kept for `/paysign/requests` and the test helpers (oldest dropped first).
    pub max_recorded_requests: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_header_bytes: 16 * 1024,
            max_headers: 100,
            max_body_bytes: 1024 * 1024,
            header_timeout_seconds: 10,
            body_timeout_seconds: 10,
            max_connections: 1024,
            replay_capacity: paysign::replay::DEFAULT_CAPACITY,
            max_recorded_requests: 10_000,
        }
    }
}

impl Limits {
    pub(crate) fn header_timeout(&self) -> Duration {
        Duration::from_secs(self.header_timeout_seconds.max(1))
    }

    pub(crate) fn body_timeout(&self) -> Duration {
        Duration::from_secs(self.body_timeout_seconds.max(1))
    }
}

/// Everything the gateway is configured with.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The address to listen on (the `--listen` flag wins).
    #[serde(default)]
    pub listen: Option<String>,
    /// Visa credentials.
    #[serde(default)]
    pub visa: Option<Visa>,
    /// CyberSource credentials.
    #[serde(default)]
    pub cybersource: Option<CyberSource>,
    /// PaySimple credentials.
    #[serde(default)]
    pub paysimple: Option<PaySimple>,
    /// Webhook notifications.
    #[serde(default)]
    pub webhook: Option<Webhook>,
    /// Limits.
    #[serde(default)]
    pub limits: Limits,
}

impl Config {
    /// Parses the TOML config file format (docs/gateway.md).
    pub fn from_toml(text: &str) -> Result<Self, crate::GatewayError> {
        toml::from_str(text).map_err(|e| crate::GatewayError::Config(e.message().to_owned()))
    }

    /// Whether any scheme has credentials.
    pub fn has_credentials(&self) -> bool {
        self.visa.is_some() || self.cybersource.is_some() || self.paysimple.is_some()
    }

    /// With no credentials at all: CyberSource's published sandbox ones.
    pub fn or_sandbox(mut self) -> Self {
        if !self.has_credentials() {
            self.cybersource = Some(CyberSource::sandbox());
        }
        self
    }

    /// One line per configured scheme, naming the credential ids (never a secret).
    pub fn summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(v) = &self.visa {
            lines.push(format!("visa: api key {}", v.api_key));
        }
        if let Some(c) = &self.cybersource {
            let sandbox = if c.key_id == paysign::cybersource::SANDBOX_KEY_ID {
                " (the published sandbox credentials)"
            } else {
                ""
            };
            lines.push(format!(
                "cybersource: merchant {}, key id {}{sandbox}",
                c.merchant_id, c.key_id
            ));
        }
        if let Some(p) = &self.paysimple {
            lines.push(format!("paysimple: username {}", p.username));
        }
        if let Some(w) = &self.webhook {
            lines.push(format!("webhooks: to {} with key id {}", w.url, w.key_id));
        }
        lines
    }
}

// Debug never shows a secret.
impl fmt::Debug for Visa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Visa")
            .field("api_key", &self.api_key)
            .field("shared_secret", &"<redacted>")
            .field("full_path", &self.full_path)
            .field("max_skew", &self.max_skew)
            .finish()
    }
}

impl fmt::Debug for CyberSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CyberSource")
            .field("merchant_id", &self.merchant_id)
            .field("key_id", &self.key_id)
            .field("shared_secret", &"<redacted>")
            .field("max_skew", &self.max_skew)
            .finish()
    }
}

impl fmt::Debug for PaySimple {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaySimple")
            .field("username", &self.username)
            .field("api_key", &"<redacted>")
            .field("max_skew", &self.max_skew)
            .finish()
    }
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("url", &self.url)
            .field("key_id", &self.key_id)
            .field("key", &"<redacted>")
            .field("on_payment", &self.on_payment)
            .finish()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("visa", &self.visa)
            .field("cybersource", &self.cybersource)
            .field("paysimple", &self.paysimple)
            .field("webhook", &self.webhook)
            .field("limits", &self.limits)
            .finish()
    }
}
