//! URL → resource path, canonical query, Host and request target. Never panics;
//! what X-Pay sends is what it signs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|url: &str| {
    let signer = paysign::XPaySigner::new("KEY", b"secret").unwrap();
    if let Ok(prepared) = signer.prepare(url) {
        let (_, query) = prepared.url.split_once('?').expect("the URL sent carries the query");
        assert_eq!(query, prepared.query_string, "the query sent is not the query signed");
        // Preparing the URL we send again changes nothing: it is canonical.
        let again = signer.prepare(&prepared.url).unwrap();
        assert_eq!(again.url, prepared.url);
        assert_eq!(again.resource_path, prepared.resource_path);
    }
    if let Ok(prepared) = paysign::cybersource::prepare_url(url) {
        assert!(prepared.request_target.starts_with('/'));
        assert!(!prepared.host.is_empty());
    }
    let _ = paysign::xpay::canonical_query(url, "KEY");
});
