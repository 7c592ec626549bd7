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

  it('says the time left is unknown once nothing moves, instead of an ever larger number', () => {
    let t = 0;
    const m = new ProgressMeter(64_000_000, 0, () => t);
    t = 1000;
    m.add(4_000_000);
    m.snapshot();
    // A stalled download: the smoothed speed decays towards zero but never reaches it.
    for (let i = 0; i < 60; i++) {
      t += 500;
      m.snapshot();
    }
    const s = m.snapshot();
    expect(s.bytesPerSecond).toBe(0);
    expect(s.etaSeconds).toBeNull();
  });
});
