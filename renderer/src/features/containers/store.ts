import { useSyncExternalStore } from 'react';
import type { ContainerRow } from '../../../../shared/contract/containers';
import { api } from '../../api/connection';
import { applyEvent } from './view-model';

/**
 * The renderer's copy of the containers list, fed by the containers.watch
 * channel (a snapshot, then changes). One subscription for the whole app,
 * opened on first use and reopened by the client after a reconnect.
 */
class ContainersStore {
  private readonly rows = new Map<string, ContainerRow>();
  private snapshot: ContainerRow[] = [];
  private loaded = false;
  private readonly listeners = new Set<() => void>();
  private opened = false;

  private open() {
    if (this.opened) return;
    this.opened = true;
    // Marks for the list benchmark (bench/list.bench.ts): request → snapshot → first rows painted.
    performance.mark('berth:containers:open');
    api.open('containers.watch', {}, {
      resilient: true,
      onEvent: (ev) => {
        applyEvent(this.rows, ev);
        if (!this.loaded) {
          performance.mark('berth:containers:snapshot');
          this.loaded = true;
          this.publish();
        } else {
          this.schedulePublish();
        }
      },
    });
  }

  private frame = 0;

  /** Many events in one frame (a batch stop, enrichment) become one render. */
  private schedulePublish() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.publish();
    });
  }

  private publish() {
    this.snapshot = [...this.rows.values()];
    this.listeners.forEach((l) => l());
  }

  subscribe = (l: () => void) => {
    this.open();
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getRows = () => this.snapshot;
  getLoaded = () => this.loaded;
  get(id: string): ContainerRow | undefined {
    return this.rows.get(id);
  }
}

export const containersStore = new ContainersStore();

export function useContainers(): { rows: ContainerRow[]; loaded: boolean } {
  const rows = useSyncExternalStore(containersStore.subscribe, containersStore.getRows);
  const loaded = useSyncExternalStore(containersStore.subscribe, containersStore.getLoaded);
  return { rows, loaded };
}

export function useContainer(id: string | undefined): ContainerRow | undefined {
  const rows = useContainers().rows;
  return id ? rows.find((r) => r.id === id) : undefined;
}
