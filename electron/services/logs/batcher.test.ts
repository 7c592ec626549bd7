import { afterEach, describe, expect, it, vi } from 'vitest';
import { BATCH_BYTES, BATCH_MS, LineBatcher } from './batcher';

afterEach(() => vi.useRealTimers());

describe('LineBatcher', () => {
  it('keeps order across streams: a line of another stream or source flushes the run', () => {
    const sent: string[] = [];
    const b = new LineBatcher((source, stream, count, bytes) => sent.push(`${source}/${stream}/${count}:${bytes.toString().replace(/\n/g, '|')}`));
    b.add(0, 'stdout', Buffer.from('a\n'));
    b.add(0, 'stdout', Buffer.from('b\n'));
    b.add(0, 'stderr', Buffer.from('c\n'));
    b.add(1, 'stderr', Buffer.from('d\n'));
    b.flush();
    expect(sent).toEqual(['0/stdout/2:a|b|', '0/stderr/1:c|', '1/stderr/1:d|']);
    b.dispose();
  });

  it('flushes at the byte limit at once, and after a short delay otherwise', () => {
    vi.useFakeTimers();
    const counts: number[] = [];
    const b = new LineBatcher((_s, _k, count) => counts.push(count));
    const line = Buffer.alloc(1024, 0x61);
    for (let i = 0; i < BATCH_BYTES / 1024; i++) b.add(0, 'stdout', line);
    expect(counts).toEqual([BATCH_BYTES / 1024]);
    b.add(0, 'stdout', line);
    expect(counts).toHaveLength(1);
    vi.advanceTimersByTime(BATCH_MS);
    expect(counts).toEqual([BATCH_BYTES / 1024, 1]);
    b.dispose();
  });
});
