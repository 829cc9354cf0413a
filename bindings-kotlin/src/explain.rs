//! Explain (what a scheme signs, as data) and diagnose (which known mistakes
//! produced a value that did not verify): records over `paysign::api`.

use crate::time::{core_time, Time};
use crate::{or_empty, pairs, HttpHeader, Result};

/// One part of a signed message.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ExplanationPart {
    /// `"timestamp"`, `"resource path"`, `"query string"`, `"body"`, ….
    pub name: String,
    /// Its value, as signed.
    pub value: String,
    /// Where it came from (`"context path /vdp/ removed …"`).
    pub why: String,
}

/// The exact bytes a scheme signs for a request, and how they were made.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Explanation {
    /// `"xpay"`, `"cybersource"` or `"paysimple"`.
    pub scheme: String,
    /// How the message is assembled, in one line.
    pub layout: String,
    /// The exact bytes the HMAC covers.
    pub signed: Vec<u8>,
    /// Its parts, in order.
    pub parts: Vec<ExplanationPart>,
    /// The method and URL to send, when the scheme derives them.
    pub request_line: Option<String>,
    /// The headers to send, when the secret was given (else empty).
    pub headers: Vec<HttpHeader>,
    /// What to do to see the headers, when no secret was given.
    pub missing_secret: Option<String>,
    /// The explanation as the `paysign` command prints it.
    pub text: String,
}

impl From<paysign::explain::Explanation> for Explanation {
    fn from(e: paysign::explain::Explanation) -> Self {
        Explanation {
            text: e.text(),
            scheme: e.scheme.to_owned(),
            layout: e.layout.to_owned(),
            signed: e.signed,
            parts: e
                .parts
                .into_iter()
                .map(|p| ExplanationPart {
                    name: p.name.to_owned(),
                    value: p.value,
                    why: p.why,
                })
                .collect(),
            request_line: e.request_line,
            headers: e
                .headers
                .into_iter()
                .map(|(name, value)| HttpHeader { name, value })
                .collect(),
            missing_secret: e.missing_secret.map(str::to_owned),
        }
    }
}

/// A diagnosis: whether the value received is the right one and, if not,
/// which known mistakes made it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Diagnosis {
    /// The received value is the correct one.
    pub valid: bool,
    /// The ids of the mistakes found, most likely first; empty when valid or unexplained.
    pub mistakes: Vec<String>,
    /// What went wrong and how to fix it (or `"valid"`).
    pub message: String,
    /// The correct value, when the received one is wrong.
    pub expected: Option<String>,
}

impl From<paysign::diagnose::Report> for Diagnosis {
    fn from(r: paysign::diagnose::Report) -> Self {
        Diagnosis {
            valid: r.valid,
            mistakes: r.mistakes.into_iter().map(str::to_owned).collect(),
            message: r.message,
            expected: r.expected,
        }
    }
}

/// What X-Pay signs for this request; with `shared_secret`, the token too.
#[uniffi::export(default(shared_secret = None, body = None, full_path = false, time = None))]
pub fn explain_x_pay_token(
    api_key: String,
    shared_secret: Option<Vec<u8>>,
    method: String,
    url: String,
    body: Option<Vec<u8>>,
    full_path: bool,
    time: Option<Time>,
) -> Result<Explanation> {
    Ok(paysign::api::explain_x_pay_token(
        &api_key,
        shared_secret.as_deref(),
        &method,
        &url,
        or_empty(&body),
        full_path,
        &core_time(time)?,
    )?
    .into())
}

/// What CyberSource signs for this request; with `shared_secret`, the headers too.
#[uniffi::export(default(shared_secret = None, body = None, time = None))]
pub fn explain_cybersource_signature(
    merchant_id: String,
    key_id: String,
    shared_secret: Option<String>,
    method: String,
    url: String,
    body: Option<Vec<u8>>,
    time: Option<Time>,
) -> Result<Explanation> {
    Ok(paysign::api::explain_cybersource_signature(
        &merchant_id,
        &key_id,
        shared_secret.as_deref(),
        &method,
        &url,
        or_empty(&body),
        &core_time(time)?,
    )?
    .into())
}

/// What PaySimple signs; with `api_key`, the header too.
#[uniffi::export(default(api_key = None, time = None))]
pub fn explain_paysimple_header(
    username: String,
    api_key: Option<String>,
    time: Option<Time>,
) -> Result<Explanation> {
    Ok(
        paysign::api::explain_paysimple_header(&username, api_key.as_deref(), &core_time(time)?)?
            .into(),
    )
}

/// Which known mistakes produced `token` for this request.
#[uniffi::export(default(body = None, full_path = false, time = None))]
#[allow(clippy::too_many_arguments)]
pub fn diagnose_x_pay_token(
    token: String,
    api_key: String,
    shared_secret: Vec<u8>,
    method: String,
    url: String,
    body: Option<Vec<u8>>,
    full_path: bool,
    time: Option<Time>,
) -> Result<Diagnosis> {
    Ok(paysign::api::diagnose_x_pay_token(
        &token,
        &api_key,
        &shared_secret,
        &method,
        &url,
        or_empty(&body),
        full_path,
        &core_time(time)?,
    )?
    .into())
}

/// Which known mistakes produced the CyberSource `headers` received (in
/// order, duplicates included).
#[uniffi::export(default(body = None, time = None))]
#[allow(clippy::too_many_arguments)]
pub fn diagnose_cybersource_signature(
    headers: Vec<HttpHeader>,
    merchant_id: String,
    key_id: String,
    shared_secret: String,
    method: String,
    url: String,
    body: Option<Vec<u8>>,
    time: Option<Time>,
) -> Result<Diagnosis> {
    Ok(paysign::api::diagnose_cybersource_signature(
        &pairs(&headers),
        &merchant_id,
        &key_id,
        &shared_secret,
        &method,
        &url,
        or_empty(&body),
        &core_time(time)?,
    )?
    .into())
}

/// Which known mistakes produced the PSSERVER `authorization` received;
/// `signed_timestamp` is the text the sender signed, when known.
#[uniffi::export(default(signed_timestamp = None))]
pub fn diagnose_paysimple_header(
    authorization: String,
    username: String,
    api_key: String,
    signed_timestamp: Option<String>,
) -> Result<Diagnosis> {
    Ok(paysign::api::diagnose_paysimple_header(
        &authorization,
        &username,
        &api_key,
        signed_timestamp.as_deref(),
    )?
    .into())
}

/// What a webhook notification's `v-c-signature` signs (`t.body`); with
/// `key` (base64 text), the header too.
#[uniffi::export(default(key = None, body = None, time = None))]
pub fn explain_cybersource_webhook(
    key_id: String,
    key: Option<String>,
    body: Option<Vec<u8>>,
    time: Option<Time>,
) -> Result<Explanation> {
    Ok(paysign::api::explain_cybersource_webhook(
        &key_id,
        key.as_deref(),
        or_empty(&body),
        &core_time(time)?,
    )?
    .into())
}

/// Which known mistakes produced the `v-c-signature` in `headers` (in
/// order, duplicates included) for the raw `body`.
#[uniffi::export(default(body = None, time = None))]
pub fn diagnose_cybersource_webhook(
    headers: Vec<HttpHeader>,
    key_id: String,
    key: String,
    body: Option<Vec<u8>>,
    time: Option<Time>,
) -> Result<Diagnosis> {
    Ok(paysign::api::diagnose_cybersource_webhook(
        &pairs(&headers),
        &key_id,
        &key,
        or_empty(&body),
        &core_time(time)?,
    )?
    .into())
}
