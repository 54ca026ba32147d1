//! Runs every case in `tests/vectors/*.json` against the public API.
//!
//! The expected values come from `tests/vectors/generate.py` (Python's `hmac`), never from
//! this crate. A failing case prints its id; all failures are reported together.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use hookseal::{
    ErrorKind, FieldCase, FieldValue, ReplayGuard, Scheme, SchemeBuilder, Secret, Verified, Webhook,
};
use serde_json::{Map, Value};

fn vector_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

/// Every case of every vector file, with its file name.
fn cases() -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = fs::read_dir(vector_dir())
        .expect("tests/vectors exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "json")
                && path.file_name().is_some_and(|name| name != "schema.json")
        })
        .collect();
    files.sort();
    assert!(files.len() >= 10, "vector files missing: {files:?}");
    let mut out = Vec::new();
    for path in files {
        let text = fs::read_to_string(&path).unwrap();
        let file: Value = serde_json::from_str(&text).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        for case in file["cases"].as_array().expect("a cases array") {
            out.push((name.clone(), case.clone()));
        }
    }
    out
}

fn field_value(value: &Value) -> FieldValue<'_> {
    match value {
        Value::Null => FieldValue::Default,
        Value::String(text) => FieldValue::Str(text),
        Value::Number(n) => n
            .as_i64()
            .map_or(FieldValue::Other("float"), FieldValue::Int),
        Value::Bool(_) => FieldValue::Other("bool"),
        Value::Array(_) => FieldValue::Other("list"),
        Value::Object(_) => FieldValue::Other("object"),
    }
}

fn scheme(value: &Value) -> hookseal::Result<Scheme> {
    match value {
        Value::String(name) => Scheme::from_name(name),
        Value::Object(fields) => SchemeBuilder::from_fields(
            fields.iter().map(|(k, v)| (k.as_str(), field_value(v))),
            FieldCase::Snake,
        ),
        other => panic!("unsupported scheme value {other}"),
    }
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// Text secrets stay borrowed; raw ones are decoded from hex first.
enum OwnedSecret {
    Text(String),
    Bytes(Vec<u8>),
}

fn secrets(value: &Value) -> Vec<OwnedSecret> {
    let one = |v: &Value| match v {
        Value::String(text) => OwnedSecret::Text(text.clone()),
        Value::Object(map) => OwnedSecret::Bytes(hex(map["raw_hex"].as_str().unwrap())),
        other => panic!("unsupported secret {other}"),
    };
    match value {
        Value::Array(items) => items.iter().map(one).collect(),
        other => vec![one(other)],
    }
}

fn webhook(case: &Value) -> hookseal::Result<Webhook> {
    let scheme = scheme(&case["scheme"])?;
    let owned = secrets(&case["secret"]);
    let borrowed = owned.iter().map(|s| match s {
        OwnedSecret::Text(text) => Secret::Text(text),
        OwnedSecret::Bytes(bytes) => Secret::Bytes(bytes),
    });
    let wh = Webhook::new(scheme, borrowed)?;
    match case.get("tolerance_seconds").and_then(Value::as_i64) {
        Some(seconds) => wh.try_with_tolerance_seconds(seconds),
        None => Ok(wh),
    }
}

fn payload(obj: &Value) -> Vec<u8> {
    let one = if let Some(text) = obj.get("payload").and_then(Value::as_str) {
        text.as_bytes().to_vec()
    } else if let Some(b64) = obj.get("payload_base64").and_then(Value::as_str) {
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap()
    } else {
        Vec::new()
    };
    let repeat = obj
        .get("payload_repeat")
        .and_then(Value::as_u64)
        .unwrap_or(1);
    one.repeat(usize::try_from(repeat).unwrap())
}

fn headers(value: &Value) -> Vec<(String, String)> {
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect(),
        Value::Array(pairs) => pairs
            .iter()
            .map(|pair| {
                (
                    pair[0].as_str().unwrap().to_owned(),
                    pair[1].as_str().unwrap().to_owned(),
                )
            })
            .collect(),
        other => panic!("unsupported headers {other}"),
    }
}

fn expect_error(expect: &Value) -> Option<&str> {
    expect.get("error").and_then(Value::as_str)
}

/// Compares an outcome with `expect`; returns a description of the difference.
fn check<T>(
    outcome: hookseal::Result<T>,
    expect: &Value,
    ok: impl FnOnce(&T) -> Result<(), String>,
) -> Result<(), String> {
    match (outcome, expect_error(expect)) {
        (Err(err), Some(code)) if err.code() == code => {
            // Messages name the condition and never carry a MAC or a secret.
            let message = err.to_string();
            if message.is_empty() || message.contains('\n') {
                return Err(format!("bad message {message:?}"));
            }
            Ok(())
        }
        (Err(err), Some(code)) => Err(format!("expected {code}, got {} ({err})", err.code())),
        (Err(err), None) => Err(format!("expected success, got {} ({err})", err.code())),
        (Ok(_), Some(code)) => Err(format!("expected {code}, got success")),
        (Ok(value), None) => ok(&value),
    }
}

