"""Verify webhooks in Django with a view decorator.

With a replay guard, the decorator claims each delivery before the view runs, and releases
the claim when the view fails: when it raises, and when it returns a response with a 5xx
status (as the Express middleware does for a status of 500 or more), so that the sender's
retry is processed instead of being answered as replayed. When the view succeeds (a status
below 500), a guard with a `confirm` method (the Redis guards) marks the delivery processed.

Examples:
    >>> import hookseal
    >>> from django.http import HttpResponse
    >>> from hookseal.django import verify_webhook
    >>> wh = hookseal.Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    >>> @verify_webhook(wh, guard=hookseal.ReplayGuard())
    ... def receive(request):
    ...     return HttpResponse(request.webhook.id)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from asgiref.sync import iscoroutinefunction, sync_to_async
from django.http import JsonResponse  # type: ignore[import-untyped,unused-ignore]
from django.views.decorators.csrf import (  # type: ignore[import-untyped,unused-ignore]
    csrf_exempt,
)

from hookseal import Verified, Webhook
from hookseal._http import (
    AsyncReplayGuardLike,
    Refusal,
    ReplayGuardLike,
    claim,
    claim_async,
    confirm,
    confirm_async,
    error_body,
    has_async_claim,
    release,
    release_async,
)
from hookseal._http import verify as _verify

__all__ = ["verify_webhook"]

_ViewT = TypeVar("_ViewT", bound=Callable[..., Any])


def verify_webhook(
    wh: Webhook, guard: ReplayGuardLike | AsyncReplayGuardLike | None = None
) -> Callable[[_ViewT], _ViewT]:
    """Builds a view decorator that verifies the delivery before the view runs.

    The decorated view reads the `Verified` delivery from `request.webhook`, and is exempt
    from CSRF checks (senders post without a CSRF token; the signature authenticates them).
    The decorator reads the raw body (`request.body`; the view can still read it), verifies
    it with `request.headers` at the clock's time, and claims it with `guard` if one is given.
    If the view raises, the claim is released so that the sender's retry is accepted, and the
    exception propagates; if it returns a response with a 5xx status, the claim is released
    too and the response is sent. Otherwise, if the guard has a `confirm` method (the Redis
    guards), the claim is confirmed, so that a retry is answered as replayed; until then a
    duplicate of the delivery is answered 503 `guard_unavailable` (its claim is pending). A
    failed confirm is logged, and the view's response is sent all the same.

    Refused deliveries never reach the view. They are answered with the JSON body
    `{"error": "<code>"}`: 400 for `missing_header` and `malformed_header`; 401 for
    `signature_mismatch`, `timestamp_too_old` and `timestamp_too_new`; 200 for `replayed`
    (the sender already got it processed); 503 for `guard_full`, and 503 with
    `{"error": "guard_unavailable"}` when `guard.claim` raises anything else (Redis cannot be
    reached, for example), or, on a `def` view, returns an awaitable, so that the sender
    retries later.

    Works on function views, `def` and `async def`. An `async def` view may use an async guard
    (`hookseal.redis.AsyncRedisReplayGuard`); with a blocking guard other than
    `hookseal.ReplayGuard`, the guard's calls run in a worker thread.

    Args:
        wh: the endpoint's `Webhook`.
        guard: `hookseal.ReplayGuard`, `hookseal.redis.RedisReplayGuard`, or, for an
            `async def` view, `hookseal.redis.AsyncRedisReplayGuard`; or any object with the
            same `claim(verified)` and `release(verified)` (and, optionally, `confirm(verified)`).

    Returns:
        The decorator.

    Raises:
        TypeError: an async guard on a `def` view.

    # Security
    Verification uses the clock; keep it in sync (NTP). Nothing may read `request.POST`
    before the decorator on a multipart request (Django then refuses to give the raw body).
    Responses and logs carry only the error code, never the secret, a signature or an
    exception's message.
    """
    async_guard = guard is not None and has_async_claim(guard)

    def decorator(view: _ViewT) -> _ViewT:
        if iscoroutinefunction(view):
            return cast("_ViewT", _exempt(view, _async_view(view, wh, guard)))
        if async_guard:
            raise TypeError(
                "hookseal.django.verify_webhook: an async guard needs an `async def` view; "
                "use hookseal.ReplayGuard or hookseal.redis.RedisReplayGuard on a `def` view"
            )
        sync_guard = cast("ReplayGuardLike | None", guard)
        return cast("_ViewT", _exempt(view, _sync_view(view, wh, sync_guard)))

    return decorator


def _sync_view(
    view: Callable[..., Any], wh: Webhook, guard: ReplayGuardLike | None
) -> Callable[..., Any]:
    def verified_view(request: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            verified = _verify(wh, request.body, request.headers)
            if guard is not None:
                claim(guard, verified)
        except Refusal as refusal:
            return _refusal_response(refusal)
        request.webhook = verified
        if guard is None:
            return view(request, *args, **kwargs)
        try:
            response = view(request, *args, **kwargs)
        except Exception:
            release(guard, verified)
            raise
        if _failed(response):
            release(guard, verified)
        else:
            confirm(guard, verified)
        return response

    return verified_view


def _async_view(
    view: Callable[..., Any], wh: Webhook, guard: ReplayGuardLike | AsyncReplayGuardLike | None
) -> Callable[..., Any]:
    async def verified_view(request: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            verified = _verify(wh, request.body, request.headers)
            if guard is not None:
                await claim_async(guard, verified, _run_sync)
        except Refusal as refusal:
            return _refusal_response(refusal)
        request.webhook = verified
        if guard is None:
            return await view(request, *args, **kwargs)
        try:
            response = await view(request, *args, **kwargs)
        except Exception:
            await release_async(guard, verified, _run_sync)
            raise
        if _failed(response):
            await release_async(guard, verified, _run_sync)
        else:
            await confirm_async(guard, verified, _run_sync)
        return response

    return verified_view


def _failed(response: Any) -> bool:
    """Whether the view answered with a 5xx status: a failure the sender retries, like an
    exception."""
    status = getattr(response, "status_code", None)
    return isinstance(status, int) and status >= 500


async def _run_sync(method: Callable[[Verified], object], verified: Verified) -> object:
    # Not thread-sensitive: a guard's network call need not wait for the thread that runs
    # Django's synchronous code (the ORM).
    return await sync_to_async(method, thread_sensitive=False)(verified)


def _exempt(view: Callable[..., Any], wrapper: Callable[..., Any]) -> Any:
    return csrf_exempt(functools.wraps(view)(wrapper))


def _refusal_response(refusal: Refusal) -> Any:
    return JsonResponse(error_body(refusal.code), status=refusal.status)
