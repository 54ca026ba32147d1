"""Replay guards shared by several receiver processes, kept in Redis.

`hookseal.ReplayGuard` remembers deliveries in one process. When several processes (workers,
containers, hosts) receive the same endpoint's deliveries, they need one shared memory:
`RedisReplayGuard` on a redis-py client, or `AsyncRedisReplayGuard` on a `redis.asyncio`
client. Each claim is one `SET key pending:<token> NX PX <ms>`, so exactly one process wins a
delivery.

A claim is pending until `confirm` marks the delivery processed (`SET key done XX KEEPTTL`,
which keeps the key's expiry). The two states differ when a claim is refused: a delivery
already processed (`done`, or the value an older version of this guard wrote) is a replay,
raised as `ReplayedError`; a delivery whose claim is still pending raises
`GuardUnavailableError`, because that claim is either in progress or orphaned (Redis ran its
SET, but the reply never arrived, so its process refused the delivery with a 503). The sender
retries a 503: once the first attempt confirms, the retry is a replay; if the claim was
orphaned, the retry is refused until the key expires (at `timestamp + tolerance`), and then a
retry that the sender signed again with a fresh timestamp is accepted and processed once. An
orphaned claim thus delays a delivery; it never loses it. The framework helpers call `confirm`
once the handler has succeeded. Without `confirm` the key stays pending for its whole
lifetime: replays are still refused (with 503, not as replays).

The token is random and new for each claim. redis-py retries a command whose reply timed out;
if the first SET ran but its reply came late, the retry finds the key already set. When SET NX
answers nil, the guard reads the key back (GET): holding its own token, it won the claim after
all.

The core computes the key and how long it must be remembered; this module only adds the prefix
and talks to Redis. The key is the SHA-256 (64 hex digits) of the scheme name and the signed
delivery id, or, where the scheme signs no id, of the scheme name and the MAC of the signed
content under the first secret (whichever secret the signature matched, so that a copy whose
signature list was cut down to another secret's entry is still the same delivery). A delivery is
remembered until `timestamp + tolerance`, or for `ttl_seconds` where the scheme signs no
timestamp.

If Redis cannot be reached, `claim` raises `GuardUnavailableError`, which is not a
`hookseal.WebhookError`: the delivery is refused, never waved through, and the sender retries
later (the framework helpers answer 503). redis-py retries failed commands by default (with
backoff, for seconds), so an outage is noticed only after those retries; pass your own
`retry=` to the client to choose how long a refusal may take.

Needs the `redis` package (`pip install "hookseal[redis]"`). This module imports without it,
so that `GuardUnavailableError` can always be imported; building a guard without it raises
`ImportError`.

Example::

    import redis
    import hookseal
    from hookseal.redis import RedisReplayGuard

    wh = hookseal.Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    guard = RedisReplayGuard(redis.Redis.from_url("redis://localhost:6379/0"))

    verified = wh.verify(body, headers)  # raises hookseal.WebhookError
    guard.claim(verified)                # ReplayedError on a replay, GuardUnavailableError
    try:
        handle(body)
    except Exception:
        guard.release(verified)          # let the sender's retry through
        raise
    guard.confirm(verified)              # processed: a retry is now a replay
"""

from __future__ import annotations

import asyncio
import inspect
import secrets
from typing import TYPE_CHECKING

from hookseal._native import DEFAULT_GUARD_TTL_SECONDS, ReplayedError, Verified

if TYPE_CHECKING:
    from redis import Redis
    from redis.asyncio import Redis as AsyncRedis

__all__ = [
    "DEFAULT_PREFIX",
    "AsyncRedisReplayGuard",
    "GuardUnavailableError",
    "RedisReplayGuard",
]

DEFAULT_PREFIX = "hookseal:"
"""What keys start with unless `prefix` says otherwise."""

# The core's message for `replayed`, so that both guards read the same.
_REPLAYED_MESSAGE = "replayed: delivery already claimed"
# The message when a claim of the delivery is pending: in progress, or orphaned.
_PENDING_MESSAGE = (
    "replay guard unavailable: a claim of this delivery is pending (in progress, or its "
    "outcome was lost); retry later"
)
# A claim writes `pending:<token>`; `confirm` overwrites it with `done`. A bare `pending` (what
# the Node guard writes) is pending too. Any other value (an older version's `1` or token) is a
# delivery already processed.
_PENDING = "pending"
_PENDING_TOKEN_PREFIX = "pending:"
_DONE = "done"
# Redis refuses a PX whose deadline overflows its 64-bit millisecond clock. A delivery verifies
# only inside its tolerance (below 2**32 s), so its lifetime stays far below this cap unless
# `claim` is given a `now` far from the one `verify` used.
_MAX_PX_MILLISECONDS = 2**62
# The core's `MIN_GUARD_TTL_SECONDS`: a ttl of 0 would remember nothing, so every replay of a
# delivery without a signed timestamp would pass.
_MIN_TTL_SECONDS = 1
_MAX_TTL_SECONDS = 2**32 - 1


