"""`hookseal.redis`: the shared replay guards, against real `redis-server` processes.

Signing and verifying are tested elsewhere; here `Webhook.sign` only makes deliveries.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import socket
import subprocess
import sys
import textwrap
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

import pytest
import redis
import redis.asyncio
import redis.asyncio.retry
import redis.exceptions
import redis.retry
from conftest import RedisServer, RedisServerFactory
from redis.backoff import NoBackoff

import hookseal
import hookseal.redis
from hookseal.redis import AsyncRedisReplayGuard, GuardUnavailableError, RedisReplayGuard

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
TOLERANCE_SECONDS = 600
REPLAYED_MESSAGE = "replayed: delivery already claimed"
PENDING_MESSAGE = (
    "replay guard unavailable: a claim of this delivery is pending (in progress, or its "
    "outcome was lost); retry later"
)
RACE_DELIVERIES = 500

T = TypeVar("T")


def now_seconds() -> int:
    return int(time.time())


def make_verified(
    wh: hookseal.Webhook, n: int | str, *, timestamp: int | None = None, now: int | None = None
) -> hookseal.Verified:
    """A verified delivery of `wh` with a fresh id (for schemes that carry ids)."""
    body = f'{{"n": "{n}", "nonce": "{uuid.uuid4().hex}"}}'
    headers = wh.sign(body, id=f"msg_{uuid.uuid4().hex}", timestamp=timestamp)
    return wh.verify(body, headers, now=now)


def no_retry_client(server: RedisServer) -> redis.Redis:
    """A client that reports an outage at once instead of retrying for seconds."""
    return redis.Redis(
        host=server.host,
        port=server.port,
        retry=redis.retry.Retry(NoBackoff(), 0),
        socket_connect_timeout=1,
        socket_timeout=1,
    )


def async_no_retry_client(server: RedisServer) -> redis.asyncio.Redis:
    return redis.asyncio.Redis(
        host=server.host,
        port=server.port,
        retry=redis.asyncio.retry.Retry(NoBackoff(), 0),
        socket_connect_timeout=1,
        socket_timeout=1,
    )


def closed_port() -> int:
    """A loopback port with nothing listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def assert_lifetime(pttl: int, seconds: int) -> None:
    """The key's remaining lifetime in milliseconds is `seconds`, give or take one second."""
    assert seconds * 1000 - 1000 < pttl <= seconds * 1000


@pytest.fixture
def wh() -> hookseal.Webhook:
    return hookseal.Webhook(SECRET, tolerance_seconds=TOLERANCE_SECONDS)


@pytest.fixture
def prefix() -> str:
    """A prefix of this test's own, so that tests sharing the server do not meet."""
    return f"hookseal-test:{uuid.uuid4().hex}:"


@pytest.fixture
def client(redis_server: RedisServer) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_server.url)
    try:
        yield client
    finally:
        client.close()


def keys_under(client: redis.Redis, prefix: str) -> list[str]:
    return sorted(key.decode() for key in client.scan_iter(match=f"{prefix}*", count=1000))


# --- claim, replay, release ---------------------------------------------------------------


def test_claim_replay_release(client: redis.Redis, wh: hookseal.Webhook, prefix: str) -> None:
    guard = RedisReplayGuard(client, prefix=prefix)
    verified = make_verified(wh, 1)

    guard.claim(verified)
    # Claimed, not yet confirmed: in progress (or orphaned), so the sender should retry.
    with pytest.raises(GuardUnavailableError) as pending:
        guard.claim(verified)
    assert not isinstance(pending.value, hookseal.WebhookError)
    assert str(pending.value) == PENDING_MESSAGE
    assert pending.value.__cause__ is None

    guard.confirm(verified)
    with pytest.raises(hookseal.ReplayedError) as info:
        guard.claim(verified)
    assert isinstance(info.value, hookseal.WebhookError)
    assert info.value.code == "replayed"
    assert str(info.value) == REPLAYED_MESSAGE

    guard.release(verified)
    guard.claim(verified)
    guard.confirm(verified)
    with pytest.raises(hookseal.ReplayedError):
        guard.claim(verified)

    # Releasing or confirming an unknown delivery does nothing.
    unknown = make_verified(wh, 2)
    guard.release(unknown)
    guard.confirm(unknown)
    assert client.exists(prefix + unknown._replay_key()) == 0


