import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { BerthError } from '../../../shared/contract/errors';
import { checkZip, DEFAULT_LIMITS, type CheckedZip, type ZipLimits } from './zip-check';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { buildZip, collect, type RawEntry } from './zip-fixtures.testkit';
import { bodyRange, ByteQueue, TailReader } from './zip-source';
import { prefixLayout } from './staging';
import { packZipBody } from './zip-stream';

/** Checks a zip held in memory as an upload does: the tail through a TailReader (fetches counted). */
async function check(buf: Buffer, limits?: Partial<ZipLimits>): Promise<{ z: CheckedZip; tail: TailReader; fetches: Array<[number, number]> }> {
  const fetches: Array<[number, number]> = [];
  const tail = new TailReader(buf.length, async (offset, length) => {
    fetches.push([offset, length]);
    return buf.subarray(offset, offset + length);
  });
  return { z: await checkZip(tail, buf.length, { ...DEFAULT_LIMITS, ...limits }), tail, fetches };
}

/** Streams the body (`body` may lie or stop short) through the zip→tar converter, in pieces of `chunk`. */
function pack(z: CheckedZip, tail: TailReader, buf: Buffer, prefix: string, opts: { body?: Buffer; chunk?: number; skip?: Set<string> } = {}): NodeJS.ReadableStream {
  const q = new ByteQueue(256 * 1024);
  const { end, rest } = bodyRange(tail, z.centralDirectoryOffset);
  const src = (opts.body ?? buf).subarray(0, end);
  const chunk = opts.chunk ?? 100_000;
  void (async () => {
    for (let i = 0; i < src.length; i += chunk) await q.push(src.subarray(i, i + chunk));
    if (src.length === end) await q.push(rest);
    q.end();
  })().catch(() => {});
  return packZipBody(z, q, prefixLayout(prefix), { skip: opts.skip });
}

async function rejection(entries: RawEntry[] | Buffer, limits?: Partial<ZipLimits>, body?: (zip: Buffer) => Buffer): Promise<BerthError> {
  const buf = Buffer.isBuffer(entries) ? entries : buildZip(entries);
  try {
    const { z, tail } = await check(buf, limits);
    // Data-level problems show only while streaming.
    await drain(pack(z, tail, buf, '.stage', { body: body?.(buf) }));
  } catch (e) {
    expect(e).toBeInstanceOf(BerthError);
    return e as BerthError;
  }
  throw new Error('expected a rejection');
}

