//! Gateway throughput and latency on loopback: `bash bench/gateway.sh`
//! (= `cargo run --release -p paysign-gateway --example bench -- [CONNECTIONS] [REQUESTS]`).
//!
//! A gateway in this process (2 worker threads) and a client of 64
//! keep-alive connections (hyper) sending signed X-Pay `GET /vdp/helloworld`
//! requests, each with its own query so that none is a replay, then the same
//! number of CyberSource `POST /pts/v2/payments`, then a tenth as many X-Pay
//! requests signed with a wrong secret (refused and diagnosed). Tokens are
//! signed before the clock starts. Prints one JSON object per kind on stdout
//! (requests/s, p50/p99 latency, non-2xx answers; bench/report.py renders
//! them) and the same as text on stderr.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use paysign::{CyberSourceSigner, XPaySigner};
use paysign_gateway::config::{CyberSource, Visa};
use paysign_gateway::{Config, RunningGateway};

type Prepared = (&'static str, String, Vec<(&'static str, String)>, Vec<u8>);

async fn run(
    addr: std::net::SocketAddr,
    work: Vec<Vec<Prepared>>,
) -> (Duration, Vec<Duration>, usize) {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for chunk in work {
        tasks.push(tokio::spawn(async move {
            let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            stream.set_nodelay(true).unwrap();
            let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
                .await
                .unwrap();
            tokio::spawn(conn);
            let mut latencies = Vec::with_capacity(chunk.len());
            let mut wrong = 0;
            for (method, target, headers, body) in chunk {
                let mut req = hyper::Request::builder().method(method).uri(&target);
                if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
                    req = req.header("host", addr.to_string());
                }
                for (n, v) in &headers {
                    req = req.header(*n, v.as_str());
                }
                let req = req.body(Full::new(Bytes::from(body))).unwrap();
                let t = Instant::now();
                sender.ready().await.unwrap();
                let resp = sender.send_request(req).await.unwrap();
                let ok = resp.status().is_success();
                let answer = resp.into_body().collect().await.unwrap().to_bytes();
                if !ok && wrong == 0 && std::env::var_os("BENCH_SHOW").is_some() {
                    eprintln!("{}", String::from_utf8_lossy(&answer));
                }
                latencies.push(t.elapsed());
                if !ok {
                    wrong += 1;
                }
            }
            (latencies, wrong)
        }));
    }
    let mut all = Vec::new();
    let mut wrong = 0;
    for t in tasks {
        let (l, w) = t.await.unwrap();
        all.extend(l);
        wrong += w;
    }
    (start.elapsed(), all, wrong)
}

/// One kind's figures: a JSON line on stdout (for bench/report.py), text on stderr.
fn report(
    kind: &str,
    label: &str,
    connections: usize,
    expected_non_2xx: bool,
    elapsed: Duration,
    mut latencies: Vec<Duration>,
    non_2xx: usize,
) {
    latencies.sort();
    let n = latencies.len();
    let p = |q: f64| latencies[((n as f64 * q) as usize).min(n - 1)].as_secs_f64() * 1e3;
    let per_s = n as f64 / elapsed.as_secs_f64();
    let line = serde_json::json!({
        "kind": kind,
        "label": label,
        "connections": connections,
        "requests": n,
        "requests_per_s": (per_s * 10.0).round() / 10.0,
        "p50_ms": (p(0.50) * 1000.0).round() / 1000.0,
        "p99_ms": (p(0.99) * 1000.0).round() / 1000.0,
        "non_2xx": non_2xx,
        "expected_non_2xx": expected_non_2xx,
    });
    println!("{line}");
    eprintln!(
        "{label:<52} {n:>7} requests  {per_s:>9.0} req/s  p50 {:>7.3} ms  p99 {:>7.3} ms  non-2xx: {non_2xx}",
        p(0.50),
        p(0.99),
    );
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a number"))
        .collect();
    let connections = args.first().copied().unwrap_or(64);
    let requests = args.get(1).copied().unwrap_or(40_000);
    let per = requests / connections;
    let secret = "bench-visa-shared-secret";
    let config = Config {
        visa: Some(Visa {
            api_key: "BENCHKEY".into(),
            shared_secret: secret.into(),
            full_path: false,
            max_skew: None,
        }),
        cybersource: Some(CyberSource::sandbox()),
        ..Config::default()
    };
    let gw = RunningGateway::start(config, "127.0.0.1:0".parse().unwrap()).unwrap();
    let base = gw.url().to_owned();
    let xpay = Arc::new(XPaySigner::new("BENCHKEY", secret.as_bytes()).unwrap());
    let cs = CyberSourceSigner::new(
        "testrest",
        paysign::cybersource::SANDBOX_KEY_ID,
        paysign::cybersource::SANDBOX_SHARED_SECRET,
    )
    .unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    eprintln!(
        "gateway {base}: {connections} connections, {} requests per kind (loopback, one machine)",
        per * connections
    );

    let xwork: Vec<Vec<Prepared>> = (0..connections)
        .map(|c| {
            (0..per)
                .map(|i| {
                    let s = xpay
                        .sign("GET", &format!("{base}/vdp/helloworld?n={c}x{i}"), b"")
                        .unwrap();
                    let after = s.url.split_once("://").unwrap().1;
                    (
                        "GET",
                        after[after.find('/').unwrap()..].to_owned(),
                        s.headers,
                        vec![],
                    )
                })
                .collect()
        })
        .collect();
    let (e, l, w) = runtime.block_on(run(gw.local_addr(), xwork));
    report(
        "xpay",
        "X-Pay `GET /vdp/helloworld`, accepted",
        connections,
        false,
        e,
        l,
        w,
    );

    let cwork: Vec<Vec<Prepared>> = (0..connections)
        .map(|c| {
            (0..per)
                .map(|i| {
                    let body =
                        format!(r#"{{"clientReferenceInformation":{{"code":"bench-{c}-{i}"}}}}"#)
                            .into_bytes();
                    let s = cs
                        .sign("POST", &format!("{base}/pts/v2/payments"), &body)
                        .unwrap();
                    ("POST", "/pts/v2/payments".to_owned(), s.headers, body)
                })
                .collect()
        })
        .collect();
    let (e, l, w) = runtime.block_on(run(gw.local_addr(), cwork));
    report(
        "cybersource",
        "CyberSource `POST /pts/v2/payments`, accepted (201)",
        connections,
        false,
        e,
        l,
        w,
    );

    // Refusals run diagnose: the expensive path.
    let bad = XPaySigner::new("BENCHKEY", b"wrong-secret").unwrap();
    let rwork: Vec<Vec<Prepared>> = (0..connections)
        .map(|c| {
            (0..(per / 10).max(1))
                .map(|i| {
                    let s = bad
                        .sign("GET", &format!("{base}/vdp/helloworld?n={c}r{i}"), b"")
                        .unwrap();
                    let after = s.url.split_once("://").unwrap().1;
                    (
                        "GET",
                        after[after.find('/').unwrap()..].to_owned(),
                        s.headers,
                        vec![],
                    )
                })
                .collect()
        })
        .collect();
    let (e, l, w) = runtime.block_on(run(gw.local_addr(), rwork));
    report(
        "xpay_refused",
        "X-Pay refused: verify + diagnose (401)",
        connections,
        true,
        e,
        l,
        w,
    );
}
