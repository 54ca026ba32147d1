"""`hookseal.django`: the view decorator, through Django's own test client.

Settings are configured here, with the CSRF middleware on and a client that enforces it, so
that the tests prove the decorated view is exempt. Each test serves its views from a URL
module of its own, so that each gets fresh guards.

Signing and verifying are tested elsewhere; here `Webhook.sign` only makes deliveries, at the
clock's time because the decorator verifies at the clock's time.
"""

from __future__ import annotations

import itertools
import logging
import socket
import subprocess
import sys
import time
import types
import uuid
from collections.abc import Iterator
from typing import Any, Callable

import django
import pytest
import redis
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import path
from guards import AwaitableGuard
from redis.backoff import NoBackoff
from redis.retry import Retry

import hookseal
from hookseal.django import verify_webhook

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODY = b'{"type": "invoice.paid", "amount": 100}'
MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="hookseal-tests-only",
        ALLOWED_HOSTS=["testserver"],
        ROOT_URLCONF="hookseal_test_urls_unset",
        MIDDLEWARE=MIDDLEWARE,
        INSTALLED_APPS=[],
        DATABASES={},
        USE_TZ=True,
    )
    django.setup()

_url_modules = itertools.count()


class Boom(Exception):
    """What a failing view raises."""


class View:
    """Records the deliveries that reach the view, and fails the first ones on request."""

    def __init__(self, failures: int = 0) -> None:
        self.seen: list[hookseal.Verified] = []
        self.failures = failures

    def __call__(self, request: HttpRequest) -> HttpResponse:
        verified = request.webhook  # type: ignore[attr-defined,unused-ignore]
        self.seen.append(verified)
        if len(self.seen) <= self.failures:
            raise Boom("view failed")
        return JsonResponse(
            {
                "id": verified.id,
                "timestamp": verified.timestamp,
                "scheme": verified.scheme,
                "body": request.body.decode(),
            }
        )


class AsyncGuard:
    """An async guard in the shape of `AsyncRedisReplayGuard`, kept in memory."""

    def __init__(self) -> None:
        self.inner = hookseal.ReplayGuard()

    async def claim(self, verified: hookseal.Verified) -> None:
        self.inner.claim(verified)

    async def release(self, verified: hookseal.Verified) -> None:
        self.inner.release(verified)


class BrokenGuard:
    """A guard whose store is down: what a network guard raises when it cannot connect."""

    def claim(self, verified: hookseal.Verified) -> None:
        raise ConnectionError("store at 10.0.0.1:6379 is down")

    def release(self, verified: hookseal.Verified) -> None:
        raise ConnectionError("store at 10.0.0.1:6379 is down")


def plain_view(request: HttpRequest) -> HttpResponse:
    """A view without the decorator: the CSRF middleware refuses posts to it."""
    return HttpResponse("ok")


@pytest.fixture
def serve() -> Iterator[Callable[..., Client]]:
    """Serves `view` at /webhooks (and `plain_view` at /plain) from a new URL module."""
    overrides: list[override_settings] = []

    def make(view: Callable[..., Any], *, raise_request_exception: bool = True) -> Client:
        name = f"hookseal_test_urls_{next(_url_modules)}"
        urls = types.ModuleType(name)
        urls.urlpatterns = [  # type: ignore[attr-defined,unused-ignore]
            path("webhooks", view),
            path("plain", plain_view),
        ]
        sys.modules[name] = urls
        override = override_settings(ROOT_URLCONF=name, MIDDLEWARE=MIDDLEWARE)
        override.enable()
        overrides.append(override)
        return Client(enforce_csrf_checks=True, raise_request_exception=raise_request_exception)

    try:
        yield make
    finally:
        for override in reversed(overrides):
            override.disable()
            sys.modules.pop(override.options["ROOT_URLCONF"], None)


def sign(wh: hookseal.Webhook, body: bytes = BODY, **kwargs: Any) -> dict[str, str]:
    kwargs.setdefault("timestamp", int(time.time()))
    return wh.sign(body, **kwargs)


def post(client: Client, headers: dict[str, str], url: str = "/webhooks") -> Any:
    return client.post(url, data=BODY, content_type="application/json", headers=headers)


