"""Load and fault test: two receivers, one Redis, one sender, every delivery accounted for.

Runs two scenarios, each against its own `redis-server` on a free loopback port:

- **load**: a Python receiver (Flask + `hookseal.flask` + `RedisReplayGuard`) and a Node
  receiver (Express + `hookseal/express` + `RedisReplayGuard`) share one Redis; the sender
  (sender.mjs) sends `--sends` deliveries, 20% of them replays, split between the two.
- **fault**: the same, but Redis is stopped (SIGTERM, by pid) once 30% of the sends are
  answered, left down for `--outage-seconds`, and started again on the same port. While it is
  down the receivers must answer 503 (fail closed) and the sender retries until they accept.
  This Redis keeps its claims in an append-only file fsynced on every write
  (`--appendonly yes --appendfsync always`), the setting a deployment relying on the guard
  needs: a Redis that forgets its claims on restart (`--save '' --appendonly no`) would take
  any replay of an earlier delivery that arrives after the restart for a new one. Its scheme
  tolerance is short (`--fault-tolerance-seconds`, 10 s), so that a claim orphaned by the
  restart (Redis ran the SET, the reply was lost) expires within the run: until then every
  retry of that delivery is answered 503 (the claim is pending), and then the sender's retry,
  signed again with a fresh timestamp, is processed.

Each receiver appends the id of every delivery whose handler ran to its own log file. The
driver checks those logs, not the sender's view: every legitimate delivery processed exactly
once across both receivers, nothing else processed; and the sender's answers must agree (each
replay refused, no other failure). It prints a markdown report (and writes it to `--results`
when given) and exits 1 if any invariant fails. Every process it starts is stopped by pid.

Run through `make load` or `make load-smoke`, which build both bindings and install
redis-server first.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import hookseal

HERE = Path(__file__).resolve().parent
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
READY_TIMEOUT_SECONDS = 20.0
STOP_TIMEOUT_SECONDS = 10.0
FAULT_AT_FRACTION = 0.3
TOLERANCE_SECONDS = 1800
# Counts the claim keys under a prefix (ARGV[1], a KEYS pattern), and those whose value is
# `done` and pending (`pending` or `pending:<token>`), in one atomic step (keys expire during
# the fault run): "<keys> <done> <pending>".
COUNT_KEYS_SCRIPT = (
    "local keys = redis.call('KEYS', ARGV[1]) "
    "local done, pending = 0, 0 "
    "for _, key in ipairs(keys) do "
    "local value = redis.call('GET', key) "
    "if value == 'done' then done = done + 1 "
    "elseif value and string.sub(value, 1, 7) == 'pending' then pending = pending + 1 end "
    "end "
    "return #keys .. ' ' .. done .. ' ' .. pending"
)


@dataclass
class Scenario:
    """One run: how many sends, and whether Redis restarts in the middle of it."""

    name: str
    sends: int
    fault: bool
    # Whether Redis keeps its keys across a restart (appendonly, fsync always).
    persistent: bool = False
    # The scheme tolerance of the receivers and the sender: how long a claim lives.
    tolerance_seconds: int = TOLERANCE_SECONDS


@dataclass
class Outcome:
    """What one scenario measured, and which invariants failed."""

    scenario: Scenario
    summary: dict[str, Any]
    processed_by: dict[str, int]
    distinct_processed: int
    duplicates: int
    lost: int
    unknown: int
    redis_claims: int
    # Of those, confirmed (`done`) and still pending.
    redis_done: int
    redis_pending: int
    # Wall-clock seconds when Redis was stopped and when it answered PING again.
    outage: tuple[float, float] | None
    failures: list[str] = field(default_factory=list)


class RedisServer:
    """A `redis-server` on a loopback port, which can be stopped and started again."""

    def __init__(self, port: int, workdir: Path, *, persistent: bool) -> None:
        self.port = port
        self.workdir = workdir
        self.persistent = persistent
        self.process: subprocess.Popen[bytes] | None = None
        self.log = workdir / "redis.log"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        persistence = (
            ["--appendonly", "yes", "--appendfsync", "always"]
            if self.persistent
            else ["--appendonly", "no"]
        )
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--dir", str(self.workdir), *persistence]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while not self.ping():
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server on port {self.port} exited; see {self.log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server on port {self.port} did not answer PING")
            time.sleep(0.02)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None

    def ping(self) -> bool:
        try:
            return self.command(b"PING") == b"+PONG"
        except OSError:
            return False

    def command(self, line: bytes) -> bytes:
        """Sends one inline command and returns the first line of the reply."""
        return self.send(line + b"\r\n")

    def command_args(self, *args: str) -> bytes:
        """Sends one command as a RESP array (any argument text) and returns the first two
        lines of the reply (a bulk string's length and text)."""
        parts = [f"*{len(args)}\r\n".encode()]
        for arg in args:
            data = arg.encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
        return self.send(b"".join(parts), lines=2)

    def send(self, request: bytes, *, lines: int = 1) -> bytes:
        """Sends a request and returns its reply's first `lines` lines (CRLF between them)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(request)
            reply = b""
            while not (reply.endswith(b"\r\n") and reply.count(b"\r\n") >= lines):
                chunk = sock.recv(4096)
                if not chunk:
                    break
                reply += chunk
            return reply.strip()

    def count_keys(self, pattern: str) -> tuple[int, int, int]:
        """How many keys match `pattern`, and of those how many are `done` and pending."""
        reply = self.command_args("EVAL", COUNT_KEYS_SCRIPT, "0", pattern)
        head, _, text = reply.partition(b"\r\n")
        counts = text.split()
        if not head.startswith(b"$") or len(counts) != 3:
            raise RuntimeError(f"unexpected reply to EVAL: {reply!r}")
        keys, done, pending = (int(count) for count in counts)
        return keys, done, pending


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it outlives the timeout; always by pid, always reaped."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def read_listening_port(process: subprocess.Popen[bytes], name: str) -> int:
    """Waits for the receiver's `listening <port>` line."""
    assert process.stdout is not None
    found: list[int] = []

    def read() -> None:
        assert process.stdout is not None
        line = process.stdout.readline().decode()
        if line.startswith("listening "):
            found.append(int(line.split()[1]))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(READY_TIMEOUT_SECONDS)
    if not found:
        raise RuntimeError(f"the {name} receiver did not start; see its stderr log")
    return found[0]


@contextmanager
def started(processes: list[subprocess.Popen[bytes]]) -> Iterator[None]:
    """Stops every process in the list (by pid) on the way out, whatever happened."""
    try:
        yield
    finally:
        for process in reversed(processes):
            stop_process(process)


def start_receiver(
    command: Sequence[str], name: str, env: dict[str, str], stderr: IO[bytes]
) -> tuple[subprocess.Popen[bytes], int]:
    process = subprocess.Popen(
        list(command),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=stderr,
        env=env,
    )
    try:
        return process, read_listening_port(process, name)
    except BaseException:
        stop_process(process)
        raise


def run_scenario(
    scenario: Scenario, workdir: Path, secret: str, args: argparse.Namespace
) -> Outcome:
    work = workdir / scenario.name
    work.mkdir(parents=True)
    redis = RedisServer(free_port(), work / "redis", persistent=scenario.persistent)
    redis.start()
    processes: list[subprocess.Popen[bytes]] = []
    outage: list[tuple[float, float]] = []
    logs = {"python": work / "python.ids", "node": work / "node.ids"}
    prefix = f"hookseal-load:{scenario.name}:"
    try:
        with (work / "receivers.stderr").open("wb") as stderr, started(processes):
            env = dict(os.environ)
            env.update(
                HOOKSEAL_LOAD_SECRET=secret,
                HOOKSEAL_LOAD_REDIS_URL=redis.url,
                HOOKSEAL_LOAD_PREFIX=prefix,
                HOOKSEAL_LOAD_TOLERANCE_SECONDS=str(scenario.tolerance_seconds),
            )
            python, python_port = start_receiver(
                [sys.executable, str(HERE / "receiver_flask.py")],
                "python",
                {**env, "HOOKSEAL_LOAD_LOG": str(logs["python"])},
                stderr,
            )
            processes.append(python)
            node, node_port = start_receiver(
                ["node", "--no-warnings", str(HERE / "receiver_express.mjs")],
                "node",
                {**env, "HOOKSEAL_LOAD_LOG": str(logs["node"])},
                stderr,
            )
            processes.append(node)
            summary_path = work / "sender.json"
            sender_command = [
                "node",
                str(HERE / "sender.mjs"),
                "--receiver",
                f"python=http://127.0.0.1:{python_port}/webhook",
                "--receiver",
                f"node=http://127.0.0.1:{node_port}/webhook",
                "--sends",
                str(scenario.sends),
                "--replay-fraction",
                "0.2",
                "--concurrency",
                str(args.concurrency),
                "--seed",
                str(args.seed),
                "--run-id",
                scenario.name,
                "--out",
                str(summary_path),
            ]
            sender = subprocess.Popen(
                sender_command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=env,
            )
            processes.append(sender)
            restart: threading.Thread | None = None
            assert sender.stdout is not None
            for raw in sender.stdout:
                parts = raw.decode().split()
                if len(parts) != 3 or parts[0] != "progress":
                    continue
                done, total = int(parts[1]), int(parts[2])
                if scenario.fault and restart is None and done >= total * FAULT_AT_FRACTION:
                    # On another thread, so that the sender's progress keeps being read.
                    restart = threading.Thread(
                        target=restart_redis, args=(redis, args.outage_seconds, outage)
                    )
                    restart.start()
            if sender.wait() != 0:
                raise RuntimeError(f"the sender failed; see {work / 'receivers.stderr'}")
            if restart is not None:
                restart.join()
            summary: dict[str, Any] = json.loads(summary_path.read_text())
        keys = redis.count_keys(prefix + "*")
    finally:
        redis.stop()
    return check(scenario, summary, logs, keys, outage[0] if outage else None)


def restart_redis(redis: RedisServer, seconds: float, outage: list[tuple[float, float]]) -> None:
    stopped = time.time()
    redis.stop()
    time.sleep(seconds)
    redis.start()
    outage.append((stopped, time.time()))


def check(
    scenario: Scenario,
    summary: dict[str, Any],
    logs: dict[str, Path],
    keys: tuple[int, int, int],
    outage: tuple[float, float] | None,
) -> Outcome:
    """Counts what each receiver processed and checks every invariant."""
    claims, done, pending = keys
    legitimate: int = summary["legitimate"]
    replays: int = summary["replays"]
    expected = {f"msg_{scenario.name}_{n}" for n in range(legitimate)}
    seen: collections.Counter[str] = collections.Counter()
    processed_by: dict[str, int] = {}
    for name, path in logs.items():
        ids = path.read_text().split() if path.exists() else []
        processed_by[name] = len(ids)
        seen.update(ids)
    outcome = Outcome(
        scenario=scenario,
        summary=summary,
        processed_by=processed_by,
        distinct_processed=len(seen),
        duplicates=sum(1 for count in seen.values() if count > 1),
        lost=len(expected - seen.keys()),
        unknown=len(seen.keys() - expected),
        redis_claims=claims,
        redis_done=done,
        redis_pending=pending,
        outage=outage,
    )
    failures = outcome.failures

    def expect(ok: bool, what: str) -> None:
        if not ok:
            failures.append(what)

    expect(summary["sends"] == scenario.sends, "the sender sent every delivery")
    expect(outcome.duplicates == 0, "no delivery processed twice (receiver logs)")
    expect(outcome.lost == 0, "no legitimate delivery left unprocessed (receiver logs)")
    expect(outcome.unknown == 0, "nothing processed that was never sent")
    expect(
        sum(processed_by.values()) == legitimate,
        "processed lines == legitimate deliveries",
    )
    expect(
        summary["processed"] == legitimate,
        "answers 'processed' == legitimate deliveries",
    )
    # A replay is refused as `replayed`, or, if it was retried (503: its original's claim was
    # pending) until its captured timestamp left the window, with 401 `timestamp_too_old`.
    expect(
        summary["replayed"] + summary["replayExpired"] == replays,
        "answers 'replayed' (or, to a replay that outlived its window, 401) == replays sent",
    )
    expect(summary["failed"] == 0, "no answer other than processed, replayed or 503")
    expect(summary["gaveUp"] == 0, "no delivery given up after retries")
    expect(summary["other503"] == 0, "no 503 other than guard_unavailable")
    expect(
        summary["deliveriesAnsweredProcessedTwice"] == 0
        and summary["deliveriesNeverAnsweredProcessed"] == 0,
        "each delivery answered 'processed' exactly once (sender's view)",
    )
    if scenario.tolerance_seconds * 1000 > summary["elapsedMs"] + 60_000:
        expect(claims == legitimate, "one claim key in Redis per legitimate delivery")
    else:
        # Claims expire with the short tolerance; none may outnumber the deliveries.
        expect(claims <= legitimate, "at most one claim key per legitimate delivery")
    expect(
        all(count > 0 for count in processed_by.values()),
        "both receivers processed some",
    )
    expect(summary["crossReceiverReplays"] > 0, "some replays went to the other receiver")
    if scenario.fault:
        expect(outage is not None, "Redis was restarted during the run")
        expect(
            summary["unavailable503"] > 0,
            "503 guard_unavailable answered while Redis was down",
        )
        expect(summary["retries"] > 0, "the sender retried")
    else:
        # A replay racing its original finds the original's claim pending (not yet confirmed)
        # and is asked to retry, as is an original whose replay, sent at once, claimed first;
        # nothing else is refused without a fault.
        expect(
            summary["unavailable503Unpaired"] == 0,
            "no 503 without a fault, except to a delivery whose duplicate was in flight",
        )
        expect(summary["connectionErrors"] == 0, "no connection error without a fault")
        expect(
            summary["replayExpired"] == 0,
            "no replay outlived its window without a fault",
        )
        # Every handler that ran confirmed its claim.
        expect(
            done == claims and pending == 0,
            "every claim key confirmed (done) at the end",
        )
    return outcome


def report(outcomes: Sequence[Outcome], args: argparse.Namespace, seconds: float) -> str:
    lines = [
        "# Load and fault test",
        "",
        f"Two receivers (Python: Flask + `hookseal.flask` on Werkzeug's threaded server; Node: "
        f"Express + `hookseal/express`), each claiming through `RedisReplayGuard` against one "
        f"`redis-server`; a Node sender with {args.concurrency} requests in flight, each sent "
        f"to the receiver with fewer requests in flight; 20% of the sends are replays (the "
        f"same signed bytes again). Measured on {os.cpu_count()} cores shared with other "
        f"work; whole run {seconds:.0f} s. Written by `tests/load/driver.py`.",
        "",
    ]
    for outcome in outcomes:
        lines += describe(outcome)
    verdict = all(not outcome.failures for outcome in outcomes)
    lines.append(f"**Result: {'all invariants hold' if verdict else 'FAILED'}.**")
    return "\n".join(lines) + "\n"


def describe(outcome: Outcome) -> list[str]:
    summary = outcome.summary
    scenario = outcome.scenario
    seconds = summary["elapsedMs"] / 1000
    receivers = {r["name"]: r for r in summary["receivers"]}
    if scenario.fault:
        setting = "appendonly, fsync always" if scenario.persistent else "no persistence"
        down = outcome.outage[1] - outcome.outage[0] if outcome.outage else 0.0
        title = (
            f"## Fault run: Redis ({setting}) restarted after {FAULT_AT_FRACTION:.0%} of the "
            f"sends, down {down:.1f} s; tolerance {scenario.tolerance_seconds} s"
        )
    else:
        title = "## Load run (Redis without persistence)"
    lines = [
        title,
        "",
        "| count | value |",
        "|---|---|",
        f"| sent (legitimate + replays) | {summary['sends']:,} |",
        f"| legitimate deliveries | {summary['legitimate']:,} |",
        f"| replays | {summary['replays']:,} "
        f"({summary['crossReceiverReplays']:,} to the other receiver) |",
        f"| processed, Python receiver (its log) | {outcome.processed_by['python']:,} |",
        f"| processed, Node receiver (its log) | {outcome.processed_by['node']:,} |",
        f"| distinct deliveries processed | {outcome.distinct_processed:,} |",
        f"| answered processed (sender) | {summary['processed']:,} |",
        f"| refused as replay (200 `replayed`) | {summary['replayed']:,} |",
        f"| refused as too old (401, a replay retried past its window) | "
        f"{summary['replayExpired']:,} |",
        f"| 503 `guard_unavailable` (to originals + to replays) | "
        f"{summary['unavailable503']:,} ({summary['unavailable503Originals']:,} + "
        f"{summary['unavailable503Replays']:,}) |",
        f"| connection errors | {summary['connectionErrors']:,} |",
        f"| retries | {summary['retries']:,} |",
        f"| other failures | {summary['failed'] + summary['gaveUp'] + summary['other503']:,} |",
        f"| claim keys in Redis at the end (`done` / pending) | {outcome.redis_claims:,} "
        f"({outcome.redis_done:,} / {outcome.redis_pending:,}) |",
        f"| **duplicates processed** | **{outcome.duplicates}** |",
        f"| **lost** | **{outcome.lost}** |",
        "",
        "| throughput | sends/s | requests | p50 ms | p99 ms |",
        "|---|---|---|---|---|",
        f"| overall ({seconds:.1f} s) | {summary['sends'] / seconds:,.0f} | "
        f"{sum(r['requests'] for r in receivers.values()):,} | | |",
    ]
    for name in ("python", "node"):
        r = receivers[name]
        answered = r["processed"] + r["replayed"] + r["failed"]
        latency = r["latencyMs"]
        lines.append(
            f"| {name} receiver | {answered / seconds:,.0f} | {r['requests']:,} | "
            f"{latency['p50']} | {latency['p99']} |"
        )
    lines.append("")
    first, last = summary["firstRetryableAtMs"], summary["lastRetryableAtMs"]
    if outcome.outage is not None and first is not None and last is not None:
        stopped, back = outcome.outage
        lines += [
            f"Redis was stopped at t = 0 s and answered again at t = {back - stopped:.2f} s; the "
            f"receivers answered 503 (Redis unreachable, or a duplicate's claim pending) or "
            f"dropped the connection from t = {first / 1000 - stopped:.2f} s to t = "
            f"{last / 1000 - stopped:.2f} s; every retry after that got a final answer.",
            "",
        ]
        # Refused more than a second after Redis answered again: the delivery's claim was
        # pending, either held by a duplicate still in flight or orphaned by the restart (Redis
        # ran the SET, the reply was lost), which only its expiry clears.
        waited = [r for r in summary["retriedOriginals"] if r["lastMs"] / 1000 > back + 1.0]
        if waited:
            answers = collections.Counter(str(r["answer"]) for r in waited)
            latest = max(r["finalMs"] or r["lastMs"] for r in waited) / 1000 - stopped
            finals = ", ".join(f"{count:,} {answer}" for answer, count in sorted(answers.items()))
            lines += [
                f"{len(waited):,} legitimate deliveries were still answered 503 more than 1 s "
                f"after Redis was back, the last final answer at t = {latest:.2f} s: their claim "
                f"was pending (a duplicate in flight, or a claim orphaned by the restart, which "
                f"only its expiry clears). Final answers: {finals}"
                + (
                    " (`replayed`: a duplicate of the delivery was processed in its place)."
                    if answers["replayed"]
                    else "."
                ),
                "",
            ]
    if outcome.failures:
        lines += ["Failed invariants:", ""] + [f"- {what}" for what in outcome.failures] + [""]
    if summary["orphanedClaims"]:
        lines += [
            f"{summary['orphanedClaims']} of the lost deliveries were refused with 503 first and "
            "as replays on every retry: their claim was recorded by Redis, but its reply was "
            "lost when Redis stopped, so the guard refused the delivery as unavailable and left "
            "the claim behind (an orphaned claim). `tests/load/orphaned_claims.py` and "
            "`tests/load/orphaned_claims.mjs` reproduce this with each guard alone.",
            "",
        ]
    if summary["suspects"]:
        lines += ["Deliveries not answered 'processed' exactly once, send by send:", ""]
        for suspect in summary["suspects"]:
            lines.append(f"- `{suspect['id']}`: {'; '.join(suspect['attempts'])}")
        lines.append("")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sends", type=int, default=100_000, help="sends in the load run")
    parser.add_argument("--fault-sends", type=int, default=20_000, help="sends in the fault run")
    parser.add_argument("--concurrency", type=int, default=48, help="requests in flight")
    parser.add_argument("--outage-seconds", type=float, default=1.5, help="how long Redis is down")
    parser.add_argument("--seed", type=int, default=7, help="seed of the sender's schedule")
    parser.add_argument(
        "--fault-redis",
        choices=("aof", "volatile"),
        default="aof",
        help="the fault run's Redis: claims kept in an fsynced append-only file (aof), or "
        "forgotten on restart (volatile: shows why a deployment needs aof)",
    )
    parser.add_argument(
        "--fault-tolerance-seconds",
        type=int,
        default=10,
        help="the fault run's scheme tolerance (receivers and sender): an orphaned claim lives "
        "this long (plus a second or two), so it must expire within the run",
    )
    parser.add_argument("--results", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    if not os.access(REDIS_SERVER, os.X_OK):
        sys.exit("redis-server not found: run scripts/ensure-redis-server")

    scenarios = [Scenario("load", args.sends, fault=False)] if args.sends > 0 else []
    if args.fault_sends > 0:
        persistent = args.fault_redis == "aof"
        scenarios.append(
            Scenario(
                "fault",
                args.fault_sends,
                fault=True,
                persistent=persistent,
                tolerance_seconds=args.fault_tolerance_seconds,
            )
        )
    # A fresh secret per run, handed to the children in their environment only.
    secret = hookseal.generate_secret()
    workdir = Path(tempfile.mkdtemp(prefix="hookseal-load-"))
    began = time.monotonic()
    outcomes: list[Outcome] = []
    try:
        for scenario in scenarios:
            print(f"load test: {scenario.name} run, {scenario.sends:,} sends", flush=True)
            outcomes.append(run_scenario(scenario, workdir, secret, args))
    except BaseException:
        print(f"load test: aborted; logs kept in {workdir}", file=sys.stderr)
        raise
    text = report(outcomes, args, time.monotonic() - began)
    print(text)
    if args.results is not None:
        args.results.write_text(text)
    if any(outcome.failures for outcome in outcomes):
        print(f"load test: FAILED; logs kept in {workdir}", file=sys.stderr)
        return 1
    with suppress(OSError):
        shutil.rmtree(workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
