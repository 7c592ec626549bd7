import { test as base, expect, _electron as electron, type Page } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { docker, removeByPrefix } from './docker';
import { startServer, type RunningServer } from './server';

const require = createRequire(import.meta.url);

/** Where Electron's binary would be, if npm could download it on this machine. */
export function electronBinary(): string | undefined {
  try {
    const path = require('electron') as unknown as string;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

export const NO_ELECTRON_REASON =
  'No Electron binary on this machine: npm installs the electron package but its binary download from GitHub releases is not reachable here. The same specs run against the web host (project "web").';

interface Fixtures {
  /** A page showing Berth, authorised, with the containers table loaded. */
  page: Page;
  /** Runs the docker CLI: the independent witness. */
  docker: (args: string[]) => Promise<string>;
  /** A unique name prefix; every container named with it is removed after the test. */
  prefix: string;
}

interface WorkerFixtures {
  server: RunningServer;
}

interface Gate {
  /** Runs first: skips Electron-project tests, with the reason, where no Electron binary exists. */
  electronGate: void;
}

export const test = base.extend<Fixtures & Gate, WorkerFixtures>({
  electronGate: [
    async ({}, use, testInfo) => {
      if (testInfo.project.name === 'electron') testInfo.skip(!electronBinary(), NO_ELECTRON_REASON);
      await use();
    },
    { auto: true },
  ],
  server: [
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  prefix: async ({}, use, testInfo) => {
    const prefix = `e2e-${testInfo.workerIndex}-${randomBytes(3).toString('hex')}-`;
    await use(prefix);
    await removeByPrefix(prefix);
  },
  docker: async ({}, use) => {
    await use(docker);
  },
  page: async ({ page, server }, use, testInfo) => {
    if (testInfo.project.name === 'electron') {
      const bin = electronBinary();
      const app = await electron.launch({
        executablePath: bin!,
        args: [fileURLToPath(new URL('../dist/electron/main.cjs', import.meta.url))],
        env: { ...process.env, BERTH_DATA_DIR: mkdtempSync(join(tmpdir(), 'berth-electron-')) } as Record<string, string>,
      });
      const win = await app.firstWindow();
      await expect(win.getByRole('table', { name: 'Containers' })).toBeVisible();
      await use(win);
      await app.close();
      return;
    }
    await page.goto(server.loginUrl);
    await expect(page.getByRole('table', { name: 'Containers' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /containers$/ })).toBeVisible();
    await use(page);
  },
});

export { expect };