def test_confirm_keeps_the_lifetime(client: redis.Redis, wh: hookseal.Webhook, prefix: str) -> None:
    now = now_seconds()
    verified = make_verified(wh, 1, timestamp=now - 100, now=now)
    guard = RedisReplayGuard(client, prefix=prefix)
    key = prefix + verified._replay_key()
    guard.claim(verified, now=now)
    before = client.pttl(key)
    guard.confirm(verified)
    assert client.get(key) == b"done"
    after = client.pttl(key)
    assert 0 <= before - after < 1000
    assert_lifetime(after, TOLERANCE_SECONDS + 1 - 100)
    # Confirming twice changes nothing.
    guard.confirm(verified)
    assert client.get(key) == b"done"
    assert client.pttl(key) > before - 1000


@pytest.mark.parametrize(
    ("value", "replayed"),
    [
        ("done", True),
        # What older versions wrote: the Node guard `1`, the Python guard a bare token.
        ("1", True),
        ("fedcba9876543210fedcba9876543210", True),
        # Pending: the Node guard's value, and another Python claim's.
        ("pending", False),
        ("pending:fedcba9876543210fedcba9876543210", False),
    ],
)
def test_what_a_refused_claim_found(
    client: redis.Redis, wh: hookseal.Webhook, prefix: str, value: str, replayed: bool
) -> None:
    verified = make_verified(wh, 1)
    client.set(prefix + verified._replay_key(), value, px=60_000)
    guard = RedisReplayGuard(client, prefix=prefix)
    expected: type[Exception] = hookseal.ReplayedError if replayed else GuardUnavailableError
    with pytest.raises(expected):
        guard.claim(verified)


def test_orphaned_claim_refuses_until_it_expires(
    client: redis.Redis, wh: hookseal.Webhook, prefix: str
) -> None:
    # Redis ran a claim's SET, but its reply was lost: the key says pending, and nobody will
    # confirm or release it. Written here as that SET would have, with a short lifetime.
    verified = make_verified(wh, 1)
    key = prefix + verified._replay_key()
    client.set(key, "pending", px=300)
    guard = RedisReplayGuard(client, prefix=prefix)
    # Every retry is refused as unavailable (503), never as replayed (200, the sender stops).
    for _ in range(3):
        with pytest.raises(GuardUnavailableError, match="pending"):
            guard.claim(verified)
    deadline = time.monotonic() + 5
    while client.exists(key) and time.monotonic() < deadline:
        time.sleep(0.05)
    # Expired: the sender's next retry is accepted, processed, and confirmed.
    guard.claim(verified)
    guard.confirm(verified)
    with pytest.raises(hookseal.ReplayedError):
        guard.claim(verified)


def test_confirm_when_redis_is_unreachable(wh: hookseal.Webhook) -> None:
    client = redis.Redis(
        host="127.0.0.1", port=closed_port(), retry=redis.retry.Retry(NoBackoff(), 0)
    )
    try:
        with pytest.raises(GuardUnavailableError) as info:
            RedisReplayGuard(client).confirm(make_verified(wh, 1))
    finally:
        client.close()
    assert str(info.value) == "replay guard unavailable: cannot reach Redis (ConnectionError)"


def test_same_message_as_the_in_memory_guard(wh: hookseal.Webhook) -> None:
    guard = hookseal.ReplayGuard()
    verified = make_verified(wh, 1)
    guard.claim(verified)
    with pytest.raises(hookseal.ReplayedError) as info:
        guard.claim(verified)
    assert str(info.value) == REPLAYED_MESSAGE


