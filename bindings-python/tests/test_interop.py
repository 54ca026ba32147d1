"""Interop with the libraries users would otherwise pick, both ways.

For each of standardwebhooks, svix, stripe and slack_sdk: what the library signs verifies with
hookseal, what hookseal signs verifies with the library, secret rotation works across the two,
and both refuse a tampered body. The last section pins the inputs on which they disagree on
purpose (API.md decides them), so that an upgrade of either side that changes one shows up.

slack_sdk takes a clock, so its cases use fixed times. standardwebhooks, svix and stripe read
the real clock when verifying, so those cases sign at the current time and give hookseal the
same `now`; their signing helpers take a time, so the other direction uses fixed times.
Nothing here talks to a server.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from datetime import datetime, timezone

import pytest
import stripe
from slack_sdk.signature import Clock, SignatureVerifier
from standardwebhooks.webhooks import Webhook as StandardWebhook
from standardwebhooks.webhooks import WebhookVerificationError as StandardError
from svix.webhooks import Webhook as SvixWebhook
from svix.webhooks import WebhookVerificationError as SvixError

import hookseal

ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TS = 1614265330
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SECRET_2 = "whsec_" + base64.b64encode(b"the second secret, for rotation!").decode()
BODIES = ['{"test": 2432232314}', '{"name": "Zo\u00eb \u2713 \u65e5\u672c"}']
BODY_IDS = ["ascii", "utf8"]
# The same key written the three ways both libraries accept.
SECRETS: list[str | bytes] = [SECRET, SECRET.removeprefix("whsec_"), base64.b64decode(SECRET[6:])]
SECRET_IDS = ["whsec", "raw-base64", "bytes"]

STRIPE_SECRET = "whsec_test_a1b2c3d4e5f6g7h8i9j0"
STRIPE_SECRET_2 = "whsec_test_rotated_k1l2m3n4o5p6"
STRIPE_BODY = json.dumps(
    {
        "id": "evt_1NG8Du2eZvKYlo2CUI79vXWy",
        "object": "event",
        "type": "payment_intent.succeeded",
        "data": {"object": {"id": "pi_3MtwBwLkdIwHu7ix28a3tqPa", "object": "payment_intent"}},
    }
)

SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SLACK_SECRET_2 = "0123456789abcdef0123456789abcdef"
SLACK_BODIES = [
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fweather&text=94070",
    '{"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkv"}',
]


def now_seconds() -> int:
    """The clock, in the whole seconds that hookseal's `now` takes."""
    return int(time.time())


def webhook_headers(prefix: str, msg_id: str, timestamp: int, signature: str) -> dict[str, str]:
    """The three Standard Webhooks headers, under `webhook-*` or `svix-*` names."""
    return {
        f"{prefix}-id": msg_id,
        f"{prefix}-timestamp": str(timestamp),
        f"{prefix}-signature": signature,
    }


def renamed(headers: dict[str, str], prefix: str) -> dict[str, str]:
    """hookseal's `webhook-*` headers under another prefix."""
    return {name.replace("webhook", prefix, 1): value for name, value in headers.items()}


def tampered(body: str) -> str:
    return body.replace("}", ', "extra": 1}', 1)


def code_of(call: Callable[[], object]) -> str:
    """The code of the `hookseal.WebhookError` that `call` raises."""
    with pytest.raises(hookseal.WebhookError) as info:
        call()
    return info.value.code


class FixedClock(Clock):
    """slack_sdk's clock hook, stopped at one instant."""

    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


# standardwebhooks


@pytest.mark.parametrize("prefix", ["webhook", "svix"])
@pytest.mark.parametrize("body", BODIES, ids=BODY_IDS)
@pytest.mark.parametrize("secret", SECRETS, ids=SECRET_IDS)
def test_standardwebhooks_signature_verifies_with_hookseal(
    secret: str | bytes, body: str, prefix: str
) -> None:
    signature = StandardWebhook(secret).sign(ID, datetime.fromtimestamp(TS, tz=timezone.utc), body)
    headers = webhook_headers(prefix, ID, TS, signature)

    verified = hookseal.Webhook(secret).verify(body, headers, now=TS)

    assert (verified.id, verified.timestamp, verified.secret_index) == (ID, TS, 0)
    assert hookseal.Webhook(secret).sign(body, id=ID, timestamp=TS)["webhook-signature"] == (
        signature
    )


