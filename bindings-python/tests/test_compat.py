"""`hookseal.compat.standardwebhooks` against the `standardwebhooks` package it replaces.

Every scenario runs through both `Webhook` classes and must end the same way: the same return
value, or each module's own `WebhookVerificationError` with the same message. The scenarios
port those of standardwebhooks' own test suite (which the package does not ship) and add the
ones its source handles explicitly. The last section pins the differences that the compat
module's docstring lists.

standardwebhooks verifies against the real clock, so deliveries are signed at the current
time, with offsets far from the five-minute edges.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol

import pytest
from standardwebhooks.webhooks import EmptyWebhookSecretError as UpstreamEmptySecretError
from standardwebhooks.webhooks import Webhook as UpstreamWebhook
from standardwebhooks.webhooks import WebhookVerificationError as UpstreamError

import hookseal
import hookseal.compat.standardwebhooks as compat
from hookseal.compat.standardwebhooks import EmptyWebhookSecretError as CompatEmptySecretError
from hookseal.compat.standardwebhooks import Webhook as CompatWebhook
from hookseal.compat.standardwebhooks import WebhookVerificationError as CompatError

ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
BODY = '{"test": 2432232314}'
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
RAW_SECRET = SECRET.removeprefix("whsec_")
OTHER_SECRET = "whsec_" + base64.b64encode(b"another endpoint's secret").decode()
SECRETS: list[str | bytes] = [SECRET, RAW_SECRET, base64.b64decode(RAW_SECRET)]
SECRET_IDS = ["whsec", "raw-base64", "bytes"]
# A signature of BODY under SECRET at another time (standardwebhooks' "invalid signature").
STRANGER = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA="

Outcome = tuple[str, Any]


class WebhookLike(Protocol):
    """What both `Webhook` classes offer."""

    def verify(
        self, data: bytes | str, headers: dict[str, str], *, json_parse: bool = True
    ) -> Any: ...

    def sign(self, msg_id: str, timestamp: datetime, data: str) -> str: ...


def delivery(*, offset: int = 0, body: str = BODY, secret: str | bytes = SECRET) -> dict[str, str]:
    """Headers of `body` signed by standardwebhooks, `offset` seconds from now."""
    timestamp = int(time.time()) + offset
    when = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    return {
        "webhook-id": ID,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": UpstreamWebhook(secret).sign(ID, when, body),
    }


def outcome(call: Callable[[], object], error: type[Exception]) -> Outcome:
    """`("ok", value)`, or `("error", message)` when `call` raises `error`."""
    try:
        return ("ok", call())
    except error as err:
        return ("error", str(err))


def same_outcome(secret: str | bytes, action: Callable[[WebhookLike], object]) -> Outcome:
    """Runs `action` on both `Webhook` classes and checks that they end the same way."""
    expected = outcome(lambda: action(UpstreamWebhook(secret)), UpstreamError)
    actual = outcome(lambda: action(CompatWebhook(secret)), CompatError)
    assert actual == expected
    return actual


def compat_error(call: Callable[[], object]) -> CompatError:
    with pytest.raises(CompatError) as info:
        call()
    return info.value


# Deliveries that verify.


@pytest.mark.parametrize("json_parse", [True, False])
@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
@pytest.mark.parametrize("secret", SECRETS, ids=SECRET_IDS)
def test_valid_delivery(secret: str | bytes, as_bytes: bool, json_parse: bool) -> None:
    headers = delivery(secret=secret)
    data: str | bytes = BODY.encode() if as_bytes else BODY

    result = same_outcome(secret, lambda wh: wh.verify(data, headers, json_parse=json_parse))

    assert result == ("ok", {"test": 2432232314} if json_parse else None)


def test_valid_delivery_with_utf8_body() -> None:
    body = '{"name": "Zo\u00eb \u2713 \u65e5\u672c"}'
    headers = delivery(body=body)

    assert same_outcome(SECRET, lambda wh: wh.verify(body.encode(), headers)) == (
        "ok",
        json.loads(body),
    )


def test_header_names_match_in_any_case() -> None:
    headers = {name.title(): value for name, value in delivery().items()}

    assert same_outcome(SECRET, lambda wh: wh.verify(BODY, headers))[0] == "ok"


@pytest.mark.parametrize("offset", [-290, -60, 60, 290])
def test_timestamp_inside_the_window(offset: int) -> None:
    headers = delivery(offset=offset)

    assert same_outcome(SECRET, lambda wh: wh.verify(BODY, headers))[0] == "ok"


@pytest.mark.parametrize(
    "entries",
    [
        ["{good}", STRANGER],
        [STRANGER, "{good}"],
        # standardwebhooks' own multi-signature case: other versions are skipped.
        [STRANGER, STRANGER.replace("v1,", "v2,"), "{good}", STRANGER],
        ["v2,{good_value}", "{good}"],
    ],
    ids=["good-first", "good-last", "upstream-case", "v2-with-same-value"],
)
def test_multiple_signatures(entries: list[str]) -> None:
    headers = delivery()
    good = headers["webhook-signature"]
    values = {"good": good, "good_value": good.split(",", 1)[1]}
    headers["webhook-signature"] = " ".join(entry.format(**values) for entry in entries)

    assert same_outcome(SECRET, lambda wh: wh.verify(BODY, headers))[0] == "ok"


# Deliveries that do not verify.


@pytest.mark.parametrize("secret", SECRETS, ids=SECRET_IDS)
def test_tampered_body(secret: str | bytes) -> None:
    headers = delivery(secret=secret)

    result = same_outcome(secret, lambda wh: wh.verify(BODY.replace("2", "3"), headers))

    assert result == ("error", "No matching signature found")


@pytest.mark.parametrize(
    "change",
    [
        {"webhook-signature": STRANGER},
        {"webhook-id": "msg_other"},
        {"webhook-signature": "v2,{value}"},
    ],
    ids=["other-signature", "other-id", "only-v2"],
)
def test_tampered_headers(change: dict[str, str]) -> None:
    headers = delivery()
    value = headers["webhook-signature"].split(",", 1)[1]
    headers.update({name: text.format(value=value) for name, text in change.items()})

    expected = outcome(lambda: UpstreamWebhook(SECRET).verify(BODY, headers), UpstreamError)
    actual = outcome(lambda: CompatWebhook(SECRET).verify(BODY, headers), CompatError)

    assert expected == ("error", "No matching signature found")
    # A header with no `v1` entry at all is malformed to hookseal; both refuse it.
    assert actual[0] == "error"


def test_wrong_secret() -> None:
    headers = delivery(secret=OTHER_SECRET)

    assert same_outcome(SECRET, lambda wh: wh.verify(BODY, headers)) == (
        "error",
        "No matching signature found",
    )


@pytest.mark.parametrize("name", ["webhook-id", "webhook-timestamp", "webhook-signature"])
@pytest.mark.parametrize("empty", [False, True], ids=["absent", "empty"])
def test_missing_header(name: str, empty: bool) -> None:
    headers = delivery()
    if empty:
        headers[name] = ""
    else:
        del headers[name]

    result = same_outcome(SECRET, lambda wh: wh.verify(BODY, headers))

    assert result == ("error", "Missing required headers")


def test_svix_headers_are_not_read() -> None:
    headers = {name.replace("webhook", "svix"): value for name, value in delivery().items()}

    result = same_outcome(SECRET, lambda wh: wh.verify(BODY, headers))

    assert result == ("error", "Missing required headers")


@pytest.mark.parametrize("timestamp", ["hello", "", "nan", "1e400"])
def test_invalid_timestamp(timestamp: str) -> None:
    headers = delivery()
    headers["webhook-timestamp"] = timestamp

    result = same_outcome(SECRET, lambda wh: wh.verify(BODY, headers))

    message = "Missing required headers" if timestamp == "" else "Invalid Signature Headers"
    assert result == ("error", message)


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (-310, "Message timestamp too old"),
        (-86_400, "Message timestamp too old"),
        (310, "Message timestamp too new"),
        (86_400, "Message timestamp too new"),
    ],
)
def test_timestamp_outside_the_window(offset: int, message: str) -> None:
    headers = delivery(offset=offset)

    assert same_outcome(SECRET, lambda wh: wh.verify(BODY, headers)) == ("error", message)


def test_verified_body_that_is_not_json() -> None:
    headers = delivery(body="not json")

    assert same_outcome(SECRET, lambda wh: wh.verify("not json", headers, json_parse=False)) == (
        "ok",
        None,
    )
    webhooks: list[WebhookLike] = [UpstreamWebhook(SECRET), CompatWebhook(SECRET)]
    for wh in webhooks:
        with pytest.raises(json.JSONDecodeError):
            wh.verify("not json", headers)


# Secrets.


@pytest.mark.parametrize("secret", ["whsec_", "", b""], ids=["prefix-only", "empty-str", "bytes"])
def test_empty_secret(secret: str | bytes) -> None:
    with pytest.raises(UpstreamEmptySecretError, match="webhook secret may not be empty"):
        UpstreamWebhook(secret)
    with pytest.raises(CompatEmptySecretError, match="webhook secret may not be empty"):
        CompatWebhook(secret)


@pytest.mark.parametrize("secret", ["abcde", "whsec_abcde"])
def test_secret_that_is_not_base64(secret: str) -> None:
    with pytest.raises(ValueError):
        UpstreamWebhook(secret)
    with pytest.raises(hookseal.InvalidSecretError):
        CompatWebhook(secret)


def test_unpadded_secret() -> None:
    # 31 characters: base64 of 23 bytes, without its padding.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS"
    headers = delivery(secret=secret)

    assert same_outcome(secret, lambda wh: wh.verify(BODY, headers))[0] == "ok"


# Signing.


UTC = timezone.utc


@pytest.mark.parametrize(
    "when",
    [
        datetime.fromtimestamp(1614265330, tz=UTC),
        datetime(2021, 2, 25, 15, 2, 10),
        datetime(2021, 2, 25, 15, 2, 10, 999_999, tzinfo=UTC),
        datetime(2021, 2, 25, 17, 2, 10, tzinfo=timezone(timedelta(hours=2))),
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(2286, 11, 20, 17, 46, 39, tzinfo=UTC),
    ],
    ids=["aware-utc", "naive", "fraction", "aware-plus-2h", "epoch", "far-future"],
)
@pytest.mark.parametrize(
    "body", [BODY, "", '{"name": "Zo\u00eb \u2713"}'], ids=["json", "empty", "utf8"]
)
@pytest.mark.parametrize("secret", SECRETS, ids=SECRET_IDS)
def test_sign_outputs_are_equal(secret: str | bytes, body: str, when: datetime) -> None:
    assert same_outcome(secret, lambda wh: wh.sign(ID, when, body))[0] == "ok"


def test_sign_matches_the_published_example() -> None:
    # The example of standardwebhooks' own test suite.
    when = datetime.fromtimestamp(1614265330, tz=UTC)
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

    assert same_outcome(SECRET, lambda wh: wh.sign(ID, when, BODY)) == ("ok", expected)


def test_signatures_cross_verify() -> None:
    now = int(time.time())
    when = datetime.fromtimestamp(now, tz=UTC)
    upstream, compatible = UpstreamWebhook(SECRET), CompatWebhook(SECRET)
    pairs: list[tuple[WebhookLike, WebhookLike]] = [(upstream, compatible), (compatible, upstream)]
    for signer, verifier in pairs:
        headers = {
            "webhook-id": ID,
            "webhook-timestamp": str(now),
            "webhook-signature": signer.sign(ID, when, BODY),
        }
        assert verifier.verify(BODY, headers) == {"test": 2432232314}


# The compat module's own surface.


def test_exports() -> None:
    assert sorted(compat.__all__) == [
        "EmptyWebhookSecretError",
        "Webhook",
        "WebhookVerificationError",
    ]
    assert issubclass(CompatError, Exception)
    assert not issubclass(CompatError, hookseal.WebhookError)
    assert CompatError("raised by the application").code is None


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"webhook-id": ""}, "missing_header"),
        ({"webhook-timestamp": "hello"}, "malformed_header"),
        ({"webhook-signature": STRANGER}, "signature_mismatch"),
    ],
)
def test_errors_carry_the_hookseal_code(change: dict[str, str], code: str) -> None:
    headers = {**delivery(), **change}

    err = compat_error(lambda: CompatWebhook(SECRET).verify(BODY, headers))

    assert err.code == code
    assert isinstance(err.__cause__, hookseal.WebhookError)
    assert err.__cause__.code == code


@pytest.mark.parametrize(
    ("offset", "code"), [(-310, "timestamp_too_old"), (310, "timestamp_too_new")]
)
def test_timestamp_errors_carry_the_hookseal_code(offset: int, code: str) -> None:
    headers = delivery(offset=offset)

    assert compat_error(lambda: CompatWebhook(SECRET).verify(BODY, headers)).code == code


# The documented differences.


@pytest.mark.parametrize("timestamp", ["{ts}.0", "+{ts}", "0{ts}"])
def test_difference_non_decimal_timestamps(timestamp: str) -> None:
    headers = delivery()
    headers["webhook-timestamp"] = timestamp.format(ts=headers["webhook-timestamp"])

    # standardwebhooks parses the header with float() and signs the whole seconds.
    assert UpstreamWebhook(SECRET).verify(BODY, headers) == {"test": 2432232314}
    err = compat_error(lambda: CompatWebhook(SECRET).verify(BODY, headers))
    assert (str(err), err.code) == ("Invalid Signature Headers", "malformed_header")


@pytest.mark.parametrize(
    "signature",
    ["{good_value}", "v1,a,b", "v1,c2lnbmF0dXJlcw", " {good}", "v1,x  {good}"],
    ids=["no-comma", "two-commas", "unpadded", "leading-space", "double-space"],
)
def test_difference_malformed_entries(signature: str) -> None:
    headers = delivery()
    good = headers["webhook-signature"]
    headers["webhook-signature"] = signature.format(good=good, good_value=good.split(",", 1)[1])

    # standardwebhooks lets a bare ValueError (or binascii.Error) escape.
    with pytest.raises(ValueError):
        UpstreamWebhook(SECRET).verify(BODY, headers)
    if "{good}" in signature:
        assert CompatWebhook(SECRET).verify(BODY, headers) == {"test": 2432232314}
    else:
        assert compat_error(lambda: CompatWebhook(SECRET).verify(BODY, headers)).code == (
            "malformed_header"
        )


@pytest.mark.parametrize(
    "secret",
    [
        SECRET + "\n",
        SECRET[:10] + " " + SECRET[10:],
        SECRET + "==",
        SECRET[:10] + "!" + SECRET[10:],
    ],
    ids=["newline", "space", "surplus-padding", "foreign-character"],
)
def test_difference_lenient_secrets(secret: str) -> None:
    headers = delivery()

    # standardwebhooks drops the stray characters and still finds the key.
    assert UpstreamWebhook(secret).verify(BODY, headers) == {"test": 2432232314}
    with pytest.raises(hookseal.InvalidSecretError):
        CompatWebhook(secret)


def test_difference_body_that_is_not_utf8() -> None:
    body = b"\xff\xfe binary"
    now = int(time.time())
    headers = hookseal.Webhook(SECRET).sign(body, id=ID, timestamp=now)

    with pytest.raises(UnicodeDecodeError):
        UpstreamWebhook(SECRET).verify(body, headers, json_parse=False)
    assert CompatWebhook(SECRET).verify(body, headers, json_parse=False) is None
    with pytest.raises(UnicodeDecodeError):
        CompatWebhook(SECRET).verify(body, headers)


@pytest.mark.parametrize(
    ("msg_id", "when"),
    [
        ("", datetime.fromtimestamp(1614265330, tz=UTC)),
        ("m" * 257, datetime.fromtimestamp(1614265330, tz=UTC)),
        (ID, datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC)),
    ],
    ids=["empty-id", "long-id", "before-1970"],
)
def test_difference_sign_refuses_what_no_verifier_accepts(msg_id: str, when: datetime) -> None:
    assert UpstreamWebhook(SECRET).sign(msg_id, when, BODY).startswith("v1,")
    with pytest.raises(hookseal.MalformedHeaderError):
        CompatWebhook(SECRET).sign(msg_id, when, BODY)
