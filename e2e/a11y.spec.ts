import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { TEST_IMAGE } from './docker';
import { expect, test } from './fixtures';

/**
 * An accessibility scan (WCAG 2 A and AA rules) of every view and dialog the other specs do not scan
 * already, in both themes at 1280×720: the details pane's tabs, the Logs view, the Terminals view with a
 * tab open, and the top bar's dialogs. Serious and critical findings fail; the rest are printed.
 */
test.use({ viewport: { width: 1280, height: 720 } });

async function scan(page: Page, selector: string, what: string): Promise<void> {
  await expect(page.locator(selector).first(), `${what} is on screen`).toBeVisible();
  const r = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa']).analyze();
  const lines = (impacts: string[]) =>
    r.violations.filter((v) => impacts.includes(v.impact ?? '')).map((v) => `${what} — ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  const minor = lines(['minor', 'moderate']);
  if (minor.length) console.log(minor.join('\n'));
  expect(lines(['serious', 'critical'])).toEqual([]);
}

const views = (page: Page) => page.getByRole('navigation', { name: 'Views' });

for (const choice of ['light', 'dark'] as const) {
  test(`every view and dialog passes an accessibility scan in the ${choice} theme at 1280×720`, async ({ page, docker, prefix }) => {
    await page.getByRole('combobox', { name: 'Theme' }).selectOption(choice);
    const names = [`${prefix}a11y-a`, `${prefix}a11y-b`];
    for (const name of names) {
      await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', '-p', '127.0.0.1::80', '-e', 'MODE=scan', TEST_IMAGE, 'sh', '-c', 'mkdir -p /app && echo hi > /app/a.txt && while true; do echo "line $RANDOM"; sleep 1; done']);
    }
    await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(`${prefix}a11y`);
    const table = page.getByRole('table', { name: 'Containers' });
    for (const name of names) await expect(table.getByRole('row', { name: new RegExp(name) })).toBeVisible();

    // The details pane, tab by tab.
    const name = names[0]!;
    await table.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name, exact: true }).click();
    const details = page.getByRole('complementary', { name: `Details of ${name}` });
    await expect(details.getByText('MODE=scan')).toBeVisible();
    await scan(page, '.details', 'Overview tab');
    await details.getByRole('tab', { name: 'Inspect' }).click();
    await expect(details.getByText(/"MODE=scan"/).first()).toBeVisible();
    await scan(page, '.details', 'Inspect tab');
    await details.getByRole('tab', { name: 'Logs' }).click();
    await expect(details.getByText(/^line \d+/).first()).toBeVisible();
    await scan(page, '.details', 'Logs tab');
    await details.getByRole('tab', { name: 'Stats' }).click();
    await expect(details.getByText(/ of \d+ CPUs?/)).toBeVisible({ timeout: 15_000 });
    await scan(page, '.details', 'Stats tab');

    // The Logs view with both containers' logs.
    await table.getByRole('checkbox', { name: `Select ${names[0]}` }).check();
    await table.getByRole('checkbox', { name: `Select ${names[1]}` }).check();
    await page.getByRole('toolbar', { name: 'Batch actions' }).getByRole('button', { name: 'Logs', exact: true }).click();
    const logs = page.getByRole('region', { name: 'Logs of the selected containers' });
    await expect(logs.getByText(/^line \d+/).first()).toBeVisible();
    await scan(page, 'main', 'Logs view');

    // The Terminals view with a shell open.
    await views(page).getByRole('button', { name: 'Containers' }).click();
    await table.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name: 'Terminal', exact: true }).click();
    await expect(page.getByRole('group', { name: /^Terminal: / })).toBeVisible();
    await scan(page, 'main', 'Terminals view');
    await page.getByRole('button', { name: 'Close tab' }).click();
    await page.getByRole('dialog', { name: /^Close “/ }).getByRole('button', { name: 'End and close' }).click();

    // The top bar's dialogs.
    await views(page).getByRole('button', { name: 'Containers' }).click();
    await page.getByRole('button', { name: 'Engine health' }).click();
    await expect(page.getByRole('dialog', { name: 'Engine health' })).toBeVisible();
    await scan(page, 'dialog[open]', 'Engine health');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Import containers' }).click();
    await expect(page.getByRole('dialog', { name: 'Import containers' })).toBeVisible();
    await scan(page, 'dialog[open]', 'Import containers');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Berth' }).click();
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await scan(page, 'dialog[open]', 'Keyboard shortcuts');
    await page.keyboard.press('Escape');
  });
}
