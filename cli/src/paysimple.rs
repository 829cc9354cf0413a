//! `paysign paysimple …`: PaySimple API 4.0 PSSERVER authorization.

use clap::{Args, Subcommand};
use paysign::paysimple::{self as ps, PaySimpleSigner, HEADER};
use paysign::scheme::{Scheme, SignableRequest};
use paysign::Method;

use crate::common::{
    credential_header, print_explanation, report_diagnosis, report_verification, secret_text, Body,
    CliError, CliResult, Format, Received, Request, Secret, Status, Window,
};
use crate::output;

const ENV_API_KEY: &str = "PAYSIGN_PAYSIMPLE_API_KEY";
const ENV_USERNAME: &str = "PAYSIGN_PAYSIMPLE_USERNAME";

/// PaySimple credentials: the API key is the secret.
#[derive(Args)]
pub struct Creds {
    /// API username (accessid=) [env: PAYSIGN_PAYSIMPLE_USERNAME]
    #[arg(long, value_name = "USER", env = ENV_USERNAME, hide_env = true, hide_env_values = true)]
    username: Option<String>,
    #[command(flatten)]
    secret: Secret,
}

impl Creds {
    fn username(&self) -> CliResult<&str> {
        crate::common::required(&self.username, "username", "--username", ENV_USERNAME)
    }

    fn api_key(&self) -> CliResult<paysign::SecretBytes> {
        self.secret.require(ENV_API_KEY, "api_key")
    }
}

crate::common::signing_time!(
    When,
    timestamp,
    "ISO8601",
    "Sign at this time, Unix seconds (UTC, written with 7 fraction digits)",
    "Sign this exact ISO-8601 timestamp text, e.g. 2018-04-19T16:04:59.9148591Z",
    paysign::time::parse_rfc3339
);

#[derive(Subcommand)]
pub enum Action {
    /// Print the Authorization header to send
    #[command(after_help = concat!(
        "Example:\n  PAYSIGN_PAYSIMPLE_USERNAME=APIUser1000 PAYSIGN_PAYSIMPLE_API_KEY=… \\\n    ",
        "paysign paysimple sign GET https://sandbox-api.paysimple.com/v4/customer --format curl\n\n",
        "Credentials: --username or PAYSIGN_PAYSIMPLE_USERNAME; the API key from PAYSIGN_PAYSIMPLE_API_KEY\n",
        "or --secret-file. Method, URL and body do not enter the signature; they are used for the\n",
        "curl and http formats.\n\n",
        "Exit status: 0 signed, 2 usage error or invalid input."
    ))]
    Sign {
        #[command(flatten)]
        request: Request,
        #[command(flatten)]
        creds: Creds,
        #[command(flatten)]
        when: When,
        /// Output format
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Check a received Authorization header: print `valid` or the reason it is not
    #[command(after_help = concat!(
        "Example:\n  paysign paysimple verify --authorization 'PSSERVER accessid=APIUser1000; timestamp=…; signature=…'\n\n",
        "With a username, accessid= must match it.\n\n",
        "Exit status: 0 valid, 1 not valid (reason printed), 2 usage error or invalid input."
    ))]
    Verify {
        #[command(flatten)]
        creds: Creds,
        #[command(flatten)]
        received: Received,
        /// The received Authorization value (instead of -H 'Authorization: …')
        #[arg(long, value_name = "VALUE")]
        authorization: Option<String>,
        #[command(flatten)]
        window: Window,
    },
    /// Print the exact text that is signed, and where it comes from
    #[command(after_help = concat!(
        "Example:\n  paysign paysimple explain --username APIUser1000 --timestamp 2017-07-20T20:45:44.0973928Z\n\n",
        "The API key is optional here: with it, the header is printed too.\n\n",
        "Exit status: 0 explained, 2 usage error or invalid input."
    ))]
    Explain {
        #[command(flatten)]
        creds: Creds,
        #[command(flatten)]
        when: When,
    },
    /// Find which known mistake produced a wrong Authorization header
    #[command(after_help = concat!(
        "Example:\n  paysign paysimple diagnose --authorization 'PSSERVER accessid=APIUser1000; timestamp=…; signature=…'\n  ",
        "paysign paysimple diagnose --list\n\n",
        "Exit status: 0 valid, 1 a known mistake reproduces the header (printed with the fix),\n",
        "2 usage error or invalid input, 3 wrong and no known mistake reproduces it."
    ))]
    Diagnose {
        #[command(flatten)]
        creds: Creds,
        #[command(flatten)]
        received: Received,
        /// The Authorization value produced by the code under suspicion (instead of -H 'Authorization: …')
        #[arg(long, value_name = "VALUE", required_unless_present_any = ["list", "headers", "headers_file"])]
        authorization: Option<String>,
        /// The timestamp text that code signed, if known (e.g. from its logs)
        #[arg(long, value_name = "ISO8601")]
        signed_timestamp: Option<String>,
        /// List the mistakes this command recognises
        #[arg(long)]
        list: bool,
    },
}