@pytest.mark.parametrize("body", BODIES, ids=BODY_IDS)
@pytest.mark.parametrize("secret", SECRETS, ids=SECRET_IDS)
def test_hookseal_signature_verifies_with_standardwebhooks(secret: str | bytes, body: str) -> None:
    headers = hookseal.Webhook(secret).sign(body, id=ID, timestamp=now_seconds())

    assert StandardWebhook(secret).verify(body, headers) == json.loads(body)
    assert StandardWebhook(secret).verify(body.encode(), headers) == json.loads(body)


def test_standardwebhooks_verifies_either_secret_of_a_rotation() -> None:
    headers = hookseal.Webhook([SECRET, SECRET_2]).sign(BODIES[0], id=ID, timestamp=now_seconds())

    assert len(headers["webhook-signature"].split(" ")) == 2
    for secret in (SECRET, SECRET_2):
        assert StandardWebhook(secret).verify(BODIES[0], headers) == json.loads(BODIES[0])


@pytest.mark.parametrize("prefix", ["webhook", "svix"])
def test_hookseal_verifies_standardwebhooks_signatures_of_a_rotation(prefix: str) -> None:
    when = datetime.fromtimestamp(TS, tz=timezone.utc)
    old, new = (StandardWebhook(s).sign(ID, when, BODIES[0]) for s in (SECRET, SECRET_2))
    both = hookseal.Webhook([SECRET, SECRET_2])

    assert both.verify(BODIES[0], webhook_headers(prefix, ID, TS, new), now=TS).secret_index == 1
    assert both.verify(BODIES[0], webhook_headers(prefix, ID, TS, old), now=TS).secret_index == 0
    for secret in (SECRET, SECRET_2):
        headers = webhook_headers(prefix, ID, TS, f"{old} {new}")
        assert hookseal.Webhook(secret).verify(BODIES[0], headers, now=TS).id == ID


def test_tampered_body_is_refused_by_both_standardwebhooks_and_hookseal() -> None:
    now = now_seconds()
    headers = hookseal.Webhook(SECRET).sign(BODIES[0], id=ID, timestamp=now)
    with pytest.raises(StandardError, match="No matching signature found"):
        StandardWebhook(SECRET).verify(tampered(BODIES[0]), headers)

    when = datetime.fromtimestamp(TS, tz=timezone.utc)
    signature = StandardWebhook(SECRET).sign(ID, when, BODIES[0])
    headers = webhook_headers("webhook", ID, TS, signature)
    verify = hookseal.Webhook(SECRET).verify
    assert code_of(lambda: verify(tampered(BODIES[0]), headers, now=TS)) == "signature_mismatch"


@pytest.mark.parametrize(
    ("offset", "message", "code"),
    [
        (-600, "Message timestamp too old", "timestamp_too_old"),
        (600, "Message timestamp too new", "timestamp_too_new"),
    ],
)
def test_standardwebhooks_and_hookseal_refuse_the_same_stale_timestamps(
    offset: int, message: str, code: str
) -> None:
    now = now_seconds()
    wh = hookseal.Webhook(SECRET)
    headers = wh.sign(BODIES[0], id=ID, timestamp=now + offset)

    with pytest.raises(StandardError, match=message):
        StandardWebhook(SECRET).verify(BODIES[0], headers)
    assert code_of(lambda: wh.verify(BODIES[0], headers, now=now)) == code


# svix


@pytest.mark.parametrize("prefix", ["svix", "webhook"])
@pytest.mark.parametrize("body", BODIES, ids=BODY_IDS)
@pytest.mark.parametrize("secret", SECRETS, ids=SECRET_IDS)
def test_svix_signature_verifies_with_hookseal(secret: str | bytes, body: str, prefix: str) -> None:
    signature = SvixWebhook(secret).sign(ID, datetime.fromtimestamp(TS, tz=timezone.utc), body)
    headers = webhook_headers(prefix, ID, TS, signature)

    verified = hookseal.Webhook(secret).verify(body.encode(), headers, now=TS)

    assert (verified.id, verified.timestamp, verified.scheme) == (ID, TS, "standard")


