//! PaySimple: the PSSERVER parser and the verifier. Never panics; accepts only
//! the one header the API key makes over the timestamp received, byte for byte.
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
    if let Ok(p) = paysign::paysimple::parse_header(input.header) {
        let printed = format!("PSSERVER accessid={}; timestamp={}; signature={}", p.access_id, p.timestamp, p.signature);
        assert_eq!(printed, input.header, "a second spelling parsed");
    }
    if paysign::paysimple::verify(input.header, input.api_key, input.now, input.max_skew).is_ok() {
        let parsed = paysign::paysimple::parse_header(input.header).unwrap();
        let expected = paysign::paysimple::header(parsed.access_id, input.api_key, parsed.timestamp).unwrap();
        assert_eq!(expected, input.header, "accepted a header the key did not make");
    }
});
