//! Core benchmarks: every scheme signed and verified at 0 B / 300 B / 64 KiB /
//! 1 MiB, each against an incumbent written as the vendors' samples are (the
//! `hmac`, `sha2`, `base64`, `hex` and `subtle` crates, keyed per call). Run
//! with `cargo bench -p paysign --bench schemes`, or with every other part by
//! `make bench` (bench/run.sh, quick settings); bench/report.py turns the
//! estimates into BENCHMARKS.md's core table.
//!
//! Ids are `<case>/<impl>/<size>` as in the other harnesses: case `xpay`,
//! `xpay_verify`, `cybersource`, `cybersource_verify`, `paysimple`,
//! `paysimple_verify`, `webhook`, `webhook_verify`; impl `incumbent`, `flat`
//! (the `api` functions every binding exposes), `signer` (reused),
//! `verifier` (whole request, replay memory off). `reference/*` are core
//! internals (pre-keyed) for comparison; `digest/*` the body digest.
//!
//! `floor/*` measures one SHA-256 compression on this CPU (sha2 picks SHA-NI
//! at run time where the CPU has it), the unit of the lowest possible time:
//! bench/README.md counts the compressions of each row.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::hint::black_box;
use subtle::ConstantTimeEq;

use criterion::measurement::WallTime;
use paysign::replay::Replay;
use paysign::verifier::{CyberSourceVerifier, PaySimpleVerifier, Received, Verifier, XPayVerifier};
use paysign::{api, cybersource, xpay};
use paysign::{CyberSourceSigner, CyberSourceWebhookVerifier, PaySimpleSigner, XPaySigner};

const SIZES: [(&str, usize); 4] = [
    ("0B", 0),
    ("300B", 300),
    ("64KiB", 64 << 10),
    ("1MiB", 1 << 20),
];

// The inputs every harness uses (bench/README.md).
const XPAY_SECRET: &[u8] = b"shared-secret";
const XPAY_API_KEY: &str = "KSKDFJOP934ALSFDJP34";
const XPAY_TS: i64 = 1_455_716_783;
const XPAY_RP: &str = "helloworld";
const XPAY_QS: &str = "apikey=KSKDFJOP934ALSFDJP34";
const XPAY_URL: &str = "https://sandbox.api.visa.com/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34";
const XPAY_TARGET: &str = "/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34";
const CS_KEY_ID: &str = "08c94330-f618-42a3-b09d-e1e43be5efda";
const CS_SECRET: &str = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";
const CS_MERCHANT: &str = "testrest";
const CS_HOST: &str = "apitest.cybersource.com";
const CS_TARGET: &str = "/pts/v2/payments";
const CS_URL: &str = "https://apitest.cybersource.com/pts/v2/payments";
const CS_DATE: &str = "Thu, 18 Jul 2019 00:18:03 GMT";
const CS_NOW: i64 = 1_563_409_083;
const PS_USER: &str = "APIUser1000";
const PS_KEY: &str = "api-key";
const PS_TS: &str = "2017-07-20T20:45:44.0973928Z";
const PS_URL: &str = "https://sandbox-api.paysimple.com/v4/customer";
const PS_TARGET: &str = "/v4/customer";
const PS_NOW: i64 = 1_500_583_544;
const WH_TS_MS: i64 = CS_NOW * 1000;

type HmacSha256 = Hmac<Sha256>;

// ---- the incumbents: the vendors' samples, with the RustCrypto crates ----

fn incumbent_x_pay_token(secret: &[u8], rp: &str, qs: &str, body: &[u8], ts: i64) -> String {
    let ts = ts.to_string();
    let mut mac = HmacSha256::new_from_slice(secret).unwrap();
    mac.update(ts.as_bytes());
    mac.update(rp.as_bytes());
    mac.update(qs.as_bytes());
    mac.update(body);
    format!("xv2:{ts}:{}", hex::encode(mac.finalize().into_bytes()))
}

fn incumbent_verify_x_pay_token(
    secret: &[u8],
    token: &str,
    rp: &str,
    qs: &str,
    body: &[u8],
) -> bool {
    let ts: i64 = token.split(':').nth(1).unwrap().parse().unwrap();
    let want = incumbent_x_pay_token(secret, rp, qs, body, ts);
    want.as_bytes().ct_eq(token.as_bytes()).into()
}

