import { _electron as electron, type ElectronApplication } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary, expect, test } from './fixtures';

/**
 * The desktop conventions only the Electron host has: the native menu built
 * from the palette's commands, and the window put back where it was. Each test
 * launches the app itself (twice, for the window), so it uses no page fixture.
 */
test.beforeEach(({}, testInfo) => {
  testInfo.skip(testInfo.project.name !== 'electron', 'The native menu and the remembered window belong to the desktop app; the web host has neither.');
});

async function launch(dataDir: string): Promise<ElectronApplication> {
  const app = await electron.launch({
    executablePath: electronBinary()!,
    args: [fileURLToPath(new URL('../dist/electron/main.cjs', import.meta.url))],
    env: { ...process.env, BERTH_DATA_DIR: dataDir } as Record<string, string>,
  });
  await expect((await app.firstWindow()).getByRole('table', { name: 'Containers' })).toBeVisible();
  return app;
}

/** The application menu as labels: top-level menu → its items' labels. */
function menuLabels(app: ElectronApplication): Promise<Record<string, string[]>> {
  return app.evaluate(({ Menu }) =>
    Object.fromEntries((Menu.getApplicationMenu()?.items ?? []).map((m) => [m.label, (m.submenu?.items ?? []).map((i) => i.label)])),
  );
}

test('the menu carries the palette’s commands, and choosing one runs it in the page', async () => {
  const app = await launch(mkdtempSync(join(tmpdir(), 'berth-desktop-')));
  try {
    await expect.poll(async () => (await menuLabels(app))['View'] ?? []).toEqual(expect.arrayContaining(['Go to Containers', 'Command palette']));
    const menu = await menuLabels(app);
    expect(menu['Edit']).toEqual(expect.arrayContaining(['Undo', 'Cut', 'Copy', 'Paste', 'Select All']));
    expect(menu['Help']).toContain('Keyboard shortcuts');
    expect(menu['Container']).toEqual(['No container selected']);
    await app.evaluate(({ Menu }) => {
      const help = Menu.getApplicationMenu()?.items.find((m) => m.label === 'Help');
      help?.submenu?.items.find((i) => i.label === 'Keyboard shortcuts')?.click();
    });
    await expect((await app.firstWindow()).getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  } finally {
    await app.close();
  }
});

test('the window opens where it was closed, at the size it had', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-desktop-'));
  const bounds = { x: 60, y: 50, width: 1000, height: 700 };
  let app = await launch(dataDir);
  await app.evaluate(({ BrowserWindow }, b) => BrowserWindow.getAllWindows()[0]!.setBounds(b), bounds);
  await app.close();
  expect(JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8'))).toMatchObject({ bounds: { width: 1000, height: 700 }, maximized: false });
  app = await launch(dataDir);
  try {
    const restored = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.getBounds());
    expect({ width: restored.width, height: restored.height }).toEqual({ width: 1000, height: 700 });
  } finally {
    await app.close();
  }
});