/// The header given, or the one Authorization received (a duplicate is the
/// inner error: a verification failure, not a usage error).
fn authorization(
    value: &Option<String>,
    received: &Received,
) -> CliResult<paysign::Result<String>> {
    if let Some(v) = value {
        return Ok(Ok(v.clone()));
    }
    let no_body = Body {
        data: None,
        body_file: None,
    };
    let headers = received.read(&no_body)?;
    credential_header(&headers, HEADER)
        .map(|r| r.map(str::to_owned))
        .ok_or_else(|| {
            CliError::field(
                "authorization",
                "not given: use --authorization or -H 'Authorization: …'",
            )
        })
}

pub fn run(action: Action) -> CliResult<Status> {
    match action {
        Action::Sign {
            request: Request { target, body },
            creds,
            when,
            format,
        } => {
            let key = creds.api_key()?;
            let signer = PaySimpleSigner::new(creds.username()?, secret_text(&key, "api_key")?)?;
            let method = Method::parse("method", &target.method)?;
            let (bytes, source) = body.read()?;
            let request = SignableRequest {
                method: &target.method,
                url: &target.url,
                body: &bytes,
            };
            let signed = signer.sign_request(&request, &when.time()?)?;
            output::print_signed(format, method, signed, &bytes, &source)?;
            Ok(Status::Ok)
        }
        Action::Verify {
            creds,
            received,
            authorization: value,
            window,
        } => {
            let key = creds.api_key()?;
            let key = secret_text(&key, "api_key")?;
            let value = authorization(&value, &received)?;
            let (now, skew) = (window.now(), window.max_skew);
            let result = value.and_then(|value| match creds.username.as_deref() {
                Some(user) => PaySimpleSigner::new(user, key)?.verify(&value, now, skew),
                None => ps::verify(&value, key, now, skew),
            });
            report_verification(result, "paysimple")
        }
        Action::Explain { creds, when } => {
            let key = creds.secret.load(ENV_API_KEY)?;
            let key = key
                .as_ref()
                .map(|k| secret_text(k, "api_key"))
                .transpose()?;
            let username = match key {
                Some(_) => creds.username()?,
                None => creds.username.as_deref().unwrap_or_default(),
            };
            let explanation = paysign::api::explain_paysimple_header(username, key, &when.time()?)?;
            Ok(print_explanation(
                &explanation,
                &format!("set {ENV_API_KEY} or use --secret-file to see the header"),
            ))
        }
        Action::Diagnose {
            creds,
            received,
            authorization: value,
            signed_timestamp,
            list,
        } => {
            if list {
                return Ok(crate::common::print_catalogue(paysign::diagnose::PAYSIMPLE));
            }
            let key = creds.api_key()?;
            let value = authorization(&value, &received)??;
            let report = paysign::api::diagnose_paysimple_header(
                &value,
                creds.username.as_deref().unwrap_or("-"),
                secret_text(&key, "api_key")?,
                signed_timestamp.as_deref(),
            )?;
            let received = ps::parse_layout(&value)
                .map(|p| p.signature.to_owned())
                .unwrap_or(value.clone());
            Ok(report_diagnosis(
                &report,
                "Authorization header",
                "paysimple",
                &received,
            ))
        }
    }
}
