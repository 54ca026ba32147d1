"""What the framework helpers share: the status and body for each code, and the claim flow.

This module imports no web framework, so that `hookseal.fastapi`, `hookseal.flask` and
`hookseal.django` each import only their own.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Final, Protocol, Union

from hookseal import ReplayGuard, Verified, Webhook, WebhookError

__all__ = [
    "GUARD_UNAVAILABLE",
    "AsyncReplayGuardLike",
    "Headers",
    "Refusal",
    "ReplayGuardLike",
    "RunSync",
    "claim",
    "claim_async",
    "confirm",
    "confirm_async",
    "error_body",
    "has_async_claim",
    "release",
    "release_async",
    "status_for",
    "verify",
]

logger: Final = logging.getLogger("hookseal")

GUARD_UNAVAILABLE: Final = "guard_unavailable"
"""The body code when a guard's `claim` failed without refusing the delivery itself.

That is: it raised something other than a `WebhookError` with a claim code (`replayed`,
`guard_full`), or a synchronous guard's `claim` returned an awaitable. It is not a
`WebhookError` code: the core never raises it. It names the one failure that the helpers
detect themselves (a Redis guard that cannot reach Redis, for example).
"""

# The codes a guard's `claim` refuses a delivery with. Any other failure, including a
# `WebhookError` without a `code` (the base class raised by hand), means the guard could not
# decide, and the delivery is refused with `GUARD_UNAVAILABLE` so that the sender retries.
_CLAIM_CODES: Final = frozenset({"replayed", "guard_full"})

# API.md, "Framework helpers". `replayed` is 200 so that the sender stops retrying a delivery
# that was already processed; 503 asks the sender to retry later.
_STATUS: Final[Mapping[str, int]] = {
    "missing_header": 400,
    "malformed_header": 400,
    "signature_mismatch": 401,
    "timestamp_too_old": 401,
    "timestamp_too_new": 401,
    "replayed": 200,
    "guard_full": 503,
    GUARD_UNAVAILABLE: 503,
}


class ReplayGuardLike(Protocol):
    """A replay guard with synchronous `claim` and `release`, such as `hookseal.ReplayGuard`.

    A guard may also have `confirm(verified)` (the Redis guards do): the helpers call it once
    the handler has succeeded. It is looked up at run time, not part of the protocol.
    """

    def claim(self, verified: Verified) -> None:
        """Records `verified`; raises `ReplayedError` or `GuardFullError` to refuse it."""

    def release(self, verified: Verified) -> None:
        """Forgets the claim of `verified`."""


class AsyncReplayGuardLike(Protocol):
    """A replay guard with awaitable `claim` and `release`, such as `AsyncRedisReplayGuard`.

    Its optional `confirm(verified)` may return an awaitable too.
    """

    def claim(self, verified: Verified) -> Awaitable[None]:
        """Records `verified`; raises `ReplayedError` or `GuardFullError` to refuse it."""

    def release(self, verified: Verified) -> Awaitable[None]:
        """Forgets the claim of `verified`."""


Headers = Union[Mapping[str, str], Iterable[tuple[str, str]]]
"""What `Webhook.verify` accepts as headers: a mapping (Starlette, Django) or pairs (Werkzeug)."""

RunSync = Callable[[Callable[[Verified], object], Verified], Awaitable[object]]
"""Runs a blocking guard method in a worker thread and awaits its result."""


class Refusal(Exception):
    """A delivery is refused; the helper answers `error_body(code)` with `status`.

    Args:
        code: a `WebhookError` code, or `GUARD_UNAVAILABLE`.
    """

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
        self.status = status_for(code)


def status_for(code: str) -> int:
    """The HTTP status that answers a refused delivery.

    Args:
        code: a `WebhookError` code, or `GUARD_UNAVAILABLE`.

    Returns:
        400 for `missing_header` and `malformed_header`; 401 for `signature_mismatch`,
        `timestamp_too_old` and `timestamp_too_new`; 200 for `replayed`; 503 for `guard_full`
        and `guard_unavailable`; 500 for any other code (none occurs while verifying).
    """
    return _STATUS.get(code, 500)


def error_body(code: str) -> dict[str, str]:
    """The JSON body of a refused delivery: `{"error": code}`.

    # Security
    Only the code: never the secret, a signature or the exception's message.
    """
    return {"error": code}


def has_async_claim(guard: object) -> bool:
    """Whether `guard.claim` is a coroutine function (an async guard)."""
    return inspect.iscoroutinefunction(getattr(guard, "claim", None))


def verify(wh: Webhook, body: bytes, headers: Headers) -> Verified:
    """Verifies a delivery at the clock's time.

    Raises:
        Refusal: with the `WebhookError` code.
    """
    try:
        return wh.verify(body, headers)
    except WebhookError as exc:
        logger.debug("hookseal: webhook refused: %s", exc.code)
        raise Refusal(exc.code) from None


def claim(guard: ReplayGuardLike, verified: Verified) -> None:
    """Claims `verified` with a synchronous guard.

    A `claim` that returns an awaitable (a plain function wrapping an async guard) has claimed
    nothing that this synchronous caller could wait for: the awaitable is closed unrun and the
    delivery refused, never waved through.

    Raises:
        Refusal: `replayed` or `guard_full`; `guard_unavailable` if the guard raised anything
            else, or returned an awaitable.
    """
    # Typed to return None, but a wrapper around an async guard returns an awaitable.
    method: Callable[[Verified], object] = guard.claim
    try:
        result = method(verified)
    except Exception as exc:
        raise _claim_refusal(exc) from None
    if inspect.isawaitable(result):
        _discard(result)
        logger.warning(
            "hookseal: the replay guard's claim returned an awaitable (%s), which a synchronous "
            "helper cannot await; answering 503. Use a guard with synchronous claim and release",
            _type_name(result),
        )
        raise Refusal(GUARD_UNAVAILABLE)


async def claim_async(
    guard: ReplayGuardLike | AsyncReplayGuardLike, verified: Verified, run_sync: RunSync
) -> None:
    """Claims `verified` with a synchronous or an asynchronous guard.

    The in-memory `ReplayGuard` is called inline (it never blocks); another synchronous guard
    (a Redis one does network I/O) runs through `run_sync`, off the event loop. A result that
    is awaitable is awaited.

    Raises:
        Refusal: as `claim` does.
    """
    try:
        await _call(guard.claim, guard, verified, run_sync)
    except Exception as exc:
        raise _claim_refusal(exc) from None


def confirm(guard: ReplayGuardLike, verified: Verified) -> None:
    """Confirms a claim after the handler succeeded, if the guard has a `confirm` method.

    The Redis guards mark the delivery processed, so that a retry of it is refused as a replay
    instead of as pending (503). The in-memory `ReplayGuard` has no `confirm`: its claim is
    never left pending. A failure to confirm is logged, not raised: the delivery was processed,
    and its response stands. A `confirm` that returns an awaitable confirmed nothing: the
    awaitable is closed unrun and a warning logged.
    """
    method = getattr(guard, "confirm", None)
    if not callable(method):
        return
    try:
        result = method(verified)
    except Exception as exc:
        _log_confirm_failure(exc)
        return
    if inspect.isawaitable(result):
        _discard(result)
        logger.warning(
            "hookseal: the replay guard's confirm returned an awaitable (%s), which a "
            "synchronous helper cannot await; the claim stays pending until it expires",
            _type_name(result),
        )


async def confirm_async(
    guard: ReplayGuardLike | AsyncReplayGuardLike, verified: Verified, run_sync: RunSync
) -> None:
    """Confirms a claim with a synchronous or an asynchronous guard, as `confirm` does."""
    method = getattr(guard, "confirm", None)
    if not callable(method):
        return
    try:
        await _call(method, guard, verified, run_sync)
    except Exception as exc:
        _log_confirm_failure(exc)


def release(guard: ReplayGuardLike, verified: Verified) -> None:
    """Releases a claim after the handler failed, so that the sender's retry is accepted.

    A failure to release is logged, not raised: the handler's exception is the one to report.
    A `release` that returns an awaitable released nothing: the awaitable is closed unrun and
    a warning logged.
    """
    method: Callable[[Verified], object] = guard.release
    try:
        result = method(verified)
    except Exception as exc:
        _log_release_failure(exc)
        return
    if inspect.isawaitable(result):
        _discard(result)
        logger.warning(
            "hookseal: the replay guard's release returned an awaitable (%s), which a "
            "synchronous helper cannot await; the claim stays until it expires, and a retry of "
            "the delivery will be answered as replayed until then",
            _type_name(result),
        )


async def release_async(
    guard: ReplayGuardLike | AsyncReplayGuardLike, verified: Verified, run_sync: RunSync
) -> None:
    """Releases a claim with a synchronous or an asynchronous guard, as `release` does."""
    try:
        await _call(guard.release, guard, verified, run_sync)
    except Exception as exc:
        _log_release_failure(exc)


async def _call(
    method: Callable[[Verified], object],
    guard: object,
    verified: Verified,
    run_sync: RunSync,
) -> None:
    if isinstance(guard, ReplayGuard) or inspect.iscoroutinefunction(method):
        result = method(verified)
    else:
        result = await run_sync(method, verified)
    if inspect.isawaitable(result):
        await result


def _discard(awaitable: object) -> None:
    """Closes an awaitable that will never be awaited, so that it never runs (and Python does
    not warn that a coroutine was never awaited). Other awaitables have no way to close."""
    if inspect.iscoroutine(awaitable) or inspect.isgenerator(awaitable):
        awaitable.close()


def _claim_refusal(exc: Exception) -> Refusal:
    # The base `WebhookError` (raised by hand) has no `code`.
    code = getattr(exc, "code", None) if isinstance(exc, WebhookError) else None
    if isinstance(code, str) and code in _CLAIM_CODES:
        return Refusal(code)
    # Only the exception's type: a Redis error's message could name the key, a SHA-256 digest
    # of the delivery id or, where the scheme signs no id, of a MAC of the delivery.
    logger.warning(
        "hookseal: replay guard unavailable (%s); answering 503 so that the sender retries",
        _type_name(exc),
    )
    return Refusal(GUARD_UNAVAILABLE)


def _log_release_failure(exc: Exception) -> None:
    logger.warning(
        "hookseal: could not release a replay claim (%s); a retry of the delivery will be "
        "answered as replayed until the claim expires",
        _type_name(exc),
    )


def _log_confirm_failure(exc: Exception) -> None:
    # Only the exception's type, as for a claim: its message could name the key.
    logger.warning(
        "hookseal: could not confirm a replay claim (%s); the delivery was processed, but a "
        "retry of it will be answered 503 until the claim expires",
        _type_name(exc),
    )


def _type_name(value: object) -> str:
    cls = type(value)
    return f"{cls.__module__}.{cls.__qualname__}"
