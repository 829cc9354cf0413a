//! Each defect of "verification a server can trust", written from its
//! reproduction: one spelling per credential, duplicates refused, length
//! limits, signers refusing what cannot be right, replay and keyring.

use std::sync::Arc;

use paysign::replay::{MemoryReplayCache, Replay, ReplayStore};
use paysign::verifier::{CyberSourceVerifier, PaySimpleVerifier, Received, Verifier, XPayVerifier};
use paysign::{
    cybersource, paysimple, webhook, xpay, CyberSourceSigner, PaySimpleSigner, XPaySigner,
};

const API_KEY: &str = "KSKDFJOP934ALSFDJP34";
const XPAY_SECRET: &[u8] = b"shared-secret";
const T: i64 = 1_455_716_783;
const CS_SECRET: &str = cybersource::SANDBOX_SHARED_SECRET;
const CS_KEY_ID: &str = cybersource::SANDBOX_KEY_ID;
const WEBHOOK_KEY: &str = "c2VjcmV0LWtleS1mb3Itd2ViaG9va3M=";

fn code<T: std::fmt::Debug>(r: paysign::Result<T>) -> &'static str {
    r.unwrap_err()
        .rejection()
        .unwrap_or_else(|| panic!("not a rejection"))
        .code()
}

fn field<T: std::fmt::Debug>(r: paysign::Result<T>) -> &'static str {
    r.unwrap_err().field().expect("an invalid argument")
}

fn xpay_verifier() -> XPayVerifier {
    XPayVerifier::new(
        [(API_KEY.to_owned(), XPAY_SECRET.to_vec())],
        false,
        None,
        Replay::default(),
    )
    .unwrap()
}

fn xpay_signed() -> (String, String) {
    let s = XPaySigner::new(API_KEY, XPAY_SECRET).unwrap();
    let signed = s
        .sign_at("GET", "https://sandbox.api.visa.com/vdp/helloworld", b"", T)
        .unwrap();
    let token = signed.header("x-pay-token").unwrap().to_owned();
    (signed.url, token)
}

fn verify_xpay(
    v: &XPayVerifier,
    url: &str,
    headers: &[(&str, &str)],
) -> paysign::Result<paysign::verifier::Verified> {
    v.verify(
        &Received {
            method: "GET",
            url,
            headers,
            body: b"",
        },
        Some(T),
    )
}

#[test]
fn xpay_leading_zeros_are_a_malformed_token() {
    let (url, token) = xpay_signed();
    let zeros = token.replacen("xv2:", "xv2:00000000", 1);
    assert_eq!(
        code(xpay::verify(
            XPAY_SECRET,
            &zeros,
            "helloworld",
            &url[url.find('?').unwrap() + 1..],
            b"",
            T,
            300
        )),
        "malformed_header"
    );
    let v = xpay_verifier();
    assert_eq!(
        code(verify_xpay(&v, &url, &[("x-pay-token", &zeros)])),
        "malformed_header"
    );
    // the canonical token is still accepted once, then replayed
    assert!(verify_xpay(&v, &url, &[("x-pay-token", &token)]).is_ok());
    assert_eq!(
        code(verify_xpay(&v, &url, &[("x-pay-token", &token)])),
        "replayed"
    );
}

#[test]
fn xpay_token_longer_than_the_limit_is_malformed() {
    let long = format!("xv2:{}:{}", "1".repeat(40), "0".repeat(64));
    assert!(long.len() > xpay::MAX_TOKEN_LEN);
    assert_eq!(
        xpay::parse_token(&long).unwrap_err().code(),
        "malformed_header"
    );
}

#[test]
fn xpay_duplicate_token_and_apikey_are_refused() {
    let (url, token) = xpay_signed();
    let v = xpay_verifier();
    assert_eq!(
        code(verify_xpay(
            &v,
            &url,
            &[("x-pay-token", &token), ("X-Pay-Token", &token)]
        )),
        "duplicate_header"
    );
    let twice = format!("{url}&apikey={API_KEY}");
    assert_eq!(
        code(verify_xpay(&v, &twice, &[("x-pay-token", &token)])),
        "duplicate_header"
    );
    let other = "https://sandbox.api.visa.com/vdp/helloworld?apikey=OTHER";
    assert_eq!(
        code(verify_xpay(&v, other, &[("x-pay-token", &token)])),
        "unknown_key"
    );
}

