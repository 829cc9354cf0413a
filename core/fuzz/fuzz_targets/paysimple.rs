//! PaySimple: the PSSERVER parser and the verifier. Never panics; accepts only
//! a signature the API key makes over the timestamp received.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    api_key: &'a str,
    header: &'a str,
    now: i64,
    max_skew: u64,
}

fuzz_target!(|input: Input<'_>| {
    let _ = paysign::paysimple::parse_header(input.header);
    if paysign::paysimple::verify(input.header, input.api_key, input.now, input.max_skew).is_ok() {
        let parsed = paysign::paysimple::parse_header(input.header).unwrap();
        let expected = paysign::paysimple::signature(input.api_key, parsed.timestamp).unwrap();
        assert_eq!(expected, parsed.signature, "accepted a signature the key did not make");
    }
});
