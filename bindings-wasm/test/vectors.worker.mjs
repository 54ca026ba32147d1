// The conformance vectors inside workerd, through the edge entry of hookseal-wasm: the worker
// side of test/workerd.test.mjs. It runs tests/js/runner.mjs (handed over as runner.mjs) on
// the cases (handed over as the Text module vectors.json) and answers with what ran (per op),
// the error codes raised, and each failure.

import * as hookseal from 'hookseal-wasm';
import { createRunner } from './runner.mjs';
import vectors from './vectors.json';

export default {
  async fetch() {
    const runner = createRunner(hookseal);
    const ops = {};
    const failures = [];
    for (const c of JSON.parse(vectors)) {
      ops[c.op] = (ops[c.op] ?? 0) + 1;
      try {
        runner.run(c);
      } catch (err) {
        failures.push({ id: c.id, error: String(err) });
      }
    }
    return Response.json({ ops, codes: [...runner.codes].sort(), failures });
  },
};
