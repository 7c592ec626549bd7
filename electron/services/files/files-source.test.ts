import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesToEntries } from './files-source';

const dir = mkdtempSync(join(tmpdir(), 'berth-files-src-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(s: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const c of s) out += String(c);
  return out;
}

describe('filesToEntries', () => {
  it('maps back-to-back spool ranges to files and adds parent folders once', async () => {
    const spool = join(dir, 'a.spool');
    writeFileSync(spool, 'helloworld!');
    const { entries, totalBytes } = filesToEntries(
      [
        { path: 'a/one.txt', size: 5 },
        { path: 'a/b/empty.txt', size: 0 },
        { path: 'two.txt', size: 6 },
      ],
      ['empty-folder'],
      spool,
    );
    expect(totalBytes).toBe(11);
    expect(entries.filter((e) => e.isDir).map((e) => e.name)).toEqual(['empty-folder', 'a', 'a/b']);
    const files = entries.filter((e) => !e.isDir);
    expect(await read(await files[0]!.open!())).toBe('hello');
    expect(await read(await files[1]!.open!())).toBe('');
    expect(await read(await files[2]!.open!())).toBe('world!');
  });
  it.each([
    [[{ path: '../x', size: 1 }], /climbs out/],
    [[{ path: 'a', size: 1 }, { path: 'a', size: 1 }], /appears twice/],
    [[{ path: 'a', size: 1 }, { path: 'a/b', size: 1 }], /both a file and a folder/],
    [[{ path: 'a/b', size: 1 }, { path: 'a', size: 1 }], /both a file and a folder/],
  ])('rejects %j', (files, why) => {
    expect(() => filesToEntries(files, [], '/nonexistent')).toThrow(why);
  });
  it('enforces the byte budget before any byte is sent', () => {
    expect(() =>
      filesToEntries([{ path: 'a', size: 600 }, { path: 'b', size: 600 }], [], '/x', {
        maxEntries: 10,
        maxEntryBytes: 1000,
        maxTotalBytes: 1000,
        maxRatio: 1000,
        ratioMinBytes: 1,
      }),
    ).toThrow(/more than 1000 bytes/);
  });
});
