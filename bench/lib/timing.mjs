// What the JavaScript benchmarks share: the delivery, the timer, the statistics. Runtime
// neutral (only `performance.now()`), so that the same module runs in Node and inside workerd.
//
// Each variant is a function `fn` (sync, or async when `async: true`) that verifies one
// delivery, or a `run(n)` that makes n calls elsewhere and resolves to the milliseconds they
// took (workerd's clock is too coarse to time inside the worker, so the host times it). Variants are calibrated to about `budgetMs` per repetition, then run in interleaved rounds,
// so that a burst of load elsewhere on the machine hits every variant alike. Times are µs per
// call; every repetition is kept so the report can show the median and the min-max.

export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
export const SIZES = [
  ['256 B', 256],
  ['1 KiB', 1024],
  ['16 KiB', 16 * 1024],
  ['1 MiB', 1024 * 1024],
];
export const REPEATS = 5;

/** A JSON event of exactly `size` bytes, the same bytes as bench/benchlib.py builds. */
export function jsonBody(size) {
  const head = '{"id":"evt_bench","object":"event","type":"invoice.paid","items":[';
  const tail = (pad) => `],"pad":"${pad}"}`;
  const items = [];
  let used = head.length + tail('').length;
  for (let n = 0; ; n++) {
    const sku = String(n).padStart(6, '0');
    const item = `{"n":${n},"sku":"sku-${sku}","qty":${(n % 7) + 1},"paid":true}`;
    const extra = item.length + (items.length ? 1 : 0);
    if (used + extra > size) break;
    items.push(item);
    used += extra;
  }
  const text = head + items.join(',') + tail('x'.repeat(size - used));
  if (text.length !== size) throw new Error(`jsonBody(${size}) is ${text.length} bytes`);
  return text;
}

/**
 * The Web Crypto variant: `subtle.verify` of HMAC-SHA256 over `prefix` + `body` (joined per
 * call, as a receiver must), with the key imported once; awaited per call.
 */
export async function webCryptoVariant(key, prefix, body, tag) {
  const hmacKey = await crypto.subtle.importKey(
    'raw',
    key,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  return {
    async: true,
    fn: async () => {
      const signed = new Uint8Array(prefix.length + body.length);
      signed.set(prefix);
      signed.set(body, prefix.length);
      if (!(await crypto.subtle.verify('HMAC', hmacKey, tag, signed))) {
        throw new Error('Web Crypto refused a valid delivery');
      }
    },
  };
}

/** Median and min-max of repetitions (any unit), keeping the repetitions. */
export function stats(runs) {
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: [...runs] };
}

async function batch(variant, n) {
  const { fn } = variant;
  if (variant.run) return variant.run(n);
  const start = performance.now();
  if (variant.async) {
    for (let i = 0; i < n; i++) await fn();
  } else {
    for (let i = 0; i < n; i++) fn();
  }
  return performance.now() - start;
}

async function calibrate(variant, budgetMs) {
  await batch(variant, 1); // warm up, and fail early if the variant is broken
  const fit = (n, elapsed) => Math.max(1, Math.round((n * budgetMs) / Math.max(elapsed, 1e-6)));
  for (let n = 1; ; n *= 4) {
    const elapsed = await batch(variant, n);
    if (elapsed >= budgetMs / 4 || n >= 1 << 24) {
      // Once more at the fitted count: a pause of the machine during the first measurement
      // would otherwise leave too few calls per repetition for the rest of the run.
      const fitted = fit(n, elapsed);
      return Math.max(fitted, fit(fitted, await batch(variant, fitted)));
    }
  }
}

/**
 * µs per call of each variant of `variants` (`{ name: { fn, async? } }`): calibrated, then
 * REPEATS interleaved rounds. Resolves to `{ name: stats }`.
 */
export async function interleaved(variants, budgetMs = 100) {
  const names = Object.keys(variants);
  const counts = {};
  for (const name of names) counts[name] = await calibrate(variants[name], budgetMs);
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  for (let r = 0; r < REPEATS; r++) {
    for (const name of names) {
      const elapsed = await batch(variants[name], counts[name]);
      runs[name].push((elapsed * 1000) / counts[name]);
    }
  }
  return Object.fromEntries(names.map((name) => [name, stats(runs[name])]));
}

/** A time in µs, printed with the unit that keeps it readable. */
export function fmtMicros(us) {
  if (us >= 1000) return `${(us / 1000).toFixed(2)} ms`;
  if (us >= 1) return `${us.toFixed(2)} µs`;
  return `${Math.round(us * 1000)} ns`;
}

/** One line per size: every variant's median. */
export function summaryLine(prefix, label, results) {
  const parts = Object.entries(results).map(([name, s]) => `${name} ${fmtMicros(s.median)}`);
  return `${prefix} ${label}: ${parts.join(', ')}`;
}
