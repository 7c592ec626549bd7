import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { TEST_IMAGE } from './docker';
import { dropFile } from './drop';
import { expect, test } from './fixtures';

type Box = { x: number; y: number; width: number; height: number };

async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  expect(b, 'element has a box').not.toBeNull();
  return b!;
}

/** `inner` lies wholly inside `outer` (1 px of rounding allowed): nothing of it is clipped. */
function expectInside(inner: Box, outer: Box, what: string) {
  expect(inner.x, `${what}: left edge`).toBeGreaterThanOrEqual(outer.x - 1);
  expect(inner.y, `${what}: top edge`).toBeGreaterThanOrEqual(outer.y - 1);
  expect(inner.x + inner.width, `${what}: right edge`).toBeLessThanOrEqual(outer.x + outer.width + 1);
  expect(inner.y + inner.height, `${what}: bottom edge`).toBeLessThanOrEqual(outer.y + outer.height + 1);
}

async function scan(page: Page, selector: string) {
  const r = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;

async function openFiles(page: Page, name: string) {
  await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(name);
  await page.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name, exact: true }).click();
  const details = page.getByRole('complementary', { name: `Details of ${name}` });
  await details.getByRole('tab', { name: 'Files' }).click();
  return details;
}

const SETUP = 'mkdir -p /app/a-folder-with-a-rather-long-name && echo hi > /app/notes-from-the-last-release.txt && sleep 3600';

