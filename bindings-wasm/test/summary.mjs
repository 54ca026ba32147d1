// What every runtime's summary from checks.mjs must say (Node side of the runtime tests).
import assert from 'node:assert/strict';

import { SPEC } from './checks.mjs';

export function assertSummary(summary) {
  assert.deepEqual(summary.spec, { id: SPEC.id, timestamp: SPEC.timestamp, secretIndex: 0 });
  assert.equal(summary.specBytes, SPEC.id);
  assert.equal(summary.tampered, 'signature_mismatch');
  assert.ok(summary.clock.skewSeconds <= 5, `clock skew ${summary.clock.skewSeconds} s`);
  assert.equal(summary.clock.signaturePrefix, 'v1,');
  assert.deepEqual(summary.secret, {
    prefix: 'whsec_',
    decodedLength: 32,
    distinct: true,
    wrongSecret: 'signature_mismatch',
  });
}
