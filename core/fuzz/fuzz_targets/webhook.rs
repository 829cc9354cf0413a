//! CyberSource webhook `v-c-signature`: the parser and the whole-notification
//! verifier. Never panics; accepts only the one header value the key makes
//! for the body received, byte for byte, and only once.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use paysign::replay::Replay;
use paysign::webhook;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    key_id: &'a str,
    key_bytes: &'a [u8],
    headers: Vec<(&'a str, &'a str)>,
    body: &'a [u8],
    now: i64,
    max_skew: u64,
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fuzz_target!(|input: Input<'_>| {
    for (_, value) in &input.headers {
        if let Ok(p) = webhook::parse_signature(value) {
            let printed = format!("t={};keyId={};sig={}", p.timestamp_ms, p.key_id, b64(&p.mac));
            assert_eq!(&printed, value, "a second spelling parsed");
        }
    }
    let key = b64(input.key_bytes);
    let Ok(verifier) = webhook::CyberSourceWebhookVerifier::new(
        [(input.key_id.to_owned(), key.clone().into_bytes())],
        Some(input.max_skew),
        Replay::default(),
    ) else {
        return;
    };
    if verifier.verify_notification(&input.headers, input.body, Some(input.now)).is_ok() {
        let copies: Vec<&str> =
            input.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(webhook::HEADER)).map(|(_, v)| *v).collect();
        assert_eq!(copies.len(), 1, "accepted a duplicated v-c-signature");
        let parsed = webhook::parse_signature(copies[0]).unwrap();
        let expected = webhook::signature(input.key_id, &key, input.body, parsed.timestamp_ms).unwrap();
        assert_eq!(expected, copies[0], "accepted a signature the key did not make");
        let again = verifier.verify_notification(&input.headers, input.body, Some(input.now)).unwrap_err();
        assert_eq!(again.rejection().unwrap().code(), "replayed", "accepted a replay");
    }
});
