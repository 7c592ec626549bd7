/**
 * Feeds one xterm.js terminal from its stream, between the transport and
 * `term.write`.
 *
 * Why not write each frame as it arrives: measured in Chromium (bench
 * terminals, and a trace of it), a flood delivered as many small writes costs
 * the page far more than the same bytes parsed in longer runs — each short
 * parse leaves a gap in which the browser paints a frame (style, layout, paint
 * of the DOM rows), so frames per megabyte, not parsing, set the pace. Here,
 * while xterm is busy, arriving chunks wait and are then written together.
 *
 * How much together is a time budget, not a byte count: xterm parses a
 * single write without yielding, and its speed varies tenfold with the
 * content (`yes` — a line feed and a scroll every 2 bytes — parses near
 * 1 MB/s, long lines near 15 MB/s). The queue measures the parse rate of its
 * own writes and sizes the next one to about `budgetMs` of parsing, so the
 * page still paints and takes keystrokes ~30 times a second during a flood.
 * An idle terminal gets each chunk at once: typing latency is untouched.
 *
 * Acks still follow parsing: each chunk's `done` runs only once xterm has
 * parsed all of it, so the producer's flow control sees the terminal's real
 * progress and memory stays bounded by the flow window.
 *
 * A terminal that is not on screen is fed at background priority (when the
 * browser has `scheduler.postTask`) in writes of a few milliseconds, and not
 * at all while the user is typing (`hiddenWait`), so a flood in a hidden tab
 * does not delay the keystroke echo of the visible one; its producer simply
 * waits on the flow window, and catches up between keystrokes.
 *
 * Ctrl+C during a flood (see `interrupt`): the tty answers an interrupt by
 * discarding the output it still holds (POSIX: unless NOFLSH) and echoing
 * `^C`. Between the tty and this page sit more queues than the tty's own —
 * the engine alone buffers about 1 MB per exec stream — and xterm parses a
 * `yes` flood near 1.5 MB/s, so without help the prompt came back after
 * ~0.5 s of stale lines. The queue treats those queues as part of the tty's
 * output queue: output that arrives before the `^C` echo is discarded, as the
 * tty would have. It is held, not dropped, until the echo shows; if none comes
 * (a program that reads Ctrl+C as a key, `stty -echoctl`), everything held is
 * written as it came, late but whole.
 */
export interface WriteTarget {
  write(data: Uint8Array, callback: () => void): void;
}

export type Schedule = (run: () => void) => void;

export interface WriteQueueOptions {
  /** Whether the terminal is on screen now. */
  visible: () => boolean;
  /** How a hidden terminal's next write is scheduled; defaults to background priority. */
  background?: Schedule;
  /** Parsing time one write should take, visible and hidden. */
  budgetMs?: { visible: number; hidden: number };
  /** Bounds of one write, in bytes. */
  minBatch?: number;
  maxBatch?: number;
  /** Clock, for tests. */
  now?: () => number;
  /** How long hidden terminals should wait before their next write (the user is typing elsewhere). */
  hiddenWait?: () => number;
  /** Timers (the interrupt's wait, a hidden terminal's pause), for tests. */
  setTimer?: (run: () => void, ms: number) => () => void;
}

export const BUDGET_MS = { visible: 25, hidden: 4 };
/**
 * An interrupt discards only during a flood: at least this much output
 * arrived in the last FLOOD_WINDOW_MS or waits for xterm. A quiet shell or a
 * REPL loses nothing and waits for nothing.
 */
export const INTERRUPT_BACKLOG = 64 * 1024;
export const FLOOD_WINDOW_MS = 250;
/** How long an interrupt waits for the tty's `^C` echo before writing what it held. */
export const INTERRUPT_WAIT_MS = 1_000;
/** Held output acked at once up to this much; past it the producer waits on the flow window. */
export const INTERRUPT_HOLD_MAX = 4 * 1024 * 1024;
export const MIN_BATCH = 4 * 1024;
export const MAX_BATCH = 256 * 1024;
/** Assumed until measured: a slow, line-heavy flood (bytes per ms). */
const INITIAL_RATE = 1000;

interface Pending {
  bytes: Uint8Array;
  /** Undefined for the leading pieces of a split chunk: the ack goes with its last piece. */
  done?: () => void;
  /** A mark (see `mark`): no bytes; never written together with what is on either side of it. */
  barrier?: true;
}

/** Output held after an interrupt while the queue looks for the tty's `^C` echo. */
interface Flush {
  held: Pending[];
  bytes: number;
  /** The last held byte was `^`: a `C` first in the next chunk completes the echo. */
  caret: boolean;
  cancelTimer: () => void;
}

