#!/usr/bin/env python3
"""Generate hookseal's conformance vectors.

Every expected signature in this folder is computed here with Python's standard library
(``hmac``, ``hashlib``, ``base64``), never by hookseal itself. The script holds every case
definition and writes one ``<stem>.json`` file per stem listed in README.md.

    python3 tests/vectors/generate.py           # (re)write the *.json files
    python3 tests/vectors/generate.py --check   # exit 1 if the committed files differ

Output is deterministic: no clock, no randomness, stable key order. Secrets other than the
published examples are derived from SHA-256 of fixed labels.

Cases are append-only: never change a released expectation, add a new case instead.
"""

import base64
import hashlib
import hmac
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

CODES = (
    "missing_header",
    "malformed_header",
    "timestamp_too_old",
    "timestamp_too_new",
    "signature_mismatch",
    "invalid_secret",
    "invalid_scheme",
    "replayed",
    "guard_full",
)
BUILTINS = ("standard", "stripe", "github", "slack", "shopify")
B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

# A realistic "now" for cases that are not tied to a published example.
T = 1_700_000_000

# ---------------------------------------------------------------------------------------
# MAC and encoding helpers
# ---------------------------------------------------------------------------------------


def utf8(s):
    return s.encode("utf-8")


def mac(key, msg, algorithm="sha256"):
    """HMAC of msg under key; both bytes."""
    return hmac.new(key, msg, getattr(hashlib, algorithm)).digest()


def b64(data):
    return base64.b64encode(data).decode("ascii")


def hex_mac(key, msg, algorithm="sha256"):
    return mac(key, msg, algorithm).hex()


def b64_mac(key, msg, algorithm="sha256"):
    return b64(mac(key, msg, algorithm))


def derived(label, n=32):
    """Deterministic pseudo-random bytes for secrets and filler signatures."""
    out = b""
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(utf8("hookseal-vectors/%s/%d" % (label, counter))).digest()
        counter += 1
    return out[:n]


def whsec(label, n=32):
    """A Standard-Webhooks style secret: whsec_ + base64 of derived bytes."""
    return "whsec_" + b64(derived(label, n))


def key_b64(secret):
    """Decode a base64 secret the way decision 10 says: whsec_ stripped, padding optional,
    non-zero trailing bits tolerated, only the standard alphabet."""
    if secret.startswith("whsec_"):
        secret = secret[len("whsec_"):]
    if not secret or len(secret) % 4 == 1:
        raise ValueError("not decodable")
    secret = secret.rstrip("=")
    return base64.b64decode(secret + "=" * (-len(secret) % 4), validate=True)


def key_hex(secret):
    return bytes.fromhex(secret)


def noncanonical_b64(s):
    """Flip the unused trailing bits of a padded base64 string: lenient decoders give the
    same bytes, strict ones refuse it."""
    body = s.rstrip("=")
    pad = len(s) - len(body)
    assert pad in (1, 2), s
    idx = B64_ALPHABET.index(body[-1])
    unused = 2 if pad == 1 else 4
    assert idx % (1 << unused) == 0
    out = body[:-1] + B64_ALPHABET[idx + 1] + "=" * pad
    assert out != s and base64.b64decode(out) == base64.b64decode(s)
    return out


def urlsafe_variant(s):
    assert "+" in s or "/" in s, s
    return s.replace("+", "-").replace("/", "_")


def render_payload(template, body, msg_id=None, timestamp=None):
    """Render a custom payload template over the raw body bytes."""
    out = b""
    i = 0
    while i < len(template):
        for name, value in (("{id}", msg_id), ("{timestamp}", timestamp), ("{body}", body)):
            if template.startswith(name, i):
                assert value is not None, name
                out += value if isinstance(value, bytes) else utf8(str(value))
                i += len(name)
                break
        else:
            out += utf8(template[i])
            i += 1
    return out


# ---------------------------------------------------------------------------------------
# Per-scheme signers (keys are bytes, timestamps are the header text)
# ---------------------------------------------------------------------------------------


def sign_standard(key, msg_id, timestamp, body):
    """One `v1,<base64>` entry over `{id}.{timestamp}.{body}`."""
    return "v1," + b64_mac(key, utf8("%s.%s." % (msg_id, timestamp)) + body)


def sign_stripe(key, timestamp, body):
    """The hex of one `v1` item over `{timestamp}.{body}`."""
    return hex_mac(key, utf8("%s." % timestamp) + body)


def sign_github(key, body):
    return "sha256=" + hex_mac(key, body)


def sign_slack(key, timestamp, body):
    return "v0=" + hex_mac(key, utf8("v0:%s:" % timestamp) + body)


def sign_shopify(key, body):
    return b64_mac(key, body)


def sign_custom(key, body, template="{body}", msg_id=None, timestamp=None,
                algorithm="sha256", encoding="hex", prefix=""):
    digest = mac(key, render_payload(template, body, msg_id, timestamp), algorithm)
    return prefix + (digest.hex() if encoding == "hex" else b64(digest))


def std_headers(msg_id, timestamp, signature, family="webhook"):
    return {
        "%s-id" % family: msg_id,
        "%s-timestamp" % family: str(timestamp),
        "%s-signature" % family: signature,
    }


# ---------------------------------------------------------------------------------------
# Published examples, checked here
# ---------------------------------------------------------------------------------------

# Standard Webhooks specification example.
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_KEY = key_b64(SPEC_SECRET)
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TS = 1614265330
SPEC_BODY = b'{"test": 2432232314}'
SPEC_SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
assert sign_standard(SPEC_KEY, SPEC_ID, SPEC_TS, SPEC_BODY) == SPEC_SIG

# GitHub's documented example ("Validating webhook deliveries").
GH_SECRET = "It's a Secret to Everybody"
GH_BODY = b"Hello, World!"
GH_SIG = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
assert sign_github(utf8(GH_SECRET), GH_BODY) == GH_SIG

