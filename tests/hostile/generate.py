#!/usr/bin/env python3
"""Generate hookseal's hostile-input corpus, tests/hostile/corpus.json.

Every case is one call with malformed, oversized or wrongly typed arguments, and the
outcome it must have in every language: a WebhookError code, the language's TypeError, a
range error (the replay guard's settings only), or success. The outcomes come from the
rules in README.md (derived from API.md and tests/vectors/README.md), applied here by a
small reference model written with Python's standard library; hookseal is never run.

    python3 tests/hostile/generate.py           # (re)write corpus.json
    python3 tests/hostile/generate.py --check   # exit 1 if corpus.json differs

Output is deterministic: no clock, no randomness, stable key order. Large values are
described (`repeat`, `fill`), not spelled out, so that the file stays small.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import os
import re
import sys
from dataclasses import dataclass, field, replace
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus.json")

CODES = (
    "guard_full",
    "invalid_scheme",
    "invalid_secret",
    "malformed_header",
    "missing_header",
    "replayed",
    "signature_mismatch",
    "timestamp_too_new",
    "timestamp_too_old",
)
B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# An HTTP token (RFC 9110), which decision 12 requires of header names.
TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"

# Limits from API.md ("Limits") and the core's documented constants.
MAX_SIGNATURE_HEADER_BYTES = 8192
MAX_SIGNATURE_ENTRIES = 64
MAX_ID_BYTES = 256
MAX_TIMESTAMP_DIGITS = 12
MAX_TIMESTAMP = 10**MAX_TIMESTAMP_DIGITS - 1
U32_MAX = 2**32 - 1
I64_MIN = -(2**63)
I64_MAX = 2**63 - 1
DEFAULT_TOLERANCE = 300

# The "now" of every delivery that is not about the clock.
T = 1_700_000_000
# Where a case lets the binding read the clock, its outcome must not depend on the time:
# such cases use a timestamp far in the future (or a scheme without timestamps), so any
# clock between 2023 and the year 33658 gives the same result as this one.
ASSUMED_CLOCK = T
MIB = 1024 * 1024

Json = Any
Outcome = dict[str, Any]

# ---------------------------------------------------------------------------------------
# Values: a JSON encoding for the runners, plus the Python value the model reasons about
# ---------------------------------------------------------------------------------------


class _Absent:
    """The model's stand-in for JavaScript `undefined` (an argument not given)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent()


@dataclass(frozen=True)
class V:
    """A tagged value: `enc` goes into the corpus, `py` is what the model sees.

    `kind` names the type class the rules talk about: str, bytes, int, float, bool, null,
    absent, list, dict, fields, scheme, verified, bigint.
    """

    enc: Json
    py: Any
    kind: str


def s(text: str) -> V:
    """A str; a long run of one character inside it is written as a `repeat`."""
    run_char, run_start, run_len = "", 0, 0
    start = 0
    while start < len(text):
        end = start + 1
        while end < len(text) and text[end] == text[start]:
            end += 1
        if end - start > run_len:
            run_char, run_start, run_len = text[start], start, end - start
        start = end
    if run_len < 64:
        return V(text, text, "str")
    parts = [rep(run_char, run_len)]
    if run_start:
        parts.insert(0, s(text[:run_start]))
    if run_start + run_len < len(text):
        parts.append(s(text[run_start + run_len :]))
    return parts[0] if len(parts) == 1 else cat(*parts)


def rep(text: str, count: int) -> V:
    return V({"type": "repeat", "value": text, "count": count}, text * count, "str")


def cat(*parts: V) -> V:
    assert all(p.kind == "str" for p in parts)
    return V(
        {"type": "concat", "parts": [p.enc for p in parts]}, "".join(p.py for p in parts), "str"
    )


def b(data: bytes, kind: str = "primary") -> V:
    """Bytes: `primary` is bytes / Uint8Array, `mutable` bytearray / ArrayBuffer, `view`
    memoryview / DataView, `offset_view` a memoryview / DataView that starts 2 bytes into
    its buffer, `wide_view` a memoryview cast to 16-bit items / a Uint16Array (even
    lengths only), `detached` (JS only) a Uint8Array whose buffer was transferred away, which
    reads as empty."""
    assert kind in ("primary", "mutable", "view", "offset_view", "wide_view", "detached")
    assert kind != "wide_view" or len(data) % 2 == 0
    return V({"type": "bytes", "hex": data.hex(), "kind": kind}, data, "bytes")


def rep_b(data: bytes, count: int) -> V:
    return V({"type": "repeat_bytes", "hex": data.hex(), "count": count}, data * count, "bytes")


def i(n: int) -> V:
    return V({"type": "int", "value": str(n)}, n, "int")


def f(text: str) -> V:
    """A float that is not an integer in any language: NaN, infinities, fractions."""
    value = float(text)
    assert not value.is_integer()
    return V({"type": "float", "value": text}, value, "float")


def boolean(value: bool) -> V:
    return V({"type": "bool", "value": value}, value, "bool")


NULL = V({"type": "null"}, None, "null")
# An instance of a class of no meaning to hookseal: Python `object()`, JS `new (class {})()`.
INSTANCE = V({"type": "instance"}, object(), "instance")
UNDEF = V({"type": "undefined"}, ABSENT, "absent")
VERIFIED = V({"type": "verified"}, "<verified>", "verified")


def bigint(n: int) -> V:
    """A JavaScript BigInt (JS-only cases)."""
    return V({"type": "bigint", "value": str(n)}, n, "bigint")


def lst(*items: V) -> V:
    return V([item.enc for item in items], [item.py for item in items], "list")


def dct(*entries: tuple[str, V], fill: Fill | None = None) -> V:
    enc: dict[str, Any] = {"type": "dict", "entries": [[k, v.enc] for k, v in entries]}
    py = [(k, v.py) for k, v in entries]
    if fill is not None:
        enc["fill"] = fill.enc()
        py = fill.pairs() + py
    return V(enc, py, "dict")


@dataclass(frozen=True)
class Fill:
    """`count` filler pairs `prefix + index` -> `value`, placed before the listed ones."""

    count: int
    prefix: str
    value: str

    def enc(self) -> Json:
        return {"count": self.count, "prefix": self.prefix, "value": self.value}

    def pairs(self) -> list[tuple[str, str]]:
        return [(self.prefix + str(n), self.value) for n in range(self.count)]


def pairs(*items: V, fill: Fill | None = None) -> V:
    """Headers as a list of [name, value] lists (items are usually `pair(...)`)."""
    enc: dict[str, Any] = {"type": "pairs", "items": [item.enc for item in items]}
    py: list[Any] = [item.py for item in items]
    if fill is not None:
        enc["fill"] = fill.enc()
        py = [[n, v] for n, v in fill.pairs()] + py
    return V(enc, py, "list")


def pair(name: V, value: V) -> V:
    return lst(name, value)


@dataclass(frozen=True)
class FieldName:
    """A scheme field name; `python` and `js` differ only for wrong-case spellings."""

    python: Any
    js: Any

    def enc(self) -> Json:
        if self.python == self.js:
            return self.python
        return {"type": "field_name", "python": self.python, "js": self.js}

    def spelled(self, lang: str) -> Any:
        """The name as the runner of `lang` passes it: one spelling for both languages
        is snake_case, which the JS runner writes in camelCase when it is a known field."""
        if lang == "python":
            return self.python
        if self.python == self.js and isinstance(self.js, str):
            return SNAKE_TO_CAMEL.get(self.js, self.js)
        return self.js


SNAKE_TO_CAMEL = {
    "signature_header": "signatureHeader",
    "id_header": "idHeader",
    "timestamp_header": "timestampHeader",
    "secret_encoding": "secretEncoding",
    "tolerance_seconds": "toleranceSeconds",
}
KNOWN_FIELDS = (
    "signature_header",
    "prefix",
    "encoding",
    "algorithm",
    "payload",
    "id_header",
    "timestamp_header",
    "secret_encoding",
    "tolerance_seconds",
    "name",
)


def fields(*entries: tuple[str | FieldName, V]) -> V:
    """Scheme fields: a dict in Python, an object in JS. Known snake_case names are written
    in camelCase for JS by the runner; other names are passed as they are."""
    enc_entries = []
    py_entries = []
    for name, value in entries:
        fname = name if isinstance(name, FieldName) else FieldName(name, name)
        enc_entries.append([fname.enc(), value.enc])
        py_entries.append((fname, value))
    return V({"type": "fields", "entries": enc_entries}, py_entries, "fields")


def scheme_obj(base: str, overrides: V | None = None) -> V:
    """A Scheme object: `Scheme.<base>(**overrides)` / `Scheme.<base>(overrides)`."""
    enc: dict[str, Any] = {"type": "scheme", "base": base}
    if overrides is not None:
        enc["fields"] = overrides.enc
    return V(enc, (base, overrides), "scheme")


