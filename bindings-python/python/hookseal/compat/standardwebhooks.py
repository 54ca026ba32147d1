"""The `standardwebhooks` package's `Webhook`, verified by hookseal's core.

Migrating is one line::

    # from standardwebhooks.webhooks import Webhook, WebhookVerificationError
    from hookseal.compat.standardwebhooks import Webhook, WebhookVerificationError

    wh = Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    payload = wh.verify(request_body, request_headers)  # the parsed JSON

The surface is that of `standardwebhooks` 1.1: `Webhook(whsecret)` with a `whsec_` or raw
base64 string, or the raw key as bytes; `verify(data, headers, *, json_parse=True)` returning
the parsed JSON (or None); `sign(msg_id, timestamp, data)` returning the `webhook-signature`
value; `WebhookVerificationError` for every delivery that does not verify, with the same
messages; `EmptyWebhookSecretError` for an empty secret. A delivery that one accepts, the
other accepts too, except where the differences below say otherwise.

Differences (each one refuses input that `standardwebhooks` mishandles):

- `WebhookVerificationError` also carries `code`, the hookseal error code (`missing_header`,
  `malformed_header`, `timestamp_too_old`, `timestamp_too_new`, `signature_mismatch`), and
  has the `hookseal.WebhookError` as its `__cause__`.
- Secrets are strict base64 (standard alphabet, padded or not). `standardwebhooks` drops any
  character outside the alphabet (spaces, newlines, `-`, `_`, `!`) and surplus padding, so a
  mangled secret silently became another key; here it raises `hookseal.InvalidSecretError`,
  a `ValueError` as `binascii.Error` was.
- Timestamps are decimal digits only. `standardwebhooks` accepts whatever `float()` parses
  (`1614265330.0`, `+1614265330`, `01614265330`, `1.6e9`) and signs the whole seconds; here
  these are `WebhookVerificationError("Invalid Signature Headers")`.
- Signature lists: entries without a comma, with two commas or with a value that is not
  padded base64 are skipped, and entries may be separated by several spaces, where
  `standardwebhooks` raises a bare `ValueError` or `binascii.Error`. A header without any
  usable `v1` entry is `WebhookVerificationError("Invalid Signature Headers")`
  (`standardwebhooks`: "No matching signature found").
- Header values are trimmed of surrounding spaces and tabs, as HTTP servers do. Header names
  match in any case, as before, but a name given twice in different cases is refused instead
  of the last one winning. As in `standardwebhooks`, only the `webhook-*` headers are read;
  for Svix's `svix-*` headers, use `hookseal.Webhook`, which reads both.
- The five-minute tolerance (both directions, as before) is counted in whole seconds;
  `standardwebhooks` compares with the fractional clock, so the two may differ by under a
  second at the edges.
- The body is verified as bytes. With `json_parse=False` a signed body that is not UTF-8
  verifies (`standardwebhooks` raised `UnicodeDecodeError`); with `json_parse=True` it still
  raises `UnicodeDecodeError`.
- `sign` refuses, with `hookseal.MalformedHeaderError` (a `ValueError`), what no verifier
  accepts: an empty `msg_id` or one longer than 256 bytes, or a time before 1970 or past
  999999999999. Otherwise its output is identical, including the way `standardwebhooks` reads
  a `datetime`: as UTC wall-clock time (`replace(tzinfo=utc)`, not `astimezone`), so a naive
  local time or an aware time outside UTC is shifted by its offset. Pass UTC datetimes.

For secret rotation, replay protection, the `Verified` metadata or other schemes, use
`hookseal.Webhook` directly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timezone
from math import floor
from typing import Any

import hookseal

__all__ = ["EmptyWebhookSecretError", "Webhook", "WebhookVerificationError"]

_SECRET_PREFIX = "whsec_"

# `standardwebhooks` reads only the `webhook-*` headers. Naming them overrides the base's
# header names, which drops hookseal's `svix-*` fallback, so the same requests verify.
_SCHEME = hookseal.Scheme.standard(
    signature_header="webhook-signature",
    id_header="webhook-id",
    timestamp_header="webhook-timestamp",
)

# The messages `standardwebhooks` raises, by hookseal code.
_MESSAGES: dict[str, str] = {
    "missing_header": "Missing required headers",
    "malformed_header": "Invalid Signature Headers",
    "timestamp_too_old": "Message timestamp too old",
    "timestamp_too_new": "Message timestamp too new",
    "signature_mismatch": "No matching signature found",
}


class WebhookVerificationError(Exception):
    """A delivery did not verify: a header is missing or invalid, the timestamp is too old or
    too new, or no signature matches.

    Attributes:
        code: The hookseal error code, or None when raised by other code.
    """

    code: str | None

    def __init__(self, *args: object, code: str | None = None) -> None:
        """Builds the error; `code` is the hookseal code behind it."""
        super().__init__(*args)
        self.code = code


class EmptyWebhookSecretError(Exception):
    """The webhook secret is empty."""


class Webhook:
    """Verifies and signs Standard Webhooks deliveries for one endpoint.

    Build it once per endpoint and reuse it; it is safe to share between threads.

    Security:
        Verification is hookseal's: the timestamp must lie within five minutes of the clock
        in either direction, and signatures are compared in constant time over the decoded
        bytes.
    """

    __slots__ = ("_inner",)

    _inner: hookseal.Webhook

    def __init__(self, whsecret: str | bytes) -> None:
        """Builds the webhook from a `whsec_` or raw base64 secret, or the raw key as bytes.

        Raises:
            EmptyWebhookSecretError: the secret is empty.
            hookseal.InvalidSecretError: the secret is not base64 (a `ValueError`).
        """
        try:
            self._inner = hookseal.Webhook(whsecret, scheme=_SCHEME)
        except hookseal.InvalidSecretError as err:
            if _is_empty(whsecret):
                raise EmptyWebhookSecretError("webhook secret may not be empty") from err
            raise

    def verify(
        self,
        data: bytes | str,
        headers: Mapping[str, str],
        *,
        json_parse: bool = True,
    ) -> Any:
        """Verifies a delivery against the clock.

        Args:
            data: The raw request body; a `str` is encoded as UTF-8.
            headers: The request headers; names match in any case.
            json_parse: Whether to parse the body as JSON and return it.

        Returns:
            The parsed JSON body when `json_parse` is true, else None.

        Raises:
            WebhookVerificationError: a required header is missing or invalid, the timestamp
                is more than five minutes old or ahead, or no signature matches.
            UnicodeDecodeError: with `json_parse`, a verified body that is not UTF-8.
            json.JSONDecodeError: with `json_parse`, a verified body that is not JSON.
        """
        try:
            self._inner.verify(data, headers)
        except hookseal.WebhookError as err:
            message = _MESSAGES.get(err.code, str(err))
            raise WebhookVerificationError(message, code=err.code) from err
        if not json_parse:
            return None
        return json.loads(data if isinstance(data, str) else data.decode())

    def sign(self, msg_id: str, timestamp: datetime, data: str) -> str:
        """Signs a delivery; returns the `webhook-signature` header value.

        Args:
            msg_id: The `webhook-id` header value.
            timestamp: The time sent in `webhook-timestamp`, read as UTC wall-clock time
                (as `standardwebhooks` does: pass an aware UTC or a naive UTC datetime).
            data: The body, encoded as UTF-8.

        Raises:
            hookseal.MalformedHeaderError: `msg_id` is empty or longer than 256 bytes, or
                the time is before 1970 or too far ahead.
        """
        # `replace`, not `astimezone`: `standardwebhooks` signs the wall-clock time as if it
        # were UTC, and a drop-in replacement must produce the same signature.
        seconds = floor(timestamp.replace(tzinfo=timezone.utc).timestamp())
        return self._inner.sign(data, id=msg_id, timestamp=seconds)["webhook-signature"]


def _is_empty(whsecret: str | bytes) -> bool:
    """Whether the secret has no key material, which `standardwebhooks` reports on its own."""
    if isinstance(whsecret, str):
        if whsecret.startswith(_SECRET_PREFIX):
            whsecret = whsecret[len(_SECRET_PREFIX) :]
        return not whsecret.strip()
    return len(whsecret) == 0