const CARET = 0x5e;
const C = 0x43;
/** CAN: ends whatever escape sequence the discarded output left open, so `^C` prints as text. */
const CAN = 0x18;

/** Index of `^C` in `bytes` (-1 when `caretBefore` and `bytes` starts with `C`), or null. */
export function findCtrlCEcho(bytes: Uint8Array, caretBefore: boolean): number | null {
  if (caretBefore && bytes[0] === C) return -1;
  for (let i = bytes.indexOf(CARET); i >= 0 && i < bytes.length - 1; i = bytes.indexOf(CARET, i + 1)) {
    if (bytes[i + 1] === C) return i;
  }
  return null;
}

export class WriteQueue {
  private queue: Pending[] = [];
  /** Bytes of the write xterm is parsing now. */
  private inXterm = 0;
  /** Recent arrivals, newest last, at most FLOOD_WINDOW_MS old. */
  private arrivals: { at: number; bytes: number }[] = [];
  private flush: Flush | undefined;
  private writing = false;
  private scheduled = false;
  private closed = false;
  /** Measured parse rate, bytes per ms (moving average). */
  private rate = INITIAL_RATE;
  private readonly budget: { visible: number; hidden: number };
  private readonly minBatch: number;
  private readonly maxBatch: number;
  private readonly background: Schedule;
  private readonly now: () => number;
  private readonly setTimer: (run: () => void, ms: number) => () => void;

  constructor(
    private readonly target: WriteTarget,
    private readonly opts: WriteQueueOptions,
  ) {
    this.budget = opts.budgetMs ?? BUDGET_MS;
    this.minBatch = opts.minBatch ?? MIN_BATCH;
    this.maxBatch = opts.maxBatch ?? MAX_BATCH;
    this.background = opts.background ?? backgroundTask;
    this.now = opts.now ?? (() => performance.now());
    this.setTimer =
      opts.setTimer ??
      ((run, ms) => {
        const t = setTimeout(run, ms);
        return () => clearTimeout(t);
      });
  }

  /** Bytes waiting for xterm (not yet handed to it). */
  get queued(): number {
    return this.queue.reduce((n, p) => n + p.bytes.byteLength, 0);
  }

  /** The largest write the queue would make now. */
  batchLimit(visible: boolean): number {
    const ms = visible ? this.budget.visible : this.budget.hidden;
    return Math.round(Math.min(this.maxBatch, Math.max(this.minBatch, this.rate * ms)));
  }

  push(bytes: Uint8Array, done: () => void): void {
    if (this.closed) return;
    const at = this.now();
    this.arrivals.push({ at, bytes: bytes.byteLength });
    while (this.arrivals[0]!.at < at - FLOOD_WINDOW_MS) this.arrivals.shift();
    if (this.flush) return this.hold({ bytes, done });
    this.queue.push({ bytes, done });
    this.pump();
  }

  /**
   * Runs `done` once xterm has parsed everything pushed before, and before it
   * parses anything pushed after: no write spans the mark. The replay's end
   * is such a mark (registry.ts), so what xterm answers while parsing the
   * replay is told apart from what it answers to live output.
   */
  mark(done: () => void): void {
    if (this.closed) return;
    const p: Pending = { bytes: new Uint8Array(0), done, barrier: true };
    if (this.flush) return this.hold(p);
    this.queue.push(p);
    this.pump();
  }

  /**
   * The user sent Ctrl+C to a shell in the normal screen (the caller checks:
   * full-screen programs read it as a key). With a flood in flight, output
   * not yet written is held until the tty's `^C` echo arrives, then dropped
   * up to it. Returns whether it is now waiting for the echo.
   */
  interrupt(): boolean {
    if (this.closed || this.flush) return !!this.flush;
    const since = this.now() - FLOOD_WINDOW_MS;
    const recent = this.arrivals.reduce((n, a) => (a.at >= since ? n + a.bytes : n), 0);
    const waiting = this.queue.reduce((n, p) => n + p.bytes.byteLength, 0);
    if (Math.max(recent, waiting + this.inXterm) < INTERRUPT_BACKLOG) return false;
    this.flush = { held: [], bytes: 0, caret: false, cancelTimer: this.setTimer(() => this.release(), INTERRUPT_WAIT_MS) };
    // What waits here is held too; should the echo already be among it, what follows it queues again.
    for (const p of this.queue.splice(0)) {
      if (this.flush) this.hold(p);
      else this.queue.push(p);
    }
    return !!this.flush;
  }

