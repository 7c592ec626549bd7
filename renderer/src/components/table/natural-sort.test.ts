import { describe, expect, it } from 'vitest';
import { compareValues, naturalCompare } from './natural-sort';

describe('naturalCompare', () => {
  it('orders numbered names by their numbers, not character by character', () => {
    const names = ['walk-19', 'walk-2', 'walk-10', 'walk-1'];
    expect([...names].sort(naturalCompare)).toEqual(['walk-1', 'walk-2', 'walk-10', 'walk-19']);
  });
  it('ignores case', () => {
    expect(['beta', 'Alpha', 'alpha2'].sort(naturalCompare)).toEqual(['Alpha', 'alpha2', 'beta']);
  });
});

describe('compareValues', () => {
  it('compares numbers as numbers', () => {
    expect([10, 9, 100].sort(compareValues)).toEqual([9, 10, 100]);
  });
  it('puts absent values after present ones, whatever their kind', () => {
    expect(['b', null, 'a', undefined, ''].sort(compareValues).slice(0, 2)).toEqual(['a', 'b']);
    expect([null, 3, 1].sort(compareValues)).toEqual([1, 3, null]);
  });
});
