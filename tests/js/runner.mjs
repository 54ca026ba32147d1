// The conformance vectors of tests/vectors/*.json as one function per case, for any build
// of hookseal in any runtime: no Node APIs, no test framework. tests/js/vectors.mjs runs it
// under node:test (the addon, the wasm build in Node); bindings-wasm runs it inside workerd.
// A failing case throws; `codes` collects the error codes the cases actually raised.

export function createRunner({ Webhook, ReplayGuard, WebhookError }) {
  const codes = new Set();

  const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
  const hex = (text) => Uint8Array.from(text.match(/../g) ?? [], (byte) => parseInt(byte, 16));
  const base64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

  /** JSON with sorted keys, to compare values whatever their key order. */
  const canonical = (value) =>
    JSON.stringify(value, (_, v) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
        : v,
    );

  function scheme(value) {
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k === 'base' ? k : camel(k), v]),
    );
  }

  function secret(value) {
    const one = (item) => (typeof item === 'string' ? item : hex(item.raw_hex));
    return Array.isArray(value) ? value.map(one) : one(value);
  }

  function webhook(c) {
    return new Webhook(secret(c.secret), {
      scheme: scheme(c.scheme),
      toleranceSeconds: c.tolerance_seconds,
    });
  }

  function payload(obj) {
    let bytes = new Uint8Array(0);
    if ('payload' in obj) bytes = new TextEncoder().encode(obj.payload);
    else if ('payload_base64' in obj) bytes = base64(obj.payload_base64);
    const times = obj.payload_repeat ?? 1;
    const out = new Uint8Array(bytes.length * times);
    for (let i = 0; i < times; i++) out.set(bytes, i * bytes.length);
    return out;
  }

  const headers = (value) => (Array.isArray(value) ? value.map(([n, v]) => [n, v]) : { ...value });

  /** Runs `action`; checks the error code, or returns its result for success cases. */
  function expecting(expect, action) {
    if (!('error' in expect)) return action();
    try {
      action();
    } catch (err) {
      if (!(err instanceof WebhookError) || !(err instanceof Error)) throw err;
      if (err.name !== 'WebhookError' || err.code !== expect.error) {
        throw new Error(`expected ${expect.error}, got ${err.name} ${err.code}`);
      }
      if (err.message.length === 0 || err.message.includes('\n')) {
        throw new Error(`not a one-line message: ${JSON.stringify(err.message)}`);
      }
      codes.add(err.code);
      return undefined;
    }
    throw new Error(`expected ${expect.error}, got success`);
  }

  function same(actual, expected, what) {
    if (canonical(actual) !== canonical(expected)) {
      throw new Error(`${what}: ${canonical(actual)} != ${canonical(expected)}`);
    }
  }

  const runners = {
    verify(c) {
      const wh = webhook(c);
      const v = expecting(c.expect, () =>
        wh.verify(payload(c), headers(c.headers), { now: c.now }),
      );
      if (v !== undefined) {
        const got = {
          id: v.id,
          timestamp: v.timestamp,
          secret_index: v.secretIndex,
          scheme: v.scheme,
        };
        same(got, c.expect, 'verified');
      }
    },
    build(c) {
      expecting(c.expect, () => webhook(c));
    },
    sign(c) {
      const wh = webhook(c);
      const args = c.args ?? {};
      const body = payload(c);
      const signed = expecting(c.expect, () =>
        wh.sign(body, { id: args.id, timestamp: args.timestamp ?? c.now }),
      );
      if (signed !== undefined) {
        same(signed, c.expect.headers, 'headers');
        wh.verify(body, signed, { now: c.now });
      }
    },
    guard(c) {
      const wh = webhook(c);
      const guard = new ReplayGuard({
        capacity: c.guard.capacity,
        ttlSeconds: c.guard.ttl_seconds,
      });
      for (const step of c.steps) {
        const body = 'payload' in step || 'payload_base64' in step ? payload(step) : payload(c);
        const verified = wh.verify(body, headers(step.headers), { now: step.now });
        if (step.action === 'claim') {
          expecting(step.expect, () => guard.claim(verified, { now: step.now }));
        } else {
          guard.release(verified);
        }
      }
    },
  };

  return {
    codes,
    /** Runs one case; throws an Error describing the first difference. */
    run(c) {
      runners[c.op](c);
    },
  };
}
