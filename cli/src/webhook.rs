//! `paysign cybersource webhook …`: the `v-c-signature` of webhook notifications.

use std::time::Duration;

use clap::{Args, Subcommand};
use paysign::replay::Replay;
use paysign::webhook::HEADER;
use paysign::{CyberSourceWebhookVerifier, Time};

use crate::common::{
    header, pairs, print_explanation, report_diagnosis, report_verification, secret_text, Body,
    CliError, CliResult, Received, Secret, Status,
};

const ENV_KEY: &str = "PAYSIGN_CYBERSOURCE_WEBHOOK_KEY";
const ENV_KEY_ID: &str = "PAYSIGN_CYBERSOURCE_WEBHOOK_KEY_ID";

/// How long `send` waits for the endpoint, in all.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// The webhook key (base64 text, as the Business Center shows it) and its id.
#[derive(Args)]
pub struct Key {
    /// Key id (keyId=) [env: PAYSIGN_CYBERSOURCE_WEBHOOK_KEY_ID]
    #[arg(long, value_name = "ID", env = ENV_KEY_ID, hide_env = true, hide_env_values = true)]
    key_id: Option<String>,
    #[command(flatten)]
    secret: Secret,
}

impl Key {
    fn key_id(&self) -> CliResult<&str> {
        crate::common::required(&self.key_id, "key_id", "--key-id", ENV_KEY_ID)
    }

    fn key(&self) -> CliResult<String> {
        let key = self.secret.require(ENV_KEY, "key")?;
        Ok(secret_text(&key, "key")?.to_owned())
    }
}

/// When the notification is signed.
#[derive(Args, Debug)]
pub struct Stamp {
    /// Sign at this time, Unix milliseconds (default: now)
    #[arg(long, value_name = "UNIX_MS")]
    timestamp: Option<i64>,
}

impl Stamp {
    fn time(&self) -> Time {
        self.timestamp
            .map_or(Time::Now, |ms| Time::text(ms.to_string()))
    }
}

/// A notification to sign: the key, the body and when.
#[derive(Args)]
pub struct Notification {
    #[command(flatten)]
    key: Key,
    #[command(flatten)]
    body: Body,
    #[command(flatten)]
    stamp: Stamp,
}

#[derive(Subcommand)]
pub enum Action {
    /// Print the v-c-signature header for a notification body
    #[command(after_help = concat!(
        "Example:\n  PAYSIGN_CYBERSOURCE_WEBHOOK_KEY=… paysign cybersource webhook sign --key-id key-1 \\\n    ",
        "--data '{\"eventType\":\"payments.capture\"}'\n\n",
        "Exit status: 0 signed, 2 usage error or invalid input."
    ))]
    Sign {
        #[command(flatten)]
        notification: Notification,
    },
    /// Check a received notification: print `valid` or the reason it is not
    #[command(after_help = concat!(
        "Example:\n  paysign cybersource webhook verify --key-id key-1 -H 'v-c-signature: t=…;keyId=key-1;sig=…' \\\n    ",
        "--body-file notification.json\n\n",
        "Exit status: 0 valid, 1 not valid (reason printed), 2 usage error or invalid input."
    ))]
    Verify {
        #[command(flatten)]
        key: Key,
        #[command(flatten)]
        body: Body,
        #[command(flatten)]
        received: Received,
        /// The verifier's clock, Unix seconds (default: now)
        #[arg(long, value_name = "UNIX_SECONDS")]
        now: Option<i64>,
        /// Largest accepted distance between t= and the clock, in seconds (default: the core's 5 minutes)
        #[arg(long, value_name = "SECONDS")]
        max_skew: Option<u64>,
    },
    /// Print the exact bytes signed, and where each part comes from
    #[command(after_help = concat!(
        "Example:\n  paysign cybersource webhook explain --key-id key-1 --timestamp 1700000000123 --data '{}'\n\n",
        "The key is optional here: with it, the header is printed too.\n\n",
        "Exit status: 0 explained, 2 usage error or invalid input."
    ))]
    Explain {
        #[command(flatten)]
        notification: Notification,
    },
    /// Find which known mistake produced a wrong v-c-signature
    #[command(after_help = concat!(
        "Example:\n  paysign cybersource webhook diagnose --key-id key-1 -H 'v-c-signature: …' --body-file body.json\n  ",
        "paysign cybersource webhook diagnose --list\n\n",
        "Exit status: 0 valid, 1 a known mistake reproduces the signature (printed with the fix),\n",
        "2 usage error or invalid input, 3 wrong and no known mistake reproduces it."
    ))]
    Diagnose {
        #[command(flatten)]
        key: Key,
        #[command(flatten)]
        body: Body,
        #[command(flatten)]
        received: Received,
        /// Unix seconds of the notification, when its t= is unreadable
        #[arg(long, value_name = "UNIX_SECONDS")]
        time: Option<i64>,
        /// List the mistakes this command recognises
        #[arg(long)]
        list: bool,
    },
    /// POST a signed notification to a URL (test your endpoint)
    #[command(after_help = concat!(
        "Example:\n  paysign cybersource webhook send http://localhost:8000/webhooks/cybersource --key-id key-1 \\\n    ",
        "--data '{\"eventType\":\"payments.capture\"}'\n\n",
        "Prints the endpoint's status line and body. Plain http:// only (a local endpoint or a tunnel).\n\n",
        "Exit status: 0 the endpoint answered 2xx, 1 it answered otherwise, 2 usage error,\n",
        "invalid input or no answer."
    ))]
    Send {
        /// The endpoint, an http:// URL
        #[arg(value_name = "URL")]
        url: String,
        #[command(flatten)]
        notification: Notification,
    },
}

