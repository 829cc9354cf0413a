//! End-to-end tests of the `paysign` binary: every subcommand, every format,
//! the exit statuses, secrets never printed, and one diagnose case per
//! catalogue entry, each produced by making that mistake here with
//! `hmac`/`sha2`/`base64`/`hex` directly.

use std::io::Write;

use assert_cmd::Command;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};

// ---------------------------------------------------------------- fixtures

const VISA_KEY: &str = "KSKDFJOP934ALSFDJP34";
const VISA_SECRET: &str = "visa-Sh4red-S3cret-XYZ";
const CS_SECRET: &str = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";
const CS_MERCHANT: &str = "testrest";
const CS_KEY_ID: &str = "08c94330-f618-42a3-b09d-e1e43be5efda";
/// base64 of "own-cs-secret-0123456789abcdef"
const CS_OWN_SECRET: &str = "b3duLWNzLXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm";
const CS_OWN_DECODED: &str = "own-cs-secret-0123456789abcdef";
const PS_USER: &str = "APIUser1000";
const PS_KEY: &str = "ps-Api-Key-0987654321";

const DATE: &str = "Thu, 18 Jul 2019 00:18:03 GMT";
const HELLO: &str = "https://sandbox.api.visa.com/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34";
const PAYMENTS: &str = "https://apitest.cybersource.com/pts/v2/payments";
const CS_BODY: &str = r#"{"clientReferenceInformation":{"code":"TC50171_3"},"orderInformation":{"amountDetails":{"totalAmount":"102.21","currency":"USD"}}}"#;

const SECRETS: [&str; 5] = [
    VISA_SECRET,
    CS_SECRET,
    CS_OWN_SECRET,
    CS_OWN_DECODED,
    PS_KEY,
];

fn mac(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut m = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    m.update(msg);
    m.finalize().into_bytes().to_vec()
}

fn cs_key() -> Vec<u8> {
    B64.decode(CS_SECRET).unwrap()
}

fn b64_digest(body: &[u8]) -> String {
    format!("SHA-256={}", B64.encode(Sha256::digest(body)))
}

fn xtoken(ts: &str, msg: &[u8]) -> String {
    format!("xv2:{ts}:{}", hex::encode(mac(VISA_SECRET.as_bytes(), msg)))
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }

    fn code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }

    fn has(&self, text: &str) -> &Self {
        assert!(
            self.stdout.contains(text),
            "stdout lacks {text:?}:\n{}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        self
    }

    fn err_has(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self
    }

    /// An invalid-input failure: status 2 and one line naming the field.
    fn invalid(&self, field: &str) -> &Self {
        self.code(2);
        let prefix = format!("paysign: error: {field}: ");
        assert!(self.stderr.starts_with(&prefix), "{:?}", self.stderr);
        assert_eq!(
            self.stderr.trim_end().lines().count(),
            1,
            "{:?}",
            self.stderr
        );
        self
    }
}

/// A `paysign` command with a clean environment.
fn paysign(args: &[&str]) -> Command {
    let mut c = assert_cmd::cargo::cargo_bin_cmd!("paysign");
    c.env_clear().args(args);
    c
}

fn visa(args: &[&str]) -> Command {
    let mut c = paysign(args);
    c.env("PAYSIGN_VISA_API_KEY", VISA_KEY)
        .env("PAYSIGN_VISA_SHARED_SECRET", VISA_SECRET);
    c
}

fn cyber(args: &[&str]) -> Command {
    let mut c = paysign(args);
    c.env("PAYSIGN_CYBERSOURCE_MERCHANT_ID", CS_MERCHANT)
        .env("PAYSIGN_CYBERSOURCE_KEY_ID", CS_KEY_ID)
        .env("PAYSIGN_CYBERSOURCE_SHARED_SECRET", CS_OWN_SECRET);
    c
}

fn pays(args: &[&str]) -> Command {
    let mut c = paysign(args);
    c.env("PAYSIGN_PAYSIMPLE_USERNAME", PS_USER)
        .env("PAYSIGN_PAYSIMPLE_API_KEY", PS_KEY);
    c
}

/// Runs the command and checks that nothing it printed contains a secret.
fn run(mut c: Command) -> Out {
    let o = c.output().unwrap();
    let out = Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    };
    for s in SECRETS {
        assert!(
            !out.stdout.contains(s) && !out.stderr.contains(s),
            "a secret was printed:\n{}\n{}",
            out.stdout,
            out.stderr
        );
    }
    out
}

// ---------------------------------------------------------------- help

#[test]
fn help_everywhere_has_example_and_exit_codes() {
    let top = run(paysign(&["--help"]));
    top.ok()
        .has("PAYSIGN_VISA_SHARED_SECRET")
        .has("PAYSIGN_CYBERSOURCE_SHARED_SECRET")
        .has("PAYSIGN_PAYSIMPLE_API_KEY")
        .has("Exit status")
        .has("--sandbox");
    for scheme in ["xpay", "cybersource", "paysimple"] {
        run(paysign(&[scheme, "--help"])).ok().has("Exit status");
        for sub in ["sign", "verify", "explain", "diagnose"] {
            let out = run(paysign(&[scheme, sub, "--help"]));
            out.ok().has("Example").has("Exit status").has("paysign");
        }
    }
    run(paysign(&["--version"])).ok().has("paysign");
}

#[test]
fn usage_errors_exit_2() {
    run(paysign(&[])).code(2);
    run(paysign(&["xpay", "sign"])).code(2);
    run(paysign(&["xpay", "sign", "GET", HELLO, "--format", "yaml"])).code(2);
    run(paysign(&["nosuchscheme"])).code(2);
}

// ---------------------------------------------------------------- secrets

#[test]
fn secret_on_command_line_is_refused_without_the_flag() {
    let out = run(paysign(&[
        "xpay",
        "sign",
        "GET",
        HELLO,
        "--api-key",
        VISA_KEY,
        "--secret",
        VISA_SECRET,
    ]));
    out.invalid("--secret").err_has("--insecure-secret-arg");
    let out = run(paysign(&[
        "xpay",
        "sign",
        "GET",
        HELLO,
        "--api-key",
        VISA_KEY,
        "--secret",
        VISA_SECRET,
        "--insecure-secret-arg",
        "--time",
        "1455716783",
    ]));
    let expected = xtoken(
        "1455716783",
        b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34",
    );
    out.ok().has(&format!("x-pay-token: {expected}"));
    // a secret that looks like a flag is still not echoed
    let out = run(paysign(&[
        "paysimple",
        "sign",
        "GET",
        "https://x.test/",
        "--secret",
        "-ps-Api-Key-0987654321",
    ]));
    out.invalid("--secret");
}

