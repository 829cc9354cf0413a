//! Inputs shared by every scheme: secrets, bodies, received headers, clocks,
//! exit statuses and the one error type of the command.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use paysign::SecretBytes;

/// What the command reports, as an exit status (documented in `--help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Signed, explained, or valid.
    Ok,
    /// Verification failed, or diagnose found the mistake.
    Rejected,
    /// Usage error or invalid input.
    Invalid,
    /// Diagnose found nothing in the catalogue.
    NoMatch,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> Self {
        ExitCode::from(match s {
            Status::Ok => 0,
            Status::Rejected => 1,
            Status::Invalid => 2,
            Status::NoMatch => 3,
        })
    }
}

/// An error that ends the command with status 2: one line, naming the field.
#[derive(Debug)]
pub struct CliError(String);

impl CliError {
    /// `<field>: <problem>`.
    pub fn field(field: &str, problem: impl fmt::Display) -> Self {
        CliError(format!("{field}: {problem}"))
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<paysign::Error> for CliError {
    fn from(e: paysign::Error) -> Self {
        CliError(e.to_string())
    }
}

pub type CliResult<T> = Result<T, CliError>;

/// `--format`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// `Name: value` lines, one per header
    #[default]
    Headers,
    /// a JSON object: method, url, headers
    Json,
    /// a ready `curl` command line
    Curl,
    /// the HTTP/1.1 request head, with CRLF line ends
    Http,
}

/// The request a subcommand works on.
#[derive(Args, Debug)]
pub struct Target {
    /// HTTP method: GET, POST, PUT, PATCH or DELETE
    #[arg(value_name = "METHOD")]
    pub method: String,
    /// Absolute http(s) URL, with its query exactly as sent
    #[arg(value_name = "URL")]
    pub url: String,
}

/// The request a subcommand signs, checks or explains: method, URL and body.
#[derive(Args, Debug)]
pub struct Request {
    #[command(flatten)]
    pub target: Target,
    #[command(flatten)]
    pub body: Body,
}

/// The request body: exact bytes, never re-encoded.
#[derive(Args, Debug)]
pub struct Body {
    /// Request body, sent and signed byte for byte
    #[arg(long, value_name = "TEXT", conflicts_with = "body_file")]
    pub data: Option<String>,
    /// Read the body from a file, exact bytes ('-' reads standard input)
    #[arg(long, value_name = "PATH")]
    pub body_file: Option<PathBuf>,
}

/// Where the body came from, for the `curl` format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodySource {
    /// No body.
    Empty,
    /// `--data`.
    Data,
    /// `--body-file PATH`.
    File(PathBuf),
    /// `--body-file -`.
    Stdin,
}

fn read_path(flag: &str, path: &Path) -> CliResult<Vec<u8>> {
    if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| CliError::field(flag, format!("cannot read standard input: {e}")))?;
        Ok(buf)
    } else {
        std::fs::read(path)
            .map_err(|e| CliError::field(flag, format!("cannot read {}: {e}", path.display())))
    }
}

impl Body {
    /// The body bytes and where they came from.
    pub fn read(&self) -> CliResult<(Vec<u8>, BodySource)> {
        match (&self.data, &self.body_file) {
            (Some(d), _) => Ok((d.clone().into_bytes(), BodySource::Data)),
            (None, Some(p)) => {
                let bytes = read_path("--body-file", p)?;
                let source = if p == Path::new("-") {
                    BodySource::Stdin
                } else {
                    BodySource::File(p.clone())
                };
                Ok((bytes, source))
            }
            (None, None) => Ok((Vec::new(), BodySource::Empty)),
        }
    }

    pub fn uses_stdin(&self) -> bool {
        self.body_file.as_deref() == Some(Path::new("-"))
    }
}

