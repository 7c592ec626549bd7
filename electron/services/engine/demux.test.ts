import { describe, expect, it } from 'vitest';
import { Demuxer, type DemuxStream } from './demux';

function frame(type: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h[0] = type;
  h.writeUInt32BE(payload.length, 4);
  return Buffer.concat([h, payload]);
}

describe('Demuxer', () => {
  it('separates stdout and stderr byte-exact however the chunks are cut', () => {
    const out = Buffer.from([0xe2, 0x82, 0xac, 0x0a, 0xff, 0x00]);
    const err = Buffer.from('oops\n');
    const wire = Buffer.concat([frame(1, out), frame(2, err), frame(1, Buffer.from('end'))]);
    for (const step of [1, 3, 7, 8, 9, wire.length]) {
      const got: Record<DemuxStream, Buffer[]> = { stdout: [], stderr: [] };
      const d = new Demuxer((s, b) => got[s].push(Buffer.from(b)));
      for (let i = 0; i < wire.length; i += step) d.push(wire.subarray(i, i + step));
      expect(Buffer.concat(got.stdout)).toEqual(Buffer.concat([out, Buffer.from('end')]));
      expect(Buffer.concat(got.stderr)).toEqual(err);
    }
  });
});