def test_key_is_prefix_and_core_key(client: redis.Redis, wh: hookseal.Webhook, prefix: str) -> None:
    verified = make_verified(wh, 1)
    RedisReplayGuard(client, prefix=prefix).claim(verified)
    key = prefix + verified._replay_key()
    assert keys_under(client, prefix) == [key]
    # Pending, with a random per-claim token (see test_late_reply_retry_*).
    value = client.get(key)
    assert value is not None
    assert value.startswith(b"pending:")
    assert len(value) == len("pending:") + 32
    int(value[len("pending:") :], 16)


def test_default_prefix(client: redis.Redis, wh: hookseal.Webhook) -> None:
    guard = RedisReplayGuard(client)
    assert guard.prefix == "hookseal:"
    assert guard.ttl_seconds == hookseal.DEFAULT_GUARD_TTL_SECONDS
    verified = make_verified(wh, 1)
    key = "hookseal:" + verified._replay_key()
    try:
        guard.claim(verified)
        assert client.exists(key) == 1
    finally:
        client.delete(key)


def test_guards_share_claims_by_prefix(
    redis_server: RedisServer, client: redis.Redis, wh: hookseal.Webhook, prefix: str
) -> None:
    verified = make_verified(wh, 1)
    guard = RedisReplayGuard(client, prefix=prefix)
    guard.claim(verified)
    with redis.Redis.from_url(redis_server.url) as other:
        with pytest.raises(GuardUnavailableError):
            RedisReplayGuard(other, prefix=prefix).claim(verified)
        guard.confirm(verified)
        with pytest.raises(hookseal.ReplayedError):
            RedisReplayGuard(other, prefix=prefix).claim(verified)
        # Another prefix is another memory.
        RedisReplayGuard(other, prefix=prefix + "other:").claim(verified)


# --- lifetimes -----------------------------------------------------------------------------


def test_lifetime_with_signed_timestamp(
    client: redis.Redis, wh: hookseal.Webhook, prefix: str
) -> None:
    # Remembered until timestamp + tolerance (inclusive): the window check refuses it later.
    now = now_seconds()
    timestamp = now - 100
    verified = make_verified(wh, 1, timestamp=timestamp, now=now)
    lifetime = verified._replay_ttl_seconds(3600, now)
    assert lifetime == timestamp + TOLERANCE_SECONDS + 1 - now

    RedisReplayGuard(client, prefix=prefix, ttl_seconds=3600).claim(verified, now=now)
    assert_lifetime(client.pttl(prefix + verified._replay_key()), lifetime)


def test_lifetime_without_timestamp(client: redis.Redis, prefix: str) -> None:
    github = hookseal.Webhook("It's a Secret to Everybody", scheme="github")
    verified = make_verified(github, 1)
    assert verified.timestamp is None

    RedisReplayGuard(client, prefix=prefix, ttl_seconds=3600).claim(verified)
    assert_lifetime(client.pttl(prefix + verified._replay_key()), 3600)


def test_nothing_to_remember_does_not_touch_redis(wh: hookseal.Webhook, prefix: str) -> None:
    # Nothing listens on this port: any round trip would raise GuardUnavailableError.
    client = redis.Redis(
        host="127.0.0.1", port=closed_port(), retry=redis.retry.Retry(NoBackoff(), 0)
    )
    try:
        # A signed timestamp whose window has closed.
        timestamp = now_seconds() - 1000
        closed = make_verified(wh, 2, timestamp=timestamp, now=timestamp)
        guard = RedisReplayGuard(client, prefix=prefix)
        guard.claim(closed, now=timestamp + TOLERANCE_SECONDS + 1)
        guard.claim(closed, now=timestamp + TOLERANCE_SECONDS + 1)
    finally:
        client.close()