class GuardUnavailableError(RuntimeError):
    """The replay guard could not reach Redis, so the delivery was refused.

    Not a `hookseal.WebhookError`: nothing is wrong with the delivery, and the sender should
    retry later (the framework helpers answer 503). The Redis error is chained as
    `__cause__`; the message names only its class, never addresses or credentials.
    """


class _RedisGuardBase:
    """What both guards share: their settings, key and representation."""

    __slots__ = ("_prefix", "_ttl_seconds", "_unavailable")

    def __init__(
        self, client: object, prefix: object, ttl_seconds: object, *, wrong_client: str
    ) -> None:
        # In this order: redis-py missing, then the wrong kind of client, then the settings.
        self._unavailable = _unavailable_errors()
        if self._wrong_client(client):
            raise TypeError(wrong_client)
        self._prefix = _check_prefix(prefix)
        self._ttl_seconds = _check_ttl_seconds(ttl_seconds)

    @property
    def prefix(self) -> str:
        """What every key starts with."""
        return self._prefix

    @property
    def ttl_seconds(self) -> int:
        """How long deliveries without a signed timestamp are remembered."""
        return self._ttl_seconds

    @staticmethod
    def _wrong_client(client: object) -> bool:
        """Whether `client` is of the kind the other guard takes (each guard says)."""
        return False

    def _key(self, verified: Verified) -> str:
        return self._prefix + verified._replay_key()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(prefix={self._prefix!r}, ttl_seconds={self._ttl_seconds})"


class RedisReplayGuard(_RedisGuardBase):
    """Remembers verified deliveries in Redis, shared by every process that uses it.

    Args:
        client: a `redis.Redis` client (or any synchronous redis-py client with `set`, `get`
            and `delete`, such as `redis.RedisCluster`), on Redis 6.0 or later (`confirm`
            uses `SET ... KEEPTTL`). The guard does not close it.
        prefix: what every key starts with.
        ttl_seconds: how long deliveries without a signed timestamp are remembered; at least
            1 second.

    Raises:
        ImportError: the `redis` package is not installed.
        TypeError: `client` is a `redis.asyncio` client, `prefix` is not a `str`, or
            `ttl_seconds` is not an `int`.
        ValueError: `ttl_seconds` is outside 1..4294967295.

    Examples:
        ``RedisReplayGuard(redis.Redis.from_url(url), prefix="myapp:hooks:")``
    """

    __slots__ = ("_client",)

    def __init__(
        self,
        client: Redis,
        *,
        prefix: str = DEFAULT_PREFIX,
        ttl_seconds: int = DEFAULT_GUARD_TTL_SECONDS,
    ) -> None:
        super().__init__(
            client,
            prefix,
            ttl_seconds,
            wrong_client="RedisReplayGuard needs a synchronous redis.Redis client; "
            "use AsyncRedisReplayGuard for a redis.asyncio client",
        )
        self._client = client

    @staticmethod
    def _wrong_client(client: object) -> bool:
        return _is_async_client(client)

    def claim(self, verified: Verified, *, now: int | None = None) -> None:
        """Records `verified`, claimed at `now` (Unix seconds; the clock when None).

        Exactly one claim of a delivery succeeds while it is remembered, in every process
        sharing the Redis database and prefix. The claim is pending until `confirm`. A
        delivery whose window has already closed needs no remembering: the claim returns
        without a round trip.

        Raises:
            ReplayedError: it was already claimed and is still remembered.
            GuardUnavailableError: Redis could not be reached or failed the command, or
                another claim of the delivery is pending (in progress, or orphaned); the
                delivery must be refused, and the sender's retry decides.
        """
        milliseconds = _lifetime_milliseconds(verified, self._ttl_seconds, now)
        if milliseconds == 0:
            return
        key = self._key(verified)
        token = _claim_token()
        try:
            reply = self._client.set(key, token, nx=True, px=milliseconds)
            if _set_reply_claimed(reply):
                return
            # A retried SET whose first attempt ran finds its own token.
            held = self._client.get(key)
        except self._unavailable as exc:
            raise _unavailable(exc) from exc
        _check_held(held, token)

    def confirm(self, verified: Verified) -> None:
        """Marks a claimed delivery processed, so that a retry is refused as a replay.

        Call it once the delivery has been handled (the framework helpers do, after the
        handler succeeded). The key keeps its expiry; confirming a delivery that is not
        claimed (never, released or expired) does nothing.

        Raises:
            GuardUnavailableError: Redis could not be reached or failed the command. The
                delivery was processed all the same: do not fail its response; its claim
                stays pending, and a retry is answered 503 until it expires.
        """
        try:
            self._client.set(self._key(verified), _DONE, xx=True, keepttl=True)
        except self._unavailable as exc:
            raise _unavailable(exc) from exc

    def release(self, verified: Verified) -> None:
        """Forgets a claim, so that a retry is accepted; an unknown delivery does nothing.

        Raises:
            GuardUnavailableError: Redis could not be reached or failed the command.
        """
        try:
            self._client.delete(self._key(verified))
        except self._unavailable as exc:
            raise _unavailable(exc) from exc


