import type { Readable } from 'node:stream';
import type { StatsSample } from '../../../shared/contract/stats';
import type { Services } from '../index';
import { JsonLineSplitter } from '../engine/events';
import { toSample, type RawStats } from './calc';

/** Samples kept per container for charts. Why 300: five minutes at the engine's one sample a second. */
export const HISTORY_SAMPLES = 300;
/**
 * How long an engine stream outlives its last viewer. Why: scrolling the table
 * or switching tabs drops and re-adds the same ids within moments; reopening
 * costs an inspect, a new stream, and a lost CPU baseline.
 */
export const LINGER_MS = 3000;

export interface StatsListener {
  sample(s: StatsSample): void;
  idle(reason: string): void;
}

interface Entry {
  ref: string;
  listeners: Set<StatsListener>;
  /** The engine stream this ref reads, shared with every other ref naming the same container. */
  source: Source | undefined;
  history: StatsSample[];
  idle: string | undefined;
  linger: NodeJS.Timeout | undefined;
  /** Bumped on every (re)open, so a late answer of an older attempt is ignored. */
  epoch: number;
  fullId: string | undefined;
  name: string | undefined;
}

/**
 * One engine stream per container, whatever refs name it. A ref is any unique
 * prefix of the id or the name: keyed by ref alone, one channel naming a
 * container sixty ways held sixty engine streams while it counted as one.
 */
interface Source {
  fullId: string;
  stream: Readable;
  entries: Set<Entry>;
}

/**
 * One engine stats stream per watched container, shared by every viewer, and
 * none for containers nobody watches. Streams open only for running
 * containers, reopen when a watched one starts, and close a little after the
 * last viewer leaves.
 */
export class StatsHub {
  private readonly entries = new Map<string, Entry>();
  private readonly sources = new Map<string, Source>();
  private readonly offEvents: () => void;

  constructor(
    private readonly services: Pick<Services, 'engine'>,
    private readonly lingerMs = LINGER_MS,
  ) {
    this.offEvents = services.engine.onEvent((ev) => {
      if (ev.type !== 'container') return;
      for (const e of this.entries.values()) {
        const hit = e.fullId ? e.fullId === ev.id : ev.id.startsWith(e.ref) || ev.attributes.name === e.ref;
        if (!hit) continue;
        if (ev.action === 'start' || ev.action === 'unpause') {
          if (!e.source && e.listeners.size) void this.open(e);
        } else if (ev.action === 'die' || ev.action === 'destroy' || ev.action === 'pause') {
          this.close(e, ev.action === 'destroy' ? 'The container was removed.' : ev.action === 'pause' ? 'The container is paused.' : 'The container is not running.');
        }
      }
    });
  }

  /** Engine streams open right now (for tests and the benchmark). */
  get openStreams(): number {
    let n = 0;
    for (const src of this.sources.values()) if (!src.stream.destroyed) n++;
    return n;
  }

  history(ref: string): StatsSample[] {
    return [...(this.entries.get(ref)?.history ?? [])];
  }

  subscribe(ref: string, listener: StatsListener): () => void {
    let e = this.entries.get(ref);
    if (!e) {
      e = { ref, listeners: new Set(), source: undefined, history: [], idle: undefined, linger: undefined, epoch: 0, fullId: undefined, name: undefined };
      this.entries.set(ref, e);
    }
    const entry = e;
    clearTimeout(entry.linger);
    entry.linger = undefined;
    entry.listeners.add(listener);
    if (entry.idle !== undefined) listener.idle(entry.idle);
    if (!entry.source && entry.listeners.size === 1) void this.open(entry);
    return () => {
      entry.listeners.delete(listener);
      if (entry.listeners.size || entry.linger) return;
      entry.linger = setTimeout(() => {
        entry.linger = undefined;
        if (entry.listeners.size) return;
        this.close(entry);
        this.entries.delete(entry.ref);
      }, this.lingerMs);
      entry.linger.unref?.();
    };
  }

  dispose(): void {
    this.offEvents();
    for (const e of this.entries.values()) {
      clearTimeout(e.linger);
      this.close(e);
    }
    this.entries.clear();
  }

  private setIdle(e: Entry, reason: string): void {
    e.idle = reason;
    for (const l of e.listeners) l.idle(reason);
  }

  private close(e: Entry, idleReason?: string): void {
    e.epoch++;
    const src = e.source;
    e.source = undefined;
    if (src) {
      src.entries.delete(e);
      if (src.entries.size === 0) {
        this.sources.delete(src.fullId);
        src.stream.destroy();
      }
    }
    if (idleReason) this.setIdle(e, idleReason);
  }

  private attach(e: Entry, src: Source): void {
    e.source = src;
    e.idle = undefined;
    src.entries.add(e);
  }

  private async open(e: Entry): Promise<void> {
    const epoch = ++e.epoch;
    const { engine } = this.services;
    try {
      const info = await engine.port.inspectContainer(e.ref);
      if (epoch !== e.epoch) return;
      e.fullId = info.Id;
      e.name = info.Name.replace(/^\//, '');
      if (!info.State.Running || info.State.Paused) {
        this.setIdle(e, info.State.Paused ? 'The container is paused.' : 'The container is not running.');
        return;
      }
      const shared = this.sources.get(info.Id);
      if (shared && !shared.stream.destroyed) return this.attach(e, shared);
      const stream = await engine.port.openStats(e.ref);
      if (epoch !== e.epoch || !e.listeners.size) {
        stream.destroy();
        return;
      }
      // Another ref of the same container may have opened one meanwhile.
      const raced = this.sources.get(info.Id);
      if (raced && !raced.stream.destroyed) {
        stream.destroy();
        return this.attach(e, raced);
      }
      const src: Source = { fullId: info.Id, stream, entries: new Set() };
      this.sources.set(info.Id, src);
      this.attach(e, src);
      const splitter = new JsonLineSplitter();
      stream.on('data', (chunk: Buffer) => {
        for (const raw of splitter.push(chunk)) {
          for (const entry of src.entries) {
            const s = toSample(entry.ref, raw as RawStats);
            entry.history.push(s);
            if (entry.history.length > HISTORY_SAMPLES) entry.history.shift();
            for (const l of entry.listeners) l.sample(s);
          }
        }
      });
      const ended = () => {
        if (this.sources.get(src.fullId) === src) this.sources.delete(src.fullId);
        for (const entry of src.entries) {
          if (entry.source !== src) continue;
          entry.source = undefined;
          this.setIdle(entry, 'The container is not running.');
        }
        src.entries.clear();
      };
      stream.on('end', ended);
      stream.on('close', ended);
      stream.on('error', ended);
    } catch (err) {
      if (epoch !== e.epoch) return;
      this.setIdle(e, engine.fail(err).message);
    }
  }
}

