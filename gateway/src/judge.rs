//! The verdict on one request, without I/O: which scheme it uses, whether
//! the core's verifier accepts it, and if not, what core's diagnose says —
//! shaped as the vendor answers, plus the `paysign` object.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use paysign::replay::{MemoryReplayCache, Replay};
use paysign::time::Time;
use paysign::{
    CyberSourceVerifier, Error, PaySimpleVerifier, Received, Verified, Verifier, XPayVerifier,
};
use serde_json::{json, Map, Value};

use crate::config::{self, Config};
use crate::GatewayError;

/// The three schemes, as the gateway recognises them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// `x-pay-token`.
    XPay,
    /// `Signature` (with `v-c-merchant-id`).
    CyberSource,
    /// `Authorization: PSSERVER …`.
    PaySimple,
}

impl SchemeKind {
    /// `"xpay"`, `"cybersource"`, `"paysimple"` (the core's names).
    pub fn name(self) -> &'static str {
        match self {
            SchemeKind::XPay => "xpay",
            SchemeKind::CyberSource => "cybersource",
            SchemeKind::PaySimple => "paysimple",
        }
    }
}

/// A request as received, headers in order.
pub struct Incoming<'a> {
    /// The method.
    pub method: &'a str,
    /// Path and query, as received.
    pub target: &'a str,
    /// Every header, duplicates included.
    pub headers: &'a [(&'a str, &'a str)],
    /// The exact body.
    pub body: &'a [u8],
}

impl Incoming<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    fn path(&self) -> &str {
        self.target.split_once('?').map_or(self.target, |(p, _)| p)
    }

    /// The absolute URL the client sent to, for diagnose (which wants one).
    fn absolute_url(&self) -> String {
        let host = self
            .header("host")
            .filter(|h| !h.is_empty())
            .unwrap_or("localhost");
        format!("http://{host}{}", self.target)
    }
}

/// The scheme whose credential the request carries, if any.
pub fn recognise(request: &Incoming<'_>) -> Option<SchemeKind> {
    if request.header(paysign::xpay::HEADER).is_some() {
        return Some(SchemeKind::XPay);
    }
    if request
        .header(paysign::cybersource::HEADER_SIGNATURE)
        .is_some()
    {
        return Some(SchemeKind::CyberSource);
    }
    let psserver = request.header("authorization").is_some_and(|a| {
        a.trim_start()
            .get(..paysign::paysimple::SCHEME.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(paysign::paysimple::SCHEME))
    });
    psserver.then_some(SchemeKind::PaySimple)
}

/// Which vendor's refusal to imitate when the scheme cannot be read from the
/// credential: from the path.
fn vendor_of_path(path: &str) -> Option<SchemeKind> {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    match first {
        "vdp" | "vts" | "tokens" | "ics" | "vtis" | "visadirect" | "cybersource" => {
            Some(SchemeKind::XPay)
        }
        "pts" | "tss" | "tms" | "risk" | "reporting" | "up" | "flex" | "kms" | "ums" => {
            Some(SchemeKind::CyberSource)
        }
        "v4" => Some(SchemeKind::PaySimple),
        _ => None,
    }
}

/// The outcome for one request: status, extra headers, JSON body, and the record.
#[derive(Debug, Clone)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// Headers besides `content-type`.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body (always with `"paysign"`).
    pub body: Value,
    /// What the log keeps.
    pub record: Record,
}

/// One judged request, as `/paysign/requests` and the test helpers show it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Record {
    /// Sequence number from 1.
    pub id: u64,
    /// The method.
    pub method: String,
    /// Path and query as received.
    pub target: String,
    /// `"xpay"`, `"cybersource"`, `"paysimple"`, or null when no credential was found.
    pub scheme: Option<&'static str>,
    /// `"accepted"` or `"refused"`.
    pub verdict: &'static str,
    /// The HTTP status answered.
    pub status: u16,
    /// The refusal's reason code (null when accepted).
    pub reason: Option<String>,
    /// The mistake ids diagnose found.
    pub mistakes: Vec<String>,
    /// The refusal's explanation (null when accepted).
    pub message: Option<String>,
    /// The credential id that matched or was presented (API key, key id, username).
    pub key_id: Option<String>,
    /// Unix seconds at which it was judged.
    pub received_at: i64,
}