async function drain(tarStream: NodeJS.ReadableStream): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const ex = tar.extract();
  ex.on('entry', (h, s, next) => {
    const chunks: Buffer[] = [];
    s.on('error', () => {}); // the extract reports it
    s.on('data', (c: unknown) => void chunks.push(c as Buffer));
    s.on('end', () => {
      files.set(`${h.type}:${h.name}`, Buffer.concat(chunks));
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => {
    ex.on('finish', resolve);
    ex.on('error', reject);
    tarStream.on('error', reject);
  });
  tarStream.pipe(ex);
  await done;
  return files;
}

const file = (name: string | Buffer, data = 'x', extra: Partial<RawEntry> = {}): RawEntry => ({ name, data: Buffer.from(data), ...extra });

describe('checkZip accepts a sane zip and converts it to a tar stream', () => {
  it('keeps names, data, folders and modes; prefixes the staging folder', async () => {
    const buf = buildZip([
        { name: 'app/', unixMode: 0o40755 },
        file('app/main.py', 'print(1)\n', { unixMode: 0o100755, deflate: true }),
        file('README.md', '# hi', { deflate: true }),
        file('readme.md', 'case differs: allowed'),
        file('deep/er/x.bin', 'y'.repeat(100_000), { deflate: true }),
      ]);
    const { z, tail } = await check(buf);
    expect(z.fileCount).toBe(4);
    expect(z.totalBytes).toBe(9 + 4 + 21 + 100_000);
    const files = await drain(pack(z, tail, buf, '.stage'));
    expect(files.get('file:.stage/app/main.py')?.toString()).toBe('print(1)\n');
    expect(files.get('file:.stage/deep/er/x.bin')?.length).toBe(100_000);
    expect(files.has('directory:.stage/app/')).toBe(true);
    expect(z.entries.find((e) => e.name === 'app/main.py')?.mode).toBe(0o755);
    expect(z.entries.find((e) => e.name === 'README.md')?.mode).toBe(0o644);
  });
});

describe('checkZip rejects hostile and broken zips, naming the entry', () => {
  it.each<[string, RawEntry[], RegExp, string?]>([
    ['zip slip', [file('../evil.sh')], /climbs out/, '../evil.sh'],
    ['nested slip', [file('a/../../evil.sh')], /climbs out/],
    ['absolute path', [file('/etc/cron.d/evil')], /absolute/],
    ['backslashes', [file('..\\..\\evil')], /backslash/],
    ['drive letter', [file('C:/Windows/evil.dll')], /drive letter/],
    ['NUL in name', [file('a\u0000.txt')], /control character/, 'a\\x00.txt'],
    ['control char in name', [file('a\u001b[31m.txt')], /control character/],
    ['duplicate name', [file('a.txt'), file('a.txt')], /appears twice/, 'a.txt'],
    ['file and folder', [file('a'), file('a/b')], /both a file and a folder/],
    ['folder then file', [file('a/b'), file('a')], /both a file and a folder/],
    ['symlink', [file('link', '/etc/passwd', { unixMode: 0o120777 })], /symbolic links/, 'link'],
    ['symlink then write through it', [file('x', '/etc', { unixMode: 0o120777 }), file('x/passwd')], /symbolic links/],
    ['fifo', [file('pipe', '', { unixMode: 0o010644 })], /special files/],
    ['encrypted entry', [file('secret.txt', 'x'.repeat(13), { flags: 0x1, size: 1 })], /encrypted/],
    ['reserved staging name', [file('.berth-upload-1/x')], /reserved/],
  ])('%s', async (_what, entries, why, field) => {
    const e = await rejection(entries);
    expect(e.message).toMatch(why);
    if (field) expect(e.field).toBe(field);
  });

  it('invalid UTF-8 name', async () => {
    const e = await rejection([file(Buffer.from([0x61, 0xff, 0xfe, 0x2e, 0x74]))]);
    expect(e.message).toMatch(/not valid UTF-8/);
  });

  it('too many entries', async () => {
    const e = await rejection([file('a'), file('b'), file('c')], { maxEntries: 2 });
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/3 entries; the limit is 2/);
  });

  it('declared size over the per-file budget', async () => {
    const e = await rejection([file('big', 'x'.repeat(2000))], { maxEntryBytes: 1000 });
    expect(e.code).toBe('too-large');
    expect(e.field).toBe('big');
  });

  it('declared total over the budget', async () => {
    const e = await rejection([file('a', 'x'.repeat(600)), file('b', 'x'.repeat(600))], { maxTotalBytes: 1000 });
    expect(e.message).toMatch(/more than 1000 bytes in all/);
    expect(e.field).toBe('b');
  });

  it('compression ratio bomb', async () => {
    const e = await rejection([file('bomb', '\0'.repeat(2_000_000), { deflate: true })], { maxRatio: 100, ratioMinBytes: 1000 });
    expect(e.message).toMatch(/zip bomb/);
  });

  it('overlapping-entry bomb (entries sharing one local header)', async () => {
    const kernel = '\0'.repeat(50_000);
    const e = await rejection([file('k0', kernel, { deflate: true }), file('k1', kernel, { deflate: true, sameLocalAs: 0 }), file('k2', kernel, { deflate: true, sameLocalAs: 0 })]);
    expect(e.message).toMatch(/overlap/);
  });

  it('data longer than declared (lying size) stops at the declared size', async () => {
    const e = await rejection([file('liar', 'x'.repeat(5000), { deflate: true, size: 10 })]);
    expect(e.field).toBe('liar');
    expect(e.message).toMatch(/declared size|damaged/);
  });

  it('CRC mismatch', async () => {
    const e = await rejection([file('ok.txt', 'fine'), file('bad.txt', 'hello', { crc: 0x12345678 })]);
    expect(e.field).toBe('bad.txt');
    expect(e.message).toMatch(/CRC-32 mismatch/);
  });

  it('CRC mismatch in a large (streamed) entry', async () => {
    const e = await rejection([{ name: 'big.bin', data: randomBytes(1_500_000), deflate: true, crc: 7 }]);
    expect(e.field).toBe('big.bin');
    expect(e.message).toMatch(/CRC-32 mismatch/);
  });

  it('a large (streamed) entry expanding past its declared size stops there', async () => {
    const e = await rejection([file('liar.bin', '\0'.repeat(3_000_000), { deflate: true, size: 1_200_000 })]);
    expect(e.field).toBe('liar.bin');
    expect(e.message).toMatch(/longer than the declared 1200000 bytes/);
  });

  it('truncated archive', async () => {
    const whole = buildZip([file('a.txt', 'x'.repeat(1000)), file('b.txt', 'y'.repeat(1000))]);
    const e = await rejection(whole.subarray(0, whole.length - 40));
    expect(e.message).toMatch(/not a zip file, or it is truncated|damaged|truncated/);
  });

  it('truncated inside the data (central directory intact, data cut)', async () => {
    const whole = buildZip([file('a.txt', 'x'.repeat(1000))]);
    // Cut 500 bytes out of the data and fix nothing: offsets now point past the data.
    const cut = Buffer.concat([whole.subarray(0, 500), whole.subarray(1000)]);
    const e = await rejection(cut);
    expect(e.code).toBe('invalid-input');
  });

  it('not a zip', async () => {
    const e = await rejection(Buffer.from('this is a text file, not a zip at all'.repeat(10)));
    expect(e.message).toMatch(/not a zip file/);
    expect(e.field).toBe('archive');
  });
});

describe('stream-through: the tail is checked first, the body converted as it arrives', () => {
  const big = () => buildZip([file('a.txt', 'first'), { name: 'b.bin', data: randomBytes(2_000_000) }, file('c.txt', 'last')]);

  it('reads only the end records and the central directory before the body', async () => {
    const buf = big();
    const { z, tail, fetches } = await check(buf);
    // yauzl looks for the end records in the last 64 KiB (plus room for zip64's locator): that holds this small directory.
    expect(fetches).toEqual([[buf.length - 65_577, 65_577]]);
    // The body is asked for up to what the tail already holds; the rest of the data comes from the tail.
    expect(bodyRange(tail, z.centralDirectoryOffset).end).toBe(buf.length - 65_577);
    const files = await drain(pack(z, tail, buf, '', { chunk: 65_536 }));
    expect(files.get('file:b.bin')?.length).toBe(2_000_000);
    expect(files.get('file:c.txt')?.toString()).toBe('last');
  });

  it('a central directory larger than the first read is fetched in one more range, down to its start', async () => {
    const buf = buildZip([{ name: 'big.bin', data: randomBytes(300_000) }, ...Array.from({ length: 3000 }, (_, i) => file(`folder/file-${i}.txt`, String(i)))]);
    const { z, tail, fetches } = await check(buf);
    expect(fetches).toEqual([
      [buf.length - 65_577, 65_577],
      [z.centralDirectoryOffset, buf.length - 65_577 - z.centralDirectoryOffset],
    ]);
    const files = await drain(pack(z, tail, buf, 'stage'));
    expect(files.size).toBe(3001 + 1);
    expect(files.get('file:stage/folder/file-2999.txt')?.toString()).toBe('2999');
  });

  it('entries with data descriptors (sizes after the data, as streaming zip writers make them) convert byte-exact', async () => {
    const z = new yazl.ZipFile();
    const a = randomBytes(300_000);
    const b = Buffer.from('second '.repeat(1000));
    z.addReadStream(Readable.from([a]), 'a.bin', { compress: false });
    z.addReadStream(Readable.from([b]), 'dir/b.txt', { compress: true });
    z.end();
    const buf = await collect(z.outputStream as unknown as Readable);
    const { z: checked, tail } = await check(buf);
    const files = await drain(pack(checked, tail, buf, '', { chunk: 4096 }));
    expect(files.get('file:a.bin')?.equals(a)).toBe(true);
    expect(files.get('file:dir/b.txt')?.equals(b)).toBe(true);
  });

  it('a zip of folders only, and an empty zip, need no body', async () => {
    for (const buf of [buildZip([{ name: 'a/', unixMode: 0o40755 }, { name: 'a/b/', unixMode: 0o40755 }]), buildZip([])]) {
      const { z, tail } = await check(buf);
      expect(bodyRange(tail, z.centralDirectoryOffset).end).toBe(0);
      const files = await drain(pack(z, tail, buf, ''));
      expect([...files.keys()]).toEqual(z.entries.map((e) => `directory:${e.name}/`));
    }
  });

  it('refuses a central directory larger than the tail budget', async () => {
    const buf = buildZip(Array.from({ length: 200 }, (_, i) => file(`f${i}.txt`)));
    const tail = new TailReader(buf.length, async (o, l) => buf.subarray(o, o + l), 1000);
    await expect(checkZip(tail, buf.length)).rejects.toMatchObject({ code: 'too-large', field: 'archive' });
  });

  it('a body cut short fails naming the entry', async () => {
    const e = await rejection(big(), undefined, (z) => z.subarray(0, 1_000_000));
    expect(e.field).toBe('b.bin');
    expect(e.message).toMatch(/cut short/);
  });

  it('a body with other data than the tail describes fails on the CRC, mid-stream', async () => {
    const e = await rejection(big(), undefined, (z) => Buffer.concat([z.subarray(0, 500_000), randomBytes(10), z.subarray(500_010)]));
    expect(e.field).toBe('b.bin');
    expect(e.message).toMatch(/CRC-32 mismatch/);
  });

  it('a local header naming another file than the central directory fails', async () => {
    const e = await rejection(big(), undefined, (z) => Buffer.concat([z.subarray(0, 30), Buffer.from('A'), z.subarray(31)]));
    expect(e.field).toBe('a.txt');
    expect(e.message).toMatch(/names another file/);
  });

  it('skipped files are read past, not written', async () => {
    const buf = big();
    const { z, tail } = await check(buf);
    const files = await drain(pack(z, tail, buf, '', { skip: new Set(['b.bin']) }));
    expect([...files.keys()].sort()).toEqual(['file:a.txt', 'file:c.txt']);
  });
});

describe('ByteQueue', () => {
  it('holds a push while more than its limit is queued, and a failure releases it', async () => {
    const q = new ByteQueue(10);
    let released = false;
    await q.push(Buffer.alloc(8));
    const held = q.push(Buffer.alloc(8)).then(() => (released = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(released).toBe(false);
    expect((await q.take(100))?.length).toBe(8);
    await held;
    expect(released).toBe(true);
    const blocked = q.push(Buffer.alloc(20));
    q.fail(new Error('gone'));
    await expect(blocked).rejects.toThrow('gone');
    await expect(q.take(1)).rejects.toThrow('gone');
  });

  it('reads exact spans across pushes, and says where the end cut them', async () => {
    const q = new ByteQueue();
    await q.push(Buffer.from('abc'));
    await q.push(Buffer.from('def'));
    q.end();
    expect((await q.exact(4, () => new Error('short'))).toString()).toBe('abcd');
    expect(q.position).toBe(4);
    await expect(q.exact(3, () => new Error('short'))).rejects.toThrow('short');
  });
});
