//! Every vector in tests/vectors/, made by tests/vectors/generate.py with
//! Python's standard library (an implementation independent of this crate).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde_json::Value;

use paysign::{
    cybersource, paysimple, xpay, CyberSourceSigner, PathRule, PaySimpleSigner, XPaySigner,
};

fn load(file: &str) -> Value {
    let path = format!("{}/../tests/vectors/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {}", v["name"]))
}

fn i(v: &Value, key: &str) -> i64 {
    v[key]
        .as_i64()
        .unwrap_or_else(|| panic!("{key} missing in {}", v["name"]))
}

fn body(v: &Value) -> Vec<u8> {
    let unit = B64.decode(v["body_b64"].as_str().unwrap_or("")).unwrap();
    unit.repeat(v["body_repeat"].as_u64().unwrap_or(1) as usize)
}

fn section<'a>(doc: &'a Value, key: &str, at_least: usize) -> &'a Vec<Value> {
    let list = doc[key].as_array().unwrap();
    assert!(list.len() >= at_least, "{key}: {} vectors", list.len());
    list
}

fn headers_map(headers: &[(&'static str, String)]) -> serde_json::Map<String, Value> {
    headers
        .iter()
        .map(|(n, v)| (n.to_string(), Value::String(v.clone())))
        .collect()
}

#[test]
fn rfc4231_pins_the_primitive() {
    let doc = load("hmac_sha256_rfc4231.json");
    let cases = doc["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 7);
    for case in cases {
        let mac = paysign::hmac_sha256(
            &hex::decode(s(case, "key_hex")).unwrap(),
            &hex::decode(s(case, "data_hex")).unwrap(),
        );
        let bytes = case["truncate_bits"].as_u64().unwrap() as usize / 8;
        assert_eq!(
            hex::encode(&mac[..bytes]),
            s(case, "mac_hex"),
            "{}",
            case["name"]
        );
    }
}

#[test]
fn xpay_sign_vectors() {
    let doc = load("xpay.json");
    for v in section(&doc, "sign", 30) {
        let body = body(v);
        let (secret, ts, rp, qs) = (
            s(v, "shared_secret"),
            i(v, "timestamp"),
            s(v, "resource_path"),
            s(v, "query_string"),
        );
        let token = xpay::token(secret.as_bytes(), ts, rp, qs, &body).unwrap();
        assert_eq!(token, s(&v["expected"], "token"), "{}", v["name"]);
        if let Some(m) = v["expected"]["message_b64"].as_str() {
            assert_eq!(
                xpay::message(ts, rp, qs, &body).unwrap(),
                B64.decode(m).unwrap(),
                "{}",
                v["name"]
            );
        }
        xpay::verify(secret.as_bytes(), &token, rp, qs, &body, ts, 0).unwrap();
    }
}

#[test]
fn xpay_request_vectors() {
    let doc = load("xpay.json");
    for v in section(&doc, "request", 12) {
        let rule = if v["full_path"].as_bool().unwrap() {
            PathRule::FullPath
        } else {
            PathRule::ContextPath
        };
        let signer = XPaySigner::new(s(v, "api_key"), s(v, "shared_secret").as_bytes())
            .unwrap()
            .with_path_rule(rule);
        let expected = &v["expected"];
        let prepared = signer.prepare(s(v, "url")).unwrap();
        assert_eq!(
            prepared.resource_path,
            s(expected, "resource_path"),
            "{}",
            v["name"]
        );
        assert_eq!(
            prepared.query_string,
            s(expected, "query_string"),
            "{}",
            v["name"]
        );
        let signed = signer
            .sign_at(s(v, "method"), s(v, "url"), &body(v), i(v, "timestamp"))
            .unwrap();
        assert_eq!(signed.url, s(expected, "url"), "{}", v["name"]);
        assert_eq!(
            Value::Object(headers_map(&signed.headers)),
            expected["headers"],
            "{}",
            v["name"]
        );
    }
}

#[test]
fn cybersource_sign_vectors() {
    let doc = load("cybersource.json");
    let methods: std::collections::BTreeSet<String> = section(&doc, "sign", 30)
        .iter()
        .map(|v| s(v, "method").to_ascii_uppercase())
        .collect();
    assert_eq!(methods.len(), 5, "all five methods: {methods:?}");
    for v in section(&doc, "sign", 30) {
        let body = body(v);
        let signed = cybersource::sign(&cybersource::Request {
            key_id: s(v, "key_id"),
            shared_secret: s(v, "shared_secret"),
            merchant_id: s(v, "merchant_id"),
            host: s(v, "host"),
            method: s(v, "method"),
            request_target: s(v, "request_target"),
            body: &body,
            date: s(v, "date"),
        })
        .unwrap();
        let expected = &v["expected"];
        assert_eq!(
            signed.signing_string,
            s(expected, "signing_string"),
            "{}",
            v["name"]
        );
        assert_eq!(
            Value::Object(headers_map(&signed.headers())),
            expected["headers"],
            "{}",
            v["name"]
        );
    }
}

#[test]
fn cybersource_request_vectors() {
    let doc = load("cybersource.json");
    for v in section(&doc, "request", 10) {
        let signer =
            CyberSourceSigner::new(s(v, "merchant_id"), s(v, "key_id"), s(v, "shared_secret"))
                .unwrap();
        let expected = &v["expected"];
        let prepared = cybersource::prepare_url(s(v, "url")).unwrap();
        assert_eq!(prepared.host, s(expected, "host"), "{}", v["name"]);
        assert_eq!(
            prepared.request_target,
            s(expected, "request_target"),
            "{}",
            v["name"]
        );
        assert_eq!(
            paysign::time::imf_fixdate(i(v, "time")).unwrap(),
            s(expected, "date"),
            "{}",
            v["name"]
        );
        let signed = signer
            .sign_at(s(v, "method"), s(v, "url"), &body(v), i(v, "time"))
            .unwrap();
        assert_eq!(signed.url, s(expected, "url"), "{}", v["name"]);
        assert_eq!(
            Value::Object(headers_map(&signed.headers)),
            expected["headers"],
            "{}",
            v["name"]
        );
    }
}

#[test]
fn paysimple_sign_vectors() {
    let doc = load("paysimple.json");
    for v in section(&doc, "sign", 30) {
        let expected = &v["expected"];
        let ts = s(v, "timestamp");
        assert_eq!(
            paysimple::signature(s(v, "api_key"), ts).unwrap(),
            s(expected, "signature"),
            "{}",
            v["name"]
        );
        assert_eq!(
            paysimple::header(s(v, "username"), s(v, "api_key"), ts).unwrap(),
            s(expected, "header"),
            "{}",
            v["name"]
        );
    }
}

#[test]
fn paysimple_request_vectors() {
    let doc = load("paysimple.json");
    for v in section(&doc, "request", 6) {
        let expected = &v["expected"];
        let nanos = u32::try_from(i(v, "nanos")).unwrap();
        assert_eq!(
            paysign::time::paysimple_timestamp(i(v, "time"), nanos).unwrap(),
            s(expected, "timestamp"),
            "{}",
            v["name"]
        );
        let signer = PaySimpleSigner::new(s(v, "username"), s(v, "api_key")).unwrap();
        let signed = signer
            .sign_at(s(v, "method"), s(v, "url"), b"", i(v, "time"), nanos)
            .unwrap();
        assert_eq!(
            Value::Object(headers_map(&signed.headers)),
            expected["headers"],
            "{}",
            v["name"]
        );
    }
}

/// The outcome's code; a rejection's message must not carry the secret.
fn outcome(result: paysign::Result<()>, secret: &str) -> String {
    if let Err(e) = &result {
        assert!(!e.to_string().contains(secret), "secret in {e}");
    }
    match result {
        Ok(()) => "valid".to_owned(),
        Err(paysign::Error::Verification(r)) => r.code().to_owned(),
        Err(e) => format!("error: {e}"),
    }
}

#[test]
fn verify_vectors() {
    let doc = load("verify.json");
    for v in section(&doc, "xpay", 8) {
        let got = xpay::verify(
            s(v, "shared_secret").as_bytes(),
            s(v, "token"),
            s(v, "resource_path"),
            s(v, "query_string"),
            &body(v),
            i(v, "now"),
            i(v, "max_skew") as u64,
        );
        assert_eq!(
            outcome(got, s(v, "shared_secret")),
            s(v, "expected"),
            "{}",
            v["name"]
        );
    }
    for v in section(&doc, "cybersource", 8) {
        let headers: Vec<(&str, &str)> = v["headers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(n, val)| (n.as_str(), val.as_str().unwrap()))
            .collect();
        let got = cybersource::verify(
            s(v, "shared_secret"),
            &headers,
            s(v, "method"),
            s(v, "request_target"),
            &body(v),
            i(v, "now"),
            i(v, "max_skew") as u64,
        );
        assert_eq!(
            outcome(got, s(v, "shared_secret")),
            s(v, "expected"),
            "{}",
            v["name"]
        );
    }
    for v in section(&doc, "paysimple", 8) {
        let got = paysimple::verify(
            s(v, "header"),
            s(v, "api_key"),
            i(v, "now"),
            i(v, "max_skew") as u64,
        );
        assert_eq!(
            outcome(got, s(v, "api_key")),
            s(v, "expected"),
            "{}",
            v["name"]
        );
    }
}

/// Each bad input names its field, and no message carries a secret.
fn assert_invalid(
    name: &Value,
    result: paysign::Result<impl std::fmt::Debug>,
    field: &str,
    secrets: &[&str],
) {
    let err = result.expect_err(&format!("{name}: accepted"));
    assert_eq!(err.field(), Some(field), "{name}: {err}");
    let message = err.to_string();
    assert!(message.starts_with(field), "{name}: {message}");
    for secret in secrets.iter().filter(|s| s.len() >= 4) {
        assert!(!message.contains(secret), "{name}: secret in {message}");
        assert!(
            !format!("{err:?}").contains(secret),
            "{name}: secret in Debug"
        );
    }
}

#[test]
fn invalid_vectors() {
    let doc = load("invalid.json");
    for v in section(&doc, "xpay", 10) {
        let a = &v["args"];
        let result = xpay::token(
            s(a, "shared_secret").as_bytes(),
            i(a, "timestamp"),
            s(a, "resource_path"),
            s(a, "query_string"),
            &body(a),
        );
        assert_invalid(&v["name"], result, s(v, "field"), &[s(a, "shared_secret")]);
    }
    for v in section(&doc, "cybersource", 15) {
        let a = &v["args"];
        let body = body(a);
        let result = cybersource::sign(&cybersource::Request {
            key_id: s(a, "key_id"),
            shared_secret: s(a, "shared_secret"),
            merchant_id: s(a, "merchant_id"),
            host: s(a, "host"),
            method: s(a, "method"),
            request_target: s(a, "request_target"),
            body: &body,
            date: s(a, "date"),
        });
        assert_invalid(&v["name"], result, s(v, "field"), &[s(a, "shared_secret")]);
    }
    for v in section(&doc, "paysimple", 6) {
        let a = &v["args"];
        let result = paysimple::header(s(a, "username"), s(a, "api_key"), s(a, "timestamp"));
        assert_invalid(&v["name"], result, s(v, "field"), &[s(a, "api_key")]);
    }
}

#[test]
fn webhook_vectors() {
    let doc = load("webhook.json");
    for v in section(&doc, "sign", 10) {
        let b = body(v);
        let header =
            paysign::webhook::signature(s(v, "key_id"), s(v, "key"), &b, i(v, "timestamp_ms"))
                .unwrap();
        assert_eq!(header, s(&v["expected"], "header"), "{}", v["name"]);
        if let Some(m) = v["expected"]["message_b64"].as_str() {
            assert_eq!(
                paysign::webhook::message(i(v, "timestamp_ms"), &b),
                B64.decode(m).unwrap(),
                "{}",
                v["name"]
            );
        }
        let parsed = paysign::webhook::parse_signature(&header).unwrap();
        assert_eq!(
            (parsed.timestamp_ms, parsed.key_id),
            (i(v, "timestamp_ms"), s(v, "key_id"))
        );
    }
    // The verify cases: a verifier per keyring, shared by the cases that
    // replay an earlier one.
    let mut verifiers: std::collections::HashMap<String, paysign::CyberSourceWebhookVerifier> =
        std::collections::HashMap::new();
    let cases = section(&doc, "verify", 20);
    for v in cases {
        let keys: Vec<(String, Vec<u8>)> = v["keys"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(id, k)| (id.clone(), k.as_str().unwrap().as_bytes().to_vec()))
            .collect();
        let name = s(v, "name").to_owned();
        let slot = v["replay_of"].as_str().map_or(name.clone(), str::to_owned);
        let verifier = verifiers.entry(slot).or_insert_with(|| {
            paysign::CyberSourceWebhookVerifier::new(
                keys.clone(),
                v["max_skew"].as_u64(),
                paysign::replay::Replay::default(),
            )
            .unwrap()
        });
        let owned: Vec<(String, String)> = v["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_owned(),
                    p[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let headers: Vec<(&str, &str)> = owned
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let got = verifier.verify_notification(&headers, &body(v), Some(i(v, "now")));
        match v["reason"].as_str() {
            None => {
                let ok = got.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(ok.scheme, "cybersource-webhook");
                assert_eq!(
                    ok.timestamp,
                    i(v, "now").min(ok.timestamp).max(ok.timestamp)
                );
            }
            Some(reason) => {
                let err = got.expect_err(&name);
                assert_eq!(
                    err.rejection().map(|r| r.code()),
                    Some(reason),
                    "{name}: {err}"
                );
            }
        }
    }
}
