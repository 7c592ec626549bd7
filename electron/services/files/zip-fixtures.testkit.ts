import type { Readable } from 'node:stream';
import { deflateRawSync, crc32 } from 'node:zlib';
import yauzl from 'yauzl';

/**
 * A raw zip writer for tests: every field can lie, so hostile and broken
 * archives (slip names, symlinks, bombs, overlaps, bad CRCs…) are generated
 * here rather than checked in as binaries.
 */
export interface RawEntry {
  name: string | Buffer;
  data?: Buffer;
  deflate?: boolean;
  crc?: number;
  /** Declared uncompressed size (defaults to the real one). */
  size?: number;
  flags?: number;
  /** Unix mode (e.g. 0o120777 for a symlink); sets "made by Unix". */
  unixMode?: number;
  /** Point this entry's central record at another entry's local header. */
  sameLocalAs?: number;
}

export function buildZip(entries: RawEntry[], opts: { truncateTo?: number } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  entries.forEach((e, i) => {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const data = e.data ?? Buffer.alloc(0);
    const body = e.deflate ? deflateRawSync(data) : data;
    const crc = e.crc ?? crc32(data);
    const size = e.size ?? data.length;
    const flags = e.flags ?? (typeof e.name === 'string' ? 0x800 : 0);
    const method = e.deflate ? 8 : 0;
    let localOffset = offset;
    if (e.sameLocalAs !== undefined) {
      localOffset = offsets[e.sameLocalAs]!;
    } else {
      const h = Buffer.alloc(30);
      h.writeUInt32LE(0x04034b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(flags, 6);
      h.writeUInt16LE(method, 8);
      h.writeUInt16LE(0, 10);
      h.writeUInt16LE(0x21, 12);
      h.writeUInt32LE(crc >>> 0, 14);
      h.writeUInt32LE(body.length, 18);
      h.writeUInt32LE(size, 22);
      h.writeUInt16LE(name.length, 26);
      h.writeUInt16LE(0, 28);
      locals.push(h, name, body);
      offset += 30 + name.length + body.length;
    }
    offsets[i] = localOffset;
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(e.unixMode !== undefined ? (3 << 8) | 20 : 20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(method, 10);
    c.writeUInt16LE(0, 12);
    c.writeUInt16LE(0x21, 14);
    c.writeUInt32LE(crc >>> 0, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(e.unixMode !== undefined ? ((e.unixMode << 16) >>> 0) : 0, 38);
    c.writeUInt32LE(localOffset, 42);
    centrals.push(c, name);
  });
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  const all = Buffer.concat([...locals, cd, end]);
  return opts.truncateTo !== undefined ? all.subarray(0, opts.truncateTo) : all;
}

export async function collect(s: Readable | NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

/** A zip's entries by name, read with a standard reader; folders too (empty) when asked. */
export async function unzip(buf: Buffer, opts: { folders?: boolean } = {}): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) => yauzl.fromBuffer(buf, { lazyEntries: true }, (e, z) => (e ? rej(e) : res(z!))));
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      if (e.fileName.endsWith('/')) {
        if (opts.folders) out.set(e.fileName, Buffer.alloc(0));
        zip.readEntry();
        return;
      }
      zip.openReadStream(e, (err, s) => {
        if (err) return reject(err);
        void collect(s).then((b) => {
          out.set(e.fileName, b);
          zip.readEntry();
        }, reject);
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}
