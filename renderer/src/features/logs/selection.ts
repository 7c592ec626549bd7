import { useSyncExternalStore } from 'react';
import { MAX_LOG_SOURCES } from '../../../../shared/contract/logs';

/** The containers the multi-container logs view shows: set by the "Logs" selection action. */
let picked: Array<{ id: string; name: string }> = [];
const listeners = new Set<() => void>();

export const logSelection = {
  set(rows: Array<{ id: string; name: string }>) {
    picked = rows.slice(0, MAX_LOG_SOURCES);
    listeners.forEach((l) => l());
  },
  get: () => picked,
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export function useLogSelection() {
  return useSyncExternalStore(logSelection.subscribe, logSelection.get);
}
