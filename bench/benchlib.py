"""What the Python benchmark scripts share: the delivery, the timer, the results files.

Every script measures in one process, runs each variant in interleaved rounds (so that a
burst of load elsewhere on the machine hits every variant alike) and writes a JSON file
under bench/results/ that bench/report.py turns into bench/RESULTS.md. Times are in
microseconds per call; each measurement keeps every repetition so the report shows the
median and the min-max.
"""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

BENCH = pathlib.Path(__file__).resolve().parent
RESULTS = BENCH / "results"

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SIZES: list[tuple[str, int]] = [
    ("256 B", 256),
    ("1 KiB", 1024),
    ("16 KiB", 16 * 1024),
    ("1 MiB", 1024 * 1024),
]
REPEATS = 5
# Each repetition runs for about this long (seconds); REPEATS of them per variant and size.
BUDGET_S = float(os.environ.get("HOOKSEAL_BENCH_BUDGET", "0.1"))

Stats = dict[str, Any]


def json_body(size: int) -> bytes:
    """A JSON event of exactly `size` bytes: small records, then padding to the size.

    bench/lib/timing.mjs builds the same bytes, so every language parses the same document.
    """
    head = '{"id":"evt_bench","object":"event","type":"invoice.paid","items":['
    tail_fmt = '],"pad":"{}"}}'
    items: list[str] = []
    used = len(head) + len(tail_fmt.format(""))
    n = 0
    while True:
        item = f'{{"n":{n},"sku":"sku-{n:06d}","qty":{n % 7 + 1},"paid":true}}'
        extra = len(item) + (1 if items else 0)
        if used + extra > size:
            break
        items.append(item)
        used += extra
        n += 1
    text = head + ",".join(items) + tail_fmt.format("x" * (size - used))
    data = text.encode()
    assert len(data) == size, (len(data), size)
    return data


def stats(runs: Sequence[float]) -> Stats:
    """Median and min-max of repetitions (any unit), keeping the repetitions."""
    return {
        "median": statistics.median(runs),
        "min": min(runs),
        "max": max(runs),
        "runs": list(runs),
    }


def _batch(fn: Callable[[], object], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return time.perf_counter() - start


def calibrate(fn: Callable[[], object], budget_s: float = BUDGET_S) -> int:
    """Calls per repetition so that one repetition lasts about `budget_s`."""
    fn()  # warm up (and fail early if the variant is broken)

    def fit(number: int, elapsed: float) -> int:
        return max(1, round(number * budget_s / max(elapsed, 1e-9)))

    number = 1
    while True:
        elapsed = _batch(fn, number)
        if elapsed >= budget_s / 4 or number >= 1 << 24:
            # Once more at the fitted count: a pause of the machine during the first
            # measurement would otherwise leave too few calls per repetition.
            fitted = fit(number, elapsed)
            return max(fitted, fit(fitted, _batch(fn, fitted)))
        number *= 4


def interleaved(variants: dict[str, Callable[[], object]]) -> dict[str, Stats]:
    """Microseconds per call of each variant: REPEATS rounds, each round runs every variant."""
    numbers = {name: calibrate(fn) for name, fn in variants.items()}
    runs: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(REPEATS):
        for name, fn in variants.items():
            runs[name].append(_batch(fn, numbers[name]) / numbers[name] * 1e6)
    return {name: stats(r) for name, r in runs.items()}


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = ""
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    try:
        load = list(os.getloadavg())
    except OSError:
        load = []
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": f"{platform.system()} {platform.release()}",
        "load_average": load,
    }


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def write_results(name: str, data: dict[str, Any]) -> pathlib.Path:
    """Writes bench/results/<name>.json with the machine and the time added."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {"date": now_iso(), "machine": machine(), **data}
    path.write_text(json.dumps(payload, indent=1) + "\n")
    return path


def fmt_us(us: float) -> str:
    """A time in µs, printed with the unit that keeps it readable."""
    if us >= 1000:
        return f"{us / 1000:.2f} ms"
    if us >= 1:
        return f"{us:.2f} µs"
    return f"{us * 1000:.0f} ns"
