//! `paysign`: sign, verify, explain and diagnose payment-API requests from the
//! command line. A thin shell over the `paysign` crate: every rule, format and
//! check is the core's; this binary reads arguments, files and environment
//! variables, and presents the results.

mod common;
mod cybersource;
mod output;
mod paysimple;
mod serve;
mod webhook;
mod xpay;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The exit statuses, shown in every `--help`.
pub const EXIT_CODES: &str = "\
Exit status:
  0  success: signed or explained; verify/diagnose: the request is valid
  1  verify: the request does not verify (the reason is printed);
     diagnose: a known mistake reproduces the received value
  2  usage error or invalid input (one line naming the field)
  3  diagnose: the value is wrong and no known mistake reproduces it";

#[derive(Parser)]
#[command(
    name = "paysign",
    version,
    about = "Sign, verify, explain and diagnose Visa X-Pay-Token, CyberSource HTTP Signature and PaySimple PSSERVER requests",
    long_about = "Sign, verify, explain and diagnose Visa X-Pay-Token, CyberSource HTTP Signature and PaySimple \
PSSERVER requests, byte for byte.\n\n\
Secrets are read from environment variables or --secret-file, never printed:\n  \
PAYSIGN_VISA_SHARED_SECRET, PAYSIGN_VISA_API_KEY\n  \
PAYSIGN_CYBERSOURCE_SHARED_SECRET, PAYSIGN_CYBERSOURCE_KEY_ID, PAYSIGN_CYBERSOURCE_MERCHANT_ID\n  \
PAYSIGN_PAYSIMPLE_API_KEY, PAYSIGN_PAYSIMPLE_USERNAME",
    after_help = concat!(
        "Example (published CyberSource sandbox credentials, no account needed):\n  ",
        "paysign cybersource sign --sandbox POST https://apitest.cybersource.com/pts/v2/payments \\\n    ",
        "--data '{\"clientReferenceInformation\":{\"code\":\"TC50171_3\"}}' --format curl\n\n",
        "Exit status:\n",
        "  0  success: signed or explained; verify/diagnose: the request is valid\n",
        "  1  verify: the request does not verify (the reason is printed);\n",
        "     diagnose: a known mistake reproduces the received value\n",
        "  2  usage error or invalid input (one line naming the field)\n",
        "  3  diagnose: the value is wrong and no known mistake reproduces it"
    )
)]
struct Cli {
    #[command(subcommand)]
    scheme: Scheme,
}

#[derive(Subcommand)]
enum Scheme {
    /// Visa Developer Platform X-Pay-Token (API key and shared secret)
    #[command(after_help = EXIT_CODES)]
    Xpay {
        #[command(subcommand)]
        action: xpay::Action,
    },
    /// CyberSource REST HTTP Signature (merchant id, key id and shared secret)
    #[command(after_help = EXIT_CODES)]
    Cybersource {
        #[command(subcommand)]
        action: cybersource::Action,
    },
    /// PaySimple API 4.0 PSSERVER authorization header (API username and key)
    #[command(after_help = EXIT_CODES)]
    Paysimple {
        #[command(subcommand)]
        action: paysimple::Action,
    },
    /// A local gateway that verifies requests like the vendors and says why it refused one
    Serve(serve::Serve),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.scheme {
        Scheme::Xpay { action } => xpay::run(action),
        Scheme::Cybersource { action } => cybersource::run(action),
        Scheme::Paysimple { action } => paysimple::run(action),
        Scheme::Serve(args) => serve::run(args),
    };
    match outcome {
        Ok(status) => status.into(),
        Err(err) => {
            eprintln!("paysign: error: {err}");
            common::Status::Invalid.into()
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