  /** The terminal came on screen: what waits for a background turn is written now. */
  shown(): void {
    this.pump();
  }

  /** Drops what has not been written and acks nothing more (the channel is gone or was reopened). */
  close(): void {
    this.closed = true;
    this.queue = [];
    this.flush?.cancelTimer();
    this.flush = undefined;
  }

  /** During an interrupt: drop what precedes the `^C` echo once it shows, else hold. */
  private hold(p: Pending): void {
    const f = this.flush!;
    if (p.barrier) {
      // Runs when what precedes it is written or dropped, as any mark.
      f.held.push(p);
      return;
    }
    const at = findCtrlCEcho(p.bytes, f.caret);
    if (at === null) {
      f.held.push(p);
      f.bytes += p.bytes.byteLength;
      f.caret = p.bytes.at(-1) === CARET;
      // Acked now, so the producer drains the engine's queue at transport speed; past the cap, it waits.
      if (f.bytes <= INTERRUPT_HOLD_MAX && p.done) {
        p.done();
        p.done = undefined;
      }
      return;
    }
    f.cancelTimer();
    this.flush = undefined;
    for (const h of f.held) h.done?.();
    const rest = at < 0 ? p.bytes : p.bytes.subarray(at);
    const kept = new Uint8Array(rest.byteLength + (at < 0 ? 2 : 1));
    kept[0] = CAN;
    if (at < 0) kept[1] = CARET;
    kept.set(rest, kept.byteLength - rest.byteLength);
    this.queue.push({ bytes: kept, done: p.done });
    this.pump();
  }

  /** No echo came: everything held is written, in order. */
  private release(): void {
    const f = this.flush;
    if (!f || this.closed) return;
    this.flush = undefined;
    this.queue.unshift(...f.held);
    this.pump();
  }

  private pump(): void {
    if (this.writing || this.queue.length === 0 || this.closed) return;
    if (this.opts.visible()) {
      // A background turn still pending finds the terminal busy, or nothing to do.
      this.writeNext(true);
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.opts.hiddenWait?.() ?? 0;
    const turn = () =>
      this.background(() => {
        this.scheduled = false;
        if (this.writing) return;
        // Typing started meanwhile: wait again (pump re-checks).
        if (!this.opts.visible() && (this.opts.hiddenWait?.() ?? 0) > 0) return this.pump();
        this.writeNext(this.opts.visible());
      });
    if (wait > 0) this.setTimer(turn, wait);
    else turn();
  }

  private writeNext(visible: boolean): void {
    // Nothing is in xterm now, so every byte before a mark at the head has been parsed.
    while (!this.closed && this.queue[0]?.barrier) this.queue.shift()!.done?.();
    if (this.closed || this.queue.length === 0) return;
    const batch = this.take(this.batchLimit(visible));
    const bytes = batch.length === 1 ? batch[0]!.bytes : concat(batch);
    this.writing = true;
    this.inXterm = bytes.byteLength;
    const started = this.now();
    this.target.write(bytes, () => {
      this.writing = false;
      this.inXterm = 0;
      // After close the channel is gone (or reopened under a new id): its acks would count against the new one.
      if (this.closed) return;
      this.learn(bytes.byteLength, this.now() - started);
      for (const p of batch) p.done?.();
      this.pump();
    });
  }

  /**
   * Folds one write into the parse rate: down at once (slow content must not
   * freeze the page for several writes), up gradually. The time includes the
   * wait for xterm's own scheduling, so the rate errs low (smaller writes),
   * the safe side. Small writes say little and are skipped.
   */
  private learn(bytes: number, ms: number): void {
    if (bytes < this.minBatch) return;
    const sample = bytes / Math.max(ms, 0.1);
    this.rate = sample < this.rate ? sample : 0.7 * this.rate + 0.3 * sample;
  }

  /** The head of the queue up to `max` bytes, splitting a chunk that does not fit. */
  private take(max: number): Pending[] {
    const out: Pending[] = [];
    let n = 0;
    while (this.queue.length > 0 && n < max) {
      const head = this.queue[0]!;
      if (head.barrier) break;
      const room = max - n;
      if (head.bytes.byteLength <= room) {
        out.push(this.queue.shift()!);
        n += head.bytes.byteLength;
      } else {
        out.push({ bytes: head.bytes.subarray(0, room) });
        head.bytes = head.bytes.subarray(room);
        n = max;
      }
    }
    return out;
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