def closed_port() -> int:
    """A loopback port that nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def wh() -> hookseal.Webhook:
    return hookseal.Webhook(SECRET)


@pytest.fixture
def unreachable_redis() -> Iterator[redis.Redis]:
    # No retries: redis-py's default retries with backoff would make the refusal take seconds.
    client = redis.Redis(
        host="127.0.0.1",
        port=closed_port(),
        socket_connect_timeout=0.2,
        retry=Retry(NoBackoff(), 0),
    )
    try:
        yield client
    finally:
        client.close()


def test_valid_delivery_reaches_the_view(
    wh: hookseal.Webhook, serve: Callable[..., Client]
) -> None:
    view = View()
    client = serve(verify_webhook(wh, guard=hookseal.ReplayGuard())(view))
    timestamp = int(time.time())

    response = post(client, sign(wh, id="msg_1"))

    assert response.status_code == 200
    assert response.json() == {
        "id": "msg_1",
        "timestamp": timestamp,
        "scheme": "standard",
        "body": BODY.decode(),
    }
    assert [type(v) for v in view.seen] == [hookseal.Verified]


def test_csrf_exempt(wh: hookseal.Webhook, serve: Callable[..., Client]) -> None:
    view = View()
    decorated = verify_webhook(wh)(view)
    client = serve(decorated)

    assert getattr(decorated, "csrf_exempt", False) is True
    assert post(client, sign(wh)).status_code == 200
    # The same client is refused by a view without the decorator: CSRF checks are on.
    assert post(client, sign(wh), url="/plain").status_code == 403


def test_without_guard(wh: hookseal.Webhook, serve: Callable[..., Client]) -> None:
    view = View()
    client = serve(verify_webhook(wh)(view))
    headers = sign(wh)

    assert post(client, headers).status_code == 200
    assert post(client, headers).status_code == 200
    assert len(view.seen) == 2


def test_view_name_is_kept(wh: hookseal.Webhook) -> None:
    def receive(request: HttpRequest) -> HttpResponse:
        """Receives invoices."""
        return HttpResponse()

    decorated = verify_webhook(wh)(receive)

    assert (decorated.__name__, decorated.__doc__) == ("receive", "Receives invoices.")


def _drop(headers: dict[str, str], name: str) -> dict[str, str]:
    return {key: value for key, value in headers.items() if key != name}


@pytest.mark.parametrize(
    ("code", "status", "make_headers"),
    [
        ("missing_header", 400, lambda wh: _drop(sign(wh), "webhook-signature")),
        ("malformed_header", 400, lambda wh: {**sign(wh), "webhook-timestamp": "12a"}),
        ("signature_mismatch", 401, lambda wh: sign(wh, b"another body")),
        ("timestamp_too_old", 401, lambda wh: sign(wh, timestamp=int(time.time()) - 3600)),
        ("timestamp_too_new", 401, lambda wh: sign(wh, timestamp=int(time.time()) + 3600)),
    ],
)
def test_refused_delivery(
    wh: hookseal.Webhook,
    serve: Callable[..., Client],
    code: str,
    status: int,
    make_headers: Any,
) -> None:
    view = View()
    guard = hookseal.ReplayGuard()
    client = serve(verify_webhook(wh, guard=guard)(view))

    response = post(client, make_headers(wh))

    assert response.status_code == status
    assert response.json() == {"error": code}
    assert response["Content-Type"] == "application/json"
    assert view.seen == []
    assert len(guard) == 0


def test_replay_answers_200_without_the_view(
    wh: hookseal.Webhook, serve: Callable[..., Client]
) -> None:
    view = View()
    client = serve(verify_webhook(wh, guard=hookseal.ReplayGuard())(view))
    headers = sign(wh)

    first = post(client, headers)
    second = post(client, headers)
    third = post(client, headers)

    assert first.status_code == 200
    assert (second.status_code, second.json()) == (200, {"error": "replayed"})
    # A refused replay must not release the first delivery's claim.
    assert (third.status_code, third.json()) == (200, {"error": "replayed"})
    assert len(view.seen) == 1


def test_view_error_releases_the_claim(wh: hookseal.Webhook, serve: Callable[..., Client]) -> None:
    view = View(failures=1)
    guard = hookseal.ReplayGuard()
    client = serve(verify_webhook(wh, guard=guard)(view))
    headers = sign(wh)

    with pytest.raises(Boom):
        post(client, headers)
    assert len(guard) == 0
    retry = post(client, headers)

    assert retry.status_code == 200
    assert len(view.seen) == 2
    assert len(guard) == 1


def test_view_error_answers_500(wh: hookseal.Webhook, serve: Callable[..., Client]) -> None:
    view = View(failures=1)
    client = serve(
        verify_webhook(wh, guard=hookseal.ReplayGuard())(view), raise_request_exception=False
    )
    headers = sign(wh)

    failed = post(client, headers)
    retry = post(client, headers)

    assert failed.status_code == 500
    assert retry.status_code == 200


def test_guard_full_answers_503(wh: hookseal.Webhook, serve: Callable[..., Client]) -> None:
    view = View()
    client = serve(verify_webhook(wh, guard=hookseal.ReplayGuard(capacity=1))(view))

    first = post(client, sign(wh))
    second = post(client, sign(wh))

    assert first.status_code == 200
    assert (second.status_code, second.json()) == (503, {"error": "guard_full"})
    assert len(view.seen) == 1


def test_unreachable_redis_guard_answers_503(
    wh: hookseal.Webhook, serve: Callable[..., Client], unreachable_redis: redis.Redis
) -> None:
    from hookseal.redis import RedisReplayGuard

    view = View()
    client = serve(verify_webhook(wh, guard=RedisReplayGuard(unreachable_redis))(view))

    response = post(client, sign(wh))

    assert (response.status_code, response.json()) == (503, {"error": "guard_unavailable"})
    assert view.seen == []


def test_any_guard_failure_answers_503(wh: hookseal.Webhook, serve: Callable[..., Client]) -> None:
    view = View()
    client = serve(verify_webhook(wh, guard=BrokenGuard())(view))

    response = post(client, sign(wh))

    assert (response.status_code, response.json()) == (503, {"error": "guard_unavailable"})
    assert view.seen == []


class AsyncView:
    """An `async def` view that records deliveries and fails the first ones on request."""

    def __init__(self, failures: int = 0) -> None:
        self.seen: list[hookseal.Verified] = []
        self.failures = failures

    def build(self) -> Callable[..., Any]:
        async def receive(request: HttpRequest) -> HttpResponse:
            self.seen.append(request.webhook)  # type: ignore[attr-defined,unused-ignore]
            if len(self.seen) <= self.failures:
                raise Boom("view failed")
            return JsonResponse({"id": request.webhook.id})  # type: ignore[attr-defined,unused-ignore]

        return receive


@pytest.mark.parametrize("guard_class", [hookseal.ReplayGuard, AsyncGuard])
def test_async_view(
    wh: hookseal.Webhook, serve: Callable[..., Client], guard_class: Callable[[], Any]
) -> None:
    view = AsyncView(failures=1)
    decorated = verify_webhook(wh, guard=guard_class())(view.build())
    client = serve(decorated)
    headers = sign(wh, id="msg_async")

    with pytest.raises(Boom):
        post(client, headers)
    retry = post(client, headers)
    replay = post(client, headers)

    assert getattr(decorated, "csrf_exempt", False) is True
    assert (retry.status_code, retry.json()) == (200, {"id": "msg_async"})
    assert (replay.status_code, replay.json()) == (200, {"error": "replayed"})
    assert len(view.seen) == 2


def test_async_view_refused_delivery(wh: hookseal.Webhook, serve: Callable[..., Client]) -> None:
    view = AsyncView()
    client = serve(verify_webhook(wh, guard=AsyncGuard())(view.build()))

    response = post(client, sign(wh, b"another body"))

    assert (response.status_code, response.json()) == (401, {"error": "signature_mismatch"})
    assert view.seen == []


def test_async_view_unreachable_redis_guard_answers_503(
    wh: hookseal.Webhook, serve: Callable[..., Client], unreachable_redis: redis.Redis
) -> None:
    from hookseal.redis import RedisReplayGuard

    view = AsyncView()
    guard = RedisReplayGuard(unreachable_redis)
    client = serve(verify_webhook(wh, guard=guard)(view.build()))

    response = post(client, sign(wh))

    assert (response.status_code, response.json()) == (503, {"error": "guard_unavailable"})
    assert view.seen == []


def test_async_guard_on_a_sync_view_is_refused(wh: hookseal.Webhook) -> None:
    with pytest.raises(TypeError, match="async def"):
        verify_webhook(wh, guard=AsyncGuard())(View())


def test_import_does_not_load_other_frameworks() -> None:
    code = (
        "import sys, hookseal.django; "
        "loaded = sorted(m for m in ('fastapi', 'starlette', 'flask') if m in sys.modules); "
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_claim_returning_an_awaitable_answers_503(
    wh: hookseal.Webhook, serve: Callable[..., Client]
) -> None:
    view = View()
    guard = AwaitableGuard()
    client = serve(verify_webhook(wh, guard=guard)(view))

    response = post(client, sign(wh))

    assert (response.status_code, response.json()) == (503, {"error": "guard_unavailable"})
    assert view.seen == []
    assert len(guard.returned) == 1
    assert guard.all_closed()


def test_release_returning_an_awaitable_is_closed_and_logged(
    wh: hookseal.Webhook, serve: Callable[..., Client], caplog: pytest.LogCaptureFixture
) -> None:
    guard = AwaitableGuard(sync_claim=True)
    client = serve(verify_webhook(wh, guard=guard)(View(failures=1)))

    with caplog.at_level(logging.WARNING, logger="hookseal"), pytest.raises(Boom):
        post(client, sign(wh))

    assert len(guard.returned) == 1
    assert guard.all_closed()
    assert "returned an awaitable" in caplog.text


def test_plain_webhook_error_from_the_guard_answers_503(
    wh: hookseal.Webhook, serve: Callable[..., Client]
) -> None:
    class PlainErrorGuard:
        def claim(self, verified: hookseal.Verified) -> None:
            raise hookseal.WebhookError("x")

        def release(self, verified: hookseal.Verified) -> None:
            pass

    view = View()
    client = serve(verify_webhook(wh, guard=PlainErrorGuard())(view))

    response = post(client, sign(wh))

    assert (response.status_code, response.json()) == (503, {"error": "guard_unavailable"})
    assert view.seen == []


class FailsOnceView:
    """Answers `status` to the first delivery and 200 afterwards, without raising."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.seen: list[hookseal.Verified] = []

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.seen.append(request.webhook)  # type: ignore[attr-defined,unused-ignore]
        if len(self.seen) == 1:
            return JsonResponse({"error": "database down"}, status=self.status)
        return JsonResponse({"ok": True})

    def build_async(self) -> Callable[..., Any]:
        async def receive(request: HttpRequest) -> HttpResponse:
            return self(request)

        return receive


