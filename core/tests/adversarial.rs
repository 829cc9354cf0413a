//! tests/adversarial/cases.json (made by tests/adversarial/generate.py with
//! Python's standard library): every case through the whole-request verifier
//! of its scheme, asserting the reason code.

use std::collections::HashMap;

use serde_json::Value;

use paysign::replay::Replay;
use paysign::verifier::{CyberSourceVerifier, PaySimpleVerifier, Received, Verifier, XPayVerifier};
use paysign::CyberSourceWebhookVerifier;

fn verifier(case: &Value) -> Box<dyn Verifier> {
    let keys: Vec<(String, Vec<u8>)> = case["keys"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(id, secret)| (id.clone(), secret.as_str().unwrap().as_bytes().to_vec()))
        .collect();
    let max_skew = case["max_skew"].as_u64();
    let replay = Replay::default();
    match case["scheme"].as_str().unwrap() {
        "xpay" => Box::new(
            XPayVerifier::new(
                keys,
                case["full_path"].as_bool().unwrap_or(false),
                max_skew,
                replay,
            )
            .unwrap(),
        ),
        "cybersource" => Box::new(CyberSourceVerifier::new(keys, max_skew, replay).unwrap()),
        "paysimple" => Box::new(PaySimpleVerifier::new(keys, max_skew, replay).unwrap()),
        "cybersource-webhook" => {
            Box::new(CyberSourceWebhookVerifier::new(keys, max_skew, replay).unwrap())
        }
        other => panic!("unknown scheme {other}"),
    }
}

#[test]
fn every_adversarial_case_gets_its_reason() {
    let path = format!(
        "{}/../tests/adversarial/cases.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 100, "{} cases", cases.len());
    let mut verifiers: HashMap<String, Box<dyn Verifier>> = HashMap::new();
    let mut reasons: HashMap<&str, usize> = HashMap::new();
    for case in cases {
        let name = case["name"].as_str().unwrap().to_owned();
        let slot = case["replay_of"]
            .as_str()
            .map_or(name.clone(), str::to_owned);
        if case["replay_of"].is_string() {
            assert!(
                verifiers.contains_key(&slot),
                "{name}: replay_of an unknown or later case"
            );
        }
        let v = verifiers.entry(slot).or_insert_with(|| verifier(case));
        let r = &case["request"];
        let owned: Vec<(String, String)> = r["headers"]
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
        let received = Received {
            method: r["method"].as_str().unwrap(),
            url: r["url"].as_str().unwrap(),
            headers: &headers,
            body: r["body"].as_str().unwrap().as_bytes(),
        };
        let got = v.verify(&received, Some(case["now"].as_i64().unwrap()));
        let want = case["reason"].as_str();
        match (&got, want) {
            (Ok(ok), None) => assert_eq!(ok.scheme, case["scheme"].as_str().unwrap(), "{name}"),
            (Err(e), Some(reason)) => {
                assert_eq!(e.rejection().map(|r| r.code()), Some(reason), "{name}: {e}");
                // no message quotes a secret
                for secret in case["keys"].as_object().unwrap().values() {
                    assert!(
                        !e.to_string().contains(secret.as_str().unwrap()),
                        "{name}: {e}"
                    );
                }
            }
            (got, want) => panic!("{name}: expected {want:?}, got {got:?}"),
        }
        *reasons.entry(want.unwrap_or("accepted")).or_default() += 1;
    }
    for reason in [
        "accepted",
        "malformed_header",
        "duplicate_header",
        "replayed",
        "unknown_key",
        "timestamp_out_of_window",
    ] {
        assert!(
            reasons.get(reason).copied().unwrap_or(0) > 0,
            "no case for {reason}"
        );
    }
}
