//! Custom schemes from arbitrary fields, as the bindings pass a dict or an object to
//! `SchemeBuilder::from_fields`, in both spellings of field names.
//!
//! Input: `scheme fields 0xFF body`, where the scheme field is a list: its first item picks
//! the spelling (`c...` camelCase, else `snake_case`), then name/value pairs (values tagged
//! as in `src/lib.rs`). Asserts: a refusal is `invalid_scheme`; a scheme that builds signs
//! the body at a fixed time and id, and its own output verifies at that time, naming the
//! scheme, the id and the timestamp where the scheme carries them.

#![no_main]

use hookseal::{ErrorKind, Secret, Webhook};
use hookseal_fuzz::{check_error, custom_scheme, fields};
use libfuzzer_sys::fuzz_target;

const TIMESTAMP: i64 = 1_700_000_000;
const ID: &str = "msg_fuzz";

fuzz_target!(|data: &[u8]| {
    let [spec, body] = fields(data);
    let scheme = match custom_scheme(spec) {
        Ok(scheme) => scheme,
        Err(err) => {
            check_error(&err, &[ErrorKind::InvalidScheme]);
            return;
        }
    };
    assert!(!scheme.name().is_empty());
    let carries_id = scheme.id_header().is_some();
    let carries_timestamp = scheme.carries_timestamp();
    let name = scheme.name().to_owned();
    // A raw key works whatever the scheme's secret encoding.
    let wh = match Webhook::new(scheme, [Secret::Bytes(b"fuzz key")]) {
        Ok(wh) => wh,
        Err(err) => panic!("a raw key was refused: {err}"),
    };
    let signed = match wh.sign_at(body, ID, TIMESTAMP) {
        Ok(signed) => signed,
        Err(err) => panic!("signing with a valid id and time failed: {err}"),
    };
    match wh.verify_at(body, &signed, TIMESTAMP) {
        Ok(verified) => {
            assert_eq!(verified.scheme(), name);
            assert_eq!(verified.id(), carries_id.then_some(ID));
            assert_eq!(verified.timestamp(), carries_timestamp.then_some(TIMESTAMP));
            assert_eq!(verified.secret_index(), 0);
        }
        Err(err) => panic!("a scheme's own signature did not verify: {err}"),
    }
});