@pytest.mark.parametrize("prefix", ["svix", "webhook"])
@pytest.mark.parametrize("body", BODIES, ids=BODY_IDS)
@pytest.mark.parametrize("secret", SECRETS, ids=SECRET_IDS)
def test_hookseal_signature_verifies_with_svix(secret: str | bytes, body: str, prefix: str) -> None:
    headers = renamed(hookseal.Webhook(secret).sign(body, id=ID, timestamp=now_seconds()), prefix)

    # svix's verify returns None and raises on failure.
    SvixWebhook(secret).verify(body, headers)
    SvixWebhook(secret).verify(body.encode(), headers)


@pytest.mark.parametrize("prefix", ["svix", "webhook"])
def test_svix_verifies_either_secret_of_a_rotation(prefix: str) -> None:
    signed = hookseal.Webhook([SECRET, SECRET_2]).sign(BODIES[0], id=ID, timestamp=now_seconds())
    headers = renamed(signed, prefix)

    for secret in (SECRET, SECRET_2):
        SvixWebhook(secret).verify(BODIES[0], headers)


def test_hookseal_verifies_svix_signatures_of_a_rotation() -> None:
    when = datetime.fromtimestamp(TS, tz=timezone.utc)
    new = SvixWebhook(SECRET_2).sign(ID, when, BODIES[0])
    headers = webhook_headers("svix", ID, TS, new)

    verified = hookseal.Webhook([SECRET, SECRET_2]).verify(BODIES[0], headers, now=TS)

    assert verified.secret_index == 1


@pytest.mark.parametrize("prefix", ["svix", "webhook"])
def test_tampered_body_is_refused_by_both_svix_and_hookseal(prefix: str) -> None:
    signed = hookseal.Webhook(SECRET).sign(BODIES[0], id=ID, timestamp=now_seconds())
    with pytest.raises(SvixError, match="No matching signature found"):
        SvixWebhook(SECRET).verify(tampered(BODIES[0]), renamed(signed, prefix))

    signature = SvixWebhook(SECRET).sign(ID, datetime.fromtimestamp(TS, tz=timezone.utc), BODIES[0])
    headers = webhook_headers(prefix, ID, TS, signature)
    verify = hookseal.Webhook(SECRET).verify
    assert code_of(lambda: verify(tampered(BODIES[0]), headers, now=TS)) == "signature_mismatch"


# stripe


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_hookseal_signature_verifies_with_stripe(as_bytes: bool) -> None:
    header = hookseal.Webhook(STRIPE_SECRET, scheme="stripe").sign(
        STRIPE_BODY, timestamp=now_seconds()
    )["Stripe-Signature"]
    payload: str | bytes = STRIPE_BODY.encode() if as_bytes else STRIPE_BODY

    assert stripe.WebhookSignature.verify_header(payload, header, STRIPE_SECRET, 300) is True
    event = stripe.Webhook.construct_event(payload, header, STRIPE_SECRET)
    assert event.id == "evt_1NG8Du2eZvKYlo2CUI79vXWy"
    assert event.type == "payment_intent.succeeded"


def test_hookseal_signature_at_a_fixed_time_verifies_with_stripe() -> None:
    wh = hookseal.Webhook(STRIPE_SECRET, scheme="stripe")
    header = wh.sign(STRIPE_BODY, timestamp=TS)["Stripe-Signature"]

    # stripe has no clock hook; a tolerance of None switches its time check off.
    assert stripe.WebhookSignature.verify_header(STRIPE_BODY, header, STRIPE_SECRET, None)
    assert header == stripe.WebhookSignature.generate_signature_header(
        STRIPE_BODY, STRIPE_SECRET, timestamp=TS
    )


def test_stripe_test_header_verifies_with_hookseal() -> None:
    # `generate_signature_header` is stripe-python's public helper for signing test payloads.
    header = stripe.WebhookSignature.generate_signature_header(
        STRIPE_BODY, STRIPE_SECRET, timestamp=TS
    )
    wh = hookseal.Webhook(STRIPE_SECRET, scheme="stripe")

    verified = wh.verify(STRIPE_BODY.encode(), {"Stripe-Signature": header}, now=TS)

    assert (verified.id, verified.timestamp, verified.scheme) == (None, TS, "stripe")


