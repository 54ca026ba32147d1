"""Conversions and Python idioms of the binding: types in, exceptions out.

Cryptography is not re-tested here (the vectors do that); these tests check that every
accepted Python type reaches the core unchanged and that every wrong one is refused with the
documented exception.
"""

from __future__ import annotations

import array
import threading
import time
from typing import Any

import pytest
from django.http.request import HttpHeaders
from starlette.datastructures import Headers as StarletteHeaders
from werkzeug.datastructures import EnvironHeaders
from werkzeug.datastructures import Headers as WerkzeugHeaders

import hookseal

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODY = b'{"test": 2432232314}'
ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TS = 1614265330
SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
HEADERS = {"webhook-id": ID, "webhook-timestamp": str(TS), "webhook-signature": SIG}


@pytest.fixture
def wh() -> hookseal.Webhook:
    return hookseal.Webhook(SECRET)


@pytest.mark.parametrize(
    "body",
    [BODY, bytearray(BODY), memoryview(BODY), BODY.decode(), memoryview(bytearray(BODY))],
    ids=["bytes", "bytearray", "memoryview", "str", "memoryview-of-bytearray"],
)
def test_body_types(wh: hookseal.Webhook, body: Any) -> None:
    assert wh.verify(body, HEADERS, now=TS).id == ID


def test_str_body_is_utf8() -> None:
    wh = hookseal.Webhook("k", scheme="github")
    signed = wh.sign("café")
    assert wh.verify("café".encode(), signed).id is None
    with pytest.raises(hookseal.SignatureMismatchError):
        wh.verify("café".encode("latin-1"), signed)


@pytest.mark.parametrize(
    "body", [None, 1, ["a"], "\ud800"], ids=["none", "int", "list", "surrogate"]
)
def test_bad_body_is_type_error(wh: hookseal.Webhook, body: Any) -> None:
    with pytest.raises(TypeError):
        wh.verify(body, HEADERS, now=TS)


def environ() -> dict[str, Any]:
    return {
        "HTTP_WEBHOOK_ID": ID,
        "HTTP_WEBHOOK_TIMESTAMP": str(TS),
        "HTTP_WEBHOOK_SIGNATURE": SIG,
        "CONTENT_TYPE": "application/json",
    }


HEADER_FORMS: dict[str, Any] = {
    "dict": HEADERS,
    "mixed-case-dict": {k.title(): v for k, v in HEADERS.items()},
    "pairs-list": list(HEADERS.items()),
    "pairs-tuple": tuple(HEADERS.items()),
    "starlette": StarletteHeaders(headers=HEADERS),
    "werkzeug": WerkzeugHeaders(HEADERS),
    "werkzeug-environ": EnvironHeaders(environ()),
    "django": HttpHeaders(environ()),
    "other-headers-too": {**HEADERS, "content-type": "application/json", "x": "y"},
}


@pytest.mark.parametrize("headers", HEADER_FORMS.values(), ids=HEADER_FORMS.keys())
def test_header_forms(wh: hookseal.Webhook, headers: Any) -> None:
    verified = wh.verify(BODY, headers, now=TS)
    assert (verified.id, verified.timestamp, verified.secret_index) == (ID, TS, 0)


def test_duplicate_headers_are_malformed(wh: hookseal.Webhook) -> None:
    pairs = [*HEADERS.items(), ("Webhook-Id", ID)]
    with pytest.raises(hookseal.MalformedHeaderError):
        wh.verify(BODY, pairs, now=TS)
    with pytest.raises(hookseal.MalformedHeaderError):
        wh.verify(BODY, {**HEADERS, "WEBHOOK-ID": ID}, now=TS)


@pytest.mark.parametrize(
    "headers",
    [
        {**HEADERS, "webhook-id": 1},
        {**HEADERS, "content-type": None},
        {1: "x", **HEADERS},
        [("webhook-id",)],
        ["ab"],
        [("a", "b", "c")],
        42,
        None,
    ],
    ids=[
        "int-value",
        "none-unrelated",
        "int-name",
        "one-tuple",
        "str-item",
        "triple",
        "int",
        "none",
    ],
)
def test_bad_headers_are_type_errors(wh: hookseal.Webhook, headers: Any) -> None:
    with pytest.raises(TypeError):
        wh.verify(BODY, headers, now=TS)


