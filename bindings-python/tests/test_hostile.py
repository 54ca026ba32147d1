"""Every case of tests/hostile/corpus.json through the Python package.

Each call must end in the outcome the corpus names: a `hookseal.WebhookError` with that
`code`, a `TypeError`, a `ValueError` that is not a `WebhookError` (the replay guard's
settings only), or success. Any other exception, a crash or a hang fails. Expected outcomes
come from tests/hostile/generate.py's rules, never from hookseal.
"""

from __future__ import annotations

import faulthandler
import json
import time
from pathlib import Path
from typing import Any, Callable

import pytest

import hookseal

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "hostile" / "corpus.json"
# Per-case limits in seconds. A call that blocks longer is stopped by faulthandler, which
# ends the whole run with a traceback (a hang must never pass); a slower return fails.
LIMIT_SECONDS = 5.0
SLOW_LIMIT_SECONDS = 30.0
HANG_GRACE_SECONDS = 30.0
# Messages name the header concerned; they never echo a (possibly huge) input.
MAX_MESSAGE_CHARS = 1024


class _Absent:
    """JavaScript's `undefined`: an argument, entry or keyword that is not given."""


ABSENT = _Absent()


def load_cases() -> list[dict[str, Any]]:
    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))
    cases: list[dict[str, Any]] = corpus["cases"]
    return [c for c in cases if "python" in c.get("languages", ["python"])]


CASES = load_cases()


def realize(value: Any, verified: Any = None) -> Any:
    """The Python value a corpus encoding stands for (see tests/hostile/README.md)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return [realize(item, verified) for item in value]
    kind = value["type"]
    if kind == "null":
        return None
    if kind == "undefined":
        return ABSENT
    if kind == "bool":
        return bool(value["value"])
    if kind == "int":
        return int(value["value"])
    if kind == "float":
        return float(value["value"])
    if kind == "instance":
        return object()
    if kind == "bytes":
        data = bytes.fromhex(value["hex"])
        if value["kind"] == "mutable":
            return bytearray(data)
        if value["kind"] == "view":
            return memoryview(data)
        if value["kind"] == "offset_view":
            return memoryview(b"\xee\xee" + data)[2:]
        if value["kind"] == "wide_view":
            return memoryview(data).cast("H")
        return data
    if kind == "repeat":
        return value["value"] * value["count"]
    if kind == "repeat_bytes":
        return bytes.fromhex(value["hex"]) * value["count"]
    if kind == "concat":
        return "".join(realize(part) for part in value["parts"])
    if kind == "dict":
        out: dict[Any, Any] = {}
        for name, item in fill_pairs(value):
            out[name] = item
        for name, item in value["entries"]:
            realized = realize(item, verified)
            if realized is not ABSENT:
                out[name] = realized
        return out
    if kind == "iterator":
        return iter([realize(item, verified) for item in value["items"]])
    if kind == "pairs":
        items: list[Any] = [[name, item] for name, item in fill_pairs(value)]
        return items + [realize(item, verified) for item in value["items"]]
    if kind == "fields":
        fields: dict[Any, Any] = {}
        for name, item in value["entries"]:
            realized = realize(item, verified)
            if realized is not ABSENT:
                fields[field_name(name)] = realized
        return fields
    if kind == "scheme":
        factory = getattr(hookseal.Scheme, value["base"])
        overrides = realize(value["fields"]) if "fields" in value else {}
        return factory(**overrides)
    if kind == "verified":
        return verified
    raise AssertionError(f"unknown encoding {kind!r}")


def fill_pairs(value: dict[str, Any]) -> list[tuple[str, str]]:
    fill = value.get("fill")
    if fill is None:
        return []
    return [(fill["prefix"] + str(n), fill["value"]) for n in range(fill["count"])]


def field_name(name: Any) -> Any:
    if isinstance(name, str):
        return name
    if name.get("type") == "field_name":
        return name["python"]
    return realize(name)


def keywords(args: dict[str, Any], names: dict[str, str], verified: Any = None) -> dict[str, Any]:
    """Keyword arguments from the corpus `args` (undefined ones are not passed)."""
    out = {}
    for key, keyword in names.items():
        if key in args:
            value = realize(args[key], verified)
            if value is not ABSENT:
                out[keyword] = value
    return out


def positional(args: dict[str, Any], names: list[str]) -> list[Any]:
    """Positional arguments up to the first one not given (Python then raises TypeError)."""
    out = []
    for name in names:
        value = realize(args[name]) if name in args else ABSENT
        if value is ABSENT:
            break
        out.append(value)
    return out


def webhook_from(setup: dict[str, Any]) -> hookseal.Webhook:
    return hookseal.Webhook(
        realize(setup["secret"]),
        scheme=realize(setup["scheme"]),
        tolerance_seconds=realize(setup["tolerance_seconds"])
        if "tolerance_seconds" in setup
        else None,
    )


GUARD_KEYWORDS = {"capacity": "capacity", "ttl_seconds": "ttl_seconds"}


def no_check(result: Any) -> None:
    del result


def prepare(case: dict[str, Any]) -> tuple[Callable[[], Any], Callable[[Any], None]]:
    """The one call the case is about, with everything around it already built, and what
    to check of its result when it succeeds."""
    op = case["operation"]
    args = case["args"]
    if op == "new Webhook":
        pos = positional(args, ["secret"])
        kw = keywords(args, {"scheme": "scheme", "tolerance_seconds": "tolerance_seconds"})
        return lambda: hookseal.Webhook(*pos, **kw), no_check
    if op == "scheme":
        factory = getattr(hookseal.Scheme, realize(args["base"]))
        fields = realize(args["fields"])
        if fields is ABSENT:
            return lambda: factory(), no_check
        return lambda: factory(**fields), no_check
    if op == "new ReplayGuard":
        kw = keywords(args, GUARD_KEYWORDS)
        return lambda: hookseal.ReplayGuard(**kw), no_check
    wh = webhook_from(case["setup"])
    if op == "verify":
        pos = positional(args, ["body", "headers"])
        kw = keywords(args, {"now": "now"})
        return lambda: wh.verify(*pos, **kw), lambda verified: same_fields(case, verified)
    if op == "sign":
        pos = positional(args, ["body"])
        kw = keywords(args, {"id": "id", "timestamp": "timestamp"})
        # What sign returns verifies with the same webhook at the signing time.
        now = {"now": kw["timestamp"]} if "timestamp" in kw else {}

        def round_trip(headers: dict[str, str]) -> None:
            wh.verify(pos[0], headers, **now)

        return lambda: wh.sign(*pos, **kw), round_trip
    delivery = case["delivery"]
    verified = wh.verify(
        bytes.fromhex(delivery["body_hex"]),
        [(name, value) for name, value in delivery["headers"]],
        now=realize(delivery["now"]),
    )
    guard = hookseal.ReplayGuard(**keywords(case.get("guard", {}), GUARD_KEYWORDS))
    for step in case.get("before", []):
        if step["action"] == "claim":
            guard.claim(verified, now=realize(step["now"]))
        else:
            guard.release(verified)
    pos = positional_verified(args, verified)
    if op == "guard claim":
        kw = keywords(args, {"now": "now"}, verified)
        return lambda: guard.claim(*pos, **kw), no_check
    assert op == "guard release", op
    return lambda: guard.release(*pos), no_check


def same_fields(case: dict[str, Any], verified: hookseal.Verified) -> None:
    expected = case.get("verified_fields")
    if expected is None:
        return
    got = {
        "id": verified.id,
        "timestamp": verified.timestamp,
        "secret_index": verified.secret_index,
        "scheme": verified.scheme,
    }
    if got != expected:
        differ = sorted(k for k in expected if got[k] != expected[k])
        pytest.fail(f"verified, but these fields differ: {differ}", pytrace=False)


def positional_verified(args: dict[str, Any], verified: hookseal.Verified) -> list[Any]:
    value = realize(args["verified"], verified)
    return [] if value is ABSENT else [value]


def describe(exc: BaseException) -> str:
    """An exception's class and code, never its message (nothing secret can show)."""
    code = getattr(exc, "code", None)
    return type(exc).__name__ + (f" code={code}" if code is not None else "")


