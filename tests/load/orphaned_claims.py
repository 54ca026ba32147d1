"""Reproducer: a Redis restart orphans claims; `RedisReplayGuard` must not lose their deliveries.

Sixteen threads claim fresh deliveries through one `RedisReplayGuard` as fast as they can (and
confirm each, as the framework helpers do once the handler succeeded), against a
`redis-server` that keeps its keys across a restart (appendonly, fsync always). Redis is
stopped with SIGTERM (by pid) in the middle. A claim whose SET Redis executed in its last
moments, but whose reply it never sent, raises `GuardUnavailableError`: the helpers answer 503
and the sender retries. Its key stays behind, pending: an orphaned claim.

Once Redis is back, each refused delivery is retried as its sender would: signed again with
the same id and a fresh timestamp, then claimed. The invariant: no retry is ever refused as a
replay (a replay is answered 200, so the sender would stop retrying and the delivery would be
lost). A retry of an orphaned claim is refused with `GuardUnavailableError` (503) until the key
expires, at the first signature's timestamp + tolerance (10 s here); then a retry is claimed,
and the delivery processed once.

Exit status 0 when the invariant holds (whether or not this run orphaned a claim: the window is
a few milliseconds wide, so a run may orphan none), 1 when a retry was refused as a replay or
never claimed. Run with the project venv, from the repository root:

    bindings-python/.venv/bin/python tests/load/orphaned_claims.py
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import redis

import hookseal
from hookseal.redis import GuardUnavailableError, RedisReplayGuard

THREADS = 16
# The scheme's tolerance: an orphaned claim lives until the first signature's timestamp + this
# (plus up to two seconds of rounding), so the retries below wait for it.
TOLERANCE_SECONDS = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_redis(port: int, directory: Path) -> subprocess.Popen[bytes]:
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += [
        "--dir",
        str(directory),
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    probe = redis.Redis(port=port)
    for _ in range(250):
        try:
            probe.ping()
            return process
        except redis.ConnectionError:
            time.sleep(0.02)
    process.kill()
    raise RuntimeError("redis-server did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=10)


def main() -> int:
    port = free_port()
    directory = Path(tempfile.mkdtemp(prefix="hookseal-orphans-"))
    server = start_redis(port, directory)
    # redis-py's default retries (ten, with backoff): each claim in flight at the stop gives up
    # a few seconds later, while Redis is still down. Shorter retries (`retry=`, which the
    # module docs suggest for a quick refusal) orphan claims the same way, after less waiting.
    client = redis.Redis(port=port)
    guard = RedisReplayGuard(client)
    webhook = hookseal.Webhook(hookseal.generate_secret(), tolerance_seconds=TOLERANCE_SECONDS)
    # The id and body of each delivery refused as unavailable.
    refused: list[tuple[str, str]] = []
    lock = threading.Lock()
    claimed = [0]
    unconfirmed = [0]

    def claim_until_refused(worker: int) -> None:
        for n in range(1_000_000):
            delivery_id = f"msg_orphans_{worker}_{n}"
            body = f'{{"worker": {worker}, "n": {n}}}'
            verified = webhook.verify(body, webhook.sign(body, id=delivery_id))
            try:
                guard.claim(verified)
            except GuardUnavailableError:
                with lock:
                    refused.append((delivery_id, body))
                return
            with lock:
                claimed[0] += 1
            try:
                guard.confirm(verified)
            except GuardUnavailableError:
                # Processed, and answered 200 all the same (a helper only logs this): the
                # sender does not retry it. Its claim stays pending until it expires.
                with lock:
                    unconfirmed[0] += 1
                return

    def retry(delivery_id: str, body: str) -> hookseal.Verified:
        """The sender's retry: the same delivery, signed again with a fresh timestamp."""
        return webhook.verify(body, webhook.sign(body, id=delivery_id))

    threads = [threading.Thread(target=claim_until_refused, args=(i,)) for i in range(THREADS)]
    replayed: list[str] = []
    orphaned: list[tuple[str, str]] = []
    refused_again = 0
    processed_at_once = 0
    processed_after_expiry = 0
    started_waiting = 0.0
    try:
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        stop(server)
        for thread in threads:
            thread.join()
        server = start_redis(port, directory)
        for delivery_id, body in refused:
            verified = retry(delivery_id, body)
            try:
                guard.claim(verified)
            except GuardUnavailableError:
                orphaned.append((delivery_id, body))  # pending: its SET ran, its reply was lost
                continue
            except hookseal.ReplayedError:
                replayed.append(delivery_id)
                continue
            guard.confirm(verified)
            processed_at_once += 1
        # Retry the orphaned ones every half second until each is claimed, as a sender's
        # backoff would; none may be refused as a replay meanwhile.
        started_waiting = time.monotonic()
        deadline = started_waiting + TOLERANCE_SECONDS + 10
        waiting = list(orphaned)
        while waiting and time.monotonic() < deadline:
            time.sleep(0.5)
            still: list[tuple[str, str]] = []
            for delivery_id, body in waiting:
                verified = retry(delivery_id, body)
                try:
                    guard.claim(verified)
                except GuardUnavailableError:
                    refused_again += 1
                    still.append((delivery_id, body))
                    continue
                except hookseal.ReplayedError:
                    replayed.append(delivery_id)
                    continue
                guard.confirm(verified)
                processed_after_expiry += 1
            waiting = still
    finally:
        stop(server)
        client.close()
        shutil.rmtree(directory, ignore_errors=True)
    print(
        f"claimed before the stop: {claimed[0]} ({unconfirmed[0]} of them not confirmed); "
        f"refused as unavailable: {len(refused)}; "
        f"of those, once Redis was back: claimed at once {processed_at_once}, pending "
        f"(orphaned claims) {len(orphaned)}, refused as replayed {len(replayed)}; orphaned "
        f"deliveries claimed once their claim expired: {processed_after_expiry} "
        f"(after {refused_again} more 503s; {len(waiting)} never claimed)"
    )
    if replayed or waiting:
        print("FAILED: a retry was refused as a replay, or never claimed: a lost delivery")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
