//! Differential properties: for random inputs, core agrees with `ring` (an
//! independent HMAC-SHA256 and SHA-256) on the primitive, the digest and each
//! scheme's output, with the scheme's text assembled here from SPEC.md.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use proptest::prelude::*;
use ring::{digest, hmac};

use paysign::{cybersource, paysimple, xpay};

fn ring_hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), message)
        .as_ref()
        .to_vec()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn hmac_primitive(key in prop::collection::vec(any::<u8>(), 0..200), message in prop::collection::vec(any::<u8>(), 0..500)) {
        prop_assert_eq!(paysign::hmac_sha256(&key, &message).to_vec(), ring_hmac(&key, &message));
    }

    #[test]
    fn cybersource_digest(body in prop::collection::vec(any::<u8>(), 0..2000)) {
        let expected = format!("SHA-256={}", B64.encode(digest::digest(&digest::SHA256, &body)));
        prop_assert_eq!(cybersource::digest(&body), expected);
    }

    #[test]
    fn xpay_token(secret in prop::collection::vec(any::<u8>(), 1..100), ts in 0i64..=paysign::time::MAX_UNIX_TIME,
                  rp in "[a-zA-Z0-9/_{}.-]{0,40}", qs in "[a-zA-Z0-9=&%+_.-]{0,60}",
                  body in prop::collection::vec(any::<u8>(), 0..500)) {
        let mut message = format!("{ts}{rp}{qs}").into_bytes();
        message.extend_from_slice(&body);
        let expected = format!("xv2:{ts}:{}", hex::encode(ring_hmac(&secret, &message)));
        prop_assert_eq!(xpay::token(&secret, ts, &rp, &qs, &body).unwrap(), expected);
    }

    #[test]
    fn cybersource_signature(secret in prop::collection::vec(any::<u8>(), 1..64), merchant in "[a-zA-Z0-9_]{1,20}",
                             host in "[a-z0-9]{1,10}(\\.[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?){0,3}", method in prop::sample::select(vec!["GET", "POST", "PUT", "PATCH", "DELETE"]),
                             target in "/[a-zA-Z0-9/?=&%._-]{0,40}", body in prop::collection::vec(any::<u8>(), 0..500),
                             t in 0i64..=paysign::time::MAX_UNIX_TIME) {
        let date = paysign::time::imf_fixdate(t).unwrap();
        let signed = cybersource::sign(&cybersource::Request {
            key_id: "k", shared_secret: &B64.encode(&secret), merchant_id: &merchant, host: &host,
            method, request_target: &target, body: &body, date: &date,
        }).unwrap();
        let with_digest = matches!(method, "POST" | "PUT" | "PATCH");
        let mut lines = vec![format!("host: {host}"), format!("date: {date}"),
                             format!("request-target: {} {target}", method.to_lowercase())];
        if with_digest {
            lines.push(format!("digest: SHA-256={}", B64.encode(digest::digest(&digest::SHA256, &body))));
        }
        lines.push(format!("v-c-merchant-id: {merchant}"));
        let signing_string = lines.join("\n");
        let list = if with_digest { "host date request-target digest v-c-merchant-id" } else { "host date request-target v-c-merchant-id" };
        let expected = format!(r#"keyid="k", algorithm="HmacSHA256", headers="{list}", signature="{}""#,
                               B64.encode(ring_hmac(&secret, signing_string.as_bytes())));
        prop_assert_eq!(&signed.signing_string, &signing_string);
        prop_assert_eq!(signed.signature, expected);
    }

    #[test]
    fn paysimple_header(user in "[A-Za-z0-9_.@-]{1,20}", key in "[ -~]{1,100}",
                        t in 0i64..=paysign::time::MAX_UNIX_TIME, nanos in 0u32..1_000_000_000) {
        let ts = paysign::time::paysimple_timestamp(t, nanos).unwrap();
        let expected = format!("PSSERVER accessid={user}; timestamp={ts}; signature={}",
                               B64.encode(ring_hmac(key.as_bytes(), ts.as_bytes())));
        prop_assert_eq!(paysimple::header(&user, &key, &ts).unwrap(), expected);
    }
}
