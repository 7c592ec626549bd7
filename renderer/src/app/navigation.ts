import { useSyncExternalStore } from 'react';

/**
 * The app's one piece of global UI state: which view is shown and which
 * container's details are open. Features navigate with these functions (e.g.
 * the Terminal row action switches to the terminals view).
 */
export interface NavState {
  view: string;
  /** The container whose details panel is open, and its tab. */
  details?: { id: string; tab: string };
}

let state: NavState = { view: 'containers' };
const listeners = new Set<() => void>();

function set(next: NavState) {
  state = next;
  listeners.forEach((l) => l());
}

export const nav = {
  get: () => state,
  showView: (view: string) => set({ ...state, view }),
  openDetails: (id: string, tab = 'overview') => set({ ...state, view: 'containers', details: { id, tab } }),
  closeDetails: () => set({ ...state, details: undefined }),
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export function useNav(): NavState {
  return useSyncExternalStore(nav.subscribe, nav.get);
}