def test_nothing_to_remember_writes_nothing(
    client: redis.Redis, wh: hookseal.Webhook, prefix: str
) -> None:
    timestamp = now_seconds() - 1000
    closed = make_verified(wh, 1, timestamp=timestamp, now=timestamp)
    RedisReplayGuard(client, prefix=prefix).claim(closed, now=timestamp + TOLERANCE_SECONDS + 1)
    assert keys_under(client, prefix) == []


def test_smallest_ttl_still_remembers(client: redis.Redis, prefix: str) -> None:
    # ttl_seconds=1 is the floor: a delivery without a signed timestamp is always remembered.
    github = hookseal.Webhook("It's a Secret to Everybody", scheme="github")
    verified = make_verified(github, 1)
    guard = RedisReplayGuard(client, prefix=prefix, ttl_seconds=1)
    guard.claim(verified)
    guard.confirm(verified)
    with pytest.raises(hookseal.ReplayedError):
        guard.claim(verified)
    assert_lifetime(client.pttl(prefix + verified._replay_key()), 1)


# --- a late reply to SET, retried by redis-py ------------------------------------------------
#
# redis-py retries a command whose reply timed out. If the first SET NX ran but its reply came
# late, the retry finds the key the first one wrote. The guard recognises its own claim by the
# token it wrote. These tests write the key as that first SET would have, then claim.

TOKEN = "pending:0123456789abcdef0123456789abcdef"


@pytest.fixture
def fixed_token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(hookseal.redis, "_claim_token", lambda: TOKEN)
    return TOKEN


@pytest.mark.parametrize("decode_responses", [False, True])
def test_late_reply_retry_finds_its_own_claim(
    redis_server: RedisServer,
    wh: hookseal.Webhook,
    prefix: str,
    fixed_token: str,
    decode_responses: bool,
) -> None:
    verified = make_verified(wh, 1)
    key = prefix + verified._replay_key()
    with redis.Redis.from_url(redis_server.url, decode_responses=decode_responses) as client:
        client.set(key, fixed_token, px=60_000)
        RedisReplayGuard(client, prefix=prefix).claim(verified)
        # The claim kept the key, with its lifetime.
        assert client.get(key) in (fixed_token, fixed_token.encode())


def test_late_reply_retry_someone_else_claimed(
    client: redis.Redis, wh: hookseal.Webhook, prefix: str, fixed_token: str
) -> None:
    verified = make_verified(wh, 1)
    key = prefix + verified._replay_key()
    # Another claim, pending: refused, for the sender to retry.
    client.set(key, "pending:fedcba9876543210fedcba9876543210", px=60_000)
    with pytest.raises(GuardUnavailableError) as pending:
        RedisReplayGuard(client, prefix=prefix).claim(verified)
    assert str(pending.value) == PENDING_MESSAGE
    # Another claim, confirmed: a replay.
    client.set(key, "done", px=60_000)
    with pytest.raises(hookseal.ReplayedError) as info:
        RedisReplayGuard(client, prefix=prefix).claim(verified)
    assert str(info.value) == REPLAYED_MESSAGE
    # The value written by an older version of this guard is someone else's claim too.
    client.set(key, "1", px=60_000)
    with pytest.raises(hookseal.ReplayedError):
        RedisReplayGuard(client, prefix=prefix).claim(verified)


def test_async_late_reply_retry(
    redis_server: RedisServer, wh: hookseal.Webhook, prefix: str, fixed_token: str
) -> None:
    own = make_verified(wh, 1)
    other = make_verified(wh, 2)

    async def scenario() -> None:
        aclient = redis.asyncio.Redis.from_url(redis_server.url)
        try:
            await aclient.set(prefix + own._replay_key(), fixed_token, px=60_000)
            await aclient.set(prefix + other._replay_key(), "someone else", px=60_000)
            guard = AsyncRedisReplayGuard(aclient, prefix=prefix)
            await guard.claim(own)
            with pytest.raises(hookseal.ReplayedError):
                await guard.claim(other)
            await aclient.set(prefix + other._replay_key(), "pending", px=60_000)
            with pytest.raises(GuardUnavailableError, match="pending"):
                await guard.claim(other)
        finally:
            await aclient.aclose()

    asyncio.run(scenario())