/// The verifiers and credentials, shared by every connection.
pub struct Judge {
    config: Config,
    xpay: Option<XPayVerifier>,
    cybersource: Option<CyberSourceVerifier>,
    paysimple: Option<PaySimpleVerifier>,
    sequence: AtomicU64,
    payments: AtomicU64,
    memories: Vec<Arc<MemoryReplayCache>>,
}

fn configuration(scheme: &'static str) -> impl Fn(Error) -> GatewayError {
    move |e| GatewayError::Config(format!("{scheme}: {e}"))
}

impl Judge {
    /// Builds the verifiers (replay protection on, vendor windows unless configured).
    pub fn new(config: Config) -> Result<Self, GatewayError> {
        let capacity = config.limits.replay_capacity;
        let mut memories = Vec::new();
        let mut replay = |capacity: usize| {
            let memory = Arc::new(MemoryReplayCache::new(capacity));
            memories.push(memory.clone());
            Replay::Memory(memory)
        };
        let xpay = config
            .visa
            .as_ref()
            .map(|v: &config::Visa| {
                XPayVerifier::new(
                    [(v.api_key.clone(), v.shared_secret.as_bytes().to_vec())],
                    v.full_path,
                    v.max_skew,
                    replay(capacity),
                )
                .map_err(configuration("visa"))
            })
            .transpose()?;
        let cybersource = config
            .cybersource
            .as_ref()
            .map(|c| {
                // The signer checks the merchant id and secret the same way diagnose will.
                paysign::CyberSourceSigner::new(&c.merchant_id, &c.key_id, &c.shared_secret)
                    .map_err(configuration("cybersource"))?;
                CyberSourceVerifier::new(
                    [(c.key_id.clone(), c.shared_secret.as_bytes().to_vec())],
                    c.max_skew,
                    replay(capacity),
                )
                .map_err(configuration("cybersource"))
            })
            .transpose()?;
        let paysimple = config
            .paysimple
            .as_ref()
            .map(|p| {
                paysign::PaySimpleSigner::new(&p.username, &p.api_key)
                    .map_err(configuration("paysimple"))?;
                PaySimpleVerifier::new(
                    [(p.username.clone(), p.api_key.as_bytes().to_vec())],
                    p.max_skew,
                    replay(capacity),
                )
                .map_err(configuration("paysimple"))
            })
            .transpose()?;
        if let Some(w) = &config.webhook {
            paysign::webhook::signature(&w.key_id, &w.key, b"", 0)
                .map_err(configuration("webhook"))?;
        }
        Ok(Judge {
            config,
            xpay,
            cybersource,
            paysimple,
            sequence: AtomicU64::new(0),
            payments: AtomicU64::new(0),
            memories,
        })
    }

    /// The configuration it was built from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Credentials remembered for replay protection, all schemes together.
    pub fn replay_entries(&self) -> usize {
        self.memories.iter().map(|m| m.len()).sum()
    }