fn incumbent_cybersource(body: &[u8]) -> Vec<(&'static str, String)> {
    let digest = format!("SHA-256={}", BASE64.encode(Sha256::digest(body)));
    let signing = format!(
        "host: {CS_HOST}\ndate: {CS_DATE}\nrequest-target: post {CS_TARGET}\ndigest: {digest}\nv-c-merchant-id: {CS_MERCHANT}"
    );
    let mut mac = HmacSha256::new_from_slice(&BASE64.decode(CS_SECRET).unwrap()).unwrap();
    mac.update(signing.as_bytes());
    let signature = BASE64.encode(mac.finalize().into_bytes());
    vec![
        ("v-c-merchant-id", CS_MERCHANT.to_owned()),
        ("Date", CS_DATE.to_owned()),
        ("Host", CS_HOST.to_owned()),
        ("Digest", digest),
        (
            "Signature",
            format!(
                r#"keyid="{CS_KEY_ID}", algorithm="HmacSHA256", headers="host date request-target digest v-c-merchant-id", signature="{signature}""#
            ),
        ),
    ]
}

fn incumbent_verify_cybersource(
    headers: &[(&str, &str)],
    method: &str,
    target: &str,
    body: &[u8],
) -> bool {
    let received = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    };
    let mut list = "";
    let mut signature = "";
    for part in received("signature").unwrap().split(", ") {
        let (name, value) = part.split_once('=').unwrap();
        match name {
            "headers" => list = value.trim_matches('"'),
            "signature" => signature = value.trim_matches('"'),
            _ => {}
        }
    }
    let digest = format!("SHA-256={}", BASE64.encode(Sha256::digest(body)));
    if !bool::from(
        digest
            .as_bytes()
            .ct_eq(received("digest").unwrap_or("").as_bytes()),
    ) {
        return false;
    }
    let lines: Vec<String> = list
        .split(' ')
        .map(|name| match name {
            "request-target" => format!("request-target: {} {target}", method.to_lowercase()),
            _ => format!("{name}: {}", received(name).unwrap()),
        })
        .collect();
    let mut mac = HmacSha256::new_from_slice(&BASE64.decode(CS_SECRET).unwrap()).unwrap();
    mac.update(lines.join("\n").as_bytes());
    let want = BASE64.encode(mac.finalize().into_bytes());
    want.as_bytes().ct_eq(signature.as_bytes()).into()
}

fn incumbent_paysimple_header(user: &str, key: &str, ts: &str) -> String {
    let mut mac = HmacSha256::new_from_slice(key.as_bytes()).unwrap();
    mac.update(ts.as_bytes());
    let signature = BASE64.encode(mac.finalize().into_bytes());
    format!("PSSERVER accessid={user}; timestamp={ts}; signature={signature}")
}

fn incumbent_verify_paysimple(header: &str, key: &str) -> bool {
    let mut user = "";
    let mut ts = "";
    for part in header.strip_prefix("PSSERVER ").unwrap().split("; ") {
        match part.split_once('=').unwrap() {
            ("accessid", v) => user = v,
            ("timestamp", v) => ts = v,
            _ => {}
        }
    }
    let want = incumbent_paysimple_header(user, key, ts);
    want.as_bytes().ct_eq(header.as_bytes()).into()
}

fn incumbent_webhook_signature(key_id: &str, key: &str, body: &[u8], ts_ms: i64) -> String {
    let t = ts_ms.to_string();
    let mut mac = HmacSha256::new_from_slice(&BASE64.decode(key).unwrap()).unwrap();
    mac.update(t.as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "t={t};keyId={key_id};sig={}",
        BASE64.encode(mac.finalize().into_bytes())
    )
}

