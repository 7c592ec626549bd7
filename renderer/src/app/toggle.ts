import { useSyncExternalStore } from 'react';

/** An open/closed flag that any part of the app can flip (a shortcut, a palette command, a button). */
export function createToggle() {
  let open = false;
  const listeners = new Set<() => void>();
  const set = (v: boolean) => {
    if (v === open) return;
    open = v;
    listeners.forEach((l) => l());
  };
  const t = {
    isOpen: () => open,
    open: () => set(true),
    close: () => set(false),
    toggle: () => set(!open),
    subscribe(l: () => void) {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
    use: () => useSyncExternalStore(t.subscribe, t.isOpen),
  };
  return t;
}
