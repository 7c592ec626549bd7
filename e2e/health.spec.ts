import AxeBuilder from '@axe-core/playwright';
import { TEST_IMAGE } from './docker';
import { expect, test } from './fixtures';

test.describe('engine health lists on the table primitive', () => {
  test('disk usage and stopped containers sort; stopped ones are chosen by click and Ctrl-click or from a row menu inside the dialog, and only those go', async ({ page, docker, prefix }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    // The theme follows the system's, so both can be checked while the modal dialog is open.
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
    // Named to sort before everything else on the shared engine (digits come before letters), so they are in the first rows shown.
    const names = ['hl-2', 'hl-10', 'hl-3'].map((n) => `0-${prefix}${n}`);
    const [two, ten, three] = names as [string, string, string];
    try {
      for (const n of names) await docker(['create', '--name', n, '--label', 'berth.test=e2e', TEST_IMAGE, 'true']);
      await page.getByRole('button', { name: 'Engine health' }).click();
      const dialog = page.getByRole('dialog', { name: 'Engine health' });

      await dialog.getByRole('button', { name: 'Measure disk usage' }).click();
      const disk = dialog.getByRole('table', { name: 'Disk usage by kind' });
      await expect(disk.getByRole('columnheader', { name: 'Size', exact: true })).toHaveAttribute('aria-sort', 'descending');
      await disk.getByRole('columnheader', { name: 'Kind', exact: true }).click();
      await expect(disk.getByRole('columnheader', { name: 'Kind', exact: true })).toHaveAttribute('aria-sort', 'ascending');
      expect((await disk.getByRole('rowheader').allInnerTexts()).map((t) => t.trim())).toEqual(['Build cache', 'Containers', 'Images', 'Volumes']);

      await dialog.getByRole('button', { name: 'Run doctor' }).click();
      const stopped = dialog.getByRole('table', { name: 'Stopped containers to choose from' });
      const row = (n: string) => stopped.getByRole('row', { name: new RegExp(`Select ${n}\\b`) });
      await expect(row(ten)).toBeVisible();
      const shown = async () => (await stopped.getByRole('rowheader').allInnerTexts()).map((t) => t.trim()).filter((t) => names.includes(t));
      expect(await shown()).toEqual([two, three, ten]);

      // A row's menu opens inside the modal dialog, where it can be clicked.
      await row(three).getByRole('button', { name: 'More actions' }).click();
      await page.getByRole('menu').getByRole('menuitem', { name: 'Remove container' }).click();
      await expect(dialog.getByRole('list', { name: 'Cleanup results' })).toContainText(`Removed: ${three}`);
      await expect(row(three)).toHaveCount(0);

      await row(two).getByRole('cell').nth(1).click();
      await row(ten).getByRole('cell').nth(1).click({ modifiers: ['Control'] });
      await expect(row(two)).toHaveAttribute('aria-selected', 'true');
      await expect(row(ten)).toHaveAttribute('aria-selected', 'true');

      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        const r = await new AxeBuilder({ page }).include('dialog').withTags(['wcag2a', 'wcag2aa']).analyze();
        expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), theme).toEqual([]);
        await page.screenshot({ path: testInfo.outputPath(`health-${theme}.png`) });
      }

      await dialog.getByRole('button', { name: 'Remove 2 selected containers' }).click();
      await expect(dialog.getByRole('list', { name: 'Cleanup results' })).toContainText(`Removed: ${ten}`);
      await expect(row(two)).toHaveCount(0);
      expect(await docker(['ps', '-a', '-q', '--filter', `name=^/0-${prefix}`])).toBe('');
    } finally {
      await docker(['rm', '-f', ...names]).catch(() => undefined);
    }
  });
});
