import { join } from 'node:path';
import { DEFAULT_TERMINAL_SETTINGS, TerminalSettings } from '../../../shared/contract/terminals';
import { readJsonFile, writeJsonFile } from './json-file';

/**
 * The terminal settings the user sets in the Terminals view, kept in
 * `<data folder>/terminals/settings.json` so both hosts and every window share
 * them and they survive a restart. Without a data folder (some tests) they
 * live in memory.
 */
export class TerminalSettingsStore {
  private current: TerminalSettings;
  private readonly file: string | undefined;

  constructor(dataDir: string | undefined) {
    this.file = dataDir ? join(dataDir, 'terminals', 'settings.json') : undefined;
    this.current = this.file ? readJsonFile(this.file, TerminalSettings, DEFAULT_TERMINAL_SETTINGS) : DEFAULT_TERMINAL_SETTINGS;
  }

  get(): TerminalSettings {
    return this.current;
  }

  /** Validated by the contract before it gets here; written before it takes effect. */
  set(next: TerminalSettings): TerminalSettings {
    const value = TerminalSettings.parse(next);
    if (this.file) writeJsonFile(this.file, value);
    this.current = value;
    return value;
  }
}
