// hookseal-wasm in headless Chromium: dist/web.mjs imported by a page, the wasm file fetched and
// compiled by the browser. bindings-wasm is served by a static server on 127.0.0.1; the page
// (browser.html) runs checks.mjs and leaves its summary in window.__result.
//
// Needs Debian's Chromium (`apt-get install -y chromium`) at /usr/bin/chromium, or the path in
// $CHROMIUM. Run: node --test test/browser.test.mjs

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { assertSummary } from './summary.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** A static file server for bindings-wasm on 127.0.0.1 and a free port. */
async function serve() {
  const server = createServer(async (req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    const type = TYPES[extname(path)];
    if (!path.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(path);
      res.writeHead(200, {
        'Content-Type': type ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}

test('chromium: dist/web.mjs imported by a page', { timeout: 90_000 }, async (t) => {
  assert.ok(
    existsSync(executablePath),
    `no Chromium at ${executablePath}: apt-get update && apt-get install -y chromium`,
  );
  const userDataDir = await mkdtemp(join(tmpdir(), 'hookseal-chromium-'));
  const server = await serve();
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: FLAGS,
      env: { ...process.env, HOME: userDataDir },
      timeout: 60_000,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    // Everything the page says: a wrong MIME type would show as a warning from the glue.
    const messages = [];
    page.on('console', (msg) => messages.push(`console.${msg.type()}: ${msg.text()}`));
    page.on('pageerror', (err) => messages.push(`pageerror: ${err.stack ?? err}`));
    page.on('requestfailed', (req) => messages.push(`requestfailed: ${req.url()}`));
    page.on('response', (res) => {
      if (res.status() !== 200) messages.push(`HTTP ${res.status()}: ${res.url()}`);
    });

    const { port } = server.address();
    await page.goto(`http://127.0.0.1:${port}/test/browser.html`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
    const result = await page.evaluate(() => window.__result);
    t.diagnostic(`chromium: ${context.browser()?.version() ?? 'unknown version'}`);
    assert.equal(result.error, undefined, `${result.error}\n${messages.join('\n')}`);
    assert.deepEqual(messages, []);
    assert.match(result.runtime, /Chrome\//);
    assertSummary(result);
  } finally {
    await context?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(userDataDir, { recursive: true, force: true });
  }
});
