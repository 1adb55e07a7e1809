import * as assert from 'node:assert/strict';
import { FrameParser, parseFrames, type Frame, type FrameRejection } from '$shared/inspector/frameParser';

const frame = (seq: number, records: string[], count = records.length, version = 1) =>
  `${[`==SOCKETLENS-BEGIN ${version} ${seq} kty==`, ...records, `==SOCKETLENS-END ${version} ${seq} ${count}==`].join('\n')}\n`;

describe('frame parser', () => {
  it('ignores banners and noise outside markers', () => {
    const r = parseFrames(`Welcome!\nLast login: yesterday\n${frame(0, ['s TIME_WAIT 3'])}bye\n`);
    assert.equal(r.frames.length, 1);
    assert.deepEqual(r.frames[0]!.records, ['s TIME_WAIT 3']);
    assert.deepEqual(r.noise, ['Welcome!', 'Last login: yesterday', 'bye']);
  });

  it('rejects a frame cut in half, an unmatched end, a wrong count or sequence, another version', () => {
    const full = frame(4, ['a', 'b', 'c']);
    const r1 = parseFrames(full.slice(0, full.length / 2));
    assert.deepEqual([r1.frames.length, r1.rejections[0]!.reason], [0, 'truncated']);
    assert.equal(parseFrames('==SOCKETLENS-END 1 0 0==\n').rejections[0]!.reason, 'truncated');
    assert.match(parseFrames(frame(1, ['a'], 2)).rejections[0]!.detail, /has 1 records, end marker says 2/);
    const mismatch = frame(1, ['a']).replace('END 1 1', 'END 1 2');
    assert.equal(parseFrames(mismatch).frames.length, 0);
    assert.equal(parseFrames(frame(1, ['a'], 1, 2)).rejections[0]!.reason, 'version');
  });

  it('handles CRLF, chunk boundaries anywhere and many frames in a row', () => {
    const text = frame(0, ['x 1']) + frame(1, ['x 2', 'y 3']).replace(/\n/g, '\r\n') + frame(2, []);
    for (const size of [1, 3, 7, 64, 10000]) {
      const frames: Frame[] = [];
      const rejects: FrameRejection[] = [];
      const p = new FrameParser({ onFrame: (f) => frames.push(f), onReject: (r) => rejects.push(r) });
      for (let i = 0; i < text.length; i += size) p.push(Buffer.from(text.slice(i, i + size)));
      p.end();
      assert.deepEqual(frames.map((f) => f.seq), [0, 1, 2], `chunk ${size}`);
      assert.deepEqual(frames[1]!.records, ['x 2', 'y 3']);
      assert.equal(rejects.length, 0);
    }
  });

  it('refuses absurd lines and frames instead of growing without bound', () => {
    const rejects: FrameRejection[] = [];
    const p = new FrameParser({ onFrame: () => assert.fail('no frame'), onReject: (r) => rejects.push(r) });
    p.push(`==SOCKETLENS-BEGIN 1 0 k==\n${'x'.repeat(70000)}`);
    assert.equal(rejects[0]!.reason, 'malformed');
  });
});
