//! `paysign cybersource …`: CyberSource REST HTTP Signature.

use clap::{Args, Subcommand};
use paysign::cybersource::{self as cs, CyberSourceSigner};
use paysign::diagnose::CyberSourceRequest;
use paysign::scheme::{Scheme, SignableRequest};
use paysign::{Method, SecretBytes};

use crate::common::{
    pairs, print_explanation, report_diagnosis, report_verification, secret_text, CliError,
    CliResult, Format, Received, Request, Secret, Status, Suspect, Window,
};
use crate::output;

const ENV_SECRET: &str = "PAYSIGN_CYBERSOURCE_SHARED_SECRET";
const ENV_KEY_ID: &str = "PAYSIGN_CYBERSOURCE_KEY_ID";
const ENV_MERCHANT_ID: &str = "PAYSIGN_CYBERSOURCE_MERCHANT_ID";

use paysign::cybersource::{SANDBOX_KEY_ID, SANDBOX_MERCHANT_ID, SANDBOX_SHARED_SECRET};

/// CyberSource credentials.
#[derive(Args)]
pub struct Creds {
    /// Merchant id (v-c-merchant-id) [env: PAYSIGN_CYBERSOURCE_MERCHANT_ID]
    #[arg(long, value_name = "ID", env = ENV_MERCHANT_ID, hide_env = true, hide_env_values = true)]
    merchant_id: Option<String>,
    /// Key id (keyid=) [env: PAYSIGN_CYBERSOURCE_KEY_ID]
    #[arg(long, value_name = "UUID", env = ENV_KEY_ID, hide_env = true, hide_env_values = true)]
    key_id: Option<String>,
    #[command(flatten)]
    secret: Secret,
    /// Use the sandbox credentials CyberSource publishes in its SDKs (merchant
    /// testrest), instead of the flags and PAYSIGN_CYBERSOURCE_* variables
    #[arg(long, conflicts_with_all = ["secret_file", "secret"])]
    sandbox: bool,
}

struct Resolved {
    merchant_id: String,
    key_id: Option<String>,
    secret: Option<SecretBytes>,
}

impl Creds {
    fn resolve(&self) -> CliResult<Resolved> {
        if self.sandbox {
            return Ok(Resolved {
                merchant_id: SANDBOX_MERCHANT_ID.into(),
                key_id: Some(SANDBOX_KEY_ID.into()),
                secret: Some(SecretBytes::new(SANDBOX_SHARED_SECRET.as_bytes().to_vec())),
            });
        }
        let merchant_id = crate::common::required(
            &self.merchant_id,
            "merchant_id",
            "--merchant-id (or --sandbox)",
            ENV_MERCHANT_ID,
        )?;
        Ok(Resolved {
            merchant_id: merchant_id.to_owned(),
            key_id: self.key_id.clone(),
            secret: self.secret.load(ENV_SECRET)?,
        })
    }
}

impl Resolved {
    fn secret(&self) -> CliResult<&str> {
        let s = self.secret.as_ref().ok_or_else(|| {
            CliError::field(
                "shared_secret",
                format!("not given: set {ENV_SECRET}, use --secret-file PATH, or --sandbox"),
            )
        })?;
        secret_text(s, "shared_secret")
    }

    fn key_id(&self) -> CliResult<&str> {
        self.key_id.as_deref().ok_or_else(|| {
            CliError::field(
                "key_id",
                format!("not given: use --key-id or set {ENV_KEY_ID} (or --sandbox)"),
            )
        })
    }

    fn signer(&self) -> CliResult<CyberSourceSigner> {
        Ok(CyberSourceSigner::new(
            &self.merchant_id,
            self.key_id()?,
            self.secret()?,
        )?)
    }
}

crate::common::signing_time!(
    When,
    date,
    "DATE",
    "Sign at this time, Unix seconds (default: now)",
    "Use this Date value, an IMF-fixdate such as 'Thu, 18 Jul 2019 00:18:03 GMT'",
    paysign::time::parse_imf_fixdate
);

