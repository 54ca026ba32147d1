"""Verify webhooks in Flask with a view decorator.

With a replay guard, the decorator claims each delivery before the view runs, and releases
the claim when the view fails: when it raises, and when it returns a response with a 5xx
status (as the Express middleware does for a status of 500 or more), so that the sender's
retry is processed instead of being answered as replayed. When the view succeeds (a status
below 500), a guard with a `confirm` method (the Redis guards) marks the delivery processed.

Examples:
    >>> import flask
    >>> import hookseal
    >>> from hookseal.flask import verify_webhook
    >>> app = flask.Flask(__name__)
    >>> wh = hookseal.Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    >>> @app.post("/webhooks")
    ... @verify_webhook(wh, guard=hookseal.ReplayGuard())
    ... def receive() -> dict[str, str]:
    ...     return {"received": flask.g.webhook.id or ""}
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import current_app, g, jsonify, request
from flask.typing import ResponseReturnValue

from hookseal import Webhook
from hookseal._http import (
    Refusal,
    ReplayGuardLike,
    claim,
    confirm,
    error_body,
    has_async_claim,
    release,
)
from hookseal._http import verify as _verify

__all__ = ["verify_webhook"]

_ViewT = TypeVar("_ViewT", bound=Callable[..., Any])


def verify_webhook(wh: Webhook, guard: ReplayGuardLike | None = None) -> Callable[[_ViewT], _ViewT]:
    """Builds a view decorator that verifies the delivery before the view runs.

    The decorated view reads the `Verified` delivery from `flask.g.webhook`. The decorator
    reads the raw body with `request.get_data(cache=True)` (so the view can still read
    `request.data` or `request.get_json()`), verifies it with the request's headers at the
    clock's time, and claims it with `guard` if one is given. If the view raises, the claim is
    released so that the sender's retry is accepted, and the exception propagates; if it
    returns a response with a 5xx status, the claim is released too and the response is
    sent. Otherwise, if the guard has a `confirm` method (the Redis guards), the claim is
    confirmed, so that a retry is answered as replayed; until then a duplicate of the delivery
    is answered 503 `guard_unavailable` (its claim is pending). A failed confirm is logged, and
    the view's response is sent all the same. With a guard, the decorated view returns a
    `flask.Response` (the view's return value, made into a response with
    `app.make_response`, as Flask would).

    Refused deliveries never reach the view. They are answered with the JSON body
    `{"error": "<code>"}`: 400 for `missing_header` and `malformed_header`; 401 for
    `signature_mismatch`, `timestamp_too_old` and `timestamp_too_new`; 200 for `replayed`
    (the sender already got it processed); 503 for `guard_full`, and 503 with
    `{"error": "guard_unavailable"}` when `guard.claim` raises anything else (Redis cannot be
    reached, for example) or returns an awaitable, so that the sender retries later.

    Put it below `@app.route`/`@app.post`, so that the route registers the decorated view.
    `async def` views work as Flask runs them (`pip install flask[async]`).

    Args:
        wh: the endpoint's `Webhook`.
        guard: `hookseal.ReplayGuard`, `hookseal.redis.RedisReplayGuard`, or any object with
            synchronous `claim(verified)` and `release(verified)` (and, optionally,
            `confirm(verified)`, called after the view succeeded).

    Returns:
        The decorator.

    Raises:
        TypeError: `guard.claim` is a coroutine function (an async guard); Flask calls views
            synchronously, so use `hookseal.redis.RedisReplayGuard` rather than its async
            variant.

    # Security
    Verification uses the clock; keep it in sync (NTP). Nothing may read the form or the
    stream before the decorator (a `before_request` reading `request.form` consumes the
    body). Responses and logs carry only the error code, never the secret, a signature or an
    exception's message.
    """
    if guard is not None and has_async_claim(guard):
        raise TypeError(
            "hookseal.flask.verify_webhook needs a guard with synchronous claim and release "
            "(hookseal.ReplayGuard or hookseal.redis.RedisReplayGuard)"
        )

    def decorator(view: _ViewT) -> _ViewT:
        @functools.wraps(view)
        def verified_view(*args: Any, **kwargs: Any) -> ResponseReturnValue:
            try:
                verified = _verify(wh, request.get_data(cache=True), request.headers)
                if guard is not None:
                    claim(guard, verified)
            except Refusal as refusal:
                response = jsonify(error_body(refusal.code))
                response.status_code = refusal.status
                return response
            g.webhook = verified
            # `ensure_sync` runs an `async def` view the way Flask's own dispatch would.
            run_view = current_app.ensure_sync(view)
            if guard is None:
                return cast("ResponseReturnValue", run_view(*args, **kwargs))
            try:
                response = current_app.make_response(run_view(*args, **kwargs))
            except Exception:
                release(guard, verified)
                raise
            # A 5xx answer is a failure the sender retries, like an exception.
            if response.status_code >= 500:
                release(guard, verified)
            else:
                confirm(guard, verified)
            return response

        return cast("_ViewT", verified_view)

    return decorator
