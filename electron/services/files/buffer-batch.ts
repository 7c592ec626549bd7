/**
 * Small records (tar headers, zip records of small files) gathered into one
 * buffer, so the stream downstream takes one hop per batch rather than one per
 * record — which dominated with 10,000 small files.
 */
export class BufferBatch {
  private parts: Buffer[] = [];
  /** Bytes gathered so far. */
  size = 0;

  add(b: Buffer): void {
    this.parts.push(b);
    this.size += b.length;
  }

  /** Everything gathered, as one buffer; the batch starts empty again. */
  take(): Buffer {
    const out = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    return out;
  }
}
