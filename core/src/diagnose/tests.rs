//! Each wrong value is built here with `hmac`/`sha2`/`base64`/`hex`
//! directly, by making the mistake, never with the diagnosing code.

use super::*;
use crate::time::Time;
use crate::xpay::PathRule;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{KeyInit, Mac};
use sha2::{Digest as _, Sha256};

fn xpay(req: &XPayRequest<'_>, token: &str) -> crate::Result<Report> {
    super::xpay::diagnose(req, token)
}

fn cybersource(req: &CyberSourceRequest<'_>) -> crate::Result<Report> {
    super::cybersource::diagnose(req)
}

fn paysimple(req: &PaySimpleRequest<'_>, header: &str) -> crate::Result<Report> {
    super::paysimple::diagnose(req, header)
}

/// The one mistake of a round-1 single-mistake case.
trait Single {
    fn mistake(&self) -> Option<&'static str>;
}

impl Single for Report {
    fn mistake(&self) -> Option<&'static str> {
        assert!(self.mistakes.len() <= 1, "more than one mistake: {self:?}");
        self.mistakes.first().copied()
    }
}

fn no_match(r: &Report) -> bool {
    !r.valid && r.mistakes.is_empty() && r.expected.is_some()
}

fn raw_mac(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut m = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    m.update(msg);
    m.finalize().into_bytes().to_vec()
}

// ---------------- X-Pay

const SECRET: &[u8] = b"p@ssw0rd-shared-secret";
const KEY: &str = "KSKDFJOP934ALSFDJP34";

fn xreq<'a>(method: &'a str, url: &'a str, body: &'a [u8]) -> XPayRequest<'a> {
    XPayRequest {
        api_key: KEY,
        shared_secret: SECRET,
        method,
        url,
        body,
        path_rule: PathRule::ContextPath,
        time: None,
    }
}

fn xtok(ts: &str, message: &[u8]) -> String {
    format!("xv2:{ts}:{}", hex::encode(raw_mac(SECRET, message)))
}

fn xdiag(req: &XPayRequest<'_>, token: &str) -> Report {
    xpay(req, token).unwrap()
}

const HELLO: &str = "https://sandbox.api.visa.com/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34";

#[test]
fn xpay_valid() {
    let t = xtok(
        "1455716783",
        b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34",
    );
    assert_eq!(xdiag(&xreq("GET", HELLO, b""), &t), Report::valid());
}

#[test]
fn xpay_timestamp_milliseconds() {
    let t = xtok(
        "1455716783000",
        b"1455716783000helloworldapikey=KSKDFJOP934ALSFDJP34",
    );
    let d = xdiag(&xreq("GET", HELLO, b""), &t);
    assert_eq!(d.mistake(), Some("timestamp_milliseconds"), "{d}");
    // only the message in milliseconds
    let t = xtok(
        "1455716783",
        b"1455716783123helloworldapikey=KSKDFJOP934ALSFDJP34",
    );
    assert_eq!(
        xdiag(&xreq("GET", HELLO, b""), &t).mistake(),
        Some("timestamp_milliseconds")
    );
}

#[test]
fn xpay_leading_slash() {
    let t = xtok(
        "1455716783",
        b"1455716783/helloworldapikey=KSKDFJOP934ALSFDJP34",
    );
    let d = xdiag(&xreq("GET", HELLO, b""), &t);
    assert_eq!(d.mistake(), Some("resource_path_leading_slash"), "{d}");
}

#[test]
fn xpay_context_path_kept() {
    for path in ["vdp/helloworld", "/vdp/helloworld"] {
        let msg = format!("1455716783{path}apikey=KSKDFJOP934ALSFDJP34");
        let t = xtok("1455716783", msg.as_bytes());
        let d = xdiag(&xreq("GET", HELLO, b""), &t);
        assert_eq!(d.mistake(), Some("context_path_kept"), "{d}");
    }
}

#[test]
fn xpay_context_path_stripped() {
    let url = "https://sandbox.api.visa.com/vts/provisionedTokens?apikey=KSKDFJOP934ALSFDJP34";
    let t = xtok(
        "1455716783",
        b"1455716783provisionedTokensapikey=KSKDFJOP934ALSFDJP34",
    );
    let d = xdiag(&xreq("GET", url, b""), &t);
    assert_eq!(d.mistake(), Some("context_path_stripped"), "{d}");
    // and against the full-path override
    let mut r = xreq("GET", HELLO, b"");
    r.path_rule = PathRule::FullPath;
    let t = xtok(
        "1455716783",
        b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34",
    );
    assert_eq!(xdiag(&r, &t).mistake(), Some("context_path_stripped"));
}

