// The JavaScript snippets of the repository's README run as written.
//
// They are joined into one module (imports first, then the blocks in order), run with `body`,
// `headers` (a delivery signed now with the README's secret) and `redisClient` (connected to
// a real redis-server) defined; then the Request handler and the Express app they define
// answer real requests.

import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import test from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { createClient } from 'redis';

import { Webhook } from '../index.mjs';
import { startRedis } from './redis-server.mjs';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function readmeModule() {
  // The Node section's examples; the edge section's Worker is the example Worker's test.
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf('\n## Node\n');
  const section = text.slice(start, text.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length >= 4, 'the README lost its JavaScript examples');
  // The generated module lives inside the package, so `hookseal/...` resolves to this
  // package itself (Node's self-reference through `exports`), exactly as users import it.
  const imports = new Set();
  const bodies = blocks.map((block) =>
    block
      .split('\n')
      .filter((line) => !(line.startsWith('import ') && imports.add(line)))
      .join('\n'),
  );
  return [
    ...imports,
    'const { body, headers, redisClient } = globalThis.__readme;',
    ...bodies,
    'export { app, wh, guard, github, inHouse };',
  ].join('\n');
}

test('README snippets run and their handlers answer', async () => {
  const redis = await startRedis();
  const redisClient = createClient({ url: redis.url, disableOfflineQueue: true });
  redisClient.on('error', () => {});
  await redisClient.connect();
  const file = fileURLToPath(new URL('./.readme-snippets.mjs', import.meta.url));
  let server;
  try {
    const body = Buffer.from('{"type": "invoice.paid"}');
    globalThis.__readme = { body, headers: new Webhook(SECRET).sign(body), redisClient };
    writeFileSync(file, readmeModule());
    const mod = await import(pathToFileURL(file).href);
    assert.equal(mod.github.scheme.name, 'github');
    assert.equal(mod.inHouse.scheme.signatureHeader, 'X-Webhook-Signature');

    const fresh = (data) => new Webhook(SECRET).sign(data);
    const signed = fresh('{"n":1}');
    const ok = await mod.POST(
      new Request('http://x/', { method: 'POST', headers: signed, body: '{"n":1}' }),
    );
    assert.deepEqual(await ok.json(), { received: signed['webhook-id'], bytes: 7 });
    await assert.rejects(
      mod.POST(new Request('http://x/', { method: 'POST', headers: signed, body: '{}' })),
      (err) => err.code === 'signature_mismatch',
    );

    server = mod.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${server.address().port}/webhooks`;
    const delivery = fresh('{"n":2}');
    const post = (data, hdrs) => fetch(url, { method: 'POST', body: data, headers: hdrs });
    const first = await post('{"n":2}', delivery);
    assert.deepEqual(
      [first.status, await first.json()],
      [200, { received: delivery['webhook-id'] }],
    );
    const again = await post('{"n":2}', delivery);
    assert.deepEqual([again.status, await again.json()], [200, { error: 'replayed' }]);
    const bad = await post('{}', fresh('{"n":3}'));
    assert.deepEqual([bad.status, await bad.json()], [401, { error: 'signature_mismatch' }]);
  } finally {
    if (server) await new Promise((resolve) => server.close(resolve));
    delete globalThis.__readme;
    rmSync(file, { force: true });
    await redisClient.quit();
    await redis.stop();
  }
});
