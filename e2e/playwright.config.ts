import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/** Debian's Chromium where present (Playwright cannot download browsers here); else Playwright's own. */
const chromium = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

const browserUse = {
  browserName: 'chromium' as const,
  viewport: { width: 1600, height: 900 },
  launchOptions: {
    executablePath: chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  },
};

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // One worker: the specs share one engine on two cores, and several watch the same container table.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  outputDir: '../test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
  },
  projects: [
    { name: 'web', use: browserUse },
    // The same specs against the desktop app; each test skips with the reason where no Electron binary exists.
    { name: 'electron', use: browserUse },
  ],
});