#[test]
fn xpay_signer_refuses_a_conflicting_apikey_in_the_url() {
    let s = XPaySigner::new(API_KEY, XPAY_SECRET).unwrap();
    let base = "https://sandbox.api.visa.com/vdp/helloworld";
    for q in [
        "?apikey=OTHER",
        "?apikey=",
        "?apikey",
        &format!("?apikey={API_KEY}&apikey=OTHER"),
        &format!("?apikey={API_KEY}&apikey={API_KEY}"),
    ] {
        assert_eq!(
            field(s.sign_at("GET", &format!("{base}{q}"), b"", T)),
            "url",
            "{q}"
        );
    }
    // the signer's own key, once, is kept
    let ok = s
        .sign_at("GET", &format!("{base}?apikey={API_KEY}&a=1"), b"", T)
        .unwrap();
    assert_eq!(ok.url, format!("{base}?a=1&apikey={API_KEY}"));
}

fn cs_signed(method: &str, body: &[u8]) -> Vec<(&'static str, String)> {
    let s = CyberSourceSigner::new("testrest", CS_KEY_ID, CS_SECRET).unwrap();
    s.sign_at(
        method,
        "https://apitest.cybersource.com/pts/v2/payments",
        body,
        T,
    )
    .unwrap()
    .headers
}

fn pairs<'a>(h: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    h.iter().map(|(n, v)| (*n, v.as_str())).collect()
}

fn cs_verify(headers: &[(&str, &str)], body: &[u8]) -> paysign::Result<()> {
    cybersource::verify(CS_SECRET, headers, "POST", "/pts/v2/payments", body, T, 300)
}

#[test]
fn cybersource_every_read_header_duplicated_is_refused_low_level_and_whole_request() {
    let body = br#"{"amount":"1.00"}"#;
    let signed = cs_signed("POST", body);
    assert!(cs_verify(&pairs(&signed), body).is_ok());
    let v = CyberSourceVerifier::new(
        [(CS_KEY_ID.to_owned(), CS_SECRET.as_bytes().to_vec())],
        None,
        Replay::Off,
    )
    .unwrap();
    for (name, value) in &signed {
        for (dup_name, dup_value) in [
            (name.to_string(), "attacker".to_owned()),
            (name.to_lowercase(), value.clone()),
            (name.to_uppercase(), value.clone()),
        ] {
            let mut h = pairs(&signed);
            h.push((dup_name.as_str(), dup_value.as_str()));
            assert_eq!(code(cs_verify(&h, body)), "duplicate_header", "{dup_name}");
            let r = Received {
                method: "POST",
                url: "https://apitest.cybersource.com/pts/v2/payments",
                headers: &h,
                body,
            };
            assert_eq!(
                code(v.verify(&r, Some(T))),
                "duplicate_header",
                "{dup_name}"
            );
        }
    }
    // a Digest is read (refused twice) even on GET, where it is not signed
    let get = cs_signed("GET", b"");
    let mut h = pairs(&get);
    h.push(("Digest", "a"));
    h.push(("digest", "b"));
    assert_eq!(
        code(cybersource::verify(
            CS_SECRET,
            &h,
            "GET",
            "/pts/v2/payments",
            b"",
            T,
            300
        )),
        "duplicate_header"
    );
}

#[test]
fn cybersource_signature_has_one_spelling() {
    let body = b"{}";
    let signed = cs_signed("POST", body);
    let sig = signed
        .iter()
        .find(|(n, _)| *n == "Signature")
        .unwrap()
        .1
        .clone();
    let sig_b64 = cybersource::parse_signature_header(&sig)
        .unwrap()
        .signature
        .to_owned();
    let variants = [
        format!("{sig}, extra=\"x\""),
        format!("nonce=\"1\", {sig}"),
        sig.replace(", ", ",  "),
        sig.replace(", ", ","),
        format!(" {sig}"),
        format!("{sig} "),
        format!("{sig}, junk=\"{}\"", "A".repeat(1 << 20)),
        sig.replacen("keyid", "KeyId", 1),
        // the same four parameters in another order
        format!("algorithm=\"HmacSHA256\", keyid=\"{CS_KEY_ID}\", headers=\"host date request-target digest v-c-merchant-id\", signature=\"{sig_b64}\""),
        // non-canonical base64 of the same MAC (no padding)
        sig.replace(&sig_b64, sig_b64.trim_end_matches('=')),
    ];
    for variant in &variants {
        let mut h = pairs(&signed);
        for p in h.iter_mut() {
            if p.0 == "Signature" {
                p.1 = variant;
            }
        }
        assert_eq!(
            code(cs_verify(&h, body)),
            "malformed_header",
            "{}",
            &variant[..variant.len().min(120)]
        );
    }
}

