import { useSyncExternalStore } from 'react';
import { DEFAULT_TAB, formatHash, parseHash, type Location } from './route';

/**
 * Where the user is, kept in the address's fragment (app/route.ts), so a
 * reload returns there and the browser's Back and Forward move between views,
 * tabs and folders. A hand-written router: four moves and one listener are all
 * the app needs, and the hash works the same in the web host and under
 * Electron's app scheme (no server rewrites).
 */
export type NavState = Location;

const win = typeof window === 'undefined' ? undefined : window;
let state: NavState = parseHash(win?.location.hash ?? '');
// Each view's last location: switching back to a view returns to its details, tab and folder.
const lastOf = new Map<string, NavState>([[state.view, state]]);
const listeners = new Set<() => void>();

function emit(next: NavState) {
  state = next;
  lastOf.set(next.view, next);
  listeners.forEach((l) => l());
}

function go(next: NavState, replace = false) {
  const hash = formatHash(next);
  if (win && win.location.hash !== hash) {
    if (replace) win.history.replaceState(null, '', hash);
    else win.history.pushState(null, '', hash);
  }
  emit(next);
}

// Back, Forward and a hand-edited address: the fragment is the truth.
const fromAddress = () => {
  if (!win) return;
  const next = parseHash(win.location.hash);
  if (formatHash(next) !== formatHash(state)) emit(next);
};
win?.addEventListener('popstate', fromAddress);
win?.addEventListener('hashchange', fromAddress);

export const nav = {
  get: () => state,
  /** Shows a view where the user left it. */
  showView: (view: string) => {
    if (view !== state.view) go(lastOf.get(view) ?? { view, params: {} });
  },
  /** `params` carries what outlives a tab switch, e.g. the pane's full-page mode (`full=1`). */
  openDetails: (id: string, tab = DEFAULT_TAB, params: Record<string, string> = {}) => go({ view: 'containers', details: { id, tab }, params }),
  closeDetails: () => go({ view: 'containers', params: {} }),
  /** The view's own item (e.g. the terminal tab); `replace` when it follows from something else, not a user's move. */
  showItem: (item: string | undefined, opts: { replace?: boolean } = {}) => {
    const { item: _old, ...rest } = state;
    go(item ? { ...rest, item } : rest, opts.replace);
  },
  setParam: (key: string, value: string | undefined, opts: { replace?: boolean } = {}) => {
    const params: Record<string, string> = { ...state.params };
    if (value === undefined) delete params[key];
    else params[key] = value;
    go({ ...state, params }, opts.replace);
  },
  subscribe(l: () => void) {
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  },
};

export function useNav(): NavState {
  return useSyncExternalStore(nav.subscribe, nav.get);
}