#[test]
fn secret_file_and_missing_secret() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(f, "{VISA_SECRET}").unwrap();
    let path = f.path().to_str().unwrap().to_owned();
    let out = run(paysign(&[
        "xpay",
        "sign",
        "GET",
        HELLO,
        "--api-key",
        VISA_KEY,
        "--secret-file",
        &path,
        "--time",
        "1455716783",
    ]));
    let expected = xtoken(
        "1455716783",
        b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34",
    );
    out.ok().has(&expected);
    run(paysign(&[
        "xpay",
        "sign",
        "GET",
        HELLO,
        "--api-key",
        VISA_KEY,
    ]))
    .invalid("shared_secret")
    .err_has("PAYSIGN_VISA_SHARED_SECRET");
    run(paysign(&["cybersource", "sign", "GET", PAYMENTS]))
        .invalid("merchant_id")
        .err_has("PAYSIGN_CYBERSOURCE_MERCHANT_ID");
    let mut c = paysign(&["paysimple", "sign", "GET", "https://x.test/"]);
    c.env("PAYSIGN_PAYSIMPLE_USERNAME", PS_USER);
    run(c)
        .invalid("api_key")
        .err_has("PAYSIGN_PAYSIMPLE_API_KEY");
    run(paysign(&[
        "xpay",
        "sign",
        "GET",
        HELLO,
        "--api-key",
        VISA_KEY,
        "--secret-file",
        "/nonexistent/paysign",
    ]))
    .invalid("--secret-file");
}

#[test]
fn secrets_never_printed_by_any_subcommand() {
    // `run` checks every output; this drives each subcommand once, including
    // failures whose messages might be tempted to echo an input.
    let get = "https://apitest.cybersource.com/reporting/v3/reports";
    let signed = run(cyber(&[
        "cybersource",
        "sign",
        "GET",
        get,
        "--time",
        "1563409083",
        "--format",
        "json",
    ]));
    signed.ok();
    let bad_b64 = "not base64!";
    let mut c = cyber(&["cybersource", "sign", "GET", get]);
    c.env("PAYSIGN_CYBERSOURCE_SHARED_SECRET", bad_b64);
    let out = run(c);
    out.invalid("shared_secret");
    assert!(!out.stderr.contains(bad_b64));
    for sub in ["verify", "explain", "diagnose"] {
        let mut args = vec!["cybersource", sub, "GET", get];
        if sub != "explain" {
            args.extend(["-H", "Signature: keyid=\"k\", algorithm=\"HmacSHA256\", headers=\"host date request-target v-c-merchant-id\", signature=\"AAAA\"", "-H", "Date: Thu, 18 Jul 2019 00:18:03 GMT"]);
        }
        run(cyber(&args));
        run(visa(&["xpay", sub, "GET", HELLO, "--token", "xv2:1:00"]));
    }
    run(pays(&[
        "paysimple",
        "verify",
        "--authorization",
        "PSSERVER accessid=a; timestamp=b; signature=c",
    ]));
    run(pays(&[
        "paysimple",
        "diagnose",
        "--authorization",
        "PSSERVER accessid=a; timestamp=2017-07-20T20:45:44Z; signature=c",
    ]));
    run(pays(&["paysimple", "explain", "--time", "1"]));
    // the sandbox secret is public, but still not printed
    run(paysign(&[
        "cybersource",
        "explain",
        "--sandbox",
        "POST",
        PAYMENTS,
        "--data",
        CS_BODY,
    ]))
    .ok();
}

// ---------------------------------------------------------------- xpay