def test_stripe_verifies_either_secret_of_a_rotation() -> None:
    wh = hookseal.Webhook([STRIPE_SECRET, STRIPE_SECRET_2], scheme="stripe")
    header = wh.sign(STRIPE_BODY, timestamp=now_seconds())["Stripe-Signature"]

    assert header.count("v1=") == 2
    for secret in (STRIPE_SECRET, STRIPE_SECRET_2):
        assert stripe.WebhookSignature.verify_header(STRIPE_BODY, header, secret, 300)


@pytest.mark.parametrize("secret", [STRIPE_SECRET, STRIPE_SECRET_2])
def test_hookseal_verifies_stripe_headers_of_a_rotation(secret: str) -> None:
    # Stripe sends one v1 per active secret while an endpoint's secret is being rolled.
    first, second = (
        stripe.WebhookSignature.generate_signature_header(STRIPE_BODY, s, timestamp=TS)
        for s in (STRIPE_SECRET, STRIPE_SECRET_2)
    )
    header = f"{first},{second.split(',', 1)[1]}"
    both = hookseal.Webhook([STRIPE_SECRET, STRIPE_SECRET_2], scheme="stripe")

    one = hookseal.Webhook(secret, scheme="stripe")
    assert one.verify(STRIPE_BODY, {"Stripe-Signature": header}, now=TS).timestamp == TS
    assert both.verify(STRIPE_BODY, {"Stripe-Signature": second}, now=TS).secret_index == 1


def test_tampered_body_is_refused_by_both_stripe_and_hookseal() -> None:
    wh = hookseal.Webhook(STRIPE_SECRET, scheme="stripe")
    header = wh.sign(STRIPE_BODY, timestamp=now_seconds())["Stripe-Signature"]
    with pytest.raises(stripe.SignatureVerificationError, match="No signatures found matching"):
        stripe.WebhookSignature.verify_header(tampered(STRIPE_BODY), header, STRIPE_SECRET, 300)
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(tampered(STRIPE_BODY), header, STRIPE_SECRET)

    stripe_header = stripe.WebhookSignature.generate_signature_header(
        STRIPE_BODY, STRIPE_SECRET, timestamp=TS
    )
    headers = {"Stripe-Signature": stripe_header}
    assert code_of(lambda: wh.verify(tampered(STRIPE_BODY), headers, now=TS)) == (
        "signature_mismatch"
    )


def test_stripe_and_hookseal_refuse_the_same_old_timestamp() -> None:
    now = now_seconds()
    wh = hookseal.Webhook(STRIPE_SECRET, scheme="stripe")
    headers = wh.sign(STRIPE_BODY, timestamp=now - 600)

    with pytest.raises(stripe.SignatureVerificationError, match="tolerance zone"):
        stripe.WebhookSignature.verify_header(
            STRIPE_BODY, headers["Stripe-Signature"], STRIPE_SECRET, 300
        )
    assert code_of(lambda: wh.verify(STRIPE_BODY, headers, now=now)) == "timestamp_too_old"


# slack_sdk


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
@pytest.mark.parametrize("body", SLACK_BODIES, ids=["form", "json"])
def test_slack_signature_verifies_with_hookseal(body: str, as_bytes: bool) -> None:
    payload: str | bytes = body.encode() if as_bytes else body
    verifier = SignatureVerifier(SLACK_SECRET, clock=FixedClock(TS))
    signature = verifier.generate_signature(timestamp=str(TS), body=payload)
    assert signature is not None
    headers = {"X-Slack-Request-Timestamp": str(TS), "X-Slack-Signature": signature}

    verified = hookseal.Webhook(SLACK_SECRET, scheme="slack").verify(payload, headers, now=TS)

    assert (verified.timestamp, verified.scheme) == (TS, "slack")


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
@pytest.mark.parametrize("body", SLACK_BODIES, ids=["form", "json"])
def test_hookseal_signature_verifies_with_slack(body: str, as_bytes: bool) -> None:
    payload: str | bytes = body.encode() if as_bytes else body
    headers = hookseal.Webhook(SLACK_SECRET, scheme="slack").sign(payload, timestamp=TS)
    verifier = SignatureVerifier(SLACK_SECRET, clock=FixedClock(TS))

    assert verifier.is_valid_request(payload, headers)
    assert verifier.is_valid(
        payload, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )
    assert headers["X-Slack-Signature"] == verifier.generate_signature(
        timestamp=str(TS), body=payload
    )


