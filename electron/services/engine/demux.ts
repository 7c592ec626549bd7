/**
 * Splits the Engine's multiplexed stream of a non-TTY exec (8-byte headers:
 * stream type, 3 zero bytes, big-endian length) into stdout and stderr frames,
 * keeping payloads as bytes. Frames may be split across chunks in any way.
 */
export type DemuxStream = 'stdout' | 'stderr';

export class Demuxer {
  private pending: Buffer = Buffer.alloc(0);
  private need = 0;
  private stream: DemuxStream = 'stdout';

  constructor(private readonly onFrame: (stream: DemuxStream, bytes: Buffer) => void) {}

  push(chunk: Buffer): void {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (buf.length > 0) {
      if (this.need > 0) {
        const take = Math.min(this.need, buf.length);
        this.onFrame(this.stream, buf.subarray(0, take));
        this.need -= take;
        buf = buf.subarray(take);
        continue;
      }
      if (buf.length < 8) {
        this.pending = Buffer.from(buf);
        return;
      }
      // 0 is stdin (never sent to us), 1 stdout, 2 stderr; treat anything else as stdout.
      this.stream = buf[0] === 2 ? 'stderr' : 'stdout';
      this.need = buf.readUInt32BE(4);
      buf = buf.subarray(8);
    }
  }
}
