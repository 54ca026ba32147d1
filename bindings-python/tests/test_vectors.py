"""Every case of tests/vectors/*.json through the Python package.

Expected values come from tests/vectors/generate.py (Python's hmac), never from hookseal.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any, Union

import pytest

import hookseal

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"
SecretArg = Union[str, bytes, list[Union[str, bytes]]]


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(VECTORS.glob("*.json")):
        if path.name == "schema.json":
            continue
        cases.extend(json.loads(path.read_text(encoding="utf-8"))["cases"])
    return cases


CASES = load_cases()


def secret_arg(value: Any) -> SecretArg:
    def one(item: Any) -> str | bytes:
        if isinstance(item, dict):
            return bytes.fromhex(item["raw_hex"])
        assert isinstance(item, str)
        return item

    if isinstance(value, list):
        return [one(item) for item in value]
    return one(value)


def webhook(case: dict[str, Any]) -> hookseal.Webhook:
    return hookseal.Webhook(
        secret_arg(case["secret"]),
        scheme=case["scheme"],
        tolerance_seconds=case.get("tolerance_seconds"),
    )


def payload(obj: dict[str, Any]) -> bytes:
    if "payload" in obj:
        data = obj["payload"].encode("utf-8")
    elif "payload_base64" in obj:
        data = base64.b64decode(obj["payload_base64"])
    else:
        data = b""
    return bytes(data * obj.get("payload_repeat", 1))


def headers(value: Any) -> dict[str, str] | list[tuple[str, str]]:
    if isinstance(value, dict):
        return dict(value)
    return [(name, val) for name, val in value]


def run_expecting(expect: dict[str, Any], action: Any) -> Any:
    """Runs `action`; checks the error code, or returns its result for success cases."""
    if "error" in expect:
        with pytest.raises(hookseal.WebhookError) as info:
            action()
        assert info.value.code == expect["error"]
        assert isinstance(info.value, ValueError)
        message = str(info.value)
        assert message and "\n" not in message
        return None
    return action()


def run_verify(case: dict[str, Any]) -> None:
    wh = webhook(case)
    verified = run_expecting(
        case["expect"],
        lambda: wh.verify(payload(case), headers(case["headers"]), now=case["now"]),
    )
    if verified is not None:
        got = {
            "id": verified.id,
            "timestamp": verified.timestamp,
            "secret_index": verified.secret_index,
            "scheme": verified.scheme,
        }
        assert got == case["expect"]


def run_build(case: dict[str, Any]) -> None:
    run_expecting(case["expect"], lambda: webhook(case))


def run_sign(case: dict[str, Any]) -> None:
    wh = webhook(case)
    args = case.get("args", {})
    body = payload(case)
    signed = run_expecting(
        case["expect"],
        lambda: wh.sign(body, id=args.get("id"), timestamp=args.get("timestamp", case["now"])),
    )
    if signed is not None:
        assert signed == case["expect"]["headers"]
        wh.verify(body, signed, now=case["now"])


def run_guard(case: dict[str, Any]) -> None:
    wh = webhook(case)
    guard = hookseal.ReplayGuard(
        capacity=case["guard"]["capacity"], ttl_seconds=case["guard"]["ttl_seconds"]
    )
    for step in case["steps"]:
        body = payload(step) if ("payload" in step or "payload_base64" in step) else payload(case)
        verified = wh.verify(body, headers(step["headers"]), now=step["now"])
        if step["action"] == "claim":
            run_expecting(step["expect"], lambda v=verified, s=step: guard.claim(v, now=s["now"]))
        else:
            guard.release(verified)


RUNNERS = {"verify": run_verify, "build": run_build, "sign": run_sign, "guard": run_guard}


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_vector(case: dict[str, Any]) -> None:
    RUNNERS[case["op"]](case)


def test_every_code_has_a_negative_vector() -> None:
    codes = {case["expect"]["error"] for case in CASES if "error" in case.get("expect", {})}
    codes |= {
        step["expect"]["error"]
        for case in CASES
        for step in case.get("steps", [])
        if "error" in step["expect"]
    }
    assert len(CASES) >= 450
    assert codes == {
        "guard_full",
        "invalid_scheme",
        "invalid_secret",
        "malformed_header",
        "missing_header",
        "replayed",
        "signature_mismatch",
        "timestamp_too_new",
        "timestamp_too_old",
    }
