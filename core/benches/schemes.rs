//! Core benchmarks (issue: benchmarks against the incumbents). Run with
//! `cargo bench -p paysign --bench schemes`, or all of them with `make bench`
//! (bench/run.sh, quick settings); BENCHMARKS.md has the figures.
//!
//! `floor/*` measures one SHA-256 compression on this CPU (sha2 picks SHA-NI
//! at run time where the CPU has it), the unit of the lowest possible time for
//! an HMAC: a pre-keyed HMAC over n bytes needs ceil((n + 9) / 64) inner
//! compressions and one outer one.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sha2::{Digest, Sha256};
use std::hint::black_box;

use paysign::{cybersource, paysimple, xpay, CyberSourceSigner, XPaySigner};

const SIZES: [(&str, usize); 4] = [
    ("0B", 0),
    ("300B", 300),
    ("64KiB", 64 << 10),
    ("1MiB", 1 << 20),
];
const SECRET_B64: &str = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";
const DATE: &str = "Thu, 18 Jul 2019 00:18:03 GMT";

fn low_level(c: &mut Criterion) {
    let mut group = c.benchmark_group("low_level");
    // Pre-keyed once, as a signer holds them: what is left is the per-request work.
    let xpay_key = paysign::HmacKey::new("shared_secret", b"shared-secret").unwrap();
    let cs_secret = cybersource::decode_secret("shared_secret", SECRET_B64).unwrap();
    let cs_key = paysign::HmacKey::new("shared_secret", cs_secret.expose()).unwrap();
    for (label, size) in SIZES {
        let body = vec![b'x'; size];
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(
            BenchmarkId::new("xpay_token_with_key", label),
            &body,
            |b, body| {
                b.iter(|| {
                    xpay::token_with_key(
                        &xpay_key,
                        1_455_716_783,
                        "helloworld",
                        "apikey=KSKDFJOP934ALSFDJP34",
                        black_box(body),
                    )
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("cybersource_sign_with_key", label),
            &body,
            |b, body| {
                b.iter(|| {
                    cybersource::sign_with_key(
                        &cs_key,
                        "08c94330-f618-42a3-b09d-e1e43be5efda",
                        "testrest",
                        "apitest.cybersource.com",
                        "POST",
                        "/pts/v2/payments",
                        black_box(body),
                        DATE,
                    )
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("xpay_token", label), &body, |b, body| {
            b.iter(|| {
                xpay::token(
                    b"shared-secret",
                    1_455_716_783,
                    "helloworld",
                    "apikey=KSKDFJOP934ALSFDJP34",
                    black_box(body),
                )
            })
        });
        group.bench_with_input(
            BenchmarkId::new("cybersource_sign", label),
            &body,
            |b, body| {
                b.iter(|| {
                    cybersource::sign(&cybersource::Request {
                        key_id: "08c94330-f618-42a3-b09d-e1e43be5efda",
                        shared_secret: SECRET_B64,
                        merchant_id: "testrest",
                        host: "apitest.cybersource.com",
                        method: "POST",
                        request_target: "/pts/v2/payments",
                        body: black_box(body),
                        date: DATE,
                    })
                })
            },
        );
    }
    group.bench_function("paysimple_header", |b| {
        b.iter(|| {
            paysimple::header(
                "APIUser1000",
                "api-key",
                black_box("2017-07-20T20:45:44.0973928Z"),
            )
        })
    });
    group.finish();
}

fn request_level(c: &mut Criterion) {
    let mut group = c.benchmark_group("request_level");
    let body = vec![b'x'; 300];
    let xpay_signer = XPaySigner::new("KSKDFJOP934ALSFDJP34", b"shared-secret").unwrap();
    let url = "https://sandbox.api.visa.com/vdp/helloworld?b=2&a=1";
    group.bench_function("xpay_300B_reused_signer", |b| {
        b.iter(|| xpay_signer.sign_at("POST", black_box(url), &body, 1_455_716_783))
    });
    group.bench_function("xpay_300B_keyed_per_call", |b| {
        b.iter(|| {
            XPaySigner::new("KSKDFJOP934ALSFDJP34", b"shared-secret")
                .unwrap()
                .sign_at("POST", black_box(url), &body, 1_455_716_783)
        })
    });
    let cs_signer = CyberSourceSigner::new(
        "testrest",
        "08c94330-f618-42a3-b09d-e1e43be5efda",
        SECRET_B64,
    )
    .unwrap();
    let url = "https://apitest.cybersource.com/pts/v2/payments";
    group.bench_function("cybersource_300B_reused_signer", |b| {
        b.iter(|| cs_signer.sign_with_date("POST", black_box(url), &body, DATE))
    });
    group.bench_function("cybersource_300B_keyed_per_call", |b| {
        b.iter(|| {
            CyberSourceSigner::new(
                "testrest",
                "08c94330-f618-42a3-b09d-e1e43be5efda",
                SECRET_B64,
            )
            .unwrap()
            .sign_with_date("POST", black_box(url), &body, DATE)
        })
    });
    // The pre-keyed HMAC alone over a 300-byte message: what the floor compares with.
    let key = paysign::HmacKey::new("k", b"shared-secret").unwrap();
    group.bench_function("hmac_300B_prekeyed", |b| {
        b.iter(|| key.sign_parts(&[black_box(&body)]))
    });
    group.finish();
}

fn digest(c: &mut Criterion) {
    let mut group = c.benchmark_group("digest");
    group.sample_size(20);
    for (label, size) in [("1MiB", 1usize << 20), ("64MiB", 64 << 20)] {
        let body = vec![0xa5u8; size];
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(
            BenchmarkId::new("cybersource_digest", label),
            &body,
            |b, body| b.iter(|| cybersource::digest(black_box(body))),
        );
    }
    group.finish();
}

fn floor(c: &mut Criterion) {
    // 1 MiB = 16384 blocks (+1 padding block): time / 16385 is one compression.
    let body = vec![0x5au8; 1 << 20];
    let mut group = c.benchmark_group("floor");
    group.throughput(Throughput::Elements(16_385));
    group.bench_function("sha256_compressions_x16385", |b| {
        b.iter(|| Sha256::digest(black_box(&body)))
    });
    group.finish();
}

criterion_group!(benches, low_level, request_level, digest, floor);
criterion_main!(benches);