class AsyncRedisReplayGuard(_RedisGuardBase):
    """Remembers verified deliveries in Redis through a `redis.asyncio` client.

    The asynchronous twin of `RedisReplayGuard`: same keys, same lifetimes, so both can share
    one database; `claim`, `confirm` and `release` are coroutines.

    Args:
        client: a `redis.asyncio.Redis` client (or any asynchronous redis-py client with
            `set`, `get` and `delete`, such as `redis.asyncio.RedisCluster`), on Redis 6.0 or
            later. The guard does not close it.
        prefix: what every key starts with.
        ttl_seconds: how long deliveries without a signed timestamp are remembered; at least
            1 second.

    Raises:
        ImportError: the `redis` package is not installed.
        TypeError: `client` is a synchronous `redis.Redis` client, `prefix` is not a `str`, or
            `ttl_seconds` is not an `int`.
        ValueError: `ttl_seconds` is outside 1..4294967295.
    """

    __slots__ = ("_client",)

    def __init__(
        self,
        client: AsyncRedis,
        *,
        prefix: str = DEFAULT_PREFIX,
        ttl_seconds: int = DEFAULT_GUARD_TTL_SECONDS,
    ) -> None:
        super().__init__(
            client,
            prefix,
            ttl_seconds,
            wrong_client="AsyncRedisReplayGuard needs a redis.asyncio.Redis client; "
            "use RedisReplayGuard for a synchronous redis.Redis client",
        )
        self._client = client

    @staticmethod
    def _wrong_client(client: object) -> bool:
        return _is_sync_client(client)

    async def claim(self, verified: Verified, *, now: int | None = None) -> None:
        """Records `verified`, claimed at `now` (Unix seconds; the clock when None).

        Exactly one claim of a delivery succeeds while it is remembered, in every process
        sharing the Redis database and prefix. The claim is pending until `confirm`. A
        delivery whose window has already closed needs no remembering: the claim returns
        without a round trip.

        Raises:
            ReplayedError: it was already claimed and is still remembered.
            GuardUnavailableError: Redis could not be reached or failed the command, or
                another claim of the delivery is pending (in progress, or orphaned); the
                delivery must be refused, and the sender's retry decides.
        """
        milliseconds = _lifetime_milliseconds(verified, self._ttl_seconds, now)
        if milliseconds == 0:
            return
        key = self._key(verified)
        token = _claim_token()
        try:
            pending = self._client.set(key, token, nx=True, px=milliseconds)
            # A client that answers at once (not redis-py's asyncio one) has already run SET:
            # its reply is the truth.
            reply = await pending if inspect.isawaitable(pending) else pending
            if _set_reply_claimed(reply):
                return
            # A retried SET whose first attempt ran finds its own token.
            pending = self._client.get(key)
            held = await pending if inspect.isawaitable(pending) else pending
        except self._unavailable as exc:
            raise _unavailable(exc) from exc
        _check_held(held, token)

    async def confirm(self, verified: Verified) -> None:
        """Marks a claimed delivery processed, so that a retry is refused as a replay.

        Call it once the delivery has been handled (the framework helpers do, after the
        handler succeeded). The key keeps its expiry; confirming a delivery that is not
        claimed (never, released or expired) does nothing.

        Raises:
            GuardUnavailableError: Redis could not be reached or failed the command. The
                delivery was processed all the same: do not fail its response; its claim
                stays pending, and a retry is answered 503 until it expires.
        """
        try:
            pending = self._client.set(self._key(verified), _DONE, xx=True, keepttl=True)
            if inspect.isawaitable(pending):
                await pending
        except self._unavailable as exc:
            raise _unavailable(exc) from exc

    async def release(self, verified: Verified) -> None:
        """Forgets a claim, so that a retry is accepted; an unknown delivery does nothing.

        Raises:
            GuardUnavailableError: Redis could not be reached or failed the command.
        """
        try:
            pending = self._client.delete(self._key(verified))
            if inspect.isawaitable(pending):
                await pending
        except self._unavailable as exc:
            raise _unavailable(exc) from exc


