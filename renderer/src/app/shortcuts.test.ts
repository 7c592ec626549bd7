import { describe, expect, it } from 'vitest';
import { matchShortcut, SHORTCUTS } from './shortcuts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});
const idle = { typing: false, inTerminal: false };

describe('shortcuts', () => {
  it('maps Ctrl+K and Cmd+K to the palette, even while typing in a field', () => {
    expect(matchShortcut(key('k', { ctrlKey: true }), idle)).toBe('palette');
    expect(matchShortcut(key('K', { metaKey: true }), idle)).toBe('palette');
    expect(matchShortcut(key('k', { ctrlKey: true }), { typing: true, inTerminal: false })).toBe('palette');
  });

  it('leaves every key to a terminal', () => {
    expect(matchShortcut(key('k', { ctrlKey: true }), { typing: true, inTerminal: true })).toBeNull();
    expect(matchShortcut(key('/'), { typing: true, inTerminal: true })).toBeNull();
  });

  it('takes / and ? only outside text fields and without modifiers', () => {
    expect(matchShortcut(key('/'), idle)).toBe('filter');
    expect(matchShortcut(key('?'), idle)).toBe('help');
    expect(matchShortcut(key('/'), { typing: true, inTerminal: false })).toBeNull();
    expect(matchShortcut(key('?'), { typing: true, inTerminal: false })).toBeNull();
    expect(matchShortcut(key('/', { ctrlKey: true }), idle)).toBeNull();
    expect(matchShortcut(key('k'), idle)).toBeNull();
  });

  it('lists each shortcut once, each described', () => {
    expect(new Set(SHORTCUTS.map((s) => s.id)).size).toBe(SHORTCUTS.length);
    for (const s of SHORTCUTS) expect(s.description.length).toBeGreaterThan(5);
  });
});
