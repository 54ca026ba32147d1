"""`hookseal._http`: the claim flow the framework helpers share, with guards that misbehave.

The helpers' own tests go through each framework; these call the shared functions directly.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Callable

import pytest
from guards import AwaitableGuard

import hookseal
from hookseal import _http

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@pytest.fixture
def verified() -> hookseal.Verified:
    wh = hookseal.Webhook(SECRET)
    return wh.verify(b"{}", wh.sign(b"{}", id="msg_1"))


class PlainErrorGuard:
    """A custom guard that raises the base `WebhookError`, which has no `code`."""

    def claim(self, verified: hookseal.Verified) -> None:
        raise hookseal.WebhookError("x")

    def release(self, verified: hookseal.Verified) -> None:
        raise hookseal.WebhookError("x")


def test_sync_claim_returning_an_awaitable_is_refused(
    verified: hookseal.Verified, caplog: pytest.LogCaptureFixture
) -> None:
    guard = AwaitableGuard()
    with caplog.at_level(logging.WARNING, logger="hookseal"), pytest.raises(_http.Refusal) as info:
        _http.claim(guard, verified)  # type: ignore[arg-type]
    assert (info.value.code, info.value.status) == ("guard_unavailable", 503)
    # Closed, never run: nothing was claimed, and no "never awaited" warning follows.
    assert len(guard.returned) == 1
    assert guard.all_closed()
    assert len(guard.inner) == 0
    assert "returned an awaitable" in caplog.text


def test_sync_release_returning_an_awaitable_is_closed_and_logged(
    verified: hookseal.Verified, caplog: pytest.LogCaptureFixture
) -> None:
    guard = AwaitableGuard()
    with caplog.at_level(logging.WARNING, logger="hookseal"):
        _http.release(guard, verified)  # type: ignore[arg-type]
    assert len(guard.returned) == 1
    assert guard.all_closed()
    assert "returned an awaitable" in caplog.text


def test_awaitable_that_is_not_a_coroutine_is_refused(verified: hookseal.Verified) -> None:
    class FutureGuard:
        def claim(self, verified: hookseal.Verified) -> asyncio.Future[None]:
            return asyncio.Future(loop=self.loop)

        def release(self, verified: hookseal.Verified) -> None:
            pass

        loop = asyncio.new_event_loop()

    guard = FutureGuard()
    try:
        with pytest.raises(_http.Refusal) as info:
            _http.claim(guard, verified)  # type: ignore[arg-type]
        assert info.value.code == "guard_unavailable"
    finally:
        guard.loop.close()


@pytest.mark.parametrize(
    "error",
    [
        hookseal.WebhookError("x"),
        hookseal.InvalidSchemeError("not a claim code"),
        hookseal.SignatureMismatchError("not a claim code either"),
    ],
    ids=["base-class", "invalid-scheme", "signature-mismatch"],
)
def test_webhook_error_without_a_claim_code_is_guard_unavailable(
    verified: hookseal.Verified, error: Exception
) -> None:
    class Guard:
        def claim(self, verified: hookseal.Verified) -> None:
            raise error

        def release(self, verified: hookseal.Verified) -> None:
            pass

    with pytest.raises(_http.Refusal) as info:
        _http.claim(Guard(), verified)
    assert (info.value.code, info.value.status) == ("guard_unavailable", 503)


async def _run_sync(method: Callable[[hookseal.Verified], object], v: hookseal.Verified) -> object:
    return method(v)


def test_async_claim_with_plain_webhook_error_is_guard_unavailable(
    verified: hookseal.Verified,
) -> None:
    async def scenario() -> str:
        try:
            await _http.claim_async(PlainErrorGuard(), verified, _run_sync)
        except _http.Refusal as refusal:
            return refusal.code
        return "claimed"

    assert asyncio.run(scenario()) == "guard_unavailable"


def test_claim_codes_pass_through(verified: hookseal.Verified) -> None:
    guard = hookseal.ReplayGuard(capacity=1)
    _http.claim(guard, verified)
    with pytest.raises(_http.Refusal) as info:
        _http.claim(guard, verified)
    assert (info.value.code, info.value.status) == ("replayed", 200)
    wh = hookseal.Webhook(SECRET)
    other = wh.verify(b"{}", wh.sign(b"{}", id="msg_2"))
    with pytest.raises(_http.Refusal) as info:
        _http.claim(guard, other)
    assert (info.value.code, info.value.status) == ("guard_full", 503)


def test_release_with_plain_webhook_error_is_logged(
    verified: hookseal.Verified, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="hookseal"):
        _http.release(PlainErrorGuard(), verified)
    assert "could not release" in caplog.text
