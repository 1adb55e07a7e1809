import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { buildCollectorScript, SYSCTL_FILES } from '$shared/inspector/collectorScript';

describe('collector script', () => {
  const base = { once: false, counterIntervalSeconds: 2, socketTableIntervalSeconds: 10, sysctlIntervalSeconds: 60 };

  it('turns the intervals into whole ticks', () => {
    const script = buildCollectorScript(base);
    assert.match(script, /^SL_TICK=2$/m);
    assert.match(script, /^SL_TABLE_EVERY=5$/m);
    assert.match(script, /^SL_SYSCTL_EVERY=30$/m);
    assert.match(buildCollectorScript({ ...base, counterIntervalSeconds: 3, socketTableIntervalSeconds: 10 }), /^SL_TABLE_EVERY=4$/m);
    assert.match(buildCollectorScript({ ...base, socketTableSource: 'proc' }), /^SL_SOURCE=proc$/m);
  });

  it('refuses non-numeric or non-positive intervals (nothing but numbers is interpolated)', () => {
    assert.throws(() => buildCollectorScript({ ...base, counterIntervalSeconds: 0 }), /counterIntervalSeconds/);
    assert.throws(() => buildCollectorScript({ ...base, socketTableIntervalSeconds: Number('1; rm -rf /') }), /socketTableIntervalSeconds/);
    assert.throws(() => buildCollectorScript({ ...base, sysctlIntervalSeconds: Infinity }), /sysctlIntervalSeconds/);
    assert.equal(buildCollectorScript({ ...base, socketTableSource: 'x; id' as never }).includes('x; id'), false);
  });

  it('only reads: no redirection into files, no sysctl -w, no writes under /proc/sys', () => {
    const script = buildCollectorScript(base);
    assert.doesNotMatch(script, /sysctl\s+-w|>\s*\/proc|>\s*\/etc|>\s*\/(?!dev\/null)/);
    for (const f of SYSCTL_FILES) assert.ok(script.includes(`/proc/sys/${f}`), f);
  });

  it('parses with dash -n and bash -n (POSIX syntax)', () => {
    const script = buildCollectorScript(base);
    for (const shell of ['/bin/dash', '/bin/bash']) execFileSync(shell, ['-n'], { input: script });
  });
});
