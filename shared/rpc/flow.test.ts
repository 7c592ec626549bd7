import { describe, expect, it } from 'vitest';
import { AckBatcher, Credit } from './flow';

describe('flow control', () => {
  it('acks once per batch, at the end of the task, however many events were finished in it', async () => {
    const sent: number[] = [];
    const acks = new AckBatcher((n) => sent.push(n), 5_000);
    for (let i = 0; i < 10; i++) acks.consumed(10_000);
    acks.consumed(3);
    expect(sent).toEqual([]);
    await Promise.resolve();
    expect(sent).toEqual([100_003]);
    acks.consumed(4_000);
    await Promise.resolve();
    expect(sent).toEqual([100_003]); // under the batch: held
    acks.flush();
    expect(sent).toEqual([100_003, 4_000]);
  });

  it('pauses above the high mark and resumes only below the low mark', () => {
    const c = new Credit(100, 10);
    const seen: boolean[] = [];
    c.onChange((p) => seen.push(p));
    expect(c.sent(60)).toBe(true);
    expect(c.sent(60)).toBe(false);
    c.acked(100);
    expect(c.isPaused).toBe(true);
    c.acked(15);
    expect(c.isPaused).toBe(false);
    expect(seen).toEqual([true, false]);
  });
});
