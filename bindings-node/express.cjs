'use strict';

// `require('hookseal/express')`: verify webhooks in Express with a route middleware. The
// JavaScript sibling of hookseal.flask; the status table and the claim flow live in
// lib/http.cjs. Express itself is not loaded: the middleware uses only Node's request and
// response, so it works with Express 4 and 5 (and Connect-style routers).

const { debuglog } = require('node:util');
const {
  BODY_PARSED,
  BODY_TOO_LARGE,
  Refusal,
  UNSUPPORTED_ENCODING,
  checkGuard,
  claim,
  confirm,
  errorBody,
  release,
  verify,
  warn,
} = require('./lib/http.cjs');

const debug = debuglog('hookseal');

/** Bytes the middleware reads itself when no body parser ran: `express.raw()`'s default. */
const READ_LIMIT = 100 * 1024;

const MOUNT = "mount express.raw({ type: '*/*' }) before webhookMiddleware on this route";

/**
 * Builds an Express middleware that verifies a delivery before the route's handler runs.
 *
 *     app.post('/webhooks', express.raw({ type: '*\/*' }), webhookMiddleware(wh, { guard }),
 *       (req, res) => { ... req.webhook ... });
 *
 * The handler reads the `Verified` delivery from `req.webhook` and the raw body (a Buffer)
 * from `req.body`. See express.d.ts for the full contract: statuses, the body it reads
 * itself when no parser ran, and when a claim is released.
 */
function webhookMiddleware(wh, options) {
  if (wh === null || typeof wh !== 'object' || typeof wh.verify !== 'function') {
    throw new TypeError('webhookMiddleware(wh) needs a hookseal Webhook');
  }
  if (options !== undefined && options !== null && typeof options !== 'object') {
    throw new TypeError('options must be an object');
  }
  const guard = options?.guard ?? null;
  checkGuard(guard);
  let warnedParsed = false;

  async function accept(req, res) {
    let verified;
    try {
      const body = await rawBody(req);
      verified = verify(wh, body, headersOf(req));
      if (guard !== null) await claim(guard, verified);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      debug('webhook refused: %s', err.code);
      if (err.code === BODY_PARSED && !warnedParsed) {
        // The sender sees the 500, the developer may not: say it once in the process log.
        warnedParsed = true;
        warn(err.detail, 'HOOKSEAL_BODY_PARSED');
      }
      answer(res, err);
      return undefined;
    }
    req.webhook = verified;
    if (guard !== null) settleClaim(guard, verified, res);
    return verified;
  }

  return function hooksealWebhook(req, res, next) {
    accept(req, res).then((verified) => {
      if (verified !== undefined) next();
    }, next);
  };
}

/**
 * The raw body: `req.body` when a raw parser left bytes there; else, when nothing has read
 * the request stream yet, the stream read here (and stored in `req.body`); else a refusal
 * with `body_parsed`.
 */
async function rawBody(req) {
  const { body } = req;
  if (body instanceof Uint8Array) return body; // Buffer from express.raw(), or any bytes
  if (!streamUnread(req)) {
    const what =
      body === undefined
        ? 'req.body is undefined and the request stream was already read'
        : `req.body is ${typeof body === 'string' ? 'a string' : 'an object'}, not a Buffer`;
    throw new Refusal(
      BODY_PARSED,
      `the request body was parsed before hookseal could verify it (${what}), so the raw ` +
        `bytes the signature covers are gone; this is not a signature mismatch: ${MOUNT}, ` +
        'and do not let express.json(), express.text() or express.urlencoded() run before it ' +
        '(an app.use() parser runs for every route)',
    );
  }
  const bytes = await readStream(req);
  req.body = bytes;
  return bytes;
}

/**
 * Whether no one has consumed the request stream: no parser ran, or one skipped it (an
 * `express.raw()` without `type: '*\/*'` skips `application/json`; Express 4's parsers leave
 * `req.body = {}` when they skip).
 */
function streamUnread(req) {
  return (
    req !== null &&
    typeof req === 'object' &&
    typeof req.on === 'function' &&
    req.readableDidRead === false &&
    !req.readableEnded &&
    !req.destroyed
  );
}

/**
 * Reads the whole request stream, at most READ_LIMIT bytes, as `express.raw()` would with its
 * defaults. A compressed body is refused (`express.raw()` inflates it; mount it for that).
 */
function readStream(req) {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'identity') {
    return drain(req).then(() => {
      throw new Refusal(
        UNSUPPORTED_ENCODING,
        `the body is compressed (content-encoding: ${encoding}) and hookseal reads only ` +
          `uncompressed bodies itself; ${MOUNT}, which decompresses it`,
      );
    });
  }
  const tooLarge = () =>
    new Refusal(
      BODY_TOO_LARGE,
      `the body is larger than ${READ_LIMIT} bytes, the limit when hookseal reads it itself ` +
        `(express.raw()'s default); ${MOUNT} with a larger limit, e.g. ` +
        "express.raw({ type: '*/*', limit: '5mb' })",
    );
  const declared = Number(req.headers['content-length']);
  if (declared > READ_LIMIT) {
    return drain(req).then(() => {
      throw tooLarge();
    });
  }
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    function onData(chunk) {
      size += chunk.length;
      if (size > READ_LIMIT) {
        cleanup();
        // Read off the rest before answering, as body-parser does, so that the sender can
        // finish its upload and read the 413.
        drain(req).then(() => reject(tooLarge()));
        return;
      }
      chunks.push(chunk);
    }
    function onEnd() {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    }
    function onError(err) {
      cleanup();
      reject(err);
    }
    function onClose() {
      cleanup();
      reject(new Error('the request was aborted before its body was read'));
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** Resolves once the rest of the request stream has been read off (or has failed). */
function drain(req) {
  return new Promise((resolve) => {
    if (req.readableEnded || req.destroyed) {
      resolve();
      return;
    }
    req.once('end', resolve);
    req.once('close', resolve);
    req.once('error', resolve);
    req.resume();
  });
}

/**
 * Node's headers with every value as an array (Node 18.3+), so that a header sent twice
 * reaches the core as two values (`malformed_header`, API.md) rather than joined by ", ".
 */
function headersOf(req) {
  return req.headersDistinct ?? req.headers;
}

/** Answers a refusal with its status and JSON body; the handler never runs. */
function answer(res, refusal) {
  if (res.headersSent) return;
  const payload = JSON.stringify(errorBody(refusal.code, refusal.detail));
  res.statusCode = refusal.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.end(payload);
}

/**
 * Releases the claim if the handler fails, and confirms it (when the guard can) if it
 * succeeds. Express gives a middleware no sight of what the handler throws: a throw, a
 * rejected promise or `next(err)` goes to the error handlers, which answer (Express's own
 * with 500). So failure is read from the response: it ends with a status of 500 or more, or
 * the connection closes before it ends (the sender gave up, or the handler failed after it
 * began to answer and Express destroyed the socket). Either way the sender retries, and its
 * retry must be accepted rather than answered as replayed. A response that finished with a
 * status below 500 is a success: its retry must be answered as replayed, not as pending.
 */
function settleClaim(guard, verified, res) {
  let settled = false;
  const settle = (failed) => {
    if (settled) return;
    settled = true;
    // Neither rejects; each reports its own failure.
    if (failed) release(guard, verified);
    else confirm(guard, verified);
  };
  res.once('finish', () => settle(res.statusCode >= 500));
  res.once('close', () => settle(!res.writableFinished));
}

module.exports = { webhookMiddleware };
