import type { ContainerRow, ContainersEvent } from '../../../shared/contract/containers';
import type { ActivitySink } from '../activity/types';
import type { Engine } from '../engine/engine';
import type { EngineEvent } from '../engine/events';
import { rowFromInspect, rowFromSummary } from './mappers';

/** Container event actions that change nothing the table shows. */
const IGNORED_ACTIONS = /^(exec_|attach|detach|resize|top|export|commit|copy|archive-path|extract-to-dir)/;

/** Upserts are sent in batches this often: a burst of events (a batch stop) becomes one message. */
const FLUSH_MS = 16;
/** Inspects in flight at once while enriching a fresh list: 2 cores, and the engine serialises much of it. */
const INSPECT_CONCURRENCY = 4;
/** A full re-list now and then catches anything an event stream could have missed. */
const RECONCILE_MS = 60_000;
/**
 * How long the store keeps following the engine after its last watcher left:
 * a reloaded window or a second browser tab gets its snapshot from memory.
 */
const LINGER_MS = 60_000;
/** Enrichment waits this long after a fresh list, so the first paint does not compete with 1,000 inspects. */
const ENRICH_DELAY_MS = 300;

type Watcher = (ev: ContainersEvent) => void;

/**
 * The containers table's source of truth, shared by every window and browser
 * tab: a first list straight from GET /containers/json (fast first paint),
 * then enriched by inspect (uptime, restarts, last error) and kept live by
 * engine events — subscribed before listing so nothing falls between.
 */
