import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TerminalSettingsStore } from './idle-settings';

describe('TerminalSettingsStore', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'berth-term-settings-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('starts at 15 minutes and keeps what is set', () => {
    const d = dir();
    const a = new TerminalSettingsStore(d);
    expect(a.get()).toEqual({ detachedTimeoutSeconds: 900 });
    a.set({ detachedTimeoutSeconds: 120 });
    expect(new TerminalSettingsStore(d).get()).toEqual({ detachedTimeoutSeconds: 120 });
    expect(JSON.parse(readFileSync(join(d, 'terminals', 'settings.json'), 'utf8'))).toEqual({ detachedTimeoutSeconds: 120 });
  });

  it.each(['not json', '{"detachedTimeoutSeconds":-1}', '{"detachedTimeoutSeconds":"900"}', '[]', 'null'])('falls back to the default on a damaged file (%s)', (text) => {
    const d = dir();
    mkdirSync(join(d, 'terminals'));
    writeFileSync(join(d, 'terminals', 'settings.json'), text);
    expect(new TerminalSettingsStore(d).get()).toEqual({ detachedTimeoutSeconds: 900 });
  });

  it('refuses a value outside the contract and keeps the old one', () => {
    const s = new TerminalSettingsStore(undefined);
    expect(() => s.set({ detachedTimeoutSeconds: 0 })).toThrow();
    expect(s.get()).toEqual({ detachedTimeoutSeconds: 900 });
  });
});
