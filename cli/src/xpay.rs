//! `paysign xpay …`: Visa X-Pay-Token.

use clap::{Args, Subcommand};
use paysign::diagnose::{self, XPayRequest};
use paysign::xpay::{XPaySigner, HEADER};
use paysign::{Method, PathRule};

use crate::common::{
    header, report_diagnosis, report_verification, required, Body, CliError, CliResult, Format,
    Received, Secret, Status, Target, Window,
};
use crate::output::{self, framed, quoted};

const ENV_SECRET: &str = "PAYSIGN_VISA_SHARED_SECRET";
const ENV_API_KEY: &str = "PAYSIGN_VISA_API_KEY";

/// Visa credentials.
#[derive(Args)]
pub struct Creds {
    /// Visa API key, sent in the query as apikey= [env: PAYSIGN_VISA_API_KEY]
    #[arg(long, value_name = "KEY", env = ENV_API_KEY, hide_env = true, hide_env_values = true)]
    api_key: Option<String>,
    #[command(flatten)]
    secret: Secret,
    /// Sign the whole path instead of dropping the context path (some integrations)
    #[arg(long)]
    full_path: bool,
}

impl Creds {
    fn rule(&self) -> PathRule {
        if self.full_path {
            PathRule::FullPath
        } else {
            PathRule::ContextPath
        }
    }

    fn api_key(&self) -> CliResult<&str> {
        required(&self.api_key, "api_key", "--api-key", ENV_API_KEY)
    }

    fn signer(&self) -> CliResult<XPaySigner> {
        let api_key = self.api_key()?;
        let secret = self.secret.require(ENV_SECRET, "shared_secret")?;
        Ok(XPaySigner::new(api_key, secret.expose())?.with_path_rule(self.rule()))
    }
}

#[derive(Subcommand)]
pub enum Action {
    /// Print the headers (and URL) to send
    #[command(after_help = concat!(
        "Example:\n  PAYSIGN_VISA_API_KEY=KSKDFJOP934ALSFDJP34 PAYSIGN_VISA_SHARED_SECRET=… \\\n    ",
        "paysign xpay sign GET https://sandbox.api.visa.com/vdp/helloworld --format curl\n\n",
        "The query is sorted and apikey= added: send the URL printed (json, curl, http formats,\n",
        "or on standard error with --format headers).\n\n",
        "Credentials: --api-key or PAYSIGN_VISA_API_KEY; the shared secret from\n",
        "PAYSIGN_VISA_SHARED_SECRET or --secret-file.\n\n",
        "Exit status: 0 signed, 2 usage error or invalid input."
    ))]
    Sign {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        body: Body,
        #[command(flatten)]
        creds: Creds,
        /// Sign at this time, Unix seconds (default: now)
        #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
        time: Option<i64>,
        /// Output format
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Check a received x-pay-token: print `valid` or the reason it is not
    #[command(after_help = concat!(
        "Example:\n  paysign xpay verify GET 'https://sandbox.api.visa.com/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34' \\\n    ",
        "-H 'x-pay-token: xv2:1455716783:f5d1…'\n\n",
        "The URL is the one received (query as sent).\n\n",
        "Exit status: 0 valid, 1 not valid (reason printed), 2 usage error or invalid input."
    ))]
    Verify {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        body: Body,
        #[command(flatten)]
        creds: Creds,
        #[command(flatten)]
        received: Received,
        /// The received token (instead of -H 'x-pay-token: …')
        #[arg(long, value_name = "TOKEN")]
        token: Option<String>,
        #[command(flatten)]
        window: Window,
    },
    /// Print the exact message that is signed, and where each part comes from
    #[command(after_help = concat!(
        "Example:\n  paysign xpay explain --api-key KSKDFJOP934ALSFDJP34 --time 1455716783 \\\n    ",
        "GET 'https://sandbox.api.visa.com/vdp/helloworld'\n\n",
        "The shared secret is optional here: with it, the token is printed too.\n\n",
        "Exit status: 0 explained, 2 usage error or invalid input."
    ))]
    Explain {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        body: Body,
        #[command(flatten)]
        creds: Creds,
        /// The timestamp to show, Unix seconds (default: now)
        #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
        time: Option<i64>,
    },
    /// Find which known mistake produced a wrong x-pay-token
    #[command(after_help = concat!(
        "Example:\n  paysign xpay diagnose GET 'https://sandbox.api.visa.com/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34' \\\n    ",
        "--token 'xv2:1455716783:…'\n  paysign xpay diagnose --list\n\n",
        "Exit status: 0 valid, 1 a known mistake reproduces the token (printed with the fix),\n",
        "2 usage error or invalid input, 3 wrong and no known mistake reproduces it."
    ))]
    Diagnose {
        /// HTTP method: GET, POST, PUT, PATCH or DELETE
        #[arg(value_name = "METHOD", required_unless_present = "list")]
        method: Option<String>,
        /// Absolute URL, as sent
        #[arg(value_name = "URL", required_unless_present = "list")]
        url: Option<String>,
        #[command(flatten)]
        body: Body,
        #[command(flatten)]
        creds: Creds,
        #[command(flatten)]
        received: Received,
        /// The token produced by the code under suspicion (instead of -H 'x-pay-token: …')
        #[arg(long, value_name = "TOKEN")]
        token: Option<String>,
        /// Unix seconds for the expected token when the received one has no readable timestamp
        #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
        time: Option<i64>,
        /// List the mistakes this command recognises
        #[arg(long)]
        list: bool,
    },
}