#[test]
fn cybersource_signer_refuses_fragment_bad_host_and_long_values() {
    let sign = |host: &str, target: &str, merchant: &str| {
        cybersource::sign(&cybersource::Request {
            key_id: CS_KEY_ID,
            shared_secret: CS_SECRET,
            merchant_id: merchant,
            host,
            method: "GET",
            request_target: target,
            body: b"",
            date: "Thu, 18 Jul 2019 00:18:03 GMT",
        })
    };
    assert_eq!(
        field(sign("apitest.cybersource.com", "/a#frag", "m")),
        "request_target"
    );
    for host in [
        "a.com/x",
        "a b.com",
        "user@a.com",
        "a.com:0x50",
        "a.com:",
        "a.com:99999",
        "https://a.com",
        "[::1",
    ] {
        assert_eq!(field(sign(host, "/a", "m")), "host", "{host}");
    }
    for host in [
        "apitest.cybersource.com",
        "127.0.0.1:8080",
        "[::1]:8443",
        "localhost",
    ] {
        assert!(sign(host, "/a", "m").is_ok(), "{host}");
    }
    let long = "m".repeat(paysign::validate::MAX_HEADER_VALUE_LEN + 1);
    assert_eq!(field(sign("a.com", "/a", &long)), "merchant_id");
    assert_eq!(
        field(sign("a.com", &format!("/{long}"), "m")),
        "request_target"
    );
    let long_id = "k".repeat(cybersource::MAX_KEY_ID_LEN + 1);
    assert_eq!(
        field(CyberSourceSigner::new("m", &long_id, CS_SECRET)),
        "key_id"
    );
    assert_eq!(field(XPaySigner::new(&long, b"s")), "api_key");
    assert_eq!(
        field(PaySimpleSigner::new(&"u".repeat(257), "k")),
        "username"
    );
}

#[test]
fn time_errors_name_the_argument() {
    let cs = CyberSourceSigner::new("m", "k", CS_SECRET).unwrap();
    assert_eq!(
        field(cs.sign_at("GET", "https://a.com/", b"", -1)),
        "unix_time"
    );
    let ps = PaySimpleSigner::new("u", "k").unwrap();
    assert_eq!(
        field(ps.sign_at("GET", "https://a.com/", b"", -1, 0)),
        "unix_time"
    );
    assert_eq!(
        field(ps.sign_at("GET", "https://a.com/", b"", 0, 1_000_000_000)),
        "nanos"
    );
    let x = XPaySigner::new("K", b"s").unwrap();
    assert_eq!(
        field(x.sign_at("GET", "https://a.com/vdp/x", b"", -1)),
        "timestamp"
    );
}

#[test]
fn paysimple_trailing_semicolon_is_malformed_not_a_mismatch() {
    let h = paysimple::header("u", "key", "2017-07-20T20:45:44.0973928Z").unwrap();
    assert!(paysimple::verify(&h, "key", 1_500_583_544, 300).is_ok());
    for variant in [
        format!("{h};"),
        format!("{h} "),
        format!("{h}; x=1"),
        h.replace("accessid=u", "accessid= u"),
        h.replace("; ", ";  "),
    ] {
        assert_eq!(
            code(paysimple::verify(&variant, "key", 1_500_583_544, 300)),
            "malformed_header",
            "{variant}"
        );
    }
    let long = format!("{h}{}", "A".repeat(paysimple::MAX_HEADER_LEN));
    assert_eq!(
        code(paysimple::verify(&long, "key", 1_500_583_544, 300)),
        "malformed_header"
    );
    let v = PaySimpleVerifier::new([("u".to_owned(), b"key".to_vec())], None, Replay::Off).unwrap();
    let dup = [("Authorization", h.as_str()), ("authorization", h.as_str())];
    let r = Received {
        method: "GET",
        url: "https://a.com/v4/customer",
        headers: &dup,
        body: b"",
    };
    assert_eq!(code(v.verify(&r, Some(1_500_583_544))), "duplicate_header");
}

#[test]
fn webhook_one_spelling_duplicates_and_unknown_key() {
    let body = br#"{"eventType":"payments.capture"}"#;
    let ms = T * 1000 + 123;
    let value = webhook::signature("key-1", WEBHOOK_KEY, body, ms).unwrap();
    let v = webhook::CyberSourceWebhookVerifier::new(
        [("key-1".to_owned(), WEBHOOK_KEY.as_bytes().to_vec())],
        None,
        Replay::default(),
    )
    .unwrap();
    for variant in [
        format!("{value};"),
        format!("t=0{}", &value[2..]),
        value.replace(";keyId", "; keyId"),
        format!("{value}x"),
        value.replace('=', "=\t"),
    ] {
        assert_eq!(
            code(v.verify_notification(&[("v-c-signature", &variant)], body, Some(T))),
            "malformed_header",
            "{variant}"
        );
    }
    assert_eq!(
        code(v.verify_notification(
            &[("v-c-signature", &value), ("V-C-Signature", &value)],
            body,
            Some(T)
        )),
        "duplicate_header"
    );
    let other = webhook::signature("key-2", WEBHOOK_KEY, body, ms).unwrap();
    assert_eq!(
        code(v.verify_notification(&[("v-c-signature", &other)], body, Some(T))),
        "unknown_key"
    );
    assert_eq!(
        code(v.verify_notification(&[("v-c-signature", &value)], b"{}", Some(T))),
        "signature_mismatch"
    );
    assert_eq!(
        code(v.verify_notification(&[("v-c-signature", &value)], body, Some(T + 301))),
        "timestamp_out_of_window"
    );
    let ok = v
        .verify_notification(&[("v-c-signature", &value)], body, Some(T + 300))
        .unwrap();
    assert_eq!(
        (ok.scheme, ok.key_id.as_str(), ok.timestamp),
        ("cybersource-webhook", "key-1", T)
    );
    assert_eq!(
        code(v.verify_notification(&[("v-c-signature", &value)], body, Some(T))),
        "replayed"
    );
}

