//! paysign-gateway: a local stand-in for the Visa, CyberSource and PaySimple
//! sandboxes. It verifies each request with the core's whole-request
//! verifiers (replay protection on, the vendors' windows), answers like the
//! vendor, and, when it refuses, adds what the core's diagnose found:
//!
//! ```text
//! HTTP/1.1 401 Unauthorized
//! x-paysign-reason: timestamp_out_of_window
//! {"responseStatus":{"status":401,"code":"9124",…},
//!  "paysign":{"verdict":"refused","reason":"timestamp_out_of_window",
//!             "mistakes":["timestamp_milliseconds"],"message":"…","expected":"xv2:…"}}
//! ```
//!
//! Every rule, check and explanation is the core's; this crate does the HTTP
//! (hyper on tokio), the limits, and the vendors' answer shapes. It is used by
//! `paysign serve` and embedded by the Python and Node test helpers
//! ([`RunningGateway`]). See docs/gateway.md.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod config;
pub mod judge;
mod server;
pub mod webhook;

use std::net::SocketAddr;

pub use config::{Config, Limits};
pub use judge::{Answer, Incoming, Judge, Record, SchemeKind};
pub use server::{Gateway, Requests, SHUTDOWN_GRACE};

/// Why a gateway cannot start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatewayError {
    /// The configuration is unusable (names the part; never shows a secret).
    Config(String),
    /// The address cannot be bound.
    Bind(SocketAddr, String),
    /// The address text is not `host:port`.
    Address(String),
    /// The runtime could not start.
    Runtime(String),
}

impl std::fmt::Display for GatewayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GatewayError::Config(m) => write!(f, "config: {m}"),
            GatewayError::Bind(addr, m) => write!(f, "listen: cannot bind {addr}: {m}"),
            GatewayError::Address(m) => write!(f, "listen: {m}"),
            GatewayError::Runtime(m) => write!(f, "runtime: {m}"),
        }
    }
}

impl std::error::Error for GatewayError {}

/// Parses `127.0.0.1:8080`, `[::1]:0`, `localhost:8080`.
pub fn parse_listen(text: &str) -> Result<SocketAddr, GatewayError> {
    use std::net::ToSocketAddrs;
    text.to_socket_addrs()
        .map_err(|e| GatewayError::Address(format!("\"{text}\" is not host:port ({e})")))?
        .next()
        .ok_or_else(|| GatewayError::Address(format!("\"{text}\" resolves to no address")))
}

/// A gateway serving on its own threads, for code that is not async (the
/// test helpers). Stops when [`RunningGateway::stop`] is called or it is dropped.
pub struct RunningGateway {
    url: String,
    addr: SocketAddr,
    requests: Requests,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RunningGateway {
    /// Binds `addr` and starts serving on a two-thread runtime.
    pub fn start(config: Config, addr: SocketAddr) -> Result<Self, GatewayError> {
        // Everything that can fail is done here, synchronously, so the caller gets the error.
        let judge = Judge::new(config)?;
        let listener = std::net::TcpListener::bind(addr)
            .map_err(|e| GatewayError::Bind(addr, e.to_string()))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| GatewayError::Bind(addr, e.to_string()))?;
        let addr = listener
            .local_addr()
            .map_err(|e| GatewayError::Bind(addr, e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("paysign-gateway")
            .enable_all()
            .build()
            .map_err(|e| GatewayError::Runtime(e.to_string()))?;
        let gateway = {
            let _entered = runtime.enter();
            let listener = tokio::net::TcpListener::from_std(listener)
                .map_err(|e| GatewayError::Bind(addr, e.to_string()))?;
            Gateway::with_listener(judge, listener)
        };
        let (url, requests) = (gateway.url(), gateway.requests());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("paysign-gateway".into())
            .spawn(move || {
                runtime.block_on(gateway.serve(async {
                    let _ = stopped.await;
                }));
                runtime.shutdown_timeout(std::time::Duration::from_secs(1));
            })
            .map_err(|e| GatewayError::Runtime(e.to_string()))?;
        Ok(RunningGateway {
            url,
            addr,
            requests,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// What it judged so far.
    pub fn requests(&self) -> &Requests {
        &self.requests
    }

    /// Stops accepting, waits for requests in flight (at most [`SHUTDOWN_GRACE`]), returns.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// Whether it is still serving.
    pub fn is_running(&self) -> bool {
        self.thread.is_some()
    }
}

impl Drop for RunningGateway {
    fn drop(&mut self) {
        self.stop();
    }
}
