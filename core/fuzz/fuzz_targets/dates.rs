//! The date and timestamp parsers. Never panic; what they accept formats back
//! to the same instant.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paysign::time;

fuzz_target!(|data: (&str, i64, u32)| {
    let (text, unix, nanos) = data;
    if let Ok(t) = time::parse_imf_fixdate("date", text) {
        assert_eq!(time::imf_fixdate(t).unwrap(), text, "an accepted IMF-fixdate is canonical");
    }
    if let Ok(t) = time::parse_rfc3339("timestamp", text) {
        assert!((0..=time::MAX_UNIX_TIME).contains(&t));
    }
    if let Ok(formatted) = time::imf_fixdate(unix) {
        assert_eq!(time::parse_imf_fixdate("date", &formatted).unwrap(), unix);
    }
    if let Ok(formatted) = time::paysimple_timestamp(unix, nanos) {
        assert_eq!(time::parse_rfc3339("timestamp", &formatted).unwrap(), unix);
    }
});
