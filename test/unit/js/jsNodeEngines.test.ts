import * as assert from 'node:assert';
import { admitsNodeBelow } from '../../../server/src/engine/js/jsNodeEngines';

describe('engines.node ranges', () => {
  const cases: [string, boolean | undefined][] = [
    ['>=14', true],
    ['>= 14.17.0', true],
    ['^16 || ^18 || >=20', true],
    ['18.x', true],
    ['>=18.0.0 <21', true],
    ['<22', true],
    ['14 - 20', true],
    ['*', true],
    ['>=20', false],
    ['^20.0.0', false],
    ['>=20 <23', false],
    ['>=19', false],
    ['lts', undefined],
  ];
  for (const [range, expected] of cases) {
    it(`"${range}" ${expected === undefined ? 'cannot be read' : expected ? 'admits' : 'does not admit'} Node < 19`, () => {
      assert.strictEqual(admitsNodeBelow(range, 19), expected);
    });
  }
});