pub fn run(action: Action) -> CliResult<Status> {
    match action {
        Action::Sign {
            notification: Notification { key, body, stamp },
        } => {
            let (bytes, _) = body.read()?;
            let value = signature(&key, &bytes, &stamp)?;
            println!("{HEADER}: {value}");
            Ok(Status::Ok)
        }
        Action::Verify {
            key,
            body,
            received,
            now,
            max_skew,
        } => {
            let headers = received.read(&body)?;
            let (bytes, _) = body.read()?;
            let verifier = CyberSourceWebhookVerifier::new(
                [(key.key_id()?.to_owned(), key.key()?.into_bytes())],
                max_skew,
                Replay::Off,
            )?;
            let result = verifier.verify_notification(&pairs(&headers), &bytes, now);
            report_verification(result.map(|_| ()), "cybersource webhook")
        }
        Action::Explain {
            notification: Notification { key, body, stamp },
        } => {
            let (bytes, _) = body.read()?;
            let secret = key.secret.load(ENV_KEY)?;
            let text = secret.as_ref().map(|s| secret_text(s, "key")).transpose()?;
            let key_id = key.key_id.as_deref().unwrap_or("<key id>");
            let explanation = match text {
                Some(k) => paysign::api::explain_cybersource_webhook(
                    key.key_id()?,
                    Some(k),
                    &bytes,
                    &stamp.time(),
                )?,
                None => {
                    paysign::api::explain_cybersource_webhook(key_id, None, &bytes, &stamp.time())?
                }
            };
            Ok(print_explanation(
                &explanation,
                &format!("set {ENV_KEY} or use --secret-file to see the header"),
            ))
        }
        Action::Diagnose {
            key,
            body,
            received,
            time,
            list,
        } => {
            if list {
                return Ok(crate::common::print_catalogue(paysign::diagnose::WEBHOOK));
            }
            let headers = received.read(&body)?;
            let (bytes, _) = body.read()?;
            let report = paysign::api::diagnose_cybersource_webhook(
                &pairs(&headers),
                key.key_id()?,
                &key.key()?,
                &bytes,
                &Time::from_option(time),
            )?;
            let received = header(&headers, HEADER).unwrap_or_default().to_owned();
            Ok(report_diagnosis(
                &report,
                "v-c-signature",
                "cybersource webhook",
                &received,
            ))
        }
        Action::Send {
            url,
            notification: Notification { key, body, stamp },
        } => {
            let (bytes, _) = body.read()?;
            let value = signature(&key, &bytes, &stamp)?;
            send(&url, &value, &bytes)
        }
    }
}

fn signature(key: &Key, body: &[u8], stamp: &Stamp) -> CliResult<String> {
    let ms = stamp.time().unix_millis("timestamp")?;
    Ok(paysign::api::cybersource_webhook_signature(
        key.key_id()?,
        &key.key()?,
        body,
        Some(ms),
    )?)
}

fn send(url: &str, signature: &str, body: &[u8]) -> CliResult<Status> {
    let parsed =
        url::Url::parse(url).map_err(|e| CliError::field("url", format!("not a URL: {e}")))?;
    if parsed.scheme() != "http" {
        return Err(CliError::field(
            "url",
            "only http:// is supported (a local endpoint or a tunnel)",
        ));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(SEND_TIMEOUT))
        .build()
        .into();
    let mut response = agent
        .post(url)
        .header(HEADER, signature)
        .header("Content-Type", "application/json")
        .send(body)
        .map_err(|e| CliError::field("url", format!("no answer: {e}")))?;
    let status = response.status();
    let text = response
        .body_mut()
        .read_to_string()
        .map_err(|e| CliError::field("url", format!("unreadable answer: {e}")))?;
    println!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    );
    if !text.is_empty() {
        println!("{text}");
    }
    Ok(if status.is_success() {
        Status::Ok
    } else {
        Status::Rejected
    })
}