#[test]
fn xpay_sign_every_format() {
    let url = "https://sandbox.api.visa.com/vdp/helloworld?b=2&a=1";
    let sent = "https://sandbox.api.visa.com/vdp/helloworld?a=1&apikey=KSKDFJOP934ALSFDJP34&b=2";
    let token = xtoken(
        "1455716783",
        b"1455716783helloworlda=1&apikey=KSKDFJOP934ALSFDJP34&b=2",
    );
    let headers = run(visa(&["xpay", "sign", "GET", url, "--time", "1455716783"]));
    headers.ok().err_has(&format!("send to {sent}"));
    assert_eq!(
        headers.stdout,
        format!("x-pay-token: {token}\nAccept: application/json\n")
    );

    let json = run(visa(&[
        "xpay",
        "sign",
        "GET",
        url,
        "--time",
        "1455716783",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json.ok().stdout).unwrap();
    assert_eq!(v["url"], sent);
    assert_eq!(v["method"], "GET");
    assert_eq!(v["headers"]["x-pay-token"], token.as_str());

    let curl = run(visa(&[
        "xpay",
        "sign",
        "get",
        url,
        "--time",
        "1455716783",
        "--format",
        "curl",
    ]));
    curl.ok()
        .has(&format!("curl -X GET '{sent}'"))
        .has(&format!("-H 'x-pay-token: {token}'"));
    assert!(!curl.stdout.contains("--data"));

    let http = run(visa(&[
        "xpay",
        "sign",
        "GET",
        url,
        "--time",
        "1455716783",
        "--format",
        "http",
    ]));
    http.ok()
        .has("GET /vdp/helloworld?a=1&apikey=KSKDFJOP934ALSFDJP34&b=2 HTTP/1.1\r\n")
        .has("Host: sandbox.api.visa.com\r\n")
        .has(&format!("x-pay-token: {token}\r\n"));
    assert!(http.stdout.ends_with("\r\n\r\n"));
}

#[test]
fn xpay_sign_body_sources_are_exact_bytes() {
    let url = "https://sandbox.api.visa.com/cybersource/payments/v1/authorizations";
    let body: &[u8] = b"{\"amount\": \"10.00\"}\n\xff";
    let mut msg = b"1455716783payments/v1/authorizationsapikey=KSKDFJOP934ALSFDJP34".to_vec();
    msg.extend_from_slice(body);
    let token = xtoken("1455716783", &msg);

    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(body).unwrap();
    let path = f.path().to_str().unwrap().to_owned();
    let out = run(visa(&[
        "xpay",
        "sign",
        "POST",
        url,
        "--body-file",
        &path,
        "--time",
        "1455716783",
        "--format",
        "curl",
    ]));
    out.ok()
        .has(&token)
        .has("-H 'Content-Type: application/json'")
        .has(&format!("--data-binary '@{path}'"));

    let mut c = visa(&[
        "xpay",
        "sign",
        "POST",
        url,
        "--body-file",
        "-",
        "--time",
        "1455716783",
    ]);
    c.write_stdin(body);
    run(c).ok().has(&token);

    // --data, shell-quoted in curl
    let text = "{\"note\": \"it's\"}";
    let mut msg = b"1455716783payments/v1/authorizationsapikey=KSKDFJOP934ALSFDJP34".to_vec();
    msg.extend_from_slice(text.as_bytes());
    let out = run(visa(&[
        "xpay",
        "sign",
        "POST",
        url,
        "--data",
        text,
        "--time",
        "1455716783",
        "--format",
        "curl",
    ]));
    out.ok()
        .has(&xtoken("1455716783", &msg))
        .has(r#"--data-binary '{"note": "it'\''s"}'"#);
    run(visa(&[
        "xpay",
        "sign",
        "POST",
        url,
        "--data",
        "x",
        "--body-file",
        &path,
    ]))
    .code(2);
}

#[test]
fn xpay_sign_invalid_inputs_name_the_field() {
    run(visa(&["xpay", "sign", "GET", "not a url"])).invalid("url");
    run(visa(&["xpay", "sign", "TRACE", HELLO])).invalid("method");
    run(visa(&[
        "xpay",
        "sign",
        "GET",
        "https://sandbox.api.visa.com/vdp/helloworld?apiKey=x",
    ]))
    .invalid("url");
    run(visa(&["xpay", "sign", "GET", HELLO, "--time", "-5"])).invalid("timestamp");
    run(paysign(&["xpay", "sign", "GET", HELLO])).invalid("api_key");
}

#[test]
fn xpay_verify() {
    let token = xtoken(
        "1455716783",
        b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34",
    );
    run(visa(&[
        "xpay",
        "verify",
        "GET",
        HELLO,
        "--token",
        &token,
        "--now",
        "1455716800",
    ]))
    .ok()
    .has("valid");
    let header = format!("x-pay-token: {token}");
    run(visa(&[
        "xpay",
        "verify",
        "GET",
        HELLO,
        "-H",
        &header,
        "--now",
        "1455716800",
    ]))
    .ok();
    run(visa(&[
        "xpay",
        "verify",
        "GET",
        HELLO,
        "-H",
        &header,
        "--now",
        "1455726800",
    ]))
    .code(1)
    .has("timestamp_out_of_window");
    run(visa(&[
        "xpay",
        "verify",
        "GET",
        HELLO,
        "-H",
        &header,
        "--now",
        "1455726800",
        "--max-skew",
        "100000",
    ]))
    .ok();
    run(visa(&[
        "xpay",
        "verify",
        "POST",
        HELLO,
        "-H",
        &header,
        "--data",
        "{}",
        "--now",
        "1455716800",
    ]))
    .code(1)
    .has("signature_mismatch")
    .err_has("diagnose");
    run(visa(&[
        "xpay",
        "verify",
        "GET",
        HELLO,
        "--token",
        "xv2:12:zz",
        "--now",
        "12",
    ]))
    .code(1)
    .has("malformed_header");
    run(visa(&["xpay", "verify", "GET", HELLO])).invalid("token");
}

#[test]
fn xpay_explain() {
    let out = run(visa(&[
        "xpay",
        "explain",
        "POST",
        "https://sandbox.api.visa.com/vdp/helloworld?z=1&b=2",
        "--data",
        "{\"a\": 1}\t \n",
        "--time",
        "1455716783",
    ]));
    out.ok()
        .has("resource path  `helloworld` — `/vdp/` context path removed")
        .has("timestamp      `1455716783` — Unix seconds")
        .has("query string   `apikey=KSKDFJOP934ALSFDJP34&b=2&z=1`")
        .has("`apikey=` added")
        .has("parameters sorted by name")
        .has("│1455716783helloworldapikey=KSKDFJOP934ALSFDJP34&b=2&z=1{\"a\": 1}→·⏎\n│\n")
        .has("marks:");
    let token = xtoken(
        "1455716783",
        b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34&b=2&z=1{\"a\": 1}\t \n",
    );
    out.has(&format!("x-pay-token: {token}"));
    // without the secret: the message, no token
    let out = run(paysign(&[
        "xpay",
        "explain",
        "GET",
        "https://sandbox.api.visa.com/vts/provisionedTokens",
        "--api-key",
        VISA_KEY,
        "--time",
        "1",
    ]));
    out.ok()
        .has("`vts/provisionedTokens` — whole path kept (Visa Token Service product)")
        .has("│1vts/provisionedTokensapikey=KSKDFJOP934ALSFDJP34\n");
    assert!(!out.stdout.contains("x-pay-token:"));
    let out = run(visa(&[
        "xpay",
        "explain",
        "GET",
        "https://sandbox.api.visa.com/vdp/helloworld",
        "--full-path",
        "--time",
        "1",
    ]));
    out.ok()
        .has("`vdp/helloworld` — whole path kept (full-path override)");
}

// ---------------------------------------------------------------- cybersource

fn cs_post_string(host: &str, date: &str, rt: &str, digest: &str) -> String {
    format!("host: {host}\ndate: {date}\n{rt}\ndigest: {digest}\nv-c-merchant-id: {CS_MERCHANT}")
}

fn cs_sig(key: &[u8], s: &str) -> String {
    B64.encode(mac(key, s.as_bytes()))
}

fn good_post_string() -> String {
    cs_post_string(
        "apitest.cybersource.com",
        DATE,
        "request-target: post /pts/v2/payments",
        &b64_digest(CS_BODY.as_bytes()),
    )
}

#[test]
fn cybersource_sign_every_format_matches_an_independent_signature() {
    let sig = cs_sig(&cs_key(), &good_post_string());
    let signature = format!(
        "keyid=\"{CS_KEY_ID}\", algorithm=\"HmacSHA256\", headers=\"host date request-target digest v-c-merchant-id\", signature=\"{sig}\""
    );
    let base = [
        "cybersource",
        "sign",
        "--sandbox",
        "POST",
        PAYMENTS,
        "--data",
        CS_BODY,
        "--time",
        "1563409083",
    ];
    let out = run(paysign(&base));
    assert_eq!(
        out.ok().stdout,
        format!(
            "v-c-merchant-id: testrest\nDate: {DATE}\nHost: apitest.cybersource.com\nDigest: {}\nSignature: {signature}\n",
            b64_digest(CS_BODY.as_bytes())
        )
    );
    let mut args = base.to_vec();
    args.extend(["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run(paysign(&args)).ok().stdout).unwrap();
    assert_eq!(v["headers"]["Signature"], signature.as_str());
    assert_eq!(v["url"], PAYMENTS);
    let mut args = base.to_vec();
    args.extend(["--format", "curl"]);
    run(paysign(&args))
        .ok()
        .has(&format!("curl -X POST '{PAYMENTS}'"))
        .has(&format!("-H 'Signature: {signature}'"))
        .has("-H 'Content-Type: application/json'")
        .has(&format!("--data-binary '{CS_BODY}'"));
    let mut args = base.to_vec();
    args.extend(["--format", "http"]);
    run(paysign(&args))
        .ok()
        .has("POST /pts/v2/payments HTTP/1.1\r\n")
        .has(&format!("Content-Length: {}\r\n", CS_BODY.len()))
        .has(&format!("Signature: {signature}\r\n"));
    // --date gives the same; env credentials are used without --sandbox
    run(paysign(&[
        "cybersource",
        "sign",
        "--sandbox",
        "POST",
        PAYMENTS,
        "--data",
        CS_BODY,
        "--date",
        DATE,
    ]))
    .ok()
    .has(&sig);
    let own = cs_sig(&B64.decode(CS_OWN_SECRET).unwrap(), &good_post_string());
    run(cyber(&[
        "cybersource",
        "sign",
        "POST",
        PAYMENTS,
        "--data",
        CS_BODY,
        "--time",
        "1563409083",
    ]))
    .ok()
    .has(&own);
    run(paysign(&[
        "cybersource",
        "sign",
        "--sandbox",
        "GET",
        PAYMENTS,
        "--date",
        "Thu, 18 Jul 2019 00:18:03 UTC",
    ]))
    .invalid("date");
    run(paysign(&[
        "cybersource",
        "sign",
        "--sandbox",
        "GET",
        PAYMENTS,
        "--date",
        DATE,
        "--time",
        "1",
    ]))
    .code(2);
}

#[test]
fn readme_main_job_command() {
    let out = run(paysign(&[
        "cybersource",
        "sign",
        "--sandbox",
        "POST",
        PAYMENTS,
        "--data",
        CS_BODY,
        "--format",
        "curl",
    ]));
    out.ok()
        .has("curl -X POST 'https://apitest.cybersource.com/pts/v2/payments'")
        .has("-H 'v-c-merchant-id: testrest'")
        .has("-H 'Signature: keyid=\"08c94330-f618-42a3-b09d-e1e43be5efda\"");
}

#[test]
fn cybersource_verify() {
    let signed = run(paysign(&[
        "cybersource",
        "sign",
        "--sandbox",
        "POST",
        PAYMENTS,
        "--data",
        CS_BODY,
        "--time",
        "1563409083",
    ]));
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(signed.ok().stdout.as_bytes()).unwrap();
    let path = f.path().to_str().unwrap().to_owned();
    let verify = |body: &str, extra: &[&str]| {
        let mut args = vec![
            "cybersource",
            "verify",
            "--sandbox",
            "POST",
            PAYMENTS,
            "--data",
            body,
            "--headers-file",
            &path,
            "--now",
            "1563409100",
        ];
        args.extend(extra);
        run(paysign(&args))
    };
    verify(CS_BODY, &[]).ok().has("valid");
    verify("{}", &[]).code(1).has("digest_mismatch");
    // from standard input; the Host header can be left to the URL
    let lines: Vec<&str> = signed
        .stdout
        .lines()
        .filter(|l| !l.starts_with("Host:"))
        .collect();
    let mut c = paysign(&[
        "cybersource",
        "verify",
        "--sandbox",
        "POST",
        PAYMENTS,
        "--data",
        CS_BODY,
        "--headers-file",
        "-",
        "--now",
        "1563409100",
    ]);
    c.write_stdin(lines.join("\n"));
    run(c).ok();
    // missing Signature, wrong key id, out of window
    let mut args = vec![
        "cybersource",
        "verify",
        "--sandbox",
        "GET",
        PAYMENTS,
        "--now",
        "1563409100",
    ];
    args.extend([
        "-H",
        "Date: Thu, 18 Jul 2019 00:18:03 GMT",
        "-H",
        "v-c-merchant-id: testrest",
    ]);
    run(paysign(&args)).code(1).has("missing_header");
    let other_key = signed.stdout.replace(CS_KEY_ID, "another-key");
    let mut c = paysign(&[
        "cybersource",
        "verify",
        "--sandbox",
        "POST",
        PAYMENTS,
        "--data",
        CS_BODY,
        "--headers-file",
        "-",
        "--now",
        "1563409100",
    ]);
    c.write_stdin(other_key);
    run(c).code(1).has("unknown_key_id");
    verify(CS_BODY, &["--max-skew", "5"])
        .code(1)
        .has("timestamp_out_of_window");
    let mut c = paysign(&[
        "cybersource",
        "verify",
        "--sandbox",
        "POST",
        PAYMENTS,
        "--body-file",
        "-",
        "--headers-file",
        "-",
    ]);
    c.write_stdin("");
    run(c).invalid("--headers-file");
}

/// `sign --format http > received.txt` is a headers file for `verify` (the
/// request line skipped, the headers read up to the empty line); a bad line is
/// named with the flag and its number.
#[test]
fn headers_file_takes_format_http() {
    let sign = |format: &str| {
        run(paysign(&[
            "cybersource",
            "sign",
            "--sandbox",
            "POST",
            PAYMENTS,
            "--data",
            CS_BODY,
            "--time",
            "1563409083",
            "--format",
            format,
        ]))
    };
    let http = sign("http");
    http.ok().has("POST /pts/v2/payments HTTP/1.1\r\n");
    let verify = |received: String| {
        let mut c = paysign(&[
            "cybersource",
            "verify",
            "--sandbox",
            "POST",
            PAYMENTS,
            "--data",
            CS_BODY,
            "--headers-file",
            "-",
            "--now",
            "1563409100",
        ]);
        c.write_stdin(received);
        run(c)
    };
    verify(http.stdout.clone()).ok().has("valid");
    // after the empty line comes the body, which is not read as headers
    verify(format!("{}not a header\r\n", http.stdout))
        .ok()
        .has("valid");
    // the same text without the request line is still a headers file
    let headers_only: String = http.stdout.split_once("\r\n").unwrap().1.to_owned();
    verify(headers_only).ok().has("valid");
    // a tampered header in the http form is still checked
    verify(http.stdout.replace("testrest", "otherrest"))
        .code(1)
        .has("signature_mismatch");
    // a bad line: the flag and the line number
    verify(format!("{}\n", "v-c-merchant-id: testrest\nno colon here"))
        .invalid("--headers-file")
        .err_has("line 2: expected 'Name: value'");
    verify("GET / HTTP/1.1\r\nHost: x\r\nbroken\r\n".to_owned())
        .invalid("--headers-file")
        .err_has("line 3:");
}

#[test]
fn cybersource_explain() {
    let out = run(paysign(&[
        "cybersource",
        "explain",
        "--sandbox",
        "--time",
        "1563409083",
        "POST",
        PAYMENTS,
        "--data",
        CS_BODY,
    ]));
    let sig = cs_sig(&cs_key(), &good_post_string());
    out.ok()
        .has("│host: apitest.cybersource.com⏎\n")
        .has(&format!("│date: {DATE}⏎\n"))
        .has("│request-target: post /pts/v2/payments⏎\n")
        .has(&format!("│digest: {}⏎\n", b64_digest(CS_BODY.as_bytes())))
        .has("│v-c-merchant-id: testrest\n")
        .has("the method lowercased")
        .has(&format!("signature=\"{sig}\""));
    // only the merchant id: no Signature
    let out = run(paysign(&[
        "cybersource",
        "explain",
        "--merchant-id",
        "m1",
        "--date",
        DATE,
        "GET",
        "https://apitest.cybersource.com/reporting/v3/reports?organizationId=m1",
    ]));
    out.ok()
        .has("│request-target: get /reporting/v3/reports?organizationId=m1⏎\n")
        .has("digest           (no line) — GET requests carry no Digest");
    assert!(!out.stdout.contains("Signature:"));
}

// ---------------------------------------------------------------- paysimple

const PTS: &str = "2017-07-20T20:45:44.0973928Z";

fn ps_sig(ts: &str) -> String {
    B64.encode(mac(PS_KEY.as_bytes(), ts.as_bytes()))
}

fn ps_header(ts: &str, sig: &str) -> String {
    format!("PSSERVER accessid={PS_USER}; timestamp={ts}; signature={sig}")
}

#[test]
fn paysimple_sign_every_format() {
    let want = ps_header(
        "2017-07-20T20:45:44.0000000Z",
        &ps_sig("2017-07-20T20:45:44.0000000Z"),
    );
    let url = "https://sandbox-api.paysimple.com/v4/customer";
    run(pays(&[
        "paysimple",
        "sign",
        "GET",
        url,
        "--time",
        "1500583544",
    ]))
    .ok()
    .has(&format!("Authorization: {want}\n"));
    let out = run(pays(&[
        "paysimple",
        "sign",
        "GET",
        url,
        "--timestamp",
        PTS,
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out.ok().stdout).unwrap();
    assert_eq!(
        v["headers"]["Authorization"],
        ps_header(PTS, &ps_sig(PTS)).as_str()
    );
    run(pays(&[
        "paysimple",
        "sign",
        "POST",
        url,
        "--timestamp",
        PTS,
        "--format",
        "curl",
        "--data",
        "{}",
    ]))
    .ok()
    .has(&format!(
        "-H 'Authorization: {}'",
        ps_header(PTS, &ps_sig(PTS))
    ))
    .has("--data-binary '{}'");
    run(pays(&[
        "paysimple",
        "sign",
        "GET",
        url,
        "--timestamp",
        PTS,
        "--format",
        "http",
    ]))
    .ok()
    .has("GET /v4/customer HTTP/1.1\r\nHost: sandbox-api.paysimple.com\r\n");
    run(pays(&[
        "paysimple",
        "sign",
        "GET",
        url,
        "--timestamp",
        "2017-07-20 20:45:44Z",
    ]))
    .invalid("timestamp");
    run(pays(&[
        "paysimple",
        "sign",
        "GET",
        url,
        "--username",
        "a;b",
    ]))
    .invalid("username");
}

#[test]
fn paysimple_verify_and_explain() {
    let good = ps_header(PTS, &ps_sig(PTS));
    run(pays(&[
        "paysimple",
        "verify",
        "--authorization",
        &good,
        "--now",
        "1500583544",
    ]))
    .ok()
    .has("valid");
    let h = format!("Authorization: {good}");
    run(pays(&[
        "paysimple",
        "verify",
        "-H",
        &h,
        "--now",
        "1500583544",
    ]))
    .ok();
    run(pays(&[
        "paysimple",
        "verify",
        "-H",
        &h,
        "--now",
        "1600583544",
    ]))
    .code(1)
    .has("timestamp_out_of_window");
    let mut c = pays(&["paysimple", "verify", "-H", &h, "--now", "1500583544"]);
    c.env("PAYSIGN_PAYSIMPLE_USERNAME", "someone-else");
    run(c).code(1).has("unknown_access_id");
    run(pays(&[
        "paysimple",
        "verify",
        "--authorization",
        &ps_header(PTS, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
        "--now",
        "1500583544",
    ]))
    .code(1)
    .has("signature_mismatch");
    run(pays(&["paysimple", "explain", "--timestamp", PTS]))
        .ok()
        .has(&format!("│{PTS}\n"))
        .has(&format!("Authorization: {good}"));
    let out = run(paysign(&[
        "paysimple",
        "explain",
        "--username",
        PS_USER,
        "--timestamp",
        PTS,
    ]));
    out.ok().has("set PAYSIGN_PAYSIMPLE_API_KEY");
}

// ---------------------------------------------------------------- diagnose

fn xdiag(method: &str, url: &str, body: &str, token: &str) -> Out {
    run(visa(&[
        "xpay", "diagnose", method, url, "--data", body, "--token", token,
    ]))
}

fn mistake(out: &Out, id: &str) {
    out.code(1).has(&format!("mistake: {id}\n"));
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);
}

#[test]
fn diagnose_list() {
    run(paysign(&["xpay", "diagnose", "--list"]))
        .ok()
        .has("uppercase_hex");
    run(paysign(&["cybersource", "diagnose", "--list"]))
        .ok()
        .has("request_target_parentheses");
    run(paysign(&["paysimple", "diagnose", "--list"]))
        .ok()
        .has("key_and_message_swapped");
}

#[test]
fn diagnose_xpay_valid_and_no_match() {
    let good = xtoken(
        "1455716783",
        b"1455716783helloworldapikey=KSKDFJOP934ALSFDJP34",
    );
    xdiag("GET", HELLO, "", &good).ok().has("valid");
    let header = format!("x-pay-token: {good}");
    run(visa(&["xpay", "diagnose", "GET", HELLO, "-H", &header])).ok();
    let wrong = xtoken("1455716783", b"unrelated");
    xdiag("GET", HELLO, "", &wrong)
        .code(3)
        .has(&format!("expected: {good}\n"))
        .has(&format!("received: {wrong}\n"));
}

#[test]
fn diagnose_xpay_catalogue() {
    let k = "apikey=KSKDFJOP934ALSFDJP34";
    let cases: Vec<(&str, &str, &str, &str, String)> = vec![
        ("timestamp_milliseconds", "GET", HELLO, "", xtoken("1455716783000", format!("1455716783000helloworld{k}").as_bytes())),
        ("resource_path_leading_slash", "GET", HELLO, "", xtoken("1455716783", format!("1455716783/helloworld{k}").as_bytes())),
        ("context_path_kept", "GET", HELLO, "", xtoken("1455716783", format!("1455716783vdp/helloworld{k}").as_bytes())),
        (
            "context_path_stripped",
            "GET",
            "https://sandbox.api.visa.com/vts/provisionedTokens?apikey=KSKDFJOP934ALSFDJP34",
            "",
            xtoken("1455716783", format!("1455716783provisionedTokens{k}").as_bytes()),
        ),
        (
            "query_unsorted",
            "GET",
            "https://sandbox.api.visa.com/vdp/helloworld?zeta=1&apikey=KSKDFJOP934ALSFDJP34&alpha=2",
            "",
            xtoken("1455716783", format!("1455716783helloworldzeta=1&{k}&alpha=2").as_bytes()),
        ),
        ("query_missing", "GET", HELLO, "", xtoken("1455716783", b"1455716783helloworld")),
        ("query_with_question_mark", "GET", HELLO, "", xtoken("1455716783", format!("1455716783helloworld?{k}").as_bytes())),
        (
            "api_key_case",
            "GET",
            HELLO,
            "",
            xtoken("1455716783", b"1455716783helloworldapiKey=KSKDFJOP934ALSFDJP34"),
        ),
        (
            "body_reserialized",
            "POST",
            HELLO,
            r#"{"amount": "10.00", "currency": "USD"}"#,
            xtoken("1455716783", format!(r#"1455716783helloworld{k}{{"amount":"10.00","currency":"USD"}}"#).as_bytes()),
        ),
        ("body_null_or_undefined", "GET", HELLO, "", xtoken("1455716783", format!("1455716783helloworld{k}null").as_bytes())),
        ("body_null_or_undefined", "DELETE", HELLO, "", xtoken("1455716783", format!("1455716783helloworld{k}undefined").as_bytes())),
        ("body_not_signed", "POST", HELLO, "{}", xtoken("1455716783", format!("1455716783helloworld{k}").as_bytes())),
        ("trailing_newline", "GET", HELLO, "", xtoken("1455716783", format!("1455716783helloworld{k}\n").as_bytes())),
        (
            "uppercase_hex",
            "GET",
            HELLO,
            "",
            format!(
                "xv2:1455716783:{}",
                hex::encode_upper(mac(VISA_SECRET.as_bytes(), format!("1455716783helloworld{k}").as_bytes()))
            ),
        ),
        ("resource_path_trailing_slash", "GET", HELLO, "", xtoken("1455716783", format!("1455716783helloworld/{k}").as_bytes())),
        (
            "secret_trailing_newline",
            "GET",
            HELLO,
            "",
            format!(
                "xv2:1455716783:{}",
                hex::encode(mac(format!("{VISA_SECRET}\n").as_bytes(), format!("1455716783helloworld{k}").as_bytes()))
            ),
        ),
        (
            "hmac_base64",
            "GET",
            HELLO,
            "",
            format!(
                "xv2:1455716783:{}",
                B64.encode(mac(VISA_SECRET.as_bytes(), format!("1455716783helloworld{k}").as_bytes()))
            ),
        ),
        ("token_malformed", "GET", HELLO, "", "xv2:1455716783".to_owned()),
        ("body_trimmed", "POST", HELLO, "{}\n", xtoken("1455716783", format!("1455716783helloworld{k}{{}}").as_bytes())),
    ];
    for (id, method, url, body, token) in &cases {
        mistake(&xdiag(method, url, body, token), id);
    }
    // every entry of the catalogue is exercised
    let listed = run(paysign(&["xpay", "diagnose", "--list"]));
    for line in listed.stdout.lines() {
        let id = line.split_whitespace().next().unwrap();
        assert!(cases.iter().any(|c| c.0 == id), "no test for {id}");
    }
}

/// Diagnoses a CyberSource request whose headers the test wrote, with the sandbox credentials.
fn csdiag(method: &str, url: &str, body: &str, headers: &[(&str, String)], extra: &[&str]) -> Out {
    let mut args: Vec<String> = [
        "cybersource",
        "diagnose",
        "--sandbox",
        method,
        url,
        "--data",
        body,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (n, v) in headers {
        args.push("-H".into());
        args.push(format!("{n}: {v}"));
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run(paysign(&refs))
}

const LIST_POST: &str = "host date request-target digest v-c-merchant-id";
const LIST_GET: &str = "host date request-target v-c-merchant-id";

fn cs_headers(
    date: &str,
    host: &str,
    digest: Option<&str>,
    list: &str,
    sig: &str,
) -> Vec<(&'static str, String)> {
    let mut h = vec![
        ("v-c-merchant-id", CS_MERCHANT.to_owned()),
        ("Date", date.to_owned()),
        ("Host", host.to_owned()),
    ];
    if let Some(d) = digest {
        h.push(("Digest", d.to_owned()));
    }
    h.push((
        "Signature",
        format!("keyid=\"{CS_KEY_ID}\", algorithm=\"HmacSHA256\", headers=\"{list}\", signature=\"{sig}\""),
    ));
    h
}

/// A POST whose headers are right and whose signature signs `s` with `key`.
fn cs_post(key: &[u8], s: &str) -> Out {
    let d = b64_digest(CS_BODY.as_bytes());
    csdiag(
        "POST",
        PAYMENTS,
        CS_BODY,
        &cs_headers(
            DATE,
            "apitest.cybersource.com",
            Some(&d),
            LIST_POST,
            &cs_sig(key, s),
        ),
        &[],
    )
}

#[test]
fn diagnose_cybersource_valid_and_no_match() {
    cs_post(&cs_key(), &good_post_string()).ok().has("valid");
    let expected = cs_sig(&cs_key(), &good_post_string());
    cs_post(&cs_key(), "unrelated")
        .code(3)
        .has(&format!("expected: {expected}\n"));
}

#[test]
fn diagnose_cybersource_catalogue() {
    let key = cs_key();
    let digest = b64_digest(CS_BODY.as_bytes());
    let host = "apitest.cybersource.com";
    let rt = "request-target: post /pts/v2/payments";
    let mut tested: Vec<&str> = Vec::new();
    let mut check = |id: &'static str, out: Out| {
        mistake(&out, id);
        tested.push(id);
    };

    check(
        "secret_not_base64_decoded",
        cs_post(CS_SECRET.as_bytes(), &good_post_string()),
    );

    let s = cs_post_string(
        host,
        DATE,
        "(request-target): post /pts/v2/payments",
        &digest,
    );
    check(
        "request_target_parentheses",
        csdiag(
            "POST",
            PAYMENTS,
            CS_BODY,
            &cs_headers(
                DATE,
                host,
                Some(&digest),
                "host date (request-target) digest v-c-merchant-id",
                &cs_sig(&key, &s),
            ),
            &[],
        ),
    );

    check(
        "method_not_lowercased",
        cs_post(
            &key,
            &cs_post_string(host, DATE, "request-target: POST /pts/v2/payments", &digest),
        ),
    );

    let get = "https://apitest.cybersource.com/reporting/v3/reports?organizationId=testrest";
    let s = format!("host: {host}\ndate: {DATE}\nrequest-target: get /reporting/v3/reports\nv-c-merchant-id: testrest");
    check(
        "query_missing_from_target",
        csdiag(
            "GET",
            get,
            "",
            &cs_headers(DATE, host, None, LIST_GET, &cs_sig(&key, &s)),
            &[],
        ),
    );

    let spaced = CS_BODY.replace(',', ", ").replace(':', ": ");
    let other = b64_digest(spaced.as_bytes());
    let s = cs_post_string(host, DATE, rt, &other);
    check(
        "digest_of_different_body",
        csdiag(
            "POST",
            PAYMENTS,
            CS_BODY,
            &cs_headers(DATE, host, Some(&other), LIST_POST, &cs_sig(&key, &s)),
            &[],
        ),
    );

    let hexd = format!(
        "SHA-256={}",
        hex::encode(Sha256::digest(CS_BODY.as_bytes()))
    );
    let s = cs_post_string(host, DATE, rt, &hexd);
    check(
        "digest_hex",
        csdiag(
            "POST",
            PAYMENTS,
            CS_BODY,
            &cs_headers(DATE, host, Some(&hexd), LIST_POST, &cs_sig(&key, &s)),
            &[],
        ),
    );

    let s = cs_post_string("https://apitest.cybersource.com", DATE, rt, &digest);
    check("host_with_scheme_or_port", cs_post(&key, &s));

    let local = "Thu, 18 Jul 2019 02:18:03 +0200";
    let s = cs_post_string(host, local, rt, &digest);
    check(
        "date_not_gmt",
        csdiag(
            "POST",
            PAYMENTS,
            CS_BODY,
            &cs_headers(local, host, Some(&digest), LIST_POST, &cs_sig(&key, &s)),
            &[],
        ),
    );
    // local time labelled GMT, caught with --time
    let fake = "Thu, 18 Jul 2019 02:18:03 GMT";
    let s = cs_post_string(host, fake, rt, &digest);
    mistake(
        &csdiag(
            "POST",
            PAYMENTS,
            CS_BODY,
            &cs_headers(fake, host, Some(&digest), LIST_POST, &cs_sig(&key, &s)),
            &["--time", "1563409083"],
        ),
        "date_not_gmt",
    );

    let iso = "2019-07-18T00:18:03Z";
    let s = cs_post_string(host, iso, rt, &digest);
    check(
        "date_not_imf_fixdate",
        csdiag(
            "POST",
            PAYMENTS,
            CS_BODY,
            &cs_headers(iso, host, Some(&digest), LIST_POST, &cs_sig(&key, &s)),
            &[],
        ),
    );

    check(
        "missing_space_after_colon",
        cs_post(&key, &good_post_string().replace(": ", ":")),
    );
    check(
        "trailing_newline",
        cs_post(&key, &format!("{}\n", good_post_string())),
    );
    let s = format!("host: {host}\n{rt}\ndigest: {digest}\nv-c-merchant-id: testrest");
    check("date_line_missing", cs_post(&key, &s));

    let s = format!("host: {host}\ndate: {DATE}\nrequest-target: get /pts/v2/payments\nv-c-merchant-id: testrest");
    check(
        "headers_list_mismatch",
        csdiag(
            "GET",
            PAYMENTS,
            "",
            &cs_headers(DATE, host, None, LIST_POST, &cs_sig(&key, &s)),
            &[],
        ),
    );

    let good = cs_sig(&key, &good_post_string());
    let mut other_key = cs_headers(DATE, host, Some(&digest), LIST_POST, &good);
    for (n, v) in other_key.iter_mut() {
        if *n == "Signature" {
            *v = v.replace(CS_KEY_ID, "another-key-id");
        }
    }
    check(
        "keyid_mismatch",
        csdiag("POST", PAYMENTS, CS_BODY, &other_key, &[]),
    );
    let mut semicolons = cs_headers(DATE, host, Some(&digest), LIST_POST, &good);
    for (n, v) in semicolons.iter_mut() {
        if *n == "Signature" {
            *v = v.replace("\", ", "\"; ");
        }
    }
    check(
        "signature_header_malformed",
        csdiag("POST", PAYMENTS, CS_BODY, &semicolons, &[]),
    );

    let listed = run(paysign(&["cybersource", "diagnose", "--list"]));
    for line in listed.stdout.lines() {
        let id = line.split_whitespace().next().unwrap();
        assert!(tested.contains(&id), "no test for {id}");
    }
}

fn psdiag(header: &str, extra: &[&str]) -> Out {
    let mut args = vec!["paysimple", "diagnose", "--authorization", header];
    args.extend(extra);
    run(pays(&args))
}

#[test]
fn diagnose_paysimple() {
    let good = ps_header(PTS, &ps_sig(PTS));
    psdiag(&good, &[]).ok().has("valid");
    let h = format!("Authorization: {good}");
    run(pays(&["paysimple", "diagnose", "-H", &h])).ok();
    psdiag(&ps_header(PTS, "AAAA"), &[])
        .code(3)
        .has(&format!("expected: {}\n", ps_sig(PTS)))
        .has("received: AAAA\n");

    let mut tested = Vec::new();
    let mut check = |id: &'static str, out: Out| {
        mistake(&out, id);
        tested.push(id);
    };
    // Ruby: Base64.encode64(mac) is the strict encoding plus "\n"
    check(
        "trailing_newline_in_base64",
        psdiag(&ps_header(PTS, &format!("{}\n", ps_sig(PTS))), &[]),
    );
    check(
        "hex_instead_of_base64",
        psdiag(
            &ps_header(PTS, &hex::encode(mac(PS_KEY.as_bytes(), PTS.as_bytes()))),
            &[],
        ),
    );
    let signed = "2017-07-20T20:45:44.0973001Z";
    check(
        "timestamp_differs_from_signed",
        psdiag(
            &ps_header(PTS, &ps_sig(signed)),
            &["--signed-timestamp", signed],
        ),
    );
    // found without being told: signed with milliseconds, sent with 7 digits
    mistake(
        &psdiag(&ps_header(PTS, &ps_sig("2017-07-20T20:45:44.097Z")), &[]),
        "timestamp_differs_from_signed",
    );
    check(
        "key_and_message_swapped",
        psdiag(
            &ps_header(PTS, &B64.encode(mac(PTS.as_bytes(), PS_KEY.as_bytes()))),
            &[],
        ),
    );
    check(
        "header_syntax",
        psdiag(
            &format!(
                "PSSERVER AccessId = {PS_USER}; Timestamp = {PTS}; Signature = {}",
                ps_sig(PTS)
            ),
            &[],
        ),
    );
    let local = "2017-07-20T14:45:44.0973928";
    check(
        "timestamp_not_iso8601",
        psdiag(&ps_header(local, &ps_sig(local)), &[]),
    );

    check(
        "api_key_trailing_newline",
        psdiag(
            &ps_header(
                PTS,
                &B64.encode(mac(format!("{PS_KEY}\n").as_bytes(), PTS.as_bytes())),
            ),
            &[],
        ),
    );
    check(
        "psserver_prefix_missing",
        psdiag(
            &format!(
                "accessid={PS_USER}; timestamp={PTS}; signature={}",
                ps_sig(PTS)
            ),
            &[],
        ),
    );
    check(
        "header_malformed",
        psdiag(&format!("PSSERVER accessid={PS_USER}"), &[]),
    );

    let listed = run(paysign(&["paysimple", "diagnose", "--list"]));
    for line in listed.stdout.lines() {
        let id = line.split_whitespace().next().unwrap();
        assert!(tested.contains(&id), "no test for {id}");
    }
}

// ---------------------------------------------------------------- the shared table

/// Every case of `tests/diagnose/cases.json` through the command: the exit
/// status says valid or not, the `mistake:` lines are the ids in order.
#[test]
fn shared_diagnosis_table() {
    let table: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/diagnose/cases.json")).unwrap();
    let cases = table["cases"].as_array().unwrap();
    assert!(cases.len() >= 50);
    let mut failures = Vec::new();
    for case in cases {
        let i = &case["input"];
        let s = |k: &str| i[k].as_str().unwrap_or_default().to_owned();
        let mut args: Vec<String> = Vec::new();
        let mut env: Vec<(&str, String)> = Vec::new();
        let headers = |args: &mut Vec<String>| {
            for h in i["headers"].as_array().into_iter().flatten() {
                args.push("-H".into());
                args.push(format!(
                    "{}: {}",
                    h[0].as_str().unwrap(),
                    h[1].as_str().unwrap()
                ));
            }
        };
        match case["scheme"].as_str().unwrap() {
            "xpay" => {
                args.extend(["xpay", "diagnose"].map(String::from));
                args.extend([s("method"), s("url"), "--data".into(), s("body")]);
                args.extend([
                    "--token".into(),
                    s("token"),
                    "--api-key".into(),
                    s("api_key"),
                ]);
                if i["full_path"].as_bool() == Some(true) {
                    args.push("--full-path".into());
                }
                env.push(("PAYSIGN_VISA_SHARED_SECRET", s("shared_secret")));
            }
            "cybersource" => {
                args.extend(["cybersource", "diagnose"].map(String::from));
                args.extend([s("method"), s("url"), "--data".into(), s("body")]);
                args.extend([
                    "--merchant-id".into(),
                    s("merchant_id"),
                    "--key-id".into(),
                    s("key_id"),
                ]);
                headers(&mut args);
                env.push(("PAYSIGN_CYBERSOURCE_SHARED_SECRET", s("shared_secret")));
            }
            "paysimple" => {
                args.extend(["paysimple", "diagnose", "--authorization"].map(String::from));
                args.extend([s("authorization"), "--username".into(), s("username")]);
                if let Some(t) = i["signed_timestamp"].as_str() {
                    args.extend(["--signed-timestamp".into(), t.to_owned()]);
                }
                env.push(("PAYSIGN_PAYSIMPLE_API_KEY", s("api_key")));
            }
            "cybersource-webhook" => {
                args.extend(["cybersource", "webhook", "diagnose"].map(String::from));
                args.extend(["--key-id".into(), s("key_id"), "--data".into(), s("body")]);
                headers(&mut args);
                env.push(("PAYSIGN_CYBERSOURCE_WEBHOOK_KEY", s("key")));
            }
            other => panic!("unknown scheme {other}"),
        }
        if let Some(t) = i["time"].as_i64() {
            args.extend(["--time".into(), t.to_string()]);
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut c = paysign(&refs);
        for (k, v) in env {
            c.env(k, v);
        }
        let out = run(c);
        let got: Vec<&str> = out
            .stdout
            .lines()
            .filter_map(|l| l.strip_prefix("mistake: "))
            .collect();
        let want: Vec<&str> = case["mistakes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        let valid = case["valid"].as_bool().unwrap();
        let want_code = if valid {
            0
        } else if want.is_empty() {
            3
        } else {
            1
        };
        if got != want || out.code != want_code {
            failures.push(format!(
                "{}: want {want:?} (exit {want_code}), got {got:?} (exit {})\n{}{}",
                case["name"], out.code, out.stdout, out.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------- webhook

const WH_KEY: &str = "c2VjcmV0LXdlYmhvb2sta2V5LTAxMjM0NTY3ODlhYmNkZWY=";
const WH_BODY: &str = r#"{"eventType":"payments.capture","id":"n-1"}"#;

fn webhook(args: &[&str]) -> Command {
    let mut c = paysign(args);
    c.env("PAYSIGN_CYBERSOURCE_WEBHOOK_KEY", WH_KEY)
        .env("PAYSIGN_CYBERSOURCE_WEBHOOK_KEY_ID", "key-1");
    c
}

fn wh_value(t: u64, body: &str) -> String {
    let key = B64.decode(WH_KEY).unwrap();
    let sig = B64.encode(mac(&key, format!("{t}.{body}").as_bytes()));
    format!("t={t};keyId=key-1;sig={sig}")
}

#[test]
fn webhook_sign_verify_diagnose() {
    let t = "1700000000123";
    let expected = wh_value(1_700_000_000_123, WH_BODY);
    run(webhook(&[
        "cybersource",
        "webhook",
        "sign",
        "--data",
        WH_BODY,
        "--timestamp",
        t,
    ]))
    .ok()
    .has(&format!("v-c-signature: {expected}\n"));
    let h = format!("v-c-signature: {expected}");
    let verify = |now: &str, body: &str| {
        run(webhook(&[
            "cybersource",
            "webhook",
            "verify",
            "-H",
            &h,
            "--data",
            body,
            "--now",
            now,
        ]))
    };
    verify("1700000010", WH_BODY).ok().has("valid");
    verify("1700000010", &WH_BODY.replace("n-1", "n-2"))
        .code(1)
        .has("signature_mismatch");
    verify("1700001000", WH_BODY)
        .code(1)
        .has("timestamp_out_of_window");
    // the framework's JSON parser re-serialised the body: diagnose names it
    let spaced = WH_BODY.replace(',', ", ").replace(':', ": ");
    let out = run(webhook(&[
        "cybersource",
        "webhook",
        "diagnose",
        "-H",
        &h,
        "--data",
        &spaced,
    ]));
    mistake(&out, "body_reserialized");
    run(webhook(&[
        "cybersource",
        "webhook",
        "explain",
        "--data",
        WH_BODY,
        "--timestamp",
        t,
    ]))
    .ok()
    .has(&format!("│{t}.{WH_BODY}\n"))
    .has(&format!("v-c-signature: {expected}"));
    run(paysign(&["cybersource", "webhook", "diagnose", "--list"]))
        .ok()
        .has("key_not_base64_decoded");
}

/// `send` posts to a server this test starts on loopback, which answers once.
#[test]
fn webhook_send_posts_a_signed_notification() {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/webhooks", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push(line.trim_end().to_owned());
        }
        let length: usize = head
            .iter()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length: ")
                    .map(|v| v.parse().unwrap())
            })
            .unwrap();
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let mut stream = stream;
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nreceived")
            .unwrap();
        (head, body)
    });
    let out = run(webhook(&[
        "cybersource",
        "webhook",
        "send",
        &url,
        "--data",
        WH_BODY,
        "--timestamp",
        "1700000000123",
    ]));
    let (head, body) = server.join().unwrap();
    out.ok().has("200 OK\nreceived\n");
    assert_eq!(head[0], "POST /webhooks HTTP/1.1");
    assert_eq!(body, WH_BODY.as_bytes());
    let signature = head
        .iter()
        .find_map(|l| l.strip_prefix("v-c-signature: "))
        .unwrap();
    assert_eq!(signature, wh_value(1_700_000_000_123, WH_BODY));
    run(webhook(&[
        "cybersource",
        "webhook",
        "send",
        "https://example.invalid/",
        "--data",
        "{}",
    ]))
    .invalid("url");
}
