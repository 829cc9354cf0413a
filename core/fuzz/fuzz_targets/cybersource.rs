//! CyberSource: the Signature header parser and the verifier on arbitrary
//! headers. Never panics; accepts only a signature the secret makes.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

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
        let _ = paysign::cybersource::parse_signature_header(value);
    }
    let verdict = paysign::cybersource::verify(
        input.secret,
        &input.headers,
        input.method,
        input.request_target,
        input.body,
        input.now,
        input.max_skew,
    );
    if verdict.is_ok() {
        let find = |name: &str| {
            input.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v).unwrap()
        };
        let params = paysign::cybersource::parse_signature_header(find("Signature")).unwrap();
        let signed = paysign::cybersource::sign(&paysign::cybersource::Request {
            key_id: params.key_id,
            shared_secret: input.secret,
            merchant_id: find("v-c-merchant-id"),
            host: find("Host"),
            method: input.method,
            request_target: input.request_target,
            body: input.body,
            date: find("Date"),
        });
        // Values the signer refuses (control characters) can still verify if
        // the HMAC matches; then compare the HMAC over the same signing string.
        if let Ok(signed) = signed {
            let ours = paysign::cybersource::parse_signature_header(&signed.signature).unwrap();
            assert_eq!(ours.signature, params.signature, "accepted a signature the secret did not make");
        }
    }
});
