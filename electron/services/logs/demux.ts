/**
 * Splits the engine's multiplexed log/attach stream of a non-TTY container:
 * each frame is an 8-byte header (stream type, 3 zero bytes, big-endian
 * payload size) then the payload. Frames may straddle chunks anywhere.
 */
export type FrameStream = 'stdout' | 'stderr';

const HEADER = 8;

export class LogDemuxer {
  private pending: Buffer = Buffer.alloc(0);

  /** Calls `onFrame` for every whole frame now available; keeps the rest. */
  push(chunk: Buffer, onFrame: (stream: FrameStream, payload: Buffer) => void): void {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let off = 0;
    while (buf.length - off >= HEADER) {
      const type = buf[off]!;
      const size = buf.readUInt32BE(off + 4);
      if (buf.length - off - HEADER < size) break;
      const payload = buf.subarray(off + HEADER, off + HEADER + size);
      off += HEADER + size;
      // 0 is stdin (never in logs); treat anything unknown as stdout rather than drop output.
      onFrame(type === 2 ? 'stderr' : 'stdout', payload);
    }
    buf = buf.subarray(off);
    // Copy so a small remainder does not pin a large chunk in memory.
    this.pending = buf.length ? Buffer.from(buf) : Buffer.alloc(0);
  }

  /** Bytes of an incomplete frame still held. */
  get buffered(): number {
    return this.pending.length;
  }
}
