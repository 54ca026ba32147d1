"""`hookseal.fastapi`: the dependency, through FastAPI's own test client.

Signing and verifying are tested elsewhere; here `Webhook.sign` only makes deliveries, at the
clock's time because the helper verifies at the clock's time.

No `from __future__ import annotations`: FastAPI evaluates the endpoints' annotations, and
`Annotated[..., Depends(dependency)]` names a local variable.
"""

import logging
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, cast

import pytest
import redis
import redis.asyncio
from fastapi import APIRouter, Body, Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from redis.backoff import NoBackoff
from redis.retry import Retry

import hookseal
from hookseal.fastapi import (
    WebhookHTTPException,
    webhook_dependency,
    webhook_exception_handler,
)

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODY = b'{"type": "invoice.paid", "amount": 100}'


class Boom(Exception):
    """What a failing handler raises."""


class Handler:
    """Counts the deliveries that reach the handler, and fails the first ones on request."""

    def __init__(self, failures: int = 0) -> None:
        self.seen: list[hookseal.Verified] = []
        self.failures = failures

    def __call__(self, verified: hookseal.Verified) -> dict[str, Any]:
        self.seen.append(verified)
        if len(self.seen) <= self.failures:
            raise Boom("handler failed")
        return {"id": verified.id, "timestamp": verified.timestamp, "scheme": verified.scheme}


class AsyncGuard:
    """An async guard in the shape of `AsyncRedisReplayGuard`, kept in memory."""

    def __init__(self) -> None:
        self.inner = hookseal.ReplayGuard()
        self.released: list[hookseal.Verified] = []

    async def claim(self, verified: hookseal.Verified) -> None:
        self.inner.claim(verified)

    async def release(self, verified: hookseal.Verified) -> None:
        self.released.append(verified)
        self.inner.release(verified)


class BrokenGuard:
    """A guard whose store is down: what a network guard raises when it cannot connect."""

    def claim(self, verified: hookseal.Verified) -> None:
        raise ConnectionError("store at 10.0.0.1:6379 is down")

    def release(self, verified: hookseal.Verified) -> None:
        raise ConnectionError("store at 10.0.0.1:6379 is down")


def make_app(
    wh: hookseal.Webhook,
    handler: Handler,
    guard: Any = None,
    lifespan: Any = None,
) -> FastAPI:
    app = FastAPI(lifespan=lifespan)
    dependency = webhook_dependency(wh, guard=guard)

    # The form API.md documents; B008 does not know that FastAPI reads the default.
    @app.post("/webhooks")
    async def receive(
        verified: hookseal.Verified = Depends(dependency),
    ) -> dict[str, Any]:
        return handler(verified)

    @app.post("/annotated")
    def receive_sync(verified: Annotated[hookseal.Verified, Depends(dependency)]) -> Any:
        return handler(verified)

    @app.post("/with-body")
    async def receive_body(
        request: Request,
        payload: Annotated[dict[str, Any], Body()],
        verified: Annotated[hookseal.Verified, Depends(dependency)],
    ) -> dict[str, Any]:
        handler(verified)
        return {"payload": payload, "again": await request.json()}

    return app


def sign(wh: hookseal.Webhook, body: bytes = BODY, **kwargs: Any) -> dict[str, str]:
    kwargs.setdefault("timestamp", int(time.time()))
    return wh.sign(body, **kwargs)


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


def test_valid_delivery_reaches_the_handler(wh: hookseal.Webhook) -> None:
    handler = Handler()
    client = TestClient(make_app(wh, handler))
    timestamp = int(time.time())

    response = client.post("/webhooks", content=BODY, headers=sign(wh, id="msg_1"))

    assert response.status_code == 200
    assert response.json() == {"id": "msg_1", "timestamp": timestamp, "scheme": "standard"}
    assert [type(v) for v in handler.seen] == [hookseal.Verified]


def test_sync_handler_with_annotated_dependency(wh: hookseal.Webhook) -> None:
    handler = Handler()
    client = TestClient(make_app(wh, handler, guard=hookseal.ReplayGuard()))

    response = client.post("/annotated", content=BODY, headers=sign(wh, id="msg_sync"))

    assert response.status_code == 200
    assert response.json()["id"] == "msg_sync"


def test_handler_still_reads_the_body(wh: hookseal.Webhook) -> None:
    handler = Handler()
    client = TestClient(make_app(wh, handler))
    headers = {**sign(wh), "content-type": "application/json"}

    response = client.post("/with-body", content=BODY, headers=headers)

    assert response.status_code == 200
    expected = {"type": "invoice.paid", "amount": 100}
    assert response.json() == {"payload": expected, "again": expected}
    assert len(handler.seen) == 1


