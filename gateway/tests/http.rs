//! Real HTTP on 127.0.0.1: each scheme accepted, replayed, and refused for
//! its typical mistake with the right id in `paysign.mistakes`; the vendors'
//! answer shapes; no credential; webhooks sent to a local endpoint.

mod common;

use std::sync::{Arc, Mutex};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use common::*;
use paysign::time::now_unix;
use paysign::{CyberSourceSigner, PaySimpleSigner, XPaySigner};
use paysign_gateway::Config;
use serde_json::json;

fn xpay_signer() -> XPaySigner {
    XPaySigner::new(VISA_KEY, VISA_SECRET.as_bytes()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visa_helloworld_accepted_then_replayed() {
    let gw = start(config());
    let url = format!("{}/vdp/helloworld", gw.url());
    let signed = xpay_signer().sign("GET", &url, b"").unwrap();
    let target = target_of(&signed.url);
    let headers = signed_headers(&signed);
    let ok = once(gw.local_addr(), "GET", &target, &headers, b"").await;
    assert_eq!(ok.status, 200, "{}", ok.json);
    assert_eq!(ok.json["message"], "helloworld");
    assert_eq!(ok.json["timestamp"].as_str().unwrap().len(), 19);
    assert_eq!(ok.json["paysign"]["verdict"], "accepted");
    assert_eq!(ok.json["paysign"]["key_id"], VISA_KEY);

    let again = once(gw.local_addr(), "GET", &target, &headers, b"").await;
    assert_eq!(again.status, 401);
    assert_eq!(again.reason(), Some("replayed"));
    assert_eq!(again.json["responseStatus"]["code"], "9121");
    assert_eq!(again.headers["x-paysign-reason"], "replayed");

    let records = gw.requests().list();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].verdict, "accepted");
    assert_eq!(records[1].reason.as_deref(), Some("replayed"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visa_leading_slash_is_diagnosed() {
    let gw = start(config());
    let now = now_unix();
    let query = format!("apikey={VISA_KEY}");
    let token =
        paysign::xpay::token(VISA_SECRET.as_bytes(), now, "/helloworld", &query, b"").unwrap();
    let r = once(
        gw.local_addr(),
        "GET",
        &format!("/vdp/helloworld?{query}"),
        &[("x-pay-token", token)],
        b"",
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.json["responseStatus"],
        json!({"status":401,"code":"9124","severity":"ERROR","message":"Token Validation Failed","info":""})
    );
    assert_eq!(r.reason(), Some("signature_mismatch"));
    assert_eq!(r.mistakes(), ["resource_path_leading_slash"]);
    assert_eq!(r.headers["x-paysign-reason"], "signature_mismatch");
    assert!(r.json["paysign"]["message"]
        .as_str()
        .unwrap()
        .contains("helloworld"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visa_millisecond_timestamp_is_diagnosed() {
    let gw = start(config());
    let now_ms = now_unix() * 1000 + 123;
    let query = format!("apikey={VISA_KEY}");
    // The Node article's mistake: Date.now() (milliseconds) as the timestamp.
    let message = format!("{now_ms}helloworld{query}");
    let mac = paysign::hmac_sha256(VISA_SECRET.as_bytes(), message.as_bytes());
    let token = format!("xv2:{now_ms}:{}", hex::encode(mac));
    let r = once(
        gw.local_addr(),
        "GET",
        &format!("/vdp/helloworld?{query}"),
        &[("x-pay-token", token)],
        b"",
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.reason(), Some("timestamp_out_of_window"));
    assert_eq!(r.mistakes(), ["timestamp_milliseconds"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cybersource_payment_accepted_like_the_sandbox() {
    let gw = start(Config::default().or_sandbox());
    let body = br#"{"clientReferenceInformation":{"code":"TC50171_3"},"orderInformation":{"amountDetails":{"totalAmount":"102.21","currency":"USD"}}}"#;
    let url = format!("{}/pts/v2/payments", gw.url());
    let signed = CyberSourceSigner::new(
        paysign::cybersource::SANDBOX_MERCHANT_ID,
        paysign::cybersource::SANDBOX_KEY_ID,
        CS_SECRET,
    )
    .unwrap()
    .sign("POST", &url, body)
    .unwrap();
    let r = once(
        gw.local_addr(),
        "POST",
        "/pts/v2/payments",
        &signed_headers(&signed),
        body,
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.json);
    assert_eq!(r.json["status"], "AUTHORIZED");
    assert_eq!(r.json["clientReferenceInformation"]["code"], "TC50171_3");
    assert_eq!(
        r.json["orderInformation"]["amountDetails"]["authorizedAmount"],
        "102.21"
    );
    assert_eq!(r.json["id"].as_str().unwrap().len(), 22);
    assert_eq!(r.json["paysign"]["merchant_id"], "testrest");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cybersource_secret_not_decoded_is_diagnosed() {
    let gw = start(config());
    let body = br#"{"amount":"10.00"}"#;
    let url = format!("{}/pts/v2/payments", gw.url());
    // The usual mistake: the base64 text itself used as the HMAC key.
    let as_text = B64.encode(CS_SECRET.as_bytes());
    let signed = CyberSourceSigner::new("testrest", paysign::cybersource::SANDBOX_KEY_ID, &as_text)
        .unwrap()
        .sign("POST", &url, body)
        .unwrap();
    let r = once(
        gw.local_addr(),
        "POST",
        "/pts/v2/payments",
        &signed_headers(&signed),
        body,
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json["response"], json!({"rmsg": "Authentication Failed"}));
    assert_eq!(r.reason(), Some("signature_mismatch"));
    assert_eq!(r.mistakes(), ["secret_not_base64_decoded"]);
}

fn paysimple_header(signature_suffix: &str) -> String {
    let ts = paysign::time::paysimple_timestamp_now();
    let sig = paysign::paysimple::signature(PS_KEY, &ts).unwrap();
    format!("PSSERVER accessid={PS_USER}; timestamp={ts}; signature={sig}{signature_suffix}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paysimple_accepted_and_trailing_newline_diagnosed() {
    let gw = start(config());
    let signed = PaySimpleSigner::new(PS_USER, PS_KEY)
        .unwrap()
        .sign("GET", &format!("{}/v4/customer", gw.url()), b"")
        .unwrap();
    let ok = once(
        gw.local_addr(),
        "GET",
        "/v4/customer?page=1",
        &signed_headers(&signed),
        b"",
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.json);
    assert_eq!(ok.json["path"], "/v4/customer");
    assert_eq!(ok.json["query"], "page=1");
    assert_eq!(ok.json["paysign"]["scheme"], "paysimple");

    // A raw newline cannot travel inside a header value (it ends the line), so
    // what reaches a server is the escaped form, as copied from a log or a JSON config.
    let r = once(
        gw.local_addr(),
        "GET",
        "/v4/customer",
        &[("authorization", paysimple_header("\\n"))],
        b"",
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json["Meta"]["HttpStatusCode"], 401);
    assert_eq!(r.mistakes(), ["trailing_newline_in_base64"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_credential_and_unconfigured_scheme_are_refused_with_a_reason() {
    let gw = start(Config::default().or_sandbox());
    let r = once(gw.local_addr(), "GET", "/vdp/helloworld", &[], b"").await;
    assert_eq!(r.status, 401);
    assert_eq!(r.reason(), Some("missing_credential"));
    assert_eq!(r.json["responseStatus"]["code"], "9124");
    assert!(r.json["paysign"]["message"]
        .as_str()
        .unwrap()
        .contains("no credential"));

    let r = once(gw.local_addr(), "GET", "/anything", &[], b"").await;
    assert_eq!(r.status, 401);
    assert_eq!(r.reason(), Some("missing_credential"));

    let signed = xpay_signer()
        .sign("GET", &format!("{}/vdp/helloworld", gw.url()), b"")
        .unwrap();
    let r = once(
        gw.local_addr(),
        "GET",
        &target_of(&signed.url),
        &signed_headers(&signed),
        b"",
    )
    .await;
    assert_eq!(r.reason(), Some("scheme_not_configured"));

    let r = once(gw.local_addr(), "GET", "/paysign/requests", &[], b"").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["paysign"]["requests"].as_array().unwrap().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_key_names_the_configured_one() {
    let gw = start(config());
    let signed = XPaySigner::new("OTHERKEY", VISA_SECRET.as_bytes())
        .unwrap()
        .sign("GET", &format!("{}/vdp/helloworld", gw.url()), b"")
        .unwrap();
    let r = once(
        gw.local_addr(),
        "GET",
        &target_of(&signed.url),
        &signed_headers(&signed),
        b"",
    )
    .await;
    assert_eq!(r.reason(), Some("unknown_key"));
    assert!(r.json["paysign"]["message"]
        .as_str()
        .unwrap()
        .contains(VISA_KEY));
    assert!(!r.json.to_string().contains(VISA_SECRET));
}

/// What the merchant endpoint received: `v-c-signature` and body.
type Received = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// A merchant endpoint on loopback that keeps what it receives.
async fn merchant_endpoint() -> (String, Received) {
    use hyper::service::service_fn;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/webhooks/cybersource",
        listener.local_addr().unwrap()
    );
    let seen: Received = Arc::default();
    let kept = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let kept = kept.clone();
            tokio::spawn(async move {
                let service = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                    let kept = kept.clone();
                    async move {
                        use http_body_util::BodyExt;
                        let sig = req.headers()["v-c-signature"].to_str().unwrap().to_owned();
                        let body = req.into_body().collect().await.unwrap().to_bytes().to_vec();
                        kept.lock().unwrap().push((sig, body));
                        Ok::<_, std::convert::Infallible>(hyper::Response::new(
                            http_body_util::Full::new(bytes::Bytes::from_static(b"ok")),
                        ))
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (url, seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_are_signed_and_verify() {
    let (endpoint, seen) = merchant_endpoint().await;
    let mut cfg = config();
    cfg.webhook = Some(webhook(&endpoint));
    let gw = start(cfg);
    let verifier = paysign::CyberSourceWebhookVerifier::new(
        [("webhook-key-1".to_owned(), CS_SECRET.as_bytes().to_vec())],
        None,
        paysign::replay::Replay::default(),
    )
    .unwrap();

    // The control endpoint sends the exact bytes it is given.
    let payload = br#"{"eventType":"payments.captures.accept","payload":[]}"#;
    let r = once(
        gw.local_addr(),
        "POST",
        "/paysign/webhooks/send",
        &[],
        payload,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["paysign"]["delivery"]["status"], 200);
    {
        let got = seen.lock().unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, payload);
        let v = verifier
            .verify_notification(&[("v-c-signature", got[0].0.as_str())], &got[0].1, None)
            .unwrap();
        assert_eq!(v.key_id, "webhook-key-1");
    }

    // An accepted payment sends payments.payments.accept on its own.
    let body = br#"{"clientReferenceInformation":{"code":"hook"}}"#;
    let signed =
        CyberSourceSigner::new("testrest", paysign::cybersource::SANDBOX_KEY_ID, CS_SECRET)
            .unwrap()
            .sign("POST", &format!("{}/pts/v2/payments", gw.url()), body)
            .unwrap();
    let r = once(
        gw.local_addr(),
        "POST",
        "/pts/v2/payments",
        &signed_headers(&signed),
        body,
    )
    .await;
    assert_eq!(r.status, 201);
    let id = r.json["id"].as_str().unwrap().to_owned();
    let mut delivered = None;
    for _ in 0..200 {
        if let Some(d) = seen.lock().unwrap().get(1).cloned() {
            delivered = Some(d);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    let (sig, notification) = delivered.expect("the payment notification arrived");
    verifier
        .verify_notification(&[("v-c-signature", sig.as_str())], &notification, None)
        .unwrap();
    let n: serde_json::Value = serde_json::from_slice(&notification).unwrap();
    assert_eq!(n["eventType"], "payments.payments.accept");
    assert_eq!(n["payload"][0]["data"]["id"], id.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_send_without_configuration_says_so() {
    let gw = start(config());
    let r = once(
        gw.local_addr(),
        "POST",
        "/paysign/webhooks/send",
        &[],
        b"{}",
    )
    .await;
    assert_eq!(r.status, 409);
    assert_eq!(r.reason(), Some("webhook_not_configured"));
}

#[test]
fn config_file_parses_and_debug_hides_secrets() {
    let cfg = paysign_gateway::Config::from_toml(
        r#"
listen = "127.0.0.1:0"
[visa]
api_key = "K"
shared_secret = "very-secret-visa"
max_skew = 60
[limits]
max_body_bytes = 2048
"#,
    )
    .unwrap();
    assert_eq!(cfg.limits.max_body_bytes, 2048);
    assert_eq!(cfg.limits.max_header_bytes, 16 * 1024);
    assert_eq!(cfg.visa.as_ref().unwrap().max_skew, Some(60));
    assert!(!format!("{cfg:?}").contains("very-secret-visa"));
    let err = paysign_gateway::Config::from_toml("[visa]\napi_key = 1\n").unwrap_err();
    assert!(err.to_string().starts_with("config:"), "{err}");
    let bad = paysign_gateway::Judge::new(paysign_gateway::Config {
        cybersource: Some(paysign_gateway::config::CyberSource {
            shared_secret: "not base64 !!".into(),
            ..paysign_gateway::config::CyberSource::sandbox()
        }),
        ..Default::default()
    });
    let msg = bad.err().unwrap().to_string();
    assert!(
        msg.contains("cybersource") && !msg.contains("not base64 !!"),
        "{msg}"
    );
}