# Slack's documented example ("Verifying requests from Slack").
SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SLACK_TS = 1531420618
SLACK_BODY = (
    b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
    b"&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
    b"&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2F"
    b"commands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
SLACK_SIG = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
assert sign_slack(utf8(SLACK_SECRET), SLACK_TS, SLACK_BODY) == SLACK_SIG

# RFC 4231, "Identifiers and Test Data for HMAC-SHA-224, HMAC-SHA-256, HMAC-SHA-384, and
# HMAC-SHA-512", section 4: (case number, key hex, data hex, HMAC-SHA-256, HMAC-SHA-512).
# Test case 5 (output truncated to 128 bits) is left out: hookseal compares full MACs.
RFC4231 = [
    (1, "0b" * 20, b"Hi There".hex(),
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
     "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
     "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"),
    (2, b"Jefe".hex(), b"what do ya want for nothing?".hex(),
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
     "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
     "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
    (3, "aa" * 20, "dd" * 50,
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
     "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
     "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"),
    (4, "0102030405060708090a0b0c0d0e0f10111213141516171819", "cd" * 50,
     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
     "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
     "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"),
    (6, "aa" * 131, b"Test Using Larger Than Block-Size Key - Hash Key First".hex(),
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
     "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
     "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"),
    (7, "aa" * 131,
     (b"This is a test using a larger than block-size key and a larger than block-size "
      b"data. The key needs to be hashed before being used by the HMAC algorithm.").hex(),
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
     "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
     "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"),
]
for _n, _key, _data, _s256, _s512 in RFC4231:
    assert hex_mac(key_hex(_key), key_hex(_data), "sha256") == _s256, _n
    assert hex_mac(key_hex(_key), key_hex(_data), "sha512") == _s512, _n

# ---------------------------------------------------------------------------------------
# Case builders
# ---------------------------------------------------------------------------------------


def OK(msg_id, timestamp, secret_index=0, scheme="standard"):
    return {"id": msg_id, "timestamp": timestamp, "secret_index": secret_index, "scheme": scheme}


def ERR(code):
    assert code in CODES, code
    return {"error": code}


BUILD_OK = {"ok": True}


def raw(data):
    return {"raw_hex": data.hex()}


def body_fields(payload, repeat=None):
    """payload: str (UTF-8 text), bytes (written as payload_base64) or None (empty)."""
    fields = {}
    if isinstance(payload, str):
        fields["payload"] = payload
    elif isinstance(payload, bytes):
        fields["payload_base64"] = b64(payload)
    else:
        assert payload is None
    if repeat is not None:
        fields["payload_repeat"] = repeat
    return fields


class VectorFile:
    def __init__(self, stem, description):
        self.stem = stem
        self.description = description
        self.cases = []

    def _case(self, slug, description, op, scheme, secret, tolerance_seconds=None):
        assert "\n" not in description and description == description.strip()
        case = {
            "id": "%s/%s" % (self.stem, slug),
            "description": description,
            "op": op,
            "scheme": scheme,
            "secret": secret,
        }
        if tolerance_seconds is not None:
            case["tolerance_seconds"] = tolerance_seconds
        return case

    def verify(self, slug, description, *, scheme, secret, headers, now, expect,
               payload=None, repeat=None, tolerance_seconds=None):
        case = self._case(slug, description, "verify", scheme, secret, tolerance_seconds)
        case.update(body_fields(payload, repeat))
        case["headers"] = headers
        case["now"] = now
        case["expect"] = expect
        self.cases.append(case)

    def sign(self, slug, description, *, scheme, secret, now, expect, payload=None,
             msg_id=None, timestamp=None, tolerance_seconds=None):
        case = self._case(slug, description, "sign", scheme, secret, tolerance_seconds)
        case.update(body_fields(payload))
        args = {}
        if msg_id is not None:
            args["id"] = msg_id
        if timestamp is not None:
            args["timestamp"] = timestamp
        if args:
            case["args"] = args
        case["now"] = now
        case["expect"] = expect
        self.cases.append(case)

    def build(self, slug, description, *, scheme, secret, expect, now=T, tolerance_seconds=None):
        case = self._case(slug, description, "build", scheme, secret, tolerance_seconds)
        case["now"] = now
        case["expect"] = expect
        self.cases.append(case)

    def guard(self, slug, description, *, scheme, secret, guard, steps, tolerance_seconds=None):
        case = self._case(slug, description, "guard", scheme, secret, tolerance_seconds)
        case["guard"] = guard
        case["steps"] = steps
        case["now"] = steps[0]["now"]
        self.cases.append(case)

    def to_json(self):
        doc = {"description": self.description, "cases": self.cases}
        return json.dumps(doc, indent=2, ensure_ascii=True) + "\n"


def step(action, headers, payload, now, expect=None):
    s = {"action": action, "headers": headers}
    s.update(body_fields(payload))
    s["now"] = now
    s["expect"] = expect if expect is not None else {"ok": True}
    return s


# ---------------------------------------------------------------------------------------
# rfc4231.json
# ---------------------------------------------------------------------------------------


def gen_rfc4231():
    f = VectorFile(
        "rfc4231",
        "RFC 4231 HMAC-SHA-256 and HMAC-SHA-512 test cases 1, 2, 3, 4, 6 and 7, verified "
        "through a custom hex scheme with a hex secret; the expected MACs are the RFC's own. "
        "Test case 5 is omitted: it checks output truncated to 128 bits, which hookseal never "
        "accepts.",
    )
    for algorithm, column in (("sha256", 3), ("sha512", 4)):
        for row in RFC4231:
            n, key, data, expected = row[0], row[1], row[2], row[column]
            f.verify(
                "tc%d-%s" % (n, algorithm),
                "RFC 4231 test case %d, HMAC-%s" % (n, algorithm.upper().replace("SHA", "SHA-")),
                scheme={"signature_header": "X-Mac", "encoding": "hex",
                        "secret_encoding": "hex", "algorithm": algorithm},
                secret=key,
                payload=key_hex(data),
                headers={"X-Mac": expected},
                now=T,
                expect=OK(None, None, 0, "custom"),
            )
    return f


# ---------------------------------------------------------------------------------------
# standard.json
# ---------------------------------------------------------------------------------------

STD_OTHER = whsec("standard/other")
STD_SECOND = whsec("standard/second")
STD_BAD = sign_standard(key_b64(STD_OTHER), SPEC_ID, SPEC_TS, SPEC_BODY)
STD_SECOND_SIG = sign_standard(key_b64(STD_SECOND), SPEC_ID, SPEC_TS, SPEC_BODY)


def filler_v1(i):
    """A canonical, usable, non-matching v1 entry."""
    return "v1," + b64(derived("filler/%d" % i))


def gen_standard():
    f = VectorFile(
        "standard",
        "Standard Webhooks / Svix: the specification's example, the svix-* fallback, "
        "signature entry lists and base64 strictness.",
    )
    body = SPEC_BODY.decode()
    good = SPEC_SIG
    good_b64 = good[3:]
    now = SPEC_TS
    ok = OK(SPEC_ID, SPEC_TS)

    def v(slug, desc, signature=None, expect=ok, headers=None, secret=SPEC_SECRET,
          payload=body, family="webhook"):
        if headers is None:
            headers = std_headers(SPEC_ID, SPEC_TS, signature, family)
        f.verify(slug, desc, scheme="standard", secret=secret, payload=payload,
                 headers=headers, now=now, expect=expect)

    v("spec-example", "The Standard Webhooks specification example verifies", good)
    v("svix-fallback", "The same delivery through svix-id, svix-timestamp and svix-signature",
      good, family="svix")
    v("unknown-versions-mixed",
      "Unknown versions, a non-matching v1 and a v1a entry are skipped; the good v1 matches",
      "v2,xxx %s v1a,.. %s" % (STD_BAD, good))
    v("several-signatures-good-first", "Several v1 entries, the matching one first",
      "%s %s %s" % (good, STD_BAD, filler_v1(1)))
    v("several-signatures-good-last", "Several v1 entries, the matching one last",
      "%s %s %s" % (STD_BAD, filler_v1(1), good))
    v("wrong-secret", "A valid entry list signed with another secret", STD_BAD,
      expect=ERR("signature_mismatch"))
    v("several-signatures-none-match", "Several usable v1 entries, none of them matching",
      "%s %s" % (STD_BAD, filler_v1(2)), expect=ERR("signature_mismatch"))
    v("tampered-body", "The body differs by one character from the signed one", good,
      payload='{"test": 2432232315}', expect=ERR("signature_mismatch"))
    v("missing-id", "No webhook-id header", expect=ERR("missing_header"),
      headers={"webhook-timestamp": str(SPEC_TS), "webhook-signature": good})
    v("missing-timestamp", "No webhook-timestamp header", expect=ERR("missing_header"),
      headers={"webhook-id": SPEC_ID, "webhook-signature": good})
    v("missing-signature", "No webhook-signature header", expect=ERR("missing_header"),
      headers={"webhook-id": SPEC_ID, "webhook-timestamp": str(SPEC_TS)})
    v("no-headers", "No headers at all", expect=ERR("missing_header"), headers={})
    v("svix-missing-signature", "svix-id and svix-timestamp without svix-signature",
      expect=ERR("missing_header"),
      headers={"svix-id": SPEC_ID, "svix-timestamp": str(SPEC_TS)})
    v("mixed-sets-missing",
      "webhook-id with svix-timestamp and svix-signature: the webhook-* set is chosen and "
      "is incomplete (decision 4)", expect=ERR("missing_header"),
      headers={"webhook-id": SPEC_ID, "svix-timestamp": str(SPEC_TS), "svix-signature": good})
    v("webhook-set-wins",
      "Both complete sets present: the webhook-* set is used and the svix-* set is ignored",
      headers={**std_headers(SPEC_ID, SPEC_TS, good),
               "svix-id": "msg_other", "svix-timestamp": "garbage", "svix-signature": "v2,x"})
    v("webhook-set-wins-even-if-wrong",
      "Both complete sets present, only svix-* valid: the webhook-* set decides and mismatches",
      expect=ERR("signature_mismatch"),
      headers={**std_headers(SPEC_ID, SPEC_TS, STD_BAD), **std_headers(SPEC_ID, SPEC_TS, good, "svix")})
    v("rotation-second-secret", "Two secrets, the second one signed the delivery", good,
      secret=[STD_OTHER, SPEC_SECRET], expect=OK(SPEC_ID, SPEC_TS, 1))
    v("rotation-first-secret-wins",
      "Two secrets that both signed; the header lists the second's entry first; "
      "secret_index is the first secret in the given order",
      "%s %s" % (STD_SECOND_SIG, good), secret=[SPEC_SECRET, STD_SECOND],
      expect=OK(SPEC_ID, SPEC_TS, 0))
    v("entry-no-comma-skipped", "An entry without a comma (v1abc) is skipped",
      "v1abc %s" % good)
    v("entry-no-comma-only", "Only an entry without a comma: no usable entry",
      "v1abc", expect=ERR("malformed_header"))
    v("entry-two-commas-skipped", "An entry with two commas (v1,a,b) is skipped",
      "v1,a,b %s" % good)
    v("entry-two-commas-only", "Only an entry with two commas: no usable entry",
      "v1,a,b", expect=ERR("malformed_header"))
    v("entry-good-with-extra-comma",
      "The matching signature followed by a third comma-separated part is skipped",
      good + ",x", expect=ERR("malformed_header"))
    v("only-unusable-entries", "Every entry is of another version or has no comma",
      "v2,abc v1a,def v1abc v0,%s" % good_b64, expect=ERR("malformed_header"))
    v("uppercase-version-skipped", "V1 is not v1: the entry is skipped",
      "V1," + good_b64, expect=ERR("malformed_header"))
    v("double-spaces-between-entries", "Entries separated by two and three spaces",
      "%s  %s   %s" % (STD_BAD, filler_v1(3), good))
    v("tab-is-not-a-separator",
      "A tab inside the list does not separate entries: the one entry has two commas",
      "%s\t%s" % (STD_BAD, good), expect=ERR("malformed_header"))
    v("unpadded-base64-only", "The matching signature without its = padding is not canonical",
      "v1," + good_b64.rstrip("="), expect=ERR("malformed_header"))
    v("unpadded-base64-skipped", "An unpadded entry is skipped, a later canonical one matches",
      "v1,%s %s" % (good_b64.rstrip("="), good))
    v("over-padded-base64-only", "The matching signature with an extra = is not canonical",
      "v1," + good_b64 + "=", expect=ERR("malformed_header"))
    v("urlsafe-base64-only",
      "The matching signature in the URL-safe alphabet (- and _) is not standard base64",
      "v1," + urlsafe_variant(good_b64), expect=ERR("malformed_header"))
    v("noncanonical-trailing-bits-only",
      "The matching signature with non-zero unused trailing bits (E= becomes F=) is skipped",
      "v1," + noncanonical_b64(good_b64), expect=ERR("malformed_header"))
    v("inner-space-splits-entry",
      "A space inside the base64 splits it into two unusable entries",
      "v1,%s %s" % (good_b64[:20], good_b64[20:]), expect=ERR("malformed_header"))
    v("v1-short-only", "A canonical v1 value that decodes to 16 bytes is skipped (decision 5)",
      "v1," + b64(mac(SPEC_KEY, b"short")[:16]), expect=ERR("malformed_header"))
    v("v1-long-only", "A canonical v1 value of 64 bytes (an HMAC-SHA512) is skipped",
      "v1," + b64(mac(SPEC_KEY, utf8("%s.%d." % (SPEC_ID, SPEC_TS)) + SPEC_BODY, "sha512")),
      expect=ERR("malformed_header"))
    v("v1-short-then-good", "A wrong-length v1 entry is skipped and the next one matches",
      "v1,%s %s" % (b64(b"0123456789abcdef"), good))
    v("v1-empty-value-only", "A v1 entry with an empty value", "v1,",
      expect=ERR("malformed_header"))
    entries64 = [filler_v1(i) for i in range(63)] + [good]
    v("64-entries-good-last", "64 entries, the matching one last: at the cap, valid",
      " ".join(entries64))
    entries65 = [filler_v1(i) for i in range(64)] + [good]
    v("65-entries", "65 entries, the matching one last: over the cap (decision 6)",
      " ".join(entries65), expect=ERR("malformed_header"))
    v("65-entries-good-first", "65 entries, the matching one first: still over the cap",
      " ".join([good] + [filler_v1(i) for i in range(64)]), expect=ERR("malformed_header"))
    v("65-entries-mostly-unusable",
      "64 unknown-version entries plus the good one: the cap counts unusable entries too",
      " ".join(["v2,x%d" % i for i in range(64)] + [good]), expect=ERR("malformed_header"))
    v("svix-mixed-case-names", "svix-* headers with mixed-case names",
      headers={"Svix-Id": SPEC_ID, "SVIX-TIMESTAMP": str(SPEC_TS), "Svix-Signature": good})
    return f


# ---------------------------------------------------------------------------------------
# stripe.json
# ---------------------------------------------------------------------------------------

STRIPE_SECRET = "whsec_test_9kXq2Lm7Pz4Rv8Tn1Wb6Yc3Hd5Jf0Ga"
STRIPE_OTHER = "whsec_test_other_0000000000000000000000"
STRIPE_BODY = b'{"id":"evt_1","object":"event","type":"charge.succeeded"}'


def stripe_v1(secret, timestamp=T, body=STRIPE_BODY):
    return sign_stripe(utf8(secret), timestamp, body)


def gen_stripe():
    f = VectorFile(
        "stripe",
        "Stripe-Signature parsing: item order, spaces, repeated or missing t, unknown keys, "
        "several v1 values, the item cap.",
    )
    body = STRIPE_BODY.decode()
    sig = stripe_v1(STRIPE_SECRET)
    bad = stripe_v1(STRIPE_OTHER)
    bad2 = hex_mac(derived("stripe/filler", 16), b"x")
    ok = OK(None, T, 0, "stripe")

    def v(slug, desc, header, expect=ok, secret=STRIPE_SECRET, payload=body, headers=None):
        f.verify(slug, desc, scheme="stripe", secret=secret, payload=payload,
                 headers=headers if headers is not None else {"Stripe-Signature": header},
                 now=T, expect=expect)

    v("valid", "t then one v1", "t=%d,v1=%s" % (T, sig))
    v("valid-with-v0", "A v0 item is ignored", "t=%d,v1=%s,v0=%s" % (T, sig, bad))
    v("only-v0", "Only a v0 item besides t: no usable v1", "t=%d,v0=%s" % (T, sig),
      expect=ERR("malformed_header"))
    v("v1-before-t", "Items in any order", "v1=%s,t=%d" % (sig, T))
    v("spaces-after-commas", "Spaces after the commas are ignored", "t=%d, v1=%s" % (T, sig))
    v("spaces-and-tabs-around-items", "Spaces and tabs around items are trimmed (decision 7)",
      "t=%d ,\tv1=%s\t, v0=%s" % (T, sig, bad))
    v("space-around-equals", "t = <ts>: the key is 't ' and so no t item",
      "t = %d,v1=%s" % (T, sig), expect=ERR("malformed_header"))
    v("repeated-t", "t given twice with the same value", "t=%d,t=%d,v1=%s" % (T, T, sig),
      expect=ERR("malformed_header"))
    v("repeated-t-different", "t given twice with different values",
      "t=%d,v1=%s,t=%d" % (T, sig, T + 1), expect=ERR("malformed_header"))
    v("no-t", "No t item", "v1=%s" % sig, expect=ERR("malformed_header"))
    v("t-empty", "t with an empty value", "t=,v1=%s" % sig, expect=ERR("malformed_header"))
    v("uppercase-t-key", "T is not t: unknown key, so no t item", "T=%d,v1=%s" % (T, sig),
      expect=ERR("malformed_header"))
    v("uppercase-v1-key", "V1 is not v1: ignored, so no usable v1", "t=%d,V1=%s" % (T, sig),
      expect=ERR("malformed_header"))
    v("item-without-equals", "An item without =", "t=%d,v1=%s,foo" % (T, sig),
      expect=ERR("malformed_header"))
    v("trailing-comma", "A trailing comma leaves an empty item without = (decision 7)",
      "t=%d,v1=%s," % (T, sig), expect=ERR("malformed_header"))
    v("leading-comma", "A leading comma leaves an empty item", ",t=%d,v1=%s" % (T, sig),
      expect=ERR("malformed_header"))
    v("double-comma", "Two commas in a row leave an empty item", "t=%d,,v1=%s" % (T, sig),
      expect=ERR("malformed_header"))
    v("empty-key-ignored", "=x has an empty key, which is unknown and ignored",
      "t=%d,v1=%s,=x" % (T, sig))
    v("unknown-keys-ignored", "Unknown keys are ignored", "t=%d,v2=xyz,v1=%s,foo=bar" % (T, sig))
    v("v1-value-with-equals", "The key is the text before the first =; v1=a=b is skipped",
      "t=%d,v1=%s=,v1=%s" % (T, sig[:63], sig))
    v("good-v1-first", "The valid v1 first of three", "t=%d,v1=%s,v1=%s,v1=%s" % (T, sig, bad, bad2))
    v("good-v1-last", "The valid v1 last of three", "t=%d,v1=%s,v1=%s,v1=%s" % (T, bad, bad2, sig))
    v("all-v1-mismatch", "Several usable v1, none matching", "t=%d,v1=%s,v1=%s" % (T, bad, bad2),
      expect=ERR("signature_mismatch"))
    v("only-wrong-length-v1", "Only v1 values that are not 64 hex digits",
      "t=%d,v1=abc,v1=%s,v1=%s00" % (T, sig[:62], sig), expect=ERR("malformed_header"))
    v("wrong-length-v1-skipped", "A short v1 is skipped and the next one matches",
      "t=%d,v1=abc,v1=%s" % (T, sig))
    v("non-hex-v1-only", "A 64-character v1 with a non-hex digit",
      "t=%d,v1=%sz" % (T, sig[:63]), expect=ERR("malformed_header"))
    v("uppercase-hex", "The v1 value in uppercase hex", "t=%d,v1=%s" % (T, sig.upper()))
    v("wrong-secret", "Signed with another secret", "t=%d,v1=%s" % (T, bad),
      expect=ERR("signature_mismatch"))
    v("tampered-body", "The body differs from the signed one", "t=%d,v1=%s" % (T, sig),
      payload=body.replace("succeeded", "failed"), expect=ERR("signature_mismatch"))
    v("timestamp-not-signed-value",
      "t differs by one second from the signed timestamp", "t=%d,v1=%s" % (T + 1, sig),
      expect=ERR("signature_mismatch"))
    v("missing-header", "No Stripe-Signature header", None, headers={"Content-Type": "application/json"},
      expect=ERR("missing_header"))
    v("lowercase-header-name", "stripe-signature in lowercase", None,
      headers={"stripe-signature": "t=%d,v1=%s" % (T, sig)})
    v("rotation-second-secret", "Two secrets, the second one signed", "t=%d,v1=%s" % (T, sig),
      secret=[STRIPE_OTHER, STRIPE_SECRET], expect=OK(None, T, 1, "stripe"))
    v("rotation-first-secret-wins",
      "Signed by both secrets, second's v1 listed first; secret_index follows secret order",
      "t=%d,v1=%s,v1=%s" % (T, bad, sig), secret=[STRIPE_SECRET, STRIPE_OTHER])
    items64 = ["t=%d" % T] + ["v1=" + hex_mac(derived("stripe/f%d" % i), b"x") for i in range(62)] + ["v1=" + sig]
    assert len(items64) == 64
    v("64-items-good-last", "64 items, the valid v1 last: at the cap", ",".join(items64))
    items65 = ["t=%d" % T] + ["v1=" + hex_mac(derived("stripe/f%d" % i), b"x") for i in range(63)] + ["v1=" + sig]
    assert len(items65) == 65
    v("65-items", "65 items: over the cap (decision 6)", ",".join(items65),
      expect=ERR("malformed_header"))
    return f


# ---------------------------------------------------------------------------------------
# github.json, slack.json, shopify.json
# ---------------------------------------------------------------------------------------

GH_DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958"


def gen_github():
    f = VectorFile(
        "github",
        "GitHub: X-Hub-Signature-256, the documented example, the sha256= prefix, hex case "
        "and length, the optional X-GitHub-Delivery id.",
    )
    body = GH_BODY.decode()
    hexsig = GH_SIG[len("sha256="):]
    other = sign_github(b"not the secret", GH_BODY)
    ok = OK(None, None, 0, "github")

    def v(slug, desc, headers, expect=ok, secret=GH_SECRET, payload=body):
        f.verify(slug, desc, scheme="github", secret=secret, payload=payload,
                 headers=headers, now=T, expect=expect)

    def sh(value):
        return {"X-Hub-Signature-256": value}

    v("documented-example", "GitHub's documented example verifies", sh(GH_SIG))
    v("with-delivery-id", "X-GitHub-Delivery is reported as the id",
      {"X-GitHub-Event": "ping", "X-GitHub-Delivery": GH_DELIVERY, "X-Hub-Signature-256": GH_SIG},
      expect=OK(GH_DELIVERY, None, 0, "github"))
    v("delivery-id-trimmed", "The delivery id is reported trimmed",
      {"X-GitHub-Delivery": " \t%s " % GH_DELIVERY, "X-Hub-Signature-256": GH_SIG},
      expect=OK(GH_DELIVERY, None, 0, "github"))
    v("delivery-id-empty-is-absent", "An empty X-GitHub-Delivery counts as absent (decision 1)",
      {"X-GitHub-Delivery": "", "X-Hub-Signature-256": GH_SIG})
    v("delivery-id-too-long", "An X-GitHub-Delivery of 257 bytes",
      {"X-GitHub-Delivery": "d" * 257, "X-Hub-Signature-256": GH_SIG},
      expect=ERR("malformed_header"))
    v("delivery-id-256-bytes", "An X-GitHub-Delivery of 256 bytes is accepted",
      {"X-GitHub-Delivery": "d" * 256, "X-Hub-Signature-256": GH_SIG},
      expect=OK("d" * 256, None, 0, "github"))
    v("uppercase-hex", "The hex in uppercase", sh("sha256=" + hexsig.upper()))
    v("mixed-case-hex", "The hex in mixed case",
      sh("sha256=" + "".join(c.upper() if i % 2 else c for i, c in enumerate(hexsig))))
    v("missing-prefix", "The bare hex without sha256=", sh(hexsig), expect=ERR("malformed_header"))
    v("wrong-case-prefix", "SHA256= is not sha256=", sh("SHA256=" + hexsig),
      expect=ERR("malformed_header"))
    v("sha1-prefix", "A sha1= value in X-Hub-Signature-256",
      sh("sha1=" + hmac.new(utf8(GH_SECRET), GH_BODY, hashlib.sha1).hexdigest()),
      expect=ERR("malformed_header"))
    v("space-after-prefix", "sha256= followed by a space", sh("sha256= " + hexsig),
      expect=ERR("malformed_header"))
    v("prefix-only", "sha256= with nothing after it", sh("sha256="), expect=ERR("malformed_header"))
    v("hex-too-short", "62 hex digits", sh("sha256=" + hexsig[:62]), expect=ERR("malformed_header"))
    v("hex-too-long", "66 hex digits", sh("sha256=" + hexsig + "00"), expect=ERR("malformed_header"))
    v("hex-odd-length", "63 hex digits", sh("sha256=" + hexsig[:63]), expect=ERR("malformed_header"))
    v("non-hex", "64 characters with a non-hex one", sh("sha256=" + hexsig[:63] + "g"),
      expect=ERR("malformed_header"))
    v("base64-value", "The MAC in base64 after sha256=",
      sh("sha256=" + b64(bytes.fromhex(hexsig))), expect=ERR("malformed_header"))
    v("only-sha1-header", "Only the legacy X-Hub-Signature header",
      {"X-Hub-Signature": "sha1=" + hmac.new(utf8(GH_SECRET), GH_BODY, hashlib.sha1).hexdigest()},
      expect=ERR("missing_header"))
    v("missing-signature", "Only X-GitHub-Delivery", {"X-GitHub-Delivery": GH_DELIVERY},
      expect=ERR("missing_header"))
    v("wrong-secret", "Signed with another secret", sh(other), expect=ERR("signature_mismatch"))
    v("tampered-body", "The body differs from the signed one", sh(GH_SIG),
      payload="Hello, World?", expect=ERR("signature_mismatch"))
    v("rotation-second-secret", "Two secrets, the second one signed", sh(GH_SIG),
      secret=["not the secret", GH_SECRET], expect=OK(None, None, 1, "github"))
    v("raw-bytes-secret", "The secret given as raw bytes", sh(GH_SIG), secret=raw(utf8(GH_SECRET)))
    return f


def gen_slack():
    f = VectorFile(
        "slack",
        "Slack: X-Slack-Signature v0= over v0:{timestamp}:{body}, the documented example, "
        "the timestamp header and prefix rules.",
    )
    body = '{"type":"event_callback","event_id":"Ev1"}'
    key = utf8(SLACK_SECRET)
    sig = sign_slack(key, T, utf8(body))
    ok = OK(None, T, 0, "slack")

    def v(slug, desc, headers, expect=ok, secret=SLACK_SECRET, payload=body, now=T):
        f.verify(slug, desc, scheme="slack", secret=secret, payload=payload,
                 headers=headers, now=now, expect=expect)

    def sh(value, ts=T):
        return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": value}

    v("documented-example", "Slack's documented example verifies", sh(SLACK_SIG, SLACK_TS),
      payload=SLACK_BODY.decode(), now=SLACK_TS, expect=OK(None, SLACK_TS, 0, "slack"))
    v("valid", "A small JSON body", sh(sig))
    v("uppercase-hex", "The hex in uppercase", sh("v0=" + sig[3:].upper()))
    v("missing-prefix", "The bare hex without v0=", sh(sig[3:]), expect=ERR("malformed_header"))
    v("wrong-case-prefix", "V0= is not v0=", sh("V0=" + sig[3:]), expect=ERR("malformed_header"))
    v("other-version-prefix", "v1= is not v0=", sh("v1=" + sig[3:]), expect=ERR("malformed_header"))
    v("hex-too-short", "62 hex digits", sh(sig[:-2]), expect=ERR("malformed_header"))
    v("missing-timestamp", "No X-Slack-Request-Timestamp",
      {"X-Slack-Signature": sig}, expect=ERR("missing_header"))
    v("missing-signature", "No X-Slack-Signature",
      {"X-Slack-Request-Timestamp": str(T)}, expect=ERR("missing_header"))
    v("missing-timestamp-and-malformed-signature",
      "A missing timestamp is reported before a malformed signature",
      {"X-Slack-Signature": "nonsense"}, expect=ERR("missing_header"))
    v("wrong-secret", "Signed with another secret", sh(sign_slack(b"other", T, utf8(body))),
      expect=ERR("signature_mismatch"))
    v("tampered-body", "The body differs from the signed one", sh(sig),
      payload=body.replace("Ev1", "Ev2"), expect=ERR("signature_mismatch"))
    v("timestamp-is-signed", "The header timestamp is one second off the signed one",
      sh(sig, T + 1), expect=ERR("signature_mismatch"))
    v("stale", "Signed 301 seconds before now", sh(sign_slack(key, T - 301, utf8(body)), T - 301),
      expect=ERR("timestamp_too_old"))
    v("future", "Signed 301 seconds after now", sh(sign_slack(key, T + 301, utf8(body)), T + 301),
      expect=ERR("timestamp_too_new"))
    v("timestamp-decimal", "A timestamp with a fraction",
      sh(sign_slack(key, "%d.5" % T, utf8(body)), "%d.5" % T), expect=ERR("malformed_header"))
    v("lowercase-header-names", "Header names in lowercase",
      {"x-slack-request-timestamp": str(T), "x-slack-signature": sig})
    v("rotation-second-secret", "Two secrets, the second one signed", sh(sig),
      secret=["old-slack-secret", SLACK_SECRET], expect=OK(None, T, 1, "slack"))
    return f


SHOPIFY_SECRET = "shpss_vectors_secret"
SHOPIFY_BODY = b'{"id":2,"topic":"orders/create"}'


def gen_shopify():
    f = VectorFile(
        "shopify",
        "Shopify: X-Shopify-Hmac-Sha256 in strict base64, the optional X-Shopify-Webhook-Id.",
    )
    body = SHOPIFY_BODY.decode()
    sig = sign_shopify(utf8(SHOPIFY_SECRET), SHOPIFY_BODY)
    assert "+" in sig and "/" in sig and sig.endswith("=") and not sig.endswith("==")
    ok = OK(None, None, 0, "shopify")
    wid = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"

    def v(slug, desc, value, expect=ok, secret=SHOPIFY_SECRET, payload=body, headers=None):
        f.verify(slug, desc, scheme="shopify", secret=secret, payload=payload,
                 headers=headers if headers is not None else {"X-Shopify-Hmac-Sha256": value},
                 now=T, expect=expect)

    v("valid", "A canonical base64 HMAC", sig)
    v("with-webhook-id", "X-Shopify-Webhook-Id is reported as the id", None,
      headers={"X-Shopify-Topic": "orders/create", "X-Shopify-Hmac-Sha256": sig,
               "X-Shopify-Webhook-Id": wid},
      expect=OK(wid, None, 0, "shopify"))
    v("webhook-id-empty-is-absent", "An empty X-Shopify-Webhook-Id counts as absent", None,
      headers={"X-Shopify-Hmac-Sha256": sig, "X-Shopify-Webhook-Id": "  "})
    v("lowercase-header-name", "x-shopify-hmac-sha256 in lowercase", None,
      headers={"x-shopify-hmac-sha256": sig})
    v("wrong-secret", "Signed with another secret", sign_shopify(b"other", SHOPIFY_BODY),
      expect=ERR("signature_mismatch"))
    v("tampered-body", "The body differs from the signed one", sig,
      payload=body.replace("create", "update"), expect=ERR("signature_mismatch"))
    v("missing-header", "No X-Shopify-Hmac-Sha256", None,
      headers={"X-Shopify-Webhook-Id": wid}, expect=ERR("missing_header"))
    v("unpadded", "The matching HMAC without its = padding (decision 8)", sig.rstrip("="),
      expect=ERR("malformed_header"))
    v("over-padded", "The matching HMAC with an extra =", sig + "=", expect=ERR("malformed_header"))
    v("urlsafe-alphabet", "The matching HMAC in the URL-safe alphabet", urlsafe_variant(sig),
      expect=ERR("malformed_header"))
    v("noncanonical-trailing-bits", "The matching HMAC with non-zero unused trailing bits",
      noncanonical_b64(sig), expect=ERR("malformed_header"))
    v("inner-space", "The matching HMAC with a space inside", sig[:20] + " " + sig[20:],
      expect=ERR("malformed_header"))
    v("short", "Canonical base64 of 16 bytes", b64(mac(utf8(SHOPIFY_SECRET), SHOPIFY_BODY)[:16]),
      expect=ERR("malformed_header"))
    v("hex-instead-of-base64", "The MAC in hex: valid base64 alphabet but 48 bytes",
      hex_mac(utf8(SHOPIFY_SECRET), SHOPIFY_BODY), expect=ERR("malformed_header"))
    v("with-prefix", "sha256= before the base64", "sha256=" + sig, expect=ERR("malformed_header"))
    v("rotation-second-secret", "Two secrets, the second one signed", sig,
      secret=["old-shopify-secret", SHOPIFY_SECRET], expect=OK(None, None, 1, "shopify"))
    return f


# ---------------------------------------------------------------------------------------
# custom.json
# ---------------------------------------------------------------------------------------

INHOUSE = {
    "signature_header": "X-Webhook-Signature",
    "prefix": "sha256=",
    "id_header": "X-Webhook-ID",
    "timestamp_header": "X-Webhook-Timestamp",
}
INHOUSE_SECRET = "inhouse-secret-1"
INHOUSE_BODY = b'{"event":"ping"}'
INHOUSE_ID = "evt_123"


def inhouse_headers(ts=T, msg_id=INHOUSE_ID, sig=None, body=INHOUSE_BODY):
    h = {}
    if msg_id is not None:
        h["X-Webhook-ID"] = msg_id
    if ts is not None:
        h["X-Webhook-Timestamp"] = str(ts)
    h["X-Webhook-Signature"] = sig or sign_custom(utf8(INHOUSE_SECRET), body, prefix="sha256=")
    return h


def gen_custom():
    f = VectorFile(
        "custom",
        "Custom schemes: templates, sha512, base64 and hex, secret encodings, built-ins taken "
        "as a base with overrides, names, tolerance overrides, the in-house unsigned headers.",
    )
    body = INHOUSE_BODY.decode()
    key = utf8(INHOUSE_SECRET)

    def v(slug, desc, scheme, headers, expect, secret=INHOUSE_SECRET, payload=body, now=T,
          tolerance_seconds=None):
        f.verify(slug, desc, scheme=scheme, secret=secret, payload=payload, headers=headers,
                 now=now, expect=expect, tolerance_seconds=tolerance_seconds)

    # In-house: id and timestamp travel unsigned.
    v("inhouse-valid", "X-Webhook-Signature: sha256=<hex> over the body; id and timestamp reported",
      INHOUSE, inhouse_headers(), OK(INHOUSE_ID, T, 0, "custom"))
    v("inhouse-stale", "The unsigned timestamp is still checked: 301 seconds old",
      INHOUSE, inhouse_headers(ts=T - 301), ERR("timestamp_too_old"))
    v("inhouse-future", "The unsigned timestamp 301 seconds ahead",
      INHOUSE, inhouse_headers(ts=T + 301), ERR("timestamp_too_new"))
    v("unsigned-timestamp-missing",
      "A configured timestamp header is required even when unsigned (decision 9)",
      INHOUSE, inhouse_headers(ts=None), ERR("missing_header"))
    v("inhouse-id-missing", "An unsigned id header is optional: absent gives id null",
      INHOUSE, inhouse_headers(msg_id=None), OK(None, T, 0, "custom"))
    v("inhouse-timestamp-malformed", "The unsigned timestamp must still parse",
      INHOUSE, inhouse_headers(ts="soon"), ERR("malformed_header"))
    v("inhouse-timestamp-not-signed",
      "Changing the unsigned timestamp inside the window keeps the signature valid",
      INHOUSE, inhouse_headers(ts=T - 5), OK(INHOUSE_ID, T - 5, 0, "custom"))
    v("inhouse-missing-prefix", "The hex without the configured prefix",
      INHOUSE, inhouse_headers(sig=sign_custom(key, INHOUSE_BODY)), ERR("malformed_header"))
    v("inhouse-wrong-secret", "Signed with another secret",
      INHOUSE, inhouse_headers(sig=sign_custom(b"other", INHOUSE_BODY, prefix="sha256=")),
      ERR("signature_mismatch"))

    # Templates.
    all3 = {"signature_header": "X-Signature", "payload": "{id}.{timestamp}.{body}",
            "id_header": "X-Id", "timestamp_header": "X-Timestamp"}
    sig_all3 = sign_custom(key, INHOUSE_BODY, "{id}.{timestamp}.{body}", "msg_1", T)
    v("template-id-timestamp-body", "payload {id}.{timestamp}.{body}", all3,
      {"X-Id": "msg_1", "X-Timestamp": str(T), "X-Signature": sig_all3}, OK("msg_1", T, 0, "custom"))
    v("template-id-is-signed", "A different id breaks a signature over {id}", all3,
      {"X-Id": "msg_2", "X-Timestamp": str(T), "X-Signature": sig_all3}, ERR("signature_mismatch"))
    v("template-signed-id-missing", "An id header that the payload signs is required", all3,
      {"X-Timestamp": str(T), "X-Signature": sig_all3}, ERR("missing_header"))
    v("template-timestamp-is-signed", "A different timestamp breaks a signature over {timestamp}",
      all3, {"X-Id": "msg_1", "X-Timestamp": str(T + 1), "X-Signature": sig_all3},
      ERR("signature_mismatch"))
    ts_body = {"signature_header": "X-Signature", "payload": "{timestamp}.{body}",
               "timestamp_header": "X-Timestamp"}
    v("template-timestamp-body", "payload {timestamp}.{body}", ts_body,
      {"X-Timestamp": str(T), "X-Signature": sign_custom(key, INHOUSE_BODY, "{timestamp}.{body}", timestamp=T)},
      OK(None, T, 0, "custom"))
    literal = {"signature_header": "X-Sig", "prefix": "v0=", "payload": "v0:{timestamp}:{body}",
               "timestamp_header": "X-Ts"}
    lit_sig = sign_custom(key, INHOUSE_BODY, "v0:{timestamp}:{body}", timestamp=T, prefix="v0=")
    assert lit_sig == sign_slack(key, T, INHOUSE_BODY)
    v("template-literal-text", "payload v0:{timestamp}:{body} with prefix v0= (Slack's layout)",
      literal, {"X-Ts": str(T), "X-Sig": lit_sig}, OK(None, T, 0, "custom"))
    suffix = {"signature_header": "X-Sig", "payload": "{body}|x"}
    v("template-text-after-body", "payload {body}|x", suffix,
      {"X-Sig": sign_custom(key, INHOUSE_BODY, "{body}|x")}, OK(None, None, 0, "custom"))
    v("template-text-after-body-is-signed", "A signature over {body} alone does not match {body}|x",
      suffix, {"X-Sig": sign_custom(key, INHOUSE_BODY)}, ERR("signature_mismatch"))
    id_body = {"signature_header": "X-Sig", "payload": "{id}:{body}", "id_header": "X-Id"}
    v("template-id-body-no-timestamp", "payload {id}:{body}: no timestamp at all", id_body,
      {"X-Id": "abc", "X-Sig": sign_custom(key, INHOUSE_BODY, "{id}:{body}", "abc")},
      OK("abc", None, 0, "custom"))

    # Algorithms and encodings.
    s512h = {"signature_header": "X-Sig", "algorithm": "sha512"}
    v("sha512-hex", "HMAC-SHA512 in hex", s512h,
      {"X-Sig": sign_custom(key, INHOUSE_BODY, algorithm="sha512")}, OK(None, None, 0, "custom"))
    v("sha512-hex-sha256-length", "A 64-digit hex value for a sha512 scheme", s512h,
      {"X-Sig": sign_custom(key, INHOUSE_BODY)}, ERR("malformed_header"))
    s512b = {"signature_header": "X-Sig", "algorithm": "sha512", "encoding": "base64"}
    v("sha512-base64", "HMAC-SHA512 in base64", s512b,
      {"X-Sig": sign_custom(key, INHOUSE_BODY, algorithm="sha512", encoding="base64")},
      OK(None, None, 0, "custom"))
    v("sha512-base64-unpadded", "HMAC-SHA512 in base64 without its == padding", s512b,
      {"X-Sig": sign_custom(key, INHOUSE_BODY, algorithm="sha512", encoding="base64").rstrip("=")},
      ERR("malformed_header"))
    b64s = {"signature_header": "X-Sig", "encoding": "base64", "prefix": "sha256="}
    v("base64-encoding", "HMAC-SHA256 in base64 after a prefix", b64s,
      {"X-Sig": sign_custom(key, INHOUSE_BODY, encoding="base64", prefix="sha256=")},
      OK(None, None, 0, "custom"))
    v("base64-encoding-noncanonical", "Non-zero trailing bits in a single base64 signature", b64s,
      {"X-Sig": "sha256=" + noncanonical_b64(sign_custom(key, INHOUSE_BODY, encoding="base64"))},
      ERR("malformed_header"))

    # Secret encodings.
    raw_key = derived("custom/raw-key", 24)
    se_b64 = {"signature_header": "X-Sig", "secret_encoding": "base64"}
    v("secret-encoding-base64", "A base64 secret with whsec_ stripped", se_b64,
      {"X-Sig": sign_custom(raw_key, INHOUSE_BODY)}, OK(None, None, 0, "custom"),
      secret="whsec_" + b64(raw_key))
    v("secret-encoding-base64-no-prefix", "A base64 secret without whsec_", se_b64,
      {"X-Sig": sign_custom(raw_key, INHOUSE_BODY)}, OK(None, None, 0, "custom"), secret=b64(raw_key))
    se_hex = {"signature_header": "X-Sig", "secret_encoding": "hex"}
    v("secret-encoding-hex", "A hex secret", se_hex,
      {"X-Sig": sign_custom(raw_key, INHOUSE_BODY)}, OK(None, None, 0, "custom"), secret=raw_key.hex())

    # Built-ins as a base.
    std_utf8 = {"base": "standard", "secret_encoding": "utf8"}
    plain = "my-plain-standard-secret"
    std_utf8_sig = sign_standard(utf8(plain), SPEC_ID, SPEC_TS, SPEC_BODY)
    v("base-standard-utf8-secret", "standard with a UTF-8 secret; reported as standard", std_utf8,
      std_headers(SPEC_ID, SPEC_TS, std_utf8_sig), OK(SPEC_ID, SPEC_TS, 0, "standard"),
      secret=plain, payload=SPEC_BODY.decode(), now=SPEC_TS)
    v("base-standard-utf8-secret-svix", "Without header overrides the svix-* fallback stays",
      std_utf8, std_headers(SPEC_ID, SPEC_TS, std_utf8_sig, "svix"),
      OK(SPEC_ID, SPEC_TS, 0, "standard"), secret=plain, payload=SPEC_BODY.decode(), now=SPEC_TS)
    gh_xsig = {"base": "github", "signature_header": "X-Sig"}
    v("base-github-new-header", "github with signature_header X-Sig", gh_xsig,
      {"X-Sig": GH_SIG}, OK(None, None, 0, "github"), secret=GH_SECRET, payload=GH_BODY.decode())
    v("base-github-old-header-not-read", "X-Hub-Signature-256 is no longer read", gh_xsig,
      {"X-Hub-Signature-256": GH_SIG}, ERR("missing_header"), secret=GH_SECRET,
      payload=GH_BODY.decode())
    v("base-github-delivery-kept", "The base's X-GitHub-Delivery id header is kept", gh_xsig,
      {"X-Sig": GH_SIG, "X-GitHub-Delivery": GH_DELIVERY}, OK(GH_DELIVERY, None, 0, "github"),
      secret=GH_SECRET, payload=GH_BODY.decode())
    std_xid = {"base": "standard", "id_header": "x-id"}
    v("base-standard-id-header", "standard with id_header x-id", std_xid,
      {"x-id": SPEC_ID, "webhook-timestamp": str(SPEC_TS), "webhook-signature": SPEC_SIG},
      OK(SPEC_ID, SPEC_TS, 0, "standard"), secret=SPEC_SECRET, payload=SPEC_BODY.decode(),
      now=SPEC_TS)
    v("base-standard-id-header-no-svix", "Overriding id_header drops the svix-* fallback",
      std_xid, std_headers(SPEC_ID, SPEC_TS, SPEC_SIG, "svix"), ERR("missing_header"),
      secret=SPEC_SECRET, payload=SPEC_BODY.decode(), now=SPEC_TS)
    v("base-standard-id-header-no-svix-partial",
      "With x-id present, svix-timestamp and svix-signature are not read either", std_xid,
      {"x-id": SPEC_ID, "svix-timestamp": str(SPEC_TS), "svix-signature": SPEC_SIG},
      ERR("missing_header"), secret=SPEC_SECRET, payload=SPEC_BODY.decode(), now=SPEC_TS)
    v("base-standard-id-header-old-name", "webhook-id is no longer read once id_header is x-id",
      std_xid, std_headers(SPEC_ID, SPEC_TS, SPEC_SIG), ERR("missing_header"),
      secret=SPEC_SECRET, payload=SPEC_BODY.decode(), now=SPEC_TS)
    st_hdr = {"base": "stripe", "signature_header": "X-Stripe-Sig"}
    v("base-stripe-signature-header", "stripe format under another header name", st_hdr,
      {"X-Stripe-Sig": "t=%d,v1=%s" % (T, stripe_v1(STRIPE_SECRET))}, OK(None, T, 0, "stripe"),
      secret=STRIPE_SECRET, payload=STRIPE_BODY.decode())
    st_b64 = {"base": "stripe", "secret_encoding": "base64"}
    v("base-stripe-secret-base64", "stripe with a base64 secret: whsec_ stripped and decoded",
      st_b64, {"Stripe-Signature": "t=%d,v1=%s" % (T, sign_stripe(raw_key, T, STRIPE_BODY))},
      OK(None, T, 0, "stripe"), secret="whsec_" + b64(raw_key), payload=STRIPE_BODY.decode())
    sh_hex = {"base": "shopify", "encoding": "hex"}
    v("base-shopify-hex", "shopify with encoding hex", sh_hex,
      {"X-Shopify-Hmac-Sha256": hex_mac(utf8(SHOPIFY_SECRET), SHOPIFY_BODY)},
      OK(None, None, 0, "shopify"), secret=SHOPIFY_SECRET, payload=SHOPIFY_BODY.decode())
    gh_prefix = {"base": "github", "prefix": "hmac="}
    v("base-github-prefix", "github with another prefix", gh_prefix,
      {"X-Hub-Signature-256": "hmac=" + GH_SIG[7:]}, OK(None, None, 0, "github"),
      secret=GH_SECRET, payload=GH_BODY.decode())
    v("base-github-prefix-old-prefix", "The base's sha256= prefix is replaced", gh_prefix,
      {"X-Hub-Signature-256": GH_SIG}, ERR("malformed_header"), secret=GH_SECRET,
      payload=GH_BODY.decode())

    # Names.
    v("name-reported", "A custom name is reported in Verified.scheme",
      {"signature_header": "X-Sig", "name": "acme"}, {"X-Sig": sign_custom(key, INHOUSE_BODY)},
      OK(None, None, 0, "acme"))
    v("base-name-override", "A base with a name reports that name",
      {"base": "github", "name": "github-enterprise"}, {"X-Hub-Signature-256": GH_SIG},
      OK(None, None, 0, "github-enterprise"), secret=GH_SECRET, payload=GH_BODY.decode())
    v("header-names-case-insensitive", "Configured x-my-sig matches a sent X-MY-SIG",
      {"signature_header": "x-my-sig"}, {"X-MY-SIG": sign_custom(key, INHOUSE_BODY)},
      OK(None, None, 0, "custom"))

    # Tolerance overrides.
    v("tolerance-default-stale", "500 seconds old with the default tolerance", INHOUSE,
      inhouse_headers(ts=T - 500), ERR("timestamp_too_old"))
    v("tolerance-webhook-override", "Webhook tolerance_seconds 600 accepts 500 seconds old",
      INHOUSE, inhouse_headers(ts=T - 500), OK(INHOUSE_ID, T - 500, 0, "custom"),
      tolerance_seconds=600)
    tol60 = dict(INHOUSE, tolerance_seconds=60)
    v("tolerance-scheme-60-boundary", "Scheme tolerance_seconds 60: exactly 60 seconds old", tol60,
      inhouse_headers(ts=T - 60), OK(INHOUSE_ID, T - 60, 0, "custom"))
    v("tolerance-scheme-60-stale", "Scheme tolerance_seconds 60: 61 seconds old", tol60,
      inhouse_headers(ts=T - 61), ERR("timestamp_too_old"))
    v("tolerance-webhook-beats-scheme", "Webhook 600 overrides scheme 60: 500 seconds old",
      tol60, inhouse_headers(ts=T - 500), OK(INHOUSE_ID, T - 500, 0, "custom"),
      tolerance_seconds=600)
    v("tolerance-webhook-zero-beats-scheme", "Webhook 0 overrides scheme 600: one second old",
      dict(INHOUSE, tolerance_seconds=600), inhouse_headers(ts=T - 1), ERR("timestamp_too_old"),
      tolerance_seconds=0)
    return f


# ---------------------------------------------------------------------------------------
# timestamps.json
# ---------------------------------------------------------------------------------------


def gen_timestamps():
    f = VectorFile(
        "timestamps",
        "Timestamp syntax (digits only, no sign, no leading zero, at most 12 digits) and the "
        "tolerance window in both directions; signatures are computed over the header text so "
        "that only the timestamp rule decides.",
    )
    body = SPEC_BODY.decode()

    def std(slug, desc, ts_text, now, expect, tolerance_seconds=None, scheme="standard"):
        sig = sign_standard(SPEC_KEY, SPEC_ID, ts_text, SPEC_BODY)
        f.verify(slug, desc, scheme=scheme, secret=SPEC_SECRET, payload=body,
                 headers=std_headers(SPEC_ID, ts_text, sig), now=now, expect=expect,
                 tolerance_seconds=tolerance_seconds)

    def okts(ts):
        return OK(SPEC_ID, ts)

    M = ERR("malformed_header")
    std("letters-after-digits", "1614265330abc", "1614265330abc", SPEC_TS, M)
    std("decimal-point", "1614265330.0", "1614265330.0", SPEC_TS, M)
    std("plus-sign", "+1614265330", "+1614265330", SPEC_TS, M)
    std("leading-zero", "01614265330", "01614265330", SPEC_TS, M)
    std("double-zero", "00", "00", SPEC_TS, M)
    std("negative", "-1", "-1", SPEC_TS, M)
    std("twenty-digits", "A 20-digit timestamp", "16142653300000000000", SPEC_TS, M)
    std("thirteen-digits", "A 13-digit timestamp (milliseconds)", "1614265330000", SPEC_TS, M)
    std("twelve-digits", "12 digits is valid syntax, far in the future", "999999999999", SPEC_TS,
        ERR("timestamp_too_new"))
    std("empty", "An empty timestamp counts as absent (decision 1)", "", SPEC_TS,
        ERR("missing_header"))
    std("spaces-only", "A timestamp of spaces counts as absent", "   ", SPEC_TS,
        ERR("missing_header"))
    std("zero", "0 is valid syntax and far too old", "0", SPEC_TS, ERR("timestamp_too_old"))
    std("underscores", "1_614_265_330 (Python's int() would take it)", "1_614_265_330", SPEC_TS, M)
    std("inner-space", "A space between digits", "1614265 330", SPEC_TS, M)
    std("fullwidth-digits", "Fullwidth Unicode digits (Python's int() would take them)",
        "".join(chr(0xFF10 + int(c)) for c in str(SPEC_TS)), SPEC_TS, M)
    std("hex", "0x hexadecimal", hex(SPEC_TS), SPEC_TS, M)
    std("exponent", "Scientific notation", "1.61426533e9", SPEC_TS, M)
    # Surrounding whitespace: the signature is over the trimmed text.
    sig = sign_standard(SPEC_KEY, SPEC_ID, SPEC_TS, SPEC_BODY)
    f.verify("surrounding-whitespace", "Spaces and tabs around the digits are trimmed",
             scheme="standard", secret=SPEC_SECRET, payload=body,
             headers=std_headers(SPEC_ID, " \t%d " % SPEC_TS, sig), now=SPEC_TS,
             expect=okts(SPEC_TS))

    n = T
    std("window-past-edge", "Exactly 300 seconds old", str(n - 300), n, okts(n - 300))
    std("window-past-outside", "301 seconds old", str(n - 301), n, ERR("timestamp_too_old"))
    std("window-future-edge", "Exactly 300 seconds ahead", str(n + 300), n, okts(n + 300))
    std("window-future-outside", "301 seconds ahead", str(n + 301), n, ERR("timestamp_too_new"))
    std("tolerance-zero-equal", "Webhook tolerance 0, timestamp equal to now", str(n), n, okts(n),
        tolerance_seconds=0)
    std("tolerance-zero-past", "Webhook tolerance 0, one second old", str(n - 1), n,
        ERR("timestamp_too_old"), tolerance_seconds=0)
    std("tolerance-zero-future", "Webhook tolerance 0, one second ahead", str(n + 1), n,
        ERR("timestamp_too_new"), tolerance_seconds=0)
    std("tolerance-max-zero-timestamp", "Tolerance 4294967295 accepts timestamp 0", "0", n,
        okts(0), tolerance_seconds=4294967295)
    std("tolerance-max-far-future", "Tolerance 4294967295 does not reach 999999999999 from now",
        "999999999999", n, ERR("timestamp_too_new"), tolerance_seconds=4294967295)
    std("zero-near-epoch", "Timestamp 0 at now 100: no underflow, inside the window", "0", 100,
        okts(0))
    std("now-zero-future", "Timestamp 300 at now 0 is at the future edge", "300", 0, okts(300))
    std("now-zero-beyond", "Timestamp 301 at now 0", "301", 0, ERR("timestamp_too_new"))

    # Stripe and Slack carry their timestamps elsewhere; same rules.
    sbody = STRIPE_BODY.decode()

    def stripe(slug, desc, ts_text, now, expect):
        header = "t=%s,v1=%s" % (ts_text, stripe_v1(STRIPE_SECRET, ts_text))
        f.verify(slug, desc, scheme="stripe", secret=STRIPE_SECRET, payload=sbody,
                 headers={"Stripe-Signature": header}, now=now, expect=expect)

    stripe("stripe-decimal", "Stripe t=1700000000.0", "%d.0" % T, T, M)
    stripe("stripe-leading-zero", "Stripe t with a leading zero", "0%d" % T, T, M)
    stripe("stripe-negative", "Stripe t=-1", "-1", T, M)
    stripe("stripe-thirteen-digits", "Stripe t in milliseconds", "%d000" % T, T, M)
    stripe("stripe-past-edge", "Stripe t exactly 300 seconds old", str(T - 300), T,
           OK(None, T - 300, 0, "stripe"))
    stripe("stripe-stale", "Stripe t 301 seconds old", str(T - 301), T, ERR("timestamp_too_old"))
    stripe("stripe-future", "Stripe t 301 seconds ahead", str(T + 301), T, ERR("timestamp_too_new"))

    slack_body = b"payload=1"

    def slack(slug, desc, ts_text, now, expect, scheme="slack"):
        f.verify(slug, desc, scheme=scheme, secret=SLACK_SECRET, payload=slack_body.decode(),
                 headers={"X-Slack-Request-Timestamp": ts_text,
                          "X-Slack-Signature": sign_slack(utf8(SLACK_SECRET), ts_text, slack_body)},
                 now=now, expect=expect)

    slack("slack-leading-zero", "Slack timestamp with a leading zero", "0%d" % T, T, M)
    slack("slack-plus-sign", "Slack timestamp with a plus sign", "+%d" % T, T, M)
    tol0 = {"base": "slack", "tolerance_seconds": 0}
    slack("scheme-tolerance-zero-equal", "Scheme tolerance 0, timestamp equal to now", str(T), T,
          OK(None, T, 0, "slack"), scheme=tol0)
    slack("scheme-tolerance-zero-past", "Scheme tolerance 0, one second old", str(T - 1), T,
          ERR("timestamp_too_old"), scheme=tol0)
    return f


# ---------------------------------------------------------------------------------------
# headers.json
# ---------------------------------------------------------------------------------------


def gen_headers():
    f = VectorFile(
        "headers",
        "Header handling: trimming, emptiness, case-insensitive names, duplicates, header sets, "
        "the order in which failures are reported, length limits.",
    )
    body = SPEC_BODY.decode()
    good = SPEC_SIG
    ts = str(SPEC_TS)
    ok = OK(SPEC_ID, SPEC_TS)

    def v(slug, desc, headers, expect=ok, now=SPEC_TS, payload=body, scheme="standard",
          secret=SPEC_SECRET):
        f.verify(slug, desc, scheme=scheme, secret=secret, payload=payload, headers=headers,
                 now=now, expect=expect)

    v("empty-after-trim", "A signature header of spaces and a tab is absent (decision 1)",
      {"webhook-id": SPEC_ID, "webhook-timestamp": ts, "webhook-signature": "  \t "},
      ERR("missing_header"))
    v("id-empty", "An empty webhook-id is absent",
      {"webhook-id": "", "webhook-timestamp": ts, "webhook-signature": good}, ERR("missing_header"))
    v("signature-spaces-only", "A signature list of only spaces is absent, not an empty list",
      {"webhook-id": SPEC_ID, "webhook-timestamp": ts, "webhook-signature": "     "},
      ERR("missing_header"))
    v("values-trimmed", "Spaces and tabs around every value are trimmed; the id is reported trimmed",
      {"webhook-id": " %s\t" % SPEC_ID, "webhook-timestamp": "\t%s " % ts,
       "webhook-signature": "  %s \t" % good})
    v("mixed-case-names", "Header names in mixed and upper case",
      {"Webhook-Id": SPEC_ID, "WEBHOOK-TIMESTAMP": ts, "Webhook-Signature": good})
    v("pairs-form", "Headers given as a list of pairs",
      [["webhook-id", SPEC_ID], ["webhook-timestamp", ts], ["webhook-signature", good]])
    v("duplicate-id-case-pairs", "webhook-id and Webhook-Id as two pairs",
      [["webhook-id", SPEC_ID], ["Webhook-Id", SPEC_ID], ["webhook-timestamp", ts],
       ["webhook-signature", good]], ERR("malformed_header"))
    v("duplicate-id-exact-pairs", "webhook-id twice with the same spelling and value",
      [["webhook-id", SPEC_ID], ["webhook-id", SPEC_ID], ["webhook-timestamp", ts],
       ["webhook-signature", good]], ERR("malformed_header"))
    v("duplicate-signature-pairs", "webhook-signature twice, once with the good entry",
      [["webhook-id", SPEC_ID], ["webhook-timestamp", ts], ["webhook-signature", STD_BAD],
       ["webhook-signature", good]], ERR("malformed_header"))
    v("duplicate-timestamp-case-pairs", "webhook-timestamp and WEBHOOK-TIMESTAMP",
      [["webhook-id", SPEC_ID], ["webhook-timestamp", ts], ["WEBHOOK-TIMESTAMP", ts],
       ["webhook-signature", good]], ERR("malformed_header"))
    v("duplicate-unrelated-ignored", "A repeated header that the scheme does not read is ignored (decision 3)",
      [["content-type", "application/json"], ["webhook-id", SPEC_ID], ["Content-Type", "text/plain"],
       ["webhook-timestamp", ts], ["webhook-signature", good], ["content-type", "application/json"]])
    v("svix-plus-webhook-signature", "A full svix-* set plus webhook-signature: the incomplete webhook-* set is chosen",
      {**std_headers(SPEC_ID, SPEC_TS, good, "svix"), "webhook-signature": good},
      ERR("missing_header"))
    v("duplicate-svix-id", "svix-id twice in the svix-* set",
      [["svix-id", SPEC_ID], ["Svix-Id", SPEC_ID], ["svix-timestamp", ts], ["svix-signature", good]],
      ERR("malformed_header"))

    # Check order.
    v("order-missing-before-malformed", "No webhook-id and a malformed timestamp",
      {"webhook-timestamp": "abc", "webhook-signature": good}, ERR("missing_header"))
    v("order-missing-before-duplicate", "webhook-id duplicated and webhook-signature absent",
      [["webhook-id", SPEC_ID], ["webhook-id", SPEC_ID], ["webhook-timestamp", ts]],
      ERR("missing_header"))
    v("order-missing-before-too-old", "No webhook-signature and a stale timestamp",
      {"webhook-id": SPEC_ID, "webhook-timestamp": ts}, ERR("missing_header"), now=SPEC_TS + 1000)
    v("order-malformed-before-too-old", "Only unusable signature entries and a stale timestamp",
      {"webhook-id": SPEC_ID, "webhook-timestamp": ts, "webhook-signature": "v2,abc v1abc"},
      ERR("malformed_header"), now=SPEC_TS + 301)
    v("order-malformed-id-before-too-old", "An id of 257 bytes and a stale timestamp",
      std_headers("m" * 257, SPEC_TS, sign_standard(SPEC_KEY, "m" * 257, SPEC_TS, SPEC_BODY)),
      ERR("malformed_header"), now=SPEC_TS + 301)
    v("order-malformed-timestamp-before-mismatch", "A malformed timestamp and a wrong signature",
      {"webhook-id": SPEC_ID, "webhook-timestamp": ts + ".0", "webhook-signature": STD_BAD},
      ERR("malformed_header"))
    v("order-too-old-before-mismatch", "A stale timestamp and a wrong signature",
      std_headers(SPEC_ID, SPEC_TS, STD_BAD), ERR("timestamp_too_old"), now=SPEC_TS + 301)
    v("order-too-new-before-mismatch", "A future timestamp and a wrong signature",
      std_headers(SPEC_ID, SPEC_TS, STD_BAD), ERR("timestamp_too_new"), now=SPEC_TS - 301)

    # Limits.
    filler = "v2,"
    h8192 = good + " " + filler + "A" * (8192 - len(good) - 1 - len(filler))
    assert len(h8192) == 8192
    v("signature-8192-bytes", "A signature header of exactly 8192 bytes",
      std_headers(SPEC_ID, SPEC_TS, h8192))
    v("signature-8193-bytes", "A signature header of 8193 bytes, the good entry first",
      std_headers(SPEC_ID, SPEC_TS, h8192 + "A"), ERR("malformed_header"))
    id256 = "msg_" + "x" * 252
    id257 = "msg_" + "x" * 253
    v("id-256-bytes", "An id of 256 bytes",
      std_headers(id256, SPEC_TS, sign_standard(SPEC_KEY, id256, SPEC_TS, SPEC_BODY)),
      OK(id256, SPEC_TS))
    v("id-257-bytes", "An id of 257 bytes, correctly signed",
      std_headers(id257, SPEC_TS, sign_standard(SPEC_KEY, id257, SPEC_TS, SPEC_BODY)),
      ERR("malformed_header"))

    # Other schemes.
    gh = GH_BODY.decode()
    v("github-duplicate-delivery", "X-GitHub-Delivery twice: a header the scheme reads",
      [["X-GitHub-Delivery", GH_DELIVERY], ["x-github-delivery", GH_DELIVERY],
       ["X-Hub-Signature-256", GH_SIG]], ERR("malformed_header"), payload=gh, scheme="github",
      secret=GH_SECRET, now=T)
    v("github-duplicate-signature-case", "X-Hub-Signature-256 and x-hub-signature-256",
      [["X-Hub-Signature-256", GH_SIG], ["x-hub-signature-256", GH_SIG]], ERR("malformed_header"),
      payload=gh, scheme="github", secret=GH_SECRET, now=T)
    v("github-duplicate-event-ignored", "X-GitHub-Event twice is ignored",
      [["X-GitHub-Event", "push"], ["X-GitHub-Event", "ping"], ["X-Hub-Signature-256", GH_SIG]],
      OK(None, None, 0, "github"), payload=gh, scheme="github", secret=GH_SECRET, now=T)
    sheader = "t=%d,v1=%s" % (T, stripe_v1(STRIPE_SECRET))
    v("stripe-duplicate-header", "Stripe-Signature twice",
      [["Stripe-Signature", sheader], ["stripe-signature", sheader]], ERR("malformed_header"),
      payload=STRIPE_BODY.decode(), scheme="stripe", secret=STRIPE_SECRET, now=T)
    v("custom-duplicate-unsigned-id", "The in-house unsigned id header twice",
      [["X-Webhook-ID", "a"], ["X-Webhook-Id", "b"], ["X-Webhook-Timestamp", str(T)],
       ["X-Webhook-Signature", inhouse_headers()["X-Webhook-Signature"]]],
      ERR("malformed_header"), payload=INHOUSE_BODY.decode(), scheme=INHOUSE,
      secret=INHOUSE_SECRET, now=T)
    # NUL characters: bindings that join headers into one string must not let a value that
    # holds NUL add or shift pairs, and must return an id that holds NUL whole.
    v("nul-in-unrelated-header", "An unrelated header whose value holds NULs and a fake pair",
      {**std_headers(SPEC_ID, SPEC_TS, good), "user-agent": "ua\0webhook-id\0forged"})
    v("nul-in-short-unrelated-header", "A NUL-holding header as long as webhook-id",
      {**std_headers(SPEC_ID, SPEC_TS, good), "x-custom-1": "a\0webhook-id\0b"})
    nul_id = "msg_a\0b\0c"
    v("nul-in-signed-id", "An id holding NULs is signed and reported whole",
      std_headers(nul_id, SPEC_TS, sign_standard(SPEC_KEY, nul_id, SPEC_TS, SPEC_BODY)),
      OK(nul_id, SPEC_TS))
    return f


# ---------------------------------------------------------------------------------------
# bodies.json
# ---------------------------------------------------------------------------------------


def gen_bodies():
    f = VectorFile(
        "bodies",
        "Bodies are signed as bytes: non-UTF-8, empty, CRLF, NUL, BOM, multibyte and a 1 MiB "
        "body; any change of bytes is a mismatch.",
    )

    def std(slug, desc, payload, signed=None, repeat=None, expect=None):
        data = payload if isinstance(payload, bytes) else utf8(payload or "")
        if repeat:
            data *= repeat
        signed = data if signed is None else signed
        f.verify(slug, desc, scheme="standard", secret=SPEC_SECRET, payload=payload, repeat=repeat,
                 headers=std_headers(SPEC_ID, SPEC_TS, sign_standard(SPEC_KEY, SPEC_ID, SPEC_TS, signed)),
                 now=SPEC_TS, expect=expect or OK(SPEC_ID, SPEC_TS))

    def gh(slug, desc, payload, signed=None, repeat=None, expect=None):
        data = payload if isinstance(payload, bytes) else utf8(payload or "")
        if repeat:
            data *= repeat
        signed = data if signed is None else signed
        f.verify(slug, desc, scheme="github", secret=GH_SECRET, payload=payload, repeat=repeat,
                 headers={"X-Hub-Signature-256": sign_github(utf8(GH_SECRET), signed)},
                 now=T, expect=expect or OK(None, None, 0, "github"))

    nonutf8 = bytes([0xFF, 0xFE, 0x00, 0x80])
    std("standard-non-utf8", "Body bytes ff fe 00 80", nonutf8)
    gh("github-non-utf8", "Body bytes ff fe 00 80", nonutf8)
    f.verify("shopify-non-utf8", "Body bytes ff fe 00 80", scheme="shopify", secret=SHOPIFY_SECRET,
             payload=nonutf8, headers={"X-Shopify-Hmac-Sha256": sign_shopify(utf8(SHOPIFY_SECRET), nonutf8)},
             now=T, expect=OK(None, None, 0, "shopify"))
    std("non-utf8-tampered", "Signed ff fe 00 80, received ff fe 00 81", bytes([0xFF, 0xFE, 0x00, 0x81]),
        signed=nonutf8, expect=ERR("signature_mismatch"))
    std("latin1-vs-utf8", "Signed caf\\xe9 (Latin-1), received café as UTF-8", "café",
        signed=b"caf\xe9", expect=ERR("signature_mismatch"))
    std("standard-empty", "An empty body", None, signed=b"")
    gh("github-empty", "An empty body", None, signed=b"")
    f.verify("stripe-empty", "An empty body", scheme="stripe", secret=STRIPE_SECRET, payload=None,
             headers={"Stripe-Signature": "t=%d,v1=%s" % (T, stripe_v1(STRIPE_SECRET, T, b""))},
             now=T, expect=OK(None, T, 0, "stripe"))
    std("standard-crlf", "A body with CRLF line endings", "a\r\nb\r\n")
    std("crlf-not-normalized", "Signed with LF, received with CRLF", "a\r\nb\r\n", signed=b"a\nb\n",
        expect=ERR("signature_mismatch"))
    std("trailing-newline", "Received with a trailing newline the sender did not sign",
        SPEC_BODY.decode() + "\n", signed=SPEC_BODY, expect=ERR("signature_mismatch"))
    std("reserialized-json", "The same JSON without the space: different bytes",
        '{"test":2432232314}', signed=SPEC_BODY, expect=ERR("signature_mismatch"))
    std("utf8-bom", "A body starting with a UTF-8 byte order mark", "\ufeff{}")
    std("nul-byte", "A body with a NUL byte inside", "a\u0000b")
    std("multibyte-utf8", "A body with 2-, 3- and 4-byte UTF-8 characters", "héllo ✓ 🎉")
    chunk = "0123456789abcdef"
    std("standard-one-mib", "A 1 MiB body (16 bytes repeated 65536 times)", chunk, repeat=65536)
    gh("github-one-mib", "A 1 MiB body (16 bytes repeated 65536 times)", chunk, repeat=65536)
    gh("github-one-mib-last-byte-differs", "1 MiB body whose last byte differs from the signed one",
       chunk, repeat=65536, signed=utf8(chunk) * 65535 + utf8(chunk[:-1] + "F"),
       expect=ERR("signature_mismatch"))
    return f


# ---------------------------------------------------------------------------------------
# secrets.json
# ---------------------------------------------------------------------------------------


def gen_secrets():
    f = VectorFile(
        "secrets",
        "Secret decoding per secret_encoding, whsec_ handling, raw byte keys, rotation, and "
        "invalid_secret.",
    )
    IS = ERR("invalid_secret")
    hexs = {"signature_header": "X-Sig", "secret_encoding": "hex"}
    b64s = {"signature_header": "X-Sig", "secret_encoding": "base64"}
    f.build("empty-string-standard", "An empty secret", scheme="standard", secret="", expect=IS)
    f.build("empty-string-github", "An empty UTF-8 secret", scheme="github", secret="", expect=IS)
    f.build("whsec-prefix-only", "whsec_ and nothing else", scheme="standard", secret="whsec_", expect=IS)
    f.build("non-base64-char", "A $ in a standard secret", scheme="standard",
            secret="whsec_MfKQ9r8GKYqr$wjUPD8ILPZIo2LaLaSw", expect=IS)
    f.build("urlsafe-chars", "- and _ are outside the standard alphabet", scheme="standard",
            secret="whsec_MfKQ9r8GKYqr-wjUPD8ILPZIo2La_aSw", expect=IS)
    f.build("inner-space", "A space inside a base64 secret", scheme="standard",
            secret="whsec_MfKQ9r8GKYqrTwjU PD8ILPZIo2LaLaSw", expect=IS)
    f.build("base64-impossible-length", "Five base64 characters cannot be decoded",
            scheme="standard", secret="whsec_MfKQ9", expect=IS)
    f.build("empty-list", "An empty list of secrets", scheme="standard", secret=[], expect=IS)
    f.build("raw-empty", "Raw bytes of length zero", scheme="standard", secret={"raw_hex": ""}, expect=IS)
    f.build("raw-empty-github", "Raw bytes of length zero for a UTF-8 scheme", scheme="github",
            secret={"raw_hex": ""}, expect=IS)
    f.build("list-second-empty", "A list whose second secret is empty", scheme="standard",
            secret=[SPEC_SECRET, ""], expect=IS)
    f.build("list-second-undecodable", "A list whose second secret is not base64", scheme="standard",
            secret=[SPEC_SECRET, "whsec_not*base64"], expect=IS)
    f.build("hex-odd-length", "A hex secret of odd length", scheme=hexs, secret="abc", expect=IS)
    f.build("hex-non-hex", "A hex secret with a non-hex digit", scheme=hexs, secret="abcg", expect=IS)
    f.build("hex-empty", "An empty hex secret", scheme=hexs, secret="", expect=IS)
    f.build("hex-whsec-not-stripped", "whsec_ is stripped only for base64", scheme=hexs,
            secret="whsec_abcd", expect=IS)
    f.build("base64-custom-whsec-only", "whsec_ alone for a custom base64 scheme", scheme=b64s,
            secret="whsec_", expect=IS)
    f.build("one-byte-utf8-ok", "No minimum length: a one-character secret", scheme="github",
            secret="k", expect=BUILD_OK)
    f.build("one-byte-base64-ok", "No minimum length: whsec_AA== is one byte", scheme="standard",
            secret="whsec_AA==", expect=BUILD_OK)

    body = SPEC_BODY.decode()
    std_ok = OK(SPEC_ID, SPEC_TS)

    def std(slug, desc, secret, key, expect=std_ok, signature=None):
        sig = signature or sign_standard(key, SPEC_ID, SPEC_TS, SPEC_BODY)
        f.verify(slug, desc, scheme="standard", secret=secret, payload=body,
                 headers=std_headers(SPEC_ID, SPEC_TS, sig), now=SPEC_TS, expect=expect)

    k32 = derived("secrets/k32")
    padded = b64(k32)
    assert padded.endswith("=") and not padded.endswith("==")
    std("standard-padded", "A padded 32-byte base64 secret", "whsec_" + padded, k32)
    std("standard-unpadded", "The same secret without its = padding", "whsec_" + padded.rstrip("="), k32)
    std("standard-trailing-bits", "Non-zero unused trailing bits are accepted (decision 10)",
        "whsec_" + noncanonical_b64(padded), k32)
    std("standard-no-whsec-prefix", "The spec secret without whsec_", SPEC_SECRET[6:], SPEC_KEY)
    std("standard-raw-bytes", "The spec key as raw bytes", raw(SPEC_KEY), SPEC_KEY)
    std("standard-raw-bytes-not-decoded", "Raw bytes are the key: the UTF-8 of whsec_... is not decoded",
        raw(utf8(SPEC_SECRET)), SPEC_KEY, expect=ERR("signature_mismatch"))
    std("standard-one-byte-key", "whsec_AA== is the one-byte key 00", "whsec_AA==", b"\x00")
    std("standard-utf8-of-secret-mismatch", "A signature keyed by the secret's UTF-8 text does not verify",
        SPEC_SECRET, SPEC_KEY, expect=ERR("signature_mismatch"),
        signature=sign_standard(utf8(SPEC_SECRET), SPEC_ID, SPEC_TS, SPEC_BODY))
    s1, s2, s3 = whsec("secrets/r1"), whsec("secrets/r2"), whsec("secrets/r3")
    std("rotation-third-of-three", "Three secrets, the third one signed", [s1, s2, s3], key_b64(s3),
        expect=OK(SPEC_ID, SPEC_TS, 2))
    std("rotation-same-secret-twice", "The same secret twice: the first index is reported",
        [SPEC_SECRET, SPEC_SECRET], SPEC_KEY)
    std("rotation-raw-and-string", "A raw-bytes secret then a string secret, the string one signed",
        [raw(k32), SPEC_SECRET], SPEC_KEY, expect=OK(SPEC_ID, SPEC_TS, 1))
    std("rotation-string-and-raw", "A string secret then a raw-bytes secret, the raw one signed",
        [SPEC_SECRET, raw(k32)], k32, expect=OK(SPEC_ID, SPEC_TS, 1))
    std("rotation-none-match", "Three secrets, none of them signed", [s1, s2, s3], SPEC_KEY,
        expect=ERR("signature_mismatch"))

    sbody = STRIPE_BODY.decode()
    whole = "whsec_" + b64(derived("secrets/stripe"))

    def stripe(slug, desc, key, expect):
        f.verify(slug, desc, scheme="stripe", secret=whole, payload=sbody,
                 headers={"Stripe-Signature": "t=%d,v1=%s" % (T, sign_stripe(key, T, STRIPE_BODY))},
                 now=T, expect=expect)

    stripe("stripe-whsec-used-whole", "A Stripe whsec_ secret is used whole as UTF-8", utf8(whole),
           OK(None, T, 0, "stripe"))
    stripe("stripe-whsec-not-decoded", "A signature keyed by the base64-decoded Stripe secret",
           key_b64(whole), ERR("signature_mismatch"))

    gbody = GH_BODY.decode()

    def gh(slug, desc, secret, key, expect=OK(None, None, 0, "github")):
        f.verify(slug, desc, scheme="github", secret=secret, payload=gbody,
                 headers={"X-Hub-Signature-256": sign_github(key, GH_BODY)}, now=T, expect=expect)

    gh("github-non-ascii", "A UTF-8 secret with non-ASCII characters", "clé-secrète-✓",
       utf8("clé-secrète-✓"))
    gh("github-whsec-used-whole", "A whsec_-looking GitHub secret is plain UTF-8", SPEC_SECRET,
       utf8(SPEC_SECRET))
    gh("github-one-char", "A one-character secret", "k", b"k")

    ibody = INHOUSE_BODY.decode()
    rk = derived("secrets/hex", 20)

    def cust(slug, desc, scheme, secret, key, expect=OK(None, None, 0, "custom")):
        f.verify(slug, desc, scheme=scheme, secret=secret, payload=ibody,
                 headers={"X-Sig": sign_custom(key, INHOUSE_BODY)}, now=T, expect=expect)

    cust("hex-lowercase", "A lowercase hex secret", hexs, rk.hex(), rk)
    cust("hex-uppercase", "An uppercase hex secret", hexs, rk.hex().upper(), rk)
    cust("base64-custom-whsec-stripped", "A custom base64 secret with whsec_", b64s,
         "whsec_" + b64(rk), rk)
    cust("base64-custom-unpadded", "A custom base64 secret without padding", b64s,
         b64(derived("secrets/b64", 31)).rstrip("="), derived("secrets/b64", 31))
    cust("raw-bytes-custom-hex", "Raw bytes bypass the hex secret_encoding", hexs, raw(rk), rk)
    return f


# ---------------------------------------------------------------------------------------
# schemes.json
# ---------------------------------------------------------------------------------------


def gen_schemes():
    f = VectorFile(
        "schemes",
        "Building a Webhook: scheme names and custom-scheme validation (invalid_scheme), "
        "plus valid builds.",
    )
    IS = ERR("invalid_scheme")
    sec = "a-utf8-secret"

    def b(slug, desc, scheme, expect=IS, secret=sec):
        f.build(slug, desc, scheme=scheme, secret=secret, expect=expect)

    sig = {"signature_header": "X-Sig"}
    b("unknown-name", "An unknown built-in name", "foo")
    b("name-wrong-case", "Built-in names are lowercase: Standard is unknown", "Standard",
      secret=SPEC_SECRET)
    b("empty-name-string", "An empty scheme name", "")
    b("unknown-base", "An unknown base", {"base": "foo"})
    b("base-wrong-type", "A base that is not a string", {"base": 1})
    b("unknown-field", "An unknown field", {"signature_header": "X-Sig", "colour": "blue"})
    b("unknown-field-on-base", "An unknown field next to a base", {"base": "github", "header": "X-Sig"})
    b("custom-without-signature-header", "A custom scheme without signature_header",
      {"prefix": "sha256="})
    b("empty-object", "An empty custom scheme", {})
    b("standard-prefix", "prefix does not apply to the standard format (decision 11)",
      {"base": "standard", "prefix": "v1,"}, secret=SPEC_SECRET)
    b("standard-encoding", "encoding does not apply to the standard format",
      {"base": "standard", "encoding": "hex"}, secret=SPEC_SECRET)
    b("standard-algorithm", "algorithm does not apply to the standard format",
      {"base": "standard", "algorithm": "sha512"}, secret=SPEC_SECRET)
    b("stripe-prefix", "prefix does not apply to the stripe format", {"base": "stripe", "prefix": "v1="})
    b("stripe-encoding", "encoding does not apply to the stripe format",
      {"base": "stripe", "encoding": "base64"})
    b("stripe-algorithm", "algorithm does not apply to the stripe format",
      {"base": "stripe", "algorithm": "sha512"})
    b("stripe-timestamp-header", "timestamp_header does not apply to the stripe format",
      {"base": "stripe", "timestamp_header": "X-Ts"})
    b("stripe-id-header", "id_header does not apply to the stripe format",
      {"base": "stripe", "id_header": "X-Id"})
    b("payload-without-body", "A payload without {body}", dict(sig, payload="hello"))
    b("payload-two-bodies", "A payload with {body} twice", dict(sig, payload="{body}.{body}"))
    b("payload-unknown-placeholder", "A {nonce} placeholder", dict(sig, payload="{nonce}.{body}"))
    b("payload-uppercase-placeholder", "{BODY} is not {body}", dict(sig, payload="{BODY}"))
    b("payload-stray-open-brace", "A stray { after {body}", dict(sig, payload="{body}{"))
    b("payload-stray-close-brace", "A stray } before {body}", dict(sig, payload="}{body}"))
    b("payload-doubled-braces", "{{body}} has a stray { and }", dict(sig, payload="{{body}}"))
    b("payload-empty", "An empty payload", dict(sig, payload=""))
    b("payload-id-without-id-header", "{id} without id_header", dict(sig, payload="{id}.{body}"))
    b("payload-timestamp-without-timestamp-header", "{timestamp} without timestamp_header",
      dict(sig, payload="{timestamp}.{body}"))
    b("tolerance-negative", "A negative tolerance", dict(sig, tolerance_seconds=-1))
    b("tolerance-too-large", "A tolerance of 4294967296", dict(sig, tolerance_seconds=4294967296))
    b("tolerance-string", "A tolerance given as a string", dict(sig, tolerance_seconds="300"))
    b("tolerance-fraction", "A tolerance of 1.5", dict(sig, tolerance_seconds=1.5))
    b("tolerance-boolean", "A tolerance of true", dict(sig, tolerance_seconds=True))
    b("tolerance-negative-on-base", "A negative tolerance on a base",
      {"base": "slack", "tolerance_seconds": -300}, secret=SLACK_SECRET)
    b("header-with-space", "A header name with a space", {"signature_header": "X Sig"})
    b("header-empty", "An empty header name", {"signature_header": ""})
    b("header-with-colon", "A header name with a colon", {"signature_header": "X-Sig:"})
    b("header-non-ascii", "A header name with a non-ASCII letter", {"signature_header": "X-Sïg"})
    b("header-number", "A header name that is a number", {"signature_header": 42})
    b("id-header-empty", "An empty id_header", dict(sig, id_header=""))
    b("timestamp-header-with-space", "A timestamp_header with a space",
      dict(sig, timestamp_header="X Ts"))
    b("id-equals-signature-header", "id_header equal to signature_header ignoring case",
      {"signature_header": "X-Sig", "id_header": "x-sig"})
    b("timestamp-equals-id-header", "timestamp_header equal to id_header ignoring case",
      dict(sig, id_header="X-Meta", timestamp_header="x-META"))
    b("base-header-collision", "On github, id_header equal to the base's signature header",
      {"base": "github", "id_header": "x-hub-signature-256"}, secret=GH_SECRET)
    b("empty-name", "An empty name", dict(sig, name=""))
    b("name-number", "A name that is a number", dict(sig, name=7))
    b("encoding-base32", "encoding base32", dict(sig, encoding="base32"))
    b("encoding-uppercase", "encoding HEX: values are lowercase", dict(sig, encoding="HEX"))
    b("algorithm-md5", "algorithm md5", dict(sig, algorithm="md5"))
    b("algorithm-sha1", "algorithm sha1", dict(sig, algorithm="sha1"))
    b("secret-encoding-latin1", "secret_encoding latin1", dict(sig, secret_encoding="latin1"))
    b("prefix-with-space", "A prefix with a space is not visible ASCII", dict(sig, prefix="sha256 ="))
    b("prefix-non-ascii", "A non-ASCII prefix", dict(sig, prefix="é="))

    BO = BUILD_OK
    for name, secret in (("standard", SPEC_SECRET), ("stripe", STRIPE_SECRET), ("github", GH_SECRET),
                         ("slack", SLACK_SECRET), ("shopify", SHOPIFY_SECRET)):
        b("builtin-%s" % name, "The built-in %s by name" % name, name, BO, secret)
    b("base-slack-tolerance-zero", "slack with tolerance_seconds 0", {"base": "slack", "tolerance_seconds": 0},
      BO, SLACK_SECRET)
    b("tolerance-max", "A tolerance of 4294967295", dict(sig, tolerance_seconds=4294967295), BO)
    b("custom-minimal", "Only signature_header", sig, BO)
    b("custom-full", "Every custom field set",
      {"name": "acme", "signature_header": "X-Acme-Signature", "prefix": "v1=", "encoding": "base64",
       "algorithm": "sha512", "payload": "{id}:{timestamp}:{body}", "id_header": "X-Acme-Id",
       "timestamp_header": "X-Acme-Timestamp", "secret_encoding": "hex", "tolerance_seconds": 60},
      BO, "00ff")
    b("base-standard-utf8", "standard with secret_encoding utf8",
      {"base": "standard", "secret_encoding": "utf8"}, BO, "plain secret")
    b("base-standard-headers", "standard with all three header names overridden",
      {"base": "standard", "id_header": "x-id", "timestamp_header": "x-ts", "signature_header": "x-sig"},
      BO, SPEC_SECRET)
    b("base-stripe-signature-header", "stripe under another header name",
      {"base": "stripe", "signature_header": "X-Sig"}, BO, STRIPE_SECRET)
    b("base-github-every-field", "github accepts every field (decision 11)",
      {"base": "github", "prefix": "v1=", "encoding": "base64", "algorithm": "sha512",
       "payload": "{timestamp}.{body}", "timestamp_header": "X-Ts"}, BO, GH_SECRET)
    b("base-shopify-id-signed", "shopify signing its id header",
      {"base": "shopify", "payload": "{id}.{body}"}, BO, SHOPIFY_SECRET)
    b("payload-literal-text", "Literal text around the placeholder",
      dict(sig, payload="v0:{body}:end"), BO)
    return f


# ---------------------------------------------------------------------------------------
# sign.json
# ---------------------------------------------------------------------------------------


def gen_sign():
    f = VectorFile(
        "sign",
        "Exact headers produced by sign (names compared as spelled), and what sign refuses; "
        "runners also verify every produced set of headers at now.",
    )
    M = ERR("malformed_header")

    def s(slug, desc, scheme, secret, payload, expect, msg_id=None, timestamp=None, now=T):
        f.sign(slug, desc, scheme=scheme, secret=secret, payload=payload, msg_id=msg_id,
               timestamp=timestamp, now=now, expect=expect)

    body = SPEC_BODY.decode()
    s("standard-spec-example", "The specification example", "standard", SPEC_SECRET, body,
      {"headers": std_headers(SPEC_ID, SPEC_TS, SPEC_SIG)}, SPEC_ID, SPEC_TS, SPEC_TS)
    s("standard-rotation", "Two secrets give two entries in secret order, one space apart",
      "standard", [SPEC_SECRET, STD_SECOND], body,
      {"headers": std_headers(SPEC_ID, SPEC_TS, SPEC_SIG + " " + STD_SECOND_SIG)},
      SPEC_ID, SPEC_TS, SPEC_TS)
    k32 = derived("sign/raw")
    s("standard-rotation-raw", "A string secret and a raw-bytes secret",
      "standard", [SPEC_SECRET, raw(k32)], body,
      {"headers": std_headers(SPEC_ID, SPEC_TS,
                              SPEC_SIG + " " + sign_standard(k32, SPEC_ID, SPEC_TS, SPEC_BODY))},
      SPEC_ID, SPEC_TS, SPEC_TS)
    s("standard-empty-body", "An empty body", "standard", SPEC_SECRET, None,
      {"headers": std_headers("msg_empty", T, sign_standard(SPEC_KEY, "msg_empty", T, b""))},
      "msg_empty", T)
    id256 = "msg_" + "y" * 252
    s("standard-id-256-bytes", "An id of 256 bytes is accepted", "standard", SPEC_SECRET, body,
      {"headers": std_headers(id256, T, sign_standard(SPEC_KEY, id256, T, SPEC_BODY))}, id256, T)

    sbody = STRIPE_BODY.decode()
    s("stripe", "One secret", "stripe", STRIPE_SECRET, sbody,
      {"headers": {"Stripe-Signature": "t=%d,v1=%s" % (T, stripe_v1(STRIPE_SECRET))}}, None, T)
    s("stripe-rotation", "Two secrets give two v1 items in secret order", "stripe",
      [STRIPE_SECRET, STRIPE_OTHER], sbody,
      {"headers": {"Stripe-Signature": "t=%d,v1=%s,v1=%s" % (T, stripe_v1(STRIPE_SECRET),
                                                            stripe_v1(STRIPE_OTHER))}}, None, T)

    gbody = GH_BODY.decode()
    s("github-with-id", "With an id: X-GitHub-Delivery is emitted", "github", GH_SECRET, gbody,
      {"headers": {"X-Hub-Signature-256": GH_SIG, "X-GitHub-Delivery": GH_DELIVERY}}, GH_DELIVERY)
    s("github-without-id", "Without an id: only the signature", "github", GH_SECRET, gbody,
      {"headers": {"X-Hub-Signature-256": GH_SIG}})
    s("github-rotation-first-only", "Only the first secret signs", "github",
      [GH_SECRET, "second"], gbody, {"headers": {"X-Hub-Signature-256": GH_SIG}})

    s("slack", "Slack's documented example", "slack", SLACK_SECRET, SLACK_BODY.decode(),
      {"headers": {"X-Slack-Request-Timestamp": str(SLACK_TS), "X-Slack-Signature": SLACK_SIG}},
      None, SLACK_TS, SLACK_TS)
    s("slack-rotation-first-only", "Only the first secret signs", "slack",
      [SLACK_SECRET, "second"], "x=1",
      {"headers": {"X-Slack-Request-Timestamp": str(T),
                   "X-Slack-Signature": sign_slack(utf8(SLACK_SECRET), T, b"x=1")}}, None, T)

    shbody = SHOPIFY_BODY.decode()
    shsig = sign_shopify(utf8(SHOPIFY_SECRET), SHOPIFY_BODY)
    s("shopify-with-id", "With an id: X-Shopify-Webhook-Id is emitted", "shopify", SHOPIFY_SECRET,
      shbody, {"headers": {"X-Shopify-Hmac-Sha256": shsig, "X-Shopify-Webhook-Id": "wh_1"}}, "wh_1")
    s("shopify-without-id", "Without an id: only the signature", "shopify", SHOPIFY_SECRET, shbody,
      {"headers": {"X-Shopify-Hmac-Sha256": shsig}})

    ibody = INHOUSE_BODY.decode()
    ikey = utf8(INHOUSE_SECRET)
    s("custom-inhouse-with-id", "Unsigned id given: emitted with the timestamp", INHOUSE,
      INHOUSE_SECRET, ibody, {"headers": inhouse_headers()}, INHOUSE_ID, T)
    s("custom-inhouse-without-id", "Unsigned id not given: only signature and timestamp", INHOUSE,
      INHOUSE_SECRET, ibody, {"headers": inhouse_headers(msg_id=None)}, None, T)
    all3 = {"signature_header": "x-Acme-SIG", "payload": "{id}.{timestamp}.{body}",
            "id_header": "x-acme-ID", "timestamp_header": "X-acme-ts", "encoding": "base64",
            "algorithm": "sha512", "name": "acme"}
    s("custom-signed-id-spelling", "Header names spelled exactly as configured; sha512 base64",
      all3, INHOUSE_SECRET, ibody,
      {"headers": {"x-Acme-SIG": sign_custom(ikey, INHOUSE_BODY, "{id}.{timestamp}.{body}", "m1", T,
                                             "sha512", "base64"),
                   "x-acme-ID": "m1", "X-acme-ts": str(T)}}, "m1", T)
    hexs = {"signature_header": "X-Sig", "prefix": "sha256=", "secret_encoding": "hex"}
    rk = derived("sign/hex", 16)
    s("custom-hex-secret", "A custom scheme with a hex secret and no id or timestamp", hexs,
      rk.hex(), ibody, {"headers": {"X-Sig": sign_custom(rk, INHOUSE_BODY, prefix="sha256=")}})
    s("base-github-signature-header", "github based, signature_header X-Sig, with an id",
      {"base": "github", "signature_header": "X-Sig"}, GH_SECRET, gbody,
      {"headers": {"X-Sig": GH_SIG, "X-GitHub-Delivery": GH_DELIVERY}}, GH_DELIVERY)
    plain = "plain standard secret"
    s("base-standard-utf8", "standard based with a UTF-8 secret", {"base": "standard", "secret_encoding": "utf8"},
      plain, body, {"headers": std_headers(SPEC_ID, T, sign_standard(utf8(plain), SPEC_ID, T, SPEC_BODY))},
      SPEC_ID, T)

    # Refusals (decision 13).
    s("id-too-long", "An id of 257 bytes", "standard", SPEC_SECRET, body, M, "msg_" + "y" * 253, T)
    s("id-leading-space", "An id with a leading space", "standard", SPEC_SECRET, body, M, " msg_1", T)
    s("id-trailing-tab", "An id with a trailing tab", "standard", SPEC_SECRET, body, M, "msg_1\t", T)
    s("id-newline", "An id with a newline", "standard", SPEC_SECRET, body, M, "msg_1\nx", T)
    s("id-nul", "An id with a NUL", "standard", SPEC_SECRET, body, M, "msg_1\u0000", T)
    s("id-empty", "An empty id", "standard", SPEC_SECRET, body, M, "", T)
    s("negative-timestamp", "A negative timestamp", "standard", SPEC_SECRET, body, M, "msg_1", -1)
    s("timestamp-13-digits", "A 13-digit timestamp (milliseconds)", "standard", SPEC_SECRET, body, M,
      "msg_1", T * 1000)
    s("github-id-too-long", "A delivery id of 257 bytes", "github", GH_SECRET, gbody, M, "d" * 257)
    s("github-id-empty", "An empty delivery id", "github", GH_SECRET, gbody, M, "")
    s("stripe-negative-timestamp", "A negative Stripe timestamp", "stripe", STRIPE_SECRET, sbody, M,
      None, -5)
    s("slack-timestamp-13-digits", "A 13-digit Slack timestamp", "slack", SLACK_SECRET, "x=1", M,
      None, T * 1000)
    s("custom-id-newline", "An unsigned custom id with a newline", INHOUSE, INHOUSE_SECRET, ibody, M,
      "evt\n1", T)
    return f


# ---------------------------------------------------------------------------------------
# replay.json
# ---------------------------------------------------------------------------------------


def gen_replay():
    f = VectorFile(
        "replay",
        "The in-memory replay guard: claim, replay, release, expiry by signed timestamp or by "
        "ttl, capacity; every step's delivery verifies at its now.",
    )
    R = ERR("replayed")
    FULL = ERR("guard_full")
    G = {"capacity": 100000, "ttl_seconds": 86400}
    body = SPEC_BODY.decode()

    def std_h(msg_id=SPEC_ID, ts=SPEC_TS, data=SPEC_BODY, family="webhook"):
        return std_headers(msg_id, ts, sign_standard(SPEC_KEY, msg_id, ts, data), family)

    A = std_h()
    ts = SPEC_TS

    def g(slug, desc, steps, guard=G, scheme="standard", secret=SPEC_SECRET):
        f.guard(slug, desc, scheme=scheme, secret=secret, guard=guard, steps=steps)

    g("claim-then-replay", "The same delivery claimed twice", [
        step("claim", A, body, ts), step("claim", A, body, ts + 10, R)])
    g("claim-release-claim", "A released claim can be claimed again, once", [
        step("claim", A, body, ts), step("release", A, body, ts + 1), step("claim", A, body, ts + 2),
        step("claim", A, body, ts + 3, R)])
    g("signed-timestamp-window-end", "Still replayed at now = timestamp + 300, the last verifiable second", [
        step("claim", A, body, ts), step("claim", A, body, ts + 300, R)])
    g("signed-timestamp-full-window", "Claimed at timestamp - 300, still replayed at timestamp + 300", [
        step("claim", A, body, ts - 300), step("claim", A, body, ts + 300, R)])
    g("signed-timestamp-ignores-ttl", "With a signed timestamp the ttl does not shorten the entry",
      [step("claim", A, body, ts), step("claim", A, body, ts + 10, R), step("claim", A, body, ts + 300, R)],
      guard={"capacity": 100, "ttl_seconds": 10})
    other = '{"test": 1}'
    g("same-id-different-body", "The key is the signed id: a new body under the same id is replayed", [
        step("claim", A, body, ts),
        step("claim", std_h(data=utf8(other)), other, ts + 1, R)])
    g("same-id-svix-headers", "The same delivery through svix-* headers is the same key", [
        step("claim", A, body, ts), step("claim", std_h(family="svix"), body, ts + 1, R)])
    B = std_h(msg_id="msg_second")
    g("different-ids", "Two ids are two keys", [
        step("claim", A, body, ts), step("claim", B, body, ts), step("claim", B, body, ts + 1, R)])
    g("release-unknown", "Releasing a delivery never claimed does nothing", [
        step("release", A, body, ts), step("claim", A, body, ts), step("claim", A, body, ts + 1, R)])
    g("release-other-keeps-claim", "Releasing another delivery does not free this one", [
        step("claim", A, body, ts), step("release", B, body, ts + 1), step("claim", A, body, ts + 2, R)])
    g("replayed-before-full", "At capacity, a replay of a live entry is replayed, not guard_full", [
        step("claim", A, body, ts), step("claim", A, body, ts + 1, R)],
      guard={"capacity": 1, "ttl_seconds": 86400})
    late = std_h(msg_id="msg_late", ts=ts + 400)
    g("capacity-standard", "Capacity 1: full while the first entry is live (now <= ts + 300), free after", [
        step("claim", A, body, ts),
        step("claim", late, body, ts + 300, FULL),
        step("claim", late, body, ts + 301),
        step("claim", late, body, ts + 302, R)],
      guard={"capacity": 1, "ttl_seconds": 86400})
    g("capacity-release-frees", "Capacity 1: a refused claim is not recorded; a release makes room", [
        step("claim", A, body, ts),
        step("claim", B, body, ts + 1, FULL),
        step("claim", B, body, ts + 2, FULL),
        step("release", A, body, ts + 3),
        step("claim", B, body, ts + 4),
        step("claim", A, body, ts + 5, FULL)],
      guard={"capacity": 1, "ttl_seconds": 86400})

    # GitHub: no signed id, no timestamp: key is the signature, entries live ttl_seconds.
    gb = GH_BODY.decode()
    GA = {"X-GitHub-Delivery": GH_DELIVERY, "X-Hub-Signature-256": GH_SIG}
    G60 = {"capacity": 100, "ttl_seconds": 60}

    def gg(slug, desc, steps, guard=G60):
        g(slug, desc, steps, guard, "github", GH_SECRET)

    gg("github-replay-within-ttl", "Replayed one second before claimed_at + ttl", [
        step("claim", GA, gb, T), step("claim", GA, gb, T + 59, R)])
    gg("github-ok-at-ttl", "Claimable again at exactly claimed_at + ttl (decision 14)", [
        step("claim", GA, gb, T), step("claim", GA, gb, T + 60)])
    gg("github-expired-entry-restarts", "A claim after expiry starts a new entry with its own ttl", [
        step("claim", GA, gb, T), step("claim", GA, gb, T + 60), step("claim", GA, gb, T + 119, R),
        step("claim", GA, gb, T + 120)])
    gg("github-unsigned-delivery-ignored", "A new X-GitHub-Delivery with the same signature is replayed", [
        step("claim", GA, gb, T),
        step("claim", {"X-GitHub-Delivery": "00000000-0000-0000-0000-000000000000",
                       "X-Hub-Signature-256": GH_SIG}, gb, T + 1, R)])
    gg("github-hex-case-same-key", "Uppercase hex decodes to the same signature bytes", [
        step("claim", GA, gb, T),
        step("claim", {"X-Hub-Signature-256": "sha256=" + GH_SIG[7:].upper()}, gb, T + 1, R)])
    gb2 = "Hello, World?"
    GB = {"X-Hub-Signature-256": sign_github(utf8(GH_SECRET), utf8(gb2))}
    gg("github-different-body", "Another body has another signature and key", [
        step("claim", GA, gb, T), step("claim", GB, gb2, T + 1)])
    gg("github-capacity", "Capacity 1: guard_full while the first entry is live, ok once it expired", [
        step("claim", GA, gb, T), step("claim", GB, gb2, T + 1, FULL), step("claim", GB, gb2, T + 59, FULL),
        step("claim", GB, gb2, T + 60)], guard={"capacity": 1, "ttl_seconds": 60})

    # In-house: unsigned id and timestamp: keyed by signature, ttl lifetime.
    ib = INHOUSE_BODY.decode()
    IA = inhouse_headers()

    def gi(slug, desc, steps, guard):
        g(slug, desc, steps, guard, INHOUSE, INHOUSE_SECRET)

    gi("unsigned-timestamp-uses-ttl", "An unsigned timestamp is not a signed one: the ttl sets expiry", [
        step("claim", IA, ib, T), step("claim", IA, ib, T + 9, R), step("claim", IA, ib, T + 10)],
       {"capacity": 100, "ttl_seconds": 10})
    gi("unsigned-id-ignored", "A new unsigned id with the same signature is replayed", [
        step("claim", IA, ib, T),
        step("claim", inhouse_headers(msg_id="evt_999", ts=T + 1), ib, T + 1, R)], G)

    # Stripe: signed timestamp, no id: keyed by the matched signature.
    sb = STRIPE_BODY.decode()
    sig = stripe_v1(STRIPE_SECRET)
    SA = {"Stripe-Signature": "t=%d,v1=%s" % (T, sig)}
    SA2 = {"Stripe-Signature": "t=%d,v1=%s,v1=%s" % (T, stripe_v1(STRIPE_OTHER), sig)}
    g("stripe-same-signature-other-header", "Same matched signature in a different header text", [
        step("claim", SA, sb, T), step("claim", SA2, sb, T + 1, R)], G, "stripe", STRIPE_SECRET)
    g("stripe-signed-timestamp-ignores-ttl", "Stripe's t is signed: ttl 10 does not expire the entry", [
        step("claim", SA, sb, T), step("claim", SA, sb, T + 300, R)],
      {"capacity": 100, "ttl_seconds": 10}, "stripe", STRIPE_SECRET)
    # Rotation: a copy stripped of its first v1 matches the second secret; it is the same
    # signed content, so it must key the same (the key is the MAC under the first secret).
    old_new = [STRIPE_SECRET, STRIPE_OTHER]
    both = {"Stripe-Signature": "t=%d,v1=%s,v1=%s" % (T, sig, stripe_v1(STRIPE_OTHER))}
    second_only = {"Stripe-Signature": "t=%d,v1=%s" % (T, stripe_v1(STRIPE_OTHER))}
    g("stripe-rotation-stripped-first-signature",
      "Two secrets: the same delivery stripped of its first v1 is still replayed", [
          step("claim", both, sb, T), step("claim", second_only, sb, T + 1, R)],
      G, "stripe", old_new)
    g("stripe-rotation-second-secret-first", "Signed only by the second secret, then by both: replayed", [
        step("claim", second_only, sb, T), step("claim", both, sb, T + 1, R)],
      G, "stripe", old_new)
    return f


# ---------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------

GENERATORS = [
    gen_rfc4231, gen_standard, gen_stripe, gen_github, gen_slack, gen_shopify, gen_custom,
    gen_timestamps, gen_headers, gen_bodies, gen_secrets, gen_schemes, gen_sign, gen_replay,
]

OPS = {
    "verify": ({"headers", "expect"}, {"payload", "payload_base64", "payload_repeat", "tolerance_seconds"}),
    "sign": ({"expect"}, {"payload", "payload_base64", "args", "tolerance_seconds"}),
    "build": ({"expect"}, {"tolerance_seconds"}),
    "guard": ({"guard", "steps"}, {"tolerance_seconds"}),
}


def structural_check(files):
    """A small check that holds even where jsonschema is not installed."""
    seen = set()
    for f in files:
        assert f.cases, f.stem
        for c in f.cases:
            assert c["id"] not in seen, c["id"]
            seen.add(c["id"])
            stem, slug = c["id"].split("/")
            assert stem == f.stem and slug and slug == slug.lower(), c["id"]
            required, optional = OPS[c["op"]]
            keys = set(c) - {"id", "description", "op", "scheme", "secret", "now"}
            assert required <= keys and keys <= required | optional, (c["id"], keys)
            assert isinstance(c["now"], int)
            assert not ("payload" in c and "payload_base64" in c), c["id"]
            exp = c.get("expect")
            if isinstance(exp, dict) and "error" in exp:
                assert exp["error"] in CODES, c["id"]
    return len(seen)


def schema_check(rendered):
    try:
        import jsonschema  # optional; not a dependency of the generator
    except ImportError:
        return False
    with open(os.path.join(HERE, "schema.json"), encoding="utf-8") as fh:
        schema = json.load(fh)
    validator = jsonschema.Draft202012Validator(schema)
    for name, text in rendered.items():
        errors = sorted(validator.iter_errors(json.loads(text)), key=lambda e: list(e.path))
        if errors:
            raise SystemExit("%s does not match schema.json: %s at %s"
                             % (name, errors[0].message[:200], list(errors[0].path)))
    return True


def main(argv):
    check = "--check" in argv[1:]
    unknown = [a for a in argv[1:] if a != "--check"]
    if unknown:
        print("usage: generate.py [--check]", file=sys.stderr)
        return 2
    files = [gen() for gen in GENERATORS]
    total = structural_check(files)
    rendered = {f.stem + ".json": f.to_json() for f in files}
    validated = schema_check(rendered)
    if check:
        differing = []
        for name, text in rendered.items():
            path = os.path.join(HERE, name)
            try:
                with open(path, encoding="utf-8", newline="") as fh:
                    current = fh.read()
            except FileNotFoundError:
                current = None
            if current != text:
                differing.append(name)
        stray = sorted(n for n in os.listdir(HERE)
                       if n.endswith(".json") and n != "schema.json" and n not in rendered)
        for name in differing:
            print("differs: %s" % name)
        for name in stray:
            print("not generated: %s" % name)
        if differing or stray:
            print("run: python3 tests/vectors/generate.py", file=sys.stderr)
            return 1
        print("vectors up to date: %d files, %d cases%s"
              % (len(rendered), total, "" if validated else " (jsonschema not installed)"))
        return 0
    for name, text in rendered.items():
        with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    for f in files:
        print("%-16s %4d cases" % (f.stem + ".json", len(f.cases)))
    print("%-16s %4d cases" % ("total", total))
    print("schema.json: %s" % ("all files valid" if validated else "not checked, jsonschema not installed"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
