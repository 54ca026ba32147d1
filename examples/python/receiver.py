"""A webhook receiver over real HTTP on loopback, and a sender that tries to fool it.

The receiver is a Flask view behind `hookseal.flask.verify_webhook`, served by a real HTTP
server on 127.0.0.1: it verifies each POST, claims it with a replay guard, and answers 200
when accepted, 400/401 with the error code when refused, and 200 for a replay (already
processed, so the view does not run again). The sender posts a valid delivery, then a
tampered body, a stale timestamp, a wrong secret, a missing header and a replay, and prints
what the receiver answered. Run with `make demo`.
"""

from __future__ import annotations

import http.client
import json
import logging
import sys
import threading
import time
from typing import Any

import flask
from werkzeug.serving import make_server

import hookseal
from hookseal.flask import verify_webhook

webhook = hookseal.Webhook(hookseal.generate_secret())
guard = hookseal.ReplayGuard()
accepted: list[str] = []
app = flask.Flask(__name__)


@app.post("/webhook")
@verify_webhook(webhook, guard=guard)
def receive() -> dict[str, Any]:
    """Runs once per genuine delivery."""
    verified: hookseal.Verified = flask.g.webhook
    accepted.append(json.loads(flask.request.get_data())["type"])
    return {"ok": True, "id": verified.id}


def post(port: int, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("POST", "/webhook", body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the sender prints what matters
    server = make_server("127.0.0.1", 0, app, threaded=True)
    port = server.server_port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"python receiver (Flask + hookseal.flask) on http://127.0.0.1:{port}/webhook")

    body = json.dumps({"type": "invoice.paid", "amount": 4200}).encode()
    signed = webhook.sign(body)
    stale = webhook.sign(body, timestamp=int(time.time()) - 3600)
    forged = hookseal.Webhook(hookseal.generate_secret()).sign(body)
    no_signature = {k: v for k, v in webhook.sign(body).items() if k != "webhook-signature"}
    attempts: list[tuple[str, bytes, dict[str, str], int, str]] = [
        ("valid delivery", body, signed, 200, "ok"),
        ("tampered body", body.replace(b"4200", b"9900"), signed, 401, "signature_mismatch"),
        ("stale timestamp", body, stale, 401, "timestamp_too_old"),
        ("wrong secret", body, forged, 401, "signature_mismatch"),
        ("missing header", body, no_signature, 400, "missing_header"),
        ("replay", body, signed, 200, "replayed"),
    ]
    all_good = True
    for label, data, headers, want_status, want in attempts:
        status, text = post(port, data, {**headers, "Content-Type": "application/json"})
        got = json.loads(text).get("error", "ok")
        good = (status, got) == (want_status, want)
        all_good &= good
        mark = "as expected" if good else f"EXPECTED {want_status} {want}"
        print(f"  {label:<16} -> HTTP {status} {got:<20} {mark}")
    server.shutdown()
    print(f"  processed once: {accepted}")
    all_good &= accepted == ["invoice.paid"]
    return 0 if all_good else 1


if __name__ == "__main__":
    sys.exit(main())