def test_secrets_forms() -> None:
    raw = b"raw key bytes"
    for secret in (raw, bytearray(raw), memoryview(raw)):
        wh = hookseal.Webhook(secret, scheme="github")
        assert hookseal.Webhook(raw.decode(), scheme="github").verify(b"x", wh.sign(b"x"))
    rotated = hookseal.Webhook(["old", b"new"], scheme="github")
    signed_new = hookseal.Webhook("new", scheme="github").sign(b"x")
    assert rotated.verify(b"x", signed_new).secret_index == 1
    assert hookseal.Webhook(("old", "new"), scheme="github").verify(b"x", signed_new)


@pytest.mark.parametrize(
    "secret", [None, 1, [1], {"a": "b"}], ids=["none", "int", "list-int", "dict"]
)
def test_bad_secret_type(secret: Any) -> None:
    with pytest.raises(TypeError):
        hookseal.Webhook(secret)


@pytest.mark.parametrize("secret", ["", [], b"", "whsec_", "whsec_!!"])
def test_invalid_secret(secret: Any) -> None:
    with pytest.raises(hookseal.InvalidSecretError) as info:
        hookseal.Webhook(secret)
    assert info.value.code == "invalid_secret"


def test_scheme_forms() -> None:
    in_house = {
        "signature_header": "X-Webhook-Signature",
        "prefix": "sha256=",
        "id_header": "X-Webhook-ID",
        "timestamp_header": "X-Webhook-Timestamp",
    }
    for scheme in (
        in_house,
        hookseal.Scheme.custom(**in_house),
        hookseal.Scheme.github(
            signature_header="X-Webhook-Signature",
            id_header="X-Webhook-ID",
            timestamp_header="X-Webhook-Timestamp",
        ),
    ):
        wh = hookseal.Webhook("secret", scheme=scheme)
        signed = wh.sign(b"{}", id="evt_1", timestamp=TS)
        assert set(signed) == {"X-Webhook-Signature", "X-Webhook-ID", "X-Webhook-Timestamp"}
        assert wh.verify(b"{}", signed, now=TS).timestamp == TS
    utf8_standard = hookseal.Scheme.standard(secret_encoding="utf8")
    assert utf8_standard.name == "standard"
    assert hookseal.Webhook("plain text", scheme=utf8_standard).scheme.name == "standard"
    assert hookseal.Webhook(SECRET, scheme=None).scheme.name == "standard"
    assert hookseal.Webhook(SECRET, scheme="standard").tolerance_seconds == 300


@pytest.mark.parametrize(
    "make",
    [
        lambda: hookseal.Scheme.custom(signature_header="X", colour="blue"),
        lambda: hookseal.Scheme.custom(),
        lambda: hookseal.Scheme.standard(prefix="v1,"),
        lambda: hookseal.Webhook("s", scheme="nope"),
        lambda: hookseal.Webhook("s", scheme={"signature_header": "X", "signatureHeader": "X"}),
        lambda: hookseal.Webhook("s", scheme={"signature_header": "X", "tolerance_seconds": True}),
        lambda: hookseal.Webhook("s", scheme={"signature_header": "X", "tolerance_seconds": 1.5}),
        lambda: hookseal.Webhook(
            "s", scheme={"signature_header": "X", "tolerance_seconds": 10**30}
        ),
        lambda: hookseal.Webhook("s", scheme="github", tolerance_seconds=-1),
        lambda: hookseal.Webhook("s", scheme="github", tolerance_seconds=2**32),
        lambda: hookseal.Webhook("s", scheme="github", tolerance_seconds=10**30),
    ],
    ids=[
        "unknown-kwarg",
        "no-header",
        "inapplicable",
        "unknown-name",
        "camel-in-python",
        "bool-tolerance",
        "float-tolerance",
        "huge-field",
        "negative",
        "above-u32",
        "huge",
    ],
)
def test_invalid_scheme(make: Any) -> None:
    with pytest.raises(hookseal.InvalidSchemeError) as info:
        make()
    assert info.value.code == "invalid_scheme"


