"""`hookseal.flask`: the view decorator, through Flask's own test client.

Signing and verifying are tested elsewhere; here `Webhook.sign` only makes deliveries, at the
clock's time because the decorator verifies at the clock's time.
"""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any, Callable

import flask
import pytest
import redis
from flask.testing import FlaskClient
from guards import AwaitableGuard
from redis.backoff import NoBackoff
from redis.retry import Retry

import hookseal
from hookseal.flask import verify_webhook

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODY = b'{"type": "invoice.paid", "amount": 100}'


class Boom(Exception):
    """What a failing view raises."""


class View:
    """Records the deliveries that reach the view, and fails the first ones on request."""

    def __init__(self, failures: int = 0) -> None:
        self.seen: list[hookseal.Verified] = []
        self.failures = failures

    def __call__(self) -> flask.typing.ResponseReturnValue:
        verified = flask.g.webhook
        self.seen.append(verified)
        if len(self.seen) <= self.failures:
            raise Boom("view failed")
        return {
            "id": verified.id,
            "timestamp": verified.timestamp,
            "scheme": verified.scheme,
            "body": flask.request.get_json(),
        }


class BrokenGuard:
    """A guard whose store is down: what a network guard raises when it cannot connect."""

    def claim(self, verified: hookseal.Verified) -> None:
        raise ConnectionError("store at 10.0.0.1:6379 is down")

    def release(self, verified: hookseal.Verified) -> None:
        raise ConnectionError("store at 10.0.0.1:6379 is down")


def make_client(
    wh: hookseal.Webhook, view: Callable[..., Any], guard: Any = None, *, testing: bool = True
) -> FlaskClient:
    app = flask.Flask(__name__)
    app.testing = testing

    @app.post("/webhooks")
    @verify_webhook(wh, guard=guard)
    def receive() -> flask.typing.ResponseReturnValue:
        return view()  # type: ignore[no-any-return]

    return app.test_client()


def sign(wh: hookseal.Webhook, body: bytes = BODY, **kwargs: Any) -> dict[str, str]:
    kwargs.setdefault("timestamp", int(time.time()))
    return {**wh.sign(body, **kwargs), "content-type": "application/json"}


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


def test_valid_delivery_reaches_the_view(wh: hookseal.Webhook) -> None:
    view = View()
    client = make_client(wh, view, guard=hookseal.ReplayGuard())
    timestamp = int(time.time())

    response = client.post("/webhooks", data=BODY, headers=sign(wh, id="msg_1"))

    assert response.status_code == 200
    assert response.get_json() == {
        "id": "msg_1",
        "timestamp": timestamp,
        "scheme": "standard",
        "body": {"type": "invoice.paid", "amount": 100},
    }
    assert [type(v) for v in view.seen] == [hookseal.Verified]


def test_without_guard(wh: hookseal.Webhook) -> None:
    view = View()
    client = make_client(wh, view)
    headers = sign(wh)

    first = client.post("/webhooks", data=BODY, headers=headers)
    second = client.post("/webhooks", data=BODY, headers=headers)

    assert (first.status_code, second.status_code) == (200, 200)
    assert len(view.seen) == 2


def test_view_name_is_kept(wh: hookseal.Webhook) -> None:
    @verify_webhook(wh)
    def receive() -> str:
        """Receives invoices."""
        return ""

    assert (receive.__name__, receive.__doc__) == ("receive", "Receives invoices.")


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
def test_refused_delivery(wh: hookseal.Webhook, code: str, status: int, make_headers: Any) -> None:
    view = View()
    guard = hookseal.ReplayGuard()
    client = make_client(wh, view, guard=guard)

    response = client.post("/webhooks", data=BODY, headers=make_headers(wh))

    assert response.status_code == status
    assert response.get_json() == {"error": code}
    assert response.mimetype == "application/json"
    assert view.seen == []
    assert len(guard) == 0


def test_replay_answers_200_without_the_view(wh: hookseal.Webhook) -> None:
    view = View()
    client = make_client(wh, view, guard=hookseal.ReplayGuard())
    headers = sign(wh)

    first = client.post("/webhooks", data=BODY, headers=headers)
    second = client.post("/webhooks", data=BODY, headers=headers)
    third = client.post("/webhooks", data=BODY, headers=headers)

    assert first.status_code == 200
    assert (second.status_code, second.get_json()) == (200, {"error": "replayed"})
    # A refused replay must not release the first delivery's claim.
    assert (third.status_code, third.get_json()) == (200, {"error": "replayed"})
    assert len(view.seen) == 1