fn incumbent_verify_webhook(header: &str, body: &[u8], now: i64) -> bool {
    let (mut t, mut key_id, mut sig) = ("", "", "");
    for part in header.split(';') {
        match part.split_once('=').unwrap() {
            ("t", v) => t = v,
            ("keyId", v) => key_id = v,
            ("sig", v) => sig = v,
            _ => {}
        }
    }
    let ms: i64 = t.parse().unwrap();
    if (now - ms / 1000).abs() > 300 || key_id != CS_KEY_ID {
        return false;
    }
    let mut mac = HmacSha256::new_from_slice(&BASE64.decode(CS_SECRET).unwrap()).unwrap();
    mac.update(t.as_bytes());
    mac.update(b".");
    mac.update(body);
    let want = BASE64.encode(mac.finalize().into_bytes());
    want.as_bytes().ct_eq(sig.as_bytes()).into()
}

// ---- harness ----

/// Large bodies take milliseconds per call: fewer samples keep the run short.
fn samples_for(group: &mut BenchmarkGroup<'_, WallTime>, size: usize) {
    group.sample_size(if size >= 64 << 10 { 10 } else { 100 });
}

/// The floor's compression cost, measured in every group, just before its
/// rows (criterion cannot interleave them): `<group>/floor_sha256/1MiB`,
/// SHA-256 of 1 MiB = 16384 blocks + 1 padding block.
fn floor_in(group: &mut BenchmarkGroup<'_, WallTime>) {
    let mib = vec![0x5au8; 1 << 20];
    samples_for(group, mib.len());
    group.bench_function("floor_sha256/1MiB", |b| {
        b.iter(|| Sha256::digest(black_box(&mib)))
    });
    samples_for(group, 0);
}

struct Fixtures {
    xpay_signer: XPaySigner,
    cs_signer: CyberSourceSigner,
    ps_signer: PaySimpleSigner,
    xpay_verifier: XPayVerifier,
    cs_verifier: CyberSourceVerifier,
    ps_verifier: PaySimpleVerifier,
    wh_verifier: CyberSourceWebhookVerifier,
}

fn fixtures() -> Fixtures {
    Fixtures {
        xpay_signer: XPaySigner::new(XPAY_API_KEY, XPAY_SECRET).unwrap(),
        cs_signer: CyberSourceSigner::new(CS_MERCHANT, CS_KEY_ID, CS_SECRET).unwrap(),
        ps_signer: PaySimpleSigner::new(PS_USER, PS_KEY).unwrap(),
        xpay_verifier: XPayVerifier::new(
            [(XPAY_API_KEY.to_owned(), XPAY_SECRET.to_vec())],
            false,
            None,
            Replay::Off,
        )
        .unwrap(),
        cs_verifier: CyberSourceVerifier::new(
            [(CS_KEY_ID.to_owned(), CS_SECRET.as_bytes().to_vec())],
            None,
            Replay::Off,
        )
        .unwrap(),
        ps_verifier: PaySimpleVerifier::new(
            [(PS_USER.to_owned(), PS_KEY.as_bytes().to_vec())],
            None,
            Replay::Off,
        )
        .unwrap(),
        wh_verifier: CyberSourceWebhookVerifier::new(
            [(CS_KEY_ID.to_owned(), CS_SECRET.as_bytes().to_vec())],
            None,
            Replay::Off,
        )
        .unwrap(),
    }
}

