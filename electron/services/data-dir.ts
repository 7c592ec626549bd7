import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where Berth keeps what it stores on disk (workspaces, templates, activity log):
 * BERTH_DATA_DIR, else the OS's per-user app-data folder, the same folder
 * Electron's app.getPath('userData') names, so both hosts share it.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string {
  if (env.BERTH_DATA_DIR) return resolve(env.BERTH_DATA_DIR);
  const home = env.HOME ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Berth');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Berth');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Berth');
}

export function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  return path;
}