def test_slack_rotation_signs_with_the_first_secret_and_verifies_either() -> None:
    both = hookseal.Webhook([SLACK_SECRET, SLACK_SECRET_2], scheme="slack")
    headers = both.sign(SLACK_BODIES[0], timestamp=TS)
    clock = FixedClock(TS)

    # Slack carries one signature, so hookseal signs with the first secret only.
    assert SignatureVerifier(SLACK_SECRET, clock=clock).is_valid_request(SLACK_BODIES[0], headers)
    assert not SignatureVerifier(SLACK_SECRET_2, clock=clock).is_valid_request(
        SLACK_BODIES[0], headers
    )

    signature = SignatureVerifier(SLACK_SECRET_2, clock=clock).generate_signature(
        timestamp=str(TS), body=SLACK_BODIES[0]
    )
    assert signature is not None
    slack_headers = {"X-Slack-Request-Timestamp": str(TS), "X-Slack-Signature": signature}
    assert both.verify(SLACK_BODIES[0], slack_headers, now=TS).secret_index == 1


def test_tampered_body_is_refused_by_both_slack_and_hookseal() -> None:
    wh = hookseal.Webhook(SLACK_SECRET, scheme="slack")
    verifier = SignatureVerifier(SLACK_SECRET, clock=FixedClock(TS))
    body = SLACK_BODIES[0] + "&text=rm+-rf"
    headers = wh.sign(SLACK_BODIES[0], timestamp=TS)
    assert not verifier.is_valid_request(body, headers)

    signature = verifier.generate_signature(timestamp=str(TS), body=SLACK_BODIES[0])
    assert signature is not None
    slack_headers = {"X-Slack-Request-Timestamp": str(TS), "X-Slack-Signature": signature}
    assert code_of(lambda: wh.verify(body, slack_headers, now=TS)) == "signature_mismatch"


@pytest.mark.parametrize(
    ("offset", "valid", "code"),
    [
        (-301, False, "timestamp_too_new"),
        (-300, True, None),
        (300, True, None),
        (301, False, "timestamp_too_old"),
    ],
)
def test_slack_and_hookseal_share_the_five_minute_window(
    offset: int, valid: bool, code: str | None
) -> None:
    wh = hookseal.Webhook(SLACK_SECRET, scheme="slack")
    headers = wh.sign(SLACK_BODIES[0], timestamp=TS)
    now = TS + offset

    verifier = SignatureVerifier(SLACK_SECRET, clock=FixedClock(now))
    assert verifier.is_valid_request(SLACK_BODIES[0], headers) is valid
    if code is None:
        assert wh.verify(SLACK_BODIES[0], headers, now=now).timestamp == TS
    else:
        assert code_of(lambda: wh.verify(SLACK_BODIES[0], headers, now=now)) == code


# Where the libraries and hookseal disagree. API.md decides each of these; the tests pin both
# sides so that a change on either shows up.


def test_standardwebhooks_reads_only_webhook_headers_hookseal_falls_back_to_svix() -> None:
    now = now_seconds()
    headers = renamed(hookseal.Webhook(SECRET).sign(BODIES[0], id=ID, timestamp=now), "svix")

    with pytest.raises(StandardError, match="Missing required headers"):
        StandardWebhook(SECRET).verify(BODIES[0], headers)
    assert hookseal.Webhook(SECRET).verify(BODIES[0], headers, now=now).id == ID


@pytest.mark.parametrize("timestamp", ["{ts}.0", "0{ts}", "+{ts}"])
def test_standardwebhooks_accepts_non_decimal_timestamps_hookseal_refuses(timestamp: str) -> None:
    now = now_seconds()
    headers = hookseal.Webhook(SECRET).sign(BODIES[0], id=ID, timestamp=now)
    # standardwebhooks parses the header with float() and signs its whole seconds.
    headers["webhook-timestamp"] = timestamp.format(ts=now)

    assert StandardWebhook(SECRET).verify(BODIES[0], headers) == json.loads(BODIES[0])
    verify = hookseal.Webhook(SECRET).verify
    assert code_of(lambda: verify(BODIES[0], headers, now=now)) == "malformed_header"


