//! Secret material: zeroized on drop, never printed.

use std::fmt;

use hmac::{KeyInit, Mac};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

pub(crate) type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// An HMAC-SHA256 state already keyed with a secret, so that signing many
/// requests does not re-key. Its key-derived state is zeroized on drop (the
/// `zeroize` features of `hmac`/`sha2`); `Debug` prints a redaction.
#[derive(Clone)]
pub struct HmacKey(HmacSha256);

impl HmacKey {
    /// Keys an HMAC-SHA256 with `secret`; an empty secret is refused.
    ///
    /// ```
    /// let key = paysign::HmacKey::new("shared_secret", b"s3cret").unwrap();
    /// assert_eq!(format!("{key:?}"), "HmacKey(<redacted>)");
    /// ```
    pub fn new(field: &'static str, secret: &[u8]) -> Result<Self> {
        if secret.is_empty() {
            return Err(Error::invalid(field, "must not be empty"));
        }
        // HMAC accepts keys of any length; this cannot fail.
        let mac = HmacSha256::new_from_slice(secret)
            .map_err(|_| Error::invalid(field, "unusable as an HMAC key"))?;
        Ok(HmacKey(mac))
    }

    /// The HMAC of the concatenation of `parts`.
    pub fn sign_parts(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = self.0.clone();
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    /// Compares, in constant time, the HMAC of `parts` with `tag`.
    pub fn verify_parts(&self, parts: &[&[u8]], tag: &[u8]) -> bool {
        let mut mac = self.0.clone();
        for part in parts {
            mac.update(part);
        }
        mac.verify_slice(tag).is_ok()
    }
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HmacKey(<redacted>)")
    }
}

/// HMAC-SHA256 of `message` under `key` (RFC 2104), the primitive every scheme uses.
///
/// ```
/// // RFC 4231 test case 2
/// let mac = paysign::hmac_sha256(b"Jefe", b"what do ya want for nothing?");
/// assert_eq!(hex::encode(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
/// # // hex is a dependency of paysign
/// ```
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// A byte string that is zeroized when dropped and never shown by `Debug`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl SecretBytes {
    /// Takes ownership of `bytes`.
    pub fn new(bytes: Vec<u8>) -> Self {
        SecretBytes(Zeroizing::new(bytes))
    }

    /// The secret's bytes.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretBytes(<redacted>)")
    }
}
