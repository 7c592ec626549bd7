import { crc32 } from 'node:zlib';

/**
 * A minimal streaming zip writer: stored entries only (no compression), UTF-8
 * names, zip64 where sizes, offsets or counts need it. Ours rather than
 * yazl's for downloads: yazl rescans its entry list on every step (quadratic:
 * 10,000 small files took 1.2 s of pure bookkeeping) and computes CRC-32 in
 * JavaScript, where Node's zlib.crc32 is native.
 *
 * Memory: the central directory (about 100 bytes per entry) until the end.
 */
const U32 = 0xffffffff;

function dosTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

interface CentralRecord {
  name: Buffer;
  crc: number;
  size: number;
  offset: number;
  time: { time: number; date: number };
  externalAttrs: number;
  flags: number;
}

export class ZipWriter {
  private offset = 0;
  private readonly central: CentralRecord[] = [];

  constructor(private readonly forceZip64 = false) {}

  private localHeader(name: Buffer, flags: number, crc: number, size: number, time: { time: number; date: number }, zip64: boolean): Buffer {
    // One buffer for the fixed part, the name and the zip64 extra (a header per small file: no concat).
    const h = Buffer.allocUnsafe(30 + name.length + (zip64 ? 20 : 0));
    name.copy(h, 30);
    if (zip64) {
      const x = 30 + name.length;
      h.writeUInt16LE(0x0001, x);
      h.writeUInt16LE(16, x + 2);
      h.writeBigUInt64LE(BigInt(size), x + 4);
      h.writeBigUInt64LE(BigInt(size), x + 12);
    }
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(zip64 ? 45 : 20, 4);
    h.writeUInt16LE(flags, 6);
    h.writeUInt16LE(0, 8);
    h.writeUInt16LE(time.time, 10);
    h.writeUInt16LE(time.date, 12);
    h.writeUInt32LE(crc >>> 0, 14);
    h.writeUInt32LE(zip64 ? U32 : size, 18);
    h.writeUInt32LE(zip64 ? U32 : size, 22);
    h.writeUInt16LE(name.length, 26);
    h.writeUInt16LE(zip64 ? 20 : 0, 28);
    return h;
  }

  /** A whole (small) file: header, data. */
  file(name: string, data: Buffer, mtime: Date, mode: number): Buffer {
    return Buffer.concat(this.fileParts(name, data, mtime, mode));
  }

  /** A whole (small) file as [header, data] (callers gathering many files concatenate once). */
  fileParts(name: string, data: Buffer, mtime: Date, mode: number): [Buffer, Buffer] {
    const n = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const time = dosTime(mtime);
    const zip64 = this.forceZip64 || data.length >= U32 || this.offset >= U32;
    const head = this.localHeader(n, 0x0800, crc, data.length, time, zip64);
    this.central.push({ name: n, crc, size: data.length, offset: this.offset, time, externalAttrs: (((0o100000 | mode) << 16) >>> 0), flags: 0x0800 });
    this.offset += head.length + data.length;
    return [head, data];
  }

  /** A streamed file: its header now, its chunks through `chunk`, its data descriptor from `end`. */
  startFile(name: string, mtime: Date, mode: number): { header: Buffer; chunk(b: Buffer): void; end(): Buffer } {
    const n = Buffer.from(name, 'utf8');
    const time = dosTime(mtime);
    // Sizes are unknown until the end: always zip64 in the descriptor (readers accept it with the zip64 extra).
    const header = this.localHeader(n, 0x0808, 0, 0, time, true);
    const offset = this.offset;
    this.offset += header.length;
    let crc = 0;
    let size = 0;
    return {
      header,
      chunk: (b) => {
        crc = crc32(b, crc);
        size += b.length;
        this.offset += b.length;
      },
      end: () => {
        const d = Buffer.alloc(24);
        d.writeUInt32LE(0x08074b50, 0);
        d.writeUInt32LE(crc >>> 0, 4);
        d.writeBigUInt64LE(BigInt(size), 8);
        d.writeBigUInt64LE(BigInt(size), 16);
        this.offset += d.length;
        this.central.push({ name: n, crc, size, offset, time, externalAttrs: (((0o100000 | mode) << 16) >>> 0), flags: 0x0808 });
        return d;
      },
    };
  }

