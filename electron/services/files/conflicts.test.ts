import { describe, expect, it } from 'vitest';
import { resolveAgainst, skippedNames, throughLinkError, withParents, type Existing } from './conflicts';
import type { SourceEntry } from './zip-check';

const file = (name: string): SourceEntry => ({ name, isDir: false, size: 1, mode: 0o644, mtime: new Date(0) });
const dir = (name: string): SourceEntry => ({ name, isDir: true, size: 0, mode: 0o755, mtime: new Date(0) });
const there = (o: Record<string, Existing['type'] | [Existing['type'], string]>) =>
  new Map(Object.entries(o).map(([k, v]) => [k, Array.isArray(v) ? { type: v[0], linkTarget: v[1] } : { type: v }]));

describe('withParents', () => {
  it('adds the folders a zip only implies, parents before children, files in their order', () => {
    const out = withParents([file('a/b/c.txt'), file('z.txt'), dir('a'), file('a/b/d.txt')]);
    expect(out.map((e) => `${e.isDir ? 'd' : 'f'}:${e.name}`)).toEqual(['f:z.txt', 'd:a', 'd:a/b', 'f:a/b/c.txt', 'f:a/b/d.txt']);
  });

  it('keeps an explicit folder entry (its mode) rather than adding another', () => {
    const out = withParents([{ ...dir('a'), mode: 0o700 }, file('a/x')]);
    expect(out.filter((e) => e.name === 'a')).toEqual([expect.objectContaining({ mode: 0o700 })]);
  });
});

describe('resolveAgainst', () => {
  it('a fresh target: nothing exists, every path is created', () => {
    const r = resolveAgainst([file('a/b.txt')], new Map());
    expect(r).toMatchObject({ existing: [], links: [] });
    expect(r.paths.map((p) => p.name)).toEqual(['a', 'a/b.txt']);
  });

  it('a link at a folder the upload only implies is a conflict at the link, named with where it points', () => {
    const r = resolveAgainst([file('d/s/evil.txt')], there({ d: 'directory', 'd/s': ['symlink', '/etc'] }));
    expect(r.existing).toEqual(['d/s']);
    expect([...r.existingDirs]).toEqual(['d']);
    expect(r.links).toEqual([{ name: 'd/s', target: '/etc' }]);
    // Below the link nothing is looked up: it is replaced or skipped whole.
    expect(r.existing).not.toContain('d/s/evil.txt');
  });

  it('a link at the top where the upload has a folder', () => {
    const r = resolveAgainst([file('link/evil.txt')], there({ link: ['symlink', '/etc'] }));
    expect(r).toMatchObject({ existing: ['link'], links: [{ name: 'link', target: '/etc' }] });
  });

  it('a folder merges; a file where a folder goes, a folder where a file goes and special files conflict', () => {
    const r = resolveAgainst(
      [file('src/a.py'), file('f/x'), file('dir'), file('fifo'), file('src/new.py')],
      there({ src: 'directory', 'src/a.py': 'file', f: 'file', dir: 'directory', fifo: 'other' }),
    );
    expect(r.existing.sort()).toEqual(['dir', 'f', 'fifo', 'src/a.py']);
    expect([...r.existingDirs]).toEqual(['src']);
    expect(r.links).toEqual([]);
  });
});

describe('skip and links', () => {
  it('skip refuses an entry that would go through a link, naming the entry, the link and its target', () => {
    const r = resolveAgainst([file('d/new.txt'), dir('d/s'), file('d/s/evil.txt')], there({ d: 'directory', 'd/s': ['symlink', '/etc'] }));
    const err = throughLinkError(r, '/up/th2');
    expect(err).toMatchObject({ code: 'conflict', field: 'd/s/evil.txt', details: { link: 'd/s', linkTarget: '/etc' } });
    expect(err?.message).toMatch(/"d\/s", a link to \/etc, in \/up\/th2/);
  });

  it('a link where the upload puts a file is not "through": skip keeps it', () => {
    const r = resolveAgainst([file('f.txt')], there({ 'f.txt': ['symlink', '/secret'] }));
    expect(throughLinkError(r, '/t')).toBeNull();
    expect([...skippedNames(r)]).toEqual(['f.txt']);
  });

  it('skip leaves out each existing name and everything below it', () => {
    const r = resolveAgainst([file('a/x'), file('a/y'), file('b/z'), file('c')], there({ a: 'file', c: 'file' }));
    expect([...skippedNames(r)].sort()).toEqual(['a', 'a/x', 'a/y', 'c']);
  });
});
