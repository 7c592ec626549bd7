import { describe, expect, it } from 'vitest';
import { summariseDf } from './handlers';

describe('summariseDf', () => {
  it('sums sizes per kind; unused items are reclaimable; unknown sizes (-1) count as 0', () => {
    const s = summariseDf({
      Images: [
        { Size: 100, SharedSize: 0, Containers: 2 },
        { Size: 50, SharedSize: 0, Containers: 0 },
      ],
      Containers: [
        { SizeRw: 10, State: 'running' },
        { SizeRw: 5, State: 'exited' },
        { SizeRw: -1, State: 'created' },
      ],
      Volumes: [{ UsageData: { Size: 7, RefCount: 1 } }, { UsageData: { Size: 3, RefCount: 0 } }, { UsageData: null }],
      BuildCache: null,
    });
    expect(s.images).toEqual({ count: 2, size: 150, reclaimable: 50 });
    expect(s.containers).toEqual({ count: 3, size: 15, reclaimable: 5 });
    expect(s.volumes).toEqual({ count: 3, size: 10, reclaimable: 3 });
    expect(s.buildCache).toEqual({ count: 0, size: 0, reclaimable: 0 });
  });
});
