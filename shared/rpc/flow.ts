/**
 * Credit-based flow control shared by every channel that carries bulk data.
 *
 * A producer pauses once more than HIGH_WATERMARK units are unacknowledged and
 * resumes when the consumer has caught up to LOW_WATERMARK. Consumers ack in
 * batches of ACK_BATCH so acks cost little. Units are bytes for byte streams
 * and 1 per event for value-only events.
 */
export const FlowControl = {
  /** Pause the producer above this many unacknowledged units. */
  HIGH_WATERMARK: 100_000,
  /** Resume the producer once unacknowledged units fall below this. */
  LOW_WATERMARK: 5_000,
  /** Consumers ack once they have processed this many units. */
  ACK_BATCH: 5_000,
} as const;

/**
 * The most bytes one push may carry. Uploads send 1 MiB chunks (their reader's
 * best size); the client splits anything larger (a big paste) into pushes of
 * this size. With the window this bounds what one channel holds on the server
 * at HIGH_WATERMARK + MAX_PUSH_BYTES: the client sends only while its window is
 * open, so a push arriving while the server holds more than the window broke
 * the protocol.
 */
export const MAX_PUSH_BYTES = 1024 * 1024;

/** Units an envelope counts for in flow control. */
export function flowUnits(bytes: Uint8Array | undefined): number {
  return bytes && bytes.byteLength > 0 ? bytes.byteLength : 1;
}

/**
 * Producer side: counts what was sent and not yet acked, and says when to
 * pause and resume. One per channel per direction.
 */
export class Credit {
  private unacked = 0;
  private paused = false;
  private readonly waiters: Array<() => void> = [];
  private readonly listeners = new Set<(paused: boolean) => void>();

  constructor(
    private readonly high: number = FlowControl.HIGH_WATERMARK,
    private readonly low: number = FlowControl.LOW_WATERMARK,
  ) {}

  get isPaused(): boolean {
    return this.paused;
  }

  get outstanding(): number {
    return this.unacked;
  }

  /** Records `n` units sent; returns false when the producer should now pause. */
  sent(n: number): boolean {
    this.unacked += n;
    if (!this.paused && this.unacked > this.high) this.set(true);
    return !this.paused;
  }

  acked(n: number): void {
    this.unacked = Math.max(0, this.unacked - n);
    if (this.paused && this.unacked < this.low) this.set(false);
  }

  /** Resolves when the producer may send again. */
  ready(): Promise<void> {
    if (!this.paused) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  onChange(listener: (paused: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Releases every waiter, e.g. when the channel closes. */
  release(): void {
    this.paused = false;
    this.waiters.splice(0).forEach((w) => w());
  }

  private set(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.waiters.splice(0).forEach((w) => w());
    this.listeners.forEach((l) => l(paused));
  }
}

/**
 * Consumer side: batches acks so one is sent every ACK_BATCH units. The ack
 * goes at the end of the current task (a microtask), so a consumer that
 * finishes many events at once — xterm parsing a coalesced write — sends one
 * ack, not one per event.
 */
export class AckBatcher {
  private pending = 0;
  private scheduled = false;
  constructor(
    private readonly sendAck: (n: number) => void,
    private readonly batch: number = FlowControl.ACK_BATCH,
  ) {}

  consumed(n: number): void {
    this.pending += n;
    if (this.pending < this.batch || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.pending >= this.batch) this.flush();
    });
  }

  flush(): void {
    if (this.pending > 0) {
      const n = this.pending;
      this.pending = 0;
      this.sendAck(n);
    }
  }
}