#[test]
fn xpay_query_unsorted() {
    // sent unsorted, signed as sent
    let url =
        "https://sandbox.api.visa.com/vdp/helloworld?zeta=1&apikey=KSKDFJOP934ALSFDJP34&alpha=2";
    let t = xtok(
        "1455716783",
        b"1455716783helloworldzeta=1&apikey=KSKDFJOP934ALSFDJP34&alpha=2",
    );
    let d = xdiag(&xreq("GET", url, b""), &t);
    assert_eq!(d.mistake(), Some("query_unsorted"), "{d}");
    // sent sorted, signed in another order
    let url =
        "https://sandbox.api.visa.com/vdp/helloworld?alpha=2&apikey=KSKDFJOP934ALSFDJP34&zeta=1";
    let t = xtok(
        "1455716783",
        b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34&zeta=1&alpha=2",
    );
    assert_eq!(
        xdiag(&xreq("GET", url, b""), &t).mistake(),
        Some("query_unsorted")
    );
}

#[test]
fn xpay_query_missing() {
    let t = xtok("1455716783", b"1455716783helloworld");
    let d = xdiag(&xreq("GET", HELLO, b""), &t);
    assert_eq!(d.mistake(), Some("query_missing"), "{d}");
}

#[test]
fn xpay_query_with_question_mark() {
    let t = xtok(
        "1455716783",
        b"1455716783helloworld?apikey=KSKDFJOP934ALSFDJP34",
    );
    let d = xdiag(&xreq("GET", HELLO, b""), &t);
    assert_eq!(d.mistake(), Some("query_with_question_mark"), "{d}");
}

#[test]
fn xpay_api_key_case() {
    // signed with apiKey, URL sends apikey
    let t = xtok(
        "1455716783",
        b"1455716783helloworldapiKey=KSKDFJOP934ALSFDJP34",
    );
    let d = xdiag(&xreq("GET", HELLO, b""), &t);
    assert_eq!(d.mistake(), Some("api_key_case"), "{d}");
    // the URL sends apiKey and it was signed as sent
    let url = "https://sandbox.api.visa.com/vdp/helloworld?apiKey=KSKDFJOP934ALSFDJP34";
    assert_eq!(
        xdiag(&xreq("GET", url, b""), &t).mistake(),
        Some("api_key_case")
    );
}

const BODY: &[u8] = br#"{"amount": "10.00", "items": [1, 2], "card": {}}"#;
const PAY: &str = "https://sandbox.api.visa.com/cybersource/payments/v1/authorizations?apikey=KSKDFJOP934ALSFDJP34";

#[test]
fn xpay_body_reserialized() {
    let compact = br#"{"amount":"10.00","items":[1,2],"card":{}}"#;
    let mut msg = b"1455716783payments/v1/authorizationsapikey=KSKDFJOP934ALSFDJP34".to_vec();
    msg.extend_from_slice(compact);
    let t = xtok("1455716783", &msg);
    let d = xdiag(&xreq("POST", PAY, BODY), &t);
    assert_eq!(d.mistake(), Some("body_reserialized"), "{d}");
    // the other way round: compact sent, spaced signed
    let mut msg = b"1455716783payments/v1/authorizationsapikey=KSKDFJOP934ALSFDJP34".to_vec();
    msg.extend_from_slice(BODY);
    let t = xtok("1455716783", &msg);
    assert_eq!(
        xdiag(&xreq("POST", PAY, compact), &t).mistake(),
        Some("body_reserialized")
    );
    // pretty-printed (JSON.stringify(x, null, 2))
    let pretty =
        b"{\n  \"amount\": \"10.00\",\n  \"items\": [\n    1,\n    2\n  ],\n  \"card\": {}\n}";
    let mut msg = b"1455716783payments/v1/authorizationsapikey=KSKDFJOP934ALSFDJP34".to_vec();
    msg.extend_from_slice(pretty);
    let t = xtok("1455716783", &msg);
    assert_eq!(
        xdiag(&xreq("POST", PAY, compact), &t).mistake(),
        Some("body_reserialized")
    );
}

#[test]
fn xpay_body_null_or_undefined() {
    for text in ["null", "undefined"] {
        let msg = format!("1455716783helloworldapikey=KSKDFJOP934ALSFDJP34{text}");
        let t = xtok("1455716783", msg.as_bytes());
        let d = xdiag(&xreq("GET", HELLO, b""), &t);
        assert_eq!(d.mistake(), Some("body_null_or_undefined"), "{d}");
        assert!(d.to_string().contains(text));
    }
}