struct BrokenStore;
impl ReplayStore for BrokenStore {
    fn remember(&self, _key: &str, _ttl: u64) -> Result<bool, String> {
        Err("connection refused".into())
    }
}

#[test]
fn a_store_that_errors_fails_closed() {
    let (url, token) = xpay_signed();
    let v = XPayVerifier::new(
        [(API_KEY.to_owned(), XPAY_SECRET.to_vec())],
        false,
        None,
        Replay::Store(Arc::new(BrokenStore)),
    )
    .unwrap();
    assert_eq!(
        code(verify_xpay(&v, &url, &[("x-pay-token", &token)])),
        "replay_store_unavailable"
    );
}

#[test]
fn default_windows_are_the_schemes() {
    let (url, token) = xpay_signed();
    let v = xpay_verifier();
    let at = |now| {
        v.verify(
            &Received {
                method: "GET",
                url: &url,
                headers: &[("x-pay-token", &token)],
                body: b"",
            },
            Some(now),
        )
    };
    assert_eq!(code(at(T + 481)), "timestamp_out_of_window");
    assert_eq!(code(at(T - 481)), "timestamp_out_of_window");
    assert!(at(T + 480).is_ok());
}

#[test]
fn replay_memory_full_of_live_entries_fails_closed() {
    let cache = Arc::new(MemoryReplayCache::new(1));
    let s = XPaySigner::new(API_KEY, XPAY_SECRET).unwrap();
    let v = XPayVerifier::new(
        [(API_KEY.to_owned(), XPAY_SECRET.to_vec())],
        false,
        None,
        Replay::Memory(cache),
    )
    .unwrap();
    let verify_at = |ts: i64, now: i64| {
        let signed = s
            .sign_at(
                "GET",
                "https://sandbox.api.visa.com/vdp/helloworld",
                b"",
                ts,
            )
            .unwrap();
        v.verify(
            &Received {
                method: "GET",
                url: &signed.url,
                headers: &[("x-pay-token", signed.header("x-pay-token").unwrap())],
                body: b"",
            },
            Some(now),
        )
    };
    assert!(verify_at(T, T).is_ok());
    assert_eq!(code(verify_at(T + 1, T + 1)), "replay_store_unavailable");
    // once the first entry's window is over, there is room again
    assert!(verify_at(T + 500, T + 481).is_ok());
}

#[test]
fn verified_names_what_was_signed() {
    let body = b"{}";
    let signed = cs_signed("POST", body);
    let v = CyberSourceVerifier::new(
        [(CS_KEY_ID.to_owned(), CS_SECRET.as_bytes().to_vec())],
        None,
        Replay::default(),
    )
    .unwrap();
    let h = pairs(&signed);
    let ok = v
        .verify(
            &Received {
                method: "POST",
                url: "/pts/v2/payments",
                headers: &h,
                body,
            },
            Some(T),
        )
        .unwrap();
    assert_eq!(
        ok.signed,
        [
            "host",
            "date",
            "request-target",
            "digest",
            "v-c-merchant-id"
        ]
    );
    assert_eq!(ok.merchant_id.as_deref(), Some("testrest"));
    let other = CyberSourceVerifier::new(
        [("other".to_owned(), CS_SECRET.as_bytes().to_vec())],
        None,
        Replay::Off,
    )
    .unwrap();
    assert_eq!(
        code(other.verify(
            &Received {
                method: "POST",
                url: "/pts/v2/payments",
                headers: &h,
                body
            },
            Some(T)
        )),
        "unknown_key"
    );
    let (url, token) = xpay_signed();
    let x = verify_xpay(&xpay_verifier(), &url, &[("x-pay-token", &token)]).unwrap();
    assert_eq!(
        x.signed,
        ["timestamp", "resource_path", "query_string", "body"]
    );
}
