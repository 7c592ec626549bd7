import yauzl from 'yauzl';
import { BerthError } from '../../../shared/contract/errors';

/** Asks the client for the bytes [offset, offset + length) of the zip and resolves with all of them. */
export type FetchRange = (offset: number, length: number) => Promise<Buffer>;

/**
 * The largest zip tail (end records + central directory) kept in memory. A
 * central directory costs ~50 bytes plus the name per entry: 100,000 entries
 * with long names still fit.
 */
export const MAX_TAIL = 32 * 1024 * 1024;

/**
 * yauzl's reader over the zip's tail, fetched from the client on demand: the
 * first read (the end-of-central-directory search) fetches the last 64 KiB,
 * the first read of the central directory fetches everything from there to
 * what is already held. The cache only grows downwards and stays contiguous,
 * up to MAX_TAIL; nothing before it is ever read here.
 */
export class TailReader extends yauzl.RandomAccessReader {
  private cache: Buffer = Buffer.alloc(0);
  private start: number;

  constructor(
    readonly size: number,
    private readonly fetch: FetchRange,
    private readonly max = MAX_TAIL,
  ) {
    super();
    this.start = size;
  }

  /** The first byte held. */
  get cacheStart(): number {
    return this.start;
  }

  /** Held bytes [from, to) (both within the cache). */
  slice(from: number, to: number): Buffer {
    return this.cache.subarray(from - this.start, to - this.start);
  }

  private async ensure(position: number): Promise<void> {
    if (position >= this.start) return;
    if (this.size - position > this.max) {
      throw new BerthError('too-large', `The zip's central directory is larger than ${this.max / 1024 / 1024} MiB.`, { field: 'archive' });
    }
    const got = await this.fetch(position, this.start - position);
    this.cache = this.cache.length ? Buffer.concat([got, this.cache]) : got;
    this.start = position;
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    if (position < 0 || position + length > this.size) {
      callback(new Error(`read of ${length} bytes at ${position} is outside the ${this.size}-byte file`));
      return;
    }
    this.ensure(position).then(
      () => {
        this.cache.copy(buffer, offset, position - this.start, position - this.start + length);
        callback(null);
      },
      (e: Error) => callback(e),
    );
  }

  override _readStreamForRange(): never {
    // Entry data are never read through yauzl: they arrive in order through a ByteQueue.
    throw new Error('TailReader serves the central directory only');
  }
}

/**
 * What of the zip must still come as its body once the tail is held: the bytes
 * [0, end) from the client, then `rest` (entry data the tail fetch already
 * brought, up to the central directory) from the cache.
 */
export function bodyRange(tail: TailReader, centralDirectoryOffset: number): { end: number; rest: Buffer } {
  const end = Math.min(centralDirectoryOffset, tail.cacheStart);
  return { end, rest: tail.slice(end, Math.max(end, centralDirectoryOffset)) };
}

/**
 * The zip's body as it arrives, in order, read once from front to back by the
 * zip→tar converter. Pushes wait while more than `limit` bytes are queued
 * (that wait holds the client's ack: backpressure down to the sender), so
 * memory stays at `limit` plus one chunk. There is no going back: asking for a
 * byte before `position` is the caller's error (overlapping entries).
 */
export class ByteQueue {
  private chunks: Buffer[] = [];
  private queued = 0;
  private ended = false;
  private error: Error | undefined;
  private readable: (() => void) | undefined;
  private writable: (() => void) | undefined;
  /** Absolute offset (in the zip) of the next byte to be read. */
  position = 0;

  constructor(private readonly limit = 8 * 1024 * 1024) {}

  /** Queues bytes; resolves once there is room for more. */
  async push(b: Buffer): Promise<void> {
    if (this.error) throw this.error;
    if (this.ended) throw new Error('push after end');
    if (b.length === 0) return;
    this.chunks.push(b);
    this.queued += b.length;
    this.wakeReader();
    while (this.queued > this.limit && !this.error) await new Promise<void>((r) => (this.writable = r));
    if (this.error) throw this.error;
  }

  end(): void {
    this.ended = true;
    this.wakeReader();
  }

  /** Fails every waiting and later read and push. */
  fail(e: Error): void {
    this.error ??= e;
    this.chunks = [];
    this.queued = 0;
    this.wakeReader();
    this.wakeWriter();
  }

  private wakeReader(): void {
    const r = this.readable;
    this.readable = undefined;
    r?.();
  }

  private wakeWriter(): void {
    const w = this.writable;
    this.writable = undefined;
    w?.();
  }

  /** Resolves when at least one byte is queued; false at the end. */
  private async fill(): Promise<boolean> {
    while (this.queued === 0) {
      if (this.error) throw this.error;
      if (this.ended) return false;
      await new Promise<void>((r) => (this.readable = r));
    }
    if (this.error) throw this.error;
    return true;
  }

  private consume(n: number): Buffer {
    const first = this.chunks[0]!;
    let out: Buffer;
    if (n >= first.length) {
      out = first;
      this.chunks.shift();
    } else {
      out = first.subarray(0, n);
      this.chunks[0] = first.subarray(n);
    }
    this.queued -= out.length;
    this.position += out.length;
    if (this.queued <= this.limit) this.wakeWriter();
    return out;
  }

  /** The next 1..max bytes as they were pushed (no copy); null at the end. */
  async take(max: number): Promise<Buffer | null> {
    if (!(await this.fill())) return null;
    return this.consume(Math.min(max, this.chunks[0]!.length));
  }

  /** Exactly n bytes (copied together when they span pushes); throws `short` at the end. */
  async exact(n: number, short: () => Error): Promise<Buffer> {
    if (n === 0) return Buffer.alloc(0);
    const first = await this.take(n);
    if (!first) throw short();
    if (first.length === n) return first;
    const parts = [first];
    let got = first.length;
    while (got < n) {
      const b = await this.take(n - got);
      if (!b) throw short();
      parts.push(b);
      got += b.length;
    }
    return Buffer.concat(parts, n);
  }

  /** Drops n bytes; throws `short` at the end. */
  async skip(n: number, short: () => Error): Promise<void> {
    while (n > 0) {
      const b = await this.take(n);
      if (!b) throw short();
      n -= b.length;
    }
  }
}
