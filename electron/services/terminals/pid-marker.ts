/**
 * Our exec wrapper prints `ESC ] 7337 ; PID BEL` before it `exec`s the real
 * program, so we learn the program's PID inside the container (the Engine API
 * only gives the host PID, useless when the engine runs in a VM) and can kill
 * its whole process tree later. This strips that marker from the front of the
 * stream; everything after it passes through untouched, as bytes.
 */
export const PID_MARKER_PRINTF = `printf '\\033]7337;%s\\007' "$$"`;

const PREFIX = Buffer.from('\x1b]7337;');
const BEL = 0x07;
/** The marker is at most PREFIX + 10 digits + BEL; anything longer is not ours. */
const MAX_MARKER = PREFIX.length + 11;

export class PidMarkerParser {
  private head: Buffer | null = Buffer.alloc(0);
  pid: number | null = null;

  /** Feeds a chunk; returns the bytes that belong to the program's output. */
  push(chunk: Buffer): Buffer {
    if (this.head === null) return chunk;
    const buf = this.head.length ? Buffer.concat([this.head, chunk]) : chunk;
    const prefixLen = Math.min(buf.length, PREFIX.length);
    if (!buf.subarray(0, prefixLen).equals(PREFIX.subarray(0, prefixLen))) return this.giveUp(buf);
    const bel = buf.indexOf(BEL, PREFIX.length);
    if (bel < 0) {
      if (buf.length >= MAX_MARKER) return this.giveUp(buf);
      this.head = buf;
      return Buffer.alloc(0);
    }
    const digits = buf.subarray(PREFIX.length, bel).toString('latin1');
    if (!/^\d{1,10}$/.test(digits)) return this.giveUp(buf);
    this.pid = Number(digits);
    this.head = null;
    return buf.subarray(bel + 1);
  }

  /** Whatever was held back while waiting for more of a marker (at stream end). */
  flush(): Buffer {
    const rest = this.head ?? Buffer.alloc(0);
    this.head = null;
    return rest;
  }

  private giveUp(buf: Buffer): Buffer {
    this.head = null;
    return buf;
  }
}
