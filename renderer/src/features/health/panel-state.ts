import { useSyncExternalStore } from 'react';

/** Whether the engine health panel is open. The status bar may call healthPanel.open() to link to it. */
let open = false;
const listeners = new Set<() => void>();
const set = (v: boolean) => {
  open = v;
  listeners.forEach((l) => l());
};

export const healthPanel = {
  open: () => set(true),
  close: () => set(false),
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export function useHealthPanelOpen(): boolean {
  return useSyncExternalStore(healthPanel.subscribe, () => open);
}
