"""The Python receiver of the load test: Flask, `hookseal.flask` and a `RedisReplayGuard`.

Started by tests/load/driver.py, never by hand. It reads its settings from the environment (the
secret never travels on the command line, where `ps` would show it), serves on a free loopback
port with Werkzeug's threaded server and prints `listening <port>` once it accepts
connections. Every delivery whose view runs appends its id, one per line, to HOOKSEAL_LOAD_LOG:
the driver counts those lines, independently of Redis and of what the sender was answered.
SIGTERM stops it.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from types import FrameType
from typing import Any

import flask
import redis
import redis.backoff
import redis.retry
from werkzeug.serving import make_server

import hookseal
from hookseal.flask import verify_webhook
from hookseal.redis import RedisReplayGuard


def setting(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        sys.exit(f"receiver_flask.py: set {name}")
    return value


def build_app(log_fd: int) -> flask.Flask:
    webhook = hookseal.Webhook(
        setting("HOOKSEAL_LOAD_SECRET"),
        tolerance_seconds=int(os.environ.get("HOOKSEAL_LOAD_TOLERANCE_SECONDS", "1800")),
    )
    client = redis.Redis.from_url(
        setting("HOOKSEAL_LOAD_REDIS_URL"),
        # One quick retry: long enough for redis-py to re-send a SET whose reply was lost (the
        # guard then finds its own token), short enough that an outage answers 503 at once
        # instead of holding a server thread for seconds of backoff.
        retry=redis.retry.Retry(redis.backoff.ConstantBackoff(0.05), 1),
        socket_connect_timeout=1,
        socket_timeout=2,
    )
    guard = RedisReplayGuard(
        client, prefix=os.environ.get("HOOKSEAL_LOAD_PREFIX", "hookseal-load:")
    )
    app = flask.Flask(__name__)

    @app.post("/webhook")
    @verify_webhook(webhook, guard=guard)
    def receive() -> dict[str, Any]:
        verified: hookseal.Verified = flask.g.webhook
        # Recorded before answering: a delivery counts as processed once its view ran. One
        # write(2) on an O_APPEND descriptor per line, so lines from threads never interleave.
        os.write(log_fd, f"{verified.id}\n".encode())
        return {"ok": True, "id": verified.id}

    return app


def main() -> int:
    # Werkzeug logs every request, hookseal every 503: the sender counts both.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    logging.getLogger("hookseal").setLevel(logging.ERROR)
    log_fd = os.open(setting("HOOKSEAL_LOAD_LOG"), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    server = make_server("127.0.0.1", 0, build_app(log_fd), threaded=True)
    # Werkzeug's default backlog (128) is plenty for the sender's few dozen connections.

    def stop(_signum: int, _frame: FrameType | None) -> None:
        # shutdown() waits for serve_forever to return, so it cannot run on the serving thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    print(f"listening {server.server_port}", flush=True)
    server.serve_forever()
    os.close(log_fd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