#[test]
fn xpay_body_not_signed() {
    let t = xtok(
        "1455716783",
        b"1455716783payments/v1/authorizationsapikey=KSKDFJOP934ALSFDJP34",
    );
    let d = xdiag(&xreq("POST", PAY, BODY), &t);
    assert_eq!(d.mistake(), Some("body_not_signed"), "{d}");
}

#[test]
fn xpay_trailing_newline() {
    let t = xtok(
        "1455716783",
        b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34\n",
    );
    let d = xdiag(&xreq("GET", HELLO, b""), &t);
    assert_eq!(d.mistake(), Some("trailing_newline"), "{d}");
}

#[test]
fn xpay_uppercase_hex() {
    let t = format!(
        "xv2:1455716783:{}",
        hex::encode_upper(raw_mac(
            SECRET,
            b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34"
        ))
    );
    let d = xdiag(&xreq("GET", HELLO, b""), &t);
    assert_eq!(d.mistake(), Some("uppercase_hex"), "{d}");
}

#[test]
fn xpay_no_match_shows_both() {
    let t = xtok("1455716783", b"something else entirely");
    let d = xdiag(&xreq("GET", HELLO, b""), &t);
    assert!(no_match(&d), "{d:?}");
    assert!(d.message.contains(&t));
    assert_eq!(
        d.expected.as_deref(),
        Some(
            xtok(
                "1455716783",
                b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34"
            )
            .as_str()
        )
    );
    // too malformed to read: still diagnosed, saying what is wrong
    let d = xdiag(&xreq("GET", HELLO, b""), "garbage");
    assert_eq!(d.mistakes, ["token_malformed"], "{d:?}");
    assert!(d.message.contains("does not start with `xv2:`"), "{d}");
}

#[test]
fn xpay_bad_input_names_field() {
    let err = xpay(&xreq("GET", "not a url", b""), "x").unwrap_err();
    assert_eq!(err.field(), Some("url"));
}

// ---------------- CyberSource

const CS_SECRET: &str = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";
const DATE: &str = "Thu, 18 Jul 2019 00:18:03 GMT";
const CS_URL: &str = "https://apitest.cybersource.com/pts/v2/payments";
const CS_BODY: &[u8] = br#"{"clientReferenceInformation":{"code":"TC50171_3"}}"#;
const CS_GET: &str = "https://apitest.cybersource.com/reporting/v3/reports?organizationId=testrest";

fn b64digest(body: &[u8]) -> String {
    format!("SHA-256={}", BASE64.encode(Sha256::digest(body)))
}

fn cs_sig(key: &[u8], s: &str) -> String {
    BASE64.encode(raw_mac(key, s.as_bytes()))
}

fn decoded() -> Vec<u8> {
    BASE64.decode(CS_SECRET).unwrap()
}

/// The signing string of the POST example with each line chosen by the test.
fn post_string(host: &str, date: &str, rt: &str, digest: &str) -> String {
    format!("host: {host}\ndate: {date}\n{rt}\ndigest: {digest}\nv-c-merchant-id: testrest")
}

struct Cs {
    method: &'static str,
    url: &'static str,
    body: &'static [u8],
    headers: Vec<(String, String)>,
    time: Option<i64>,
}

impl Cs {
    fn post(signature: String, date: &str, digest: &str, list: &str) -> Cs {
        Cs {
            method: "POST",
            url: CS_URL,
            body: CS_BODY,
            headers: vec![
                ("v-c-merchant-id".into(), "testrest".into()),
                ("Date".into(), date.into()),
                ("Host".into(), "apitest.cybersource.com".into()),
                ("Digest".into(), digest.into()),
                (
                    "Signature".into(),
                    format!(
                        "keyid=\"08c94330-f618-42a3-b09d-e1e43be5efda\", algorithm=\"HmacSHA256\", headers=\"{list}\", signature=\"{signature}\""
                    ),
                ),
            ],
            time: None,
        }
    }

    fn run(&self) -> Report {
        let pairs: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        cybersource(&CyberSourceRequest {
            merchant_id: "testrest",
            key_id: None,
            shared_secret: CS_SECRET,
            method: self.method,
            url: self.url,
            body: self.body,
            headers: &pairs,
            time: self.time,
        })
        .unwrap()
    }
}

const LIST: &str = "host date request-target digest v-c-merchant-id";

fn cs_post(s: &str) -> Report {
    Cs::post(cs_sig(&decoded(), s), DATE, &b64digest(CS_BODY), LIST).run()
}

fn good_string() -> String {
    post_string(
        "apitest.cybersource.com",
        DATE,
        "request-target: post /pts/v2/payments",
        &b64digest(CS_BODY),
    )
}

