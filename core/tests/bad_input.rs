//! The bad-input table: each input is refused with an error naming its field,
//! and no error carries the secret.

use paysign::{api, cybersource, paysimple, xpay, CyberSourceSigner, PaySimpleSigner, XPaySigner};

const SECRET_B64: &str = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";
const DATE: &str = "Thu, 18 Jul 2019 00:18:03 GMT";

fn cs(
    edit: impl FnOnce(&mut cybersource::Request<'static>),
) -> paysign::Result<cybersource::Signed> {
    let mut req = cybersource::Request {
        key_id: "08c94330-f618-42a3-b09d-e1e43be5efda",
        shared_secret: SECRET_B64,
        merchant_id: "testrest",
        host: "apitest.cybersource.com",
        method: "POST",
        request_target: "/pts/v2/payments",
        body: b"{}",
        date: DATE,
    };
    edit(&mut req);
    cybersource::sign(&req)
}

fn field<T: std::fmt::Debug>(result: paysign::Result<T>) -> &'static str {
    let err = result.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(
        !text.contains(SECRET_B64) && !text.contains("s3cr3t"),
        "secret leaked: {text}"
    );
    err.field()
        .unwrap_or_else(|| panic!("not an invalid-argument error: {err}"))
}

#[test]
fn control_characters_in_header_and_signed_values() {
    for bad in ["a\rb", "a\nb", "a\0b", "a\tb", "a\u{7f}b", "a\u{85}b"] {
        assert_eq!(
            field(xpay::token(b"s3cr3t", 1, bad, "", b"")),
            "resource_path"
        );
        assert_eq!(
            field(xpay::token(b"s3cr3t", 1, "p", bad, b"")),
            "query_string"
        );
        assert_eq!(field(cs(|r| r.key_id = bad)), "key_id");
        assert_eq!(field(cs(|r| r.merchant_id = bad)), "merchant_id");
        assert_eq!(field(cs(|r| r.host = bad)), "host");
        assert_eq!(
            field(cs(|r| r.request_target = "/a\r\nX-Evil: 1")),
            "request_target"
        );
        assert_eq!(
            field(paysimple::header(bad, "s3cr3t", "2018-04-19T16:04:59Z")),
            "username"
        );
        assert_eq!(field(XPaySigner::new(bad, b"s3cr3t")), "api_key");
    }
}

#[test]
fn cybersource_specific_checks() {
    assert_eq!(field(cs(|r| r.key_id = "a\"b")), "key_id");
    assert_eq!(field(cs(|r| r.method = "TRACE")), "method");
    assert_eq!(field(cs(|r| r.method = "")), "method");
    assert_eq!(
        field(cs(|r| r.request_target = "pts/v2/payments")),
        "request_target"
    );
    for date in [
        "2019-07-18T00:18:03Z",
        "Thu, 18 Jul 2019 00:18:03 +0000",
        "Fri, 18 Jul 2019 00:18:03 GMT",
        "Thu, 18 Jul 2019 00:18:03 UTC",
        "Thursday, 18-Jul-19 00:18:03 GMT",
        "Thu Jul 18 00:18:03 2019",
    ] {
        assert_eq!(field(cs(|r| r.date = date)), "date", "{date}");
    }
    for secret in [
        "not base64!",
        "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE",
        "yBJxy6LjM2TmcPGu-GaJrHtkke25fPpUX_UY6/L/1tE=",
        " yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=",
        "",
    ] {
        assert_eq!(
            field(cs(|r| r.shared_secret = secret)),
            "shared_secret",
            "{secret}"
        );
        assert_eq!(
            field(CyberSourceSigner::new("m", "k", secret)),
            "shared_secret"
        );
    }
    // A method is accepted in any case.
    assert!(cs(|r| r.method = "pAtCh").is_ok());
}

#[test]
fn secret_text_never_reaches_a_message() {
    // The decoder's own error would name the offending character.
    let secret = "s3cr3t!s3cr3t!s3cr3t";
    let err = cs(|r| r.shared_secret = "s3cr3t!s3cr3t!s3cr3t").unwrap_err();
    assert!(
        !err.to_string().contains(secret) && !err.to_string().contains('!'),
        "{err}"
    );
}

#[test]
fn timestamps_outside_1970_to_9999() {
    for ts in [-1, i64::MIN, 253_402_300_800, i64::MAX] {
        assert_eq!(field(xpay::token(b"s3cr3t", ts, "p", "", b"")), "timestamp");
        assert_eq!(field(paysign::time::imf_fixdate(ts)), "unix_time");
    }
    assert!(xpay::token(b"s3cr3t", 253_402_300_799, "p", "", b"").is_ok());
    for ts in [
        "yesterday",
        "2018-04-19 16:04:59Z",
        "2018-04-19T16:04:59",
        "",
        "1969-12-31T23:59:59Z",
        "2018-13-01T00:00:00Z",
        "2018-04-19t16:04:59Z",
    ] {
        assert_eq!(
            field(paysimple::header("u", "s3cr3t", ts)),
            "timestamp",
            "{ts}"
        );
    }
    assert_eq!(
        field(api::verify_x_pay_token(
            b"s3cr3t",
            "xv2:1:00",
            "p",
            "",
            b"",
            None,
            Some(-1)
        )),
        "max_skew"
    );
}

#[test]
fn empty_secrets_and_names() {
    assert_eq!(field(xpay::token(b"", 1, "p", "", b"")), "shared_secret");
    assert_eq!(
        field(paysimple::header("u", "", "2018-04-19T16:04:59Z")),
        "api_key"
    );
    assert_eq!(
        field(paysimple::header("", "k", "2018-04-19T16:04:59Z")),
        "username"
    );
    assert_eq!(
        field(paysimple::header("a;b", "k", "2018-04-19T16:04:59Z")),
        "username"
    );
    assert_eq!(field(cs(|r| r.merchant_id = "")), "merchant_id");
    assert_eq!(field(PaySimpleSigner::new("u", "")), "api_key");
}

#[test]
fn request_level_urls() {
    let signer = XPaySigner::new("K", b"s3cr3t").unwrap();
    for url in [
        "/vdp/helloworld",
        "ftp://x/vdp",
        "https://",
        "not a url",
        "https://h/a\nb",
    ] {
        assert_eq!(field(signer.sign_at("GET", url, b"", 1)), "url", "{url}");
    }
    assert_eq!(
        field(signer.sign_at("GET", "https://h/vdp/x?apiKey=K", b"", 1)),
        "url"
    );
    assert_eq!(
        field(signer.sign_at("FETCH", "https://h/vdp/x", b"", 1)),
        "method"
    );
}

#[test]
fn debug_never_shows_a_secret() {
    let x = XPaySigner::new("K", b"s3cr3t-xpay").unwrap();
    let c = CyberSourceSigner::new("m", "k", SECRET_B64).unwrap();
    let p = PaySimpleSigner::new("u", "s3cr3t-ps").unwrap();
    let req = cybersource::Request {
        key_id: "k",
        shared_secret: SECRET_B64,
        merchant_id: "m",
        host: "h",
        method: "GET",
        request_target: "/",
        body: b"",
        date: DATE,
    };
    let shown = format!(
        "{x:?} {c:?} {p:?} {req:?} {:?}",
        paysign::SecretBytes::new(b"s3cr3t-bytes".to_vec())
    );
    for secret in ["s3cr3t", SECRET_B64, "yBJxy6"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("redacted"));
}
