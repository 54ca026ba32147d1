"""Verify webhooks in FastAPI with a dependency.

With a replay guard, the dependency claims each delivery before the handler runs, and
releases the claim only when the handler raises (`HTTPException` included), so that the
sender's retry is processed. A dependency never sees the response: a handler that returns a
5xx response without raising keeps the claim (unlike the Flask and Django decorators and the
Express middleware), and the sender's retry is answered as replayed until the claim expires.
When the handler returns, a guard with a `confirm` method (the Redis guards) marks the
delivery processed.

Examples:
    >>> from fastapi import Depends, FastAPI
    >>> import hookseal
    >>> from hookseal.fastapi import webhook_dependency
    >>> app = FastAPI()
    >>> wh = hookseal.Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    >>> guard = hookseal.ReplayGuard()
    >>> @app.post("/webhooks")
    ... async def receive(
    ...     verified: hookseal.Verified = Depends(webhook_dependency(wh, guard=guard)),
    ... ) -> dict[str, str]:
    ...     return {"received": verified.id or ""}
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse

from hookseal import Verified, Webhook
from hookseal._http import (
    AsyncReplayGuardLike,
    Refusal,
    ReplayGuardLike,
    claim_async,
    confirm_async,
    error_body,
    release_async,
    status_for,
    verify,
)

__all__ = ["WebhookHTTPException", "webhook_dependency", "webhook_exception_handler"]

# Starlette's `ExceptionMiddleware` puts its handler tables in the scope under this key, and the
# route's exception wrapper looks an exception up in those very dicts when it is raised.
_HANDLERS_SCOPE_KEY = "starlette.exception_handlers"


class WebhookHTTPException(HTTPException):
    """A delivery was refused; the answer is `{"error": code}` with the status for `code`.

    `webhook_dependency` raises it. Its handler, `webhook_exception_handler`, is registered
    on the application the first time a delivery is refused, unless the application already
    registered one for this class. Without that handler (an ASGI stack that does not put
    Starlette's handler tables in the scope), FastAPI's handler for `HTTPException` answers
    the same status with `{"detail": code}`.

    Attributes:
        code: a `WebhookError` code, or `guard_unavailable`.
    """

    def __init__(self, code: str) -> None:
        """Builds the exception for `code`, with the status the helpers use for it."""
        super().__init__(status_code=status_for(code), detail=code)
        self.code = code


async def webhook_exception_handler(request: Request, exc: Exception) -> JSONResponse:
    """Answers a `WebhookHTTPException` with `{"error": code}` and its status.

    Register it yourself only to make the registration explicit:
    `app.add_exception_handler(WebhookHTTPException, webhook_exception_handler)`.

    Args:
        request: the request being answered.
        exc: a `WebhookHTTPException`; any other exception is raised again.

    Returns:
        The JSON response.
    """
    if not isinstance(exc, WebhookHTTPException):
        raise exc
    return JSONResponse(error_body(exc.code), status_code=exc.status_code, headers=exc.headers)


def webhook_dependency(
    wh: Webhook,
    guard: ReplayGuardLike | AsyncReplayGuardLike | None = None,
) -> Callable[[Request], AsyncIterator[Verified]]:
    """Builds a FastAPI dependency that verifies the delivery and yields its `Verified`.

    The dependency reads the raw body (`await request.body()`; the handler can still read it
    or declare a body parameter), verifies it with the request's headers at the clock's time,
    and claims it with `guard` if one is given. If the handler raises, the claim is released
    so that the sender's retry is accepted, and the exception propagates. Only an exception
    releases: a dependency does not see the response, so a handler that returns a 5xx
    response (rather than raising `HTTPException`) keeps the claim, and the sender's retry is
    answered as replayed until it expires. Raise to report a failure. When the handler returns
    without raising and the guard has a `confirm` method (the Redis guards), the claim is
    confirmed, so that a retry is answered as replayed; until then a duplicate of the delivery
    is answered 503 `guard_unavailable` (its claim is pending). A failed confirm is logged,
    never raised.

    Refused deliveries never reach the handler. They are answered with the JSON body
    `{"error": "<code>"}`: 400 for `missing_header` and `malformed_header`; 401 for
    `signature_mismatch`, `timestamp_too_old` and `timestamp_too_new`; 200 for `replayed`
    (the sender already got it processed); 503 for `guard_full`, and 503 with
    `{"error": "guard_unavailable"}` when `guard.claim` raises anything else (Redis cannot be
    reached, for example), so that the sender retries later.

    The answer comes from raising `WebhookHTTPException`, whose handler registers itself on
    the application; nothing needs to be installed. A status-code handler that the
    application registered (`@app.exception_handler(401)`) takes precedence, as Starlette
    checks those first.

    Args:
        wh: the endpoint's `Webhook`.
        guard: `hookseal.ReplayGuard`, `hookseal.redis.RedisReplayGuard` (its blocking calls
            run in the thread pool), `hookseal.redis.AsyncRedisReplayGuard`, or any object
            whose `claim(verified)` and `release(verified)` (and, optionally,
            `confirm(verified)`) return None or an awaitable.

    Returns:
        The dependency, for `verified: Verified = Depends(webhook_dependency(wh))`.

    Examples:
        >>> import hookseal
        >>> from fastapi import Depends
        >>> wh = hookseal.Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        >>> verified_delivery = Depends(webhook_dependency(wh, guard=hookseal.ReplayGuard()))

    # Security
    Verification uses the clock; keep it in sync (NTP). The body and headers are used as
    received: a middleware that rewrites the body before this dependency runs breaks the
    signature. Responses and logs carry only the error code, never the secret, a signature or
    an exception's message.
    """

    async def webhook_verified(request: Request) -> AsyncIterator[Verified]:
        body = await request.body()
        try:
            verified = verify(wh, body, request.headers)
            if guard is not None:
                await claim_async(guard, verified, run_in_threadpool)
        except Refusal as refusal:
            raise _refuse(request, refusal.code) from None
        if guard is None:
            yield verified
            return
        try:
            yield verified
        except Exception:
            await release_async(guard, verified, run_in_threadpool)
            raise
        await confirm_async(guard, verified, run_in_threadpool)

    return webhook_verified


def _refuse(request: Request, code: str) -> WebhookHTTPException:
    """Builds the exception to raise, after making sure its handler is registered.

    A dependency cannot return a response, and FastAPI's handler for `HTTPException` writes
    `{"detail": ...}`. Starlette's `ExceptionMiddleware` puts its handler dict in the scope, and
    the exception wrapper around the route holds that same dict and looks the handler up only
    when the exception arrives, so adding an entry now answers this very request. The entry is
    keyed by a class that only this module raises: no other exception's handling changes, and
    `setdefault` keeps a handler the application registered itself.
    """
    tables = request.scope.get(_HANDLERS_SCOPE_KEY)
    if isinstance(tables, tuple) and tables and isinstance(tables[0], dict):
        tables[0].setdefault(WebhookHTTPException, webhook_exception_handler)
    return WebhookHTTPException(code)
