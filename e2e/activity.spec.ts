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
});