def test_each_claim_writes_a_new_token(
    client: redis.Redis, wh: hookseal.Webhook, prefix: str
) -> None:
    guard = RedisReplayGuard(client, prefix=prefix)
    first, second = make_verified(wh, 1), make_verified(wh, 2)
    guard.claim(first)
    guard.claim(second)
    tokens = {client.get(prefix + v._replay_key()) for v in (first, second)}
    assert len(tokens) == 2


# --- several processes ---------------------------------------------------------------------


def _race_worker(
    url: str,
    prefix: str,
    deliveries: list[tuple[str, dict[str, str]]],
    now: int,
    barrier: Any,
    results: Any,
) -> None:
    """Claims every delivery with its own Webhook, client and guard; reports what it won."""
    try:
        webhook = hookseal.Webhook(SECRET, tolerance_seconds=TOLERANCE_SECONDS)
        with redis.Redis.from_url(url) as own_client:
            guard = RedisReplayGuard(own_client, prefix=prefix)
            own_client.ping()
            barrier.wait(timeout=60)
            won: list[int] = []
            lost: list[int] = []
            for index, (body, headers) in enumerate(deliveries):
                verified = webhook.verify(body, headers, now=now)
                try:
                    guard.claim(verified, now=now)
                except (hookseal.ReplayedError, GuardUnavailableError):
                    # Replayed once the winner confirmed, pending before that.
                    lost.append(index)
                else:
                    won.append(index)
                    guard.confirm(verified)
        results.put(("ok", won, lost))
    except BaseException:
        results.put(("error", traceback.format_exc(), []))


def test_two_processes_race(redis_server: RedisServer, client: redis.Redis, prefix: str) -> None:
    now = now_seconds()
    wh = hookseal.Webhook(SECRET, tolerance_seconds=TOLERANCE_SECONDS)
    deliveries = []
    for index in range(RACE_DELIVERIES):
        body = f'{{"n": {index}}}'
        deliveries.append((body, wh.sign(body, id=f"msg_race_{index}", timestamp=now)))

    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    processes = [
        context.Process(
            target=_race_worker,
            args=(redis_server.url, prefix, deliveries, now, barrier, results),
        )
        for _ in range(2)
    ]
    try:
        for process in processes:
            process.start()
        reports = [results.get(timeout=120) for _ in processes]
        for process in processes:
            process.join(timeout=30)
            assert process.exitcode == 0
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
                process.join()
            process.close()
        results.close()
        results.join_thread()

    errors = [report[1] for report in reports if report[0] != "ok"]
    assert errors == []
    won = [index for report in reports for index in report[1]]
    lost = [index for report in reports for index in report[2]]
    # Every id won exactly once across both processes, and lost by the other.
    assert sorted(won) == list(range(RACE_DELIVERIES))
    assert sorted(lost) == list(range(RACE_DELIVERIES))
    assert len(keys_under(client, prefix)) == RACE_DELIVERIES


# --- Redis going away ----------------------------------------------------------------------


