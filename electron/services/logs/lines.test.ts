import { describe, expect, it } from 'vitest';
import { LogDemuxer } from './demux';
import { LineAssembler, fastLineTimestamp, parseEngineTimestamp, sinceParam, stripInnerTimestamps } from './lines';

function frame(type: number, text: string | Buffer): Buffer {
  const payload = typeof text === 'string' ? Buffer.from(text) : text;
  const h = Buffer.alloc(8);
  h[0] = type;
  h.writeUInt32BE(payload.length, 4);
  return Buffer.concat([h, payload]);
}

describe('LogDemuxer', () => {
  it('splits frames that straddle chunk boundaries anywhere', () => {
    const all = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err\n'), frame(1, 'é two\n')]);
    for (let cut = 1; cut < all.length; cut++) {
      const d = new LogDemuxer();
      const got: string[] = [];
      const on = (s: string, p: Buffer) => got.push(`${s}:${p.toString()}`);
      d.push(all.subarray(0, cut), on);
      d.push(all.subarray(cut), on);
      expect(got).toEqual(['stdout:out one\n', 'stderr:err\n', 'stdout:é two\n']);
      expect(d.buffered).toBe(0);
    }
  });
});

describe('LineAssembler', () => {
  const TS = '2024-05-01T10:00:00.123456789Z ';
  const TS2 = '2024-05-01T10:00:00.123456790Z ';

  it('joins partial frames of a long line and drops the continuation timestamps', () => {
    const a = new LineAssembler(1 << 20, { tty: false, timestamps: true });
    const lines: string[] = [];
    a.push(Buffer.from(TS + 'x'.repeat(10)), (l) => lines.push(l.toString()), true);
    a.push(Buffer.from(TS2 + 'y'.repeat(10)), (l) => lines.push(l.toString()), true);
    a.push(Buffer.from(TS2 + 'z\n'), (l) => lines.push(l.toString()), true);
    a.push(Buffer.from(TS2 + 'next\n'), (l) => lines.push(l.toString()), true);
    expect(lines).toEqual([`${TS}${'x'.repeat(10)}${'y'.repeat(10)}z\n`, `${TS2}next\n`]);
  });

  it('splits a chunk holding many lines and keeps the unfinished one for later', () => {
    const a = new LineAssembler(1 << 20, { tty: true, timestamps: false });
    const lines: string[] = [];
    a.push(Buffer.from('a\nb\nc'), (l) => lines.push(l.toString()));
    expect(lines).toEqual(['a\n', 'b\n']);
    a.push(Buffer.from('d\n'), (l) => lines.push(l.toString()));
    a.push(Buffer.from('tail'), (l) => lines.push(l.toString()));
    a.flush((l) => lines.push(l.toString()));
    expect(lines).toEqual(['a\n', 'b\n', 'cd\n', 'tail\n']);
  });

  it('cuts a line longer than the limit into pieces so memory stays bounded', () => {
    const a = new LineAssembler(100, { tty: true, timestamps: false });
    const lines: Buffer[] = [];
    for (let i = 0; i < 50; i++) a.push(Buffer.alloc(30, 0x61), (l) => lines.push(l));
    expect(a.buffered).toBeLessThan(100);
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(131);
  });

  it('removes timestamps inside one long TTY line, keeps the leading one', () => {
    const body = 'x'.repeat(20_000);
    const line = Buffer.from(`${TS}${body.slice(0, 16384)}${TS2}${body.slice(16384)}\n`);
    expect(stripInnerTimestamps(line).toString()).toBe(`${TS}${body}\n`);
  });
});

describe('timestamps', () => {
  it('parses the engine format with trimmed nanoseconds', () => {
    expect(parseEngineTimestamp('2024-05-01T10:00:00.1234Z')).toEqual([Date.parse('2024-05-01T10:00:00Z') / 1000, 123_400_000]);
    expect(parseEngineTimestamp('nope')).toBeNull();
  });
  it('reads the timestamp of a line from its bytes the same way', () => {
    for (const ts of ['2024-05-01T10:00:00.1234Z', '2024-05-01T10:00:00Z', '2024-12-31T23:59:59.999999999Z']) {
      expect(fastLineTimestamp(Buffer.from(`${ts} text\n`))).toEqual(parseEngineTimestamp(ts));
    }
    expect(fastLineTimestamp(Buffer.from('plain line without a stamp\n'))).toBeNull();
  });
  it('formats since as seconds.nanoseconds', () => {
    expect(sinceParam(1_700_000_000_123)).toBe('1700000000.123000000');
  });
});
