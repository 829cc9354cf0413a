//! A bounded HTTP client (hyper) and the credentials the tests configure.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use paysign_gateway::config::{CyberSource, PaySimple, Visa, Webhook};
use paysign_gateway::{Config, RunningGateway};
use serde_json::Value;

pub const VISA_KEY: &str = "KSKDFJOP934ALSFDJP34";
pub const VISA_SECRET: &str = "visa-Sh4red-S3cret-XYZ";
pub const PS_USER: &str = "APIUser1000";
pub const PS_KEY: &str = "ps-Api-Key-0987654321";
pub const CS_SECRET: &str = paysign::cybersource::SANDBOX_SHARED_SECRET;

/// Every request and connect in the tests gives up after this long.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(20);

pub fn config() -> Config {
    Config {
        visa: Some(Visa {
            api_key: VISA_KEY.into(),
            shared_secret: VISA_SECRET.into(),
            full_path: false,
            max_skew: None,
        }),
        cybersource: Some(CyberSource::sandbox()),
        paysimple: Some(PaySimple {
            username: PS_USER.into(),
            api_key: PS_KEY.into(),
            max_skew: None,
        }),
        ..Config::default()
    }
}

pub fn webhook(url: &str) -> Webhook {
    Webhook {
        url: url.into(),
        key_id: "webhook-key-1".into(),
        key: CS_SECRET.into(),
        on_payment: true,
    }
}

pub fn start(config: Config) -> RunningGateway {
    RunningGateway::start(config, "127.0.0.1:0".parse().unwrap()).expect("gateway starts")
}

pub struct Reply {
    pub status: u16,
    pub headers: hyper::HeaderMap,
    pub json: Value,
}

impl Reply {
    pub fn reason(&self) -> Option<&str> {
        self.json["paysign"]["reason"].as_str()
    }
    pub fn mistakes(&self) -> Vec<String> {
        self.json["paysign"]["mistakes"]
            .as_array()
            .map(|a| a.iter().map(|m| m.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default()
    }
}

/// A connection that sends requests one after another (keep-alive).
pub struct Client {
    sender: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
    pub host: String,
}

impl Client {
    pub async fn connect(addr: SocketAddr) -> Client {
        let stream = tokio::time::timeout(CLIENT_TIMEOUT, tokio::net::TcpStream::connect(addr))
            .await
            .expect("connect in time")
            .expect("connect");
        let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .expect("handshake");
        tokio::spawn(async move {
            let _ = conn.await;
        });
        Client {
            sender,
            host: addr.to_string(),
        }
    }

    pub async fn send(
        &mut self,
        method: &str,
        target: &str,
        headers: &[(&str, String)],
        body: &[u8],
    ) -> Result<Reply, String> {
        let mut req = hyper::Request::builder().method(method).uri(target);
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            req = req.header("host", &self.host);
        }
        for (n, v) in headers {
            req = req.header(*n, v.as_str());
        }
        let req = req
            .body(Full::new(Bytes::copy_from_slice(body)))
            .map_err(|e| e.to_string())?;
        let fut = async {
            self.sender.ready().await.map_err(|e| e.to_string())?;
            let resp = self
                .sender
                .send_request(req)
                .await
                .map_err(|e| e.to_string())?;
            let status = resp.status().as_u16();
            let headers = resp.headers().clone();
            let bytes = resp
                .into_body()
                .collect()
                .await
                .map_err(|e| e.to_string())?
                .to_bytes();
            let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            Ok(Reply {
                status,
                headers,
                json,
            })
        };
        tokio::time::timeout(CLIENT_TIMEOUT, fut)
            .await
            .map_err(|_| "timed out".to_owned())?
    }
}

pub async fn once(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> Reply {
    Client::connect(addr)
        .await
        .send(method, target, headers, body)
        .await
        .expect("a reply")
}

/// Headers a core signer produced, as the client sends them.
pub fn signed_headers(signed: &paysign::SignedRequest) -> Vec<(&'static str, String)> {
    signed.headers.clone()
}

/// The request target of an absolute URL.
pub fn target_of(url: &str) -> String {
    let after = url.split_once("://").unwrap().1;
    after[after.find('/').unwrap()..].to_owned()
}
