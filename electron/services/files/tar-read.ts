import type { Readable } from 'node:stream';
import { ByteQueue } from './zip-source';

/**
 * A minimal streaming tar reader (USTAR, PAX path/linkpath/size/mtime records,
 * GNU long names) for the engine's archives. Ours rather than tar-stream's for
 * downloads: tar-stream hands out a stream per entry through several async
 * hops, which for 10,000 small files cost more than the engine took to send
 * them. Here a header is parsed straight from the buffered bytes and a small
 * file's data are a view of them.
 */
export type TarType = 'file' | 'link' | 'symlink' | 'character-device' | 'block-device' | 'directory' | 'fifo' | 'other';

export interface TarEntry {
  name: string;
  type: TarType;
  size: number;
  mode: number;
  mtime: Date;
  linkname: string;
}

const TYPES: Record<string, TarType> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'link',
  '2': 'symlink',
  '3': 'character-device',
  '4': 'block-device',
  '5': 'directory',
  '6': 'fifo',
};

function cstring(b: Buffer, start: number, length: number): string {
  const end = b.indexOf(0, start);
  return b.toString('utf8', start, end < 0 || end > start + length ? start + length : end);
}

function numeric(b: Buffer, start: number, length: number): number {
  // GNU base-256 for values octal cannot hold.
  if (b[start]! & 0x80) {
    let v = b[start]! & 0x7f;
    for (let i = start + 1; i < start + length; i++) v = v * 256 + b[i]!;
    return v;
  }
  let v = 0;
  let i = start;
  const end = start + length;
  while (i < end && b[i] === 0x20) i++;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c < 0x30 || c > 0x37) break;
    v = v * 8 + (c - 0x30);
  }
  return v;
}

function checksumOk(b: Buffer): boolean {
  let sum = 8 * 0x20;
  for (let i = 0; i < 148; i++) sum += b[i]!;
  for (let i = 156; i < 512; i++) sum += b[i]!;
  return sum === numeric(b, 148, 8);
}

function isZeroBlock(b: Buffer): boolean {
  for (let i = 0; i < 512; i++) if (b[i] !== 0) return false;
  return true;
}

function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const len = parseInt(data.toString('latin1', i, space), 10);
    if (!(len > 0)) break;
    const record = data.toString('utf8', space + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    i += len;
  }
  return out;
}

const broken = () => new Error('The archive from the engine is truncated');

export class TarReader {
  private readonly queue = new ByteQueue(1024 * 1024);
  /** Data of the current entry not yet read. */
  private left = 0;
  private pad = 0;

  constructor(source: Readable) {
    void (async () => {
      for await (const chunk of source as AsyncIterable<Buffer>) await this.queue.push(chunk);
      this.queue.end();
    })().catch((e: Error) => this.queue.fail(e));
  }

  /** Stops reading (the source is the caller's to destroy). */
  close(): void {
    this.queue.fail(new Error('closed'));
  }

  /** The next entry's header; null at the end of the archive. Skips what was left of the previous entry. */
  async next(): Promise<TarEntry | null> {
    await this.queue.skip(this.left + this.pad, broken);
    this.left = 0;
    this.pad = 0;
    let pax: Map<string, string> | undefined;
    let longName: string | undefined;
    let longLink: string | undefined;
    for (;;) {
      const b = await this.queue.take(512).then((first) => (first && first.length === 512 ? first : this.rest(first)));
      if (!b || isZeroBlock(b)) return null;
      if (!checksumOk(b)) throw new Error('The archive from the engine has a damaged header (checksum)');
      const flag = String.fromCharCode(b[156]!);
      const size = numeric(b, 124, 12);
      const pad = (512 - (size % 512)) % 512;
      if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
        const data = await this.queue.exact(size, broken);
        await this.queue.skip(pad, broken);
        if (flag === 'x') pax = paxRecords(data);
        else if (flag === 'L') longName = cstring(data, 0, data.length);
        else if (flag === 'K') longLink = cstring(data, 0, data.length);
        // 'g' (global records) changes nothing this reader reports.
        continue;
      }
      let name = cstring(b, 0, 100);
      if (b.toString('latin1', 257, 263) === 'ustar\0') {
        const prefix = cstring(b, 345, 155);
        if (prefix) name = `${prefix}/${name}`;
      }
      const entry: TarEntry = {
        name: pax?.get('path') ?? longName ?? name,
        type: TYPES[flag] ?? 'other',
        size: pax?.has('size') ? Number(pax.get('size')) : size,
        mode: numeric(b, 100, 8),
        mtime: new Date((pax?.has('mtime') ? Number(pax.get('mtime')) : numeric(b, 136, 12)) * 1000),
        linkname: pax?.get('linkpath') ?? longLink ?? cstring(b, 157, 100),
      };
      this.left = entry.size;
      this.pad = (512 - (entry.size % 512)) % 512;
      return entry;
    }
  }

  private async rest(first: Buffer | null): Promise<Buffer | null> {
    if (!first) return null;
    const more = await this.queue.exact(512 - first.length, broken);
    return Buffer.concat([first, more], 512);
  }

  /** The current entry's data whole (a view when they lie in one pushed chunk). */
  async read(): Promise<Buffer> {
    const data = await this.queue.exact(this.left, broken);
    this.left = 0;
    return data;
  }

  /** The current entry's data as they arrive. */
  async *stream(): AsyncGenerator<Buffer> {
    while (this.left > 0) {
      const b = await this.queue.take(this.left);
      if (!b) throw broken();
      this.left -= b.length;
      yield b;
    }
  }
}