def _unavailable_errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean Redis could not serve a command; imports redis-py."""
    try:
        from redis.exceptions import RedisError
    except ImportError as exc:
        raise ImportError(
            'hookseal.redis needs the redis package: pip install "hookseal[redis]"'
        ) from exc
    # redis-py wraps socket failures in its ConnectionError and TimeoutError (both
    # RedisError); OSError and asyncio's TimeoutError (not an OSError before Python 3.11)
    # cover the paths where a raw one slips through.
    return (RedisError, OSError, asyncio.TimeoutError)


def _is_async_client(client: object) -> bool:
    import redis.asyncio

    return isinstance(client, _classes(redis.asyncio, "Redis", "RedisCluster"))


def _is_sync_client(client: object) -> bool:
    import redis

    return isinstance(client, _classes(redis, "Redis", "RedisCluster"))


def _classes(module: object, *names: str) -> tuple[type, ...]:
    # `redis.asyncio.RedisCluster` is younger than the oldest redis-py this module supports.
    found = (getattr(module, name, None) for name in names)
    return tuple(cls for cls in found if isinstance(cls, type))


def _check_prefix(prefix: object) -> str:
    if not isinstance(prefix, str):
        raise TypeError("prefix must be a str")
    return prefix


def _check_ttl_seconds(ttl_seconds: object) -> int:
    # The same checks and messages as the core's `ReplayGuard`.
    if isinstance(ttl_seconds, bool) or not isinstance(ttl_seconds, int):
        raise TypeError("ttl_seconds must be an int")
    if not _MIN_TTL_SECONDS <= ttl_seconds <= _MAX_TTL_SECONDS:
        raise ValueError(f"ttl_seconds must be between {_MIN_TTL_SECONDS} and {_MAX_TTL_SECONDS}")
    return ttl_seconds


def _claim_token() -> str:
    """A new value for one claim's key: pending, with a random token so that the claim can
    recognise itself."""
    return _PENDING_TOKEN_PREFIX + secrets.token_hex(16)


def _lifetime_milliseconds(verified: Verified, ttl_seconds: int, now: int | None) -> int:
    """How long Redis must keep the claim, from the core's lifetime in seconds; 0 for none."""
    seconds = verified._replay_ttl_seconds(ttl_seconds, now)
    return min(seconds * 1000, _MAX_PX_MILLISECONDS)


def _set_reply_claimed(reply: object) -> bool:
    """Maps the reply of `SET NX`: True claimed, None (or False) the key was already set."""
    if reply is True:
        return True
    if reply is None or reply is False:
        return False
    # Anything else (a coroutine from an asynchronous client, a pipeline that queued the
    # command) did not claim: refuse rather than wave the delivery through.
    if inspect.iscoroutine(reply):
        reply.close()
    raise TypeError(f"unexpected reply to SET NX from the Redis client: {type(reply).__name__}")


def _check_held(held: object, token: str) -> None:
    """After SET NX found the key set: ours if it holds this claim's token, else refused.

    The key holds the value of the claim that set it. Only this claim knows its token, so
    finding it means that this claim's own SET ran (a retry of it answered nil), not another
    process's. Another pending claim, or none (released or expired between SET and GET), is
    `GuardUnavailableError`: the sender's retry decides. Anything else (`done`, or a value an
    older version wrote) is a delivery already processed: a replay.
    """
    if isinstance(held, bytes):
        held = held.decode("ascii", "replace")
    if held == token:
        return
    if (
        held is None
        or held == _PENDING
        or (isinstance(held, str) and held.startswith(_PENDING_TOKEN_PREFIX))
    ):
        raise GuardUnavailableError(_PENDING_MESSAGE)
    raise ReplayedError(_REPLAYED_MESSAGE)


def _unavailable(exc: BaseException) -> GuardUnavailableError:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    # Only the class name: redis-py messages carry addresses, and a URL may carry a password.
    name = type(exc).__name__
    unreachable = (RedisConnectionError, RedisTimeoutError, OSError, asyncio.TimeoutError)
    if isinstance(exc, unreachable):
        return GuardUnavailableError(f"replay guard unavailable: cannot reach Redis ({name})")
    return GuardUnavailableError(f"replay guard unavailable: Redis failed the command ({name})")