/// Where the secret comes from. Deliberately not `Debug`.
#[derive(Args)]
pub struct Secret {
    /// Read the secret from a file (one trailing newline is ignored) instead of
    /// its environment variable
    #[arg(long, value_name = "PATH")]
    pub secret_file: Option<PathBuf>,
    /// The secret on the command line: refused unless --insecure-secret-arg is
    /// also given (it would show in `ps` and in the shell history)
    #[arg(
        long,
        value_name = "SECRET",
        allow_hyphen_values = true,
        conflicts_with = "secret_file"
    )]
    pub secret: Option<String>,
    /// Accept the risk of --secret
    #[arg(long, requires = "secret")]
    pub insecure_secret_arg: bool,
}

impl Secret {
    /// The secret from --secret-file, --secret (with --insecure-secret-arg) or
    /// the environment variable `env`, in that order; `None` when none is set.
    pub fn load(&self, env: &str) -> CliResult<Option<SecretBytes>> {
        if let Some(path) = &self.secret_file {
            let mut bytes = read_path("--secret-file", path)?;
            if bytes.ends_with(b"\n") {
                bytes.pop();
                if bytes.ends_with(b"\r") {
                    bytes.pop();
                }
            }
            return Ok(Some(SecretBytes::new(bytes)));
        }
        if let Some(s) = &self.secret {
            if !self.insecure_secret_arg {
                return Err(CliError::field(
                    "--secret",
                    format!(
                        "refusing a secret on the command line (it shows in `ps` and the shell history): set {env} or use --secret-file, or add --insecure-secret-arg"
                    ),
                ));
            }
            return Ok(Some(SecretBytes::new(s.clone().into_bytes())));
        }
        match std::env::var_os(env) {
            Some(v) if !v.is_empty() => {
                #[cfg(unix)]
                let bytes = {
                    use std::os::unix::ffi::OsStringExt;
                    v.into_vec()
                };
                #[cfg(not(unix))]
                let bytes = v
                    .into_string()
                    .map_err(|_| CliError::field(env, "is not valid Unicode"))?
                    .into_bytes();
                Ok(Some(SecretBytes::new(bytes)))
            }
            _ => Ok(None),
        }
    }

    /// Like [`Secret::load`], but a missing secret is an error naming `field`.
    pub fn require(&self, env: &str, field: &str) -> CliResult<SecretBytes> {
        self.load(env)?.ok_or_else(|| {
            CliError::field(
                field,
                format!("not given: set {env} or use --secret-file PATH"),
            )
        })
    }
}

/// The secret as UTF-8 text, for the schemes whose secret is text.
pub fn secret_text<'a>(secret: &'a SecretBytes, field: &str) -> CliResult<&'a str> {
    std::str::from_utf8(secret.expose()).map_err(|_| CliError::field(field, "is not UTF-8 text"))
}

/// A non-secret value that must be given by a flag or its environment variable.
pub fn required<'a>(
    value: &'a Option<String>,
    field: &str,
    flag: &str,
    env: &str,
) -> CliResult<&'a str> {
    value
        .as_deref()
        .ok_or_else(|| CliError::field(field, format!("not given: use {flag} or set {env}")))
}

/// Headers received with the request to check.
#[derive(Args, Debug)]
pub struct Received {
    /// A received header, 'Name: value' (repeatable)
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// Read received headers from a file, one 'Name: value' per line, as
    /// `sign` prints them: `--format headers`, or `--format http` (the request
    /// line, then the headers up to the empty line) ('-' reads standard input)
    #[arg(long, value_name = "PATH")]
    pub headers_file: Option<PathBuf>,
}

impl Received {
    /// `(name, value)` pairs: the value keeps everything after the colon and
    /// its following spaces, including trailing whitespace, except the line end
    /// of a file.
    pub fn read(&self, body: &Body) -> CliResult<Vec<(String, String)>> {
        let mut pairs = self
            .headers
            .iter()
            .map(|l| header_line(l).map_err(|problem| CliError::field("--header", problem)))
            .collect::<CliResult<Vec<_>>>()?;
        if let Some(path) = &self.headers_file {
            if path == Path::new("-") && body.uses_stdin() {
                return Err(CliError::field(
                    "--headers-file",
                    "standard input is already the body (--body-file -)",
                ));
            }
            let bytes = read_path("--headers-file", path)?;
            let text = String::from_utf8(bytes)
                .map_err(|_| CliError::field("--headers-file", "is not UTF-8 text"))?;
            pairs.extend(headers_file_lines(&text)?);
        }
        Ok(pairs)
    }
}