fn xpay(c: &mut Criterion) {
    let f = fixtures();
    let mut sign = c.benchmark_group("xpay");
    floor_in(&mut sign);
    for (label, size) in SIZES {
        let body = vec![b'x'; size];
        let token = incumbent_x_pay_token(XPAY_SECRET, XPAY_RP, XPAY_QS, &body, XPAY_TS);
        assert_eq!(
            api::x_pay_token(XPAY_SECRET, XPAY_RP, XPAY_QS, &body, Some(XPAY_TS)).unwrap(),
            token
        );
        let signed = f
            .xpay_signer
            .sign_at("POST", XPAY_URL, &body, XPAY_TS)
            .unwrap();
        assert_eq!(signed.header("x-pay-token"), Some(token.as_str()));
        samples_for(&mut sign, size);
        sign.bench_function(format!("incumbent/{label}"), |b| {
            b.iter(|| {
                incumbent_x_pay_token(XPAY_SECRET, XPAY_RP, XPAY_QS, black_box(&body), XPAY_TS)
            })
        });
        sign.bench_function(format!("flat/{label}"), |b| {
            b.iter(|| {
                api::x_pay_token(
                    XPAY_SECRET,
                    XPAY_RP,
                    XPAY_QS,
                    black_box(&body),
                    Some(XPAY_TS),
                )
            })
        });
        sign.bench_function(format!("signer/{label}"), |b| {
            b.iter(|| {
                f.xpay_signer
                    .sign_at("POST", XPAY_URL, black_box(&body), XPAY_TS)
            })
        });
    }
    sign.finish();

    let mut verify = c.benchmark_group("xpay_verify");
    floor_in(&mut verify);
    for (label, size) in SIZES {
        let body = vec![b'x'; size];
        let token = incumbent_x_pay_token(XPAY_SECRET, XPAY_RP, XPAY_QS, &body, XPAY_TS);
        let headers = [("x-pay-token", token.as_str())];
        let req = Received {
            method: "POST",
            url: XPAY_TARGET,
            headers: &headers,
            body: &body,
        };
        assert!(incumbent_verify_x_pay_token(
            XPAY_SECRET,
            &token,
            XPAY_RP,
            XPAY_QS,
            &body
        ));
        assert!(!incumbent_verify_x_pay_token(
            XPAY_SECRET,
            &token,
            XPAY_RP,
            XPAY_QS,
            b"y"
        ));
        api::verify_x_pay_token(
            XPAY_SECRET,
            &token,
            XPAY_RP,
            XPAY_QS,
            &body,
            Some(XPAY_TS),
            None,
        )
        .unwrap();
        f.xpay_verifier.verify(&req, Some(XPAY_TS)).unwrap();
        samples_for(&mut verify, size);
        verify.bench_function(format!("incumbent/{label}"), |b| {
            b.iter(|| {
                incumbent_verify_x_pay_token(
                    XPAY_SECRET,
                    &token,
                    XPAY_RP,
                    XPAY_QS,
                    black_box(&body),
                )
            })
        });
        verify.bench_function(format!("flat/{label}"), |b| {
            b.iter(|| {
                api::verify_x_pay_token(
                    XPAY_SECRET,
                    &token,
                    XPAY_RP,
                    XPAY_QS,
                    black_box(&body),
                    Some(XPAY_TS),
                    None,
                )
            })
        });
        verify.bench_function(format!("verifier/{label}"), |b| {
            b.iter(|| f.xpay_verifier.verify(black_box(&req), Some(XPAY_TS)))
        });
    }
    verify.finish();
}

fn cybersource(c: &mut Criterion) {
    let f = fixtures();
    let flat = |body: &[u8]| {
        api::cybersource_signature(
            CS_KEY_ID,
            CS_SECRET,
            CS_MERCHANT,
            CS_HOST,
            "POST",
            CS_TARGET,
            body,
            Some(CS_DATE),
        )
    };
    let mut sign = c.benchmark_group("cybersource");
    floor_in(&mut sign);
    for (label, size) in SIZES {
        let body = vec![b'x'; size];
        let want = incumbent_cybersource(&body);
        assert_eq!(flat(&body).unwrap(), want);
        assert_eq!(
            f.cs_signer
                .sign_with_date("POST", CS_URL, &body, CS_DATE)
                .unwrap()
                .headers,
            want
        );
        samples_for(&mut sign, size);
        sign.bench_function(format!("incumbent/{label}"), |b| {
            b.iter(|| incumbent_cybersource(black_box(&body)))
        });
        sign.bench_function(format!("flat/{label}"), |b| {
            b.iter(|| flat(black_box(&body)))
        });
        sign.bench_function(format!("signer/{label}"), |b| {
            b.iter(|| {
                f.cs_signer
                    .sign_with_date("POST", CS_URL, black_box(&body), CS_DATE)
            })
        });
    }
    sign.finish();

    let mut verify = c.benchmark_group("cybersource_verify");
    floor_in(&mut verify);
    for (label, size) in SIZES {
        let body = vec![b'x'; size];
        let signed = incumbent_cybersource(&body);
        let headers: Vec<(&str, &str)> = signed.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let req = Received {
            method: "POST",
            url: CS_TARGET,
            headers: &headers,
            body: &body,
        };
        assert!(incumbent_verify_cybersource(
            &headers, "POST", CS_TARGET, &body
        ));
        assert!(!incumbent_verify_cybersource(
            &headers, "POST", CS_TARGET, b"y"
        ));
        api::verify_cybersource_signature(
            CS_SECRET,
            &headers,
            "POST",
            CS_TARGET,
            &body,
            Some(CS_NOW),
            None,
        )
        .unwrap();
        f.cs_verifier.verify(&req, Some(CS_NOW)).unwrap();
        samples_for(&mut verify, size);
        verify.bench_function(format!("incumbent/{label}"), |b| {
            b.iter(|| incumbent_verify_cybersource(&headers, "POST", CS_TARGET, black_box(&body)))
        });
        verify.bench_function(format!("flat/{label}"), |b| {
            b.iter(|| {
                api::verify_cybersource_signature(
                    CS_SECRET,
                    &headers,
                    "POST",
                    CS_TARGET,
                    black_box(&body),
                    Some(CS_NOW),
                    None,
                )
            })
        });
        verify.bench_function(format!("verifier/{label}"), |b| {
            b.iter(|| f.cs_verifier.verify(black_box(&req), Some(CS_NOW)))
        });
    }
    verify.finish();
}

