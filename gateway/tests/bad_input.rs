//! Bad input on loopback, bounded in count and time: malformed HTTP,
//! oversized headers (431) and bodies (413), slow clients (the timeouts),
//! abrupt disconnects — none of them crashes the gateway or stalls another client.

mod common;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use paysign::XPaySigner;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn small_limits() -> paysign_gateway::Config {
    let mut cfg = config();
    cfg.limits.max_body_bytes = 4096;
    cfg.limits.max_header_bytes = 8192;
    cfg.limits.header_timeout_seconds = 1;
    cfg.limits.body_timeout_seconds = 1;
    cfg
}

/// Sends raw bytes and reads what comes back until the server closes (bounded).
async fn raw(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let _ = s.write_all(bytes).await;
    let mut out = Vec::new();
    let _ = tokio::time::timeout(CLIENT_TIMEOUT, s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

static PROBE: AtomicUsize = AtomicUsize::new(0);

/// A signed request still gets its verdict: the gateway serves others.
async fn still_serving(gw: &paysign_gateway::RunningGateway) {
    let signed = XPaySigner::new(VISA_KEY, VISA_SECRET.as_bytes())
        .unwrap()
        .sign(
            "GET",
            &format!(
                "{}/vdp/helloworld?probe={}",
                gw.url(),
                PROBE.fetch_add(1, Ordering::Relaxed)
            ),
            b"",
        )
        .unwrap();
    let r = once(
        gw.local_addr(),
        "GET",
        &target_of(&signed.url),
        &signed.headers,
        b"",
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.json);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_headers_get_431() {
    let gw = start(small_limits());
    let big = format!(
        "GET /vdp/helloworld HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    let answer = raw(gw.local_addr(), big.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    let many: String = (0..150).map(|i| format!("X-H{i}: v\r\n")).collect();
    let answer = raw(
        gw.local_addr(),
        format!("GET / HTTP/1.1\r\nHost: x\r\n{many}\r\n").as_bytes(),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    still_serving(&gw).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_get_413_with_the_limit() {
    let gw = start(small_limits());
    let r = once(
        gw.local_addr(),
        "POST",
        "/pts/v2/payments",
        &[],
        &[b'x'; 5000],
    )
    .await;
    assert_eq!(r.status, 413);
    assert_eq!(r.reason(), Some("body_too_large"));
    assert!(r.json["paysign"]["message"]
        .as_str()
        .unwrap()
        .contains("4096 bytes"));
    // Chunked, so the size is only known while reading.
    let chunk = "y".repeat(1000);
    let mut req = String::from(
        "POST /pts/v2/payments HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    for _ in 0..6 {
        req.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
    }
    req.push_str("0\r\n\r\n");
    let answer = raw(gw.local_addr(), req.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"reason\":\"body_too_large\""), "{answer}");
    still_serving(&gw).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_http_gets_400_and_harms_no_one() {
    let gw = start(small_limits());
    for junk in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost x\r\n\r\n",
        b"\x00\x01\x02\xff\xfe\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello",
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
    ] {
        let answer = raw(gw.local_addr(), junk).await;
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 400"),
            "{:?} → {answer}",
            String::from_utf8_lossy(junk)
        );
    }
    still_serving(&gw).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_time_out_and_do_not_stall_others() {
    let gw = start(small_limits());
    // A head that never ends.
    let mut slow_head = TcpStream::connect(gw.local_addr()).await.unwrap();
    slow_head
        .write_all(b"GET /vdp/helloworld HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // A body that never arrives.
    let mut slow_body = TcpStream::connect(gw.local_addr()).await.unwrap();
    slow_body
        .write_all(
            b"POST /pts/v2/payments HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\"",
        )
        .await
        .unwrap();
    // Meanwhile others are served.
    still_serving(&gw).await;
    let mut out = Vec::new();
    let read = tokio::time::timeout(CLIENT_TIMEOUT, slow_body.read_to_end(&mut out)).await;
    assert!(read.is_ok(), "the slow body was not cut off");
    let answer = String::from_utf8_lossy(&out);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"reason\":\"body_timeout\""), "{answer}");
    let mut out = Vec::new();
    let read = tokio::time::timeout(CLIENT_TIMEOUT, slow_head.read_to_end(&mut out)).await;
    assert!(read.is_ok(), "the slow head was not cut off");
    still_serving(&gw).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abrupt_disconnects_are_survived() {
    let gw = start(small_limits());
    for i in 0..200 {
        let mut s = TcpStream::connect(gw.local_addr()).await.unwrap();
        let partial: &[u8] = match i % 4 {
            0 => b"",
            1 => b"GET /vdp/hello",
            2 => {
                b"POST /pts/v2/payments HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"half\":"
            }
            _ => b"GET /vdp/helloworld HTTP/1.1\r\nHost: x\r\n\r\n",
        };
        let _ = s.write_all(partial).await;
        // Gone mid-request, without waiting for an answer.
        drop(s);
    }
    still_serving(&gw).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    still_serving(&gw).await;
}
