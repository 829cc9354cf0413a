//! Load on loopback, bounded in count: 64 concurrent connections, 20 480
//! signed requests across the three schemes, 0 transport errors and 0 wrong
//! verdicts (one request in 32 is signed wrong and must be refused); a flood of replays leaves the replay memory and the request
//! record bounded. Nothing here measures time (speed is in BENCHMARKS.md).

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::*;
use paysign::{CyberSourceSigner, PaySimpleSigner, XPaySigner};

const CONNECTIONS: usize = 64;
const PER_CONNECTION: usize = 320;

struct Signers {
    xpay: XPaySigner,
    xpay_wrong: XPaySigner,
    cybersource: CyberSourceSigner,
    paysimple: PaySimpleSigner,
}

/// A request's method, target, headers, body, and whether it must be accepted.
type Planned = (
    &'static str,
    String,
    Vec<(&'static str, String)>,
    Vec<u8>,
    bool,
);

/// Request `n`.
fn request(s: &Signers, base: &str, n: usize) -> Planned {
    let now = paysign::time::now_unix();
    match n % 32 {
        0..=9 => {
            let signed = s
                .xpay
                .sign("GET", &format!("{base}/vdp/helloworld?n={n}"), b"")
                .unwrap();
            ("GET", target_of(&signed.url), signed.headers, vec![], true)
        }
        10..=20 => {
            let body =
                format!(r#"{{"clientReferenceInformation":{{"code":"load-{n}"}}}}"#).into_bytes();
            let signed = s
                .cybersource
                .sign("POST", &format!("{base}/pts/v2/payments"), &body)
                .unwrap();
            (
                "POST",
                "/pts/v2/payments".into(),
                signed.headers,
                body,
                true,
            )
        }
        21..=30 => {
            // Unique to the 100 ns: PaySimple's credential is its timestamp.
            let ts = paysign::time::paysimple_timestamp(now, (n as u32) * 100).unwrap();
            let signed = s
                .paysimple
                .sign_with_timestamp("GET", &format!("{base}/v4/customer"), b"", &ts)
                .unwrap();
            (
                "GET",
                format!("/v4/customer?n={n}"),
                signed.headers,
                vec![],
                true,
            )
        }
        _ => {
            // One in 32 is signed with the wrong secret and must be refused.
            let signed = s
                .xpay_wrong
                .sign("GET", &format!("{base}/vdp/helloworld?n={n}"), b"")
                .unwrap();
            ("GET", target_of(&signed.url), signed.headers, vec![], false)
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_connections_twenty_thousand_requests_no_errors_no_wrong_verdicts() {
    let mut cfg = config();
    cfg.limits.max_recorded_requests = 1000;
    let gw = start(cfg);
    let base = gw.url().to_owned();
    let signers = Arc::new(Signers {
        xpay: XPaySigner::new(VISA_KEY, VISA_SECRET.as_bytes()).unwrap(),
        xpay_wrong: XPaySigner::new(VISA_KEY, b"not-the-secret").unwrap(),
        cybersource: CyberSourceSigner::new(
            "testrest",
            paysign::cybersource::SANDBOX_KEY_ID,
            CS_SECRET,
        )
        .unwrap(),
        paysimple: PaySimpleSigner::new(PS_USER, PS_KEY).unwrap(),
    });
    let errors = Arc::new(AtomicUsize::new(0));
    let wrong = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for c in 0..CONNECTIONS {
        let (signers, base, errors, wrong, done) = (
            signers.clone(),
            base.clone(),
            errors.clone(),
            wrong.clone(),
            done.clone(),
        );
        let addr = gw.local_addr();
        tasks.push(tokio::spawn(async move {
            let mut client = Client::connect(addr).await;
            for i in 0..PER_CONNECTION {
                let n = c * PER_CONNECTION + i;
                let (method, target, headers, body, accept) = request(&signers, &base, n);
                match client.send(method, &target, &headers, &body).await {
                    Ok(r) => {
                        let accepted = r.json["paysign"]["verdict"] == "accepted";
                        let right = if accept {
                            accepted && (r.status == 200 || r.status == 201)
                        } else {
                            !accepted && r.status == 401 && r.reason() == Some("signature_mismatch")
                        };
                        if !right {
                            eprintln!(
                                "wrong verdict for request {n}: {} {}",
                                r.status, r.json["paysign"]
                            );
                            wrong.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    Err(e) => {
                        eprintln!("request {n}: {e}");
                        errors.fetch_add(1, Ordering::Relaxed);
                        client = Client::connect(addr).await;
                    }
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let total = done.load(Ordering::Relaxed);
    assert_eq!(total, CONNECTIONS * PER_CONNECTION);
    assert!(total >= 20_000);
    assert_eq!(errors.load(Ordering::Relaxed), 0, "transport errors");
    assert_eq!(wrong.load(Ordering::Relaxed), 0, "wrong verdicts");
    // The record keeps the last 1000; the rest are counted, not kept.
    assert_eq!(gw.requests().list().len(), 1000);
    assert_eq!(gw.requests().dropped(), (total - 1000) as u64);
    // Each accepted credential is remembered once, until its window ends.
    let entries = gw.requests().replay_entries();
    assert!(entries > 0 && entries <= total / 32 * 31, "{entries}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_replays_keeps_memory_bounded() {
    let mut cfg = config();
    cfg.limits.max_recorded_requests = 500;
    let gw = start(cfg);
    let signed = XPaySigner::new(VISA_KEY, VISA_SECRET.as_bytes())
        .unwrap()
        .sign("GET", &format!("{}/vdp/helloworld", gw.url()), b"")
        .unwrap();
    let target = target_of(&signed.url);
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (target, headers, addr) = (target.clone(), signed.headers.clone(), gw.local_addr());
        tasks.push(tokio::spawn(async move {
            let mut client = Client::connect(addr).await;
            let mut accepted = 0;
            let mut replayed = 0;
            for _ in 0..625 {
                let r = client.send("GET", &target, &headers, b"").await.unwrap();
                match r.reason() {
                    None if r.status == 200 => accepted += 1,
                    Some("replayed") => replayed += 1,
                    other => panic!("unexpected {other:?}"),
                }
            }
            (accepted, replayed)
        }));
    }
    let (mut accepted, mut replayed) = (0, 0);
    for t in tasks {
        let (a, r) = t.await.unwrap();
        accepted += a;
        replayed += r;
    }
    assert_eq!((accepted, replayed), (1, 4999));
    assert_eq!(gw.requests().replay_entries(), 1);
    assert_eq!(gw.requests().list().len(), 500);
    assert_eq!(gw.requests().dropped(), 4500);
}
