//! The HTTP side: hyper's HTTP/1.1 server on tokio, the limits, the control
//! endpoints under `/paysign/`, and graceful shutdown.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming as Body;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::judge::{Answer, Incoming, Judge, Record};
use crate::webhook::{self, Delivery};
use crate::{Config, GatewayError};

/// How long shutdown waits for requests in flight.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// What the gateway remembers: the judged requests and webhook deliveries, bounded.
pub(crate) struct State {
    pub(crate) judge: Judge,
    log: Mutex<Log>,
}

#[derive(Default)]
struct Log {
    requests: VecDeque<Record>,
    dropped: u64,
    deliveries: VecDeque<Delivery>,
}

const MAX_DELIVERIES: usize = 1000;

impl State {
    fn lock(&self) -> std::sync::MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn remember(&self, record: Record) {
        let max = self.judge.config().limits.max_recorded_requests;
        let mut log = self.lock();
        if max == 0 {
            log.dropped += 1;
            return;
        }
        while log.requests.len() >= max {
            log.requests.pop_front();
            log.dropped += 1;
        }
        log.requests.push_back(record);
    }

    fn remember_delivery(&self, delivery: Delivery) {
        let mut log = self.lock();
        if log.deliveries.len() >= MAX_DELIVERIES {
            log.deliveries.pop_front();
        }
        log.deliveries.push_back(delivery);
    }
}

/// A cloneable view of what a running gateway has judged.
#[derive(Clone)]
pub struct Requests(pub(crate) Arc<State>);

impl Requests {
    /// The judged requests still kept, oldest first.
    pub fn list(&self) -> Vec<Record> {
        self.0.lock().requests.iter().cloned().collect()
    }

    /// The webhook deliveries still kept, oldest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.0.lock().deliveries.iter().cloned().collect()
    }

    /// The judged requests as a JSON array (what the bindings hand over).
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.list()).expect("records serialise")
    }

    /// Credentials the replay memory holds now (bounded by `limits.replay_capacity` per scheme).
    pub fn replay_entries(&self) -> usize {
        self.0.judge.replay_entries()
    }

    /// Requests dropped from the record because it was full.
    pub fn dropped(&self) -> u64 {
        self.0.lock().dropped
    }

    /// Forgets everything judged so far.
    pub fn clear(&self) {
        let mut log = self.0.lock();
        log.requests.clear();
        log.deliveries.clear();
    }
}

/// A bound gateway, ready to serve.
pub struct Gateway {
    listener: TcpListener,
    state: Arc<State>,
}

impl Gateway {
    /// Builds the verifiers and binds `addr` (port 0: any free port).
    pub async fn bind(config: Config, addr: SocketAddr) -> Result<Self, GatewayError> {
        let judge = Judge::new(config)?;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| GatewayError::Bind(addr, e.to_string()))?;
        Ok(Gateway::with_listener(judge, listener))
    }

    /// Serves on a listener already bound (called within a tokio runtime).
    pub fn with_listener(judge: Judge, listener: TcpListener) -> Self {
        Gateway {
            listener,
            state: Arc::new(State {
                judge,
                log: Mutex::new(Log::default()),
            }),
        }
    }

    /// The address bound (with the real port).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// `http://<addr>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.local_addr())
    }

    /// What it judged.
    pub fn requests(&self) -> Requests {
        Requests(self.state.clone())
    }

    /// Serves until `shutdown` completes, then stops accepting and waits up
    /// to [`SHUTDOWN_GRACE`] for requests in flight.
    pub async fn serve(self, shutdown: impl Future<Output = ()>) {
        let limits = self.state.judge.config().limits.clone();
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout())
            .max_header_size(limits.max_header_bytes)
            .max_headers(limits.max_headers)
            .max_buf_size(limits.max_header_bytes.max(8192) + 8192);
        let graceful = GracefulShutdown::new();
        let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
        tokio::pin!(shutdown);
        loop {
            let permit = tokio::select! {
                p = permits.clone().acquire_owned() => p.expect("the semaphore is never closed"),
                () = &mut shutdown => break,
            };
            let stream = tokio::select! {
                r = self.listener.accept() => match r {
                    Ok((stream, _)) => stream,
                    // Out of file descriptors and the like: wait, do not spin.
                    Err(_) => { tokio::time::sleep(Duration::from_millis(20)).await; continue }
                },
                () = &mut shutdown => break,
            };
            let _ = stream.set_nodelay(true);
            let state = self.state.clone();
            let service = service_fn(move |req| handle(state.clone(), req));
            let connection =
                graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
            tokio::spawn(async move {
                // A malformed request or a client that vanished ends only its own connection.
                let _ = connection.await;
                drop(permit);
            });
        }
        drop(self.listener);
        tokio::select! {
            () = graceful.shutdown() => {}
            () = tokio::time::sleep(SHUTDOWN_GRACE) => {}
        }
    }
}

fn respond(answer: &Answer) -> Response<Full<Bytes>> {
    json_response(answer.status, &answer.headers, &answer.body)
}