@pytest.mark.parametrize("status", [500, 503])
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_5xx_answer_from_the_view_releases_the_claim(
    wh: hookseal.Webhook, serve: Callable[..., Client], status: int, kind: str
) -> None:
    view = FailsOnceView(status)
    guard = hookseal.ReplayGuard()
    client = serve(verify_webhook(wh, guard=guard)(view if kind == "sync" else view.build_async()))
    headers = sign(wh)

    failed = post(client, headers)
    assert failed.status_code == status
    assert len(guard) == 0
    retry = post(client, headers)
    replay = post(client, headers)

    assert (retry.status_code, retry.json()) == (200, {"ok": True})
    assert (replay.status_code, replay.json()) == (200, {"error": "replayed"})
    assert len(view.seen) == 2


def test_4xx_answer_from_the_view_keeps_the_claim(
    wh: hookseal.Webhook, serve: Callable[..., Client]
) -> None:
    guard = hookseal.ReplayGuard()
    client = serve(verify_webhook(wh, guard=guard)(FailsOnceView(422)))

    response = post(client, sign(wh))

    assert response.status_code == 422
    assert len(guard) == 1


def test_5xx_answer_with_an_async_guard_releases_the_claim(
    wh: hookseal.Webhook, serve: Callable[..., Client]
) -> None:
    view = FailsOnceView(502)
    guard = AsyncGuard()
    client = serve(verify_webhook(wh, guard=guard)(view.build_async()))

    failed = post(client, sign(wh, id="msg_async_5xx"))

    assert failed.status_code == 502
    assert len(guard.inner) == 0


