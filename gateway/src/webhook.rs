//! Sending CyberSource webhook notifications, signed with `v-c-signature`
//! by the core, to the configured merchant endpoint (plain HTTP, hyper's client).

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};

use crate::config::Webhook;

/// How long a delivery may take: connect, send, and the endpoint's answer.
pub const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);

/// What happened to one notification.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Delivery {
    /// The endpoint.
    pub url: String,
    /// The `eventType` sent (when the body is the gateway's own notification).
    pub event_type: Option<String>,
    /// The `v-c-signature` header sent.
    pub signature: String,
    /// The endpoint's HTTP status, when it answered.
    pub status: Option<u16>,
    /// Why it was not delivered, when it was not.
    pub error: Option<String>,
}

/// A `payments.payments.accept` notification for payment `id`, shaped like CyberSource's.
pub fn payment_notification(merchant_id: &str, payment_id: &str, now_ms: i64) -> Vec<u8> {
    let body = json!({
        "eventType": "payments.payments.accept",
        "eventDate": paysign::time::paysimple_timestamp(now_ms.div_euclid(1000), 0).ok(),
        "notificationId": format!("{now_ms}{payment_id}"),
        "retryNumber": 0,
        "payload": [{
            "data": {
                "_links": {"self": {"href": format!("/pts/v2/payments/{payment_id}"), "method": "GET"}},
                "id": payment_id,
                "type": "payments"
            },
            "organizationId": merchant_id
        }]
    });
    serde_json::to_vec(&body).expect("a JSON value serialises")
}

fn event_type(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    v.get("eventType")?.as_str().map(str::to_owned)
}

/// Signs `body` now and POSTs it to the configured URL.
pub async fn deliver(config: &Webhook, body: Vec<u8>) -> Delivery {
    let now_ms = paysign::time::Time::Now
        .unix_millis("timestamp")
        .unwrap_or_default();
    let mut delivery = Delivery {
        url: config.url.clone(),
        event_type: event_type(&body),
        signature: String::new(),
        status: None,
        error: None,
    };
    match paysign::webhook::signature(&config.key_id, &config.key, &body, now_ms) {
        Ok(sig) => delivery.signature = sig,
        Err(e) => {
            delivery.error = Some(format!("cannot sign: {e}"));
            return delivery;
        }
    }
    match tokio::time::timeout(
        DELIVERY_TIMEOUT,
        post(&config.url, &delivery.signature, body),
    )
    .await
    {
        Ok(Ok(status)) => delivery.status = Some(status),
        Ok(Err(e)) => delivery.error = Some(e),
        Err(_) => {
            delivery.error = Some(format!("no answer within {} s", DELIVERY_TIMEOUT.as_secs()))
        }
    }
    delivery
}

async fn post(url: &str, signature: &str, body: Vec<u8>) -> Result<u16, String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("url: {e}"))?;
    if parsed.scheme() != "http" {
        return Err(
            "url: only http:// endpoints are supported (a local endpoint under test)".into(),
        );
    }
    let host = parsed.host_str().ok_or("url: has no host")?.to_owned();
    let port = parsed.port_or_known_default().unwrap_or(80);
    let target = match parsed.query() {
        Some(q) => format!("{}?{q}", parsed.path()),
        None => parsed.path().to_owned(),
    };
    let host_header = match parsed.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.clone(),
    };
    let connect_host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let stream = tokio::net::TcpStream::connect((connect_host.as_str(), port))
        .await
        .map_err(|e| format!("cannot connect to {host_header}: {e}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("HTTP handshake: {e}"))?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    let request = hyper::Request::post(target)
        .header("host", host_header)
        .header("content-type", "application/json")
        .header(paysign::webhook::HEADER, signature)
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| format!("request: {e}"))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("sending: {e}"))?;
    let status = response.status().as_u16();
    // Read (and drop) a bounded answer so the endpoint is not cut off mid-write.
    let _ = Limited::new(response.into_body(), 64 * 1024)
        .collect()
        .await;
    Ok(status)
}
