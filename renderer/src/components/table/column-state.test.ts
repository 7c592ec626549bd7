import { describe, expect, it } from 'vitest';
import {
  defaultColumnState,
  fitColumns,
  loadColumnState,
  moveColumn,
  parseColumnState,
  saveColumnState,
  serializeColumnState,
  setHidden,
  type ColumnSpec,
  type KeyValueStore,
} from './column-state';

const specs: ColumnSpec[] = [
  { id: 'name', size: 190, required: true },
  { id: 'image', size: 170 },
  { id: 'state', size: 110, minSize: 80 },
  { id: 'command', size: 200, defaultHidden: true },
];

describe('column state', () => {
  it('defaults to the declared order, sizes and hidden columns', () => {
    expect(defaultColumnState(specs)).toEqual({
      order: ['name', 'image', 'state', 'command'],
      hidden: ['command'],
      sizes: { name: 190, image: 170, state: 110, command: 200 },
    });
  });

  it('round-trips what the user chose', () => {
    let s = defaultColumnState(specs);
    s = moveColumn(s, 'state', -1);
    s = setHidden(s, 'image', true);
    s = setHidden(s, 'command', false);
    s = { ...s, sizes: { ...s.sizes, state: 150 } };
    expect(parseColumnState(serializeColumnState(s), specs)).toEqual(s);
  });

  it('falls back to the defaults for anything unreadable', () => {
    for (const raw of ['', 'not json', '[]', '{"v":2}', '{"v":1,"order":"x","hidden":[],"sizes":{}}', 'null', '{"v":1,"order":[],"hidden":[],"sizes":{"a":"wide"}}']) {
      expect(parseColumnState(raw, specs)).toEqual(defaultColumnState(specs));
    }
  });

  it('drops unknown columns, inserts new ones in place, never hides a required one, clamps widths', () => {
    const raw = JSON.stringify({ v: 1, order: ['state', 'gone', 'name', 'state'], hidden: ['name', 'gone'], sizes: { state: 5, name: 1e9, gone: 3 } });
    const s = parseColumnState(raw, specs);
    // Each new column follows its nearest declared predecessor that is still there.
    expect(s.order).toEqual(['state', 'command', 'name', 'image']);
    expect(s.hidden).toEqual(['command']);
    expect(s.sizes).toEqual({ name: 800, image: 170, state: 80, command: 200 });
  });

  it('does not move a column past the end or across a fixed one', () => {
    const s = defaultColumnState(specs);
    expect(moveColumn(s, 'name', -1)).toBe(s);
    expect(moveColumn(s, 'command', 1)).toBe(s);
    expect(moveColumn(s, 'image', -1, new Set(['name']))).toBe(s);
    expect(moveColumn(s, 'image', 1).order).toEqual(['name', 'state', 'image', 'command']);
  });

  it('survives storage that throws', () => {
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(loadColumnState(broken, 'k', specs)).toEqual(defaultColumnState(specs));
    expect(() => saveColumnState(broken, 'k', defaultColumnState(specs))).not.toThrow();
  });
});

describe('fitColumns', () => {
  const cols = [
    { spec: { id: 'name' }, size: 120 },
    { spec: { id: 'size' }, size: 64 },
    { spec: { id: 'mode', optional: true }, size: 96 },
    { spec: { id: 'owner', optional: true }, size: 84 },
    { spec: { id: 'modified' }, size: 150 },
  ];
  const ids = (room: number) => fitColumns(cols, room).map((c) => c.spec.id);

  it('keeps every column where they all fit, and before the table is measured', () => {
    expect(ids(514)).toEqual(['name', 'size', 'mode', 'owner', 'modified']);
    expect(ids(0)).toEqual(['name', 'size', 'mode', 'owner', 'modified']);
  });

  it('drops optional columns, the rightmost first, only as far as needed', () => {
    expect(ids(513)).toEqual(['name', 'size', 'mode', 'modified']);
    expect(ids(430)).toEqual(['name', 'size', 'mode', 'modified']);
    expect(ids(429)).toEqual(['name', 'size', 'modified']);
  });

  it('never drops a column that is not optional, however narrow', () => {
    expect(ids(50)).toEqual(['name', 'size', 'modified']);
  });
});
