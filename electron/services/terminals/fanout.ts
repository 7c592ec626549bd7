import type { ServerChannel } from '../../../shared/rpc/server';

/**
 * Output of one producer (a pty, an exec stream, a background job) shared by
 * any number of viewers, with:
 * - a bounded replay buffer of the latest output, so a reloaded renderer gets
 *   its screen back;
 * - brief batching of small chunks (a few milliseconds):
 *   fewer frames, fewer acks, same bytes;
 * - flow control: the producer is paused while any viewer is behind and
 *   resumed when all have caught up, so a flood never queues without bound.
 * Bytes are never decoded here.
 */
export interface Chunk<T> {
  tag: T;
  bytes: Buffer;
}

/** How long small chunks wait for company, and the most one batch holds. */
export const BATCH_DELAY_MS = 5;
export const BATCH_MAX_BYTES = 128 * 1024;
/** Replay slices stay well under the flow window so acks keep coming. */
const REPLAY_SLICE = 64 * 1024;

export class ReplayBuffer<T> {
  private chunks: Chunk<T>[] = [];
  private size = 0;
  /** Bytes ever appended, and bytes dropped from the front to stay under the cap. */
  total = 0;
  dropped = 0;

  /**
   * @param cutAtLine after dropping part of a chunk, also drop up to the next
   *   newline, so a replay does not start inside an escape sequence or a
   *   multi-byte character.
   */
  constructor(
    private readonly cap: number,
    private readonly cutAtLine: boolean,
  ) {}

  append(tag: T, bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.chunks.push({ tag, bytes });
    this.size += bytes.length;
    this.total += bytes.length;
    while (this.size > this.cap && this.chunks.length > 0) {
      const first = this.chunks[0]!;
      const excess = this.size - this.cap;
      if (first.bytes.length <= excess) {
        this.chunks.shift();
        this.size -= first.bytes.length;
        this.dropped += first.bytes.length;
        continue;
      }
      let rest = first.bytes.subarray(excess);
      if (this.cutAtLine && first.bytes[excess - 1] !== 0x0a) {
        const nl = rest.indexOf(0x0a);
        rest = nl >= 0 ? rest.subarray(nl + 1) : rest.subarray(rest.length);
      }
      const cut = first.bytes.length - rest.length;
      this.size -= cut;
      this.dropped += cut;
      // Copy so the dropped part of a large buffer can be freed.
      if (rest.length === 0) this.chunks.shift();
      else first.bytes = Buffer.from(rest);
    }
  }

  get bytes(): number {
    return this.size;
  }

  snapshot(): Chunk<T>[] {
    return this.chunks.slice();
  }
}

export class Batcher<T> {
  private pending: Buffer[] = [];
  private pendingTag: T | undefined;
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = -Infinity;

  constructor(
    private readonly out: (tag: T, bytes: Buffer) => void,
    private readonly delayMs = BATCH_DELAY_MS,
    private readonly maxBytes = BATCH_MAX_BYTES,
  ) {}

  push(tag: T, bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.size > 0 && tag !== this.pendingTag) this.flush();
    this.pendingTag = tag;
    this.pending.push(bytes);
    this.size += bytes.length;
    if (this.size >= this.maxBytes) this.flush();
    // Output after a quiet spell (a keystroke's echo) goes at once; only what follows it within the
    // delay is batched, so typing does not pay the batch delay and a flood still travels in batches.
    else if (!this.timer && performance.now() - this.lastFlush >= this.delayMs) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.size === 0) return;
    this.lastFlush = performance.now();
    const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.size);
    const tag = this.pendingTag as T;
    this.pending = [];
    this.size = 0;
    this.out(tag, bytes);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

interface Viewer<T> {
  send(tag: T, bytes: Buffer): void;
  paused: boolean;
}

export interface FanoutOptions {
  replayBytes: number;
  cutAtLine: boolean;
  pause(): void;
  resume(): void;
}

export class Fanout<T> {
  readonly replay: ReplayBuffer<T>;
  private readonly batcher: Batcher<T>;
  private readonly viewers = new Set<Viewer<T>>();
  private producerPaused = false;

  constructor(private readonly opts: FanoutOptions) {
    this.replay = new ReplayBuffer<T>(opts.replayBytes, opts.cutAtLine);
    this.batcher = new Batcher<T>((tag, bytes) => this.deliver(tag, bytes));
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  get paused(): boolean {
    return this.producerPaused;
  }

  write(tag: T, bytes: Buffer): void {
    this.batcher.push(tag, bytes);
  }

  /** Sends whatever waits in the batch now (before an end notice, say). */
  flush(): void {
    this.batcher.flush();
  }

  /**
   * Adds a viewer: the kept output first (when asked), then live output, in
   * order. `after` runs right after the replay, before any live byte.
   */
  attach<E, P>(
    ch: ServerChannel<E, P>,
    toEvent: (tag: T) => E,
    opts: { replay: boolean; after?: () => void },
  ): void {
    // Anything still in the batch is not in the replay yet: send it to the
    // existing viewers first so the new one sees it exactly once, after the replay.
    this.batcher.flush();
    const viewer: Viewer<T> = {
      paused: false,
      send: (tag, bytes) => {
        ch.emit(toEvent(tag), bytes);
      },
    };
    if (opts.replay) {
      for (const c of this.replay.snapshot()) {
        for (let i = 0; i < c.bytes.length; i += REPLAY_SLICE) viewer.send(c.tag, c.bytes.subarray(i, i + REPLAY_SLICE));
      }
    }
    opts.after?.();
    if (ch.signal.aborted) return;
    this.viewers.add(viewer);
    const off = ch.onFlow((paused) => {
      viewer.paused = paused;
      this.updateFlow();
    });
    ch.onClose(() => {
      off();
      this.viewers.delete(viewer);
      this.updateFlow();
    });
  }

  dispose(): void {
    this.batcher.dispose();
  }

  private deliver(tag: T, bytes: Buffer): void {
    this.replay.append(tag, bytes);
    for (const v of this.viewers) v.send(tag, bytes);
  }

  private updateFlow(): void {
    let behind = false;
    for (const v of this.viewers) if (v.paused) behind = true;
    if (behind && !this.producerPaused) {
      this.producerPaused = true;
      this.opts.pause();
    } else if (!behind && this.producerPaused) {
      this.producerPaused = false;
      this.opts.resume();
    }
  }
}