fn json_response(
    status: u16,
    headers: &[(&'static str, String)],
    body: &Value,
) -> Response<Full<Bytes>> {
    let bytes = serde_json::to_vec(body).expect("a JSON value serialises");
    let mut builder = Response::builder()
        .status(status)
        .header("content-type", "application/json");
    for (name, value) in headers {
        builder = builder.header(*name, value.as_str());
    }
    builder
        .body(Full::new(Bytes::from(bytes)))
        .expect("status and headers are valid")
}

async fn handle(
    state: Arc<State>,
    req: Request<Body>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let limits = state.judge.config().limits.clone();
    let (parts, body) = req.into_parts();
    let method = parts.method.as_str().to_owned();
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let header_refs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let declared = parts
        .headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());

    let mut incoming = Incoming {
        method: &method,
        target: &target,
        headers: &header_refs,
        body: b"",
    };
    let too_large = || {
        format!(
            "the body is larger than this gateway's limit of {} bytes (limits.max_body_bytes)",
            limits.max_body_bytes
        )
    };
    if declared.is_some_and(|n| n > limits.max_body_bytes as u64) {
        let answer = state
            .judge
            .own_answer(&incoming, 413, "body_too_large", too_large());
        state.remember(answer.record.clone());
        return Ok(respond(&answer));
    }
    let collected = tokio::time::timeout(
        limits.body_timeout(),
        Limited::new(body, limits.max_body_bytes).collect(),
    )
    .await;
    let body = match collected {
        Ok(Ok(c)) => c.to_bytes(),
        Ok(Err(e)) => {
            let (status, reason, message) = if e.downcast_ref::<LengthLimitError>().is_some() {
                (413, "body_too_large", too_large())
            } else {
                (
                    400,
                    "body_unreadable",
                    format!("the body could not be read: {e}"),
                )
            };
            let answer = state.judge.own_answer(&incoming, status, reason, message);
            state.remember(answer.record.clone());
            return Ok(respond(&answer));
        }
        Err(_) => {
            let message = format!(
                "the body did not arrive within {} s (limits.body_timeout_seconds)",
                limits.body_timeout().as_secs()
            );
            let answer = state
                .judge
                .own_answer(&incoming, 408, "body_timeout", message);
            state.remember(answer.record.clone());
            return Ok(respond(&answer));
        }
    };
    incoming.body = &body;

    if target == "/paysign" || target.starts_with("/paysign/") {
        return Ok(control(&state, &incoming).await);
    }

    let answer = state.judge.judge(&incoming, None);
    let response = respond(&answer);
    let accepted_payment = answer.status == 201 && answer.record.scheme == Some("cybersource");
    state.remember(answer.record.clone());
    if accepted_payment {
        if let Some(hook) = state
            .judge
            .config()
            .webhook
            .clone()
            .filter(|w| w.on_payment)
        {
            let id = answer.body["id"].as_str().unwrap_or_default().to_owned();
            let merchant = answer.body["paysign"]["merchant_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let state = state.clone();
            tokio::spawn(async move {
                let now_ms = paysign::time::Time::Now
                    .unix_millis("t")
                    .unwrap_or_default();
                let body = webhook::payment_notification(&merchant, &id, now_ms);
                let delivery = webhook::deliver(&hook, body).await;
                state.remember_delivery(delivery);
            });
        }
    }
    Ok(response)
}

/// `GET /paysign/requests`, `GET /paysign/webhooks`, `POST /paysign/webhooks/send`.
async fn control(state: &Arc<State>, request: &Incoming<'_>) -> Response<Full<Bytes>> {
    let path = request
        .target
        .split_once('?')
        .map_or(request.target, |(p, _)| p);
    let view = Requests(state.clone());
    match (request.method, path) {
        ("GET", "/paysign/requests") => {
            let dropped = state.lock().dropped;
            json_response(
                200,
                &[],
                &json!({"paysign": {"requests": view.list(), "dropped": dropped}}),
            )
        }
        ("GET", "/paysign/webhooks") => json_response(
            200,
            &[],
            &json!({"paysign": {"deliveries": view.deliveries()}}),
        ),
        ("POST", "/paysign/webhooks/send") => {
            let Some(hook) = state.judge.config().webhook.clone() else {
                let body = json!({"paysign": {
                    "reason": "webhook_not_configured",
                    "message": "no [webhook] section (url, key_id, key) is configured"
                }});
                return json_response(
                    409,
                    &[("x-paysign-reason", "webhook_not_configured".into())],
                    &body,
                );
            };
            let body = if request.body.is_empty() {
                let now_ms = paysign::time::Time::Now
                    .unix_millis("t")
                    .unwrap_or_default();
                let merchant = state
                    .judge
                    .config()
                    .cybersource
                    .as_ref()
                    .map_or("testrest", |c| c.merchant_id.as_str());
                webhook::payment_notification(merchant, "0000000000000000000000", now_ms)
            } else {
                request.body.to_vec()
            };
            let delivery = webhook::deliver(&hook, body).await;
            state.remember_delivery(delivery.clone());
            let status = if delivery.status.is_some() { 200 } else { 502 };
            json_response(status, &[], &json!({"paysign": {"delivery": delivery}}))
        }
        _ => {
            let body = json!({"paysign": {
                "reason": "unknown_endpoint",
                "message": "the control endpoints are GET /paysign/requests, GET /paysign/webhooks and POST /paysign/webhooks/send"
            }});
            json_response(
                404,
                &[("x-paysign-reason", "unknown_endpoint".into())],
                &body,
            )
        }
    }
}
