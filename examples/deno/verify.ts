// A webhook endpoint for Deno and Bun: the default export is a fetch handler, which
// `deno serve` runs on Deno.serve and `bun` on Bun.serve. Each POST is verified with
// hookseal-wasm: 200 and the delivery's id when genuine, 400/401 and the error code when not.
// From this directory:
//
//   WEBHOOK_SECRET=whsec_... deno serve --allow-read --allow-env --host 127.0.0.1 verify.ts
//   WEBHOOK_SECRET=whsec_... bun verify.ts
//
// In your project: `import { Webhook, WebhookError } from 'npm:hookseal-wasm'` (Deno) or
// `from 'hookseal-wasm'` (Bun); this example imports the build in this repository.

// @ts-types="../../bindings-wasm/index.d.ts"
import { Webhook, WebhookError } from '../../bindings-wasm/dist/web.mjs';

const secret = process.env.WEBHOOK_SECRET;
if (!secret) throw new Error("set WEBHOOK_SECRET to the endpoint's whsec_ secret");
const webhook = new Webhook(secret);

export default {
  async fetch(request: Request): Promise<Response> {
    if (request.method !== 'POST') return new Response('POST a webhook here\n', { status: 405 });
    try {
      // Reads the raw body (what was signed) and checks signature, timestamp and headers.
      const { verified, body } = await webhook.verifyRequest(request);
      const event = JSON.parse(new TextDecoder().decode(body));
      console.log(`verified ${verified.id}:`, event);
      return Response.json({ ok: true, id: verified.id });
    } catch (err) {
      if (!(err instanceof WebhookError)) throw err;
      const status = err.code === 'missing_header' || err.code === 'malformed_header' ? 400 : 401;
      return Response.json({ error: err.code }, { status });
    }
  },
};
