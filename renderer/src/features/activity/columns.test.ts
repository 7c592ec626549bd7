import { describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../../../../shared/contract/activity';
import { activityIds } from './columns';

const entry = (ts: string, action = 'container.start', id = 'c1'): ActivityRecord => ({ ts, action, target: { id }, outcome: 'ok' });

describe('activityIds', () => {
  it('gives an entry the same id when the list is read again (new objects, same entries)', () => {
    const first = [entry('2026-12-04T10:00:02Z'), entry('2026-12-04T10:00:01Z')];
    const again = first.map((e) => ({ ...e }));
    expect(again.map((e) => activityIds(again).get(e))).toEqual(first.map((e) => activityIds(first).get(e)));
  });

  it('keeps the ids of older entries when a new one arrives, also among identical entries', () => {
    const a = entry('2026-12-04T10:00:00Z');
    const b = entry('2026-12-04T10:00:00Z');
    const before = activityIds([b, a]);
    const c = entry('2026-12-04T10:00:00Z');
    const after = activityIds([c, b, a]);
    expect(after.get(a)).toBe(before.get(a));
    expect(after.get(b)).toBe(before.get(b));
    expect(new Set(after.values()).size).toBe(3);
  });

  it('tells entries apart by time, action, target and outcome', () => {
    const list = [entry('t1'), entry('t1', 'container.stop'), entry('t1', 'container.start', 'c2'), { ...entry('t1'), outcome: 'error' as const }];
    expect(new Set(activityIds(list).values()).size).toBe(4);
  });
});
