#!/usr/bin/env python3
"""hookseal's Python `verify` beside hand-written `hmac` + `compare_digest`, in one process.

Both verify the same Standard Webhooks delivery (`{id}.{timestamp}.{body}`, HMAC-SHA256):
hookseal from the raw body and the header dict; the baseline from the key decoded once,
joining the signed content, computing the MAC and comparing it with the one decoded from the
header. Prints the median and min-max of 5 repetitions in microseconds per call, and the
ratio. Run with the project venv: `bindings-python/.venv/bin/python bench/python_verify.py`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import statistics
import timeit

import hookseal

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TS = 1614265330
SIZES = [("256 B", 256), ("1 KiB", 1024), ("16 KiB", 16 * 1024), ("1 MiB", 1024 * 1024)]
REPEATS = 5


def per_call_us(fn: object, budget_s: float = 0.2) -> list[float]:
    timer = timeit.Timer(fn)  # type: ignore[arg-type]
    number, _ = timer.autorange()
    number = max(1, int(number * budget_s / 0.2))
    return [t / number * 1e6 for t in timer.repeat(repeat=REPEATS, number=number)]


def main() -> None:
    wh = hookseal.Webhook(SECRET)
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    print("| body | hookseal verify | hmac + compare_digest | ratio |")
    print("|---|---|---|---|")
    for label, size in SIZES:
        body = b"x" * size
        headers = {
            **wh.sign(body, id=ID, timestamp=TS),
            "content-type": "application/json",
            "user-agent": "Svix-Webhooks/1.0",
            "content-length": str(size),
        }

        def ours(body: bytes = body, headers: dict[str, str] = headers) -> None:
            wh.verify(body, headers, now=TS)

        def baseline(body: bytes = body, headers: dict[str, str] = headers) -> None:
            expected = base64.b64decode(headers["webhook-signature"].split(",", 1)[1])
            signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
            mac = hmac.new(key, signed, hashlib.sha256).digest()
            assert hmac.compare_digest(mac, expected)

        a, b = per_call_us(ours), per_call_us(baseline)
        ma, mb = statistics.median(a), statistics.median(b)
        print(
            f"| {label} | {ma:.2f} µs ({min(a):.2f}–{max(a):.2f}) "
            f"| {mb:.2f} µs ({min(b):.2f}–{max(b):.2f}) | {ma / mb:.2f}x |"
        )


if __name__ == "__main__":
    main()