/// One `Name: value` line.
fn header_line(line: &str) -> Result<(String, String), &'static str> {
    let (name, value) = line
        .split_once(':')
        .ok_or("expected 'Name: value' (no ':' found)")?;
    let name = name.trim();
    if name.is_empty() {
        return Err("empty header name");
    }
    Ok((
        name.to_owned(),
        value.trim_start_matches([' ', '\t']).to_owned(),
    ))
}

/// The headers of a `--headers-file`: `Name: value` lines (empty lines
/// skipped), or an HTTP request as `sign --format http` prints it — a request
/// line `METHOD target HTTP/x.y` first, then headers up to the empty line that
/// ends them. A bad line is named by its number.
fn headers_file_lines(text: &str) -> CliResult<Vec<(String, String)>> {
    let mut lines = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .skip_while(|(_, l)| l.trim().is_empty())
        .peekable();
    let is_request_line = |l: &str| {
        let parts: Vec<&str> = l.split(' ').collect();
        parts.len() == 3
            && !parts[0].is_empty()
            && parts[0].bytes().all(|b| b.is_ascii_uppercase())
            && parts[2].starts_with("HTTP/")
    };
    let http_message = lines.next_if(|(_, l)| is_request_line(l)).is_some();
    let mut pairs = Vec::new();
    for (index, line) in lines {
        if line.trim().is_empty() {
            if http_message {
                break; // the end of the headers; what follows is the body
            }
            continue;
        }
        let pair = header_line(line).map_err(|problem| {
            CliError::field("--headers-file", format!("line {}: {problem}", index + 1))
        })?;
        pairs.push(pair);
    }
    Ok(pairs)
}

/// The first received header named `name` (any case).
/// The one value of a credential header received: a second copy (in any
/// case) is the verifier's `duplicate_header`, never "the first one wins".
pub fn credential_header<'a>(
    headers: &'a [(String, String)],
    name: &'static str,
) -> Option<Result<&'a str, paysign::Error>> {
    let mut copies = headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name));
    let first = copies.next()?;
    Some(match copies.next() {
        Some(_) => Err(paysign::Rejection::DuplicateHeader(name.to_owned()).into()),
        None => Ok(first.1.as_str()),
    })
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The verifier's clock and window.
#[derive(Args, Debug)]
pub struct Window {
    /// The verifier's clock, Unix seconds (default: now)
    #[arg(
        long,
        value_name = "UNIX_SECONDS",
        visible_alias = "time",
        allow_negative_numbers = true
    )]
    pub now: Option<i64>,
    /// Largest accepted distance between the signed time and the clock, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = paysign::DEFAULT_MAX_SKEW)]
    pub max_skew: u64,
}

impl Window {
    pub fn now(&self) -> i64 {
        self.now.unwrap_or_else(paysign::time::now_unix)
    }
}

/// Prints the outcome of a verification and maps it to a status.
pub fn report_verification(result: paysign::Result<()>, scheme: &str) -> CliResult<Status> {
    match result {
        Ok(()) => {
            println!("valid");
            Ok(Status::Ok)
        }
        Err(paysign::Error::Verification(r)) => {
            println!("invalid ({}): {r}", r.code());
            if r.code() == "signature_mismatch" {
                eprintln!(
                    "hint: `paysign {scheme} diagnose` with the same arguments looks for the mistake that produced it"
                );
            }
            Ok(Status::Rejected)
        }
        Err(e) => Err(e.into()),
    }
}