export class ContainerStore {
  private readonly rows = new Map<string, ContainerRow>();
  private readonly watchers = new Set<Watcher>();
  private readonly pending = new Map<string, ContainerRow>();
  private readonly removed = new Set<string>();
  private readonly inflight = new Map<string, boolean>();
  private flushTimer: NodeJS.Timeout | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private loaded = false;
  private generation = 0;
  private offEngine: Array<() => void> = [];
  private lingerTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly engine: Engine,
    readonly activity: ActivitySink,
    readonly dataDir: string,
  ) {}

  /** The row we know for an id or name, for messages and activity lines. */
  find(ref: string): ContainerRow | undefined {
    const byId = this.rows.get(ref);
    if (byId) return byId;
    const name = ref.replace(/^\//, '');
    for (const r of this.rows.values()) if (r.name === name || r.id.startsWith(ref)) return r;
    return undefined;
  }

  watch(w: Watcher): () => void {
    this.watchers.add(w);
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    if (this.offEngine.length === 0) this.startWatching();
    else if (this.loaded) w({ type: 'snapshot', rows: [...this.rows.values()] });
    return () => {
      this.watchers.delete(w);
      if (this.watchers.size === 0) {
        clearTimeout(this.lingerTimer);
        this.lingerTimer = setTimeout(() => this.stopWatching(), LINGER_MS);
        this.lingerTimer.unref?.();
      }
    };
  }

  dispose(): void {
    this.watchers.clear();
    clearTimeout(this.lingerTimer);
    this.stopWatching();
  }

  private startWatching(): void {
    this.offEngine = [
      this.engine.onEvent((e) => this.onEngineEvent(e)),
      this.engine.onStatus((s) => {
        if (s.state === 'connected') void this.refresh();
      }),
    ];
    if (this.engine.status.state === 'connected') void this.refresh();
    this.reconcileTimer = setInterval(() => void this.refresh(), RECONCILE_MS);
    this.reconcileTimer.unref?.();
  }

  private stopWatching(): void {
    this.offEngine.forEach((off) => off());
    this.offEngine = [];
    clearInterval(this.reconcileTimer);
    clearTimeout(this.flushTimer);
    this.loaded = false;
    this.generation++;
  }

  /** Lists everything and sends a snapshot, then enriches rows with inspect. */
  async refresh(): Promise<void> {
    const gen = ++this.generation;
    let summaries;
    try {
      summaries = await this.engine.port.listContainers();
    } catch (e) {
      this.engine.fail(e);
      return;
    }
    if (gen !== this.generation) return;
    const next = new Map<string, ContainerRow>();
    for (const s of summaries) {
      const fresh = rowFromSummary(s);
      const prev = this.rows.get(fresh.id);
      // Keep what inspect told us while the state is unchanged, so a re-list does not blank columns.
      next.set(
        fresh.id,
        prev && prev.state === fresh.state
          ? { ...fresh, startedAt: prev.startedAt, finishedAt: prev.finishedAt, restartCount: prev.restartCount, error: prev.error, oomKilled: prev.oomKilled, exitCode: prev.exitCode ?? fresh.exitCode, ports: prev.ports.length ? prev.ports : fresh.ports }
          : fresh,
      );
    }
    this.rows.clear();
    next.forEach((r, id) => this.rows.set(id, r));
    this.pending.clear();
    this.removed.clear();
    this.loaded = true;
    this.broadcast({ type: 'snapshot', rows: [...this.rows.values()] });
    // Rows inspect has not filled in yet (a re-list keeps what it knew), and every created one: a start
    // that failed outside Berth changes its State.Error without any container event.
    const todo = [...this.rows.values()].filter((r) => r.restartCount === null || r.state === 'created').map((r) => r.id);
    await new Promise((r) => setTimeout(r, ENRICH_DELAY_MS));
    await this.enrich(gen, todo);
  }

  private async enrich(gen: number, ids: string[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < ids.length && gen === this.generation) {
        const id = ids[next++]!;
        await this.inspectInto(id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(INSPECT_CONCURRENCY, ids.length) }, worker));
  }

  /**
   * Re-reads one container after an action of ours: a failed start changes
   * State.Error and the exit code without any engine event (environment.md).
   */
  touch(id: string): void {
    if (this.loaded) this.scheduleInspect(this.find(id)?.id ?? id);
  }

  private onEngineEvent(e: EngineEvent): void {
    // A start that fails (from the CLI too) sends no container event, but joins and leaves its network.
    if (e.type === 'network' && e.action === 'disconnect') {
      const id = e.attributes.container;
      if (id && this.rows.has(id)) this.scheduleInspect(id);
      return;
    }
    if (e.type !== 'container' || !e.id) return;
    if (IGNORED_ACTIONS.test(e.action)) return;
    if (e.action === 'destroy') {
      this.rows.delete(e.id);
      this.pending.delete(e.id);
      this.removed.add(e.id);
      this.scheduleFlush();
      return;
    }
    this.applyFromEvent(e);
    this.scheduleInspect(e.id);
  }

  /**
   * The event itself says enough to show the new state at once; the inspect
   * that follows fills in times, restart count and errors.
   */
  private applyFromEvent(e: EngineEvent): void {
    const row = this.rows.get(e.id);
    if (!row) return;
    const now = e.time;
    let next: ContainerRow | undefined;
    switch (e.action) {
      case 'start':
      case 'restart':
        // A restart by its policy keeps the exit that caused it; the inspect that follows settles which it was.
        next = { ...row, state: 'running', startedAt: now, finishedAt: null, exitCode: row.restartCount ? row.exitCode : null, error: null, statusText: 'Up' };
        break;
      case 'die': {
        const code = Number(e.attributes.exitCode);
        next = { ...row, state: 'exited', finishedAt: now, exitCode: Number.isInteger(code) ? code : row.exitCode, statusText: 'Exited' };
        break;
      }
      case 'pause':
        next = { ...row, state: 'paused' };
        break;
      case 'unpause':
        next = { ...row, state: 'running' };
        break;
      case 'rename':
        if (e.attributes.name) next = { ...row, name: e.attributes.name.replace(/^\//, '') };
        break;
    }
    if (!next) return;
    this.rows.set(e.id, next);
    this.pending.set(e.id, next);
    this.scheduleFlush();
  }

  /** Inspects a container once per burst of events: a second event during an inspect re-runs it after. */
  private scheduleInspect(id: string): void {
    if (this.inflight.has(id)) {
      this.inflight.set(id, true);
      return;
    }
    this.inflight.set(id, false);
    void this.inspectInto(id).finally(() => {
      const again = this.inflight.get(id);
      this.inflight.delete(id);
      if (again) this.scheduleInspect(id);
    });
  }

  private async inspectInto(id: string): Promise<void> {
    try {
      const info = await this.engine.port.inspectContainer(id);
      if (!this.loaded) return;
      const prev = this.rows.get(info.Id);
      // The list's status text ("Up 5 minutes") is kept while the state is unchanged.
      let row = rowFromInspect(info, prev && prev.state === info.State.Status ? prev.statusText : undefined);
      // Running again after its restart policy restarted it: the engine reset the exit code, we saw it die.
      if (row.state === 'running' && row.restartCount && row.exitCode === null && prev?.exitCode !== null && prev?.exitCode !== undefined) {
        row = { ...row, exitCode: prev.exitCode };
      }
      this.rows.set(row.id, row);
      this.removed.delete(row.id);
      this.pending.set(row.id, row);
      this.scheduleFlush();
    } catch (e) {
      const err = this.engine.fail(e);
      if (err.code === 'not-found' && this.rows.delete(id)) {
        this.pending.delete(id);
        this.removed.add(id);
        this.scheduleFlush();
      }
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      if (this.pending.size) {
        this.broadcast({ type: 'upsert', rows: [...this.pending.values()] });
        this.pending.clear();
      }
      if (this.removed.size) {
        this.broadcast({ type: 'remove', ids: [...this.removed] });
        this.removed.clear();
      }
    }, FLUSH_MS);
  }

  private broadcast(ev: ContainersEvent): void {
    for (const w of this.watchers) {
      try {
        w(ev);
      } catch (e) {
        console.error('[containers] watcher failed', e);
      }
    }
  }
}
