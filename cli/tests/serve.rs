//! `paysign serve` end to end: started on 127.0.0.1:0, its first line names
//! the address, `curl` gets an accepted and a refused answer, SIGTERM stops it
//! cleanly. Bounded: every wait has a limit and the child is killed on failure.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn paysign() -> Command {
    Command::new(env!("CARGO_BIN_EXE_paysign"))
}

fn curl(args: &[&str]) -> Option<String> {
    let out = Command::new("curl")
        .args(["-s", "--max-time", "20", "-w", "\n%{http_code}"])
        .args(args)
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn serve_answers_curl_and_stops_on_sigterm() {
    if Command::new("curl").arg("--version").output().is_err() {
        eprintln!("skipped: curl not found");
        return;
    }
    let mut child = paysign()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env_remove("PAYSIGN_VISA_API_KEY")
        .env_remove("PAYSIGN_CYBERSOURCE_MERCHANT_ID")
        .env_remove("PAYSIGN_PAYSIMPLE_USERNAME")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut stderr = child.stderr.take().unwrap();
    let serving = Serving(child);
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let url = first
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line: {first:?}"))
        .to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"),
        "{url}"
    );

    // Accepted: headers signed by `paysign cybersource sign --sandbox`.
    let payments = format!("{url}/pts/v2/payments");
    let body = r#"{"clientReferenceInformation":{"code":"cli-serve"}}"#;
    let signed = paysign()
        .args([
            "cybersource",
            "sign",
            "--sandbox",
            "POST",
            &payments,
            "--data",
            body,
        ])
        .output()
        .unwrap();
    assert!(signed.status.success());
    let mut args: Vec<String> = Vec::new();
    for line in String::from_utf8(signed.stdout).unwrap().lines() {
        args.push("-H".into());
        args.push(line.to_owned());
    }
    args.extend(["--data-binary".into(), body.into(), payments.clone()]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let accepted = curl(&refs).unwrap();
    let (json, status) = accepted.rsplit_once('\n').unwrap();
    assert_eq!(status, "201", "{json}");
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["status"], "AUTHORIZED");
    assert_eq!(v["clientReferenceInformation"]["code"], "cli-serve");

    // The same again is a replay.
    let replayed = curl(&refs).unwrap();
    let (json, status) = replayed.rsplit_once('\n').unwrap();
    assert_eq!(status, "401");
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["paysign"]["reason"], "replayed");
    assert_eq!(v["response"]["rmsg"], "Authentication Failed");

    // No credential.
    let bare = curl(&[&payments, "--data", "{}"]).unwrap();
    let (json, status) = bare.rsplit_once('\n').unwrap();
    assert_eq!(status, "401");
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["paysign"]["reason"], "missing_credential");

    // SIGTERM: a clean stop, status 0.
    let pid = serving.0.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let mut serving = serving;
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = serving.0.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "still running 20 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let mut err = String::new();
    stderr.read_to_string(&mut err).unwrap();
    assert!(err.contains("sandbox credentials"), "{err}");
    assert!(err.contains("stopped"), "{err}");
    assert!(!err.contains(paysign::cybersource::SANDBOX_SHARED_SECRET));
}

#[test]
fn serve_reports_a_bad_config_and_a_bad_address() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gateway.toml");
    std::fs::write(
        &path,
        "[cybersource]\nmerchant_id = \"m\"\nkey_id = \"k\"\nshared_secret = \"not base64!\"\n",
    )
    .unwrap();
    let out = paysign()
        .args(["serve", "--listen", "127.0.0.1:0", "--config"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cybersource") && !err.contains("not base64!"),
        "{err}"
    );
    let out = paysign()
        .args(["serve", "--listen", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--listen"));
}