def test_no_parameters_in_openapi(wh: hookseal.Webhook) -> None:
    schema = TestClient(make_app(wh, Handler())).get("/openapi.json").json()

    assert "parameters" not in schema["paths"]["/webhooks"]["post"]


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
    handler = Handler()
    guard = hookseal.ReplayGuard()
    client = TestClient(make_app(wh, handler, guard=guard))

    response = client.post("/webhooks", content=BODY, headers=make_headers(wh))

    assert response.status_code == status
    assert response.json() == {"error": code}
    assert response.headers["content-type"] == "application/json"
    assert handler.seen == []
    assert len(guard) == 0


def test_replay_answers_200_without_the_handler(wh: hookseal.Webhook) -> None:
    handler = Handler()
    client = TestClient(make_app(wh, handler, guard=hookseal.ReplayGuard()))
    headers = sign(wh)

    first = client.post("/webhooks", content=BODY, headers=headers)
    second = client.post("/webhooks", content=BODY, headers=headers)
    third = client.post("/webhooks", content=BODY, headers=headers)

    assert first.status_code == 200
    assert (second.status_code, second.json()) == (200, {"error": "replayed"})
    # A refused replay must not release the first delivery's claim.
    assert (third.status_code, third.json()) == (200, {"error": "replayed"})
    assert len(handler.seen) == 1


def test_handler_error_releases_the_claim(wh: hookseal.Webhook) -> None:
    handler = Handler(failures=1)
    guard = hookseal.ReplayGuard()
    client = TestClient(make_app(wh, handler, guard=guard))
    headers = sign(wh)

    with pytest.raises(Boom):
        client.post("/webhooks", content=BODY, headers=headers)
    assert len(guard) == 0
    retry = client.post("/webhooks", content=BODY, headers=headers)

    assert retry.status_code == 200
    assert len(handler.seen) == 2
    assert len(guard) == 1


def test_handler_error_answers_500(wh: hookseal.Webhook) -> None:
    handler = Handler(failures=1)
    client = TestClient(
        make_app(wh, handler, guard=hookseal.ReplayGuard()), raise_server_exceptions=False
    )
    headers = sign(wh)

    failed = client.post("/webhooks", content=BODY, headers=headers)
    retry = client.post("/webhooks", content=BODY, headers=headers)

    assert failed.status_code == 500
    assert retry.status_code == 200


def test_http_exception_from_the_handler_releases_and_keeps_its_answer(
    wh: hookseal.Webhook,
) -> None:
    guard = hookseal.ReplayGuard()
    app = FastAPI()

    @app.post("/webhooks")
    def receive(
        verified: Annotated[hookseal.Verified, Depends(webhook_dependency(wh, guard))],
    ) -> None:
        raise HTTPException(status_code=422, detail="unknown event type")

    response = TestClient(app).post("/webhooks", content=BODY, headers=sign(wh))

    assert (response.status_code, response.json()) == (422, {"detail": "unknown event type"})
    assert len(guard) == 0


def test_guard_full_answers_503(wh: hookseal.Webhook) -> None:
    handler = Handler()
    client = TestClient(make_app(wh, handler, guard=hookseal.ReplayGuard(capacity=1)))

    first = client.post("/webhooks", content=BODY, headers=sign(wh))
    second = client.post("/webhooks", content=BODY, headers=sign(wh))

    assert first.status_code == 200
    assert (second.status_code, second.json()) == (503, {"error": "guard_full"})
    assert len(handler.seen) == 1


def test_unreachable_redis_guard_answers_503(
    wh: hookseal.Webhook, unreachable_redis: redis.Redis, caplog: pytest.LogCaptureFixture
) -> None:
    from hookseal.redis import RedisReplayGuard

    handler = Handler()
    client = TestClient(make_app(wh, handler, guard=RedisReplayGuard(unreachable_redis)))
    headers = sign(wh)

    with caplog.at_level(logging.WARNING, logger="hookseal"):
        response = client.post("/webhooks", content=BODY, headers=headers)

    assert (response.status_code, response.json()) == (503, {"error": "guard_unavailable"})
    assert handler.seen == []
    [record] = [record for record in caplog.records if record.name == "hookseal"]
    assert "GuardUnavailableError" in record.getMessage()
    assert headers["webhook-signature"].split(",")[1] not in caplog.text


def test_any_guard_failure_answers_503(wh: hookseal.Webhook) -> None:
    handler = Handler()
    client = TestClient(make_app(wh, handler, guard=BrokenGuard()))

    response = client.post("/webhooks", content=BODY, headers=sign(wh))

    assert (response.status_code, response.json()) == (503, {"error": "guard_unavailable"})
    assert "10.0.0.1" not in response.text
    assert handler.seen == []


