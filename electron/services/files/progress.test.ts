import { describe, expect, it } from 'vitest';
import { ProgressMeter } from './progress';

describe('ProgressMeter', () => {
  it('smooths the speed and derives the time left', () => {
    let t = 0;
    const m = new ProgressMeter(10_000_000, 10, () => t);
    expect(m.snapshot().etaSeconds).toBeNull();
    t = 1000;
    m.add(1_000_000);
    const s = m.snapshot();
    expect(s.bytesPerSecond).toBe(1_000_000);
    expect(s.etaSeconds).toBe(9);
    t = 2000;
    m.add(3_000_000);
    const s2 = m.snapshot();
    expect(s2.bytesPerSecond).toBe(3_000_000);
    expect(s2.etaSeconds).toBe(2);
    m.add(6_000_000);
    expect(m.snapshot().etaSeconds).toBe(0);
  });
});
