import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { TEST_IMAGE } from './docker';
import { dropFile, zipOf } from './drop';
import { expect, test } from './fixtures';

const openActivity = (page: Page) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Activity' }).click();

test.describe('activity log', () => {
  test('filtering by the container name finds its upload, named and stamped with the engine', async ({ page, docker, prefix }) => {
    const name = `${prefix}act-up`;
    const other = `${prefix}act-other`;
    await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, 'sleep', '3600']);
    await docker(['run', '-d', '--name', other, '--label', 'berth.test=e2e', TEST_IMAGE, 'sleep', '3600']);
    const zip = await zipOf({ 'notes.txt': Buffer.from('kept\n') });
    // Both get an upload, so the filter has something to leave out.
    for (const n of [other, name]) {
      const row = page.getByRole('row', { name: new RegExp(n) });
      await expect(row).toBeVisible();
      await dropFile(page, row, 'notes.zip', zip);
      await expect(page.getByRole('region', { name: 'Transfers' }).getByRole('listitem', { name: `Upload notes.zip to ${n}` }).getByRole('status')).toHaveText(/Done/);
    }

    await openActivity(page);
    await page.getByRole('searchbox', { name: 'Container' }).fill(name);
    const table = page.getByRole('table', { name: 'Activity log' });
    const upload = table.getByRole('row').filter({ hasText: 'files.upload' });
    await expect(table.getByRole('row').filter({ hasText: other })).toHaveCount(0);
    await expect(upload).toHaveCount(1);
    await expect(upload).toContainText(name);
    await expect(upload).toContainText('unix:///var/run/docker.sock');
    await expect(upload).toContainText('succeeded');
  });

  test("a failed start says why in words; the engine's own text is under Details, in the toast and the log", async ({ page, docker, prefix }) => {
    const name = `${prefix}act-broken`;
    await docker(['create', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, 'berth-no-such-program']);
    const row = page.getByRole('row', { name: new RegExp(name) });
    await row.getByRole('button', { name: 'Start', exact: true }).click();

    const toast = page.getByRole('region', { name: 'Notifications' }).getByRole('alert').filter({ hasText: 'berth-no-such-program' });
    await expect(toast).toContainText('has no program named “berth-no-such-program” on its PATH');
    await expect(toast.getByText(/executable file not found in \$PATH/)).toBeHidden();
    await toast.getByText('Details', { exact: true }).click();
    await expect(toast.getByText(/exec: "berth-no-such-program": executable file not found in \$PATH/)).toBeVisible();

    await openActivity(page);
    await page.getByRole('searchbox', { name: 'Container' }).fill(name);
    const entry = page.getByRole('table', { name: 'Activity log' }).getByRole('row').filter({ hasText: 'container.start' });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText('failed');
    await expect(entry).toContainText('has no program named “berth-no-such-program” on its PATH');
    const raw = entry.getByText(/executable file not found in \$PATH/);
    await expect(raw).toBeHidden();
    await entry.getByText('Details', { exact: true }).click();
    await expect(raw).toBeVisible();
  });

  for (const choice of ['light', 'dark'] as const) {
    test(`the Activity view, with a failure's Details open, passes an accessibility scan in the ${choice} theme at 1280×720`, async ({ page, docker, prefix }, testInfo) => {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.getByRole('combobox', { name: 'Theme' }).selectOption(choice);
      const name = `${prefix}act-${choice}`;
      await docker(['create', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, '/no/such/command']);
      await page.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name: 'Start', exact: true }).click();
      const toast = page.getByRole('region', { name: 'Notifications' }).getByRole('alert').filter({ hasText: name });
      await toast.getByText('Details', { exact: true }).click();
      await page.screenshot({ path: testInfo.outputPath(`${choice}-toast-details.png`) });
      await toast.getByRole('button', { name: 'Dismiss' }).click();
      await openActivity(page);
      await page.getByRole('searchbox', { name: 'Container' }).fill(name);
      const entry = page.getByRole('table', { name: 'Activity log' }).getByRole('row').filter({ hasText: 'container.start' });
      await expect(entry).toHaveCount(1);
      await entry.getByText('Details', { exact: true }).click();
      await expect(entry.getByText(/no such file or directory/)).toBeVisible();
      const r = await new AxeBuilder({ page }).include('.activity').withTags(['wcag2a', 'wcag2aa']).analyze();
      expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await page.screenshot({ path: testInfo.outputPath(`${choice}-activity.png`) });
    });
  }

  test.describe('on the table primitive', () => {
    /** Two containers named so that natural order differs from character order; three actions on them, one after another. */
    async function threeEntries(page: Page, docker: (args: string[]) => Promise<string>, prefix: string) {
      const two = `${prefix}act-2`;
      const ten = `${prefix}act-10`;
      // Stops at once on SIGTERM (a bare sleep would wait out the engine's 10 s grace period).
      const command = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'];
      for (const n of [two, ten]) await docker(['create', '--name', n, '--label', 'berth.test=e2e', TEST_IMAGE, ...command]);
      await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(prefix);
      const row = (n: string) => page.getByRole('row', { name: new RegExp(`${n}\\b`) });
      for (const n of [two, ten]) {
        await row(n).getByRole('button', { name: 'Start', exact: true }).click();
        await expect(row(n)).toContainText('running');
      }
      await row(two).getByRole('button', { name: 'Stop', exact: true }).click();
      await expect(row(two)).toContainText('exited', { timeout: 20_000 });
      await openActivity(page);
      await page.getByRole('searchbox', { name: 'Container' }).fill(prefix);
      const table = page.getByRole('table', { name: 'Activity log' });
      await expect(table.getByRole('row').filter({ hasText: prefix })).toHaveCount(3);
      // Each entry as "<action> <container>", in the order shown.
      const order = async () =>
        (await table.getByRole('row').filter({ hasText: prefix }).allInnerTexts()).map(
          (t) => `${t.includes('container.stop') ? 'stop' : 'start'} ${t.includes(ten) ? '10' : '2'}`,
        );
      return { table, order, ten };
    }

    test('newest first by default; every column sorts, names in natural order; the sort is announced and remembered', async ({ page, docker, prefix }) => {
      const { table, order } = await threeEntries(page, docker, prefix);
      const header = (col: string) => table.getByRole('columnheader', { name: col, exact: true });
      await expect(header('Time')).toHaveAttribute('aria-sort', 'descending');
      expect(await order()).toEqual(['stop 2', 'start 10', 'start 2']);

      await header('Container').click();
      await expect(header('Container')).toHaveAttribute('aria-sort', 'ascending');
      await expect(header('Time')).toHaveAttribute('aria-sort', 'none');
      await expect(page.getByRole('status').filter({ hasText: 'Sorted by Container, ascending' })).toBeAttached();
      // act-2 before act-10; the two entries of act-2 oldest first.
      expect(await order()).toEqual(['start 2', 'stop 2', 'start 10']);
      await header('Container').click();
      expect(await order()).toEqual(['start 10', 'stop 2', 'start 2']);

      await header('Action').click();
      expect((await order())[2]).toBe('stop 2');
      await header('Time').click();
      await expect(header('Time')).toHaveAttribute('aria-sort', 'ascending');
      expect(await order()).toEqual(['start 2', 'start 10', 'stop 2']);
      for (const col of ['Outcome', 'Duration', 'Details']) {
        await header(col).click();
        await expect(header(col)).toHaveAttribute('aria-sort', 'ascending');
      }

      const r = await new AxeBuilder({ page }).include('.activity').withTags(['wcag2a', 'wcag2aa']).analyze();
      expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

      await header('Time').click();
      await page.reload();
      await expect(page.getByRole('table', { name: 'Activity log' }).getByRole('columnheader', { name: 'Time', exact: true })).toHaveAttribute('aria-sort', 'ascending');
    });

    test('the column chooser hides a column and the log remembers after a reload; Enter and the row menu lead on from an entry', async ({ page, docker, prefix }) => {
      const { table, ten } = await threeEntries(page, docker, prefix);
      await table.getByRole('button', { name: 'Choose columns' }).click();
      const chooser = page.getByRole('dialog', { name: 'Columns of Activity log' });
      await expect(chooser.getByRole('checkbox', { name: 'Time' })).toBeDisabled();
      await chooser.getByRole('checkbox', { name: 'Duration' }).uncheck();
      await chooser.getByRole('button', { name: 'Done' }).click();
      await expect(table.getByRole('columnheader', { name: 'Duration' })).toHaveCount(0);
      await expect(table.getByRole('row').filter({ hasText: /\d+ ms/ })).toHaveCount(0);

      await page.reload();
      const again = page.getByRole('table', { name: 'Activity log' });
      await expect(again.getByRole('columnheader', { name: 'Outcome' })).toBeVisible();
      await expect(again.getByRole('columnheader', { name: 'Duration' })).toHaveCount(0);

      // Right-click an entry: its menu narrows the log to that action.
      await page.getByRole('searchbox', { name: 'Container' }).fill(prefix);
      const stop = again.getByRole('row').filter({ hasText: 'container.stop' });
      await expect(stop).toHaveCount(1);
      await stop.click({ button: 'right' });
      await page.getByRole('menu').getByRole('menuitem', { name: 'Show only container.stop' }).click();
      await expect(page.getByRole('searchbox', { name: 'Action' })).toHaveValue('container.stop');
      await expect(again.getByRole('row').filter({ hasText: prefix })).toHaveCount(1);

      // Enter on an entry opens its container.
      await page.getByRole('searchbox', { name: 'Action' }).fill('');
      const start10 = again.getByRole('row').filter({ hasText: ten });
      await expect(start10).toHaveCount(1);
      await start10.focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('complementary', { name: `Details of ${ten}` })).toBeVisible();
    });
  });
});
