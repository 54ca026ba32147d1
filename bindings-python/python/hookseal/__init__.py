"""Sign and verify webhooks: Standard Webhooks (and Svix), Stripe, GitHub, Slack, Shopify and
custom HMAC schemes, with timestamp checks, secret rotation and replay protection.

One Rust core does the work; this package converts Python values and maps errors.

>>> import hookseal
>>> wh = hookseal.Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
>>> headers = wh.sign(b'{"test": 2432232314}', id="msg_1", timestamp=1614265330)
>>> wh.verify(b'{"test": 2432232314}', headers, now=1614265330).id
'msg_1'
"""

from hookseal._native import (
    DEFAULT_GUARD_CAPACITY,
    DEFAULT_GUARD_TTL_SECONDS,
    DEFAULT_TOLERANCE_SECONDS,
    GuardFullError,
    InvalidSchemeError,
    InvalidSecretError,
    MalformedHeaderError,
    MissingHeaderError,
    ReplayedError,
    ReplayGuard,
    Scheme,
    SignatureMismatchError,
    TimestampTooNewError,
    TimestampTooOldError,
    Verified,
    Webhook,
    WebhookError,
    __version__,
    generate_secret,
)

__all__ = [
    "DEFAULT_GUARD_CAPACITY",
    "DEFAULT_GUARD_TTL_SECONDS",
    "DEFAULT_TOLERANCE_SECONDS",
    "GuardFullError",
    "InvalidSchemeError",
    "InvalidSecretError",
    "MalformedHeaderError",
    "MissingHeaderError",
    "ReplayGuard",
    "ReplayedError",
    "Scheme",
    "SignatureMismatchError",
    "TimestampTooNewError",
    "TimestampTooOldError",
    "Verified",
    "Webhook",
    "WebhookError",
    "__version__",
    "generate_secret",
]
