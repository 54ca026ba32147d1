"""A replay guard for the helpers' tests that misbehaves the way an async guard wrapped in
plain functions does: `claim` and `release` are not `async def`, yet return coroutines, so
the helpers cannot tell them from synchronous methods until they see what comes back."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine
from typing import Any

import hookseal


class AwaitableGuard:
    """An in-memory guard whose methods return coroutines (`claim` returns None instead
    when `sync_claim`), keeping each one so that a test can check they were all closed."""

    def __init__(self, *, sync_claim: bool = False) -> None:
        self.inner = hookseal.ReplayGuard()
        self.sync_claim = sync_claim
        self.returned: list[Coroutine[Any, Any, None]] = []

    def claim(self, verified: hookseal.Verified) -> Coroutine[Any, Any, None] | None:
        if self.sync_claim:
            self.inner.claim(verified)
            return None
        return self._keep(self._run(self.inner.claim, verified))

    def release(self, verified: hookseal.Verified) -> Coroutine[Any, Any, None]:
        return self._keep(self._run(self.inner.release, verified))

    def _keep(self, coroutine: Coroutine[Any, Any, None]) -> Coroutine[Any, Any, None]:
        self.returned.append(coroutine)
        return coroutine

    async def _run(self, method: Callable[..., None], verified: hookseal.Verified) -> None:
        method(verified)

    def all_closed(self) -> bool:
        """Whether every coroutine handed out was closed (awaited or closed by the helper)."""
        return all(inspect.getcoroutinestate(c) == inspect.CORO_CLOSED for c in self.returned)