def test_view_error_releases_the_claim(wh: hookseal.Webhook) -> None:
    view = View(failures=1)
    guard = hookseal.ReplayGuard()
    client = make_client(wh, view, guard=guard)
    headers = sign(wh)

    with pytest.raises(Boom):
        client.post("/webhooks", data=BODY, headers=headers)
    assert len(guard) == 0
    retry = client.post("/webhooks", data=BODY, headers=headers)

    assert retry.status_code == 200
    assert len(view.seen) == 2
    assert len(guard) == 1


def test_view_error_answers_500(wh: hookseal.Webhook) -> None:
    view = View(failures=1)
    client = make_client(wh, view, guard=hookseal.ReplayGuard(), testing=False)
    headers = sign(wh)

    failed = client.post("/webhooks", data=BODY, headers=headers)
    retry = client.post("/webhooks", data=BODY, headers=headers)

    assert failed.status_code == 500
    assert retry.status_code == 200


def test_abort_from_the_view_releases_and_keeps_its_answer(wh: hookseal.Webhook) -> None:
    def view() -> flask.typing.ResponseReturnValue:
        flask.abort(422)

    guard = hookseal.ReplayGuard()
    client = make_client(wh, view, guard=guard)

    response = client.post("/webhooks", data=BODY, headers=sign(wh))

    assert response.status_code == 422
    assert len(guard) == 0


def test_guard_full_answers_503(wh: hookseal.Webhook) -> None:
    view = View()
    client = make_client(wh, view, guard=hookseal.ReplayGuard(capacity=1))

    first = client.post("/webhooks", data=BODY, headers=sign(wh))
    second = client.post("/webhooks", data=BODY, headers=sign(wh))

    assert first.status_code == 200
    assert (second.status_code, second.get_json()) == (503, {"error": "guard_full"})
    assert len(view.seen) == 1


def test_unreachable_redis_guard_answers_503(
    wh: hookseal.Webhook, unreachable_redis: redis.Redis
) -> None:
    from hookseal.redis import RedisReplayGuard

    view = View()
    client = make_client(wh, view, guard=RedisReplayGuard(unreachable_redis))

    response = client.post("/webhooks", data=BODY, headers=sign(wh))

    assert (response.status_code, response.get_json()) == (503, {"error": "guard_unavailable"})
    assert view.seen == []


def test_any_guard_failure_answers_503(wh: hookseal.Webhook) -> None:
    view = View()
    client = make_client(wh, view, guard=BrokenGuard())

    response = client.post("/webhooks", data=BODY, headers=sign(wh))

    assert (response.status_code, response.get_json()) == (503, {"error": "guard_unavailable"})
    assert view.seen == []


def test_async_view(wh: hookseal.Webhook) -> None:
    guard = hookseal.ReplayGuard()
    app = flask.Flask(__name__)
    app.testing = True
    calls = []

    @app.post("/webhooks")
    @verify_webhook(wh, guard=guard)
    async def receive() -> flask.typing.ResponseReturnValue:
        calls.append(flask.g.webhook)
        if len(calls) == 1:
            raise Boom("view failed")
        return {"id": flask.g.webhook.id}

    client = app.test_client()
    headers = sign(wh, id="msg_async")

    with pytest.raises(Boom):
        client.post("/webhooks", data=BODY, headers=headers)
    retry = client.post("/webhooks", data=BODY, headers=headers)
    replay = client.post("/webhooks", data=BODY, headers=headers)

    assert (retry.status_code, retry.get_json()) == (200, {"id": "msg_async"})
    assert (replay.status_code, replay.get_json()) == (200, {"error": "replayed"})
    assert len(calls) == 2


def test_async_guard_is_refused(wh: hookseal.Webhook) -> None:
    class AsyncGuard:
        async def claim(self, verified: hookseal.Verified) -> None:
            pass

        async def release(self, verified: hookseal.Verified) -> None:
            pass

    with pytest.raises(TypeError, match="synchronous claim and release"):
        verify_webhook(wh, guard=AsyncGuard())  # type: ignore[arg-type]