@pytest.mark.parametrize(
    "make",
    [
        lambda: hookseal.Webhook("s", scheme=42),
        lambda: hookseal.Webhook("s", scheme={1: "x"}),
        lambda: hookseal.Webhook("s", tolerance_seconds="300"),
        lambda: hookseal.Webhook("s", tolerance_seconds=True),
    ],
    ids=["int-scheme", "int-field-name", "str-tolerance", "bool-tolerance"],
)
def test_wrong_argument_types(make: Any) -> None:
    with pytest.raises(TypeError):
        make()


def test_now_argument(wh: hookseal.Webhook) -> None:
    with pytest.raises(TypeError):
        wh.verify(BODY, HEADERS, now=1614265330.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        wh.verify(BODY, HEADERS, now=True)
    with pytest.raises(hookseal.TimestampTooOldError):
        wh.verify(BODY, HEADERS, now=10**30)
    with pytest.raises(hookseal.TimestampTooNewError):
        wh.verify(BODY, HEADERS, now=-(10**30))
    with pytest.raises(hookseal.TimestampTooOldError):
        wh.verify(BODY, HEADERS)  # the clock: 2021's delivery is long stale


def test_exceptions_carry_codes(wh: hookseal.Webhook) -> None:
    classes = {
        "guard_full": hookseal.GuardFullError,
        "invalid_scheme": hookseal.InvalidSchemeError,
        "invalid_secret": hookseal.InvalidSecretError,
        "malformed_header": hookseal.MalformedHeaderError,
        "missing_header": hookseal.MissingHeaderError,
        "replayed": hookseal.ReplayedError,
        "signature_mismatch": hookseal.SignatureMismatchError,
        "timestamp_too_new": hookseal.TimestampTooNewError,
        "timestamp_too_old": hookseal.TimestampTooOldError,
    }
    for code, cls in classes.items():
        assert issubclass(cls, hookseal.WebhookError)
        assert issubclass(cls, ValueError)
        assert cls.code == code
        assert cls.__module__ == "hookseal"
    with pytest.raises(hookseal.WebhookError) as info:
        wh.verify(b"tampered", HEADERS, now=TS)
    assert type(info.value) is hookseal.SignatureMismatchError
    assert info.value.code == "signature_mismatch"
    assert str(info.value) == "signature mismatch webhook-signature: no signature matches"
    assert SECRET[6:] not in str(info.value) and SIG[3:] not in str(info.value)
    with pytest.raises(hookseal.MissingHeaderError, match="webhook-timestamp"):
        wh.verify(BODY, {"webhook-id": ID, "webhook-signature": SIG}, now=TS)


def test_sign_returns_a_dict_that_verifies(wh: hookseal.Webhook) -> None:
    signed = wh.sign(BODY)
    assert list(signed) == ["webhook-id", "webhook-timestamp", "webhook-signature"]
    assert all(isinstance(v, str) for v in signed.values())
    assert signed["webhook-id"].startswith("msg_") and len(signed["webhook-id"]) >= 24
    assert abs(int(signed["webhook-timestamp"]) - int(time.time())) <= 5
    assert wh.verify(BODY, signed).id == signed["webhook-id"]
    assert wh.sign(BODY, id=ID, timestamp=TS)["webhook-signature"] == SIG
    with pytest.raises(TypeError):
        wh.sign(BODY, id=5)  # type: ignore[arg-type]
    with pytest.raises(hookseal.MalformedHeaderError):
        wh.sign(BODY, id=" padded", timestamp=TS)
    with pytest.raises(hookseal.MalformedHeaderError):
        wh.sign(BODY, timestamp=-1)


def test_verified_and_reprs(wh: hookseal.Webhook) -> None:
    verified = wh.verify(BODY, HEADERS, now=TS)
    assert repr(verified) == (
        f'Verified(id="{ID}", timestamp={TS}, secret_index=0, scheme="standard")'
    )
    assert repr(wh) == 'Webhook(scheme="standard", tolerance_seconds=300)'
    assert repr(hookseal.Scheme.github()).startswith('Scheme(name="github"')
    assert SECRET[6:] not in repr(wh)
    github = hookseal.Webhook("k", scheme="github").verify(
        b"x", hookseal.Webhook("k", scheme="github").sign(b"x")
    )
    assert (github.id, github.timestamp, github.scheme) == (None, None, "github")


def test_replay_guard(wh: hookseal.Webhook) -> None:
    guard = hookseal.ReplayGuard(capacity=2, ttl_seconds=60)
    assert (guard.capacity, guard.ttl_seconds, len(guard)) == (2, 60, 0)
    verified = wh.verify(BODY, HEADERS, now=TS)
    guard.claim(verified, now=TS)
    with pytest.raises(hookseal.ReplayedError):
        guard.claim(verified, now=TS + 1)
    guard.release(verified)
    guard.claim(verified, now=TS + 2)
    assert len(guard) == 1
    assert hookseal.ReplayGuard().capacity == hookseal.DEFAULT_GUARD_CAPACITY == 100_000
    assert hookseal.ReplayGuard().ttl_seconds == hookseal.DEFAULT_GUARD_TTL_SECONDS == 86_400
    with pytest.raises(ValueError):
        hookseal.ReplayGuard(capacity=-1)
    with pytest.raises(ValueError):
        hookseal.ReplayGuard(ttl_seconds=2**32)
    with pytest.raises(TypeError):
        guard.claim("not verified")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hookseal.ReplayGuard(capacity="10")  # type: ignore[arg-type]


def test_generate_secret() -> None:
    secret = hookseal.generate_secret()
    assert secret.startswith("whsec_") and len(secret) == 6 + 44
    assert secret != hookseal.generate_secret()
    wh = hookseal.Webhook(secret)
    assert wh.verify(b"x", wh.sign(b"x"))


def test_large_bodies_release_the_gil() -> None:
    """Another thread runs while one verifies a large body (the GIL is released)."""
    wh = hookseal.Webhook("k", scheme="github")
    body = bytes(64 * 1024 * 1024)
    signed = wh.sign(body)
    ticks = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1

    counter = threading.Thread(target=count)
    counter.start()
    try:
        time.sleep(0.01)
        before = ticks
        wh.verify(body, signed)
        during = ticks - before
    finally:
        stop.set()
        counter.join()
    assert during > 0, "no other thread ran while a 64 MiB body was verified"


def test_buffer_format_is_raw_bytes() -> None:
    """A memoryview of another item type is read as its raw bytes."""
    wh = hookseal.Webhook("k", scheme="github")
    data = array.array("i", [1, 2, 3])
    assert wh.verify(memoryview(data), wh.sign(data.tobytes()))


# A lone surrogate: a `str` that has no UTF-8 encoding.
LONE = "\ud800"
NOT_UTF8 = "must be a str that encodes as UTF-8"


@pytest.mark.parametrize(
    "make",
    [
        lambda: hookseal.Webhook(LONE),
        lambda: hookseal.Webhook(["old", "new" + LONE], scheme="github"),
        lambda: hookseal.Webhook(SECRET).verify(BODY, {**HEADERS, "webhook-id": LONE}, now=TS),
        lambda: hookseal.Webhook(SECRET).sign(BODY, id="msg_" + LONE, timestamp=TS),
        lambda: hookseal.Webhook(SECRET, scheme="github" + LONE),
        lambda: hookseal.Scheme.custom(signature_header="X-Sig" + LONE),
        lambda: hookseal.Scheme.standard(name=LONE),
        lambda: hookseal.Webhook("s", scheme={"signature_header": "X", "prefix": LONE}),
        lambda: hookseal.Webhook("s", scheme={"signature_header": "X", LONE: "x"}),
        lambda: hookseal.Scheme.custom(**{"signature_header": "X", LONE: "x"}),
    ],
    ids=[
        "secret",
        "secret-in-list",
        "header-value",
        "sign-id",
        "scheme-name",
        "custom-field",
        "override-field",
        "dict-field",
        "dict-field-name",
        "kwarg-field-name",
    ],
)
def test_lone_surrogates_are_type_errors(make: Any) -> None:
    with pytest.raises(TypeError, match=NOT_UTF8):
        make()


def test_headers_not_read_are_not_converted(wh: hookseal.Webhook) -> None:
    # Only the headers the scheme reads must encode as UTF-8: others are ignored, even
    # with a name as long as one the scheme reads.
    assert len("x-other-12") == len("webhook-id")
    headers = {
        **HEADERS,
        "x-forwarded-for-something-long": LONE,
        "x-other-12": LONE,
        "webhook-" + LONE + "i": "x",
    }
    assert wh.verify(BODY, headers, now=TS).id == ID


ITERABLE_HEADER_FORMS: dict[str, Any] = {
    "generator": lambda: ((name, value) for name, value in HEADERS.items()),
    "items-view": lambda: HEADERS.items(),
    "zip": lambda: zip(list(HEADERS), [HEADERS[name] for name in HEADERS]),
    "iterator-of-lists": lambda: iter([[name, value] for name, value in HEADERS.items()]),
}


@pytest.mark.parametrize("make", ITERABLE_HEADER_FORMS.values(), ids=ITERABLE_HEADER_FORMS.keys())
def test_any_iterable_of_pairs(wh: hookseal.Webhook, make: Any) -> None:
    verified = wh.verify(BODY, make(), now=TS)
    assert (verified.id, verified.timestamp) == (ID, TS)


@pytest.mark.parametrize(
    "headers",
    [
        "webhook-id",
        b"webhook-id",
        bytearray(b"ab"),
        "ab",
        (item for item in ["ab"]),
        iter([("webhook-id", ID, "x")]),
        iter([1]),
    ],
    ids=["str", "bytes", "bytearray", "two-char-str", "str-items", "triple", "int-items"],
)
def test_strings_and_bad_iterables_are_refused(wh: hookseal.Webhook, headers: Any) -> None:
    with pytest.raises(TypeError):
        wh.verify(BODY, headers, now=TS)


def scheme_error(make: Any) -> str:
    with pytest.raises(hookseal.InvalidSchemeError) as info:
        make()
    return str(info.value)


@pytest.mark.parametrize("tolerance", [10**30, -(10**30), 2**63, -(2**63) - 1])
def test_out_of_range_integer_field_is_a_range_error(tolerance: int) -> None:
    # The same message as an in-range value the core refuses, and as the Node package gives.
    in_range = scheme_error(
        lambda: hookseal.Scheme.custom(signature_header="X", tolerance_seconds=-1)
    )
    assert in_range.endswith('"tolerance_seconds" must be between 0 and 4294967295')
    custom = scheme_error(
        lambda: hookseal.Scheme.custom(signature_header="X", tolerance_seconds=tolerance)
    )
    mapping = scheme_error(
        lambda: hookseal.Webhook(
            "s", scheme={"signature_header": "X", "tolerance_seconds": tolerance}
        )
    )
    assert custom == mapping == in_range


@pytest.mark.parametrize("ttl_seconds", [0, -1, 2**32, 10**30])
def test_replay_guard_ttl_range(ttl_seconds: int) -> None:
    # 0 would remember nothing: replays of deliveries without a signed timestamp would pass.
    with pytest.raises(ValueError, match=r"^ttl_seconds must be between 1 and 4294967295$"):
        hookseal.ReplayGuard(ttl_seconds=ttl_seconds)


def test_replay_guard_ttl_bounds() -> None:
    assert hookseal.ReplayGuard(ttl_seconds=1).ttl_seconds == 1
    assert hookseal.ReplayGuard(ttl_seconds=2**32 - 1).ttl_seconds == 2**32 - 1
    verified = hookseal.Webhook("k", scheme="github").sign(b"x")
    github = hookseal.Webhook("k", scheme="github").verify(b"x", verified)
    with pytest.raises(ValueError, match=r"^ttl_seconds must be between 1 and 4294967295$"):
        github._replay_ttl_seconds(0)
