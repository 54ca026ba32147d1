// Compiled (not run) by `make lint`: the public typings accept what the docs show and refuse
// what the API refuses. Each `@ts-expect-error` must fail to type-check, or tsc reports it.
import hookseal, {
  type HooksealModule,
  ReplayGuard,
  Scheme,
  type Verified,
  Webhook,
  WebhookError,
  generateSecret,
} from 'hookseal';
import * as native from '../native/index.cjs';

const wh = new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', { toleranceSeconds: 300 });
const body = new TextEncoder().encode('{}');
const signed: Record<string, string> = wh.sign(body, { id: 'msg_1', timestamp: 1 });
const verified: Verified = wh.verify(body, signed, { now: 1 });
const id: string | null = verified.id;
const ts: number | null = verified.timestamp;
const index: number = verified.secretIndex;
wh.verify('text', { 'webhook-id': ['a'], other: undefined });
wh.verify(body.buffer, new Headers(signed));
wh.verify(Buffer.from('{}'), [['webhook-id', 'msg_1']]);
wh.verify(body, new Map([['webhook-id', 'msg_1']]));
wh.verify(body, new Set([['webhook-id', ['msg_1']] as const]));
new Webhook(['a', new Uint8Array(4)], { scheme: 'github' });
new Webhook('s', { scheme: { base: 'standard', secretEncoding: 'utf8' } });
new Webhook('s', { scheme: Scheme.custom({ signatureHeader: 'X-Sig', prefix: 'sha256=' }) });
const guard = new ReplayGuard({ capacity: 10, ttlSeconds: 60 });
guard.claim(verified, { now: 1 });
guard.release(verified);
async function receive(request: Request): Promise<Uint8Array> {
  const { verified: v, body: raw } = await wh.verifyRequest(request);
  return v.secretIndex === 0 ? raw : new Uint8Array();
}
try {
  wh.verify(body, {});
} catch (err) {
  if (err instanceof WebhookError) {
    const code: 'missing_header' | WebhookError['code'] = err.code;
    void code;
  }
}
const secret: string = generateSecret();
const asModule: HooksealModule = hookseal;
const scheme: Scheme = wh.scheme;
void [id, ts, index, receive, secret, asModule, scheme];

// @ts-expect-error: options are an object, not a scheme name
new Webhook('s', 'github');
// @ts-expect-error: unknown built-in scheme
new Webhook('s', { scheme: 'gitlab' });
// @ts-expect-error: scheme fields are camelCase
Scheme.custom({ signature_header: 'X-Sig' });
// @ts-expect-error: encoding is hex or base64
Scheme.custom({ signatureHeader: 'X', encoding: 'base32' });
// @ts-expect-error: a header value is a string or an array of strings, not deeper
wh.verify(body, { 'webhook-id': [['msg_1']] });
// @ts-expect-error: now is a number
wh.verify(body, signed, { now: '1' });
// @ts-expect-error: Verified objects come from verify
guard.claim({ id: 'x', timestamp: 1, secretIndex: 0, scheme: 'standard' });

// The native addon keeps the shape the JavaScript layer relies on.
const nativeScheme: native.NativeScheme = native.NativeScheme.fromName('standard');
const nativeHook = new native.NativeWebhook(nativeScheme, [
  'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
]);
const names: string[] = nativeHook.headerNames;
void names;

// hookseal/redis on a node-redis client.
import { GuardUnavailableError, RedisReplayGuard } from 'hookseal/redis';
import { createClient } from 'redis';

const shared = new RedisReplayGuard(createClient(), { prefix: 'app:', ttlSeconds: 60 });
async function claimShared(v: Verified): Promise<void> {
  try {
    await shared.claim(v, { now: 1 });
  } catch (err) {
    if (err instanceof GuardUnavailableError) throw err;
  }
  const confirmed: Promise<void> = shared.confirm(v);
  await confirmed;
  await shared.release(v);
}
void claimShared;

// hookseal/express with Express 5's own typings.
import express from 'express';
import { webhookMiddleware } from 'hookseal/express';

const app = express();
app.post(
  '/webhooks',
  express.raw({ type: '*/*' }),
  webhookMiddleware(wh, { guard }),
  (req, res) => {
    const delivered: Verified | undefined = req.webhook;
    res.json({ received: delivered?.id ?? null });
  },
);
app.post('/shared', webhookMiddleware(wh, { guard: shared }));
// @ts-expect-error: the guard must have claim and release
webhookMiddleware(wh, { guard: {} });
// confirm is optional, and may be synchronous or return a promise.
webhookMiddleware(wh, {
  guard: { claim() {}, release() {}, confirm: async (v: Verified) => void v.id },
});
