// The checks every runtime test runs against an imported hookseal-wasm entry: the Standard
// Webhooks spec vector, a tampered body, signing on the runtime's clock (Date.now) and a secret
// from generateSecret (crypto.getRandomValues). Returns a JSON-able summary that the Node test
// asserts on; shared by runtime-check.mjs (Deno, Bun) and browser.html (Chromium).

// https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
export const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

function runtime() {
  if (typeof Deno !== 'undefined') return `deno ${Deno.version.deno}`;
  if (typeof Bun !== 'undefined') return `bun ${Bun.version}`;
  if (typeof navigator !== 'undefined') return navigator.userAgent;
  return 'unknown';
}

/** The error code `action` throws as a WebhookError, or a description of what went wrong. */
function codeOf(WebhookError, action) {
  try {
    action();
  } catch (err) {
    if (err instanceof WebhookError && err.name === 'WebhookError') return err.code;
    return `not a WebhookError: ${err}`;
  }
  return 'did not throw';
}

export function check({ Webhook, WebhookError, generateSecret }) {
  const headers = {
    'webhook-id': SPEC.id,
    'webhook-timestamp': String(SPEC.timestamp),
    'webhook-signature': SPEC.signature,
  };
  const spec = new Webhook(SPEC.secret);
  const verified = spec.verify(SPEC.body, headers, { now: SPEC.timestamp });
  // A Uint8Array body, as Request.arrayBuffer() gives, verifies the same.
  const bytes = spec.verify(new TextEncoder().encode(SPEC.body), new Headers(headers), {
    now: SPEC.timestamp,
  });
  const tampered = codeOf(WebhookError, () =>
    spec.verify(SPEC.body.replace('2432232314', '2432232315'), headers, { now: SPEC.timestamp }),
  );

  // No timestamp and no `now`: both come from the runtime's clock.
  const secret = generateSecret();
  const fresh = new Webhook(secret);
  const signed = fresh.sign('{"type":"ping"}');
  const clock = fresh.verify('{"type":"ping"}', signed);
  const other = generateSecret();

  return {
    runtime: runtime(),
    spec: { id: verified.id, timestamp: verified.timestamp, secretIndex: verified.secretIndex },
    specBytes: bytes.id,
    tampered,
    clock: {
      skewSeconds: Math.abs(clock.timestamp - Math.floor(Date.now() / 1000)),
      signaturePrefix: signed['webhook-signature'].slice(0, 3),
    },
    secret: {
      prefix: secret.slice(0, 6),
      decodedLength: atob(secret.slice(6)).length,
      distinct: secret !== other,
      wrongSecret: codeOf(WebhookError, () => new Webhook(other).verify('{"type":"ping"}', signed)),
    },
  };
}