def is_well_formed(text: str) -> bool:
    """Whether `text` has no lone surrogate (Python: encodes as UTF-8; JS: isWellFormed)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# ---------------------------------------------------------------------------------------
# Schemes as the model knows them (API.md's table)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    name: str
    fmt: str  # standard | stripe | single
    sig: str
    id: str | None
    ts: str | None
    prefix: str
    encoding: str
    algorithm: str
    payload: str
    secret_encoding: str
    tolerance: int = DEFAULT_TOLERANCE
    fallback: tuple[str, str, str] | None = None

    @property
    def signs_id(self) -> bool:
        return "{id}" in self.payload

    @property
    def carries_timestamp(self) -> bool:
        return self.fmt == "stripe" or self.ts is not None

    def header_names(self) -> list[str]:
        names = [n for n in (self.sig, self.id, self.ts) if n is not None]
        if self.fallback is not None:
            names += list(self.fallback)
        return names


BUILTIN = {
    "standard": Model(
        "standard",
        "standard",
        "webhook-signature",
        "webhook-id",
        "webhook-timestamp",
        "",
        "base64",
        "sha256",
        "{id}.{timestamp}.{body}",
        "base64",
        fallback=("svix-signature", "svix-id", "svix-timestamp"),
    ),
    "stripe": Model(
        "stripe",
        "stripe",
        "Stripe-Signature",
        None,
        None,
        "",
        "hex",
        "sha256",
        "{timestamp}.{body}",
        "utf8",
    ),
    "github": Model(
        "github",
        "single",
        "X-Hub-Signature-256",
        "X-GitHub-Delivery",
        None,
        "sha256=",
        "hex",
        "sha256",
        "{body}",
        "utf8",
    ),
    "slack": Model(
        "slack",
        "single",
        "X-Slack-Signature",
        None,
        "X-Slack-Request-Timestamp",
        "v0=",
        "hex",
        "sha256",
        "v0:{timestamp}:{body}",
        "utf8",
    ),
    "shopify": Model(
        "shopify",
        "single",
        "X-Shopify-Hmac-Sha256",
        "X-Shopify-Webhook-Id",
        None,
        "",
        "base64",
        "sha256",
        "{body}",
        "utf8",
    ),
}
# The in-house scheme of API.md: unsigned id and timestamp headers.
IN_HOUSE_FIELDS = (
    ("signature_header", "X-Webhook-Signature"),
    ("prefix", "sha256="),
    ("id_header", "X-Webhook-ID"),
    ("timestamp_header", "X-Webhook-Timestamp"),
)
IN_HOUSE = Model(
    "custom",
    "single",
    "X-Webhook-Signature",
    "X-Webhook-ID",
    "X-Webhook-Timestamp",
    "sha256=",
    "hex",
    "sha256",
    "{body}",
    "utf8",
)
# A custom scheme that signs everything, in base64 with SHA-512.
SIGNED_FIELDS = (
    ("signature_header", "X-Sig"),
    ("encoding", "base64"),
    ("algorithm", "sha512"),
    ("payload", "{id}:{timestamp}:{body}"),
    ("id_header", "X-Id"),
    ("timestamp_header", "X-Ts"),
)
SIGNED = Model(
    "custom",
    "single",
    "X-Sig",
    "X-Id",
    "X-Ts",
    "",
    "base64",
    "sha512",
    "{id}:{timestamp}:{body}",
    "utf8",
)


def derived(label: str, n: int = 32) -> bytes:
    out = b""
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(f"hookseal-hostile/{label}/{counter}".encode()).digest()
        counter += 1
    return out[:n]


@dataclass(frozen=True)
class Setup:
    """A webhook every case of an operation on it builds first (it must build)."""

    model: Model
    secret: V
    keys: tuple[bytes, ...]
    scheme: V
    tolerance: int | None = None

    def enc(self) -> Json:
        out: dict[str, Any] = {"secret": self.secret.enc, "scheme": self.scheme.enc}
        if self.tolerance is not None:
            out["tolerance_seconds"] = i(self.tolerance).enc
        return out

    @property
    def effective_tolerance(self) -> int:
        return self.model.tolerance if self.tolerance is None else self.tolerance


def setup_for(name: str) -> Setup:
    if name == "standard":
        key = derived("standard")
        secret = "whsec_" + base64.b64encode(key).decode()
        return Setup(BUILTIN[name], s(secret), (key,), s(name))
    if name in BUILTIN:
        text = f"hostile {name} secret"
        return Setup(BUILTIN[name], s(text), (text.encode(),), s(name))
    if name == "in-house":
        scheme = fields(*((k, s(v)) for k, v in IN_HOUSE_FIELDS))
        return Setup(IN_HOUSE, s("in-house secret"), (b"in-house secret",), scheme)
    assert name == "signed"
    scheme = fields(*((k, s(v)) for k, v in SIGNED_FIELDS))
    return Setup(SIGNED, s("signed secret"), (b"signed secret",), scheme)


SETUP_NAMES = ("standard", "stripe", "github", "slack", "shopify", "in-house", "signed")

# ---------------------------------------------------------------------------------------
# Independent signing and the reference model of verification (API.md, "Parsing")
# ---------------------------------------------------------------------------------------


def render(template: str, msg_id: str, timestamp: str, body: bytes) -> bytes:
    out = b""
    rest = template
    while rest:
        for name, value in (("{id}", msg_id.encode()), ("{timestamp}", timestamp.encode())):
            if rest.startswith(name):
                out += value
                rest = rest[len(name) :]
                break
        else:
            if rest.startswith("{body}"):
                out += body
                rest = rest[len("{body}") :]
            else:
                out += rest[0].encode()
                rest = rest[1:]
    return out


def mac(model: Model, key: bytes, msg_id: str, timestamp: str, body: bytes) -> bytes:
    digest = getattr(hashlib, model.algorithm)
    return hmac.new(key, render(model.payload, msg_id, timestamp, body), digest).digest()


def encode_mac(model: Model, digest: bytes) -> str:
    if model.encoding == "hex":
        return digest.hex()
    return base64.b64encode(digest).decode()


def sign(model: Model, key: bytes, body: bytes, msg_id: str, timestamp: int) -> list[list[str]]:
    """The headers of a genuine delivery, as [name, value] pairs."""
    ts = str(timestamp)
    digest = mac(model, key, msg_id, ts, body)
    if model.fmt == "standard":
        return [
            ["webhook-id", msg_id],
            ["webhook-timestamp", ts],
            ["webhook-signature", "v1," + base64.b64encode(digest).decode()],
        ]
    if model.fmt == "stripe":
        return [[model.sig, f"t={ts},v1={digest.hex()}"]]
    out = [[model.sig, model.prefix + encode_mac(model, digest)]]
    if model.id is not None:
        out.append([model.id, msg_id])
    if model.ts is not None:
        out.append([model.ts, ts])
    return out


def trim(value: str) -> str:
    return value.strip(" \t")


def parse_timestamp(text: str) -> int | None:
    if not text or len(text) > MAX_TIMESTAMP_DIGITS or any(c not in "0123456789" for c in text):
        return None
    if len(text) > 1 and text[0] == "0":
        return None
    return int(text)


def b64_exact(text: str, length: int) -> bytes | None:
    """Canonical padded standard base64 of exactly `length` bytes."""
    if len(text) != (length + 2) // 3 * 4 or any(c not in B64_ALPHABET + "=" for c in text):
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        return None
    if len(raw) != length or base64.b64encode(raw).decode() != text:
        return None
    return raw


def hex_exact(text: str, length: int) -> bytes | None:
    if len(text) != 2 * length or any(c not in "0123456789abcdefABCDEF" for c in text):
        return None
    return bytes.fromhex(text)


class Refused(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lower_ascii(name: str) -> str:
    """Header names match ignoring ASCII case only (no Unicode case folding)."""
    return name.lower() if name.isascii() else name.translate(ASCII_LOWER)


@dataclass
class Slot:
    values: list[str] = field(default_factory=list)

    @property
    def duplicate(self) -> bool:
        return len(self.values) > 1

    @functools.cached_property
    def value(self) -> str | None:
        """The first value trimmed; empty counts as absent (decision 1)."""
        if not self.values:
            return None
        text = trim(self.values[0])
        return text or None

    @property
    def present(self) -> bool:
        return self.duplicate or self.value is not None


def clamp64(n: int) -> int:
    return max(I64_MIN, min(I64_MAX, n))


def model_verify(
    setup: Setup, body: bytes, headers: list[tuple[str, str]], now: int | None
) -> str | dict[str, Any]:
    """The code API.md's rules give (checks in the documented order), or the fields of
    the Verified: id, timestamp, secret_index, scheme."""
    try:
        return verify_checks(setup, body, headers, now)
    except Refused as refused:
        return refused.code


def find(names: tuple[str | None, ...], headers: list[tuple[str, str]]) -> list[Slot]:
    slots = [Slot() for _ in names]
    wanted = [None if n is None else lower_ascii(n) for n in names]
    for name, value in headers:
        lowered = lower_ascii(name)
        if lowered in wanted:
            slots[wanted.index(lowered)].values.append(value)
    return slots


def verify_checks(
    setup: Setup, body: bytes, headers: list[tuple[str, str]], now: int | None
) -> dict[str, Any]:
    model = setup.model
    sig, id_, ts = find((model.sig, model.id, model.ts), headers)
    if model.fallback is not None and not any(x.present for x in (sig, id_, ts)):
        sig, id_, ts = find(model.fallback, headers)
    # 1. presence
    if model.id is not None and model.signs_id and not id_.present:
        raise Refused("missing_header")
    if model.ts is not None and not ts.present:
        raise Refused("missing_header")
    if not sig.present:
        raise Refused("missing_header")
    # 2. parsing
    msg_id = ""
    if model.id is not None:
        if id_.duplicate:
            raise Refused("malformed_header")
        msg_id = id_.value or ""
        if len(msg_id.encode()) > MAX_ID_BYTES:
            raise Refused("malformed_header")
    ts_text = ""
    timestamp: int | None = None
    if model.ts is not None:
        if ts.duplicate:
            raise Refused("malformed_header")
        ts_text = ts.value or ""
        timestamp = parse_timestamp(ts_text)
        if timestamp is None:
            raise Refused("malformed_header")
    if sig.duplicate:
        raise Refused("malformed_header")
    if len(sig.values[0].encode()) > MAX_SIGNATURE_HEADER_BYTES:
        raise Refused("malformed_header")
    value = sig.value or ""
    mac_len = 64 if model.algorithm == "sha512" else 32
    candidates: list[bytes] = []
    if model.fmt == "standard":
        entries = [e for e in value.split(" ") if e]
        if len(entries) > MAX_SIGNATURE_ENTRIES:
            raise Refused("malformed_header")
        for entry in entries:
            version, comma, text = entry.partition(",")
            if comma and version == "v1":
                raw = b64_exact(text, mac_len)
                if raw is not None:
                    candidates.append(raw)
    elif model.fmt == "stripe":
        items = value.split(",")
        if len(items) > MAX_SIGNATURE_ENTRIES:
            raise Refused("malformed_header")
        seen_t: list[str] = []
        for item in items:
            key, eq, text = trim(item).partition("=")
            if not eq:
                raise Refused("malformed_header")
            if key == "t":
                if seen_t or parse_timestamp(text) is None:
                    raise Refused("malformed_header")
                seen_t.append(text)
            elif key == "v1":
                raw = hex_exact(text, mac_len)
                if raw is not None:
                    candidates.append(raw)
        if not seen_t:
            raise Refused("malformed_header")
        ts_text = seen_t[0]
        timestamp = parse_timestamp(ts_text)
    else:
        if not value.startswith(model.prefix):
            raise Refused("malformed_header")
        text = value[len(model.prefix) :]
        raw = hex_exact(text, mac_len) if model.encoding == "hex" else b64_exact(text, mac_len)
        if raw is None:
            raise Refused("malformed_header")
        candidates.append(raw)
    if not candidates:
        raise Refused("malformed_header")
    # 3. window (now beyond 64 bits clamps to the nearest bound)
    if timestamp is not None:
        assert now is not None, "a case about the window must fix now"
        clock = clamp64(now)
        tolerance = setup.effective_tolerance
        if timestamp < clamp64(clock - tolerance):
            raise Refused("timestamp_too_old")
        if timestamp > clamp64(clock + tolerance):
            raise Refused("timestamp_too_new")
    # 4. signatures
    for index, secret_key in enumerate(setup.keys):
        expected = mac(model, secret_key, msg_id, ts_text, body)
        if any(hmac.compare_digest(expected, c) for c in candidates):
            return {
                "id": id_.value if model.id is not None else None,
                "timestamp": timestamp,
                "secret_index": index,
                "scheme": model.name,
            }
    raise Refused("signature_mismatch")


# ---------------------------------------------------------------------------------------
# Argument rules (README.md, "Outcome rule")
# ---------------------------------------------------------------------------------------

TYPE_ERROR: Outcome = {"type_error": True}
RANGE_ERROR: Outcome = {"range_error": True}
OK: Outcome = {"ok": True}


def err(code: str) -> Outcome:
    assert code in CODES, code
    return {"error": code}


def optional_int_ok(value: V) -> bool:
    """Optional integer positions (tolerance_seconds, now, timestamp, capacity,
    ttl_seconds): null or undefined is "not given", an integer (never a bool) is taken,
    anything else is a TypeError."""
    return value.kind in ("null", "absent", "int")


def body_ok(value: V) -> bool:
    """Body positions: bytes-like, or a str that encodes as UTF-8."""
    if value.kind == "bytes":
        return True
    return value.kind == "str" and is_well_formed(value.py)


def secret_item_ok(value: V) -> bool:
    return body_ok(value)


def secret_type_ok(value: V) -> bool:
    """A secret is one str / bytes-like, or a list of them (one level)."""
    if value.kind == "list":
        return all(secret_item_ok(V(None, item, kind_of(item))) for item in value.py)
    return secret_item_ok(value)


def kind_of(py: Any) -> str:
    if isinstance(py, bool):
        return "bool"
    if isinstance(py, int):
        return "int"
    if isinstance(py, float):
        return "float"
    if isinstance(py, str):
        return "str"
    if isinstance(py, bytes):
        return "bytes"
    if isinstance(py, list):
        return "list"
    if py is None:
        return "null"
    return "other"


def decode_secret(encoding: str, value: Any) -> bytes | None:
    """The key a secret gives (API.md, decision 10), or None when it does not decode."""
    if isinstance(value, bytes):
        return value
    assert isinstance(value, str)
    if encoding == "utf8":
        return value.encode()
    if encoding == "hex":
        if len(value) % 2 or any(c not in "0123456789abcdefABCDEF" for c in value):
            return None
        return bytes.fromhex(value)
    # Decision 10 as tests/vectors/generate.py applies it (key_b64): trailing padding is
    # optional and may be partial ("AA="), but a length of 4n+1 is never base64.
    text = value[len("whsec_") :] if value.startswith("whsec_") else value
    core = text.rstrip("=")
    if len(text) % 4 == 1 or len(core) % 4 == 1 or not re.fullmatch("[A-Za-z0-9+/]*", core):
        return None
    return base64.b64decode(core + "=" * ((-len(core)) % 4))


def secrets_outcome(encoding: str, value: V) -> Outcome | None:
    """None when the secrets build, else the error."""
    items = value.py if value.kind == "list" else [value.py]
    if not items:
        return err("invalid_secret")
    for item in items:
        key = decode_secret(encoding, item)
        if not key:
            return err("invalid_secret")
    return None


def field_text_ok(value: V) -> bool:
    return value.kind != "str" or is_well_formed(value.py)


def scheme_outcome(base: str | None, entries: list[tuple[FieldName, V]], lang: str) -> Outcome:
    """Scheme fields (API.md "Validation", decisions 11 and 12). TypeError only for names
    that are not str (Python) and lone surrogates; everything else is invalid_scheme."""
    names = [fn.spelled(lang) for fn, _ in entries]
    for name, (_, value) in zip(names, entries):
        if not isinstance(name, str) or not is_well_formed(name) or not field_text_ok(value):
            return TYPE_ERROR
    values: dict[str, V] = {}
    given_base: V | None = None
    for name, (_, value) in zip(names, entries):
        if name == "base":
            given_base = value
            continue
        spelled = {(SNAKE_TO_CAMEL.get(k, k) if lang == "js" else k): k for k in KNOWN_FIELDS}
        if name not in spelled:
            return err("invalid_scheme")
        if value.kind in ("null", "absent"):
            continue
        values[spelled[name]] = value
    if given_base is not None and given_base.kind not in ("null", "absent"):
        if base is not None:
            return err("invalid_scheme")  # a built-in's overrides take no base
        if given_base.kind != "str" or given_base.py not in BUILTIN:
            return err("invalid_scheme")
        base = given_base.py
    for name, value in values.items():
        if name == "tolerance_seconds":
            if value.kind != "int" or not 0 <= value.py <= U32_MAX:
                return err("invalid_scheme")
        elif value.kind != "str":
            return err("invalid_scheme")
    text = {k: v.py for k, v in values.items() if k != "tolerance_seconds"}
    fmt = "single" if base is None else BUILTIN[base].fmt
    fixed = {"standard": {"prefix", "encoding", "algorithm"}}
    fixed["stripe"] = fixed["standard"] | {"id_header", "timestamp_header"}
    if base is not None and set(values) & fixed.get(fmt, set()):
        return err("invalid_scheme")
    defaults = BUILTIN[base] if base is not None else None
    sig = text.get("signature_header", defaults.sig if defaults else None)
    if sig is None:
        return err("invalid_scheme")
    id_h = text.get("id_header", defaults.id if defaults else None)
    ts_h = text.get("timestamp_header", defaults.ts if defaults else None)
    for header in (sig, id_h, ts_h):
        if header is not None and not re.fullmatch(TOKEN, header):
            return err("invalid_scheme")
    named = [lower_ascii(h) for h in (sig, id_h, ts_h) if h is not None]
    if len(set(named)) != len(named):
        return err("invalid_scheme")
    prefix = text.get("prefix", defaults.prefix if defaults else "")
    if not re.fullmatch("[!-~]*", prefix):
        return err("invalid_scheme")
    choices = {
        "encoding": ("hex", "base64"),
        "algorithm": ("sha256", "sha512"),
        "secret_encoding": ("utf8", "base64", "hex"),
    }
    for name, allowed in choices.items():
        if name in text and text[name] not in allowed:
            return err("invalid_scheme")
    payload = text.get("payload", defaults.payload if defaults else "{body}")
    placeholders = template_placeholders(payload)
    if placeholders is None or placeholders.count("body") != 1:
        return err("invalid_scheme")
    if "id" in placeholders and id_h is None:
        return err("invalid_scheme")
    if "timestamp" in placeholders and ts_h is None and fmt != "stripe":
        return err("invalid_scheme")
    if "name" in text and not text["name"]:
        return err("invalid_scheme")
    return OK


def template_placeholders(template: str) -> list[str] | None:
    """The placeholders of a payload template, or None for a stray or unknown brace."""
    found: list[str] = []
    rest = template
    while True:
        start = min((p for p in (rest.find("{"), rest.find("}")) if p >= 0), default=-1)
        if start < 0:
            return found
        if rest[start] == "}":
            return None
        end = rest.find("}", start)
        if end < 0:
            return None
        inner = rest[start + 1 : end]
        if inner not in ("id", "timestamp", "body"):
            return None
        found.append(inner)
        rest = rest[end + 1 :]


# ---------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    category: str
    operation: str
    args: dict[str, V]
    expect: Outcome
    setup: Setup | None = None
    languages: tuple[str, ...] | None = None
    slow: bool = False
    note: str = ""
    delivery: tuple[list[list[str]], bytes, int] | None = None
    guard: dict[str, int] | None = None
    verified: dict[str, Any] | None = None
    before: list[Json] = field(default_factory=list)

    def to_json(self) -> Json:
        out: dict[str, Any] = {
            "name": self.name,
            "category": self.category,
            "operation": self.operation,
            "args": {k: v.enc for k, v in self.args.items()},
            "expect": self.expect,
        }
        if self.setup is not None:
            out["setup"] = self.setup.enc()
        if self.languages is not None:
            out["languages"] = list(self.languages)
        if self.slow:
            out["slow"] = True
        if self.note:
            out["note"] = self.note
        if self.delivery is not None:
            headers, body, now = self.delivery
            out["delivery"] = {"headers": headers, "body_hex": body.hex(), "now": i(now).enc}
        if self.verified is not None:
            out["verified_fields"] = self.verified
        if self.guard is not None:
            out["guard"] = {k: i(v).enc for k, v in self.guard.items()}
        if self.before:
            out["before"] = self.before
        return out


CASES: list[Case] = []


def add(case: Case) -> None:
    CASES.append(case)


def body_v(body: bytes) -> V:
    return b(body)


def headers_v(headers: list[list[str]]) -> V:
    return dct(*((n, s(v)) for n, v in headers))


def expect_verify(
    setup: Setup, body: V, headers: V, now: V
) -> tuple[Outcome, dict[str, Any] | None]:
    """Types first (body, headers, now), then the reference model; with the Verified's
    fields on success."""
    if not body_ok(body):
        return TYPE_ERROR, None
    header_list = headers_outcome(setup, headers)
    if isinstance(header_list, dict):
        return header_list, None
    if not optional_int_ok(now):
        return TYPE_ERROR, None
    data = body.py if isinstance(body.py, bytes) else body.py.encode()
    clock = now.py if now.kind == "int" else ASSUMED_CLOCK
    result = model_verify(setup, data, header_list, clock)
    if isinstance(result, str):
        return err(result), None
    return OK, result


def headers_outcome(setup: Setup, headers: V) -> list[tuple[str, str]] | Outcome:
    """Header pairs, or TypeError: a mapping of str to str (a value may be absent) or a list
    of [str, str] pairs; a lone surrogate in a header the scheme reads is a TypeError."""
    if headers.kind == "dict":
        raw = [(k, v) for k, v in headers.py if v is not ABSENT]
    elif headers.kind == "list":
        raw = []
        for item in headers.py:
            if not isinstance(item, list) or len(item) != 2:
                return TYPE_ERROR
            raw.append((item[0], item[1]))
    else:
        return TYPE_ERROR
    wanted = {lower_ascii(n) for n in setup.model.header_names()}
    for name, value in raw:
        if not isinstance(name, str) or not isinstance(value, str):
            return TYPE_ERROR
    for name, value in raw:
        if lower_ascii(name) in wanted and not (is_well_formed(name) and is_well_formed(value)):
            return TYPE_ERROR
    return raw


def verify_case(
    name: str,
    category: str,
    setup: Setup,
    body: V,
    headers: V,
    now: V,
    *,
    languages: tuple[str, ...] | None = None,
    slow: bool = False,
    note: str = "",
    expect: Outcome | None = None,
) -> None:
    if expect is not None:
        outcome, verified = expect, None
    else:
        outcome, verified = expect_verify(setup, body, headers, now)
    case = Case(
        name,
        category,
        "verify",
        {"body": body, "headers": headers, "now": now},
        outcome,
        setup=setup,
        languages=languages,
        slow=slow,
        note=note,
    )
    case.verified = verified
    add(case)


def genuine(
    setup: Setup, body: bytes = b'{"n":1}', msg_id: str = "msg_1", ts: int = T
) -> list[list[str]]:
    return sign(setup.model, setup.keys[0], body, msg_id, ts)


def replaced(headers: list[list[str]], name: str, value: str) -> list[list[str]]:
    return [[n, value if lower_ascii(n) == lower_ascii(name) else v] for n, v in headers]


SETUPS = {name: setup_for(name) for name in SETUP_NAMES}
STD = SETUPS["standard"]
BODY = b'{"n":1}'

# Values of every type class, for the argument-type matrix.
WRONG_VALUES: list[tuple[str, V]] = [
    ("null", NULL),
    ("undefined", UNDEF),
    ("true", boolean(True)),
    ("false", boolean(False)),
    ("zero", i(0)),
    ("negative", i(-1)),
    ("huge-int", i(2**80)),
    ("fraction", f("1.5")),
    ("nan", f("nan")),
    ("infinity", f("inf")),
    ("minus-infinity", f("-inf")),
    ("empty-list", lst()),
    ("list-of-str", lst(s("a"), s("b"))),
    ("nested-list", lst(lst(s("a")))),
    ("empty-dict", dct()),
    ("dict", dct(("a", s("b")))),
    ("str", s("text")),
    ("numeric-str", s("1700000000")),
    ("empty-str", s("")),
    ("lone-surrogate", s("ab\udc80cd")),
    ("bytes", b(b"\x00\xff")),
    ("nul-str", s("a\x00b")),
    ("instance", INSTANCE),
]


def gen_types() -> None:
    """Every argument position against every type class."""
    cat_ = "types"
    # Webhook(secret)
    for label, value in WRONG_VALUES:
        if not secret_type_ok(value):
            built: Outcome = TYPE_ERROR
        else:
            built = secrets_outcome("base64", value) or OK
        add(
            Case(
                f"types/webhook-secret-{label}",
                cat_,
                "new Webhook",
                {"secret": value},
                built,
            )
        )
    # Webhook(scheme=)
    for label, value in WRONG_VALUES:
        secret = STD.secret
        if value.kind in ("null", "absent"):
            outcome: Outcome = OK
        elif value.kind == "str":
            outcome = TYPE_ERROR if not is_well_formed(value.py) else err("invalid_scheme")
        elif value.kind == "dict":
            entries = [(FieldName(k, k), s(v) if isinstance(v, str) else v) for k, v in value.py]
            outcome = scheme_outcome(None, entries, "python")
        else:
            outcome = TYPE_ERROR
        add(
            Case(
                f"types/webhook-scheme-{label}",
                cat_,
                "new Webhook",
                {"secret": secret, "scheme": value},
                outcome,
            )
        )
    # Webhook(tolerance_seconds=)
    for label, value in WRONG_VALUES:
        if not optional_int_ok(value):
            outcome = TYPE_ERROR
        elif value.kind == "int" and not 0 <= value.py <= U32_MAX:
            outcome = err("invalid_scheme")
        else:
            outcome = OK
        add(
            Case(
                f"types/webhook-tolerance-{label}",
                cat_,
                "new Webhook",
                {"secret": STD.secret, "tolerance_seconds": value},
                outcome,
            )
        )
    # verify(body, headers, now) with a genuine delivery in the other positions
    for setup_name in ("standard", "github"):
        setup = SETUPS[setup_name]
        headers = genuine(setup)
        for label, value in WRONG_VALUES:
            verify_case(
                f"types/verify-body-{label}-{setup_name}",
                cat_,
                setup,
                value,
                headers_v(headers),
                i(T),
            )
        for label, value in WRONG_VALUES:
            verify_case(
                f"types/verify-headers-{label}-{setup_name}", cat_, setup, body_v(BODY), value, i(T)
            )
    # now: a genuine delivery signed at the far future, so the clock (now not given) is
    # always too early for it; github carries no timestamp, so now does not matter.
    for setup_name, ts in (("standard", MAX_TIMESTAMP), ("github", T)):
        setup = SETUPS[setup_name]
        headers = genuine(setup, ts=ts)
        for label, value in WRONG_VALUES:
            verify_case(
                f"types/verify-now-{label}-{setup_name}",
                cat_,
                setup,
                body_v(BODY),
                headers_v(headers),
                value,
            )
    # sign(body, id=, timestamp=)
    for setup_name in ("standard", "stripe", "github"):
        setup = SETUPS[setup_name]
        for label, value in WRONG_VALUES:
            add(
                Case(
                    f"types/sign-body-{label}-{setup_name}",
                    cat_,
                    "sign",
                    {"body": value, "id": s("msg_1"), "timestamp": i(T)},
                    OK if body_ok(value) else TYPE_ERROR,
                    setup=setup,
                )
            )
        for label, value in WRONG_VALUES:
            add(sign_case(f"types/sign-id-{label}-{setup_name}", cat_, setup, id_=value, ts=i(T)))
        for label, value in WRONG_VALUES:
            add(
                sign_case(
                    f"types/sign-timestamp-{label}-{setup_name}", cat_, setup, id_=s("m"), ts=value
                )
            )
    # ReplayGuard(capacity=, ttl_seconds=)
    for label, value in WRONG_VALUES:
        add(guard_new_case(f"types/guard-capacity-{label}", cat_, capacity=value))
        add(guard_new_case(f"types/guard-ttl-{label}", cat_, ttl=value))
    # claim(verified, now=) and release(verified)
    for label, value in WRONG_VALUES:
        for op in ("guard claim", "guard release"):
            add(guard_use_case(f"types/{op.split()[1]}-verified-{label}", cat_, op, value, i(T)))
    for label, value in WRONG_VALUES:
        add(
            guard_use_case(
                f"types/claim-now-{label}",
                cat_,
                "guard claim",
                VERIFIED,
                value,
            )
        )
    # Scheme field values of every type, for a string field and the integer field
    for fname in ("signature_header", "tolerance_seconds", "payload"):
        for label, value in WRONG_VALUES:
            field_entries: list[tuple[str | FieldName, V]] = [(fname, value)]
            if fname != "signature_header":
                field_entries.insert(0, ("signature_header", s("X-Sig")))
            add(scheme_case(f"types/scheme-field-{fname}-{label}", cat_, None, field_entries))


def sign_case(
    name: str, category: str, setup: Setup, *, id_: V, ts: V, body: V | None = None
) -> Case:
    """sign(): body, id and timestamp types first; then decision 13 on what the scheme
    carries (an id only where the scheme has an id header, a timestamp only where it
    carries one)."""
    body = body if body is not None else body_v(BODY)
    args = {"body": body, "id": id_, "timestamp": ts}
    model = setup.model
    outcome: Outcome = OK
    id_given = id_.kind not in ("null", "absent")
    id_type_ok = not id_given or (id_.kind == "str" and is_well_formed(id_.py))
    bad_id = model.id is not None and id_type_ok and id_.kind == "str" and not id_ok(id_.py)
    bad_ts = model.carries_timestamp and ts.kind == "int" and not 0 <= ts.py <= MAX_TIMESTAMP
    if not body_ok(body) or not id_type_ok or not optional_int_ok(ts):
        outcome = TYPE_ERROR
    elif bad_id or bad_ts or not signature_fits(setup):
        outcome = err("malformed_header")
    # A timestamp not given is the clock, which is always in range.
    return Case(name, category, "sign", args, outcome, setup=setup)


def signature_fits(setup: Setup) -> bool:
    """Whether the signature header `sign` writes is one verify accepts (API.md: "The headers
    returned verify with the same Webhook"; decision 13: sign refuses what verify would
    refuse): at most 64 entries or items and 8,192 bytes. Where it is not, sign refuses with
    `malformed_header` rather than return headers that can never verify."""
    model = setup.model
    count = len(setup.keys)
    mac_len = 64 if model.algorithm == "sha512" else 32
    mac_chars = 2 * mac_len if model.encoding == "hex" else 4 * ((mac_len + 2) // 3)
    if model.fmt == "standard":
        entries, size = count, count * len("v1,") + count * 44 + (count - 1)
    elif model.fmt == "stripe":
        entries, size = count + 1, len("t=999999999999") + count * (len(",v1=") + 64)
    else:
        entries, size = 1, len(model.prefix.encode()) + mac_chars
    return entries <= MAX_SIGNATURE_ENTRIES and size <= MAX_SIGNATURE_HEADER_BYTES


def id_ok(text: str) -> bool:
    """Decision 13: non-empty, at most 256 bytes, no surrounding blanks, no control char."""
    if not text or len(text.encode()) > MAX_ID_BYTES or trim(text) != text:
        return False
    return not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text)


def guard_new_case(name: str, category: str, *, capacity: V = UNDEF, ttl: V = UNDEF) -> Case:
    """ReplayGuard settings: integer types as every optional integer; capacity >= 0 and
    ttl_seconds in 1..4294967295 or a range error (ValueError / RangeError)."""
    outcome: Outcome = OK
    if not optional_int_ok(capacity) or not optional_int_ok(ttl):
        outcome = TYPE_ERROR
    else:
        bad_capacity = capacity.kind == "int" and capacity.py < 0
        bad_ttl = ttl.kind == "int" and not 1 <= ttl.py <= U32_MAX
        if bad_capacity or bad_ttl:
            outcome = RANGE_ERROR
    return Case(
        name, category, "new ReplayGuard", {"capacity": capacity, "ttl_seconds": ttl}, outcome
    )


def guard_use_case(
    name: str,
    category: str,
    op: str,
    verified: V,
    now: V,
    *,
    setup: Setup = STD,
    capacity: int | None = None,
    ttl: int | None = None,
    before: tuple[tuple[str, int], ...] = (),
) -> Case:
    """claim/release on a fresh guard (default settings unless given) with the genuine
    delivery of `setup` verified at T, after the `before` steps (claims and releases of the
    same delivery at given times, each of which must succeed)."""
    args: dict[str, V] = {"verified": verified}
    if op == "guard claim":
        args["now"] = now
    if verified.kind != "verified":
        outcome: Outcome = TYPE_ERROR
    elif op == "guard claim" and not optional_int_ok(now):
        outcome = TYPE_ERROR
    elif op == "guard claim":
        # Without `now` the guard reads the clock: only used where the time cannot matter.
        assert now.kind == "int" or not before
        at = now.py if now.kind == "int" else ASSUMED_CLOCK
        outcome = claim_outcome(setup, capacity, ttl, before, at)
    else:
        outcome = OK
    headers = genuine(setup)
    case = Case(name, category, op, args, outcome, setup=setup, delivery=(headers, BODY, T))
    if capacity is not None or ttl is not None:
        case.guard = {
            k: v for k, v in (("capacity", capacity), ("ttl_seconds", ttl)) if v is not None
        }
    case.before = [{"action": action, "now": i(at).enc} for action, at in before]
    return case


DEFAULT_GUARD_CAPACITY = 100_000
DEFAULT_GUARD_TTL = 86_400


def claim_outcome(
    setup: Setup,
    capacity: int | None,
    ttl: int | None,
    before: tuple[tuple[str, int], ...],
    now: int,
) -> Outcome:
    """API.md "Replay protection" and decision 14, for one delivery: an entry is live while
    now <= timestamp + tolerance (signed timestamp), else while now < claimed_at + ttl;
    a claim of a live entry is `replayed`; a guard holding `capacity` live entries refuses
    a new one with `guard_full` (so a guard of capacity 0 refuses every claim). Times
    beyond 64 bits clamp."""
    cap = DEFAULT_GUARD_CAPACITY if capacity is None else capacity
    life = DEFAULT_GUARD_TTL if ttl is None else ttl
    signed_ts = "{timestamp}" in setup.model.payload
    claimed_at: int | None = None
    for action, at in before:
        claimed_at = clamp64(at) if action == "claim" else None
    clock = clamp64(now)
    if claimed_at is not None:
        if signed_ts:
            live = clock <= T + setup.effective_tolerance
        else:
            live = clock < clamp64(claimed_at + life)
        if live:
            return err("replayed")
    if cap == 0:
        return err("guard_full")
    return OK


def scheme_case(
    name: str,
    category: str,
    base: str | None,
    entries: list[tuple[str | FieldName, V]],
    *,
    languages: tuple[str, ...] | None = None,
    note: str = "",
) -> Case:
    """`Scheme.custom(**fields)` (base None) or `Scheme.<base>(**fields)`."""
    value = fields(*entries)
    outcome_py = scheme_outcome(base, value.py, "python")
    outcome_js = scheme_outcome(base, value.py, "js")
    langs = languages
    if outcome_py != outcome_js:
        raise AssertionError(f"{name}: python {outcome_py} js {outcome_js}")
    return Case(
        name,
        category,
        "scheme",
        {"base": s(base or "custom"), "fields": value},
        outcome_py,
        languages=langs,
        note=note,
    )


def gen_headers() -> None:
    cat_ = "headers"
    big = 10_000_000
    for setup_name in SETUP_NAMES:
        setup = SETUPS[setup_name]
        model = setup.model
        base = genuine(setup)
        # Each header the scheme reads, spoiled in turn.
        names = [n for n in (model.sig, model.id, model.ts) if n is not None]
        for hname in names:
            tag = hname.lower()
            spoils: list[tuple[str, V]] = [
                ("10mb", rep("a", big)),
                ("10mb-spaces", rep(" ", big)),
                ("nul", s("\x00")),
                ("nul-inside", s("a\x00b")),
                ("crlf-injection", s("x\r\nwebhook-id: evil")),
                ("control-chars", s("\x01\x02\x1b[31m")),
                ("non-ascii", s("\u00e9\u4e2d\U0001f600")),
                ("rtl-override", s("\u202e1234")),
                ("bom", s("\ufeff1700000000")),
                ("only-tabs", s("\t\t")),
                ("empty", s("")),
            ]
            for label, value in spoils:
                headers = [[n, v] for n, v in base if n != hname]
                hv = dct(*((n, s(v)) for n, v in headers), (hname, value))
                verify_case(
                    f"headers/{setup_name}-{tag}-{label}",
                    cat_,
                    setup,
                    body_v(BODY),
                    hv,
                    i(T),
                    slow=value.enc != value.py and len(value.py) >= MIB,
                )
            # Lone surrogates where the scheme reads: a TypeError.
            headers = [[n, v] for n, v in base if n != hname]
            hv = dct(*((n, s(v)) for n, v in headers), (hname, s("\ud800")))
            verify_case(
                f"headers/{setup_name}-{tag}-lone-surrogate", cat_, setup, body_v(BODY), hv, i(T)
            )
            # Given twice: in pairs, and as names differing only in case.
            twice = pairs(
                *(pair(s(n), s(v)) for n, v in base), pair(s(hname), s(dict(base)[hname]))
            )
            verify_case(f"headers/{setup_name}-{tag}-twice", cat_, setup, body_v(BODY), twice, i(T))
            cased = dct(*((n, s(v)) for n, v in base), (hname.upper(), s(dict(base)[hname])))
            verify_case(
                f"headers/{setup_name}-{tag}-twice-by-case", cat_, setup, body_v(BODY), cased, i(T)
            )
            # A name that only looks like it (Kelvin sign for k, dotless i, a trailing NUL).
            for label, lookalike in (
                ("kelvin", hname.replace("k", "\u212a").replace("K", "\u212a")),
                ("dotless-i", hname.replace("i", "\u0131").replace("I", "\u0131")),
                ("trailing-nul", hname + "\x00"),
                ("trailing-space", hname + " "),
            ):
                if lookalike == hname:
                    continue
                renamed = [[lookalike if n == hname else n, v] for n, v in base]
                verify_case(
                    f"headers/{setup_name}-{tag}-name-{label}",
                    cat_,
                    setup,
                    body_v(BODY),
                    headers_v(renamed),
                    i(T),
                )
        # 100,000 unrelated headers around a genuine delivery, as a mapping and as pairs.
        fill = Fill(100_000, "x-filler-", "v")
        verify_case(
            f"headers/{setup_name}-100k-headers-mapping",
            cat_,
            setup,
            body_v(BODY),
            dct(*((n, s(v)) for n, v in base), fill=fill),
            i(T),
            slow=True,
        )
        if setup_name in ("standard", "stripe"):
            verify_case(
                f"headers/{setup_name}-100k-headers-pairs",
                cat_,
                setup,
                body_v(BODY),
                pairs(*(pair(s(n), s(v)) for n, v in base), fill=fill),
                i(T),
                slow=True,
            )
            # The signature header four times over.
            sig_value = dict(base)[model.sig]
            copies = pairs(
                *(pair(s(n), s(v)) for n, v in base),
                *(pair(s(model.sig), s(sig_value)) for _ in range(3)),
            )
            verify_case(
                f"headers/{setup_name}-signature-four-times",
                cat_,
                setup,
                body_v(BODY),
                copies,
                i(T),
            )
        # A lone surrogate in headers the scheme does not read is not checked, whether or not
        # the name is as long as one the scheme reads.
        other = dct(*((n, s(v)) for n, v in base), ("x-unrelated-header-name", s("\udfff")))
        verify_case(
            f"headers/{setup_name}-unrelated-lone-surrogate", cat_, setup, body_v(BODY), other, i(T)
        )
        same_length = "x" * len(model.sig)
        other = dct(*((n, s(v)) for n, v in base), (same_length, s("\udfff")))
        verify_case(
            f"headers/{setup_name}-unrelated-same-length-lone-surrogate",
            cat_,
            setup,
            body_v(BODY),
            other,
            i(T),
        )
    # Genuine deliveries whose id is odd but legal (verify reports it as sent, trimmed).
    for setup_name in ("standard", "github", "shopify", "in-house", "signed"):
        setup = SETUPS[setup_name]
        for label, msg_id in (
            ("nul", "a\x00b"),
            ("only-nul", "\x00"),
            ("emoji", "\U0001f600"),
            ("256-bytes-two-byte", "\u00e9" * 128),
            ("257-bytes-two-byte", "\u00e9" * 128 + "x"),
            ("blanks-around", " \tm\t "),
            ("newline", "a\nb"),
        ):
            headers = genuine(setup, msg_id=msg_id)
            verify_case(
                f"headers/{setup_name}-genuine-id-{label}",
                cat_,
                setup,
                body_v(BODY),
                headers_v(headers),
                i(T),
            )
    # Odd names and shapes, on the standard scheme.
    base = genuine(STD)
    odd_names = [
        ("empty-name", ""),
        ("space-name", " "),
        ("nul-name", "\x00"),
        ("10mb-name", None),
        ("colon-name", "webhook-id:"),
        ("newline-name", "webhook-id\n"),
    ]
    for label, oname in odd_names:
        name_v = rep("n", big) if oname is None else s(oname)
        hv = pairs(*(pair(s(n), s(v)) for n, v in base), pair(name_v, s("x")))
        verify_case(
            f"headers/standard-{label}", cat_, STD, body_v(BODY), hv, i(T), slow=oname is None
        )
    # Pair shapes and value types.
    good = [pair(s(n), s(v)) for n, v in base]
    shapes: list[tuple[str, V]] = [
        ("pair-of-three", lst(s("a"), s("b"), s("c"))),
        ("pair-of-one", lst(s("a"))),
        ("empty-pair", lst()),
        ("pair-is-str", s("ab")),
        ("pair-is-null", NULL),
        ("pair-is-int", i(2)),
        ("name-int", lst(i(1), s("x"))),
        ("name-null", lst(NULL, s("x"))),
        ("name-bytes", lst(b(b"webhook-id"), s("x"))),
        ("value-int", lst(s("x-a"), i(1))),
        ("value-null", lst(s("x-a"), NULL)),
        ("value-bool", lst(s("x-a"), boolean(True))),
        ("value-float", lst(s("x-a"), f("nan"))),
        ("value-bytes", lst(s("x-a"), b(b"v"))),
        ("value-dict", lst(s("x-a"), dct())),
        ("value-nested-list", lst(s("x-a"), lst(lst(s("v"))))),
        ("value-list-of-int", lst(s("x-a"), lst(i(1)))),
    ]
    for label, item in shapes:
        if item.kind == "list" and len(item.py) == 2:
            hv = pairs(*good, item)
        else:
            hv = V(
                {"type": "pairs", "items": [g.enc for g in good] + [item.enc]},
                [g.py for g in good] + [item.py],
                "list",
            )
        verify_case(f"headers/pairs-{label}", cat_, STD, body_v(BODY), hv, i(T))
    dict_values: list[tuple[str, V]] = [
        ("null", NULL),
        ("int", i(7)),
        ("bool", boolean(False)),
        ("float", f("0.5")),
        ("bytes", b(b"v")),
        ("dict", dct(("a", s("b")))),
        ("nested-list", lst(lst(s("v")))),
        ("list-of-null", lst(NULL)),
    ]
    for label, value in dict_values:
        for where in ("unrelated", "read"):
            hname = "x-unrelated" if where == "unrelated" else "webhook-id"
            entries = [(n, s(v)) for n, v in base if n != hname] + [(hname, value)]
            verify_case(
                f"headers/mapping-{where}-value-{label}",
                cat_,
                STD,
                body_v(BODY),
                dct(*entries),
                i(T),
            )
    # undefined in a mapping is absent (JS: IncomingHttpHeaders; Python: not given).
    entries = [(n, s(v)) for n, v in base if n != "webhook-id"] + [("webhook-id", UNDEF)]
    verify_case("headers/mapping-id-undefined", cat_, STD, body_v(BODY), dct(*entries), i(T))
    # Array values: JS only (IncomingHttpHeaders); a list value is a TypeError in Python.
    for count in (0, 1, 2):
        entries = [(n, s(v)) for n, v in base if n != "webhook-id"]
        value = lst(*(s("msg_1") for _ in range(count)))
        verify_case(
            f"headers/js-array-value-{count}",
            cat_,
            STD,
            body_v(BODY),
            dct(*entries, ("webhook-id", value)),
            i(T),
            languages=("js",),
            expect=[err("missing_header"), OK, err("malformed_header")][count],
            note="JS header values may be arrays of strings: no item is an absent header, "
            "one item is that value, two a duplicate",
        )
    entries = [(n, s(v)) for n, v in base if n != "webhook-id"]
    verify_case(
        "headers/python-list-value",
        cat_,
        STD,
        body_v(BODY),
        dct(*entries, ("webhook-id", lst(s("msg_1")))),
        i(T),
        languages=("python",),
        expect=TYPE_ERROR,
        note="Python header values are str",
    )
    # JS only: a Map is a mapping; its keys must be strings.
    for label, key, outcome in (("map", s("webhook-id"), OK), ("map-number-key", i(1), TYPE_ERROR)):
        map_entries: list[Json] = [[n, v] for n, v in base if n != "webhook-id"]
        map_entries.append([key.enc, "msg_1"])
        verify_case(
            f"headers/js-{label}",
            cat_,
            STD,
            body_v(BODY),
            V({"type": "map", "entries": map_entries}, None, "map"),
            i(T),
            languages=("js",),
            expect=outcome,
            note="a Map of headers (JS): string keys only",
        )
    # Any iterable of pairs: a Python iterator, a JS generator.
    items = [pair(s(n), s(v)) for n, v in base]
    iterator = V(
        {"type": "iterator", "items": [x.enc for x in items]}, [x.py for x in items], "list"
    )
    verify_case("headers/iterator-of-pairs", cat_, STD, body_v(BODY), iterator, i(T))
    bad = [*items, s("ab")]
    iterator = V({"type": "iterator", "items": [x.enc for x in bad]}, [x.py for x in bad], "list")
    verify_case("headers/iterator-with-a-str", cat_, STD, body_v(BODY), iterator, i(T))
    # Header containers that are not mappings or pair lists.
    verify_case("headers/bytes-empty", cat_, STD, body_v(BODY), b(b""), i(T))
    verify_case("headers/bytes-mutable", cat_, STD, body_v(BODY), b(b"ab", "mutable"), i(T))


def gen_signatures() -> None:
    """Signature header contents: entry lists, Stripe items, single values, limits."""
    cat_ = "signatures"
    std_base = genuine(STD)
    good_entry = dict(std_base)["webhook-signature"]
    std_values: list[tuple[str, str]] = [
        ("64-entries-last-good", " ".join(["v2,x"] * 63 + [good_entry])),
        ("65-entries-last-good", " ".join(["v2,x"] * 64 + [good_entry])),
        ("8192-bytes", good_entry + " " * (8192 - len(good_entry))),
        ("8193-bytes", good_entry + " " * (8193 - len(good_entry))),
        ("8193-bytes-tabs", "\t" * (8193 - len(good_entry)) + good_entry),
        ("commas-only", ",,,,"),
        ("v1-empty", "v1,"),
        ("v1-two-commas", "v1,,abc"),
        ("v1-urlsafe", "v1," + "-" * 43 + "="),
        ("v1-unpadded", good_entry.rstrip("=")),
        ("v1-nul-padding", good_entry.rstrip("=") + "\x00"),
        ("v1-newline", good_entry + "\n"),
        ("v1-non-ascii", "v1,\u00e9" * 10),
        ("v1-length-64-bytes", "v1," + base64.b64encode(b"\x00" * 64).decode()),
        ("v1-zero-mac", "v1," + base64.b64encode(b"\x00" * 32).decode()),
        ("uppercase-version", good_entry.replace("v1,", "V1,")),
        ("tab-separated", "v2,x\t" + good_entry),
        ("good-after-junk", "\x00\x01 v9,\u00ff " + good_entry),
        ("many-spaces-10k", " " * 10_000 + good_entry),
    ]
    for label, value in std_values:
        hv = headers_v(replaced(std_base, "webhook-signature", value))
        verify_case(f"signatures/standard-{label}", cat_, STD, body_v(BODY), hv, i(T))
    stripe = SETUPS["stripe"]
    st_base = genuine(stripe)
    st_sig = dict(st_base)["Stripe-Signature"]
    v1 = st_sig.split(",v1=")[1]
    stripe_values: list[tuple[str, str]] = [
        ("no-t", f"v1={v1}"),
        ("two-t", f"t={T},t={T},v1={v1}"),
        ("t-empty", f"t=,v1={v1}"),
        ("t-negative", f"t=-1,v1={v1}"),
        ("t-13-digits", f"t=1000000000000,v1={v1}"),
        ("t-huge", f"t={'9' * 400},v1={v1}"),
        ("t-plus", f"t=+{T},v1={v1}"),
        ("trailing-comma", st_sig + ","),
        ("empty", ","),
        ("only-equals", "="),
        ("key-empty", f"t={T},={v1}"),
        ("v1-65-hex", f"t={T},v1={v1}0"),
        ("v1-uppercase", f"t={T},v1={v1.upper()}"),
        ("v1-non-hex", f"t={T},v1={'g' * 64}"),
        ("v1-nul", f"t={T},v1={v1[:-1]}\x00"),
        ("64-items", ",".join([f"t={T}"] + ["k=v"] * 62 + [f"v1={v1}"])),
        ("65-items", ",".join([f"t={T}"] + ["k=v"] * 63 + [f"v1={v1}"])),
        ("value-with-equals", f"t={T},v1={v1},x=a=b"),
        ("spaces-and-tabs", f" \tt={T}\t , v1={v1} "),
        ("newline-around", f"t={T},\nv1={v1}"),
        ("t-unicode-digits", f"t=\u0661\u0662,v1={v1}"),
        ("t-space-before-equals", f"t ={T},v1={v1}"),
        ("t-tab-after-equals", f"t=\t{T},v1={v1}"),
        ("v1-space-after-equals", f"t={T},v1= {v1}"),
    ]
    for label, value in stripe_values:
        hv = headers_v(replaced(st_base, "Stripe-Signature", value))
        verify_case(f"signatures/stripe-{label}", cat_, stripe, body_v(BODY), hv, i(T))
    for setup_name in ("github", "slack", "shopify", "in-house", "signed"):
        setup = SETUPS[setup_name]
        base = genuine(setup)
        sig_name = setup.model.sig
        good = dict(base)[sig_name]
        prefix = setup.model.prefix
        single_values: list[tuple[str, str]] = [
            ("no-prefix", good[len(prefix) :] if prefix else "sha256=" + good),
            ("prefix-only", prefix or "="),
            ("prefix-uppercase", prefix.upper() + good[len(prefix) :] if prefix else good.lower()),
            ("doubled", good + good[len(prefix) :]),
            ("truncated", good[:-2]),
            ("nul-inside", good[:10] + "\x00" + good[11:]),
            ("non-ascii", prefix + "\u00e9" * 64),
            ("8193-bytes", good + " " * (8193 - len(good))),
            ("10k-nul", "\x00" * 10_000),
            ("equals-only", prefix + "=" * 44),
        ]
        for label, value in single_values:
            hv = headers_v(replaced(base, sig_name, value))
            verify_case(f"signatures/{setup_name}-{label}", cat_, setup, body_v(BODY), hv, i(T))


def gen_timestamps() -> None:
    cat_ = "timestamps"
    texts = [
        ("zero", "0"),
        ("leading-zero", "01700000000"),
        ("plus", "+1700000000"),
        ("minus", "-1700000000"),
        ("decimal", "1700000000.0"),
        ("exponent", "1.7e9"),
        ("hex", "0x6553f100"),
        ("12-digits", "999999999999"),
        ("13-digits", "1000000000000"),
        ("400-digits", "9" * 400),
        ("i64-max", str(I64_MAX)),
        ("u64-overflow", str(2**64)),
        ("inner-space", "1700 000000"),
        ("arabic-digits", "\u0661\u0667\u0660\u0660"),
        ("fullwidth-digits", "\uff11\uff17"),
        ("superscript", "\u00b9\u00b2"),
        ("nul-after", "1700000000\x00"),
        ("newline-after", "1700000000\n"),
        ("spaces-around", "  1700000000\t"),
        ("nan", "NaN"),
        ("infinity", "Infinity"),
    ]
    for setup_name in ("standard", "slack", "in-house", "signed"):
        setup = SETUPS[setup_name]
        ts_name = setup.model.ts
        assert ts_name is not None
        base = genuine(setup)
        for label, text in texts:
            hv = headers_v(replaced(base, ts_name, text))
            verify_case(f"timestamps/{setup_name}-{label}", cat_, setup, body_v(BODY), hv, i(T))
    # Genuine deliveries at the edges, verified at extreme clocks.
    nows = [
        ("now-zero", 0),
        ("now-negative", -1),
        ("now-i64-min", I64_MIN),
        ("now-i64-max", I64_MAX),
        ("now-beyond-i64", 2**64),
        ("now-beyond-negative-i64", -(2**70)),
        ("now-10e30", 10**30),
        ("now-2e53", 2**53),
        ("now-1e308", 10**308),
    ]
    for setup_name in ("standard", "stripe", "slack", "github"):
        setup = SETUPS[setup_name]
        for ts in (0, T, MAX_TIMESTAMP):
            headers = genuine(setup, ts=ts)
            for label, now in nows:
                verify_case(
                    f"timestamps/{setup_name}-ts-{ts}-{label}",
                    cat_,
                    setup,
                    body_v(BODY),
                    headers_v(headers),
                    i(now),
                )
    # The tolerance boundaries with extreme tolerances.
    for tolerance in (0, U32_MAX):
        setup = replace(STD, tolerance=tolerance)
        for ts, now in ((0, U32_MAX), (0, U32_MAX + 1), (MAX_TIMESTAMP, MAX_TIMESTAMP - U32_MAX)):
            headers = genuine(setup, ts=ts)
            verify_case(
                f"timestamps/tolerance-{tolerance}-ts-{ts}-now-{now}",
                cat_,
                setup,
                body_v(BODY),
                headers_v(headers),
                i(now),
            )


def gen_bodies() -> None:
    cat_ = "bodies"
    for setup_name in ("standard", "github", "signed"):
        setup = SETUPS[setup_name]
        samples: list[tuple[str, bytes, str]] = [
            ("empty", b"", "primary"),
            ("nul", b"\x00", "primary"),
            ("invalid-utf8", b"\xff\xfe\xc3\x28\xa0\xa1", "primary"),
            ("overlong-utf8", b"\xc0\xaf\xe0\x80\xaf", "mutable"),
            ("encoded-surrogate", b"\xed\xa0\x80", "view"),
            ("all-bytes", bytes(range(256)), "primary"),
            ("crlf", b"a\r\nb\r\n", "mutable"),
            ("offset-view", b"\x00body\xff", "offset_view"),
            ("wide-view", b"\x01\x02\x03\xff", "wide_view"),
        ]
        for label, data, kind in samples:
            headers = genuine(setup, body=data)
            verify_case(
                f"bodies/{setup_name}-{label}", cat_, setup, b(data, kind), headers_v(headers), i(T)
            )
            # the same signature over a body one byte longer
            verify_case(
                f"bodies/{setup_name}-{label}-plus-nul",
                cat_,
                setup,
                b(data + (b"\x00\x00" if kind == "wide_view" else b"\x00"), kind),
                headers_v(headers),
                i(T),
            )
        # text bodies are UTF-8
        text = "caf\u00e9 \U0001f600 \x00 \u2028"
        headers = genuine(setup, body=text.encode())
        verify_case(
            f"bodies/{setup_name}-text-non-ascii", cat_, setup, s(text), headers_v(headers), i(T)
        )
        verify_case(
            f"bodies/{setup_name}-text-lone-high",
            cat_,
            setup,
            s("a\ud83d"),
            headers_v(headers),
            i(T),
        )
        verify_case(
            f"bodies/{setup_name}-text-lone-low",
            cat_,
            setup,
            s("\ude00a"),
            headers_v(headers),
            i(T),
        )
        verify_case(
            f"bodies/{setup_name}-text-reversed-pair",
            cat_,
            setup,
            s("\ude00\ud83d"),
            headers_v(headers),
            i(T),
        )
    # Large bodies: 64 MiB of bytes, and 16 MiB of multi-byte text.
    big = rep_b(b"a", 64 * MIB)
    headers = genuine(STD, body=big.py)
    verify_case("bodies/standard-64mib", cat_, STD, big, headers_v(headers), i(T), slow=True)
    verify_case(
        "bodies/standard-64mib-other-signature",
        cat_,
        STD,
        big,
        headers_v(genuine(STD, body=b"a")),
        i(T),
        slow=True,
    )
    big_text = rep("\u00e9\U0001f600", 4 * MIB)
    headers = genuine(SETUPS["github"], body=big_text.py.encode())
    verify_case(
        "bodies/github-24mib-text",
        cat_,
        SETUPS["github"],
        big_text,
        headers_v(headers),
        i(T),
        slow=True,
    )
    add(
        sign_case(
            "bodies/sign-64mib",
            cat_,
            STD,
            id_=s("msg_1"),
            ts=i(T),
            body=big,
        )
    )
    CASES[-1].slow = True


def gen_secrets() -> None:
    cat_ = "secrets"
    b64_values = [
        ("empty", ""),
        ("whsec-only", "whsec_"),
        ("whsec-twice", "whsec_whsec_c2VjcmV0"),
        ("one-char", "A"),
        ("five-chars", "AAAAA"),
        ("padding-only", "===="),
        ("partial-padding", "AA="),
        ("over-padded", "AA==="),
        ("padding-in-middle", "AA==AAAA"),
        ("urlsafe", "c2Vj-_0="),
        ("space-inside", "c2Vj cmV0"),
        ("newline-end", "c2VjcmV0\n"),
        ("nul", "c2Vj\x00cmV0"),
        ("non-ascii", "c2Vj\u00e9cmV0"),
        ("unpadded", "c2VjcmV0MQ"),
        ("trailing-bits", "c2VjcmV0MR"),
        ("decodes-to-zero-byte", "AA"),
        ("10mb", None),
    ]
    for label, text in b64_values:
        value = rep("A", 10_000_000) if text is None else s(text)
        add(
            Case(
                f"secrets/standard-{label}",
                cat_,
                "new Webhook",
                {"secret": value},
                secrets_outcome("base64", value) or OK,
                slow=text is None,
            )
        )
    hex_values = [
        ("odd", "abc"),
        ("non-hex", "zz"),
        ("uppercase", "ABCDEF"),
        ("0x-prefix", "0xabcd"),
        ("spaces", "ab cd"),
        ("nul", "ab\x00d"),
        ("empty", ""),
        ("fullwidth", "\uff41\uff42"),
    ]
    hex_scheme = fields(("signature_header", s("X-Sig")), ("secret_encoding", s("hex")))
    for label, text in hex_values:
        add(
            Case(
                f"secrets/hex-{label}",
                cat_,
                "new Webhook",
                {"secret": s(text), "scheme": hex_scheme},
                secrets_outcome("hex", s(text)) or OK,
            )
        )
    utf8_values: list[tuple[str, V]] = [
        ("empty", s("")),
        ("nul", s("\x00")),
        ("non-ascii", s("\u00e9\U0001f600")),
        ("lone-surrogate", s("\udc00secret")),
        ("10mb", rep("s", 10_000_000)),
        ("empty-bytes", b(b"")),
        ("empty-bytearray", b(b"", "mutable")),
        ("empty-view", b(b"", "view")),
        ("nul-byte", b(b"\x00")),
        ("10mb-bytes", rep_b(b"\xff", 10_000_000)),
        ("list-empty", lst()),
        ("list-one-empty", lst(s("ok"), s(""))),
        ("list-null-item", lst(s("ok"), NULL)),
        ("list-int-item", lst(s("ok"), i(1))),
        ("list-nested", lst(s("ok"), lst(s("ok")))),
        ("list-lone-surrogate", lst(s("ok"), s("\udfff"))),
        ("list-bytes-and-text", lst(b(b"k"), s("t"), b(b"v", "view"))),
        ("list-1000", lst(*(s(f"secret-{n}") for n in range(1000)))),
    ]
    for label, value in utf8_values:
        if not secret_type_ok(value):
            outcome: Outcome = TYPE_ERROR
        else:
            outcome = secrets_outcome("utf8", value) or OK
        add(
            Case(
                f"secrets/github-{label}",
                cat_,
                "new Webhook",
                {"secret": value, "scheme": s("github")},
                outcome,
                slow=label.startswith("10mb"),
            )
        )
    # Bytes are the raw key in every scheme, even where text is base64.
    add(Case("secrets/standard-bytes-not-base64", cat_, "new Webhook", {"secret": b(b"!!")}, OK))
    # A delivery signed with the last of 1000 secrets verifies (rotation).
    keys = tuple(f"secret-{n}".encode() for n in range(1000))
    setup = Setup(BUILTIN["github"], lst(*(s(k.decode()) for k in keys)), keys, s("github"))
    headers = sign(setup.model, keys[-1], BODY, "d1", T)
    verify_case(
        "secrets/github-1000-secrets-last-matches",
        cat_,
        setup,
        body_v(BODY),
        headers_v(headers),
        i(T),
    )
    headers = sign(setup.model, b"secret-1000", BODY, "d1", T)
    verify_case(
        "secrets/github-1000-secrets-none-matches",
        cat_,
        setup,
        body_v(BODY),
        headers_v(headers),
        i(T),
    )


def gen_schemes() -> None:
    cat_ = "schemes"
    big = 1_000_000
    sig = ("signature_header", s("X-Sig"))
    entries_list: list[tuple[str, str | None, list[tuple[str | FieldName, V]]]] = [
        ("no-fields", None, []),
        ("only-nulls", None, [("signature_header", NULL), ("prefix", NULL)]),
        ("undefined-signature-header", None, [("signature_header", UNDEF)]),
        ("long-signature-header", None, [("signature_header", rep("a", big))]),
        ("long-name", None, [sig, ("name", rep("n", big))]),
        ("long-prefix", None, [sig, ("prefix", rep("p", big))]),
        ("long-literal-payload", None, [sig, ("payload", cat(rep("x", big), s("{body}")))]),
        ("payload-10k-bodies", None, [sig, ("payload", rep("{body}", 10_000))]),
        (
            "payload-10k-ids",
            None,
            [sig, ("id_header", s("X-Id")), ("payload", cat(rep("{id}", 10_000), s("{body}")))],
        ),
        ("payload-unclosed", None, [sig, ("payload", s("{body"))]),
        ("payload-stray-close", None, [sig, ("payload", s("}{body}"))]),
        ("payload-double-braces", None, [sig, ("payload", s("{{body}}"))]),
        ("payload-nested", None, [sig, ("payload", s("{bo{body}dy}"))]),
        ("payload-uppercase", None, [sig, ("payload", s("{BODY}"))]),
        ("payload-spaces", None, [sig, ("payload", s("{ body }"))]),
        ("payload-nul", None, [sig, ("payload", s("\x00{body}\x00"))]),
        ("payload-non-ascii", None, [sig, ("payload", s("\u00e9{body}\U0001f600"))]),
        ("payload-lone-surrogate", None, [sig, ("payload", s("\ud800{body}"))]),
        ("payload-empty", None, [sig, ("payload", s(""))]),
        ("payload-timestamp-no-header", None, [sig, ("payload", s("{timestamp}.{body}"))]),
        ("payload-id-no-header", None, [sig, ("payload", s("{id}.{body}"))]),
        ("header-nul", None, [("signature_header", s("X-Sig\x00"))]),
        ("header-space", None, [("signature_header", s("X Sig"))]),
        ("header-colon", None, [("signature_header", s("X-Sig:"))]),
        ("header-non-ascii", None, [("signature_header", s("X-S\u00efg"))]),
        ("header-empty", None, [("signature_header", s(""))]),
        ("header-crlf", None, [("signature_header", s("X-Sig\r\nX-Evil"))]),
        ("header-all-token-chars", None, [("signature_header", s("!#$%&'*+-.^_`|~09AZaz"))]),
        ("headers-same-by-case", None, [sig, ("id_header", s("x-sig"))]),
        (
            "id-equals-timestamp",
            None,
            [sig, ("id_header", s("X-A")), ("timestamp_header", s("x-a"))],
        ),
        ("prefix-space", None, [sig, ("prefix", s("sha256= "))]),
        ("prefix-tab", None, [sig, ("prefix", s("\t"))]),
        ("prefix-nul", None, [sig, ("prefix", s("\x00"))]),
        ("prefix-non-ascii", None, [sig, ("prefix", s("\u00e9="))]),
        ("prefix-del", None, [sig, ("prefix", s("\x7f"))]),
        ("prefix-empty", None, [sig, ("prefix", s(""))]),
        ("encoding-upper", None, [sig, ("encoding", s("HEX"))]),
        ("encoding-base64url", None, [sig, ("encoding", s("base64url"))]),
        ("encoding-nul", None, [sig, ("encoding", s("hex\x00"))]),
        ("algorithm-sha1", None, [sig, ("algorithm", s("sha1"))]),
        ("algorithm-padded", None, [sig, ("algorithm", s(" sha256"))]),
        ("secret-encoding-utf-8", None, [sig, ("secret_encoding", s("utf-8"))]),
        ("secret-encoding-long", None, [sig, ("secret_encoding", rep("b", big))]),
        ("name-empty", None, [sig, ("name", s(""))]),
        ("name-nul", None, [sig, ("name", s("\x00"))]),
        ("name-lone-surrogate", None, [sig, ("name", s("\udbff"))]),
        ("tolerance-negative", None, [sig, ("tolerance_seconds", i(-1))]),
        ("tolerance-u32-max", None, [sig, ("tolerance_seconds", i(U32_MAX))]),
        ("tolerance-u32-max-plus-one", None, [sig, ("tolerance_seconds", i(U32_MAX + 1))]),
        ("tolerance-i64-min", None, [sig, ("tolerance_seconds", i(I64_MIN))]),
        ("tolerance-2e100", None, [sig, ("tolerance_seconds", i(2**100))]),
        ("tolerance-string", None, [sig, ("tolerance_seconds", s("300"))]),
        ("tolerance-nan", None, [sig, ("tolerance_seconds", f("nan"))]),
        ("tolerance-infinity", None, [sig, ("tolerance_seconds", f("inf"))]),
        ("tolerance-bool", None, [sig, ("tolerance_seconds", boolean(True))]),
        ("unknown-field", None, [sig, ("nonce_header", s("X-N"))]),
        ("unknown-field-long", None, [sig, ("f" * 10_000, s("x"))]),
        ("unknown-field-nul", None, [sig, ("prefix\x00", s("x"))]),
        ("unknown-field-empty", None, [sig, ("", s("x"))]),
        ("unknown-field-lone-surrogate", None, [sig, ("\udc00", s("x"))]),
        ("unknown-field-null-value", None, [sig, ("nonce_header", NULL)]),
        ("many-unknown-fields", None, [sig, *((f"field_{n}", s("x")) for n in range(1000))]),
        (
            "wrong-case-field",
            None,
            [(FieldName("signatureHeader", "signature_header"), s("X-Sig"))],
        ),
        (
            "wrong-case-field-upper",
            None,
            [(FieldName("SIGNATURE_HEADER", "SIGNATUREHEADER"), s("X-Sig"))],
        ),
        ("base-in-custom-unknown", None, [("base", s("svix"))]),
        ("base-in-custom-int", None, [("base", i(1))]),
        ("base-in-custom-null", None, [("base", NULL), sig]),
        ("base-in-custom-nul", None, [("base", s("standard\x00"))]),
        ("base-in-custom-upper", None, [("base", s("Standard"))]),
        ("base-in-custom-stripe", None, [("base", s("stripe"))]),
        ("standard-prefix", "standard", [("prefix", s("v1="))]),
        ("standard-encoding", "standard", [("encoding", s("hex"))]),
        ("standard-algorithm-null", "standard", [("algorithm", NULL)]),
        ("standard-base-again", "standard", [("base", s("standard"))]),
        ("standard-secret-encoding-utf8", "standard", [("secret_encoding", s("utf8"))]),
        ("stripe-id-header", "stripe", [("id_header", s("X-Id"))]),
        ("stripe-timestamp-header", "stripe", [("timestamp_header", s("X-Ts"))]),
        ("stripe-payload-no-timestamp", "stripe", [("payload", s("{body}"))]),
        ("github-payload-id", "github", [("payload", s("{id}{body}"))]),
        ("github-payload-timestamp", "github", [("payload", s("{timestamp}{body}"))]),
        ("slack-tolerance-huge", "slack", [("tolerance_seconds", i(10**30))]),
        ("shopify-signature-is-id", "shopify", [("signature_header", s("X-Shopify-Webhook-Id"))]),
        ("shopify-long-prefix", "shopify", [("prefix", rep("=", big))]),
    ]
    for label, base, entries in entries_list:
        add(scheme_case(f"schemes/{label}", cat_, base, entries))
    # The overrides argument itself: JS-only shapes (Python's ** takes a mapping).
    js_only: list[tuple[str, str, V, Outcome]] = [
        ("custom-null", "custom", NULL, err("invalid_scheme")),
        ("custom-string", "custom", s("X-Sig"), TYPE_ERROR),
        ("custom-array", "custom", lst(s("X-Sig")), TYPE_ERROR),
        ("custom-number", "custom", i(1), TYPE_ERROR),
        ("standard-null", "standard", NULL, OK),
        ("standard-array", "standard", lst(), TYPE_ERROR),
        ("standard-bool", "standard", boolean(True), TYPE_ERROR),
        (
            "tolerance-bigint",
            "custom",
            fields(("signature_header", s("X-Sig")), ("tolerance_seconds", bigint(5))),
            err("invalid_scheme"),
        ),
    ]
    for label, base_name, value, outcome in js_only:
        add(
            Case(
                f"schemes/js-overrides-{label}",
                cat_,
                "scheme",
                {"base": s(base_name), "fields": value},
                outcome,
                languages=("js",),
                note="the fields argument of Scheme.custom / Scheme.<base> in JS: undefined "
                "and null mean none, a non-object is a TypeError",
            )
        )
    # Python-only: a field name that is not a str is Python's own TypeError.
    add(
        Case(
            "schemes/python-field-name-int",
            cat_,
            "scheme",
            {
                "base": s("custom"),
                "fields": V(
                    {"type": "fields", "entries": [[{"type": "int", "value": "1"}, "x"]]},
                    None,
                    "fields",
                ),
            },
            TYPE_ERROR,
            languages=("python",),
            note="keyword names must be str",
        )
    )
    # Schemes given to Webhook: names, Scheme objects, mappings.
    names: list[tuple[str, V, V]] = [
        ("name-upper", s("STANDARD"), STD.secret),
        ("name-padded", s(" standard"), STD.secret),
        ("name-nul", s("standard\x00"), STD.secret),
        ("name-svix", s("svix"), STD.secret),
        ("name-10mb", rep("s", 10_000_000), STD.secret),
        ("name-lone-surrogate", s("stripe\udc00"), STD.secret),
        ("name-empty", s(""), STD.secret),
    ]
    for label, scheme, secret in names:
        outcome = TYPE_ERROR if not is_well_formed(scheme.py) else err("invalid_scheme")
        add(
            Case(
                f"schemes/webhook-{label}",
                cat_,
                "new Webhook",
                {"secret": secret, "scheme": scheme},
                outcome,
                slow=label == "name-10mb",
            )
        )
    # Scheme objects and mappings that build, with secrets that do or do not decode.
    objs: list[tuple[str, V, V, Outcome]] = [
        (
            "object-standard-utf8-secret",
            scheme_obj("standard", fields(("secret_encoding", s("utf8")))),
            s("plain!"),
            OK,
        ),
        (
            "object-standard-base64-bad-secret",
            scheme_obj("standard"),
            s("plain!"),
            err("invalid_secret"),
        ),
        ("object-github", scheme_obj("github"), s("x"), OK),
        (
            "mapping-base-standard-hex-odd",
            fields(("base", s("standard")), ("secret_encoding", s("hex"))),
            s("abc"),
            err("invalid_secret"),
        ),
        (
            "mapping-invalid-and-bad-secret",
            fields(("signature_header", s("X Sig"))),
            s(""),
            err("invalid_scheme"),
        ),
        ("mapping-empty", dct(), s("x"), err("invalid_scheme")),
    ]
    for label, scheme, secret, outcome in objs:
        add(
            Case(
                f"schemes/webhook-{label}",
                cat_,
                "new Webhook",
                {"secret": secret, "scheme": scheme},
                outcome,
            )
        )
    # A bytes value as the scheme is no mapping of fields.
    add(
        Case(
            "schemes/webhook-scheme-bytes-empty",
            cat_,
            "new Webhook",
            {"secret": STD.secret, "scheme": b(b"")},
            TYPE_ERROR,
        )
    )
    # Extreme tolerance overrides through Webhook.
    for label, value in (
        ("u32-max", i(U32_MAX)),
        ("u32-max-plus-one", i(U32_MAX + 1)),
        ("i64-max", i(I64_MAX)),
        ("2e64", i(2**64)),
        ("i64-min", i(I64_MIN)),
        ("negative-zero-fraction", f("-0.5")),
    ):
        if value.kind != "int":
            outcome = TYPE_ERROR
        else:
            outcome = OK if 0 <= value.py <= U32_MAX else err("invalid_scheme")
        add(
            Case(
                f"schemes/webhook-tolerance-{label}",
                cat_,
                "new Webhook",
                {"secret": s("x"), "scheme": s("github"), "tolerance_seconds": value},
                outcome,
            )
        )


def gen_sign() -> None:
    cat_ = "sign"
    ids: list[tuple[str, V]] = [
        ("empty", s("")),
        ("257-bytes", rep("i", 257)),
        ("256-bytes", rep("i", 256)),
        ("128-two-byte-chars", rep("\u00e9", 128)),
        ("129-two-byte-chars", rep("\u00e9", 129)),
        ("10mb", rep("i", 10_000_000)),
        ("nul", s("a\x00b")),
        ("newline", s("a\nb")),
        ("del", s("a\x7fb")),
        ("c1-control", s("a\x85b")),
        ("leading-space", s(" a")),
        ("trailing-tab", s("a\t")),
        ("line-separator", s("a\u2028b")),
        ("emoji", s("\U0001f600")),
        ("lone-surrogate", s("a\udc00")),
    ]
    for setup_name in SETUP_NAMES:
        setup = SETUPS[setup_name]
        for label, value in ids:
            add(sign_case(f"sign/{setup_name}-id-{label}", cat_, setup, id_=value, ts=i(T)))
        for label, ts in (
            ("ts-negative", -1),
            ("ts-max", MAX_TIMESTAMP),
            ("ts-max-plus-one", MAX_TIMESTAMP + 1),
            ("ts-i64-max", I64_MAX),
            ("ts-i64-min", I64_MIN),
            ("ts-2e70", 2**70),
            ("ts-minus-2e70", -(2**70)),
        ):
            add(sign_case(f"sign/{setup_name}-{label}", cat_, setup, id_=s("m"), ts=i(ts)))
    # Signature headers that grow with the secrets or the prefix.
    utf8_standard = scheme_obj("standard", fields(("secret_encoding", s("utf8"))))
    for base, count in (("standard", 64), ("standard", 65), ("stripe", 63), ("stripe", 64)):
        keys = tuple(f"rotated secret {n}".encode() for n in range(count))
        setup = Setup(
            replace(BUILTIN[base], secret_encoding="utf8"),
            lst(*(s(k.decode()) for k in keys)),
            keys,
            utf8_standard if base == "standard" else s(base),
        )
        add(sign_case(f"sign/{base}-{count}-secrets", cat_, setup, id_=s("m"), ts=i(T)))
    for length in (8000, 9000):
        prefix = "p" * length
        model = Model(
            "custom", "single", "X-Sig", None, None, prefix, "hex", "sha256", "{body}", "utf8"
        )
        scheme = fields(("signature_header", s("X-Sig")), ("prefix", s(prefix)))
        setup = Setup(model, s("long prefix secret"), (b"long prefix secret",), scheme)
        add(sign_case(f"sign/custom-prefix-{length}", cat_, setup, id_=s("m"), ts=i(T)))


def gen_guard() -> None:
    cat_ = "guard"
    values: list[tuple[str, V]] = [
        ("zero", i(0)),
        ("one", i(1)),
        ("negative", i(-1)),
        ("u32-max", i(U32_MAX)),
        ("u32-max-plus-one", i(U32_MAX + 1)),
        ("i64-max", i(I64_MAX)),
        ("2e70", i(2**70)),
        ("i64-min", i(I64_MIN)),
    ]
    for label, value in values:
        add(guard_new_case(f"guard/capacity-{label}", cat_, capacity=value))
        add(guard_new_case(f"guard/ttl-{label}", cat_, ttl=value))
    for label, now in (
        ("now-i64-max", I64_MAX),
        ("now-i64-min", I64_MIN),
        ("now-2e70", 2**70),
        ("now-minus-2e70", -(2**70)),
        ("now-zero", 0),
    ):
        add(guard_use_case(f"guard/claim-{label}", cat_, "guard claim", VERIFIED, i(now)))
    # Replays, expiry and capacity at ordinary and extreme times.
    github = SETUPS["github"]
    sequences: list[tuple[str, Setup, int | None, int | None, tuple[tuple[str, int], ...], int]] = [
        ("capacity-0-claim", STD, 0, None, (), T),
        ("capacity-1-claim", STD, 1, None, (), T),
        ("replay-same-now", STD, None, None, (("claim", T),), T),
        ("replay-at-window-end", STD, None, None, (("claim", T),), T + DEFAULT_TOLERANCE),
        ("replay-after-window", STD, None, None, (("claim", T),), T + DEFAULT_TOLERANCE + 1),
        ("replay-at-i64-max", STD, None, None, (("claim", T),), I64_MAX),
        ("replay-at-2e70", STD, None, None, (("claim", T),), 2**70),
        ("replay-at-i64-min", STD, None, None, (("claim", T),), I64_MIN),
        ("replay-at-minus-2e70", STD, None, None, (("claim", T),), -(2**70)),
        ("release-then-claim", STD, None, None, (("claim", T), ("release", T)), T),
        ("release-before-claim", STD, None, None, (("release", T),), T),
        ("capacity-1-replay", STD, 1, None, (("claim", T),), T),
        ("unsigned-replay-inside-ttl", github, None, 10, (("claim", T),), T + 9),
        ("unsigned-replay-at-ttl", github, None, 10, (("claim", T),), T + 10),
        ("unsigned-replay-ttl-max", github, None, U32_MAX, (("claim", T),), T + U32_MAX - 1),
        ("unsigned-replay-at-i64-max", github, None, None, (("claim", T),), I64_MAX),
        ("unsigned-replay-at-i64-min", github, None, None, (("claim", T),), I64_MIN),
        ("unsigned-claim-at-i64-max", github, None, None, (), I64_MAX),
    ]
    for label, setup, capacity, ttl, before, now in sequences:
        add(
            guard_use_case(
                f"guard/{label}",
                cat_,
                "guard claim",
                VERIFIED,
                i(now),
                setup=setup,
                capacity=capacity,
                ttl=ttl,
                before=before,
            )
        )
    # A verified-looking object is not a Verified.
    fake = dct(
        ("id", s("msg_1")), ("timestamp", i(T)), ("secret_index", i(0)), ("scheme", s("standard"))
    )
    add(guard_use_case("guard/claim-lookalike-mapping", cat_, "guard claim", fake, i(T)))
    add(guard_use_case("guard/release-lookalike-mapping", cat_, "guard release", fake, i(T)))
    # JS options bags of the wrong type.
    for label, opts, outcome in (
        ("options-number", i(5), TYPE_ERROR),
        ("options-string", s("now"), TYPE_ERROR),
        ("options-bool", boolean(True), TYPE_ERROR),
        ("options-null", NULL, OK),
        ("options-now-bigint", dct(("now", bigint(T))), TYPE_ERROR),
    ):
        case = guard_use_case(f"guard/js-claim-{label}", cat_, "guard claim", VERIFIED, UNDEF)
        case.args = {"verified": VERIFIED, "js_options": opts}
        case.expect = outcome
        case.languages = ("js",)
        case.note = "the options bag of claim in JS"
        add(case)


def gen_js_options() -> None:
    """JS-only: the options bags of new Webhook, verify and sign."""
    cat_ = "types"
    github = SETUPS["github"]
    for label, args, op in (
        (
            "webhook-tolerance",
            {"secret": s("x"), "js_options": dct(("toleranceSeconds", bigint(5)))},
            "new Webhook",
        ),
        (
            "verify-now",
            {
                "body": body_v(BODY),
                "headers": headers_v(genuine(github)),
                "js_options": dct(("now", bigint(T))),
            },
            "verify",
        ),
        (
            "sign-timestamp",
            {"body": body_v(BODY), "js_options": dct(("timestamp", bigint(T)))},
            "sign",
        ),
        ("guard-capacity", {"js_options": dct(("capacity", bigint(5)))}, "new ReplayGuard"),
    ):
        add(
            Case(
                f"types/js-{label}-bigint",
                cat_,
                op,
                args,
                TYPE_ERROR,
                setup=None if op.startswith("new") else github,
                languages=("js",),
                note="a BigInt is no JS number: integer options are numbers",
            )
        )
    bad: list[tuple[str, V, Outcome]] = [
        ("number", i(5), TYPE_ERROR),
        ("string", s("x"), TYPE_ERROR),
        ("bool", boolean(False), TYPE_ERROR),
        ("null", NULL, OK),
    ]
    github = SETUPS["github"]
    headers = genuine(github)
    for label, opts, outcome in bad:
        add(
            Case(
                f"types/js-webhook-options-{label}",
                cat_,
                "new Webhook",
                {"secret": STD.secret, "js_options": opts},
                outcome,
                languages=("js",),
                note="the options bag of new Webhook in JS",
            )
        )
        add(
            Case(
                f"types/js-verify-options-{label}",
                cat_,
                "verify",
                {
                    "body": body_v(BODY),
                    "headers": headers_v(headers),
                    "js_options": opts,
                },
                outcome,
                setup=github,
                languages=("js",),
                note="the options bag of verify in JS",
            )
        )
        add(
            Case(
                f"types/js-sign-options-{label}",
                cat_,
                "sign",
                {
                    "body": body_v(BODY),
                    "js_options": opts,
                },
                outcome,
                setup=github,
                languages=("js",),
                note="the options bag of sign in JS",
            )
        )


def gen_js_only() -> None:
    """JS-only shapes: sparse arrays, detached buffers, objects that are no mapping."""
    cat_ = "types"
    github = SETUPS["github"]
    empty_signed = genuine(github, body=b"")
    note_detached = "a view of a detached ArrayBuffer has no bytes: it reads as empty"
    add(
        Case(
            "types/js-detached-body",
            cat_,
            "verify",
            {"body": b(b"abc", "detached"), "headers": headers_v(empty_signed), "now": i(T)},
            OK,
            setup=github,
            languages=("js",),
            note=note_detached,
        )
    )
    add(
        Case(
            "types/js-detached-secret",
            cat_,
            "new Webhook",
            {"secret": b(b"abc", "detached"), "scheme": s("github")},
            err("invalid_secret"),
            languages=("js",),
            note=note_detached,
        )
    )
    for label, length, items in (
        ("sparse-secrets-hole-first", 2, {"1": "x"}),
        ("sparse-secrets-all-holes", 2, {}),
    ):
        add(
            Case(
                f"types/js-{label}",
                cat_,
                "new Webhook",
                {
                    "secret": V({"type": "sparse", "length": length, "items": items}, None, "list"),
                    "scheme": s("github"),
                },
                TYPE_ERROR,
                languages=("js",),
                note="a hole in an array of secrets is undefined, which is no secret",
            )
        )
    add(
        Case(
            "types/js-sparse-headers",
            cat_,
            "verify",
            {
                "body": body_v(BODY),
                "headers": V({"type": "sparse", "length": 2, "items": {}}, None, "list"),
                "now": i(T),
            },
            TYPE_ERROR,
            setup=github,
            languages=("js",),
            note="a hole in an array of header pairs is undefined, which is no pair",
        )
    )
    add(
        Case(
            "types/js-webhook-scheme-string-object",
            cat_,
            "new Webhook",
            {
                "secret": s("x"),
                "scheme": V({"type": "string_object", "value": "github"}, None, "x"),
            },
            TYPE_ERROR,
            languages=("js",),
            note="a String object is neither a scheme name (a string) nor an object of fields",
        )
    )


GENERATORS = (
    gen_types,
    gen_headers,
    gen_signatures,
    gen_timestamps,
    gen_bodies,
    gen_secrets,
    gen_schemes,
    gen_sign,
    gen_guard,
    gen_js_options,
    gen_js_only,
)


def build() -> str:
    CASES.clear()
    for gen in GENERATORS:
        gen()
    names = [c.name for c in CASES]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, duplicates
    counts: dict[str, int] = {}
    for case in CASES:
        counts[case.category] = counts.get(case.category, 0) + 1
        assert len(case.expect) == 1, case.name
    head = {
        "description": "hookseal hostile-input corpus: see README.md. Generated by generate.py.",
        "counts": dict(sorted(counts.items())),
        "total": len(CASES),
    }
    # One case per line: compact, and a changed case is a one-line diff.
    lines = [json.dumps(c.to_json(), sort_keys=True, ensure_ascii=True) for c in CASES]
    text = json.dumps(head, indent=1, sort_keys=True)[:-2]
    return text + ',\n "cases": [\n' + ",\n".join(lines) + "\n ]\n}\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv[1:]
    unknown = [a for a in argv[1:] if a != "--check"]
    if unknown:
        print("usage: generate.py [--check]", file=sys.stderr)
        return 2
    text = build()
    if check:
        try:
            with open(OUT, encoding="utf-8", newline="") as fh:
                current: str | None = fh.read()
        except FileNotFoundError:
            current = None
        if current != text:
            print("differs: tests/hostile/corpus.json", file=sys.stderr)
            print("run: python3 tests/hostile/generate.py", file=sys.stderr)
            return 1
        print(f"tests/hostile/corpus.json is up to date ({len(CASES)} cases)")
        return 0
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    print(f"wrote tests/hostile/corpus.json ({len(CASES)} cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