def test_failed_release_keeps_the_handler_error(
    wh: hookseal.Webhook, caplog: pytest.LogCaptureFixture
) -> None:
    class ReleaseFails(AsyncGuard):
        async def release(self, verified: hookseal.Verified) -> None:
            raise ConnectionError("store is down")

    client = TestClient(make_app(wh, Handler(failures=1), guard=ReleaseFails()))

    with caplog.at_level(logging.WARNING, logger="hookseal"), pytest.raises(Boom):
        client.post("/webhooks", content=BODY, headers=sign(wh))

    assert "could not release" in caplog.text


def test_async_guard(wh: hookseal.Webhook) -> None:
    handler = Handler(failures=1)
    guard = AsyncGuard()
    client = TestClient(make_app(wh, handler, guard=guard))
    headers = sign(wh)

    with pytest.raises(Boom):
        client.post("/webhooks", content=BODY, headers=headers)
    retry = client.post("/webhooks", content=BODY, headers=headers)
    replay = client.post("/webhooks", content=BODY, headers=headers)

    assert len(guard.released) == 1
    assert retry.status_code == 200
    assert (replay.status_code, replay.json()) == (200, {"error": "replayed"})
    assert len(handler.seen) == 2


def test_async_redis_guard(wh: hookseal.Webhook, request: pytest.FixtureRequest) -> None:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (make -C bindings-python redis-server)")
    from hookseal.redis import AsyncRedisReplayGuard

    server = request.getfixturevalue("redis_server")
    client = redis.asyncio.Redis.from_url(server.url)
    guard = AsyncRedisReplayGuard(client, prefix=f"test-fastapi:{uuid.uuid4()}:")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The client's connections belong to the test client's event loop: close them there.
        yield
        await client.aclose()

    handler = Handler(failures=1)
    headers = sign(wh)
    with TestClient(make_app(wh, handler, guard=guard, lifespan=lifespan)) as test_client:
        with pytest.raises(Boom):
            test_client.post("/webhooks", content=BODY, headers=headers)
        retry = test_client.post("/webhooks", content=BODY, headers=headers)
        replay = test_client.post("/webhooks", content=BODY, headers=headers)

    assert retry.status_code == 200
    assert (replay.status_code, replay.json()) == (200, {"error": "replayed"})
    assert len(handler.seen) == 2


def _route_dependency(dependency: Any) -> FastAPI:
    app = FastAPI()

    @app.post("/webhooks")
    def receive(verified: Annotated[hookseal.Verified, Depends(dependency)]) -> str:
        return "ok"

    return app


def _app_dependency(dependency: Any) -> FastAPI:
    app = FastAPI(dependencies=[Depends(dependency)])
    app.post("/webhooks")(lambda: "ok")
    return app


def _router_dependency(dependency: Any) -> FastAPI:
    router = APIRouter(dependencies=[Depends(dependency)])
    router.post("/webhooks")(lambda: "ok")
    app = FastAPI()
    app.include_router(router)
    return app


def _mounted(dependency: Any) -> FastAPI:
    outer = FastAPI()
    outer.mount("/", _route_dependency(dependency))
    return outer


def _behind_middleware(dependency: Any) -> FastAPI:
    app = _route_dependency(dependency)

    @app.middleware("http")
    async def passthrough(request: Request, call_next: Any) -> Any:
        return await call_next(request)

    return app


@pytest.mark.parametrize(
    "build",
    [
        _route_dependency,
        _app_dependency,
        _router_dependency,
        _mounted,
        _behind_middleware,
    ],
)
def test_error_body_wherever_the_dependency_is_declared(wh: hookseal.Webhook, build: Any) -> None:
    guard = hookseal.ReplayGuard()
    client = TestClient(build(webhook_dependency(wh, guard=guard)))
    headers = sign(wh)

    refused = client.post("/webhooks", content=BODY, headers=sign(wh, b"another body"))
    accepted = client.post("/webhooks", content=BODY, headers=headers)
    replayed = client.post("/webhooks", content=BODY, headers=headers)

    assert (refused.status_code, refused.json()) == (401, {"error": "signature_mismatch"})
    assert accepted.status_code == 200
    assert (replayed.status_code, replayed.json()) == (200, {"error": "replayed"})


def test_handler_registered_by_the_app_wins(wh: hookseal.Webhook) -> None:
    app = make_app(wh, Handler())

    @app.exception_handler(WebhookHTTPException)
    async def custom(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, WebhookHTTPException)
        return JSONResponse({"problem": exc.code}, status_code=exc.status_code)

    response = TestClient(app).post("/webhooks", content=BODY, headers={})

    assert (response.status_code, response.json()) == (400, {"problem": "missing_header"})