    pub(crate) fn next_id(&self) -> u64 {
        self.sequence.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Judges one request at `now` (Unix seconds; `None`: the clock).
    pub fn judge(&self, request: &Incoming<'_>, now: Option<i64>) -> Answer {
        let received_at = now.unwrap_or_else(paysign::time::now_unix);
        let Some(kind) = recognise(request) else {
            let refusal = Refusal {
                reason: "missing_credential".into(),
                mistakes: vec![],
                message: "no credential: the request carries no x-pay-token header (Visa), no Signature \
                          header with v-c-merchant-id (CyberSource) and no Authorization: PSSERVER header (PaySimple)"
                    .into(),
                expected: None,
                key_id: None,
            };
            return self.refused(
                request,
                None,
                vendor_of_path(request.path()),
                refusal,
                received_at,
            );
        };
        let verifier: Option<&dyn Verifier> = match kind {
            SchemeKind::XPay => self.xpay.as_ref().map(|v| v as &dyn Verifier),
            SchemeKind::CyberSource => self.cybersource.as_ref().map(|v| v as &dyn Verifier),
            SchemeKind::PaySimple => self.paysimple.as_ref().map(|v| v as &dyn Verifier),
        };
        let Some(verifier) = verifier else {
            let refusal = Refusal {
                reason: "scheme_not_configured".into(),
                mistakes: vec![],
                message: format!(
                    "the request carries a {} credential, and this gateway has no {} credentials configured",
                    kind.name(),
                    kind.name()
                ),
                expected: None,
                key_id: None,
            };
            return self.refused(request, Some(kind), Some(kind), refusal, received_at);
        };
        let received = Received {
            method: request.method,
            url: request.target,
            headers: request.headers,
            body: request.body,
        };
        match verifier.verify(&received, now) {
            Ok(verified) => self.accepted(request, kind, verified, received_at),
            Err(error) => {
                let refusal = self.explain_refusal(kind, request, &error);
                self.refused(request, Some(kind), Some(kind), refusal, received_at)
            }
        }
    }

    /// The reason from the verifier, the mistakes and message from diagnose.
    fn explain_refusal(&self, kind: SchemeKind, request: &Incoming<'_>, error: &Error) -> Refusal {
        let (reason, verifier_message) = match error {
            Error::Verification(r) => (r.code().to_owned(), r.to_string()),
            other => (
                "malformed_request".to_owned(),
                format!("the request cannot be verified: {other}"),
            ),
        };
        let presented = self.presented_id(kind, request);
        let diagnosable = !matches!(
            reason.as_str(),
            "replayed" | "replay_store_unavailable" | "duplicate_header" | "unknown_key"
        );
        let report = if diagnosable {
            self.diagnose(kind, request).ok()
        } else {
            None
        };
        let mut refusal = Refusal {
            reason,
            mistakes: vec![],
            message: verifier_message,
            expected: None,
            key_id: presented,
        };
        if refusal.reason == "unknown_key" {
            refusal.message = format!(
                "{}; this gateway knows {}",
                refusal.message,
                self.known_id(kind)
            );
        }
        if let Some(report) = report.filter(|r| !r.valid) {
            refusal.mistakes = report.mistakes.iter().map(|m| (*m).to_owned()).collect();
            if !report.mistakes.is_empty() {
                refusal.message = report.message;
            } else if refusal.reason == "signature_mismatch" {
                refusal.message = format!("{}. {}", refusal.message, report.message);
            }
            refusal.expected = report.expected;
        }
        refusal
    }

    fn diagnose(
        &self,
        kind: SchemeKind,
        request: &Incoming<'_>,
    ) -> paysign::Result<paysign::diagnose::Report> {
        let url = request.absolute_url();
        match kind {
            SchemeKind::XPay => {
                let v = self
                    .config
                    .visa
                    .as_ref()
                    .expect("verifier implies credentials");
                let token = request.header(paysign::xpay::HEADER).unwrap_or_default();
                paysign::api::diagnose_x_pay_token(
                    token,
                    &v.api_key,
                    v.shared_secret.as_bytes(),
                    request.method,
                    &url,
                    request.body,
                    v.full_path,
                    &Time::Now,
                )
            }
            SchemeKind::CyberSource => {
                let c = self
                    .config
                    .cybersource
                    .as_ref()
                    .expect("verifier implies credentials");
                paysign::api::diagnose_cybersource_signature(
                    request.headers,
                    &c.merchant_id,
                    &c.key_id,
                    &c.shared_secret,
                    request.method,
                    &url,
                    request.body,
                    &Time::Now,
                )
            }
            SchemeKind::PaySimple => {
                let p = self
                    .config
                    .paysimple
                    .as_ref()
                    .expect("verifier implies credentials");
                let header = request.header("authorization").unwrap_or_default();
                paysign::api::diagnose_paysimple_header(header, &p.username, &p.api_key, None)
            }
        }
    }

    /// The id the request presented (API key, key id, username), for the log.
    fn presented_id(&self, kind: SchemeKind, request: &Incoming<'_>) -> Option<String> {
        match kind {
            SchemeKind::XPay => {
                let query = request.target.split_once('?')?.1;
                paysign::xpay::api_key_of_query(query).ok()
            }
            SchemeKind::CyberSource => {
                let header = request.header(paysign::cybersource::HEADER_SIGNATURE)?;
                paysign::cybersource::parse_signature_header(header)
                    .ok()
                    .map(|p| p.key_id.to_owned())
            }
            SchemeKind::PaySimple => {
                let header = request.header("authorization")?;
                paysign::paysimple::parse_layout(header)
                    .ok()
                    .map(|p| p.access_id.to_owned())
            }
        }
    }

    fn known_id(&self, kind: SchemeKind) -> String {
        let c = &self.config;
        match kind {
            SchemeKind::XPay => c.visa.as_ref().map(|v| format!("API key {}", v.api_key)),
            SchemeKind::CyberSource => c
                .cybersource
                .as_ref()
                .map(|v| format!("key id {}", v.key_id)),
            SchemeKind::PaySimple => c
                .paysimple
                .as_ref()
                .map(|v| format!("username {}", v.username)),
        }
        .unwrap_or_default()
    }

    fn record(
        &self,
        request: &Incoming<'_>,
        scheme: Option<SchemeKind>,
        status: u16,
        refusal: Option<&Refusal>,
        key_id: Option<String>,
        received_at: i64,
    ) -> Record {
        Record {
            id: self.next_id(),
            method: request.method.to_owned(),
            target: request.target.to_owned(),
            scheme: scheme.map(SchemeKind::name),
            verdict: if refusal.is_some() {
                "refused"
            } else {
                "accepted"
            },
            status,
            reason: refusal.map(|r| r.reason.clone()),
            mistakes: refusal.map(|r| r.mistakes.clone()).unwrap_or_default(),
            message: refusal.map(|r| r.message.clone()),
            key_id,
            received_at,
        }
    }

    fn refused(
        &self,
        request: &Incoming<'_>,
        scheme: Option<SchemeKind>,
        vendor: Option<SchemeKind>,
        refusal: Refusal,
        received_at: i64,
    ) -> Answer {
        let paysign = json!({
            "verdict": "refused",
            "scheme": scheme.map(SchemeKind::name),
            "reason": refusal.reason,
            "mistakes": refusal.mistakes,
            "message": refusal.message,
            "expected": refusal.expected,
        });
        let (status, mut body) = vendor_refusal(vendor, &refusal.reason);
        body.insert("paysign".into(), paysign);
        let record = self.record(
            request,
            scheme,
            status,
            Some(&refusal),
            refusal.key_id.clone(),
            received_at,
        );
        Answer {
            status,
            headers: vec![("x-paysign-reason", refusal.reason)],
            body: Value::Object(body),
            record,
        }
    }

    fn accepted(
        &self,
        request: &Incoming<'_>,
        kind: SchemeKind,
        verified: Verified,
        received_at: i64,
    ) -> Answer {
        let paysign = json!({
            "verdict": "accepted",
            "scheme": verified.scheme,
            "key_id": verified.key_id,
            "merchant_id": verified.merchant_id,
            "timestamp": verified.timestamp,
            "signed": verified.signed,
        });
        let path = request.path();
        let (status, mut body) = match (kind, request.method, path) {
            (SchemeKind::XPay, "GET", "/vdp/helloworld") => (200, visa_helloworld(received_at)),
            (SchemeKind::CyberSource, "POST", "/pts/v2/payments") => (
                201,
                cybersource_payment(request.body, received_at, self.next_payment_id(received_at)),
            ),
            _ => (200, echo(request)),
        };
        body.insert("paysign".into(), paysign);
        let record = self.record(
            request,
            Some(kind),
            status,
            None,
            Some(verified.key_id),
            received_at,
        );
        Answer {
            status,
            headers: vec![("x-paysign-verdict", "accepted".into())],
            body: Value::Object(body),
            record,
        }
    }

    fn next_payment_id(&self, now: i64) -> String {
        // 22 digits like CyberSource's: the time and a per-process sequence.
        format!(
            "{:013}{:09}",
            now.max(0) * 1000,
            (self.payments.fetch_add(1, Ordering::Relaxed) + 1) % 1_000_000_000
        )
    }

    /// An answer the gateway makes itself (limits, control endpoints), with a `paysign` object.
    pub fn own_answer(
        &self,
        request: &Incoming<'_>,
        status: u16,
        reason: &str,
        message: String,
    ) -> Answer {
        let refusal = Refusal {
            reason: reason.to_owned(),
            mistakes: vec![],
            message,
            expected: None,
            key_id: None,
        };
        let now = paysign::time::now_unix();
        let mut answer = self.refused(request, recognise(request), None, refusal, now);
        answer.status = status;
        answer.record.status = status;
        answer
    }
}

struct Refusal {
    reason: String,
    mistakes: Vec<String>,
    message: String,
    expected: Option<String>,
    key_id: Option<String>,
}

/// SPEC §6: what each vendor answers when authentication fails.
fn vendor_refusal(vendor: Option<SchemeKind>, reason: &str) -> (u16, Map<String, Value>) {
    let body = match vendor {
        Some(SchemeKind::XPay) => {
            let (code, message) = if reason == "replayed" {
                ("9121", "Token already used")
            } else {
                ("9124", "Token Validation Failed")
            };
            json!({"responseStatus": {"status": 401, "code": code, "severity": "ERROR", "message": message, "info": ""}})
        }
        Some(SchemeKind::CyberSource) => json!({"response": {"rmsg": "Authentication Failed"}}),
        Some(SchemeKind::PaySimple) => json!({
            "Meta": {
                "Errors": {"ErrorCode": "NotAuthenticated", "ErrorMessages": [{"Field": null, "Message": "Authentication failed"}], "TraceCode": null},
                "HttpStatus": "Unauthorized",
                "HttpStatusCode": 401,
                "PagingDetails": null
            },
            "Response": null
        }),
        None => json!({}),
    };
    match body {
        Value::Object(map) => (401, map),
        _ => unreachable!("every vendor body is an object"),
    }
}

fn iso_seconds(now: i64) -> String {
    // "2016-02-17T13:46:23" from the core's ISO-8601 formatter.
    paysign::time::paysimple_timestamp(now, 0)
        .map(|t| t[..19].to_owned())
        .unwrap_or_default()
}

/// The Visa sandbox's answer to `GET /vdp/helloworld`.
fn visa_helloworld(now: i64) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("timestamp".into(), iso_seconds(now).into());
    m.insert("message".into(), "helloworld".into());
    m
}

