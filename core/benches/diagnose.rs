//! How long a diagnosis takes (target: under 50 ms each). Run with
//! `cargo bench -p paysign --bench diagnose`.
//!
//! Criterion measures the slowest searches — a value no known mistake
//! reproduces, so every single mistake and every pair is tried — and the Node
//! article's pair; then every case of `tests/diagnose/cases.json` is timed and
//! the median and the worst case over the table are printed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};
use paysign::diagnose::Report;
use paysign::{api, Time};

struct Case {
    name: String,
    scheme: String,
    input: serde_json::Value,
}

fn cases() -> Vec<Case> {
    let table: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/diagnose/cases.json")).unwrap();
    table["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Case {
            name: c["name"].as_str().unwrap().to_owned(),
            scheme: c["scheme"].as_str().unwrap().to_owned(),
            input: c["input"].clone(),
        })
        .collect()
}

fn run(case: &Case) -> Report {
    let i = &case.input;
    let s = |k: &str| i[k].as_str().unwrap_or_default();
    let time = match i["time"].as_i64() {
        Some(t) => Time::unix(t),
        None => Time::Now,
    };
    let headers: Vec<(&str, &str)> = i["headers"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| (p[0].as_str().unwrap(), p[1].as_str().unwrap()))
        .collect();
    match case.scheme.as_str() {
        "xpay" => api::diagnose_x_pay_token(
            s("token"),
            s("api_key"),
            s("shared_secret").as_bytes(),
            s("method"),
            s("url"),
            s("body").as_bytes(),
            i["full_path"].as_bool().unwrap_or(false),
            &time,
        ),
        "cybersource" => api::diagnose_cybersource_signature(
            &headers,
            s("merchant_id"),
            s("key_id"),
            s("shared_secret"),
            s("method"),
            s("url"),
            s("body").as_bytes(),
            &time,
        ),
        "paysimple" => api::diagnose_paysimple_header(
            s("authorization"),
            s("username"),
            s("api_key"),
            i["signed_timestamp"].as_str(),
        ),
        _ => api::diagnose_cybersource_webhook(
            &headers,
            s("key_id"),
            s("key"),
            s("body").as_bytes(),
            &time,
        ),
    }
    .unwrap()
}

/// A case whose received value is replaced by one nothing reproduces.
fn unexplained(base: &Case) -> Case {
    let mut input = base.input.clone();
    let zeros = "0".repeat(64);
    match base.scheme.as_str() {
        "xpay" => input["token"] = format!("xv2:1455716783:{zeros}").into(),
        "paysimple" => {
            input["authorization"] = "PSSERVER accessid=APIUser1000; timestamp=2017-07-20T20:45:44.097Z; signature=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".into()
        }
        "cybersource" => {
            let headers = input["headers"].as_array_mut().unwrap();
            let sig = headers.iter_mut().find(|h| h[0] == "Signature").unwrap();
            let value = sig[1].as_str().unwrap();
            let cut = value.find("signature=\"").unwrap();
            sig[1] = format!(
                "{}signature=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"",
                &value[..cut]
            )
            .into();
        }
        _ => {
            input["headers"] = serde_json::json!([[
                "v-c-signature",
                "t=1700000000123;keyId=webhook-key-1;sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
            ]])
        }
    }
    Case {
        name: format!("{} (unexplained)", base.name),
        scheme: base.scheme.clone(),
        input,
    }
}

fn worst_cases() -> Vec<Case> {
    let all = cases();
    let pick = |name: &str| all.iter().find(|c| c.name == name).unwrap();
    vec![
        unexplained(pick("xpay valid")),
        unexplained(pick("xpay body reserialised")),
        unexplained(pick("cybersource valid")),
        unexplained(pick("paysimple valid")),
        unexplained(pick("webhook valid")),
    ]
}

fn searches(c: &mut Criterion) {
    let mut group = c.benchmark_group("diagnose");
    let all = cases();
    let article = all
        .iter()
        .find(|c| c.name == "xpay milliseconds and leading slash")
        .unwrap();
    group.bench_function("xpay milliseconds and leading slash", |b| {
        b.iter(|| black_box(run(article)))
    });
    for case in worst_cases() {
        assert!(run(&case).mistakes.is_empty(), "{}", case.name);
        group.bench_function(&case.name, |b| b.iter(|| black_box(run(&case))));
    }
    group.finish();
}

/// Every case of the table and the worst cases, each the median of 7 runs;
/// prints the median and the worst over all of them.
fn table() {
    let mut all = cases();
    all.extend(worst_cases());
    let mut times: Vec<(Duration, String)> = all
        .iter()
        .map(|case| {
            let mut runs: Vec<Duration> = (0..7)
                .map(|_| {
                    let start = Instant::now();
                    black_box(run(case));
                    start.elapsed()
                })
                .collect();
            runs.sort();
            (runs[3], case.name.clone())
        })
        .collect();
    times.sort();
    let (median, _) = &times[times.len() / 2];
    let (worst, worst_name) = times.last().unwrap();
    println!(
        "diagnose table: {} diagnoses, median {:.3} ms, worst {:.3} ms ({worst_name})",
        times.len(),
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3
    );
}

criterion_group!(benches, searches);

fn main() {
    benches();
    table();
    Criterion::default().configure_from_args().final_summary();
}