def test_import_does_not_load_other_frameworks() -> None:
    code = (
        "import sys, hookseal.flask; "
        "loaded = sorted(m for m in ('fastapi', 'starlette', 'django') if m in sys.modules); "
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_claim_returning_an_awaitable_answers_503(wh: hookseal.Webhook) -> None:
    view = View()
    guard = AwaitableGuard()
    client = make_client(wh, view, guard=guard)

    response = client.post("/webhooks", data=BODY, headers=sign(wh))

    assert (response.status_code, response.get_json()) == (503, {"error": "guard_unavailable"})
    assert view.seen == []
    assert len(guard.returned) == 1
    assert guard.all_closed()


def test_release_returning_an_awaitable_is_closed_and_logged(
    wh: hookseal.Webhook, caplog: pytest.LogCaptureFixture
) -> None:
    guard = AwaitableGuard(sync_claim=True)
    client = make_client(wh, View(failures=1), guard=guard)

    with caplog.at_level(logging.WARNING, logger="hookseal"), pytest.raises(Boom):
        client.post("/webhooks", data=BODY, headers=sign(wh))

    assert len(guard.returned) == 1
    assert guard.all_closed()
    assert "returned an awaitable" in caplog.text


def test_plain_webhook_error_from_the_guard_answers_503(wh: hookseal.Webhook) -> None:
    class PlainErrorGuard:
        def claim(self, verified: hookseal.Verified) -> None:
            raise hookseal.WebhookError("x")

        def release(self, verified: hookseal.Verified) -> None:
            pass

    view = View()
    client = make_client(wh, view, guard=PlainErrorGuard())

    response = client.post("/webhooks", data=BODY, headers=sign(wh))

    assert (response.status_code, response.get_json()) == (503, {"error": "guard_unavailable"})
    assert view.seen == []


@pytest.mark.parametrize(
    "answer",
    [
        lambda: ({"error": "database down"}, 503),
        lambda: ("failed", 500, {"x-reason": "db"}),
        lambda: flask.Response("failed", status=502),
        lambda: flask.Response("failed", status="500 INTERNAL SERVER ERROR"),
    ],
    ids=["tuple", "tuple-with-headers", "response", "status-text"],
)
def test_5xx_answer_from_the_view_releases_the_claim(
    wh: hookseal.Webhook, answer: Callable[[], flask.typing.ResponseReturnValue]
) -> None:
    calls: list[hookseal.Verified] = []

    def view() -> flask.typing.ResponseReturnValue:
        calls.append(flask.g.webhook)
        return answer() if len(calls) == 1 else {"ok": True}

    guard = hookseal.ReplayGuard()
    client = make_client(wh, view, guard=guard)
    headers = sign(wh)

    failed = client.post("/webhooks", data=BODY, headers=headers)
    assert failed.status_code >= 500
    assert len(guard) == 0
    retry = client.post("/webhooks", data=BODY, headers=headers)
    replay = client.post("/webhooks", data=BODY, headers=headers)

    assert (retry.status_code, retry.get_json()) == (200, {"ok": True})
    assert (replay.status_code, replay.get_json()) == (200, {"error": "replayed"})
    assert len(calls) == 2


def test_4xx_answer_from_the_view_keeps_the_claim(wh: hookseal.Webhook) -> None:
    def view() -> flask.typing.ResponseReturnValue:
        return {"error": "unknown event"}, 422

    guard = hookseal.ReplayGuard()
    client = make_client(wh, view, guard=guard)

    response = client.post("/webhooks", data=BODY, headers=sign(wh))

    assert response.status_code == 422
    assert len(guard) == 1


def test_5xx_answer_from_an_async_view_releases_the_claim(wh: hookseal.Webhook) -> None:
    guard = hookseal.ReplayGuard()
    app = flask.Flask(__name__)
    app.testing = True

    @app.post("/webhooks")
    @verify_webhook(wh, guard=guard)
    async def receive() -> flask.typing.ResponseReturnValue:
        return {"error": "database down"}, 503

    response = app.test_client().post("/webhooks", data=BODY, headers=sign(wh))

    assert response.status_code == 503
    assert len(guard) == 0


# --- a Redis guard: pending claims and confirm ------------------------------------------------


def redis_guard(server: Any) -> Any:
    from hookseal.redis import RedisReplayGuard

    return RedisReplayGuard(redis.Redis.from_url(server.url), prefix=f"test-flask:{uuid.uuid4()}:")


def test_redis_guard_pending_duplicate_answers_503_then_replayed(
    wh: hookseal.Webhook, redis_server: Any
) -> None:
    guard = redis_guard(redis_server)
    view = View()
    client = make_client(wh, view, guard=guard)
    headers = sign(wh)
    verified = wh.verify(BODY, headers)

    # Another receiver holds the claim and has not answered yet (or its claim was orphaned).
    guard.claim(verified)
    pending = client.post("/webhooks", data=BODY, headers=headers)
    assert (pending.status_code, pending.get_json()) == (503, {"error": "guard_unavailable"})
    # That receiver's response completed: it confirmed, and a retry is a replay.
    guard.confirm(verified)
    replayed = client.post("/webhooks", data=BODY, headers=headers)
    assert (replayed.status_code, replayed.get_json()) == (200, {"error": "replayed"})
    assert view.seen == []


def test_redis_guard_confirms_after_the_view_succeeded(
    wh: hookseal.Webhook, redis_server: Any
) -> None:
    guard = redis_guard(redis_server)
    duplicates: list[Any] = []
    headers = sign(wh)

    def view() -> flask.typing.ResponseReturnValue:
        # A duplicate while this delivery is being processed: pending, so 503.
        duplicates.append(client.post("/webhooks", data=BODY, headers=headers))
        return {"ok": True}

    client = make_client(wh, view, guard=guard)
    first = client.post("/webhooks", data=BODY, headers=headers)
    after = client.post("/webhooks", data=BODY, headers=headers)

    assert first.status_code == 200
    assert [(d.status_code, d.get_json()) for d in duplicates] == [
        (503, {"error": "guard_unavailable"})
    ]
    assert (after.status_code, after.get_json()) == (200, {"error": "replayed"})
    key = guard.prefix + wh.verify(BODY, headers)._replay_key()
    assert guard._client.get(key) == b"done"


def test_redis_guard_5xx_answer_releases_rather_than_confirms(
    wh: hookseal.Webhook, redis_server: Any
) -> None:
    guard = redis_guard(redis_server)
    answers = iter([({"error": "database down"}, 503), ({"ok": True}, 200)])
    client = make_client(wh, lambda: next(answers), guard=guard)
    headers = sign(wh)

    failed = client.post("/webhooks", data=BODY, headers=headers)
    retry = client.post("/webhooks", data=BODY, headers=headers)

    assert (failed.status_code, retry.status_code) == (503, 200)
    assert retry.get_json() == {"ok": True}


class UnconfirmableGuard:
    """A Redis-like guard whose confirm fails: Redis went away after the claim."""

    def __init__(self) -> None:
        self.inner = hookseal.ReplayGuard()

    def claim(self, verified: hookseal.Verified) -> None:
        self.inner.claim(verified)

    def release(self, verified: hookseal.Verified) -> None:
        self.inner.release(verified)

    def confirm(self, verified: hookseal.Verified) -> None:
        from hookseal.redis import GuardUnavailableError

        raise GuardUnavailableError("replay guard unavailable: cannot reach Redis (hunter2)")


def test_failed_confirm_keeps_the_response(
    wh: hookseal.Webhook, caplog: pytest.LogCaptureFixture
) -> None:
    view = View()
    client = make_client(wh, view, guard=UnconfirmableGuard())

    with caplog.at_level(logging.WARNING, logger="hookseal"):
        response = client.post("/webhooks", data=BODY, headers=sign(wh))

    assert response.status_code == 200
    assert len(view.seen) == 1
    assert "could not confirm a replay claim (hookseal.redis.GuardUnavailableError)" in (
        caplog.text
    )
    assert "hunter2" not in caplog.text


def test_in_memory_guard_has_no_confirm() -> None:
    # Its claims are never left pending: nothing for the helpers to confirm.
    assert not hasattr(hookseal.ReplayGuard(), "confirm")