/// Prints a diagnosis: `valid`, or one `mistake: <id>` line per mistake and
/// the core's message, or the expected value beside the received one.
pub fn report_diagnosis(
    report: &paysign::diagnose::Report,
    what: &str,
    scheme: &str,
    received: &str,
) -> Status {
    if report.valid {
        println!("valid: the {what} is the correct one for this request");
        return Status::Ok;
    }
    if !report.mistakes.is_empty() {
        for id in &report.mistakes {
            println!("mistake: {id}");
        }
        println!("{}", report.message);
        return Status::Rejected;
    }
    println!("no known mistake reproduces the received {what}");
    if let Some(expected) = &report.expected {
        println!("expected: {expected}");
    }
    println!("received: {received}");
    println!(
        "`paysign {scheme} explain` with the same arguments shows the exact text that must be signed"
    );
    Status::NoMatch
}

/// `--list`: the scheme's catalogue.
pub fn print_catalogue(catalogue: &[paysign::diagnose::Mistake]) -> Status {
    let width = catalogue.iter().map(|m| m.id.len()).max().unwrap_or(0);
    for m in catalogue {
        println!("{:width$}  {}", m.id, m.summary);
    }
    Status::Ok
}

/// Prints the core's explanation as is; `hint` says how to give the secret
/// to this command when the explanation lacks it.
pub fn print_explanation(explanation: &paysign::explain::Explanation, hint: &str) -> Status {
    print!("{}", explanation.text());
    if explanation.missing_secret.is_some() {
        println!("({hint})");
    }
    Status::Ok
}

/// Borrowed `(name, value)` pairs, as the core takes received headers.
pub fn pairs(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

/// The time to sign at: an exact text (`--date`, `--timestamp`), else Unix
/// seconds (`--time`), else now — the core's [`paysign::Time`].
pub fn time_of(text: &Option<String>, unix_seconds: Option<i64>) -> paysign::Time {
    match (text, unix_seconds) {
        (Some(t), _) => paysign::Time::text(t.clone()),
        (None, secs) => paysign::Time::from_option(secs),
    }
}

/// What `diagnose` reads: the request as sent and the received headers, or
/// `--list`.
#[derive(Args, Debug)]
pub struct Suspect {
    /// HTTP method: GET, POST, PUT, PATCH or DELETE
    #[arg(value_name = "METHOD", required_unless_present = "list")]
    pub method: Option<String>,
    /// Absolute URL, as sent
    #[arg(value_name = "URL", required_unless_present = "list")]
    pub url: Option<String>,
    #[command(flatten)]
    pub body: Body,
    #[command(flatten)]
    pub received: Received,
    /// List the mistakes this command recognises
    #[arg(long)]
    pub list: bool,
}

/// What [`Suspect::read`] read.
pub struct Suspected {
    pub method: String,
    pub url: String,
    pub body: Vec<u8>,
    pub headers: Vec<(String, String)>,
}

impl Suspect {
    /// Method, URL, body bytes and received headers.
    pub fn read(&self) -> CliResult<Suspected> {
        let headers = self.received.read(&self.body)?;
        let (body, _) = self.body.read()?;
        Ok(Suspected {
            method: self.method.clone().unwrap_or_default(),
            url: self.url.clone().unwrap_or_default(),
            body,
            headers,
        })
    }
}

/// Declares a scheme's "when to sign" arguments: `--time` (Unix seconds) or
/// the exact text flag, checked by the core's parser for that text.
macro_rules! signing_time {
    ($name:ident, $text:ident, $value_name:literal, $time_doc:literal, $text_doc:literal, $check:path) => {
        /// When to sign: `--time` or the exact text.
        #[derive(clap::Args, Debug)]
        pub struct $name {
            #[doc = $time_doc]
            #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true, conflicts_with = stringify!($text))]
            time: Option<i64>,
            #[doc = $text_doc]
            #[arg(long, value_name = $value_name)]
            $text: Option<String>,
        }

        impl $name {
            fn time(&self) -> crate::common::CliResult<paysign::Time> {
                if let Some(t) = &self.$text {
                    $check(stringify!($text), t)?;
                }
                Ok(crate::common::time_of(&self.$text, self.time))
            }
        }
    };
}
pub(crate) use signing_time;
