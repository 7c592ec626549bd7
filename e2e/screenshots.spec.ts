import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { docker, TEST_IMAGE } from './docker';
import { expect, test } from './fixtures';

/**
 * The README's pictures, made from the real app against the real engine at 1280×720, light and dark.
 * In `npm test` they land in the test's output folder (a clean clone stays clean); `npm run screenshots`
 * sets BERTH_SCREENSHOTS_DIR=docs/screenshots to refresh the README's copies.
 * Each picture is taken only once its view shows what the caption promises, found by role and name.
 */
test.use({ viewport: { width: 1280, height: 720 } });

const DEMO = ['web', 'api', 'worker', 'cache'].map((n) => `berth-demo-${n}`);
const LABEL = 'berth.test=screenshots';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await removeDemo();
  for (const [i, name] of DEMO.entries()) {
    const ports = i < 2 ? ['-p', `127.0.0.1::${8080 + i}`] : [];
    await docker(['run', '-d', '--name', name, '--label', LABEL, '--label', `app.tier=${i < 2 ? 'front' : 'back'}`, ...ports, TEST_IMAGE, 'sh', '-c', `mkdir -p /app/src && echo '<h1>${name}</h1>' > /app/index.html && echo 'console.log(1)' > /app/src/main.js && while true; do echo "$(date -Iseconds) ${name}: handled request $RANDOM"; sleep 1; done`]);
  }
  await docker(['stop', '-t', '0', DEMO[3]!]);
});

test.afterAll(removeDemo);

async function removeDemo(): Promise<void> {
  const ids = (await docker(['ps', '-aq', '--filter', `label=${LABEL}`])).split('\n').filter(Boolean);
  if (ids.length) await docker(['rm', '-f', '-v', ...ids]);
}

function shotPath(name: string, outputPath: (n: string) => string): string {
  const dir = process.env.BERTH_SCREENSHOTS_DIR;
  if (!dir) return outputPath(`${name}.png`);
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  return join(abs, `${name}.png`);
}

async function useTheme(page: Page, choice: 'light' | 'dark'): Promise<void> {
  await page.getByRole('combobox', { name: 'Theme' }).selectOption(choice);
  await expect(page.locator('html')).toHaveAttribute('data-theme', choice);
}

async function openDetails(page: Page, name: string, tab: string): Promise<ReturnType<Page['getByRole']>> {
  await page.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name, exact: true }).click();
  const details = page.getByRole('complementary', { name: `Details of ${name}` });
  await details.getByRole('tab', { name: tab }).click();
  return details;
}

for (const choice of ['light', 'dark'] as const) {
  test(`pictures of the main views in the ${choice} theme`, async ({ page }, testInfo) => {
    const shoot = async (name: string) => {
      // Toasts from earlier steps are not part of the picture.
      await page.mouse.move(0, 0);
      await page.screenshot({ path: shotPath(`${name}-${choice}`, (n) => testInfo.outputPath(n)) });
    };
    await useTheme(page, choice);
    await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill('berth-demo');
    const table = page.getByRole('table', { name: 'Containers' });
    for (const name of DEMO) await expect(table.getByRole('row', { name: new RegExp(name) })).toBeVisible();

    // The table with the details pane on a running container's logs.
    const details = await openDetails(page, DEMO[0]!, 'Logs');
    await expect(details.getByText(/handled request/).first()).toBeVisible();
    await shoot('containers');

    // Its stats, a few samples in: time and value axes.
    await details.getByRole('tab', { name: 'Stats' }).click();
    await expect(details.getByRole('img', { name: /^CPU chart: CPU \d/ })).toBeVisible({ timeout: 15_000 });
    await page.waitForTimeout(4000);
    await shoot('stats');

    // Its files, as a full page.
    await details.getByRole('tab', { name: 'Files' }).click();
    await details.getByRole('button', { name: 'Widen to full page' }).click();
    await expect(page.getByRole('table', { name: 'Files in /app' })).toBeVisible();
    await expect(page.getByRole('row', { name: /index\.html/ })).toBeVisible();
    await shoot('files');
    await page.getByRole('button', { name: 'Back to the side' }).click();

    // A terminal tab into it.
    await page.getByRole('row', { name: new RegExp(DEMO[1]!) }).getByRole('button', { name: 'Terminal', exact: true }).click();
    const screen = page.getByRole('group', { name: /^Terminal: / });
    await expect(screen).toBeVisible();
    await screen.click();
    await page.keyboard.type('ls -l /app && uname -a\n');
    await expect(screen.getByText(/index\.html/)).toBeVisible();
    await shoot('terminals');
    await page.getByRole('button', { name: 'Close tab' }).click();
    await page.getByRole('dialog', { name: /^Close “/ }).getByRole('button', { name: 'End and close' }).click();

    // The create wizard's first step.
    await page.getByRole('button', { name: 'Containers', exact: true }).click();
    await page.getByRole('button', { name: 'New container' }).click();
    const wizard = page.getByRole('dialog', { name: 'New container' });
    await expect(wizard).toBeVisible();
    await wizard.getByLabel('Image', { exact: true }).fill(TEST_IMAGE);
    await wizard.getByLabel('Name', { exact: true }).fill('berth-demo-new');
    await shoot('create');
    await page.keyboard.press('Escape');
    await expect(wizard).toBeHidden();

    // The command palette, reaching containers by name.
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await expect(palette).toBeVisible();
    await palette.getByRole('combobox').fill('demo');
    await expect(palette.getByRole('option', { name: `Open ${DEMO[0]}` })).toBeVisible();
    await shoot('palette');
    await page.keyboard.press('Escape');
  });
}
