import { describe, expect, it } from 'vitest';
import { clickSelect, EMPTY_SELECTION, moveIndex, selectAll, toggleOne, visibleSelection } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];
const plain = { shift: false, toggle: false };
const shift = { shift: true, toggle: false };
const ctrl = { shift: false, toggle: true };
const ids = (s: { ids: ReadonlySet<string> }) => [...s.ids].sort();

describe('clickSelect', () => {
  it('a plain click selects that row alone and sets the anchor', () => {
    const s = clickSelect({ ids: new Set(['a', 'c']), anchor: 'a' }, order, 'd', plain);
    expect(ids(s)).toEqual(['d']);
    expect(s.anchor).toBe('d');
  });
  it('shift-click selects the range from the anchor, in either direction', () => {
    const s1 = clickSelect(clickSelect(EMPTY_SELECTION, order, 'b', plain), order, 'd', shift);
    expect(ids(s1)).toEqual(['b', 'c', 'd']);
    const s2 = clickSelect(s1, order, 'a', shift);
    // The anchor stays: the range is re-drawn from it, not added to.
    expect(ids(s2)).toEqual(['a', 'b']);
    expect(s2.anchor).toBe('b');
  });
  it('ctrl-click toggles one row and keeps the others; ctrl+shift adds a range', () => {
    let s = clickSelect(EMPTY_SELECTION, order, 'a', plain);
    s = clickSelect(s, order, 'c', ctrl);
    expect(ids(s)).toEqual(['a', 'c']);
    s = clickSelect(s, order, 'e', { shift: true, toggle: true });
    expect(ids(s)).toEqual(['a', 'c', 'd', 'e']);
    s = clickSelect(s, order, 'c', ctrl);
    expect(ids(s)).toEqual(['a', 'd', 'e']);
  });
  it('shift-click with no anchor shown selects just the clicked row', () => {
    const s = clickSelect({ ids: new Set(), anchor: 'gone' }, order, 'c', shift);
    expect(ids(s)).toEqual(['c']);
    expect(s.anchor).toBe('c');
  });
  it('ignores a click on a row that is not shown', () => {
    const s0 = { ids: new Set(['a']), anchor: 'a' };
    expect(clickSelect(s0, order, 'zz', shift)).toBe(s0);
  });
});

describe('selectAll and visibleSelection', () => {
  it('selects every shown row and counts only shown rows', () => {
    expect(ids(selectAll(order))).toEqual(order);
    expect(visibleSelection({ ids: new Set(['b', 'x', 'e']), anchor: null }, order)).toEqual(['b', 'e']);
    expect(ids(toggleOne(selectAll(['a']), 'a'))).toEqual([]);
  });
});

describe('moveIndex', () => {
  it('moves within bounds', () => {
    expect(moveIndex(-1, 5, 'ArrowDown', 10)).toBe(0);
    expect(moveIndex(4, 5, 'ArrowDown', 10)).toBe(4);
    expect(moveIndex(0, 5, 'ArrowUp', 10)).toBe(0);
    expect(moveIndex(2, 5, 'End', 10)).toBe(4);
    expect(moveIndex(2, 5, 'PageUp', 10)).toBe(0);
    expect(moveIndex(9, 5, 'ArrowUp', 10)).toBe(3);
    expect(moveIndex(1, 0, 'ArrowDown', 10)).toBeNull();
    expect(moveIndex(1, 5, 'x', 10)).toBeNull();
  });
});
