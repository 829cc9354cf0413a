//! Signs one sample request per scheme with published sandbox test
//! credentials and prints what to send. No account needed:
//! `cargo run -p paysign --example sandbox`.

use paysign::{CyberSourceSigner, PaySimpleSigner, SignedRequest, XPaySigner};

fn print(title: &str, method: &str, signed: &SignedRequest) {
    println!("## {title}\n{method} {}", signed.url);
    for (name, value) in &signed.headers {
        println!("{name}: {value}");
    }
    println!();
}

fn main() -> Result<(), paysign::Error> {
    let body = br#"{"clientReferenceInformation":{"code":"TC50171_3"},"orderInformation":{"amountDetails":{"totalAmount":"102.21","currency":"USD"}}}"#;

    // CyberSource's published sandbox credentials (from its official SDKs).
    let cybersource = CyberSourceSigner::new(
        "testrest",
        "08c94330-f618-42a3-b09d-e1e43be5efda",
        "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=",
    )?;
    let url = "https://apitest.cybersource.com/pts/v2/payments";
    print(
        "CyberSource HTTP Signature",
        "POST",
        &cybersource.sign("POST", url, body)?,
    );

    // Visa publishes no sandbox secret: the API key is the one in Visa's documented example, the secret a placeholder.
    let visa = XPaySigner::new("KSKDFJOP934ALSFDJP34", b"example-shared-secret")?;
    let url = "https://sandbox.api.visa.com/vdp/helloworld";
    print("Visa X-Pay-Token", "GET", &visa.sign("GET", url, b"")?);

    // PaySimple's documented example username, with a placeholder key.
    let paysimple = PaySimpleSigner::new("APIUser1000", "example-api-key")?;
    let url = "https://sandbox-api.paysimple.com/v4/customer";
    print(
        "PaySimple PSSERVER",
        "GET",
        &paysimple.sign("GET", url, b"")?,
    );
    Ok(())
}