@pytest.mark.parametrize("signature", ["v1", "v1,a,b", "v1,c2lnbmF0dXJlcw"])
def test_standardwebhooks_crashes_on_malformed_entries_hookseal_refuses(signature: str) -> None:
    now = now_seconds()
    headers = webhook_headers("webhook", ID, now, signature)

    # No comma, two commas, unpadded base64: a bare ValueError (or binascii.Error), not
    # WebhookVerificationError.
    with pytest.raises(ValueError):
        StandardWebhook(SECRET).verify(BODIES[0], headers)
    verify = hookseal.Webhook(SECRET).verify
    assert code_of(lambda: verify(BODIES[0], headers, now=now)) == "malformed_header"


def test_svix_prefers_svix_headers_hookseal_prefers_webhook_headers() -> None:
    now = now_seconds()
    good = hookseal.Webhook(SECRET).sign(BODIES[0], id=ID, timestamp=now)
    bad = hookseal.Webhook(SECRET_2).sign(BODIES[0], id=ID, timestamp=now)
    verify = hookseal.Webhook(SECRET).verify

    good_svix_bad_webhook = {**renamed(good, "svix"), **bad}
    SvixWebhook(SECRET).verify(BODIES[0], good_svix_bad_webhook)
    assert code_of(lambda: verify(BODIES[0], good_svix_bad_webhook, now=now)) == (
        "signature_mismatch"
    )

    bad_svix_good_webhook = {**renamed(bad, "svix"), **good}
    with pytest.raises(SvixError):
        SvixWebhook(SECRET).verify(BODIES[0], bad_svix_good_webhook)
    assert verify(BODIES[0], bad_svix_good_webhook, now=now).id == ID


def test_stripe_accepts_future_timestamps_hookseal_refuses() -> None:
    now = now_seconds()
    wh = hookseal.Webhook(STRIPE_SECRET, scheme="stripe")
    headers = wh.sign(STRIPE_BODY, timestamp=now + 3600)

    # stripe checks only the past side of its tolerance.
    assert stripe.WebhookSignature.verify_header(
        STRIPE_BODY, headers["Stripe-Signature"], STRIPE_SECRET, 300
    )
    assert code_of(lambda: wh.verify(STRIPE_BODY, headers, now=now)) == "timestamp_too_new"


@pytest.mark.parametrize(
    ("template", "stripe_accepts", "hookseal_code"),
    [
        ("t={ts},v1={V1}", False, None),  # hex in either case
        ("t={ts}, v1={v1}", False, None),  # spaces around items
        ("t={ts},t=1,v1={v1}", True, "malformed_header"),  # exactly one t
        ("t={ts},junk,v1={v1}", True, "malformed_header"),  # items are key=value
        ("t=0{ts},v1={v1}", True, "malformed_header"),  # timestamps have no leading zero
    ],
    ids=["upper-hex", "spaces", "two-t", "item-without-equals", "leading-zero"],
)
def test_stripe_header_parsing_differences(
    template: str, stripe_accepts: bool, hookseal_code: str | None
) -> None:
    now = now_seconds()
    wh = hookseal.Webhook(STRIPE_SECRET, scheme="stripe")
    v1 = wh.sign(STRIPE_BODY, timestamp=now)["Stripe-Signature"].split("v1=")[1]
    header = template.format(ts=now, v1=v1, V1=v1.upper())

    try:
        stripe.WebhookSignature.verify_header(STRIPE_BODY, header, STRIPE_SECRET, 300)
        accepted = True
    except stripe.SignatureVerificationError:
        accepted = False
    assert accepted is stripe_accepts
    headers = {"Stripe-Signature": header}
    if hookseal_code is None:
        assert wh.verify(STRIPE_BODY, headers, now=now).timestamp == now
    else:
        assert code_of(lambda: wh.verify(STRIPE_BODY, headers, now=now)) == hookseal_code


def test_slack_refuses_uppercase_hex_hookseal_accepts() -> None:
    wh = hookseal.Webhook(SLACK_SECRET, scheme="slack")
    headers = wh.sign(SLACK_BODIES[0], timestamp=TS)
    headers["X-Slack-Signature"] = "v0=" + headers["X-Slack-Signature"][3:].upper()

    verifier = SignatureVerifier(SLACK_SECRET, clock=FixedClock(TS))
    assert not verifier.is_valid_request(SLACK_BODIES[0], headers)
    assert wh.verify(SLACK_BODIES[0], headers, now=TS).timestamp == TS