def test_explicit_registration(wh: hookseal.Webhook) -> None:
    app = make_app(wh, Handler())
    app.add_exception_handler(WebhookHTTPException, webhook_exception_handler)

    response = TestClient(app).post("/webhooks", content=BODY, headers={})

    assert (response.status_code, response.json()) == (400, {"error": "missing_header"})


def test_exception_carries_code_and_status() -> None:
    exc = WebhookHTTPException("timestamp_too_old")

    assert isinstance(exc, HTTPException)
    assert (exc.code, exc.status_code) == ("timestamp_too_old", 401)
    assert exc.detail == "timestamp_too_old"


def test_import_does_not_load_other_frameworks() -> None:
    code = (
        "import sys, hookseal.fastapi; "
        "loaded = sorted(m for m in ('flask', 'django') if m in sys.modules); "
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- Redis guards: pending claims and confirm -------------------------------------------------


def test_redis_guard_pending_duplicate_answers_503_then_replayed(
    wh: hookseal.Webhook, request: pytest.FixtureRequest
) -> None:
    from hookseal.redis import RedisReplayGuard

    server = request.getfixturevalue("redis_server")
    guard = RedisReplayGuard(
        redis.Redis.from_url(server.url), prefix=f"test-fastapi:{uuid.uuid4()}:"
    )
    handler = Handler()
    test_client = TestClient(make_app(wh, handler, guard=guard))
    headers = sign(wh)
    verified = wh.verify(BODY, headers)

    # Another receiver holds the claim and has not answered yet (or its claim was orphaned).
    guard.claim(verified)
    pending = test_client.post("/webhooks", content=BODY, headers=headers)
    assert (pending.status_code, pending.json()) == (503, {"error": "guard_unavailable"})
    # That receiver's response completed: it confirmed, and a retry is a replay.
    guard.confirm(verified)
    replayed = test_client.post("/webhooks", content=BODY, headers=headers)
    assert (replayed.status_code, replayed.json()) == (200, {"error": "replayed"})
    assert handler.seen == []


@pytest.mark.parametrize("is_async", [False, True])
def test_redis_guard_confirms_after_the_handler_succeeded(
    wh: hookseal.Webhook, request: pytest.FixtureRequest, is_async: bool
) -> None:
    from hookseal.redis import AsyncRedisReplayGuard, RedisReplayGuard

    server = request.getfixturevalue("redis_server")
    prefix = f"test-fastapi:{uuid.uuid4()}:"
    sync_client = redis.Redis.from_url(server.url)
    async_client = redis.asyncio.Redis.from_url(server.url)
    guard: Any = (
        AsyncRedisReplayGuard(async_client, prefix=prefix)
        if is_async
        else RedisReplayGuard(sync_client, prefix=prefix)
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await async_client.aclose()

    headers = sign(wh)
    key = prefix + wh.verify(BODY, headers)._replay_key()
    during: list[Any] = []

    def handler(verified: hookseal.Verified) -> dict[str, Any]:
        # While the handler runs, the claim is pending (a duplicate now would be answered 503).
        during.append(sync_client.get(key))
        return {"ok": True}

    app = make_app(wh, cast(Handler, handler), guard=guard, lifespan=lifespan)
    with TestClient(app) as test_client:
        first = test_client.post("/annotated", content=BODY, headers=headers)
        after = test_client.post("/annotated", content=BODY, headers=headers)

    assert first.status_code == 200
    assert len(during) == 1
    assert during[0] is not None
    assert during[0].startswith(b"pending:")
    assert sync_client.get(key) == b"done"
    assert (after.status_code, after.json()) == (200, {"error": "replayed"})
    sync_client.close()


class UnconfirmableGuard:
    """A Redis-like guard whose confirm fails: Redis went away after the claim."""

    def __init__(self) -> None:
        self.inner = hookseal.ReplayGuard()

    def claim(self, verified: hookseal.Verified) -> None:
        self.inner.claim(verified)

    def release(self, verified: hookseal.Verified) -> None:
        self.inner.release(verified)

    async def confirm(self, verified: hookseal.Verified) -> None:
        raise ConnectionError("store at 10.0.0.1:6379 is down")


def test_failed_confirm_keeps_the_response(
    wh: hookseal.Webhook, caplog: pytest.LogCaptureFixture
) -> None:
    handler = Handler()
    test_client = TestClient(make_app(wh, handler, guard=UnconfirmableGuard()))

    with caplog.at_level(logging.WARNING, logger="hookseal"):
        response = test_client.post("/webhooks", content=BODY, headers=sign(wh))

    assert response.status_code == 200
    assert len(handler.seen) == 1
    assert "could not confirm a replay claim (builtins.ConnectionError)" in caplog.text
    assert "10.0.0.1" not in caplog.text
