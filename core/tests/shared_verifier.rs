//! One verifier shared by 8 threads gives the answers one thread would: every
//! fresh request accepted, every replay refused once its first copy was
//! accepted — with the replays spread across threads.

use std::sync::{Arc, Barrier};

use paysign::replay::Replay;
use paysign::verifier::{Received, Verifier, XPayVerifier};
use paysign::XPaySigner;

const THREADS: usize = 8;
const REQUESTS: i64 = 400;
const T: i64 = 1_700_000_000;

#[test]
fn eight_threads_share_one_verifier() {
    let signer = XPaySigner::new("K", b"secret").unwrap();
    // Each request differs by its query; each is sent by every thread.
    let requests: Vec<(String, String)> = (0..REQUESTS)
        .map(|i| {
            let signed = signer
                .sign_at(
                    "POST",
                    &format!("https://sandbox.api.visa.com/vdp/pay?n={i}"),
                    b"{}",
                    T,
                )
                .unwrap();
            (
                signed.url.clone(),
                signed.header("x-pay-token").unwrap().to_owned(),
            )
        })
        .collect();
    let requests = Arc::new(requests);
    let verifier = Arc::new(
        XPayVerifier::new(
            [("K".to_owned(), b"secret".to_vec())],
            false,
            None,
            Replay::default(),
        )
        .unwrap(),
    );
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|thread| {
            let (verifier, requests, start) = (verifier.clone(), requests.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                // Each thread walks the requests from another offset, so the
                // first copy of a request arrives on different threads.
                let mut answers = Vec::new();
                for k in 0..requests.len() {
                    let i = (k + thread * requests.len() / THREADS) % requests.len();
                    let (url, token) = &requests[i];
                    let headers = [("x-pay-token", token.as_str())];
                    let got = verifier.verify(
                        &Received {
                            method: "POST",
                            url,
                            headers: &headers,
                            body: b"{}",
                        },
                        Some(T),
                    );
                    answers.push((
                        i,
                        got.map(|v| v.timestamp)
                            .map_err(|e| e.rejection().unwrap().code()),
                    ));
                }
                answers
            })
        })
        .collect();
    let mut accepted = vec![0usize; REQUESTS as usize];
    let mut accepting_threads = std::collections::BTreeSet::new();
    for (thread, h) in handles.into_iter().enumerate() {
        for (i, answer) in h.join().unwrap() {
            match answer {
                Ok(ts) => {
                    assert_eq!(ts, T);
                    accepted[i] += 1;
                    accepting_threads.insert(thread);
                }
                Err(code) => assert_eq!(code, "replayed", "request {i}"),
            }
        }
    }
    // every fresh request accepted exactly once, every other copy a replay
    assert!(accepted.iter().all(|&n| n == 1), "{accepted:?}");
    // and the first copies did arrive on more than one thread
    assert!(accepting_threads.len() > 1, "{accepting_threads:?}");
}
