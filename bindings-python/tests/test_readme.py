"""The Python snippets of the repository's README run as written.

They run in order in one namespace that provides `body` and `headers` (a delivery signed
now with the README's secret) and `redis_port` (a real redis-server); then the FastAPI, Flask
and Django apps the snippets define answer real requests through their test clients.
"""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path
from typing import Any

import django
import pytest
from django.conf import settings
from django.test import Client as DjangoClient
from django.test.utils import override_settings
from django.urls import path
from fastapi.testclient import TestClient

import hookseal

README = Path(__file__).resolve().parents[2] / "README.md"
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="hookseal-tests-only",
        ALLOWED_HOSTS=["testserver"],
        ROOT_URLCONF="hookseal_readme_urls",
        MIDDLEWARE=MIDDLEWARE,
        INSTALLED_APPS=[],
        DATABASES={},
    )
    django.setup()


def snippets() -> list[str]:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 6, "the README lost its Python examples"
    return blocks


def run_snippets(redis_port: int) -> dict[str, Any]:
    body = b'{"type": "invoice.paid"}'
    namespace: dict[str, Any] = {
        "__name__": "readme",
        "body": body,
        "headers": hookseal.Webhook(SECRET).sign(body),
        "redis_port": redis_port,
    }
    for number, block in enumerate(snippets()):
        exec(compile(block, f"README.md python block {number}", "exec"), namespace)
    return namespace


def fresh(body: bytes) -> dict[str, str]:
    return hookseal.Webhook(SECRET).sign(body)


def test_snippets_run_and_their_apps_answer(redis_server: Any) -> None:
    ns = run_snippets(redis_server.port)
    assert ns["verified"].id and ns["verified"].scheme == "standard"
    with pytest.raises(hookseal.ReplayedError):
        ns["guard"].claim(ns["verified"])
    ns["shared"].claim(ns["verified"])
    ns["shared"].release(ns["verified"])
    ns["shared"]._client.close()

    body = b'{"n": 1}'
    signed = fresh(body)
    with TestClient(ns["app"]) as client:
        first = client.post("/webhooks", content=body, headers=signed)
        assert (first.status_code, first.json()) == (200, {"received": signed["webhook-id"]})
        again = client.post("/webhooks", content=body, headers=signed)
        assert (again.status_code, again.json()) == (200, {"error": "replayed"})
        bad = client.post("/webhooks", content=b"{}", headers=fresh(body))
        assert (bad.status_code, bad.json()) == (401, {"error": "signature_mismatch"})

    signed = fresh(b'{"n": 2}')
    flask_client = ns["flask_app"].test_client()
    first = flask_client.post("/webhooks", data=b'{"n": 2}', headers=signed)
    assert (first.status_code, first.get_json()) == (200, {"received": signed["webhook-id"]})
    missing = flask_client.post("/webhooks", data=b"{}", headers={})
    assert (missing.status_code, missing.get_json()) == (400, {"error": "missing_header"})

    urls = types.ModuleType("hookseal_readme_urls")
    urls.urlpatterns = [path("webhooks", ns["receive_django"])]  # type: ignore[attr-defined]
    sys.modules[urls.__name__] = urls
    try:
        with override_settings(ROOT_URLCONF=urls.__name__, MIDDLEWARE=MIDDLEWARE):
            client = DjangoClient(enforce_csrf_checks=True)
            signed = fresh(b'{"n": 3}')
            extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in signed.items()}
            response = client.post(
                "/webhooks", data=b'{"n": 3}', content_type="application/json", **extra
            )
            assert response.status_code == 200
            assert response.json() == {"received": signed["webhook-id"]}
    finally:
        sys.modules.pop(urls.__name__, None)
