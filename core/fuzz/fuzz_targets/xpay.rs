//! X-Pay-Token: the token parser and the verifier on arbitrary requests. The
//! verifier must never panic, and must accept only the one token the secret
//! makes: byte for byte what `xpay::token` prints (no second spelling).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    secret: &'a [u8],
    token: &'a str,
    resource_path: &'a str,
    query_string: &'a str,
    body: &'a [u8],
    now: i64,
    max_skew: u64,
}

fuzz_target!(|input: Input<'_>| {
    if let Ok((ts, mac)) = paysign::xpay::parse_token(input.token) {
        // What the parser accepts prints back to the same bytes.
        assert_eq!(format!("xv2:{ts}:{}", hex_of(&mac)), input.token, "a second spelling parsed");
    }
    let verdict = paysign::xpay::verify(
        input.secret,
        input.token,
        input.resource_path,
        input.query_string,
        input.body,
        input.now,
        input.max_skew,
    );
    if verdict.is_ok() {
        let (ts, _) = paysign::xpay::parse_token(input.token).unwrap();
        let expected =
            paysign::xpay::token(input.secret, ts, input.resource_path, input.query_string, input.body).unwrap();
        assert_eq!(expected, input.token, "accepted a token the secret did not make");
    }
});

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
