import { useEffect, useSyncExternalStore } from 'react';
import type { ClientChannel } from '../../../../shared/rpc/client';
import type { StatsSample } from '../../../../shared/contract/stats';
import { api } from '../../api/connection';

/**
 * Stats for the table's CPU and Memory cells. A cell mounts only for a
 * visible row, so the ids of mounted cells of running containers are exactly
 * what is on screen: they are gathered into one `stats.watch` subscription,
 * replaced (debounced) when the set changes. The service keeps engine streams
 * a few seconds after a viewer leaves, so the swap costs nothing.
 */
const DEBOUNCE_MS = 250;
/** Samples kept for rows scrolled out of view (a few KB each at most). */
const MAX_REMEMBERED = 2000;

class ColumnStats {
  private readonly wanted = new Map<string, number>();
  private readonly latest = new Map<string, StatsSample>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private channel: ClientChannel<never> | undefined;
  private key = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  add(id: string): () => void {
    this.wanted.set(id, (this.wanted.get(id) ?? 0) + 1);
    this.reschedule();
    return () => {
      const n = (this.wanted.get(id) ?? 1) - 1;
      if (n <= 0) {
        // The last sample stays: a row scrolled away and back shows what was
        // known at once instead of "…" until the stream catches up.
        this.wanted.delete(id);
        this.trim();
      } else this.wanted.set(id, n);
      this.reschedule();
    };
  }

  /** How many containers the current subscription streams (for tests and the benchmark). */
  get watching(): number {
    return this.key ? this.key.split(',').length : 0;
  }

  subscribe(id: string, l: () => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(l);
    return () => set.delete(l);
  }

  get(id: string): StatsSample | undefined {
    return this.latest.get(id);
  }

  /** Keeps the remembered samples bounded, dropping the oldest of rows no longer shown. */
  private trim() {
    for (const id of this.latest.keys()) {
      if (this.latest.size <= MAX_REMEMBERED) break;
      if (!this.wanted.has(id)) this.latest.delete(id);
    }
  }

  private reschedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.apply(), DEBOUNCE_MS);
  }

  private apply() {
    const ids = [...this.wanted.keys()].sort();
    const key = ids.join(',');
    if (key === this.key) return;
    this.key = key;
    this.channel?.close();
    this.channel = undefined;
    if (!ids.length) return;
    this.channel = api.open('stats.watch', { ids }, {
      resilient: true,
      onEvent: (ev) => {
        if (ev.type === 'samples') {
          for (const s of ev.samples) {
            if (!this.wanted.has(s.id)) continue;
            this.latest.delete(s.id);
            this.latest.set(s.id, s);
            this.listeners.get(s.id)?.forEach((l) => l());
          }
        } else if (ev.type === 'idle') {
          this.latest.delete(ev.id);
          this.listeners.get(ev.id)?.forEach((l) => l());
        }
      },
    }) as ClientChannel<never>;
  }
}

export const columnStats = new ColumnStats();

/** The latest sample for a visible row; only running rows are watched. */
export function useColumnStats(id: string, running: boolean): StatsSample | undefined {
  useEffect(() => (running ? columnStats.add(id) : undefined), [id, running]);
  return useSyncExternalStore(
    (l) => columnStats.subscribe(id, l),
    () => (running ? columnStats.get(id) : undefined),
  );
}