#[test]
fn cs_valid() {
    assert_eq!(cs_post(&good_string()), Report::valid());
}

#[test]
fn cs_secret_not_decoded() {
    let sig = cs_sig(CS_SECRET.as_bytes(), &good_string());
    let d = Cs::post(sig, DATE, &b64digest(CS_BODY), LIST).run();
    assert_eq!(d.mistake(), Some("secret_not_base64_decoded"), "{d}");
}

#[test]
fn cs_request_target_parentheses() {
    let s = post_string(
        "apitest.cybersource.com",
        DATE,
        "(request-target): post /pts/v2/payments",
        &b64digest(CS_BODY),
    );
    let sig = cs_sig(&decoded(), &s);
    let d = Cs::post(
        sig,
        DATE,
        &b64digest(CS_BODY),
        "host date (request-target) digest v-c-merchant-id",
    )
    .run();
    assert_eq!(d.mistake(), Some("request_target_parentheses"), "{d}");
    // right string, old headers= list
    let sig = cs_sig(&decoded(), &good_string());
    let d = Cs::post(
        sig,
        DATE,
        &b64digest(CS_BODY),
        "host date (request-target) digest v-c-merchant-id",
    )
    .run();
    assert_eq!(d.mistake(), Some("request_target_parentheses"), "{d}");
}

#[test]
fn cs_method_not_lowercased() {
    let s = post_string(
        "apitest.cybersource.com",
        DATE,
        "request-target: POST /pts/v2/payments",
        &b64digest(CS_BODY),
    );
    let d = cs_post(&s);
    assert_eq!(d.mistake(), Some("method_not_lowercased"), "{d}");
}

#[test]
fn cs_query_missing_from_target() {
    let s = format!("host: apitest.cybersource.com\ndate: {DATE}\nrequest-target: get /reporting/v3/reports\nv-c-merchant-id: testrest");
    let sig = cs_sig(&decoded(), &s);
    let mut c = Cs::post(sig, DATE, "", "host date request-target v-c-merchant-id");
    c.method = "GET";
    c.url = CS_GET;
    c.body = b"";
    c.headers.retain(|(n, _)| n != "Digest");
    let d = c.run();
    assert_eq!(d.mistake(), Some("query_missing_from_target"), "{d}");
}

#[test]
fn cs_digest_of_different_body() {
    let spaced = br#"{"clientReferenceInformation": {"code": "TC50171_3"}}"#;
    let wrong = b64digest(spaced);
    let s = post_string(
        "apitest.cybersource.com",
        DATE,
        "request-target: post /pts/v2/payments",
        &wrong,
    );
    // the header carries the wrong digest too
    let d = Cs::post(cs_sig(&decoded(), &s), DATE, &wrong, LIST).run();
    assert_eq!(d.mistake(), Some("digest_of_different_body"), "{d}");
    // the header is right, the signed digest is not
    let d = cs_post(&s);
    assert_eq!(d.mistake(), Some("digest_of_different_body"), "{d}");
}

#[test]
fn cs_digest_hex() {
    let wrong = format!("SHA-256={}", hex::encode(Sha256::digest(CS_BODY)));
    let s = post_string(
        "apitest.cybersource.com",
        DATE,
        "request-target: post /pts/v2/payments",
        &wrong,
    );
    let d = Cs::post(cs_sig(&decoded(), &s), DATE, &wrong, LIST).run();
    assert_eq!(d.mistake(), Some("digest_hex"), "{d}");
}

#[test]
fn cs_host_with_scheme_or_port() {
    for host in [
        "https://apitest.cybersource.com",
        "apitest.cybersource.com:443",
    ] {
        let s = post_string(
            host,
            DATE,
            "request-target: post /pts/v2/payments",
            &b64digest(CS_BODY),
        );
        let d = cs_post(&s);
        assert_eq!(d.mistake(), Some("host_with_scheme_or_port"), "{host}: {d}");
    }
}

#[test]
fn cs_date_not_gmt() {
    // header and signature both in local time with an offset
    let local = "Thu, 18 Jul 2019 02:18:03 +0200";
    let s = post_string(
        "apitest.cybersource.com",
        local,
        "request-target: post /pts/v2/payments",
        &b64digest(CS_BODY),
    );
    let d = Cs::post(cs_sig(&decoded(), &s), local, &b64digest(CS_BODY), LIST).run();
    assert_eq!(d.mistake(), Some("date_not_gmt"), "{d}");
    // header right, signed local time labelled GMT
    let s = post_string(
        "apitest.cybersource.com",
        "Thu, 18 Jul 2019 02:18:03 GMT",
        "request-target: post /pts/v2/payments",
        &b64digest(CS_BODY),
    );
    assert_eq!(cs_post(&s).mistake(), Some("date_not_gmt"));
    // header and signature local labelled GMT, caught with the request time
    let fake = "Thu, 18 Jul 2019 02:18:03 GMT";
    let mut c = Cs::post(cs_sig(&decoded(), &s), fake, &b64digest(CS_BODY), LIST);
    c.time = Some(1_563_409_083);
    assert_eq!(c.run().mistake(), Some("date_not_gmt"));
}

