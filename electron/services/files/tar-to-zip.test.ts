import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { SKIPPED_NOTE, tarToZip } from './tar-to-zip';
import { padding, TAR_END, tarHeader } from './tar-write';
import { collect, unzip } from './zip-fixtures.testkit';

function makeTar(entries: Array<[Partial<tar.Header> & { name: string }, Buffer?]>): Readable {
  const p = tar.pack();
  for (const [h, b] of entries) p.entry(h as tar.Header, b ?? Buffer.alloc(0));
  p.finalize();
  return Readable.from(p as AsyncIterable<Buffer>);
}

describe('tarToZip', () => {
  it('streams files byte-exact, keeps folders, sanitises names, skips links and specials with a note', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const zipped = await collect(
      tarToZip(
        makeTar([
          [{ name: 'app/', type: 'directory' }],
          [{ name: 'app/main.py', size: 9 }, Buffer.from('print(1)\n')],
          [{ name: 'app/big.bin', size: big.length }, big],
          [{ name: 'app/../../escape.txt', size: 1 }, Buffer.from('e')],
          [{ name: '/abs.txt', size: 1 }, Buffer.from('a')],
          [{ name: 'app/con.txt', size: 1 }, Buffer.from('c')],
          [{ name: 'app/bad\u0001name?.txt', size: 1 }, Buffer.from('b')],
          [{ name: 'app/A.txt', size: 1 }, Buffer.from('1')],
          [{ name: 'app/a.txt', size: 1 }, Buffer.from('2')],
          [{ name: 'app/link', type: 'symlink', linkname: '/etc/passwd' }],
          [{ name: 'app/hard', type: 'link', linkname: 'app/main.py' }],
          [{ name: 'app/fifo', type: 'fifo' }],
        ]),
      ),
    );
    const files = await unzip(zipped, { folders: true });
    expect(files.get('app/main.py')?.toString()).toBe('print(1)\n');
    expect(createHash('sha256').update(files.get('app/big.bin')!).digest('hex')).toBe(createHash('sha256').update(big).digest('hex'));
    expect(files.has('app/')).toBe(true);
    expect(files.get('app/escape.txt')?.toString()).toBe('e');
    expect(files.get('abs.txt')?.toString()).toBe('a');
    expect(files.get('app/_con.txt')?.toString()).toBe('c');
    expect(files.get('app/bad_name_.txt')?.toString()).toBe('b');
    // Case-only duplicates would collide on Windows and macOS: the second gets a suffix.
    expect(files.get('app/A.txt')?.toString()).toBe('1');
    expect(files.get('app/a~2.txt')?.toString()).toBe('2');
    expect([...files.keys()].some((k) => k.includes('link') || k.includes('fifo') || k.endsWith('hard'))).toBe(false);
    const note = files.get(SKIPPED_NOTE)?.toString() ?? '';
    expect(note).toMatch(/app\/link\tsymlink -> \/etc\/passwd/);
    expect(note).toMatch(/app\/hard\tlink/);
    expect(note).toMatch(/app\/fifo\tfifo/);
  });

  it('writes zip64 records a standard reader accepts (forced here; needed past 4 GiB or 65,535 entries)', async () => {
    const big = Buffer.alloc(400 * 1024, 3);
    const zipped = await collect(
      tarToZip(
        makeTar([
          [{ name: 'd/', type: 'directory' }],
          [{ name: 'd/small.txt', size: 2 }, Buffer.from('hi')],
          [{ name: 'd/big.bin', size: big.length }, big],
        ]),
        { forceZip64: true },
      ),
    );
    const files = await unzip(zipped, { folders: true });
    expect(files.get('d/small.txt')?.toString()).toBe('hi');
    expect(files.get('d/big.bin')?.equals(big)).toBe(true);
  });

  it('reads long and non-ASCII names (PAX and GNU), headers split across chunks, and many small files', async () => {
    const long = `deep/${'n'.repeat(150)}.txt`;
    const gnuName = `gnu/${'g'.repeat(120)}.txt`;
    // A GNU long-name entry ('L'), as some tar writers make: the name rides in the data of a ././@LongLink entry.
    const gnu = Buffer.concat([tarHeader({ name: '././@LongLink', type: 'file', size: gnuName.length + 1, mode: 0o644 }), Buffer.from(`${gnuName}\0`), padding(gnuName.length + 1)]);
    gnu[156] = 'L'.charCodeAt(0);
    // The typeflag changed: fix the header's checksum.
    gnu.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += gnu[i]!;
    gnu.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
    const gnuFile = Buffer.concat([tarHeader({ name: gnuName.slice(0, 100), type: 'file', size: 3, mode: 0o644 }), Buffer.from('gnu'), padding(3)]);
    const packed = await collect(
      makeTar([
        [{ name: long, size: 4 }, Buffer.from('long')],
        [{ name: 'ünï/名前.txt', size: 7 }, Buffer.from('unicode')],
        ...Array.from({ length: 300 }, (_, i): [Partial<tar.Header> & { name: string }, Buffer] => [{ name: `many/f${i}.txt`, size: String(i).length }, Buffer.from(String(i))]),
      ]),
    );
    const whole = Buffer.concat([packed.subarray(0, packed.length - 1024), gnu, gnuFile, TAR_END]);
    // 100-byte pieces: every header straddles a chunk boundary somewhere.
    const pieces = Readable.from((function* () {
      for (let i = 0; i < whole.length; i += 100) yield whole.subarray(i, i + 100);
    })());
    const files = await unzip(await collect(tarToZip(pieces)));
    expect(files.get(long)?.toString()).toBe('long');
    expect(files.get('ünï/名前.txt')?.toString()).toBe('unicode');
    expect(files.get(gnuName)?.toString()).toBe('gnu');
    expect(files.get('many/f299.txt')?.toString()).toBe('299');
    expect(files.size).toBe(303);
  });

  it('fails the zip stream when the tar is broken', async () => {
    const broken = Readable.from([Buffer.alloc(512, 0x41), Buffer.alloc(100, 0)]);
    await expect(collect(tarToZip(broken))).rejects.toThrow();
  });
});
