//! Whole-request verification throughput: verifications per second on one
//! core, per scheme (criterion runs one thread). Run with
//! `cargo bench -p paysign --bench verify`.
//!
//! `*/no_replay` is the verification itself (parse, window, keyring lookup,
//! HMAC, constant-time compare); `replay_memory/remember` is what the default
//! in-process replay memory adds per accepted credential (fresh keys, so each
//! call inserts, with the memory held near a realistic size).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

use paysign::replay::{MemoryReplayCache, Replay};
use paysign::verifier::{CyberSourceVerifier, PaySimpleVerifier, Received, Verifier, XPayVerifier};
use paysign::{CyberSourceSigner, CyberSourceWebhookVerifier, PaySimpleSigner, XPaySigner};

const T: i64 = 1_563_409_083;
const SECRET_B64: &str = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";
const BODY: &[u8] = br#"{"clientReferenceInformation":{"code":"TC50171_3"},"orderInformation":{"amountDetails":{"totalAmount":"102.21","currency":"USD"},"billTo":{"firstName":"John","lastName":"Doe","address1":"1 Market St","locality":"san francisco","administrativeArea":"CA","postalCode":"94105","country":"US","email":"test@cybs.com"}}}"#;

fn verifiers(c: &mut Criterion) {
    let mut group = c.benchmark_group("verify");
    group.throughput(Throughput::Elements(1));

    let x = XPaySigner::new("K", b"shared-secret").unwrap();
    let signed = x
        .sign_at(
            "POST",
            "https://sandbox.api.visa.com/vdp/payments?a=1",
            BODY,
            T,
        )
        .unwrap();
    let token = signed.header("x-pay-token").unwrap().to_owned();
    let xv = XPayVerifier::new(
        [("K".to_owned(), b"shared-secret".to_vec())],
        false,
        None,
        Replay::Off,
    )
    .unwrap();
    let headers = [
        ("accept", "application/json"),
        ("x-pay-token", token.as_str()),
    ];
    let req = Received {
        method: "POST",
        url: &signed.url,
        headers: &headers,
        body: BODY,
    };
    group.bench_function("xpay/no_replay", |b| {
        b.iter(|| xv.verify(black_box(&req), Some(T)).unwrap())
    });

    let cs = CyberSourceSigner::new("testrest", "key-1", SECRET_B64).unwrap();
    let signed = cs
        .sign_at(
            "POST",
            "https://apitest.cybersource.com/pts/v2/payments",
            BODY,
            T,
        )
        .unwrap();
    let cv = CyberSourceVerifier::new(
        [("key-1".to_owned(), SECRET_B64.as_bytes().to_vec())],
        None,
        Replay::Off,
    )
    .unwrap();
    let headers: Vec<(&str, &str)> = signed
        .headers
        .iter()
        .map(|(n, v)| (*n, v.as_str()))
        .collect();
    let req = Received {
        method: "POST",
        url: "/pts/v2/payments",
        headers: &headers,
        body: BODY,
    };
    group.bench_function("cybersource/no_replay", |b| {
        b.iter(|| cv.verify(black_box(&req), Some(T)).unwrap())
    });

    let ps = PaySimpleSigner::new("APIUser1000", "api-key").unwrap();
    let signed = ps
        .sign_at(
            "GET",
            "https://sandbox-api.paysimple.com/v4/customer",
            b"",
            T,
            97_392_800,
        )
        .unwrap();
    let pv = PaySimpleVerifier::new(
        [("APIUser1000".to_owned(), b"api-key".to_vec())],
        None,
        Replay::Off,
    )
    .unwrap();
    let headers = [("Authorization", signed.header("Authorization").unwrap())];
    let req = Received {
        method: "GET",
        url: "/v4/customer",
        headers: &headers,
        body: b"",
    };
    group.bench_function("paysimple/no_replay", |b| {
        b.iter(|| pv.verify(black_box(&req), Some(T)).unwrap())
    });

    let value = paysign::webhook::signature("key-1", SECRET_B64, BODY, T * 1000).unwrap();
    let wv = CyberSourceWebhookVerifier::new(
        [("key-1".to_owned(), SECRET_B64.as_bytes().to_vec())],
        None,
        Replay::Off,
    )
    .unwrap();
    let headers = [
        ("content-type", "application/json"),
        ("v-c-signature", value.as_str()),
    ];
    group.bench_function("cybersource-webhook/no_replay", |b| {
        b.iter(|| {
            wv.verify_notification(black_box(&headers), BODY, Some(T))
                .unwrap()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("replay_memory");
    group.throughput(Throughput::Elements(1));
    let cache = MemoryReplayCache::new(paysign::replay::DEFAULT_CAPACITY);
    let mut n: u64 = 0;
    group.bench_function("remember", |b| {
        b.iter(|| {
            n += 1;
            let key = paysign::replay::credential_key("bench", &[&n.to_le_bytes()]);
            // Entries live 10 000 "seconds"; the clock moves one per call, so
            // the memory holds about 10 000 live entries and evicts as it goes.
            let now = n as i64;
            cache.remember(black_box(&key), now, now + 10_000).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, verifiers);
criterion_main!(benches);