fn paysimple(c: &mut Criterion) {
    // The scheme signs a timestamp only: one size.
    let f = fixtures();
    let header = incumbent_paysimple_header(PS_USER, PS_KEY, PS_TS);
    assert_eq!(
        api::paysimple_header(PS_USER, PS_KEY, Some(PS_TS)).unwrap(),
        header
    );
    let signed = f
        .ps_signer
        .sign_with_timestamp("GET", PS_URL, b"", PS_TS)
        .unwrap();
    assert_eq!(signed.header("Authorization"), Some(header.as_str()));
    let mut sign = c.benchmark_group("paysimple");
    floor_in(&mut sign);
    sign.bench_function("incumbent/0B", |b| {
        b.iter(|| incumbent_paysimple_header(PS_USER, PS_KEY, black_box(PS_TS)))
    });
    sign.bench_function("flat/0B", |b| {
        b.iter(|| api::paysimple_header(PS_USER, PS_KEY, Some(black_box(PS_TS))))
    });
    sign.bench_function("signer/0B", |b| {
        b.iter(|| {
            f.ps_signer
                .sign_with_timestamp("GET", PS_URL, b"", black_box(PS_TS))
        })
    });
    sign.finish();

    let headers = [("Authorization", header.as_str())];
    let req = Received {
        method: "GET",
        url: PS_TARGET,
        headers: &headers,
        body: b"",
    };
    assert!(incumbent_verify_paysimple(&header, PS_KEY));
    assert!(!incumbent_verify_paysimple(&header, "other-key"));
    api::verify_paysimple_header(&header, PS_KEY, Some(PS_NOW), None).unwrap();
    f.ps_verifier.verify(&req, Some(PS_NOW)).unwrap();
    let mut verify = c.benchmark_group("paysimple_verify");
    floor_in(&mut verify);
    verify.bench_function("incumbent/0B", |b| {
        b.iter(|| incumbent_verify_paysimple(black_box(&header), PS_KEY))
    });
    verify.bench_function("flat/0B", |b| {
        b.iter(|| api::verify_paysimple_header(black_box(&header), PS_KEY, Some(PS_NOW), None))
    });
    verify.bench_function("verifier/0B", |b| {
        b.iter(|| f.ps_verifier.verify(black_box(&req), Some(PS_NOW)))
    });
    verify.finish();
}

