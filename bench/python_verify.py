#!/usr/bin/env python3
"""hookseal's Python `verify` beside the libraries users pick today, in one process.

Every variant verifies a valid delivery of the same JSON body (256 B to 1 MiB), reading the
clock for its timestamp check:

- hookseal (`standard`, and `stripe` for a like-with-like Stripe row), alone and followed by
  `json.loads` of the body, to compare with libraries that parse by default;
- `standardwebhooks` (parses by default; also `json_parse=False`) and `svix` (does not parse);
- `stripe`: `WebhookSignature.verify_header` (no parse) and `Webhook.construct_event`
  (parses and builds an Event);
- hand-written `hmac.new(...).digest()` + `hmac.compare_digest`, from the key decoded once;
- the floor: an HMAC keyed once and copied per call, the Python twin of the Rust floor.

Then 1, 2 and 4 threads verifying 1 MiB bodies (throughput; hookseal hashes bodies of 8 KiB
and more with the GIL released, as hashlib does), and the cold import time of each package
in fresh interpreters. Writes bench/results/python.json and prints a summary.
Run with the project venv: `bindings-python/.venv/bin/python bench/python_verify.py`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import standardwebhooks.webhooks
import stripe
import svix.webhooks
from benchlib import ID, SECRET, SIZES, Stats, fmt_us, interleaved, json_body, stats, write_results

import hookseal

STRIPE_SECRET = "whsec_stripe_bench_secret"
# Headers a real request carries beside the signature ones.
EXTRA_HEADERS = {
    "host": "example.com",
    "content-type": "application/json",
    "user-agent": "Svix-Webhooks/1.0",
    "accept-encoding": "gzip",
}
THREADS = [1, 2, 4]
IMPORTS = {
    "hookseal": "import hookseal",
    "standardwebhooks": "from standardwebhooks.webhooks import Webhook",
    "svix": "from svix.webhooks import Webhook",
    "stripe": "import stripe",
}
IMPORT_RUNS = 7

Variant = Callable[[], object]


def verify_variants(body: bytes) -> dict[str, Variant]:
    """Every variant, verifying `body` signed now (the libraries read the clock)."""
    now = int(time.time())
    wh = hookseal.Webhook(SECRET)
    headers = {**wh.sign(body, id=ID, timestamp=now), **EXTRA_HEADERS}
    wh_stripe = hookseal.Webhook(STRIPE_SECRET, scheme="stripe")
    stripe_headers = {**wh_stripe.sign(body, timestamp=now), **EXTRA_HEADERS}
    stripe_header = stripe_headers["Stripe-Signature"]
    std = standardwebhooks.webhooks.Webhook(SECRET)
    sv = svix.webhooks.Webhook(SECRET)
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    keyed = hmac.new(key, digestmod=hashlib.sha256)

    def hand_written() -> None:
        expected = base64.b64decode(headers["webhook-signature"].split(",", 1)[1])
        signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
        mac = hmac.new(key, signed, hashlib.sha256).digest()
        if not hmac.compare_digest(mac, expected):
            raise AssertionError("hand-written hmac refused a valid delivery")

    prefix = f"{ID}.{now}.".encode()
    tag = base64.b64decode(headers["webhook-signature"].split(",", 1)[1])

    def floor() -> None:
        mac = keyed.copy()
        mac.update(prefix)
        mac.update(body)
        if not hmac.compare_digest(mac.digest(), tag):
            raise AssertionError("floor refused a valid delivery")

    def hookseal_parse() -> None:
        wh.verify(body, headers)
        json.loads(body)

    return {
        "hookseal": lambda: wh.verify(body, headers),
        "hookseal+parse": hookseal_parse,
        "hookseal-stripe": lambda: wh_stripe.verify(body, stripe_headers),
        "standardwebhooks": lambda: std.verify(body, headers),
        "standardwebhooks-noparse": lambda: std.verify(body, headers, json_parse=False),
        "svix": lambda: sv.verify(body, headers),
        "stripe-verify_header": lambda: stripe.WebhookSignature.verify_header(
            body, stripe_header, STRIPE_SECRET, 300
        ),
        "stripe-construct_event": lambda: stripe.Webhook.construct_event(
            body, stripe_header, STRIPE_SECRET
        ),
        "hmac": hand_written,
        "floor": floor,
    }


LABELS = {
    "hookseal": "hookseal `Webhook.verify`",
    "hookseal+parse": "hookseal + `json.loads`",
    "hookseal-stripe": "hookseal, `stripe` scheme",
    "standardwebhooks": "standardwebhooks `verify` (parses)",
    "standardwebhooks-noparse": "standardwebhooks `verify(json_parse=False)`",
    "svix": "svix `verify` (no parse)",
    "stripe-verify_header": "stripe `WebhookSignature.verify_header`",
    "stripe-construct_event": "stripe `Webhook.construct_event` (parses)",
    "hmac": "hand-written `hmac` + `compare_digest`",
    "floor": "floor: HMAC keyed once, copied per call",
}


def threads_throughput(fn: Variant, calls: int, threads: int, rounds: int = 5) -> Stats:
    """Calls per second of `threads` threads each making `calls` calls, over `rounds` runs."""
    results: list[float] = []
    for _ in range(rounds):
        barrier = threading.Barrier(threads + 1)

        def work(barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            for _ in range(calls):
                fn()

        pool = [threading.Thread(target=work) for _ in range(threads)]
        for t in pool:
            t.start()
        barrier.wait()
        start = time.perf_counter()
        for t in pool:
            t.join()
        results.append(threads * calls / (time.perf_counter() - start))
    return stats(results)


def scaling() -> dict[str, Any]:
    body = json_body(1024 * 1024)
    variants = verify_variants(body)
    out: dict[str, Any] = {}
    for name in ("hookseal", "hmac"):
        fn = variants[name]
        start = time.perf_counter()
        fn()
        one = time.perf_counter() - start
        calls = max(4, int(0.15 / max(one, 1e-6)))
        out[name] = {str(n): threads_throughput(fn, calls, n) for n in THREADS}
    return out


def import_times() -> dict[str, Stats]:
    """Milliseconds to import each package in a fresh interpreter (startup excluded)."""
    out: dict[str, Stats] = {}
    for name, statement in IMPORTS.items():
        code = (
            "import time; t = time.perf_counter(); "
            f"{statement}; print((time.perf_counter() - t) * 1e3)"
        )
        runs = []
        for _ in range(IMPORT_RUNS):
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
            if done.returncode != 0:
                # Reported as not measured; the run goes on.
                print(f"import time of {name} not measured: {done.stderr.strip()[-200:]}")
                break
            runs.append(float(done.stdout.strip()))
        else:
            out[name] = stats(runs)
    return out


def main() -> None:
    verify: dict[str, dict[str, Stats]] = {name: {} for name in LABELS}
    for label, size in SIZES:
        for name, result in interleaved(verify_variants(json_body(size))).items():
            verify[name][label] = result
        line = ", ".join(f"{n} {fmt_us(verify[n][label]['median'])}" for n in verify)
        print(f"python {label}: {line}", flush=True)
    threads = scaling()
    for name, by_threads in threads.items():
        one = by_threads["1"]["median"]
        line = ", ".join(f"{n}: {by_threads[n]['median'] / one:.2f}x" for n in by_threads)
        print(f"python threads, {name} 1 MiB: {line}", flush=True)
    imports = import_times()
    print(
        "python cold import: " + ", ".join(f"{n} {s['median']:.1f} ms" for n, s in imports.items()),
        flush=True,
    )
    path = write_results(
        "python",
        {
            "language": "python",
            "runtime": f"CPython {sys.version.split()[0]}",
            "versions": {
                "hookseal": _version("hookseal"),
                "standardwebhooks": _version("standardwebhooks"),
                "svix": _version("svix"),
                "stripe": _version("stripe"),
            },
            "labels": LABELS,
            "verify": verify,
            "threads": threads,
            "imports": imports,
        },
    )
    print(f"wrote {path}")


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


if __name__ == "__main__":
    main()
