"""Run by `make test` in a fresh venv holding only the wheel: it imports and works alone.

Not collected by pytest (no `test_` prefix): the test venv has every optional dependency.
"""

from __future__ import annotations

import sys

import hookseal
from hookseal.redis import RedisReplayGuard

wh = hookseal.Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
headers = {
    "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "webhook-timestamp": "1614265330",
    "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
}
verified = wh.verify(b'{"test": 2432232314}', headers, now=1614265330)
assert verified.id == "msg_p5jXN8AQM9LWM0D4loKWxJek", verified
try:
    RedisReplayGuard(object())
except ImportError as err:
    assert 'pip install "hookseal[redis]"' in str(err), err
else:
    sys.exit("RedisReplayGuard built without the redis package")
python = sys.version.split()[0]
print(f"hookseal {hookseal.__version__} wheel works alone in a clean venv (Python {python})")
