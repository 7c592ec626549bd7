import type { LogStream } from '../../../shared/contract/logs';

/**
 * Gathers consecutive lines of the same source and stream into one event
 * (order across streams is kept: a line of another stream flushes the run).
 * Flushes at BATCH_BYTES or after BATCH_MS, so a
 * chatty container costs a few events per frame instead of one per line.
 */
export const BATCH_BYTES = 64 * 1024;
export const BATCH_MS = 16;

export type SendBatch = (source: number, stream: LogStream, count: number, bytes: Buffer) => void;

export class LineBatcher {
  private source = -1;
  private stream: LogStream = 'stdout';
  private lines: Buffer[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly send: SendBatch) {}

  add(source: number, stream: LogStream, line: Buffer): void {
    if (this.lines.length && (source !== this.source || stream !== this.stream)) this.flush();
    this.source = source;
    this.stream = stream;
    this.lines.push(line);
    this.bytes += line.length;
    if (this.bytes >= BATCH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.lines.length) return;
    const lines = this.lines;
    const bytes = lines.length === 1 ? lines[0]! : Buffer.concat(lines, this.bytes);
    this.lines = [];
    this.bytes = 0;
    this.send(this.source, this.stream, lines.length, bytes);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lines = [];
    this.bytes = 0;
  }
}