fn webhook(c: &mut Criterion) {
    let f = fixtures();
    let mut sign = c.benchmark_group("webhook");
    floor_in(&mut sign);
    for (label, size) in SIZES {
        let body = vec![b'x'; size];
        let want = incumbent_webhook_signature(CS_KEY_ID, CS_SECRET, &body, WH_TS_MS);
        assert_eq!(
            api::cybersource_webhook_signature(CS_KEY_ID, CS_SECRET, &body, Some(WH_TS_MS))
                .unwrap(),
            want
        );
        samples_for(&mut sign, size);
        sign.bench_function(format!("incumbent/{label}"), |b| {
            b.iter(|| incumbent_webhook_signature(CS_KEY_ID, CS_SECRET, black_box(&body), WH_TS_MS))
        });
        sign.bench_function(format!("flat/{label}"), |b| {
            b.iter(|| {
                api::cybersource_webhook_signature(
                    CS_KEY_ID,
                    CS_SECRET,
                    black_box(&body),
                    Some(WH_TS_MS),
                )
            })
        });
    }
    sign.finish();

    let mut verify = c.benchmark_group("webhook_verify");
    floor_in(&mut verify);
    for (label, size) in SIZES {
        let body = vec![b'x'; size];
        let value = incumbent_webhook_signature(CS_KEY_ID, CS_SECRET, &body, WH_TS_MS);
        let headers = [("v-c-signature", value.as_str())];
        assert!(incumbent_verify_webhook(&value, &body, CS_NOW));
        assert!(!incumbent_verify_webhook(&value, b"y", CS_NOW));
        f.wh_verifier
            .verify_notification(&headers, &body, Some(CS_NOW))
            .unwrap();
        samples_for(&mut verify, size);
        verify.bench_function(format!("incumbent/{label}"), |b| {
            b.iter(|| incumbent_verify_webhook(&value, black_box(&body), CS_NOW))
        });
        verify.bench_function(format!("verifier/{label}"), |b| {
            b.iter(|| {
                f.wh_verifier
                    .verify_notification(&headers, black_box(&body), Some(CS_NOW))
            })
        });
    }
    verify.finish();
}

fn reference(c: &mut Criterion) {
    // Core internals, pre-keyed as a signer holds them: what is left is the per-request work.
    let mut group = c.benchmark_group("reference");
    floor_in(&mut group);
    let xpay_key = paysign::HmacKey::new("shared_secret", XPAY_SECRET).unwrap();
    let cs_secret = cybersource::decode_secret("shared_secret", CS_SECRET).unwrap();
    let cs_key = paysign::HmacKey::new("shared_secret", cs_secret.expose()).unwrap();
    for (label, size) in &SIZES[..2] {
        let body = vec![b'x'; *size];
        group.bench_function(format!("xpay_token_with_key/{label}"), |b| {
            b.iter(|| xpay::token_with_key(&xpay_key, XPAY_TS, XPAY_RP, XPAY_QS, black_box(&body)))
        });
        group.bench_function(format!("cybersource_sign_with_key/{label}"), |b| {
            b.iter(|| {
                cybersource::sign_with_key(
                    &cs_key,
                    CS_KEY_ID,
                    CS_MERCHANT,
                    CS_HOST,
                    "POST",
                    CS_TARGET,
                    black_box(&body),
                    CS_DATE,
                )
            })
        });
        // The pre-keyed HMAC alone over the X-Pay message: the floor's own overhead.
        let message = [
            XPAY_TS.to_string().as_bytes(),
            XPAY_RP.as_bytes(),
            XPAY_QS.as_bytes(),
            &body,
        ]
        .concat();
        group.bench_function(format!("hmac_prekeyed/{label}"), |b| {
            b.iter(|| xpay_key.sign_parts(&[black_box(&message)]))
        });
    }
    group.finish();
}

fn digest(c: &mut Criterion) {
    let mut group = c.benchmark_group("digest");
    group.sample_size(10);
    for (label, size) in [("1MiB", 1usize << 20), ("64MiB", 64 << 20)] {
        let body = vec![0xa5u8; size];
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_function(format!("cybersource_digest/{label}"), |b| {
            b.iter(|| cybersource::digest(black_box(&body)))
        });
    }
    group.finish();
}

fn floor(c: &mut Criterion) {
    // 1 MiB = 16384 blocks (+1 padding block): time / 16385 is one compression.
    let body = vec![0x5au8; 1 << 20];
    let mut group = c.benchmark_group("floor");
    group.sample_size(20);
    group.throughput(Throughput::Elements(16_385));
    group.bench_function("sha256_compressions_x16385", |b| {
        b.iter(|| Sha256::digest(black_box(&body)))
    });
    group.finish();
}

criterion_group!(
    benches,
    floor,
    paysimple,
    xpay,
    cybersource,
    webhook,
    reference,
    digest
);
criterion_main!(benches);
