/**
 * The renderer's shortcut notation ("Ctrl+K", "Cmd+Shift+P", "/", "Esc") in
 * Electron's accelerator syntax. Ctrl and Cmd both become CmdOrCtrl: the
 * renderer writes whichever its platform uses, and the menu shows the same key
 * on every platform.
 */
export interface Accelerator {
  /** e.g. "CmdOrCtrl+K". */
  accelerator: string;
  /** Holds Ctrl/Cmd or Alt: a bare key (even with Shift) is text typed in a field. */
  modified: boolean;
}

const MODIFIERS: Record<string, 'CmdOrCtrl' | 'Alt' | 'Shift'> = {
  ctrl: 'CmdOrCtrl',
  control: 'CmdOrCtrl',
  cmd: 'CmdOrCtrl',
  command: 'CmdOrCtrl',
  meta: 'CmdOrCtrl',
  cmdorctrl: 'CmdOrCtrl',
  alt: 'Alt',
  option: 'Alt',
  shift: 'Shift',
};
const MODIFIER_ORDER = ['CmdOrCtrl', 'Alt', 'Shift'] as const;

const NAMED_KEYS: Record<string, string> = {
  esc: 'Escape',
  escape: 'Escape',
  enter: 'Enter',
  return: 'Enter',
  tab: 'Tab',
  space: 'Space',
  backspace: 'Backspace',
  delete: 'Delete',
  del: 'Delete',
  insert: 'Insert',
  home: 'Home',
  end: 'End',
  pageup: 'PageUp',
  pagedown: 'PageDown',
  up: 'Up',
  down: 'Down',
  left: 'Left',
  right: 'Right',
  plus: 'Plus',
};

// The punctuation Electron's accelerator parser knows ("+" is spelt Plus).
const PUNCTUATION = new Set(')!@#$%^&*(:;=<,_->.?/~`{][|\\}"\''.split(''));

function keyOf(raw: string): string | undefined {
  if (raw.length === 1) {
    if (/[a-z0-9]/i.test(raw)) return raw.toUpperCase();
    return PUNCTUATION.has(raw) ? raw : undefined;
  }
  const lower = raw.toLowerCase();
  if (/^f([1-9]|1[0-9]|2[0-4])$/.test(lower)) return lower.toUpperCase();
  return NAMED_KEYS[lower];
}

/** undefined when the notation names no key Electron knows, or names a modifier twice. */
export function toAccelerator(keys: string): Accelerator | undefined {
  let text = keys.trim();
  let key: string | undefined;
  // "Ctrl++" and "+" mean the plus key; split('+') would lose it.
  if (text === '+' || text.endsWith('++')) {
    key = 'Plus';
    text = text === '+' ? '' : text.slice(0, -2);
  }
  const parts = text === '' ? [] : text.split('+').map((p) => p.trim());
  if (key === undefined) {
    const last = parts.pop();
    if (last === undefined || last === '') return undefined;
    key = keyOf(last);
    if (!key) return undefined;
  }
  const mods = new Set<(typeof MODIFIER_ORDER)[number]>();
  for (const p of parts) {
    const m = MODIFIERS[p.toLowerCase()];
    if (!m || mods.has(m)) return undefined;
    mods.add(m);
  }
  const ordered = MODIFIER_ORDER.filter((m) => mods.has(m));
  return { accelerator: [...ordered, key].join('+'), modified: mods.has('CmdOrCtrl') || mods.has('Alt') };
}