def secrets_of(case: dict[str, Any]) -> list[str]:
    """The text secrets a case passes (at least 8 characters), which no message may show."""
    found = []
    for holder in (case["args"], case.get("setup", {})):
        if "secret" in holder:
            value = realize(holder["secret"])
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and len(item) >= 8:
                    found.append(item)
    return found


def check_message(case: dict[str, Any], exc: hookseal.WebhookError) -> None:
    """One line, short (messages never echo input), and no secret in it."""
    message = str(exc)
    if not message or "\n" in message or len(message) > MAX_MESSAGE_CHARS:
        pytest.fail(f"{describe(exc)}: not one short line ({len(message)} chars)", pytrace=False)
    if any(secret in message for secret in secrets_of(case)):
        pytest.fail(f"{describe(exc)}: the message shows a secret", pytrace=False)


def run(case: dict[str, Any], call: Callable[[], Any]) -> tuple[bool, Any]:
    """(True, result) on success; (False, None) when the expected exception was raised."""
    expect = case["expect"]
    try:
        result = call()
    except hookseal.WebhookError as exc:
        if expect.get("error") != exc.code:
            pytest.fail(f"expected {expect}, got {describe(exc)}", pytrace=False)
        check_message(case, exc)
        return False, None
    except TypeError as exc:
        if not expect.get("type_error"):
            pytest.fail(f"expected {expect}, got {describe(exc)}", pytrace=False)
        return False, None
    except ValueError as exc:
        if not expect.get("range_error"):
            pytest.fail(f"expected {expect}, got {describe(exc)}", pytrace=False)
        return False, None
    except Exception as exc:  # any other class fails the case, with its name
        pytest.fail(f"expected {expect}, got {describe(exc)}", pytrace=False)
    if not expect.get("ok"):
        pytest.fail(f"expected {expect}, got success", pytrace=False)
    return True, result


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_hostile(case: dict[str, Any]) -> None:
    call, after = prepare(case)
    limit = SLOW_LIMIT_SECONDS if case.get("slow") else LIMIT_SECONDS
    faulthandler.dump_traceback_later(limit + HANG_GRACE_SECONDS, exit=True)
    try:
        start = time.monotonic()
        succeeded, result = run(case, call)
        elapsed = time.monotonic() - start
    finally:
        faulthandler.cancel_dump_traceback_later()
    if elapsed > limit:
        pytest.fail(f"took {elapsed:.1f} s (limit {limit:.0f} s)", pytrace=False)
    if succeeded:
        after(result)


def test_corpus_is_large_and_covers_every_outcome() -> None:
    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))
    assert corpus["total"] == len(corpus["cases"]) >= 500
    kinds = {next(iter(case["expect"])) for case in corpus["cases"]}
    assert kinds == {"error", "type_error", "range_error", "ok"}
