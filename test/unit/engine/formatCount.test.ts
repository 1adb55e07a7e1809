import * as assert from 'node:assert/strict';
import { formatCount } from '../../../server/src/engine/leakFacts';

describe('formatCount', () => {
  it('groups the digits of whole numbers as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 28232, 470, 123456, 1234567, 10000000, -1234, -999]) {
      assert.equal(formatCount(n), n.toLocaleString('en-US'), String(n));
    }
  });
});