#[test]
fn cs_date_not_imf_fixdate() {
    let iso = "2019-07-18T00:18:03Z";
    let s = post_string(
        "apitest.cybersource.com",
        iso,
        "request-target: post /pts/v2/payments",
        &b64digest(CS_BODY),
    );
    let d = Cs::post(cs_sig(&decoded(), &s), iso, &b64digest(CS_BODY), LIST).run();
    assert_eq!(d.mistake(), Some("date_not_imf_fixdate"), "{d}");
    // header right, signed with UTC instead of GMT
    let s = post_string(
        "apitest.cybersource.com",
        "Thu, 18 Jul 2019 00:18:03 UTC",
        "request-target: post /pts/v2/payments",
        &b64digest(CS_BODY),
    );
    assert_eq!(cs_post(&s).mistake(), Some("date_not_imf_fixdate"));
}

#[test]
fn cs_missing_space_after_colon() {
    let all = good_string().replace(": ", ":");
    assert_eq!(cs_post(&all).mistake(), Some("missing_space_after_colon"));
    let host_only = good_string().replacen("host: ", "host:", 1);
    assert_eq!(
        cs_post(&host_only).mistake(),
        Some("missing_space_after_colon")
    );
}

#[test]
fn cs_trailing_newline() {
    let s = format!("{}\n", good_string());
    assert_eq!(cs_post(&s).mistake(), Some("trailing_newline"));
}

#[test]
fn cs_date_line_missing() {
    let s = format!(
        "host: apitest.cybersource.com\nrequest-target: post /pts/v2/payments\ndigest: {}\nv-c-merchant-id: testrest",
        b64digest(CS_BODY)
    );
    assert_eq!(cs_post(&s).mistake(), Some("date_line_missing"));
}

#[test]
fn cs_no_match() {
    let d = cs_post("nothing like it");
    assert!(no_match(&d), "{d:?}");
    assert_eq!(d.expected, Some(cs_sig(&decoded(), &good_string())));
}

// ---------------- PaySimple

const API_KEY: &str = "ps-api-key-0123456789";
const PTS: &str = "2017-07-20T20:45:44.0973928Z";

fn ps(header: &str, signed: Option<&str>) -> Report {
    paysimple(
        &PaySimpleRequest {
            api_key: API_KEY,
            signed_timestamp: signed,
        },
        header,
    )
    .unwrap()
}

fn ps_header(ts: &str, sig: &str) -> String {
    format!("PSSERVER accessid=APIUser1000; timestamp={ts}; signature={sig}")
}

#[test]
fn ps_valid() {
    let sig = BASE64.encode(raw_mac(API_KEY.as_bytes(), PTS.as_bytes()));
    assert_eq!(ps(&ps_header(PTS, &sig), None), Report::valid());
}

#[test]
fn ps_trailing_newline() {
    // Ruby: Base64.encode64(mac) == strict + "\n"
    let sig = format!(
        "{}\n",
        BASE64.encode(raw_mac(API_KEY.as_bytes(), PTS.as_bytes()))
    );
    let d = ps(&ps_header(PTS, &sig), None);
    assert_eq!(d.mistake(), Some("trailing_newline_in_base64"), "{d}");
}

#[test]
fn ps_hex() {
    let sig = hex::encode(raw_mac(API_KEY.as_bytes(), PTS.as_bytes()));
    let d = ps(&ps_header(PTS, &sig), None);
    assert_eq!(d.mistake(), Some("hex_instead_of_base64"), "{d}");
}

#[test]
fn ps_timestamp_differs() {
    let signed = "2017-07-20T20:45:44.0973901Z";
    let sig = BASE64.encode(raw_mac(API_KEY.as_bytes(), signed.as_bytes()));
    let d = ps(&ps_header(PTS, &sig), Some(signed));
    assert_eq!(d.mistake(), Some("timestamp_differs_from_signed"), "{d}");
    // found without being told: signed with 3 digits, sent with 7
    let signed = "2017-07-20T20:45:44.097Z";
    let sig = BASE64.encode(raw_mac(API_KEY.as_bytes(), signed.as_bytes()));
    let d = ps(&ps_header(PTS, &sig), None);
    assert_eq!(d.mistake(), Some("timestamp_differs_from_signed"), "{d}");
    // two clock readings 4 ms apart
    let sent = "2017-07-20T20:45:44.101Z";
    let d = ps(&ps_header(sent, &sig), None);
    assert_eq!(d.mistake(), Some("timestamp_differs_from_signed"), "{d}");
}

