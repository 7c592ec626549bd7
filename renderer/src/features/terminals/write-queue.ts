/**
 * Feeds one xterm.js terminal from its stream, between the transport and
 * `term.write`.
 *
 * Why not write each frame as it arrives: measured in Chromium (bench
 * terminals), a flood delivered as many small writes costs the page far more
 * than the same bytes parsed in long runs — every write that finishes leaves a
 * gap in which the browser paints a frame (style, layout, paint of the DOM
 * rows), so frames per megabyte, not parsing, set the pace. Here, while xterm
 * is busy, arriving chunks wait and are then written as one (up to
 * `maxBatch` bytes, so a single parse stays short enough for input to get
 * through). An idle terminal gets each chunk at once: typing latency is
 * untouched.
 *
 * Acks still follow parsing: each chunk's `done` runs only once xterm has
 * parsed it, so the producer's flow control sees the terminal's real progress
 * and memory stays bounded by the flow window.
 *
 * A terminal that is not on screen is fed at background priority (when the
 * browser has `scheduler.postTask`), so a flood in a hidden tab does not delay
 * the keystroke echo of the visible one; its producer simply waits on the
 * flow window.
 */
export interface WriteTarget {
  write(data: Uint8Array, callback: () => void): void;
}

export type Schedule = (run: () => void) => void;

export interface WriteQueueOptions {
  /** Largest single write, in bytes. */
  maxBatch?: number;
  /** Largest single write while hidden: short parses, so the visible tab's input never waits long. */
  maxHiddenBatch?: number;
  /** Whether the terminal is on screen now. */
  visible: () => boolean;
  /** How a hidden terminal's next write is scheduled; defaults to background priority. */
  background?: Schedule;
}

export const MAX_BATCH = 256 * 1024;
export const MAX_HIDDEN_BATCH = 16 * 1024;

interface Pending {
  bytes: Uint8Array;
  done: () => void;
}

export class WriteQueue {
  private queue: Pending[] = [];
  private writing = false;
  private scheduled = false;
  private closed = false;
  private readonly maxBatch: number;
  private readonly maxHiddenBatch: number;
  private readonly background: Schedule;

  constructor(
    private readonly target: WriteTarget,
    private readonly opts: WriteQueueOptions,
  ) {
    this.maxBatch = opts.maxBatch ?? MAX_BATCH;
    this.maxHiddenBatch = opts.maxHiddenBatch ?? MAX_HIDDEN_BATCH;
    this.background = opts.background ?? backgroundTask;
  }

  /** Bytes waiting for xterm (not yet handed to it). */
  get queued(): number {
    return this.queue.reduce((n, p) => n + p.bytes.byteLength, 0);
  }

  push(bytes: Uint8Array, done: () => void): void {
    if (this.closed) return;
    this.queue.push({ bytes, done });
    this.pump();
  }

  /** Drops what has not been written and acks nothing more (the channel is gone or was reopened). */
  close(): void {
    this.closed = true;
    this.queue = [];
  }

  /** The terminal came on screen: what waits for a background turn is written now. */
  shown(): void {
    this.pump();
  }

  private pump(): void {
    if (this.writing || this.queue.length === 0 || this.closed) return;
    if (this.opts.visible()) {
      // A background turn still pending finds the terminal busy, or nothing to do.
      this.writeNext(this.maxBatch);
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    this.background(() => {
      this.scheduled = false;
      if (!this.writing) this.writeNext(this.opts.visible() ? this.maxBatch : this.maxHiddenBatch);
    });
  }

  private writeNext(max: number): void {
    if (this.closed || this.queue.length === 0) return;
    const batch = this.take(max);
    this.writing = true;
    const bytes = batch.length === 1 ? batch[0]!.bytes : concat(batch);
    this.target.write(bytes, () => {
      this.writing = false;
      // After close the channel is gone (or reopened under a new id): its acks would count against the new one.
      if (this.closed) return;
      for (const p of batch) p.done();
      this.pump();
    });
  }

  /**
   * The head of the queue up to `max` bytes. A first chunk larger than `max`
   * is split (its ack goes with its last piece) when hidden-sized writes are
   * asked for; a visible write takes it whole, as it came.
   */
  private take(max: number): Pending[] {
    const head = this.queue[0]!;
    if (max < this.maxBatch && head.bytes.byteLength > max) {
      const piece = { bytes: head.bytes.subarray(0, max), done: () => {} };
      head.bytes = head.bytes.subarray(max);
      return [piece];
    }
    let n = 0;
    let i = 0;
    while (i < this.queue.length && (i === 0 || n + this.queue[i]!.bytes.byteLength <= max)) {
      n += this.queue[i]!.bytes.byteLength;
      i++;
    }
    return this.queue.splice(0, i);
  }
}

function concat(batch: Pending[]): Uint8Array {
  const out = new Uint8Array(batch.reduce((n, p) => n + p.bytes.byteLength, 0));
  let o = 0;
  for (const p of batch) {
    out.set(p.bytes, o);
    o += p.bytes.byteLength;
  }
  return out;
}

interface PostTaskScheduler {
  postTask(cb: () => void, opts: { priority: 'background' }): Promise<unknown>;
}

/** Background priority where the browser has the Prioritized Task Scheduling API (Chromium, Electron); else a timer. */
export const backgroundTask: Schedule = (run) => {
  const s = (globalThis as { scheduler?: PostTaskScheduler }).scheduler;
  if (s?.postTask) void s.postTask(run, { priority: 'background' }).catch(() => undefined);
  else setTimeout(run, 16);
};
