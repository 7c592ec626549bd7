/**
 * The app's keyboard shortcuts, listed once: the key handler, the "?" list,
 * the palette and the tooltips all read this, so none of them can disagree.
 */
export type ShortcutId = 'palette' | 'filter' | 'help';

export interface Shortcut {
  id: ShortcutId | 'close';
  /** What the user presses, as shown. */
  keys: string;
  /** The same for assistive technology (aria-keyshortcuts syntax). */
  aria: string;
  description: string;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
export const MOD = isMac ? 'Cmd' : 'Ctrl';

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'palette', keys: `${MOD}+K`, aria: isMac ? 'Meta+K' : 'Control+K', description: 'Open the command palette: every view, action and container' },
  { id: 'filter', keys: '/', aria: '/', description: 'Focus the filter of the current view' },
  { id: 'help', keys: '?', aria: 'Shift+?', description: 'List the keyboard shortcuts' },
  { id: 'close', keys: 'Esc', aria: 'Escape', description: 'Close the palette, a dialog or the notification centre' },
];

/**
 * Keys a table answers while one of its rows has focus (the table handles them
 * itself; listed here so the "?" list and the README say the same).
 */
export const TABLE_KEYS: ReadonlyArray<{ keys: string; description: string }> = [
  { keys: '↑ ↓, Home, End, Page Up, Page Down', description: 'Move between rows (with Shift: extend the selection)' },
  { keys: 'Enter', description: "Open the row: a container's details, a folder" },
  { keys: 'Space', description: 'Select or unselect the row' },
  { keys: `${MOD}+A`, description: 'Select every row the filter shows' },
  { keys: 'Shift+click', description: 'Select a range of rows' },
  { keys: `${MOD}+click`, description: 'Add a row to the selection, or take it out' },
  { keys: 'Shift+F10 or the context-menu key', description: "Open the row's More actions menu (right-click does too)" },
];

export const shortcut = (id: Shortcut['id']): Shortcut => SHORTCUTS.find((s) => s.id === id)!;

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * Which shortcut a key press means. `typing` is true while focus is in a text
 * field, where "/" and "?" are text; `inTerminal` while it is in a terminal,
 * where even Ctrl+K belongs to the shell (it kills the line in bash).
 */
export function matchShortcut(e: KeyLike, where: { typing: boolean; inTerminal: boolean }): ShortcutId | null {
  if (where.inTerminal) return null;
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') return 'palette';
  if (where.typing || e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === '/') return 'filter';
  if (e.key === '?') return 'help';
  return null;
}

/** Where the focus is, for matchShortcut. */
export function focusContext(target: EventTarget | null): { typing: boolean; inTerminal: boolean } {
  const el = target instanceof Element ? target : null;
  const inTerminal = !!el?.closest('.xterm');
  const typing =
    !!el &&
    (el instanceof HTMLTextAreaElement ||
      el instanceof HTMLSelectElement ||
      (el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(el.type)) ||
      (el instanceof HTMLElement && el.isContentEditable));
  return { typing, inTerminal };
}