#[test]
fn ps_key_and_message_swapped() {
    let sig = BASE64.encode(raw_mac(PTS.as_bytes(), API_KEY.as_bytes()));
    let d = ps(&ps_header(PTS, &sig), None);
    assert_eq!(d.mistake(), Some("key_and_message_swapped"), "{d}");
    assert!(!d.to_string().contains(API_KEY));
}

#[test]
fn ps_header_syntax_and_timestamp() {
    let sig = BASE64.encode(raw_mac(API_KEY.as_bytes(), PTS.as_bytes()));
    let php = format!("PSSERVER AccessId = APIUser1000; Timestamp = {PTS}; Signature = {sig}");
    assert_eq!(ps(&php, None).mistake(), Some("header_syntax"));
    let local = "2017-07-20T14:45:44.0973928";
    let sig = BASE64.encode(raw_mac(API_KEY.as_bytes(), local.as_bytes()));
    assert_eq!(
        ps(&ps_header(local, &sig), None).mistake(),
        Some("timestamp_not_iso8601")
    );
}

#[test]
fn ps_no_match() {
    let d = ps(&ps_header(PTS, "AAAA"), None);
    assert!(
        no_match(&d) && d.message.ends_with("received AAAA"),
        "{d:?}"
    );
    assert!(!d.to_string().contains(API_KEY));
}

#[test]
fn catalogue_ids_are_unique_snake_case() {
    for cat in [XPAY, CYBERSOURCE, PAYSIMPLE, WEBHOOK] {
        for (i, e) in cat.iter().enumerate() {
            assert!(e
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit()));
            assert!(cat[..i].iter().all(|o| o.id != e.id), "{}", e.id);
        }
    }
}

