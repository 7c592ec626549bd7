import { describe, expect, it } from 'vitest';
import { SerialSweep } from './serial-sweep';

describe('SerialSweep', () => {
  it('runs one pass at a time, and one more pass for any calls made during a pass', async () => {
    let passes = 0;
    let inPass = 0;
    let most = 0;
    let release!: () => void;
    const sweep = new SerialSweep(async () => {
      passes++;
      most = Math.max(most, ++inPass);
      if (passes === 1) await new Promise<void>((r) => (release = r));
      inPass--;
    });
    const first = sweep.run();
    const during = [sweep.run(), sweep.run(), sweep.run()];
    await Promise.resolve();
    release();
    await Promise.all([first, ...during]);
    expect(passes).toBe(2);
    expect(most).toBe(1);
    await sweep.run();
    expect(passes).toBe(3);
  });

  it('repeats only while allowed, and a failed pass ends the run', async () => {
    let passes = 0;
    let release!: () => void;
    const sweep = new SerialSweep(
      async () => {
        passes++;
        if (passes === 1) await new Promise<void>((r) => (release = r));
      },
      () => false,
    );
    const a = sweep.run();
    void sweep.run();
    await Promise.resolve();
    release();
    await a;
    expect(passes).toBe(1);
    const failing = new SerialSweep(async () => {
      throw new Error('boom');
    });
    await expect(failing.run()).rejects.toThrow('boom');
    await expect(failing.run()).rejects.toThrow('boom');
  });
});
