import { open, type FileHandle } from 'node:fs/promises';

/** Reads ahead this much on a miss: entries are read in file order, so most reads hit. */
const WINDOW = 4 * 1024 * 1024;

/**
 * Positioned reads of a spool file through one read-ahead window: reading
 * 10,000 small entries costs a few dozen syscalls instead of tens of
 * thousands. Memory: one window.
 */
export class SpoolReader {
  private fh: Promise<FileHandle> | undefined;
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(readonly path: string) {}

  private handle(): Promise<FileHandle> {
    this.fh ??= open(this.path, 'r');
    return this.fh;
  }

  /** Up to `length` bytes at `position` (fewer only at the end of the file). */
  async read(position: number, length: number): Promise<Buffer> {
    const end = position + length;
    if (position >= this.windowStart && end <= this.windowStart + this.window.length) {
      return this.window.subarray(position - this.windowStart, end - this.windowStart);
    }
    const fh = await this.handle();
    const size = Math.max(WINDOW, length);
    const buf = Buffer.allocUnsafe(size);
    const { bytesRead } = await fh.read(buf, 0, size, position);
    this.window = buf.subarray(0, bytesRead);
    this.windowStart = position;
    return this.window.subarray(0, Math.min(length, bytesRead));
  }

  async close(): Promise<void> {
    const fh = this.fh;
    this.fh = undefined;
    this.window = Buffer.alloc(0);
    if (fh) await (await fh).close().catch(() => {});
  }
}