  directory(name: string, mtime: Date, mode: number): Buffer {
    const n = Buffer.from(name.endsWith('/') ? name : `${name}/`, 'utf8');
    const time = dosTime(mtime);
    const zip64 = this.forceZip64 || this.offset >= U32;
    const head = this.localHeader(n, 0x0800, 0, 0, time, zip64);
    this.central.push({ name: n, crc: 0, size: 0, offset: this.offset, time, externalAttrs: ((((0o040000 | mode) << 16) | 0x10) >>> 0), flags: 0x0800 });
    this.offset += head.length;
    return head;
  }

  /** The central directory and end records. */
  finish(): Buffer {
    const start = this.offset;
    const parts: Buffer[] = [];
    for (const r of this.central) {
      const big = this.forceZip64 || r.size >= U32 || r.offset >= U32 || r.flags === 0x0808;
      const extra = big ? Buffer.alloc(28) : Buffer.alloc(0);
      if (big) {
        extra.writeUInt16LE(0x0001, 0);
        extra.writeUInt16LE(24, 2);
        extra.writeBigUInt64LE(BigInt(r.size), 4);
        extra.writeBigUInt64LE(BigInt(r.size), 12);
        extra.writeBigUInt64LE(BigInt(r.offset), 20);
      }
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE((3 << 8) | 45, 4);
      c.writeUInt16LE(big ? 45 : 20, 6);
      c.writeUInt16LE(r.flags, 8);
      c.writeUInt16LE(0, 10);
      c.writeUInt16LE(r.time.time, 12);
      c.writeUInt16LE(r.time.date, 14);
      c.writeUInt32LE(r.crc >>> 0, 16);
      c.writeUInt32LE(big ? U32 : r.size, 20);
      c.writeUInt32LE(big ? U32 : r.size, 24);
      c.writeUInt16LE(r.name.length, 28);
      c.writeUInt16LE(extra.length, 30);
      c.writeUInt32LE(r.externalAttrs, 38);
      c.writeUInt32LE(big ? U32 : r.offset, 42);
      parts.push(c, r.name, extra);
    }
    const cd = Buffer.concat(parts);
    const count = this.central.length;
    const needs64 = this.forceZip64 || count >= 0xffff || start >= U32 || cd.length >= U32;
    const tail: Buffer[] = [];
    if (needs64) {
      const z = Buffer.alloc(56);
      z.writeUInt32LE(0x06064b50, 0);
      z.writeBigUInt64LE(44n, 4);
      z.writeUInt16LE((3 << 8) | 45, 12);
      z.writeUInt16LE(45, 14);
      z.writeBigUInt64LE(BigInt(count), 24);
      z.writeBigUInt64LE(BigInt(count), 32);
      z.writeBigUInt64LE(BigInt(cd.length), 40);
      z.writeBigUInt64LE(BigInt(start), 48);
      const loc = Buffer.alloc(20);
      loc.writeUInt32LE(0x07064b50, 0);
      loc.writeBigUInt64LE(BigInt(start + cd.length), 8);
      loc.writeUInt32LE(1, 16);
      tail.push(z, loc);
    }
    const e = Buffer.alloc(22);
    e.writeUInt32LE(0x06054b50, 0);
    e.writeUInt16LE(needs64 ? 0xffff : count, 8);
    e.writeUInt16LE(needs64 ? 0xffff : count, 10);
    e.writeUInt32LE(needs64 ? U32 : cd.length, 12);
    e.writeUInt32LE(needs64 ? U32 : start, 16);
    this.offset += cd.length;
    return Buffer.concat([cd, ...tail, e]);
  }
}