/// The CyberSource sandbox's answer to an authorization, with the request's
/// reference code and amount when the body carries them.
fn cybersource_payment(body: &[u8], now: i64, id: String) -> Map<String, Value> {
    let request: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let code = request
        .pointer("/clientReferenceInformation/code")
        .cloned()
        .unwrap_or(Value::Null);
    let amount = request
        .pointer("/orderInformation/amountDetails/totalAmount")
        .cloned()
        .unwrap_or(Value::Null);
    let currency = request
        .pointer("/orderInformation/amountDetails/currency")
        .cloned()
        .unwrap_or(Value::Null);
    let href = format!("/pts/v2/payments/{id}");
    let body = json!({
        "_links": {
            "authReversal": {"method": "POST", "href": format!("{href}/reversals")},
            "self": {"method": "GET", "href": href},
            "capture": {"method": "POST", "href": format!("{href}/captures")}
        },
        "clientReferenceInformation": {"code": code},
        "id": id,
        "orderInformation": {"amountDetails": {"authorizedAmount": amount, "currency": currency}},
        "processorInformation": {"approvalCode": "888888", "responseCode": "100"},
        "reconciliationId": id[id.len() - 16..],
        "status": "AUTHORIZED",
        "submitTimeUtc": format!("{}Z", iso_seconds(now))
    });
    match body {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

/// What a verified request to any other path gets back: the request itself.
fn echo(request: &Incoming<'_>) -> Map<String, Value> {
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((request.target, ""));
    let mut m = Map::new();
    m.insert("method".into(), request.method.into());
    m.insert("path".into(), path.into());
    m.insert("query".into(), query.into());
    m.insert(
        "body".into(),
        String::from_utf8_lossy(request.body).into_owned().into(),
    );
    m
}
