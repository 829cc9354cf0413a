//! paysign: byte-exact signing and verification of payment-API requests —
//! Visa's X-Pay-Token ([`xpay`]), CyberSource's HTTP Signature ([`cybersource`])
//! and PaySimple's PSSERVER header ([`paysimple`]).
//!
//! Every rule, format and default lives here; the Python, Node, C and Kotlin
//! bindings and the `paysign` command only convert types and map errors.
//! Nothing here does I/O; the only ambient input is the clock, and every
//! function that reads it has a twin that takes the time.
//!
//! ```
//! let signer = paysign::CyberSourceSigner::new(
//!     "testrest",
//!     "08c94330-f618-42a3-b09d-e1e43be5efda",
//!     "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=",
//! ).unwrap();
//! let signed = signer.sign("POST", "https://apitest.cybersource.com/pts/v2/payments", br#"{"amount":"10.00"}"#).unwrap();
//! for (name, value) in &signed.headers {
//!     assert!(!value.is_empty(), "{name}");
//! }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
pub mod cybersource;
pub mod diagnose;
mod error;
pub mod explain;
pub mod paysimple;
pub mod replay;
mod request;
pub mod scheme;
mod secret;
pub mod time;
pub mod validate;
pub mod verifier;
pub mod webhook;
pub mod xpay;

pub use cybersource::CyberSourceSigner;
pub use error::{Error, Rejection, Result};
pub use paysimple::PaySimpleSigner;
pub use request::{Method, SignedRequest};
pub use secret::{hmac_sha256, HmacKey, SecretBytes};
pub use time::{Time, DEFAULT_MAX_SKEW};
pub use verifier::{
    CyberSourceVerifier, PaySimpleVerifier, Received, Verified, Verifier, XPayVerifier,
};
pub use webhook::CyberSourceWebhookVerifier;
pub use xpay::{PathRule, XPaySigner};

/// The version of this crate, as the bindings report it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
