#!/usr/bin/env python3
"""Seed the fuzz corpus from the conformance vectors in tests/vectors/.

Every case becomes an input of each target that can use it, written in the targets' byte
format (src/lib.rs): fields separated by 0xFF, list items by 0xFE; neither byte occurs in
UTF-8, so no vector needs escaping. Files are named `v-<sha1 of the content>`, which
deduplicates them; rerunning replaces every `v-*` file and leaves other inputs (ones the
fuzzer found and someone committed) alone. Standard library only.

    python3 core/fuzz/seed_corpus.py            # from the repository root, or anywhere
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FUZZ = Path(__file__).resolve().parent
VECTORS = FUZZ.parent.parent / "tests" / "vectors"
CORPUS = FUZZ / "corpus"
TARGETS = ("headers", "scheme_fields", "verify", "roundtrip", "ticket")

FIELD = b"\xff"
ITEM = b"\xfe"
# Large-body vectors (10 MiB) would set libFuzzer's max_len and slow every run; a seed
# keeps the first bytes only.
MAX_BODY = 4096
DEFAULT_TIMESTAMP = 1_700_000_000


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


def body(case: dict[str, Any]) -> bytes:
    if "payload_base64" in case:
        data = base64.b64decode(case["payload_base64"])
    else:
        data = utf8(case.get("payload", ""))
    repeat = case.get("payload_repeat", 1)
    if repeat > 1 and data:
        data = data * min(repeat, MAX_BODY // len(data) + 1)
    return data[:MAX_BODY]


def headers(value: dict[str, str] | list[list[str]]) -> bytes:
    pairs = value.items() if isinstance(value, dict) else value
    items = []
    for name, text in pairs:
        items += [utf8(str(name)), utf8(str(text))]
    return ITEM.join(items)


def secrets(value: object) -> bytes:
    values = value if isinstance(value, list) else [value]
    items = []
    for secret in values:
        if isinstance(secret, dict):
            items.append(b"x" + utf8(secret.get("raw_hex", "")))
        else:
            items.append(b"t" + utf8(str(secret)))
    return ITEM.join(items)


def field_value(value: object) -> bytes:
    """A scheme field value, tagged as ValueInput reads it."""
    if isinstance(value, str):
        return utf8(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return b"\x03" if value is not None else b"\x02"
    return b"\x01" + utf8(str(value))


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


def scheme_items(scheme: dict[str, Any], case_name: str) -> bytes:
    items = [utf8(case_name)]
    for name, value in scheme.items():
        spelled = camel(name) if case_name == "camel" else name
        items += [utf8(spelled), field_value(value)]
    return ITEM.join(items)


def scheme_field(scheme: str | dict[str, Any]) -> bytes:
    if isinstance(scheme, str):
        return utf8(scheme)
    return scheme_items(scheme, "snake")


def integer(value: int | None) -> bytes:
    return b"" if value is None else utf8(str(value))


def deliveries(case: dict[str, Any]) -> Iterator[tuple[Any, bytes, int]]:
    """(headers, body, now) of every delivery a case verifies."""
    if case["op"] == "verify":
        yield case["headers"], body(case), case["now"]
    elif case["op"] == "guard":
        for step in case["steps"]:
            yield step["headers"], body(step), step["now"]
    elif case["op"] == "sign" and "headers" in case["expect"]:
        yield case["expect"]["headers"], body(case), case["now"]


def seeds(case: dict[str, Any]) -> Iterator[tuple[str, bytes]]:
    """(target, input) pairs for one case."""
    scheme = case["scheme"]
    tolerance = integer(case.get("tolerance_seconds"))
    secret = secrets(case["secret"])
    for pairs, data, now in deliveries(case):
        yield "headers", FIELD.join([integer(now), headers(pairs), data])
        yield (
            "verify",
            FIELD.join(
                [
                    scheme_field(scheme),
                    secret,
                    tolerance,
                    integer(now),
                    headers(pairs),
                    data,
                ]
            ),
        )
        yield (
            "roundtrip",
            FIELD.join(
                [scheme_field(scheme), secret, tolerance, b"", integer(now), b"0", data]
            ),
        )
    if case["op"] == "sign":
        args = case.get("args", {})
        yield (
            "roundtrip",
            FIELD.join(
                [
                    scheme_field(scheme),
                    secret,
                    tolerance,
                    utf8(args["id"]) if "id" in args else b"",
                    integer(args.get("timestamp", DEFAULT_TIMESTAMP)),
                    b"0",
                    body(case),
                ]
            ),
        )
    fields = {"base": scheme} if isinstance(scheme, str) else scheme
    if isinstance(fields, dict):
        for case_name in ("snake", "camel"):
            yield (
                "scheme_fields",
                FIELD.join([scheme_items(fields, case_name), body(case)]),
            )


def ticket_seeds() -> Iterator[bytes]:
    """Tickets as encode() and replay_ticket_text() write them, and near misses; vectors
    hold no tickets."""
    key = hashlib.sha256(b"hookseal fuzz seed").hexdigest()
    texts = [
        key,
        f"{key}:1614265630",
        f"{key}:0",
        f"{key}:-1",
        f"{key}:{-(2**63)}",
        f"{key}:{2**63 - 1}",
        key.upper(),
        f"{key}:+5",
        f"{key}:05",
        f"{key}:",
        key[:-1],
        f"{key}:1:2",
        "i:1614265630:8:standardmsg_p5jXN8AQM9LWM0D4loKWxJek",
        "i::6:githubdelivery-1",
        "i:1614265630:08:standardmsg_1",
        "i:1614265630:99:standardmsg_1",
        "i::0:msg_1",
    ]
    for text in texts:
        yield FIELD.join([utf8(text), b"1614265330", b"86400"])


def main() -> int:
    found: dict[str, set[bytes]] = {target: set() for target in TARGETS}
    for path in sorted(VECTORS.glob("*.json")):
        if path.name == "schema.json":
            continue
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            for target, data in seeds(case):
                found[target].add(data)
    found["ticket"].update(ticket_seeds())

    total = 0
    for target, inputs in found.items():
        folder = CORPUS / target
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("v-*"):
            old.unlink()
        for data in inputs:
            name = "v-" + hashlib.sha1(data).hexdigest()  # a file name, not security
            (folder / name).write_bytes(data)
        size = sum(len(data) for data in inputs)
        total += size
        print(f"{target}: {len(inputs)} seeds, {size} bytes")
    print(f"total: {total} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
