"""Type stubs of the native module; `hookseal` re-exports everything here."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, Literal, final

from typing_extensions import TypeAlias

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

__version__: Final[str]
DEFAULT_TOLERANCE_SECONDS: Final[int]
DEFAULT_GUARD_CAPACITY: Final[int]
DEFAULT_GUARD_TTL_SECONDS: Final[int]

_Body: TypeAlias = bytes | bytearray | memoryview | str
"""The raw request body; a `str` is encoded as UTF-8."""
_SecretInput: TypeAlias = str | bytes | bytearray | memoryview
"""A secret: text decoded by the scheme's `secret_encoding`, or the raw key as bytes."""
_Headers: TypeAlias = Mapping[str, str] | Iterable[tuple[str, str]]
"""Any mapping of header names to values, or (name, value) pairs; names match in any case."""

class WebhookError(ValueError):
    """A webhook could not be signed, verified or claimed; `code` says why."""

    code: str

class GuardFullError(WebhookError):
    """A replay guard is full of live entries (`guard_full`)."""

    code: Literal["guard_full"]

class InvalidSchemeError(WebhookError):
    """An unknown scheme name or a bad custom field (`invalid_scheme`)."""

    code: Literal["invalid_scheme"]

class InvalidSecretError(WebhookError):
    """An empty or undecodable secret (`invalid_secret`)."""

    code: Literal["invalid_secret"]

class MalformedHeaderError(WebhookError):
    """A header is present but cannot be parsed (`malformed_header`)."""

    code: Literal["malformed_header"]

class MissingHeaderError(WebhookError):
    """A header the scheme needs is absent or empty (`missing_header`)."""

    code: Literal["missing_header"]

class ReplayedError(WebhookError):
    """A replay guard has already seen this delivery (`replayed`)."""

    code: Literal["replayed"]

class SignatureMismatchError(WebhookError):
    """No signature matches any secret (`signature_mismatch`)."""

    code: Literal["signature_mismatch"]

class TimestampTooNewError(WebhookError):
    """The timestamp is further in the future than the tolerance (`timestamp_too_new`)."""

    code: Literal["timestamp_too_new"]

class TimestampTooOldError(WebhookError):
    """The timestamp is further in the past than the tolerance (`timestamp_too_old`)."""

    code: Literal["timestamp_too_old"]

@final
class Scheme:
    """Where a webhook's signature travels, what is signed, and how secrets are decoded."""

    @staticmethod
    def custom(
        *,
        signature_header: str = ...,
        prefix: str | None = None,
        encoding: Literal["hex", "base64"] | None = None,
        algorithm: Literal["sha256", "sha512"] | None = None,
        payload: str | None = None,
        id_header: str | None = None,
        timestamp_header: str | None = None,
        secret_encoding: Literal["utf8", "base64", "hex"] | None = None,
        tolerance_seconds: int | None = None,
        name: str | None = None,
    ) -> Scheme:
        """A custom HMAC scheme; `signature_header` is required.

        Raises:
            InvalidSchemeError: a field is unknown, of the wrong type, or invalid.
        """
    @staticmethod
    def standard(**overrides: Any) -> Scheme:
        """Standard Webhooks (and Svix), with optional field overrides."""
    @staticmethod
    def stripe(**overrides: Any) -> Scheme:
        """Stripe, with optional field overrides."""
    @staticmethod
    def github(**overrides: Any) -> Scheme:
        """GitHub, with optional field overrides."""
    @staticmethod
    def slack(**overrides: Any) -> Scheme:
        """Slack, with optional field overrides."""
    @staticmethod
    def shopify(**overrides: Any) -> Scheme:
        """Shopify, with optional field overrides."""
    @property
    def name(self) -> str:
        """What `Verified.scheme` reports."""
    @property
    def tolerance_seconds(self) -> int:
        """Allowed distance between the timestamp and now, in seconds."""
    @property
    def signature_header(self) -> str:
        """The header that carries the signature."""
    @property
    def id_header(self) -> str | None:
        """The header that carries the delivery id, if any."""
    @property
    def timestamp_header(self) -> str | None:
        """The header that carries the timestamp, if any."""

@final
class Verified:
    """A delivery that verified."""

    @property
    def id(self) -> str | None:
        """The delivery id, or None."""
    @property
    def timestamp(self) -> int | None:
        """The timestamp in Unix seconds, or None."""
    @property
    def secret_index(self) -> int:
        """Index of the secret that matched."""
    @property
    def scheme(self) -> str:
        """The name of the scheme that verified it."""
    def _replay_key(self) -> str: ...
    def _replay_ttl_seconds(self, ttl_seconds: int, now: int | None = None) -> int: ...

@final
class Webhook:
    """Signs and verifies the deliveries of one endpoint; build it once and reuse it."""

    def __new__(
        cls,
        secret: _SecretInput | Sequence[_SecretInput],
        *,
        scheme: str | Scheme | Mapping[str, Any] | None = None,
        tolerance_seconds: int | None = None,
    ) -> Webhook:
        """Builds the webhook from one secret, or several for rotation.

        Raises:
            InvalidSecretError: a secret is empty or does not decode.
            InvalidSchemeError: the scheme is unknown or invalid, or the tolerance negative.
        """
    def verify(self, body: _Body, headers: _Headers, *, now: int | None = None) -> Verified:
        """Verifies a delivery at `now` (Unix seconds; the clock when None).

        Raises:
            TypeError: `headers` is neither a mapping nor an iterable of (name, value) pairs
                of `str`, or a header the scheme reads does not encode as UTF-8.
            WebhookError: with `code` missing_header, malformed_header, timestamp_too_old,
                timestamp_too_new or signature_mismatch (checked in that order).
        """
    def sign(
        self, body: _Body, *, id: str | None = None, timestamp: int | None = None
    ) -> dict[str, str]:
        """Signs `body`; returns the headers to send.

        Raises:
            MalformedHeaderError: the id or timestamp would not verify.
        """
    @property
    def scheme(self) -> Scheme:
        """The scheme this webhook uses."""
    @property
    def tolerance_seconds(self) -> int:
        """Allowed distance between the timestamp and now, in seconds."""

@final
class ReplayGuard:
    """Remembers verified deliveries in this process until their window closes."""

    def __new__(cls, *, capacity: int | None = None, ttl_seconds: int | None = None) -> ReplayGuard:
        """A guard of at most `capacity` live entries (default 100,000); deliveries without a
        signed timestamp are remembered for `ttl_seconds` (default 86,400).

        Raises:
            ValueError: `capacity` is negative, or `ttl_seconds` is outside 1..4294967295 (a
                guard that remembers for 0 seconds would let every replay of a delivery
                without a signed timestamp through).
        """
    def claim(self, verified: Verified, *, now: int | None = None) -> None:
        """Records `verified`.

        Raises:
            ReplayedError: it was already claimed and is still live.
            GuardFullError: the guard holds `capacity` live entries.
        """
    def release(self, verified: Verified) -> None:
        """Forgets a claim, so that a retry is accepted."""
    @property
    def capacity(self) -> int:
        """The most live claims this guard holds."""
    @property
    def ttl_seconds(self) -> int:
        """How long deliveries without a signed timestamp are remembered."""
    def __len__(self) -> int: ...

def generate_secret() -> str:
    """A new `whsec_` secret: the base64 of 32 random bytes from the operating system."""
