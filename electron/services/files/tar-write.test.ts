import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { padding, TAR_END, tarHeader } from './tar-write';

async function entries(buf: Buffer): Promise<Array<{ name: string; type: string; size: number; linkname: string | null; mode: number; data: string }>> {
  const ex = tar.extract();
  const out: Array<{ name: string; type: string; size: number; linkname: string | null; mode: number; data: string }> = [];
  ex.on('entry', (h, s, next) => {
    let data = '';
    s.on('data', (c: unknown) => void (data += String(c)));
    s.on('end', () => {
      out.push({ name: h.name, type: h.type ?? '', size: h.size ?? 0, linkname: h.linkname ?? null, mode: h.mode ?? 0, data });
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => {
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  Readable.from([buf]).pipe(ex as unknown as NodeJS.WritableStream);
  await done;
  return out;
}

describe('tarHeader', () => {
  it('writes headers a standard reader parses: long and non-ASCII names via PAX, links, folders', async () => {
    const long = `${'deep/'.repeat(30)}file.txt`;
    const parts = [
      tarHeader({ name: 'dir', type: 'directory', mode: 0o755 }),
      tarHeader({ name: 'dir/a.txt', type: 'file', size: 5, mode: 0o640 }),
      Buffer.from('hello'),
      padding(5),
      tarHeader({ name: long, type: 'file', size: 2, mode: 0o644 }),
      Buffer.from('hi'),
      padding(2),
      tarHeader({ name: 'ünï/名前.txt', type: 'file', size: 0, mode: 0o644 }),
      tarHeader({ name: 'hard', type: 'link', linkname: 'dir/a.txt', mode: 0o640 }),
      TAR_END,
    ];
    const got = await entries(Buffer.concat(parts));
    expect(got).toEqual([
      { name: 'dir/', type: 'directory', size: 0, linkname: null, mode: 0o755, data: '' },
      { name: 'dir/a.txt', type: 'file', size: 5, linkname: null, mode: 0o640, data: 'hello' },
      { name: long, type: 'file', size: 2, linkname: null, mode: 0o644, data: 'hi' },
      { name: 'ünï/名前.txt', type: 'file', size: 0, linkname: null, mode: 0o644, data: '' },
      { name: 'hard', type: 'link', size: 0, linkname: 'dir/a.txt', mode: 0o640, data: '' },
    ]);
  });
});
