//! `paysign serve`: the local gateway (crate `paysign-gateway`) on an address,
//! until SIGINT or SIGTERM.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use paysign_gateway::config::{CyberSource, PaySimple, Visa};
use paysign_gateway::{Config, Gateway};

use crate::common::{CliError, CliResult, Status};

/// `paysign serve [--listen ADDR] [--config FILE]`.
#[derive(Args, Debug)]
pub struct Serve {
    /// Address to listen on; port 0 picks a free one (the first line printed names it)
    #[arg(long, value_name = "HOST:PORT")]
    pub listen: Option<String>,
    /// TOML config: [visa], [cybersource], [paysimple], [webhook], [limits] (docs/gateway.md)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Visa API key (its secret: PAYSIGN_VISA_SHARED_SECRET)
    #[arg(long, env = "PAYSIGN_VISA_API_KEY", value_name = "KEY")]
    pub visa_api_key: Option<String>,
    /// CyberSource merchant id (its secret: PAYSIGN_CYBERSOURCE_SHARED_SECRET)
    #[arg(long, env = "PAYSIGN_CYBERSOURCE_MERCHANT_ID", value_name = "ID")]
    pub cybersource_merchant_id: Option<String>,
    /// CyberSource key id
    #[arg(long, env = "PAYSIGN_CYBERSOURCE_KEY_ID", value_name = "ID")]
    pub cybersource_key_id: Option<String>,
    /// PaySimple API username (its key: PAYSIGN_PAYSIMPLE_API_KEY)
    #[arg(long, env = "PAYSIGN_PAYSIMPLE_USERNAME", value_name = "NAME")]
    pub paysimple_username: Option<String>,
}

fn secret_env(name: &str) -> CliResult<Option<String>> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Ok(Some(v)),
        Ok(_) | Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(CliError::field(name, "is not valid Unicode"))
        }
    }
}

/// Flags and PAYSIGN_* variables complete or replace the file's credentials.
fn load_config(args: &Serve) -> CliResult<Config> {
    let mut config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                CliError::field("--config", format!("cannot read {}: {e}", path.display()))
            })?;
            Config::from_toml(&text).map_err(|e| CliError::field("--config", e))?
        }
        None => Config::default(),
    };
    if let (Some(api_key), Some(shared_secret)) = (
        args.visa_api_key.clone(),
        secret_env("PAYSIGN_VISA_SHARED_SECRET")?,
    ) {
        let old = config.visa.take();
        config.visa = Some(Visa {
            api_key,
            shared_secret,
            full_path: old.as_ref().is_some_and(|v| v.full_path),
            max_skew: old.and_then(|v| v.max_skew),
        });
    }
    if let (Some(merchant_id), Some(key_id), Some(shared_secret)) = (
        args.cybersource_merchant_id.clone(),
        args.cybersource_key_id.clone(),
        secret_env("PAYSIGN_CYBERSOURCE_SHARED_SECRET")?,
    ) {
        let max_skew = config.cybersource.take().and_then(|c| c.max_skew);
        config.cybersource = Some(CyberSource {
            merchant_id,
            key_id,
            shared_secret,
            max_skew,
        });
    }
    if let (Some(username), Some(api_key)) = (
        args.paysimple_username.clone(),
        secret_env("PAYSIGN_PAYSIMPLE_API_KEY")?,
    ) {
        let max_skew = config.paysimple.take().and_then(|p| p.max_skew);
        config.paysimple = Some(PaySimple {
            username,
            api_key,
            max_skew,
        });
    }
    Ok(config.or_sandbox())
}

async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

pub fn run(args: Serve) -> CliResult<Status> {
    let config = load_config(&args)?;
    let listen = args
        .listen
        .clone()
        .or_else(|| config.listen.clone())
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let addr =
        paysign_gateway::parse_listen(&listen).map_err(|e| CliError::field("--listen", e))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::field("serve", e))?;
    runtime.block_on(async {
        let summary = config.summary();
        let gateway = Gateway::bind(config, addr)
            .await
            .map_err(|e| CliError::field("serve", e))?;
        // The first line on standard output, flushed: scripts wait for it.
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on {}", gateway.url())
            .and_then(|()| out.flush())
            .ok();
        drop(out);
        for line in summary {
            eprintln!("paysign serve: {line}");
        }
        eprintln!(
            "paysign serve: Ctrl-C or SIGTERM stops it; GET /paysign/requests lists what it judged"
        );
        gateway.serve(interrupted()).await;
        eprintln!("paysign serve: stopped");
        Ok(Status::Ok)
    })
}