# --- a Redis guard: pending claims and confirm ------------------------------------------------


def redis_guard(server: Any) -> Any:
    from hookseal.redis import RedisReplayGuard

    return RedisReplayGuard(redis.Redis.from_url(server.url), prefix=f"test-django:{uuid.uuid4()}:")


@pytest.mark.parametrize("is_async", [False, True])
def test_redis_guard_pending_duplicate_answers_503_then_replayed(
    wh: hookseal.Webhook, serve: Callable[..., Client], redis_server: Any, is_async: bool
) -> None:
    guard = redis_guard(redis_server)
    view: Any = AsyncView().build() if is_async else View()
    client = serve(verify_webhook(wh, guard=guard)(view))
    headers = sign(wh, id=f"msg_pending_{is_async}")
    verified = wh.verify(BODY, headers)

    # Another receiver holds the claim and has not answered yet (or its claim was orphaned).
    guard.claim(verified)
    pending = post(client, headers)
    assert (pending.status_code, pending.json()) == (503, {"error": "guard_unavailable"})
    # That receiver's response completed: it confirmed, and a retry is a replay.
    guard.confirm(verified)
    replayed = post(client, headers)
    assert (replayed.status_code, replayed.json()) == (200, {"error": "replayed"})


@pytest.mark.parametrize("is_async", [False, True])
def test_redis_guard_confirms_after_the_view_succeeded(
    wh: hookseal.Webhook, serve: Callable[..., Client], redis_server: Any, is_async: bool
) -> None:
    guard = redis_guard(redis_server)
    view = AsyncView() if is_async else View()
    client = serve(verify_webhook(wh, guard=guard)(view.build() if is_async else view))
    headers = sign(wh, id=f"msg_confirm_{is_async}")
    key = guard.prefix + wh.verify(BODY, headers)._replay_key()

    first = post(client, headers)
    assert first.status_code == 200
    assert guard._client.get(key) == b"done"
    after = post(client, headers)
    assert (after.status_code, after.json()) == (200, {"error": "replayed"})
    assert len(view.seen) == 1