def test_redis_going_away_refuses_deliveries(
    redis_server_factory: RedisServerFactory, wh: hookseal.Webhook, prefix: str
) -> None:
    server = redis_server_factory()
    client = no_retry_client(server)
    handled: list[str | None] = []

    def receive(guard: RedisReplayGuard, verified: hookseal.Verified) -> None:
        """What a framework helper does: claim, then hand over to the application."""
        guard.claim(verified)
        handled.append(verified.id)

    try:
        guard = RedisReplayGuard(client, prefix=prefix)
        before = [make_verified(wh, n) for n in range(3)]
        for verified in before:
            receive(guard, verified)
        assert len(handled) == 3

        server.stop()

        during = make_verified(wh, 3)
        with pytest.raises(GuardUnavailableError) as info:
            receive(guard, during)
        assert not isinstance(info.value, hookseal.WebhookError)
        assert isinstance(info.value, RuntimeError)
        assert str(info.value) == "replay guard unavailable: cannot reach Redis (ConnectionError)"
        assert isinstance(info.value.__cause__, redis.exceptions.ConnectionError)
        # A replay of a claimed delivery is refused too, not waved through as new.
        with pytest.raises(GuardUnavailableError):
            receive(guard, before[0])
        with pytest.raises(GuardUnavailableError):
            guard.release(before[1])
        assert len(handled) == 3, "a delivery was handed over while Redis was away"

        # Back on the same port: the same client reconnects and claims work again.
        redis_server_factory(port=server.port)
        receive(guard, during)
        guard.confirm(during)
        with pytest.raises(hookseal.ReplayedError):
            guard.claim(during)
        with no_retry_client(server) as fresh:
            fresh_guard = RedisReplayGuard(fresh, prefix=prefix)
            with pytest.raises(hookseal.ReplayedError):
                fresh_guard.claim(during)
            fresh_guard.claim(make_verified(wh, 4))
    finally:
        client.close()
    assert len(handled) == 4


def test_unreachable_message_names_no_secret(wh: hookseal.Webhook) -> None:
    port = closed_port()
    client = redis.Redis.from_url(
        f"redis://:hunter2-password@127.0.0.1:{port}/0", retry=redis.retry.Retry(NoBackoff(), 0)
    )
    try:
        with pytest.raises(GuardUnavailableError) as info:
            RedisReplayGuard(client).claim(make_verified(wh, 1))
    finally:
        client.close()
    assert "hunter2" not in str(info.value)
    assert str(port) not in str(info.value)


def test_timeout_refuses_the_delivery(wh: hookseal.Webhook) -> None:
    # A server that accepts connections and never answers.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        client = redis.Redis(
            host="127.0.0.1",
            port=silent.getsockname()[1],
            socket_timeout=0.2,
            socket_connect_timeout=0.2,
            retry=redis.retry.Retry(NoBackoff(), 0),
        )
        try:
            with pytest.raises(GuardUnavailableError) as info:
                RedisReplayGuard(client).claim(make_verified(wh, 1))
        finally:
            client.close()
    assert str(info.value) == "replay guard unavailable: cannot reach Redis (TimeoutError)"
    assert isinstance(info.value.__cause__, redis.exceptions.TimeoutError)


def test_failed_command_refuses_the_delivery(
    redis_server_factory: RedisServerFactory, wh: hookseal.Webhook
) -> None:
    server = redis_server_factory()
    with no_retry_client(server) as client:
        client.config_set("maxmemory", 1)
        client.config_set("maxmemory-policy", "noeviction")
        with pytest.raises(GuardUnavailableError) as info:
            RedisReplayGuard(client).claim(make_verified(wh, 1))
    assert str(info.value) == (
        "replay guard unavailable: Redis failed the command (OutOfMemoryError)"
    )
    assert isinstance(info.value.__cause__, redis.exceptions.ResponseError)


def test_a_reply_that_is_not_a_claim_refuses_the_delivery(
    client: redis.Redis, wh: hookseal.Webhook, prefix: str
) -> None:
    # A pipeline only queues SET: that is no claim, so the delivery must not pass.
    with client.pipeline() as pipeline:
        guard = RedisReplayGuard(pipeline, prefix=prefix)
        with pytest.raises(TypeError, match="unexpected reply to SET NX"):
            guard.claim(make_verified(wh, 1))


def with_async_client(make: Callable[[redis.asyncio.Redis], T]) -> T:
    """`make(client)` with an unconnected `redis.asyncio` client, made and closed inside an
    event loop (before Python 3.10 its locks would otherwise bind a loop nobody closes)."""

    async def run() -> T:
        aclient = redis.asyncio.Redis()
        try:
            return make(aclient)
        finally:
            await aclient.aclose()

    return asyncio.run(run())


