//! `make demo`: for every built-in scheme and an in-house one, sign a delivery, verify it,
//! then show a tampered body, a stale timestamp, a wrong secret and a replay refused.
//!
//! Exits non-zero if any outcome differs from the one printed as expected.

#![allow(missing_docs)]

use std::process::ExitCode;

use hookseal::{ReplayGuard, Scheme, Webhook};

/// A fixed clock, so that the output is the same on every run.
const NOW: i64 = 1_700_000_000;

struct Case {
    label: &'static str,
    scheme: Scheme,
    secret: &'static str,
    wrong_secret: &'static str,
}

fn cases() -> hookseal::Result<Vec<Case>> {
    let in_house = Scheme::custom("X-Webhook-Signature")
        .prefix("sha256=")
        .id_header("X-Webhook-ID")
        .timestamp_header("X-Webhook-Timestamp")
        .name("in-house")
        .build()?;
    let signed_in_house = Scheme::custom("X-Signature")
        .encoding(hookseal::Encoding::Base64)
        .algorithm(hookseal::Algorithm::Sha512)
        .payload("{id}.{timestamp}.{body}")
        .id_header("X-Delivery")
        .timestamp_header("X-Sent-At")
        .name("in-house-sha512")
        .build()?;
    Ok(vec![
        Case {
            label: "standard",
            scheme: Scheme::standard(),
            secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            wrong_secret: "whsec_c2VjcmV0LXRoYXQtaXMtbm90LXRoZS1vbmU=",
        },
        Case {
            label: "stripe",
            scheme: Scheme::stripe(),
            secret: "whsec_stripe_endpoint_secret",
            wrong_secret: "whsec_someone_else",
        },
        Case {
            label: "github",
            scheme: Scheme::github(),
            secret: "It's a Secret to Everybody",
            wrong_secret: "It's a Secret to Nobody",
        },
        Case {
            label: "slack",
            scheme: Scheme::slack(),
            secret: "8f742231b10e8888abcd99yyyzzz85a5",
            wrong_secret: "not-the-signing-secret",
        },
        Case {
            label: "shopify",
            scheme: Scheme::shopify(),
            secret: "shpss_app_secret",
            wrong_secret: "shpss_other_app",
        },
        Case {
            label: "X-Webhook-Signature: sha256=<hex> (+ X-Webhook-ID, X-Webhook-Timestamp)",
            scheme: in_house,
            secret: "in-house secret",
            wrong_secret: "guessed secret",
        },
        Case {
            label: "custom sha512 base64 over {id}.{timestamp}.{body}",
            scheme: signed_in_house,
            secret: "another in-house secret",
            wrong_secret: "guessed secret",
        },
    ])
}

/// What happened to one attempt, and what should have.
fn row(what: &str, outcome: &Result<String, hookseal::Error>, expected: Option<&str>) -> bool {
    let (shown, good) = match (outcome, expected) {
        (Ok(detail), None) => (format!("accepted   {detail}"), true),
        (Err(err), Some(code)) => (format!("refused    {}", err.code()), err.code() == code),
        (Ok(detail), Some(code)) => (format!("ACCEPTED   {detail} (expected {code})"), false),
        (Err(err), None) => (format!("REFUSED    {err}"), false),
    };
    println!("  {what:<18} {shown}");
    good
}

fn demo(case: &Case) -> hookseal::Result<bool> {
    println!("\n{}", case.label);
    let wh = Webhook::new(case.scheme.clone(), [case.secret])?;
    let body = br#"{"type":"invoice.paid","amount":4200}"#;
    let headers = wh.sign_at(body, "msg_2f1c9a7e4b", NOW)?;
    for (name, value) in &headers {
        let shown = if value.len() > 60 {
            format!("{}...", &value[..57])
        } else {
            value.clone()
        };
        println!("  > {name}: {shown}");
    }
    let mut all_good = true;

    let verified = wh.verify_at(body, &headers, NOW + 5);
    let detail = |v: &hookseal::Verified| {
        let id = v.id().map_or_else(|| "-".to_owned(), str::to_owned);
        let ts = v
            .timestamp()
            .map_or_else(|| "-".to_owned(), |t| t.to_string());
        format!("id={id} timestamp={ts} secret_index={}", v.secret_index())
    };
    let outcome = verified.as_ref().map(detail).map_err(Clone::clone);
    all_good &= row("valid delivery", &outcome, None);

    let tampered = br#"{"type":"invoice.paid","amount":9900}"#;
    let outcome = wh
        .verify_at(tampered, &headers, NOW + 5)
        .map(|v| detail(&v));
    all_good &= row("tampered body", &outcome, Some("signature_mismatch"));

    let stale_at = NOW + i64::from(wh.tolerance_seconds()) + 60;
    let outcome = wh.verify_at(body, &headers, stale_at).map(|v| detail(&v));
    if case.scheme.carries_timestamp() {
        all_good &= row("stale timestamp", &outcome, Some("timestamp_too_old"));
    } else {
        println!(
            "  {:<18} n/a        (the scheme carries no timestamp)",
            "stale timestamp"
        );
    }

    let wrong = Webhook::new(case.scheme.clone(), [case.wrong_secret])?;
    let outcome = wrong.verify_at(body, &headers, NOW + 5).map(|v| detail(&v));
    all_good &= row("wrong secret", &outcome, Some("signature_mismatch"));

    let guard = ReplayGuard::default();
    let first = wh.verify_at(body, &headers, NOW + 5)?;
    guard.claim_at(&first, NOW + 5)?;
    let again = wh.verify_at(body, &headers, NOW + 30)?;
    let outcome = guard
        .claim_at(&again, NOW + 30)
        .map(|()| "claimed again".to_owned());
    all_good &= row("replay", &outcome, Some("replayed"));
    Ok(all_good)
}

fn main() -> ExitCode {
    println!("hookseal core demo: sign, verify, refuse (clock fixed at {NOW})");
    let mut all_good = true;
    match cases() {
        Ok(cases) => {
            for case in &cases {
                match demo(case) {
                    Ok(good) => all_good &= good,
                    Err(err) => {
                        println!("  error: {err}");
                        all_good = false;
                    }
                }
            }
        }
        Err(err) => {
            println!("error: {err}");
            all_good = false;
        }
    }
    if all_good {
        println!("\nevery delivery was accepted or refused as expected");
        ExitCode::SUCCESS
    } else {
        println!("\nSOME OUTCOMES WERE NOT AS EXPECTED");
        ExitCode::FAILURE
    }
}