test.describe('panes', () => {
  for (const size of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    for (const choice of ['light', 'dark'] as const) {
      test(`at ${size.width}×${size.height} (${choice}) the Files tab's columns and row actions fit the pane's default width`, async ({ page, docker, prefix }, testInfo) => {
        await page.setViewportSize(size);
        await page.getByRole('combobox', { name: 'Theme' }).selectOption(choice);
        const name = `${prefix}fit`;
        await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, 'sh', '-c', SETUP]);
        const details = await openFiles(page, name);
        const table = details.getByRole('table', { name: 'Files in /app' });
        const fileRow = table.getByRole('row', { name: 'notes-from-the-last-release.txt' });
        await expect(fileRow).toBeVisible();

        const pane = await box(details);
        expectInside(pane, { x: 0, y: 0, ...size }, 'the pane in the window');
        const panel = details.getByRole('tabpanel', { name: 'Files' });
        for (const col of ['Name', 'Size', 'Modified']) {
          const header = table.getByRole('columnheader', { name: col });
          await expect(header).toBeVisible();
          expectInside(await box(header), await box(panel), `the ${col} column`);
        }
        // No sideways scroll: the tab lays out to the pane's width.
        expect(await panel.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
        for (const rowName of ['notes-from-the-last-release.txt', 'a-folder-with-a-rather-long-name']) {
          const more = table.getByRole('row', { name: rowName }).getByRole('button', { name: 'More actions' });
          await expect(more).toBeVisible();
          expectInside(await box(more), await box(panel), `the actions of ${rowName}`);
        }

        // The row's actions are in the shared menu, and it opens inside the window.
        await fileRow.getByRole('button', { name: 'More actions' }).click();
        const menu = page.getByRole('menu');
        for (const item of ['View', 'Download', 'Rename', 'Delete']) await expect(menu.getByRole('menuitem', { name: item })).toBeVisible();
        expectInside(await box(menu), { x: 0, y: 0, ...size }, 'the row menu');
        await page.screenshot({ path: testInfo.outputPath(`files-${size.width}-${choice}.png`) });
        await menu.getByRole('menuitem', { name: 'View' }).click();
        await expect(page.getByLabel('Contents of /app/notes-from-the-last-release.txt')).toHaveText('hi\n');
        await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

        // The Transfers panel docks below the view: it takes room, it covers neither the list nor the pane.
        await dropFile(page, page.getByRole('row', { name: new RegExp(name) }), 'dropped.txt', Buffer.from('dropped\n'));
        const transfers = page.getByRole('region', { name: 'Transfers' });
        await expect(transfers.getByRole('listitem', { name: `Upload dropped.txt to ${name}` }).getByRole('status')).toHaveText(/Done/);
        const main = await box(page.getByRole('main'));
        const dock = await box(transfers);
        expect(overlaps(dock, main), 'the Transfers panel over the view').toBe(false);
        expect(overlaps(dock, await box(details)), 'the Transfers panel over the pane').toBe(false);
        expect(overlaps(dock, await box(page.getByRole('table', { name: 'Containers' }))), 'the Transfers panel over the list').toBe(false);
        expectInside(dock, { x: 0, y: 0, ...size }, 'the Transfers panel');
        // The count says how many are listed (downloads of earlier tests on this host may be among them).
        const listed = await transfers.getByRole('listitem').count();
        expect(listed).toBeGreaterThanOrEqual(1);
        await expect(transfers.getByRole('heading', { name: /Transfers/ })).toHaveText(`Transfers (${listed})`);
        await page.screenshot({ path: testInfo.outputPath(`transfers-${size.width}-${choice}.png`) });
        await scan(page, '.details');
        await scan(page, '.files-transfers');

        // Collapsed, it gives the room back to the view and keeps its count.
        await transfers.getByRole('button', { name: 'Hide transfers' }).click();
        await expect(transfers.getByRole('listitem')).toHaveCount(0);
        await expect(transfers.getByRole('button', { name: 'Show transfers' })).toHaveAttribute('aria-expanded', 'false');
        await expect(transfers.getByRole('heading', { name: /Transfers/ })).toHaveText(`Transfers (${listed})`);
        const mainAfter = await box(page.getByRole('main'));
        expect(mainAfter.height).toBeGreaterThan(main.height);
        expect(overlaps(await box(transfers), mainAfter)).toBe(false);
        await transfers.getByRole('button', { name: 'Show transfers' }).click();
        await expect(transfers.getByRole('listitem')).toHaveCount(listed);
      });
    }
  }

  test('the pane resizes by keyboard and pointer, is remembered, and widens to a page with its own address', async ({ page, docker, prefix }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const name = `${prefix}resize`;
    await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, 'sh', '-c', SETUP]);
    let details = await openFiles(page, name);
    const handle = page.getByRole('separator', { name: 'Resize details pane' });
    const start = Number(await handle.getAttribute('aria-valuenow'));
    expect(Math.abs((await box(details)).width - start)).toBeLessThanOrEqual(2);

    await handle.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(handle).toHaveAttribute('aria-valuenow', String(start + 32));
    await page.keyboard.press('ArrowRight');
    await expect(handle).toHaveAttribute('aria-valuenow', String(start + 16));

    // Drag the handle 150 px to the left.
    const h = await box(handle);
    await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
    await page.mouse.down();
    await page.mouse.move(h.x + h.width / 2 - 75, h.y + h.height / 2, { steps: 5 });
    await page.mouse.move(h.x + h.width / 2 - 150, h.y + h.height / 2, { steps: 5 });
    await page.mouse.up();
    const dragged = start + 16 + 150;
    await expect(handle).toHaveAttribute('aria-valuenow', String(dragged));
    expect(Math.abs((await box(details)).width - dragged)).toBeLessThanOrEqual(2);
    // The list keeps its room however far the handle goes.
    await handle.focus();
    await page.keyboard.press('End');
    const widest = Number(await handle.getAttribute('aria-valuenow'));
    expect(widest).toBeLessThan(1280);
    expect((await box(page.getByRole('table', { name: 'Containers' }))).width).toBeGreaterThan(300);
    await page.keyboard.press('Home');
    await page.keyboard.press('End');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    const kept = widest - 80;
    await expect(handle).toHaveAttribute('aria-valuenow', String(kept));

    await page.reload();
    details = page.getByRole('complementary', { name: `Details of ${name}` });
    await expect(details.getByRole('table', { name: 'Files in /app' })).toBeVisible();
    await expect(page.getByRole('separator', { name: 'Resize details pane' })).toHaveAttribute('aria-valuenow', String(kept));

    // Full page: the pane takes the view, the address says so, a reload keeps it, Back returns to the side.
    await details.getByRole('button', { name: 'Widen to full page' }).click();
    await expect(page).toHaveURL(/#\/containers\/[0-9a-f]{64}\/files\?full=1$/);
    await expect(page.getByRole('table', { name: 'Containers' })).toBeHidden();
    await expect(page.getByRole('separator', { name: 'Resize details pane' })).toHaveCount(0);
    const main = await box(page.getByRole('main'));
    expect((await box(details)).width).toBeGreaterThan(main.width - 4);
    await page.screenshot({ path: testInfo.outputPath('full-page.png') });
    // Switching tabs stays on the full page.
    await details.getByRole('tab', { name: 'Overview' }).click();
    await expect(page).toHaveURL(/#\/containers\/[0-9a-f]{64}\/overview\?full=1$/);
    await page.reload();
    details = page.getByRole('complementary', { name: `Details of ${name}` });
    await expect(details.getByRole('button', { name: 'Back to the side' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Containers' })).toBeHidden();
    await details.getByRole('button', { name: 'Back to the side' }).click();
    await expect(page.getByRole('table', { name: 'Containers' })).toBeVisible();
    await expect(page).toHaveURL(/#\/containers\/[0-9a-f]{64}\/overview$/);
    await page.goBack();
    await expect(details.getByRole('button', { name: 'Back to the side' })).toBeVisible();
    // Back walks the same steps: the full page's Files tab, then the Files tab beside the list.
    await page.goBack();
    await expect(details.getByRole('tab', { name: 'Files' })).toHaveAttribute('aria-selected', 'true');
    await expect(details.getByRole('button', { name: 'Back to the side' })).toBeVisible();
    await page.goBack();
    await expect(details.getByRole('button', { name: 'Widen to full page' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Containers' })).toBeVisible();
    await expect(details.getByRole('table', { name: 'Files in /app' })).toBeVisible();
  });
});