#[derive(Subcommand)]
pub enum Action {
    /// Print the headers to send: v-c-merchant-id, Date, Host, Digest, Signature
    #[command(after_help = concat!(
        "Example (published sandbox credentials):\n  ",
        "paysign cybersource sign --sandbox POST https://apitest.cybersource.com/pts/v2/payments \\\n    ",
        "--data '{\"clientReferenceInformation\":{\"code\":\"TC50171_3\"}}' --format curl\n\n",
        "Credentials: --merchant-id or PAYSIGN_CYBERSOURCE_MERCHANT_ID, --key-id or\n",
        "PAYSIGN_CYBERSOURCE_KEY_ID, the base64 shared secret from PAYSIGN_CYBERSOURCE_SHARED_SECRET\n",
        "or --secret-file; or --sandbox. The curl and http formats add Content-Type: application/json\n",
        "when there is a body.\n\n",
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
    /// Check a received request: print `valid` or the reason it is not
    #[command(after_help = concat!(
        "Example:\n  paysign cybersource sign --sandbox GET https://apitest.cybersource.com/reporting/v3/reports > headers.txt\n  ",
        "paysign cybersource verify --sandbox GET https://apitest.cybersource.com/reporting/v3/reports \\\n    ",
        "--headers-file headers.txt\n\n",
        "Host is taken from the URL when no Host header is given, as an HTTP client sends it.\n",
        "With a key id (or --sandbox) the keyid= must match it.\n\n",
        "Exit status: 0 valid, 1 not valid (reason printed), 2 usage error or invalid input."
    ))]
    Verify {
        #[command(flatten)]
        request: Request,
        #[command(flatten)]
        creds: Creds,
        #[command(flatten)]
        received: Received,
        #[command(flatten)]
        window: Window,
    },
    /// Print the exact signing string, and where each line comes from
    #[command(after_help = concat!(
        "Example:\n  paysign cybersource explain --sandbox --time 1563409083 POST https://apitest.cybersource.com/pts/v2/payments \\\n    ",
        "--data '{\"amount\":\"10.00\"}'\n\n",
        "Only the merchant id is required; with the key id and secret the Signature header is printed too.\n\n",
        "Exit status: 0 explained, 2 usage error or invalid input."
    ))]
    Explain {
        #[command(flatten)]
        request: Request,
        #[command(flatten)]
        creds: Creds,
        #[command(flatten)]
        when: When,
    },
    /// Find which known mistake produced a wrong Signature
    #[command(after_help = concat!(
        "Example:\n  paysign cybersource diagnose --sandbox POST https://apitest.cybersource.com/pts/v2/payments \\\n    ",
        "--data '{\"amount\":\"10.00\"}' --headers-file captured-headers.txt\n  paysign cybersource diagnose --list\n\n",
        "Give the headers the other code sent (Signature is required; Date, Digest, Host when sent).\n\n",
        "Exit status: 0 valid, 1 a known mistake reproduces the signature (printed with the fix),\n",
        "2 usage error or invalid input, 3 wrong and no known mistake reproduces it."
    ))]
    Diagnose {
        #[command(flatten)]
        suspect: Suspect,
        #[command(flatten)]
        creds: Creds,
        /// When the request was made, Unix seconds: used when there is no
        /// readable Date header, and to spot a local time labelled GMT
        #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
        time: Option<i64>,
    },
    /// Webhook notifications: the v-c-signature header
    #[command(subcommand, after_help = crate::EXIT_CODES)]
    Webhook(crate::webhook::Action),
}

pub fn run(action: Action) -> CliResult<Status> {
    match action {
        Action::Sign {
            request: Request { target, body },
            creds,
            when,
            format,
        } => {
            let signer = creds.resolve()?.signer()?;
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
            request: Request { target, body },
            creds,
            received,
            window,
        } => {
            let creds = creds.resolve()?;
            let prepared = cs::prepare_url(&target.url)?;
            let mut headers = received.read(&body)?;
            if crate::common::header(&headers, cs::HEADER_HOST).is_none() {
                headers.push((cs::HEADER_HOST.to_owned(), prepared.host.clone()));
            }
            let pairs = pairs(&headers);
            let (bytes, _) = body.read()?;
            let (now, skew) = (window.now(), window.max_skew);
            let result = if creds.key_id.is_some() {
                creds.signer()?.verify(
                    &pairs,
                    &target.method,
                    &prepared.request_target,
                    &bytes,
                    now,
                    skew,
                )
            } else {
                cs::verify(
                    creds.secret()?,
                    &pairs,
                    &target.method,
                    &prepared.request_target,
                    &bytes,
                    now,
                    skew,
                )
            };
            report_verification(result, "cybersource")
        }
        Action::Explain {
            request: Request { target, body },
            creds,
            when,
        } => {
            let creds = creds.resolve()?;
            let (bytes, _) = body.read()?;
            let explanation = match (&creds.key_id, &creds.secret) {
                (Some(key_id), Some(_)) => paysign::api::explain_cybersource_signature(
                    &creds.merchant_id,
                    key_id,
                    Some(creds.secret()?),
                    &target.method,
                    &target.url,
                    &bytes,
                    &when.time()?,
                )?,
                _ => paysign::explain::cybersource(
                    &creds.merchant_id,
                    "",
                    None,
                    &target.method,
                    &target.url,
                    &bytes,
                    &when.time()?,
                )?,
            };
            Ok(print_explanation(
                &explanation,
                &format!(
                    "set {ENV_KEY_ID} and {ENV_SECRET} (or use --secret-file) to see the Signature"
                ),
            ))
        }
        Action::Diagnose {
            suspect,
            creds,
            time,
        } => {
            if suspect.list {
                return Ok(crate::common::print_catalogue(
                    paysign::diagnose::CYBERSOURCE,
                ));
            }
            let creds = creds.resolve()?;
            let crate::common::Suspected {
                method,
                url,
                body: bytes,
                headers,
            } = suspect.read()?;
            let pairs = pairs(&headers);
            let report = paysign::diagnose::cybersource::diagnose(&CyberSourceRequest {
                merchant_id: &creds.merchant_id,
                key_id: creds.key_id.as_deref(),
                shared_secret: creds.secret()?,
                method: &method,
                url: &url,
                body: &bytes,
                headers: &pairs,
                time,
            })?;
            let received = crate::common::header(&headers, cs::HEADER_SIGNATURE)
                .map(|h| {
                    cs::parse_signature_header(h)
                        .map(|p| p.signature.to_owned())
                        .unwrap_or_else(|_| h.to_owned())
                })
                .unwrap_or_default();
            Ok(report_diagnosis(
                &report,
                "signature",
                "cybersource",
                &received,
            ))
        }
        Action::Webhook(action) => crate::webhook::run(action),
    }
}
