import { describe, expect, it } from 'vitest';
import { mountsBelow, prefixLayout, stagingLayout } from './staging';

describe('staging layout', () => {
  it('mounts strictly below the target, relative to it', () => {
    expect(mountsBelow('/app', ['/app', '/app/data', '/app/data/cache/', '/apple', '/srv'])).toEqual(['data', 'data/cache']);
    expect(mountsBelow('/', ['/data', '/'])).toEqual(['data']);
  });

  it('an entry is staged in the deepest mount it lies under, others in the target', () => {
    const s = stagingLayout('.berth-upload-x', ['data', 'data/cache', 'other'], new Set(['data', 'data/cache', 'other']), ['a.txt', 'data/x', 'data/cache/y']);
    expect(s.roots).toEqual(['.berth-upload-x', 'data/.berth-upload-x', 'data/cache/.berth-upload-x']);
    expect(s.at('a.txt')).toBe('.berth-upload-x/a.txt');
    expect(s.at('data')).toBe('.berth-upload-x/data');
    expect(s.at('data/x')).toBe('data/.berth-upload-x/x');
    expect(s.at('data/cache/y')).toBe('data/cache/.berth-upload-x/y');
  });

  it('a mount the check did not see as a real folder (a link on the way, or replaced) gets no staging folder', () => {
    const s = stagingLayout('.berth-upload-x', ['data'], new Set(), ['data/x']);
    expect(s.roots).toEqual(['.berth-upload-x']);
    expect(s.at('data/x')).toBe('.berth-upload-x/data/x');
  });

  it('a prefix layout, or none', () => {
    expect(prefixLayout('p').at('a/b')).toBe('p/a/b');
    expect(prefixLayout('').roots).toEqual([]);
    expect(prefixLayout('').at('a')).toBe('a');
  });
});
