import { useSyncExternalStore } from 'react';
import { readStored, writeStored } from './persisted';

/** Light, dark, or whatever the system prefers (and following it when it changes). */
export type ThemeChoice = 'light' | 'dark' | 'system';
export const THEME_CHOICES: readonly ThemeChoice[] = ['light', 'dark', 'system'];
const KEY = 'berth.theme';
const isChoice = (v: unknown): v is ThemeChoice => typeof v === 'string' && (THEME_CHOICES as readonly string[]).includes(v);

const store = (): Storage | undefined => {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
};

let choice: ThemeChoice = readStored(store(), KEY, isChoice, 'system');
const listeners = new Set<() => void>();

/**
 * The stylesheet reads `data-theme` on the root element; without it,
 * `prefers-color-scheme` decides, so "system" follows the OS live.
 */
function apply() {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}
if (typeof document !== 'undefined') apply();

export const theme = {
  get: () => choice,
  set(next: ThemeChoice) {
    if (!isChoice(next)) return;
    choice = next;
    writeStored(store(), KEY, next);
    apply();
    listeners.forEach((l) => l());
  },
  subscribe(l: () => void) {
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  },
};

export const useTheme = () => useSyncExternalStore(theme.subscribe, theme.get);
