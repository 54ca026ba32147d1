// A Cloudflare Worker that receives webhooks with hookseal-wasm.
//
// Each POST is verified (signature and timestamp window), claimed with a replay guard, and
// answered like hookseal's framework helpers: 200 {"received": id} when accepted, 400/401
// {"error": code} when refused, 200 {"error": "replayed"} for a delivery already processed,
// and 503 {"error": "guard_full"} so that the sender retries later. Bundlers (wrangler,
// esbuild) resolve 'hookseal-wasm' through its "workerd" export condition to the entry that
// imports the compiled wasm module, as workers require. See README.md.

import { ReplayGuard, Webhook, WebhookError } from 'hookseal-wasm';

const STATUS = {
  missing_header: 400,
  malformed_header: 400,
  signature_mismatch: 401,
  timestamp_too_old: 401,
  timestamp_too_new: 401,
  replayed: 200,
  guard_full: 503,
};

// Built once per isolate and reused for every request. The guard lives in this isolate's
// memory only: Cloudflare runs many isolates, so for a strict once-only guarantee claim the
// delivery id in a Durable Object instead (see README.md).
let webhook;
const guard = new ReplayGuard();

export default {
  async fetch(request, env) {
    if (request.method !== 'POST') {
      return new Response(null, { status: 405, headers: { Allow: 'POST' } });
    }
    webhook ??= new Webhook(env.WEBHOOK_SECRET);
    let verified, body;
    try {
      ({ verified, body } = await webhook.verifyRequest(request));
      guard.claim(verified);
    } catch (err) {
      if (!(err instanceof WebhookError)) throw err;
      return Response.json({ error: err.code }, { status: STATUS[err.code] });
    }
    try {
      await handle(JSON.parse(new TextDecoder().decode(body)), env);
    } catch (err) {
      guard.release(verified); // so that the sender's retry is processed
      throw err;
    }
    return Response.json({ received: verified.id });
  },
};

/** Your code: runs once per genuine delivery (store it, enqueue it, ...). */
async function handle(event, env) {}
