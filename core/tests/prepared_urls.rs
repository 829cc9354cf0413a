//! A reused signer keeps the URLs it prepared: it must sign exactly what a
//! fresh signer signs, whatever the order of the URLs and however many there are.

use paysign::cybersource::CyberSourceSigner;
use paysign::paysimple::PaySimpleSigner;
use paysign::xpay::{PathRule, XPaySigner};
use proptest::prelude::*;

const SECRET_B64: &str = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";

fn urls() -> Vec<String> {
    // more than the signer keeps, so that entries are replaced
    (0..40)
        .map(|i| {
            format!(
                "https://sandbox.api.visa.com/vdp/r{}/x?b={i}&a={}#f",
                i % 7,
                i % 3
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn reused_signers_sign_what_fresh_signers_sign(picks in prop::collection::vec(0usize..40, 1..120),
                                                   method in prop::sample::select(vec!["GET", "POST", "put"]),
                                                   ts in 0i64..2_000_000_000) {
        let urls = urls();
        let xpay = XPaySigner::new("KEY", b"secret").unwrap();
        let cs = CyberSourceSigner::new("m", "k", SECRET_B64).unwrap();
        let ps = PaySimpleSigner::new("user", "key").unwrap();
        for &i in &picks {
            let url = &urls[i];
            let body = url.as_bytes();
            let fresh = XPaySigner::new("KEY", b"secret").unwrap();
            prop_assert_eq!(xpay.sign_at(method, url, body, ts).unwrap(), fresh.sign_at(method, url, body, ts).unwrap());
            let fresh = CyberSourceSigner::new("m", "k", SECRET_B64).unwrap();
            prop_assert_eq!(cs.sign_at(method, url, body, ts).unwrap(), fresh.sign_at(method, url, body, ts).unwrap());
            let fresh = PaySimpleSigner::new("user", "key").unwrap();
            prop_assert_eq!(ps.sign_at(method, url, body, ts, 7).unwrap(), fresh.sign_at(method, url, body, ts, 7).unwrap());
        }
    }
}

#[test]
fn another_path_rule_is_not_served_from_what_the_old_rule_prepared() {
    let url = "https://sandbox.api.visa.com/vdp/helloworld";
    let context = XPaySigner::new("KEY", b"secret").unwrap();
    let first = context.sign_at("GET", url, b"", 1).unwrap();
    let full = context.with_path_rule(PathRule::FullPath);
    let second = full.sign_at("GET", url, b"", 1).unwrap();
    let want = paysign::xpay::token(b"secret", 1, "vdp/helloworld", "apikey=KEY", b"").unwrap();
    assert_eq!(second.header("x-pay-token"), Some(want.as_str()));
    assert_ne!(first.header("x-pay-token"), second.header("x-pay-token"));
}

#[test]
fn a_bad_url_is_refused_every_time() {
    let cs = CyberSourceSigner::new("m", "k", SECRET_B64).unwrap();
    for _ in 0..2 {
        let err = cs.sign_at("GET", "ftp://x/y", b"", 1).unwrap_err();
        assert_eq!(err.field(), Some("url"));
    }
}
