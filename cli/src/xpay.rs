//! `paysign xpay …`: Visa X-Pay-Token.

use clap::{Args, Subcommand};
use paysign::scheme::{Scheme, SignableRequest};
use paysign::xpay::{XPaySigner, HEADER};
use paysign::{Method, PathRule, Time};

use crate::common::{
    credential_header, print_explanation, report_diagnosis, report_verification, required, Body,
    CliError, CliResult, Format, Received, Request, Secret, Status, Suspect, Window,
};
use crate::output;

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
        PathRule::from_full_path(self.full_path)
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
        request: Request,
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
        request: Request,
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
        request: Request,
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
        #[command(flatten)]
        suspect: Suspect,
        #[command(flatten)]
        creds: Creds,
        /// The token produced by the code under suspicion (instead of -H 'x-pay-token: …')
        #[arg(long, value_name = "TOKEN")]
        token: Option<String>,
        /// Unix seconds for the expected token when the received one has no readable timestamp
        #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
        time: Option<i64>,
    },
}

/// The token given, or the one x-pay-token received (a duplicate is the
/// inner error: a verification failure, not a usage error).
fn token(
    token: &Option<String>,
    received: &Received,
    body: &Body,
) -> CliResult<paysign::Result<String>> {
    if let Some(t) = token {
        return Ok(Ok(t.clone()));
    }
    let headers = received.read(body)?;
    credential_header(&headers, HEADER)
        .map(|r| r.map(str::to_owned))
        .ok_or_else(|| CliError::field("token", "not given: use --token or -H 'x-pay-token: …'"))
}

pub fn run(action: Action) -> CliResult<Status> {
    match action {
        Action::Sign {
            request: Request { target, body },
            creds,
            time,
            format,
        } => {
            let signer = creds.signer()?;
            let (bytes, source) = body.read()?;
            let method = Method::parse("method", &target.method)?;
            let request = SignableRequest {
                method: &target.method,
                url: &target.url,
                body: &bytes,
            };
            if let Some(t) = time {
                paysign::time::check_unix_time("timestamp", t)?;
            }
            let signed = signer.sign_request(&request, &Time::from_option(time))?;
            if format == Format::Headers && signed.url != target.url {
                eprintln!("paysign: send to {}", signed.url);
            }
            output::print_signed(format, method, signed, &bytes, &source)?;
            Ok(Status::Ok)
        }
        Action::Verify {
            request: Request { target, body },
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
                t.and_then(|t| {
                    signer.verify(&t, &target.url, &bytes, window.now(), window.max_skew)
                }),
                "xpay",
            )
        }
        Action::Explain {
            request: Request { target, body },
            creds,
            time,
        } => {
            let secret = creds.secret.load(ENV_SECRET)?;
            let (bytes, _) = body.read()?;
            let explanation = paysign::api::explain_x_pay_token(
                creds.api_key()?,
                secret.as_ref().map(|s| s.expose()),
                &target.method,
                &target.url,
                &bytes,
                creds.full_path,
                &Time::from_option(time),
            )?;
            Ok(print_explanation(
                &explanation,
                &format!("set {ENV_SECRET} or use --secret-file to see the token"),
            ))
        }
        Action::Diagnose {
            suspect,
            creds,
            token: tok,
            time,
        } => {
            if suspect.list {
                return Ok(crate::common::print_catalogue(paysign::diagnose::XPAY));
            }
            let secret = creds.secret.require(ENV_SECRET, "shared_secret")?;
            let t = token(&tok, &suspect.received, &suspect.body)??;
            let (bytes, _) = suspect.body.read()?;
            let report = paysign::api::diagnose_x_pay_token(
                &t,
                creds.api_key()?,
                secret.expose(),
                suspect.method.as_deref().unwrap_or_default(),
                suspect.url.as_deref().unwrap_or_default(),
                &bytes,
                creds.full_path,
                &Time::from_option(time),
            )?;
            Ok(report_diagnosis(&report, "x-pay-token", "xpay", &t))
        }
    }
}