fn check_verified(verified: &Verified, expect: &Value) -> Result<(), String> {
    let got = serde_json::json!({
        "id": verified.id(),
        "timestamp": verified.timestamp(),
        "secret_index": verified.secret_index(),
        "scheme": verified.scheme(),
    });
    if &got == expect {
        Ok(())
    } else {
        Err(format!("expected {expect}, got {got}"))
    }
}

fn run_verify(case: &Value) -> Result<(), String> {
    let wh = webhook(case).map_err(|e| format!("building failed: {e}"))?;
    let now = case["now"].as_i64().unwrap();
    let outcome = wh.verify_at(&payload(case), headers(&case["headers"]), now);
    check(outcome, &case["expect"], |v| {
        check_verified(v, &case["expect"])
    })
}

fn run_build(case: &Value) -> Result<(), String> {
    check(webhook(case), &case["expect"], |_| Ok(()))
}

fn run_sign(case: &Value) -> Result<(), String> {
    let wh = webhook(case).map_err(|e| format!("building failed: {e}"))?;
    let now = case["now"].as_i64().unwrap();
    let args = case
        .get("args")
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    let id = args.get("id").and_then(Value::as_str);
    let timestamp = args.get("timestamp").and_then(Value::as_i64).unwrap_or(now);
    let body = payload(case);
    let outcome = wh.sign_at(&body, id, timestamp);
    check(outcome, &case["expect"], |signed| {
        let got: BTreeMap<&str, &str> = signed
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let want: BTreeMap<&str, &str> = case["expect"]["headers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str().unwrap()))
            .collect();
        if got != want {
            return Err(format!("expected headers {want:?}, got {got:?}"));
        }
        wh.verify_at(&body, signed, now)
            .map(drop)
            .map_err(|e| format!("signed headers do not verify: {e}"))
    })
}

fn run_guard(case: &Value) -> Result<(), String> {
    let wh = webhook(case).map_err(|e| format!("building failed: {e}"))?;
    let config = &case["guard"];
    let guard = ReplayGuard::new(
        usize::try_from(config["capacity"].as_u64().unwrap()).unwrap(),
        u32::try_from(config["ttl_seconds"].as_u64().unwrap()).unwrap(),
    );
    for (index, step) in case["steps"].as_array().unwrap().iter().enumerate() {
        let now = step["now"].as_i64().unwrap();
        let body = if step.get("payload").is_some() || step.get("payload_base64").is_some() {
            payload(step)
        } else {
            payload(case)
        };
        let verified = wh
            .verify_at(&body, headers(&step["headers"]), now)
            .map_err(|e| format!("step {index}: delivery does not verify: {e}"))?;
        let outcome = match step["action"].as_str().unwrap() {
            "claim" => guard.claim_at(&verified, now),
            "release" => {
                guard.release(&verified);
                Ok(())
            }
            other => panic!("unknown action {other}"),
        };
        check(outcome, &step["expect"], |()| Ok(())).map_err(|e| format!("step {index}: {e}"))?;
    }
    Ok(())
}

#[test]
fn every_vector_passes() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for (file, case) in cases() {
        let id = case["id"].as_str().unwrap().to_owned();
        assert!(
            id.starts_with(&format!("{file}/")),
            "{id} is not in {file}.json"
        );
        let outcome = match case["op"].as_str().unwrap() {
            "verify" => run_verify(&case),
            "sign" => run_sign(&case),
            "build" => run_build(&case),
            "guard" => run_guard(&case),
            other => Err(format!("unknown op {other}")),
        };
        ran += 1;
        if let Err(why) = outcome {
            failures.push(format!("{id}: {why}"));
        }
    }
    assert!(ran >= 200, "only {ran} vectors ran");
    assert!(
        failures.is_empty(),
        "{} of {ran} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn vector_ids_are_unique() {
    let mut seen = BTreeSet::new();
    for (_, case) in cases() {
        let id = case["id"].as_str().unwrap().to_owned();
        assert!(seen.insert(id.clone()), "duplicate vector id {id}");
    }
}

#[test]
fn every_error_code_has_a_negative_vector() {
    let mut codes = BTreeSet::new();
    for (_, case) in cases() {
        if let Some(code) = expect_error(&case["expect"]) {
            codes.insert(code.to_owned());
        }
        for step in case["steps"].as_array().into_iter().flatten() {
            if let Some(code) = expect_error(&step["expect"]) {
                codes.insert(code.to_owned());
            }
        }
    }
    for kind in ErrorKind::ALL {
        assert!(
            codes.contains(kind.code()),
            "no vector expects {}",
            kind.code()
        );
    }
    for code in &codes {
        assert!(
            ErrorKind::from_code(code).is_some(),
            "vectors expect {code}, which is not a code"
        );
    }
}