def test_redis_guard_5xx_answer_releases_rather_than_confirms(
    wh: hookseal.Webhook, serve: Callable[..., Client], redis_server: Any
) -> None:
    guard = redis_guard(redis_server)
    statuses = iter([503, 200])

    def view(request: HttpRequest) -> HttpResponse:
        return JsonResponse({}, status=next(statuses))

    client = serve(verify_webhook(wh, guard=guard)(view))
    headers = sign(wh)

    assert post(client, headers).status_code == 503
    assert post(client, headers).status_code == 200
    assert post(client, headers).json() == {"error": "replayed"}


class UnconfirmableGuard:
    """A Redis-like guard whose confirm fails: Redis went away after the claim."""

    def __init__(self) -> None:
        self.inner = hookseal.ReplayGuard()

    def claim(self, verified: hookseal.Verified) -> None:
        self.inner.claim(verified)

    def release(self, verified: hookseal.Verified) -> None:
        self.inner.release(verified)

    def confirm(self, verified: hookseal.Verified) -> None:
        raise ConnectionError("store at 10.0.0.1:6379 is down")


@pytest.mark.parametrize("is_async", [False, True])
def test_failed_confirm_keeps_the_response(
    wh: hookseal.Webhook,
    serve: Callable[..., Client],
    caplog: pytest.LogCaptureFixture,
    is_async: bool,
) -> None:
    view: Any = AsyncView().build() if is_async else View()
    client = serve(verify_webhook(wh, guard=UnconfirmableGuard())(view))

    with caplog.at_level(logging.WARNING, logger="hookseal"):
        response = post(client, sign(wh))

    assert response.status_code == 200
    assert "could not confirm a replay claim (builtins.ConnectionError)" in caplog.text
    assert "10.0.0.1" not in caplog.text
