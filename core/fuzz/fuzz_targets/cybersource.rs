//! CyberSource: the Signature header parser and the verifier on arbitrary
//! headers. Never panics; accepts only the one Signature header the secret
//! makes (byte for byte what the signer prints), and only when every header
//! the scheme reads appears once.
#![no_main]

use arbitrary::Arbitrary;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use paysign::cybersource as cs;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    secret: &'a str,
    headers: Vec<(&'a str, &'a str)>,
    method: &'a str,
    request_target: &'a str,
    body: &'a [u8],
    now: i64,
    max_skew: u64,
}

fuzz_target!(|input: Input<'_>| {
    for (_, value) in &input.headers {
        if let Ok(p) = cs::parse_signature_header(value) {
            let printed = format!(
                "keyid=\"{}\", algorithm=\"{}\", headers=\"{}\", signature=\"{}\"",
                p.key_id, p.algorithm, p.headers, p.signature
            );
            assert_eq!(&printed, value, "a second spelling of a Signature parsed");
        }
    }
    let verdict = cs::verify(
        input.secret,
        &input.headers,
        input.method,
        input.request_target,
        input.body,
        input.now,
        input.max_skew,
    );
    if verdict.is_ok() {
        for name in cs::READ_HEADERS {
            let copies = input.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).count();
            assert!(copies <= 1, "accepted a duplicated {name}");
        }
        let find = |name: &str| {
            input.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
        };
        let method = paysign::Method::parse("method", input.method).unwrap();
        let received = find("Signature").unwrap();
        let params = cs::parse_signature_header(received).unwrap();
        let digest = method.has_digest().then(|| cs::digest(input.body));
        if let Some(d) = &digest {
            assert_eq!(find("Digest"), Some(d.as_str()), "accepted a Digest that is not the body's");
        }
        let signing = cs::SigningInput {
            host: find("Host").unwrap(),
            date: find("Date").unwrap(),
            method,
            request_target: input.request_target,
            digest: digest.as_deref(),
            merchant_id: find("v-c-merchant-id").unwrap(),
        }
        .signing_string();
        let key = BASE64.decode(input.secret).unwrap();
        let mac = BASE64.encode(paysign::hmac_sha256(&key, signing.as_bytes()));
        assert_eq!(
            cs::signature_header(params.key_id, method, &mac),
            received,
            "accepted a Signature the secret did not make"
        );
    }
});
