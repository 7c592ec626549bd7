import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER, DEFAULT_SORT, isFilter, isSort } from './view-state';

describe('stored containers view state', () => {
  it('accepts what the view writes', () => {
    expect(isFilter(DEFAULT_FILTER)).toBe(true);
    expect(isFilter({ text: 'web', state: 'running', tag: 'frontend' })).toBe(true);
    expect(isSort(DEFAULT_SORT)).toBe(true);
    expect(isSort({ id: 'uptime', desc: true })).toBe(true);
  });

  it('refuses other shapes', () => {
    expect(isFilter({ text: 'web', state: 'sleeping', tag: '' })).toBe(false);
    expect(isFilter({ text: 1, state: 'all', tag: '' })).toBe(false);
    expect(isFilter(null)).toBe(false);
    expect(isSort({ id: 'a b', desc: false })).toBe(false);
    expect(isSort('name')).toBe(false);
  });
});
