//! X-Pay-Token: the token parser and the verifier on arbitrary requests. The
//! verifier must never panic, and must accept only the token the secret makes.
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
    let _ = paysign::xpay::parse_token(input.token);
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