fn token(token: &Option<String>, received: &Received, body: &Body) -> CliResult<String> {
    if let Some(t) = token {
        return Ok(t.clone());
    }
    let headers = received.read(body)?;
    header(&headers, HEADER)
        .map(str::to_owned)
        .ok_or_else(|| CliError::field("token", "not given: use --token or -H 'x-pay-token: …'"))
}

pub fn run(action: Action) -> CliResult<Status> {
    match action {
        Action::Sign {
            target,
            body,
            creds,
            time,
            format,
        } => {
            let signer = creds.signer()?;
            let (bytes, source) = body.read()?;
            let method = Method::parse("method", &target.method)?;
            let signed = match time {
                Some(t) => signer.sign_at(&target.method, &target.url, &bytes, t)?,
                None => signer.sign(&target.method, &target.url, &bytes)?,
            };
            if format == Format::Headers && signed.url != target.url {
                eprintln!("paysign: send to {}", signed.url);
            }
            output::print_signed(format, method, signed, &bytes, &source)?;
            Ok(Status::Ok)
        }
        Action::Verify {
            target,
            body,
            creds,
            received,
            token: tok,
            window,
        } => {
            let signer = creds.signer()?;
            Method::parse("method", &target.method)?;
            let t = token(&tok, &received, &body)?;
            let (bytes, _) = body.read()?;
            report_verification(
                signer.verify(&t, &target.url, &bytes, window.now(), window.max_skew),
                "xpay",
            )
        }
        Action::Explain {
            target,
            body,
            creds,
            time,
        } => explain(&target, &body, &creds, time),
        Action::Diagnose {
            method,
            url,
            body,
            creds,
            received,
            token: tok,
            time,
            list,
        } => {
            if list {
                return Ok(crate::common::print_catalogue(diagnose::XPAY));
            }
            let (method, url) = (method.unwrap_or_default(), url.unwrap_or_default());
            let api_key = creds.api_key()?;
            let secret = creds.secret.require(ENV_SECRET, "shared_secret")?;
            let t = token(&tok, &received, &body)?;
            let (bytes, _) = body.read()?;
            let d = diagnose::xpay(
                &XPayRequest {
                    api_key,
                    shared_secret: secret.expose(),
                    method: &method,
                    url: &url,
                    body: &bytes,
                    path_rule: creds.rule(),
                    time,
                },
                &t,
            )?;
            Ok(report_diagnosis(&d, "x-pay-token", "xpay"))
        }
    }
}

fn explain(target: &Target, body: &Body, creds: &Creds, time: Option<i64>) -> CliResult<Status> {
    let api_key = creds.api_key()?;
    let secret = creds.secret.load(ENV_SECRET)?;
    let method = Method::parse("method", &target.method)?;
    let prepared = paysign::xpay::prepare(&target.url, api_key, creds.rule())?;
    let (bytes, source) = body.read()?;
    let ts = time.unwrap_or_else(paysign::time::now_unix);
    let message =
        paysign::xpay::message(ts, &prepared.resource_path, &prepared.query_string, &bytes)?;

    let given_query = target
        .url
        .split_once('?')
        .map(|(_, q)| q.split('#').next().unwrap_or(q))
        .unwrap_or("");
    let mut query_notes = vec!["as sent in the URL, without `?`".to_owned()];
    let has_key = given_query
        .split('&')
        .any(|p| p.split('=').next() == Some(paysign::xpay::API_KEY_PARAM));
    if !has_key {
        query_notes.push("`apikey=` added".into());
    }
    let given_pieces: Vec<&str> = given_query.split('&').filter(|p| !p.is_empty()).collect();
    let given_in_sent_order: Vec<&str> = prepared
        .query_string
        .split('&')
        .filter(|p| given_pieces.contains(p))
        .collect();
    if given_in_sent_order != given_pieces {
        query_notes.push("parameters sorted by name".into());
    }
    let rp_note = match &prepared.removed_context {
        Some(c) => format!(
            "`/{c}/` context path removed from the URL path {}",
            quoted(&prepared.path)
        ),
        None => format!(
            "{}: the URL path {} without its leading slash",
            prepared.resource_path_reason,
            quoted(&prepared.path)
        ),
    };
    let body_note = if bytes.is_empty() {
        format!(
            "{}; nothing is signed for it, never `null`",
            source.describe()
        )
    } else {
        format!(
            "{} bytes, {}, exactly as sent",
            bytes.len(),
            source.describe()
        )
    };

    println!("X-Pay-Token message = timestamp ‖ resource path ‖ query string ‖ body");
    println!();
    println!(
        "  timestamp      {} — Unix seconds (not milliseconds), {}",
        quoted(&ts.to_string()),
        if time.is_some() {
            "from --time"
        } else {
            "the current time"
        }
    );
    println!(
        "  resource path  {} — {rp_note}",
        quoted(&prepared.resource_path)
    );
    println!(
        "  query string   {} — {}",
        quoted(&prepared.query_string),
        query_notes.join(", ")
    );
    if bytes.is_empty() {
        println!("  body           (empty) — {body_note}");
    } else {
        println!("  body           {body_note}");
    }
    println!();
    print!("{}", framed("message", &message));
    println!();
    println!("{} {}", method.as_upper(), prepared.url);
    match secret {
        Some(s) => {
            let token = paysign::xpay::token(
                s.expose(),
                ts,
                &prepared.resource_path,
                &prepared.query_string,
                &bytes,
            )?;
            println!("{HEADER}: {token}");
            println!("  = xv2:<timestamp>:<lowercase hex HMAC-SHA256 of the message, keyed with the shared secret>");
        }
        None => println!("(no shared secret given: set {ENV_SECRET} to see the token)"),
    }
    Ok(Status::Ok)
}
