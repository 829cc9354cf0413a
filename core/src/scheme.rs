//! The one shape every scheme implements: sign a request at a given time,
//! explain what it signs, diagnose a value that did not verify. Whole-request
//! verification is the [`crate::verifier::Verifier`] side of the same shape.
//!
//! A binding holds a signer and calls these three methods with the request and
//! a [`Time`]; it never chooses a default.
//!
//! ```
//! use paysign::scheme::{Scheme, SignableRequest};
//! use paysign::time::Time;
//! let signer = paysign::XPaySigner::new("K", b"secret").unwrap();
//! let req = SignableRequest { method: "GET", url: "https://sandbox.api.visa.com/vdp/helloworld", body: b"" };
//! let signed = signer.sign_request(&req, &Time::unix(1_455_716_783)).unwrap();
//! let explained = signer.explain(&req, &Time::unix(1_455_716_783)).unwrap();
//! assert_eq!(explained.signed, b"1455716783helloworldapikey=K");
//! assert_eq!(explained.headers[0].1, signed.header("x-pay-token").unwrap());
//! ```

use crate::diagnose::{self, Report};
use crate::error::Result;
use crate::explain::{self, Explanation};
use crate::request::SignedRequest;
use crate::time::Time;
use crate::verifier::Received;
use crate::{CyberSourceSigner, PaySimpleSigner, XPaySigner};

/// A request about to be sent: what a signer signs.
#[derive(Debug, Clone, Copy)]
pub struct SignableRequest<'a> {
    /// GET, POST, PUT, PATCH or DELETE.
    pub method: &'a str,
    /// The absolute URL.
    pub url: &'a str,
    /// The exact body bytes.
    pub body: &'a [u8],
}

/// What every scheme's signer does.
pub trait Scheme {
    /// `"xpay"`, `"cybersource"`, `"paysimple"`.
    const NAME: &'static str;

    /// The URL to send and the headers to add, signed at `time`.
    fn sign_request(&self, request: &SignableRequest<'_>, time: &Time) -> Result<SignedRequest>;

    /// The exact bytes signed and where each part came from.
    fn explain(&self, request: &SignableRequest<'_>, time: &Time) -> Result<Explanation>;

    /// Which known mistakes produced the credential in `received` (`time`: when
    /// it was signed, if known; the received value's own time is used when readable).
    fn diagnose(&self, received: &Received<'_>, time: &Time) -> Result<Report>;
}

fn time_hint(time: &Time) -> Result<Option<i64>> {
    match time {
        Time::Now => Ok(None),
        other => other.unix_seconds("time").map(Some),
    }
}

impl Scheme for XPaySigner {
    const NAME: &'static str = "xpay";

    fn sign_request(&self, r: &SignableRequest<'_>, time: &Time) -> Result<SignedRequest> {
        self.sign_at(r.method, r.url, r.body, time.unix_seconds("time")?)
    }

    fn explain(&self, r: &SignableRequest<'_>, time: &Time) -> Result<Explanation> {
        explain::xpay(
            self.api_key(),
            Some(self.key()),
            self.path_rule(),
            r.method,
            r.url,
            r.body,
            time,
        )
    }

    fn diagnose(&self, received: &Received<'_>, time: &Time) -> Result<Report> {
        let token = received.header(crate::xpay::HEADER)?;
        let req = diagnose::XPayRequest {
            api_key: self.api_key(),
            shared_secret: self.secret(),
            method: received.method,
            url: received.url,
            body: received.body,
            path_rule: self.path_rule(),
            time: time_hint(time)?,
        };
        diagnose::xpay(&req, token).map(Report::from)
    }
}

impl Scheme for CyberSourceSigner {
    const NAME: &'static str = "cybersource";

    fn sign_request(&self, r: &SignableRequest<'_>, time: &Time) -> Result<SignedRequest> {
        self.sign_with_date(r.method, r.url, r.body, &time.imf_fixdate("time")?)
    }

    fn explain(&self, r: &SignableRequest<'_>, time: &Time) -> Result<Explanation> {
        explain::cybersource(
            self.merchant_id(),
            self.key_id(),
            Some(self.key()),
            r.method,
            r.url,
            r.body,
            time,
        )
    }

    fn diagnose(&self, received: &Received<'_>, time: &Time) -> Result<Report> {
        let req = diagnose::CyberSourceRequest {
            merchant_id: self.merchant_id(),
            shared_secret: self.secret_text(),
            method: received.method,
            url: received.url,
            body: received.body,
            headers: received.headers,
            time: time_hint(time)?,
        };
        diagnose::cybersource(&req).map(Report::from)
    }
}

impl Scheme for PaySimpleSigner {
    const NAME: &'static str = "paysimple";

    fn sign_request(&self, r: &SignableRequest<'_>, time: &Time) -> Result<SignedRequest> {
        self.sign_with_timestamp(r.method, r.url, r.body, &time.paysimple_timestamp("time")?)
    }

    fn explain(&self, _r: &SignableRequest<'_>, time: &Time) -> Result<Explanation> {
        explain::paysimple(self.username(), Some(self.key()), time)
    }

    fn diagnose(&self, received: &Received<'_>, time: &Time) -> Result<Report> {
        let header = received.header(crate::paysimple::HEADER)?;
        let signed_timestamp = match time {
            Time::Text(t) => Some(t.as_str()),
            _ => None,
        };
        let req = diagnose::PaySimpleRequest {
            api_key: self.api_key_text(),
            signed_timestamp,
        };
        diagnose::paysimple(&req, header).map(Report::from)
    }
}