# --- construction --------------------------------------------------------------------------


@pytest.mark.parametrize("ttl_seconds", [1, 86_400, 4_294_967_295])
def test_ttl_seconds_accepted(ttl_seconds: int) -> None:
    # Building a guard does not connect, so these clients never need a server.
    with redis.Redis() as client:
        assert RedisReplayGuard(client, ttl_seconds=ttl_seconds).ttl_seconds == ttl_seconds
    guard = with_async_client(lambda c: AsyncRedisReplayGuard(c, ttl_seconds=ttl_seconds))
    assert guard.ttl_seconds == ttl_seconds


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        # 0 would remember nothing: replays of deliveries without a signed timestamp would pass.
        ({"ttl_seconds": 0}, ValueError, "ttl_seconds must be between 1 and 4294967295"),
        ({"ttl_seconds": -1}, ValueError, "ttl_seconds must be between 1 and 4294967295"),
        ({"ttl_seconds": 2**32}, ValueError, "ttl_seconds must be between 1 and 4294967295"),
        ({"ttl_seconds": True}, TypeError, "ttl_seconds must be an int"),
        ({"ttl_seconds": 1.0}, TypeError, "ttl_seconds must be an int"),
        ({"ttl_seconds": "60"}, TypeError, "ttl_seconds must be an int"),
        ({"ttl_seconds": None}, TypeError, "ttl_seconds must be an int"),
        ({"prefix": b"hookseal:"}, TypeError, "prefix must be a str"),
        ({"prefix": None}, TypeError, "prefix must be a str"),
    ],
)
def test_bad_arguments(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    with redis.Redis() as client, pytest.raises(error, match=f"^{message}$"):
        RedisReplayGuard(client, **kwargs)
    with pytest.raises(error, match=f"^{message}$"):
        with_async_client(lambda c: AsyncRedisReplayGuard(c, **kwargs))


def test_client_of_the_wrong_kind() -> None:
    with pytest.raises(TypeError, match="use AsyncRedisReplayGuard"):
        with_async_client(lambda c: RedisReplayGuard(cast(Any, c)))
    with redis.Redis() as client, pytest.raises(TypeError, match="use RedisReplayGuard"):
        AsyncRedisReplayGuard(cast(Any, client))


def test_repr() -> None:
    with redis.Redis() as client:
        guard = RedisReplayGuard(client, prefix="app:", ttl_seconds=60)
        assert repr(guard) == "RedisReplayGuard(prefix='app:', ttl_seconds=60)"


def test_without_the_redis_package() -> None:
    # The module imports without redis-py (so GuardUnavailableError is always importable);
    # building a guard says what to install.
    script = textwrap.dedent(
        """
        import sys
        sys.modules["redis"] = None
        import hookseal.redis
        assert issubclass(hookseal.redis.GuardUnavailableError, RuntimeError)
        for guard in (hookseal.redis.RedisReplayGuard, hookseal.redis.AsyncRedisReplayGuard):
            try:
                guard(object())
            except ImportError as exc:
                print(exc)
            else:
                raise SystemExit("no ImportError")
        """
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    message = 'hookseal.redis needs the redis package: pip install "hookseal[redis]"'
    assert result.stdout.splitlines() == [message, message]


# --- asyncio -------------------------------------------------------------------------------


def test_async_claim_replay_release(
    redis_server: RedisServer, client: redis.Redis, wh: hookseal.Webhook, prefix: str
) -> None:
    now = now_seconds()
    verified = make_verified(wh, 1, timestamp=now - 100, now=now)
    github = hookseal.Webhook("It's a Secret to Everybody", scheme="github")
    untimed = make_verified(github, 2)

    async def scenario() -> None:
        aclient = redis.asyncio.Redis.from_url(redis_server.url)
        try:
            guard = AsyncRedisReplayGuard(aclient, prefix=prefix, ttl_seconds=3600)
            await guard.claim(verified, now=now)
            with pytest.raises(GuardUnavailableError) as pending:
                await guard.claim(verified, now=now)
            assert str(pending.value) == PENDING_MESSAGE
            await guard.confirm(verified)
            with pytest.raises(hookseal.ReplayedError) as info:
                await guard.claim(verified, now=now)
            assert info.value.code == "replayed"
            assert str(info.value) == REPLAYED_MESSAGE
            await guard.release(verified)
            await guard.claim(verified, now=now)
            await guard.confirm(verified)
            await guard.release(make_verified(wh, 3))
            await guard.confirm(make_verified(wh, 4))

            await guard.claim(untimed)
            # Nothing to remember (the window has closed): no key.
            await AsyncRedisReplayGuard(aclient, prefix=prefix + "closed:").claim(
                verified, now=now + TOLERANCE_SECONDS
            )
        finally:
            await aclient.aclose()

    asyncio.run(scenario())

    key = prefix + verified._replay_key()
    untimed_key = prefix + untimed._replay_key()
    assert keys_under(client, prefix) == sorted([key, untimed_key])
    assert_lifetime(client.pttl(key), TOLERANCE_SECONDS + 1 - 100)
    assert client.get(key) == b"done"
    assert_lifetime(client.pttl(untimed_key), 3600)
    # The sync and async guards share keys.
    with pytest.raises(hookseal.ReplayedError):
        RedisReplayGuard(client, prefix=prefix).claim(verified, now=now)


def test_async_concurrent_claims_win_once(
    redis_server: RedisServer, wh: hookseal.Webhook, prefix: str
) -> None:
    verified = make_verified(wh, 1)

    async def scenario() -> list[BaseException | None]:
        aclient = redis.asyncio.Redis.from_url(redis_server.url)
        try:
            guard = AsyncRedisReplayGuard(aclient, prefix=prefix)
            return await asyncio.gather(
                *(guard.claim(verified) for _ in range(50)), return_exceptions=True
            )
        finally:
            await aclient.aclose()

    outcomes = asyncio.run(scenario())
    assert outcomes.count(None) == 1
    # Nobody confirmed: every other claim found the winner's claim pending.
    assert all(isinstance(o, GuardUnavailableError) for o in outcomes if o is not None)


def test_async_redis_going_away_refuses_deliveries(
    redis_server_factory: RedisServerFactory, wh: hookseal.Webhook, prefix: str
) -> None:
    server = redis_server_factory()
    before = make_verified(wh, 1)
    during = make_verified(wh, 2)
    handled: list[str | None] = []

    async def receive(guard: AsyncRedisReplayGuard, verified: hookseal.Verified) -> None:
        await guard.claim(verified)
        handled.append(verified.id)

    async def scenario() -> None:
        aclient = async_no_retry_client(server)
        try:
            guard = AsyncRedisReplayGuard(aclient, prefix=prefix)
            await receive(guard, before)

            server.stop()
            with pytest.raises(GuardUnavailableError) as info:
                await receive(guard, during)
            assert not isinstance(info.value, hookseal.WebhookError)
            assert str(info.value) == (
                "replay guard unavailable: cannot reach Redis (ConnectionError)"
            )
            assert isinstance(info.value.__cause__, redis.exceptions.ConnectionError)
            with pytest.raises(GuardUnavailableError):
                await receive(guard, before)
            with pytest.raises(GuardUnavailableError):
                await guard.release(before)
            assert handled == [before.id]

            redis_server_factory(port=server.port)
            await receive(guard, during)
            await guard.confirm(during)
            with pytest.raises(hookseal.ReplayedError):
                await guard.claim(during)
        finally:
            await aclient.aclose()

    asyncio.run(scenario())
    assert handled == [before.id, during.id]
