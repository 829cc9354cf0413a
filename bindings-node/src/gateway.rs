//! `_Gateway`: the gateway of crate `paysign-gateway`, embedded for
//! `require('paysign/testing').startGateway`. Conversion only: testing.js
//! hands over the configuration as JSON (the gateway's own config names),
//! this returns the URL and the judged requests as JSON text.

use napi::Status;
use napi_derive::napi;
use paysign_gateway::{Config, RunningGateway};

/// A running gateway; `close()` ends it.
#[napi(js_name = "_Gateway")]
pub struct Gateway {
    running: std::sync::Mutex<Option<RunningGateway>>,
    url: String,
}

fn invalid(message: String) -> napi::Error {
    napi::Error::new(Status::InvalidArg, message)
}

#[napi]
impl Gateway {
    /// `new _Gateway(configJson, port)`: `configJson` holds `visa`, `cybersource`, `paysimple`.
    #[napi(constructor)]
    pub fn new(config_json: String, port: u32) -> napi::Result<Self> {
        let config: Config = serde_json::from_str(&config_json)
            .map_err(|e| invalid(format!("startGateway: {e}")))?;
        let port = u16::try_from(port).map_err(|_| invalid("port: must be 0..=65535".into()))?;
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let running = RunningGateway::start(config.or_sandbox(), addr)
            .map_err(|e| invalid(format!("startGateway: {e}")))?;
        Ok(Gateway {
            url: running.url().to_owned(),
            running: std::sync::Mutex::new(Some(running)),
        })
    }

    /// `http://127.0.0.1:<port>`.
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// What it judged, as JSON text.
    #[napi]
    pub fn requests_json(&self) -> String {
        let guard = self.running.lock().unwrap_or_else(|e| e.into_inner());
        guard
            .as_ref()
            .map_or_else(|| "[]".to_owned(), |g| g.requests().to_json())
    }

    /// Stops serving (idempotent).
    #[napi]
    pub fn close(&self) {
        let taken = self
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(mut g) = taken {
            g.stop();
        }
    }
}
