import { describe, expect, it } from 'vitest';
import type { ContainerRow } from '../../../../shared/contract/containers';
import { row } from './row.testkit';
import { compareValues } from '../../components/table/natural-sort';
import { containerColumns } from './columns';


/** Sorts as the table does: by the column's value, ties by name. */
function sortBy(id: string, rows: ContainerRow[], desc = false): string[] {
  const cols = containerColumns();
  const col = cols.find((c) => c.id === id)!;
  const name = cols.find((c) => c.id === 'name')!;
  const dir = desc ? -1 : 1;
  return [...rows]
    .sort((a, b) => {
      const va = col.sortValue!(a);
      const vb = col.sortValue!(b);
      const none = (v: unknown) => v === null || v === undefined || v === '';
      // Absent values stay last in both directions, as TanStack's sortUndefined: 'last' does.
      if (none(va) || none(vb)) return compareValues(va, vb);
      return dir * compareValues(va, vb) || compareValues(name.sortValue!(a), name.sortValue!(b));
    })
    .map((r) => r.name);
}

describe('container columns', () => {
  it('every column can be sorted', () => {
    for (const c of containerColumns()) expect(c.sortValue, c.id).toBeTypeOf('function');
  });
  it('names sort in natural order', () => {
    const rows = ['walk-19', 'walk-2', 'Walk-10', 'walk-1'].map((name) => row({ name }));
    expect(sortBy('name', rows)).toEqual(['walk-1', 'walk-2', 'Walk-10', 'walk-19']);
  });
  it('uptime sorts the shortest first, stopped containers last either way', () => {
    const rows = [row({ name: 'b', startedAt: 5_000 }), row({ name: 'a', state: 'exited', startedAt: 1 }), row({ name: 'c', startedAt: 9_000 })];
    expect(sortBy('uptime', rows)).toEqual(['c', 'b', 'a']);
    expect(sortBy('uptime', rows, true)).toEqual(['b', 'c', 'a']);
  });
  it('status sorts by state, then the most recent change first; tags and restarts sort too', () => {
    const rows = [
      row({ name: 'old-exit', state: 'exited', finishedAt: 1_000, restartCount: 3 }),
      row({ name: 'up', state: 'running', startedAt: 2_000, labels: { 'berth.tag.b': '' } }),
      row({ name: 'new-exit', state: 'exited', finishedAt: 9_000, restartCount: 1, labels: { 'berth.tag.a': '' } }),
    ];
    expect(sortBy('status', rows)).toEqual(['up', 'new-exit', 'old-exit']);
    expect(sortBy('restarts', rows)).toEqual(['up', 'new-exit', 'old-exit']);
    expect(sortBy('tags', rows)).toEqual(['new-exit', 'up', 'old-exit']);
  });
});
