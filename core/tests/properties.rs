//! Properties over random inputs: what is signed verifies, and any change to a
//! signed input changes the result.

use proptest::prelude::*;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use paysign::{cybersource, paysimple, xpay};

/// Printable text with no control characters (what a header value may hold).
fn text() -> impl Strategy<Value = String> {
    "[ -~é€😀]{1,24}"
}

fn flip_one_byte(bytes: &[u8], at: usize, xor: u8) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let at = at % out.len();
    out[at] ^= xor;
    out
}

fn headers(signed: &cybersource::Signed) -> Vec<(&'static str, String)> {
    signed.headers()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn xpay_sign_then_verify(secret in prop::collection::vec(any::<u8>(), 1..80), ts in 0i64..=paysign::time::MAX_UNIX_TIME,
                             rp in "[a-zA-Z0-9/_{}.-]{0,40}", qs in "[a-zA-Z0-9=&%+_.-]{0,60}",
                             body in prop::collection::vec(any::<u8>(), 0..300)) {
        let token = xpay::token(&secret, ts, &rp, &qs, &body).unwrap();
        prop_assert!(xpay::verify(&secret, &token, &rp, &qs, &body, ts, 0).is_ok());
    }

    #[test]
    fn xpay_any_byte_change_changes_the_token(secret in prop::collection::vec(any::<u8>(), 1..40), ts in 0i64..=2_000_000_000,
                                              rp in "[a-z/]{1,20}", qs in "[a-z=&]{1,20}",
                                              body in prop::collection::vec(any::<u8>(), 1..100),
                                              at in any::<usize>(), xor in 1u8..=255, which in 0usize..5) {
        let base = xpay::token(&secret, ts, &rp, &qs, &body).unwrap();
        let ascii_xor = (xor % 31) + 1; // keeps ASCII text ASCII and printable-ish
        let changed = match which {
            0 => xpay::token(&flip_one_byte(&secret, at, xor), ts, &rp, &qs, &body),
            1 => xpay::token(&secret, ts + 1 + (at % 1000) as i64, &rp, &qs, &body),
            2 => {
                let rp2 = String::from_utf8(flip_one_byte(rp.as_bytes(), at, ascii_xor & 0x1f | 0x20)).unwrap_or_default();
                prop_assume!(rp2 != rp && rp2.chars().all(|c| !c.is_control()));
                xpay::token(&secret, ts, &rp2, &qs, &body)
            }
            3 => {
                let qs2 = String::from_utf8(flip_one_byte(qs.as_bytes(), at, ascii_xor & 0x1f | 0x20)).unwrap_or_default();
                prop_assume!(qs2 != qs && !qs2.starts_with('?') && qs2.chars().all(|c| !c.is_control()));
                xpay::token(&secret, ts, &rp, &qs2, &body)
            }
            _ => xpay::token(&secret, ts, &rp, &qs, &flip_one_byte(&body, at, xor)),
        };
        // A rejected change (e.g. a control character) is also a change.
        if let Ok(changed) = changed {
            prop_assert_ne!(changed, base);
        }
    }

    #[test]
    fn cybersource_sign_then_verify_and_tamper(secret in prop::collection::vec(any::<u8>(), 1..64),
                                               merchant in text(), host in "[a-z0-9]{1,10}(\\.[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?){0,3}",
                                               method in prop::sample::select(vec!["GET", "post", "Put", "PATCH", "delete"]),
                                               target in "/[a-zA-Z0-9/?=&%._-]{0,40}",
                                               body in prop::collection::vec(any::<u8>(), 0..300),
                                               t in 0i64..=paysign::time::MAX_UNIX_TIME,
                                               at in any::<usize>(), xor in 1u8..=255) {
        let secret_b64 = B64.encode(&secret);
        let date = paysign::time::imf_fixdate(t).unwrap();
        let signed = cybersource::sign(&cybersource::Request {
            key_id: "key", shared_secret: &secret_b64, merchant_id: &merchant, host: &host,
            method, request_target: &target, body: &body, date: &date,
        }).unwrap();
        let owned = headers(&signed);
        let pairs: Vec<(&str, &str)> = owned.iter().map(|(n, v)| (*n, v.as_str())).collect();
        prop_assert!(cybersource::verify(&secret_b64, &pairs, method, &target, &body, t, 0).is_ok());
        // Another secret never verifies.
        let other = B64.encode(flip_one_byte(&secret, at, xor));
        let err = cybersource::verify(&other, &pairs, method, &target, &body, t, 0).unwrap_err();
        prop_assert_eq!(err.rejection().unwrap().code(), "signature_mismatch");
        // A changed body never verifies (POST/PUT/PATCH: the digest; GET/DELETE: not signed).
        if !body.is_empty() && paysign::Method::parse("m", method).unwrap().has_digest() {
            let err = cybersource::verify(&secret_b64, &pairs, method, &target, &flip_one_byte(&body, at, xor), t, 0).unwrap_err();
            prop_assert_eq!(err.rejection().unwrap().code(), "digest_mismatch");
        }
    }

    #[test]
    fn paysimple_sign_then_verify(user in "[A-Za-z0-9_.@-]{1,20}", key in text(),
                                  t in 0i64..=paysign::time::MAX_UNIX_TIME, nanos in 0u32..1_000_000_000,
                                  at in any::<usize>(), xor in 1u8..=127) {
        let ts = paysign::time::paysimple_timestamp(t, nanos).unwrap();
        let header = paysimple::header(&user, &key, &ts).unwrap();
        prop_assert!(paysimple::verify(&header, &key, t, 1).is_ok());
        let other = String::from_utf8(flip_one_byte(key.as_bytes(), at, xor)).unwrap_or_else(|_| format!("{key}x"));
        prop_assume!(other != key);
        let err = paysimple::verify(&header, &other, t, 1).unwrap_err();
        prop_assert_eq!(err.rejection().unwrap().code(), "signature_mismatch");
    }

    #[test]
    fn parsers_never_panic(text in "\\PC{0,200}", raw in prop::collection::vec(any::<u8>(), 0..200)) {
        let lossy = String::from_utf8_lossy(&raw);
        for input in [text.as_str(), &*lossy] {
            let _ = xpay::parse_token(input);
            let _ = cybersource::parse_signature_header(input);
            let _ = paysimple::parse_header(input);
            let _ = paysign::time::parse_imf_fixdate("date", input);
            let _ = paysign::time::parse_rfc3339("timestamp", input);
            let _ = cybersource::prepare_url(input);
            let _ = paysign::XPaySigner::new("K", b"s").unwrap().prepare(input);
        }
    }

    #[test]
    fn imf_fixdate_parsing_accepts_exactly_the_canonical_spelling(t in 0i64..=paysign::time::MAX_UNIX_TIME,
                                                                  at in 0usize..29, byte in 0x20u8..0x7f) {
        let date = paysign::time::imf_fixdate(t).unwrap();
        prop_assert_eq!(paysign::time::parse_imf_fixdate("date", &date).unwrap(), t);
        // one byte changed: accepted only if it still is a canonical IMF-fixdate
        let mut mutated = date.clone().into_bytes();
        mutated[at] = byte;
        let mutated = String::from_utf8(mutated).unwrap();
        let canonical = httpdate::parse_http_date(&mutated)
            .ok()
            .filter(|parsed| httpdate::fmt_http_date(*parsed) == mutated);
        prop_assert_eq!(paysign::time::parse_imf_fixdate("date", &mutated).is_ok(), canonical.is_some());
        for other in [format!(" {date}"), format!("{date} "), date.replace("GMT", "UTC"), date.to_lowercase()] {
            prop_assert!(paysign::time::parse_imf_fixdate("date", &other).is_err(), "{other:?}");
        }
    }
}