/// Every case of the shared table `tests/diagnose/cases.json`, whose wrong
/// values an independent Python generator made.
#[test]
fn shared_table() {
    let table: serde_json::Value =
        serde_json::from_str(include_str!("../../../tests/diagnose/cases.json")).unwrap();
    let cases = table["cases"].as_array().unwrap();
    assert!(cases.len() >= 50, "{}", cases.len());
    let mut failures = Vec::new();
    for c in cases {
        let i = &c["input"];
        let s = |k: &str| i[k].as_str().unwrap_or_default();
        let time = || match i["time"].as_i64() {
            Some(t) => Time::unix(t),
            None => Time::Now,
        };
        let headers: Vec<(String, String)> = i["headers"]
            .as_array()
            .map(|h| {
                h.iter()
                    .map(|p| {
                        (
                            p[0].as_str().unwrap().to_owned(),
                            p[1].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let pairs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let report = match c["scheme"].as_str().unwrap() {
            "xpay" => crate::api::diagnose_x_pay_token(
                s("token"),
                s("api_key"),
                s("shared_secret").as_bytes(),
                s("method"),
                s("url"),
                s("body").as_bytes(),
                i["full_path"].as_bool().unwrap_or(false),
                &time(),
            ),
            "cybersource" => crate::api::diagnose_cybersource_signature(
                &pairs,
                s("merchant_id"),
                s("key_id"),
                s("shared_secret"),
                s("method"),
                s("url"),
                s("body").as_bytes(),
                &time(),
            ),
            "paysimple" => crate::api::diagnose_paysimple_header(
                s("authorization"),
                s("username"),
                s("api_key"),
                i["signed_timestamp"].as_str(),
            ),
            "cybersource-webhook" => crate::api::diagnose_cybersource_webhook(
                &pairs,
                s("key_id"),
                s("key"),
                s("body").as_bytes(),
                &time(),
            ),
            other => panic!("unknown scheme {other}"),
        }
        .unwrap();
        let want: Vec<&str> = c["mistakes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        if report.mistakes != want || report.valid != c["valid"].as_bool().unwrap() {
            failures.push(format!("{}: want {want:?}, got {report:?}", c["name"]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_catalogue_id_has_a_shared_case() {
    let table = include_str!("../../../tests/diagnose/cases.json");
    for cat in [XPAY, CYBERSOURCE, PAYSIMPLE, WEBHOOK] {
        for m in cat {
            assert!(
                table.contains(&format!("\"{}\"", m.id)),
                "no case for {}",
                m.id
            );
        }
    }
}

// ---------------- CyberSource webhook

const WH_KEY_ID: &str = "wh-key";
/// base64 of "webhook-key-bytes-0123456789abcdef"
const WH_KEY: &str = "d2ViaG9vay1rZXktYnl0ZXMtMDEyMzQ1Njc4OWFiY2RlZg==";
const WH_T: i64 = 1_700_000_000_123;

fn wh_mac(message: &[u8]) -> Vec<u8> {
    raw_mac(b"webhook-key-bytes-0123456789abcdef", message)
}

fn wh_signed(t: i64, after_dot: &[u8]) -> Vec<u8> {
    wh_mac(&[format!("{t}.").as_bytes(), after_dot].concat())
}

fn wh_diag(header: Option<(&str, &str)>, body: &[u8], time_ms: Option<i64>) -> Report {
    let headers: Vec<(&str, &str)> = header.into_iter().collect();
    let r = super::webhook::diagnose(&WebhookRequest {
        key_id: WH_KEY_ID,
        key: WH_KEY,
        headers: &headers,
        body,
        time_ms,
    })
    .unwrap();
    assert!(!r.message.contains(WH_KEY), "{r:?}");
    r
}

fn wh(value: &str, body: &[u8]) -> Report {
    wh_diag(Some(("v-c-signature", value)), body, None)
}

fn wh_header(sig: &str) -> String {
    format!("t={WH_T};keyId={WH_KEY_ID};sig={sig}")
}

#[test]
fn wh_valid() {
    let body = br#"{"payload": {"a": 1}}"#;
    let r = wh(&wh_header(&BASE64.encode(wh_signed(WH_T, body))), body);
    assert!(r.valid, "{r:?}");
}

#[test]
fn wh_payload_member_only() {
    // what Node printed for JSON.stringify(JSON.parse(body).payload): compact,
    // "1" moved first (an array index), 2.50 → 2.5, \/ and \u00e9 unescaped
    let body = br#"{"webhookId": "w", "payload": {"b": "\/x", "1": 2.50, "a": "\u00e9"}}"#;
    let stringified = r#"{"1":2.5,"b":"/x","a":"é"}"#;
    let r = wh(
        &wh_header(&BASE64.encode(wh_signed(WH_T, stringified.as_bytes()))),
        body,
    );
    assert_eq!(r.mistakes, ["payload_member_only"], "{r:?}");
    assert!(r.message.contains(stringified), "{}", r.message);
    assert!(r.message.contains("commercetools"), "{}", r.message);
    assert!(r.message.contains("the raw body"), "{}", r.message);

    // payload[0] of an array, and the array itself
    let body = br#"{"payload": [ {"id": 1e3}, 2 ]}"#;
    for (after_dot, named) in [
        (r#"[{"id":1000},2]"#, "`payload` member"),
        (r#"{"id":1000}"#, "payload[0]"),
    ] {
        let r = wh(
            &wh_header(&BASE64.encode(wh_signed(WH_T, after_dot.as_bytes()))),
            body,
        );
        assert_eq!(r.mistakes, ["payload_member_only"], "{r:?}");
        assert!(r.message.contains(named), "{}", r.message);
    }

    // combined with another part of the message: the key used as text
    let body = br#"{"payload": {"a": 1}}"#;
    let mac = raw_mac(
        WH_KEY.as_bytes(),
        &[format!("{WH_T}.").as_bytes(), br#"{"a":1}"#].concat(),
    );
    let r = wh(&wh_header(&BASE64.encode(mac)), body);
    assert_eq!(
        r.mistakes,
        ["payload_member_only", "key_not_base64_decoded"],
        "{r:?}"
    );
}

#[test]
fn wh_payload_member_only_needs_an_object_with_payload() {
    // the same bytes signed, but the body has no `payload` member to take them from
    for body in [
        &br#"[{"payload": {"a": 1}}]"#[..],
        br#"{"data": {"a": 1}}"#,
        br#"{"payload": {"a": 1},}"#,
        b"payload={\"a\":1}",
    ] {
        let r = wh(
            &wh_header(&BASE64.encode(wh_signed(WH_T, br#"{"a":1}"#))),
            body,
        );
        assert!(no_match(&r), "{}: {r:?}", String::from_utf8_lossy(body));
    }
}

#[test]
fn wh_signature_unpadded() {
    let body = br#"{"eventType":"payments.capture"}"#;
    // a time whose signature has + or /, and one whose signature has neither
    let with_special = (WH_T..)
        .find(|t| BASE64.encode(wh_signed(*t, body)).contains(['+', '/']))
        .unwrap();
    let plain = (WH_T..)
        .find(|t| !BASE64.encode(wh_signed(*t, body)).contains(['+', '/']))
        .unwrap();
    for t in [with_special, plain] {
        let padded = BASE64.encode(wh_signed(t, body));
        let sig = padded.trim_end_matches('=');
        assert_eq!(sig.len(), 43);
        let r = wh(&format!("t={t};keyId={WH_KEY_ID};sig={sig}"), body);
        assert_eq!(r.mistakes, ["signature_unpadded"], "{r:?}");
        assert!(r.message.contains("padding"), "{}", r.message);

        // URL-safe base64 is still named as such when it has its own - or _
        let url = padded
            .trim_end_matches('=')
            .replace('+', "-")
            .replace('/', "_");
        let r = wh(&format!("t={t};keyId={WH_KEY_ID};sig={url}"), body);
        let want: &[&str] = if t == with_special {
            &["signature_base64url"]
        } else {
            &["signature_unpadded"]
        };
        assert_eq!(r.mistakes, want, "{r:?}");
    }
    // 43 characters that are not the HMAC: nothing reproduces them
    let other = BASE64.encode(wh_mac(b"something else"));
    let r = wh(&wh_header(other.trim_end_matches('=')), body);
    assert!(no_match(&r), "{r:?}");
}

#[test]
fn wh_header_bare_signature() {
    let body = br#"{"eventType":"payments.capture"}"#;
    // the right HMAC for the notification's time, sent alone
    let right = BASE64.encode(wh_signed(WH_T, body));
    let r = wh_diag(Some(("v-c-signature", &right)), body, Some(WH_T));
    assert_eq!(r.mistakes, ["header_bare_signature"], "{r:?}");
    assert!(
        r.message.contains("right HMAC") && r.message.contains(&wh_header(&right)),
        "{}",
        r.message
    );
    // the HMAC of the body alone, as some webhook schemes send it
    let alone = BASE64.encode(wh_mac(body));
    let r = wh(&format!(" {alone} "), body);
    assert_eq!(
        r.mistakes,
        ["timestamp_not_signed", "header_bare_signature"],
        "{r:?}"
    );
    // in hex
    let r = wh_diag(
        Some(("v-c-signature", &hex::encode(wh_signed(WH_T, body)))),
        body,
        Some(WH_T),
    );
    assert_eq!(
        r.mistakes,
        ["signature_hex", "header_bare_signature"],
        "{r:?}"
    );
    // 32 bytes that are no HMAC of this body: still a bare signature
    let r = wh(&BASE64.encode([7u8; 32]), body);
    assert_eq!(r.mistakes, ["header_bare_signature"], "{r:?}");
    assert!(
        r.message
            .contains("t=<Unix ms>;keyId=<key id>;sig=<base64>"),
        "{}",
        r.message
    );
    // not 32 bytes: a malformed header, as before
    let r = wh(&BASE64.encode([7u8; 20]), body);
    assert_eq!(r.mistakes, ["header_malformed"], "{r:?}");
}

#[test]
fn wh_header_http_signature() {
    let body = br#"{"eventType":"payments.capture"}"#;
    let rest = format!(
        r#"keyid="{WH_KEY_ID}", algorithm="HmacSHA256", headers="host date request-target digest v-c-merchant-id", signature="{}""#,
        BASE64.encode(wh_signed(WH_T, body))
    );
    let r = wh(&rest, body);
    assert_eq!(r.mistakes, ["header_http_signature"], "{r:?}");
    assert!(
        r.message.contains("HTTP Signature") && r.message.contains("REST"),
        "{}",
        r.message
    );
    // sent as a Signature header instead of v-c-signature
    let r = wh_diag(Some(("Signature", &rest)), body, None);
    assert_eq!(r.mistakes, ["header_http_signature"], "{r:?}");
    assert!(
        r.message.contains("only a Signature header"),
        "{}",
        r.message
    );
    // a Signature header of another form is no help: the header is missing
    let r = wh_diag(Some(("Signature", "sha256=abc")), body, None);
    assert_eq!(r.mistakes, ["header_malformed"], "{r:?}");
    // t= present: the webhook's own fields, misspelled, not the REST form
    let r = wh(
        &format!(
            r#"t={WH_T}, keyId="{WH_KEY_ID}", algorithm="HmacSHA256", signature="{}""#,
            BASE64.encode(wh_signed(WH_T, body))
        ),
        body,
    );
    assert_eq!(r.mistakes, ["header_syntax"], "{r:?}");
}
