import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { TEST_IMAGE } from './docker';
import { expect, test } from './fixtures';

const run = (prefix: string, name: string, ...extra: string[]) => [
  'run', '-d', '--name', `${prefix}${name}`, '--label', 'berth.test=e2e', ...extra, TEST_IMAGE, 'sleep', '3600',
];

const table = (page: Page) => page.getByRole('table', { name: 'Containers' });
const rowOf = (page: Page, name: string) => page.getByRole('row', { name: new RegExp(`${name}\\b`) });

async function showOnly(page: Page, text: string) {
  await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(text);
}

/**
 * For every header cell and every cell of one row: brought into view the way
 * a user would (scrolling the table sideways), is it inside the visible part
 * of the table and on top at its left edge, centre and right edge? Returns
 * what fails, as readable lines.
 */
async function coveredCells(page: Page, rowName: string): Promise<string[]> {
  return page.evaluate((rowName) => {
    const scroller = document.querySelector<HTMLElement>('.table-scroll')!;
    const tableEl = scroller.querySelector('table')!;
    const head = [...tableEl.querySelectorAll<HTMLElement>('thead th')];
    const row = [...tableEl.querySelectorAll<HTMLElement>('tbody tr[data-row-id]')].find((tr) => tr.querySelector('th')?.textContent === rowName);
    if (!row) return [`no row ${rowName}`];
    const cells = [...row.querySelectorAll<HTMLElement>(':scope > td, :scope > th')];
    const problems: string[] = [];
    const check = (el: HTMLElement, what: string) => {
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = el.getBoundingClientRect();
      const box = scroller.getBoundingClientRect();
      if (r.width < 8 || r.height < 8) return problems.push(`${what}: no size`);
      if (r.left < box.left - 0.5 || r.right > box.left + scroller.clientWidth + 0.5 || r.top < box.top - 0.5 || r.bottom > box.top + scroller.clientHeight + 0.5)
        return problems.push(`${what}: outside the visible table (${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(box.left)}–${Math.round(box.left + scroller.clientWidth)})`);
      const y = r.top + r.height / 2;
      for (const x of [r.left + 3, r.left + r.width / 2, r.right - 3]) {
        const hit = document.elementFromPoint(x, y);
        if (!hit || !el.contains(hit)) return problems.push(`${what}: covered at x=${Math.round(x)} by ${hit?.tagName}.${hit?.className}`);
      }
      return undefined;
    };
    head.forEach((th, i) => check(th, `header ${th.textContent?.trim() || `#${i}`}`));
    // A header's word is whole at its default width, not cut to "Memo…".
    for (const label of tableEl.querySelectorAll<HTMLElement>('thead .sort-label')) {
      if (label.scrollWidth > label.clientWidth + 0.5) problems.push(`header ${label.textContent}: cut (${label.clientWidth} of ${label.scrollWidth} px)`);
    }
    cells.forEach((td, i) => check(td, `cell ${head[i]?.textContent?.trim() || `#${i}`}`));
    // The pinned parts stay on top wherever the table is scrolled to, not only where they sit naturally.
    const pinned = [...head, ...cells].filter((el) => getComputedStyle(el).position === 'sticky' && (getComputedStyle(el).left !== 'auto' || getComputedStyle(el).right !== 'auto'));
    for (const at of [0, scroller.scrollWidth / 2, scroller.scrollWidth]) {
      scroller.scrollLeft = at;
      for (const el of pinned) {
        const r = el.getBoundingClientRect();
        const y = r.top + r.height / 2;
        for (const x of [r.left + 3, r.left + r.width / 2, r.right - 3]) {
          const hit = document.elementFromPoint(x, y);
          if (!hit || !el.contains(hit)) problems.push(`pinned ${el.tagName} ${el.className} at scrollLeft ${Math.round(at)}: covered by ${hit?.tagName}.${hit?.className}`);
        }
      }
    }
    scroller.scrollLeft = 0;
    return problems;
  }, rowName);
}

test.describe('the table primitive (containers)', () => {
  for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      test(`at ${viewport.width}×${viewport.height} in ${colorScheme}, every default column and a row's cells can be seen, uncovered, with and without the details pane`, async ({ page, docker, prefix }, testInfo) => {
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme });
        await docker(run(prefix, 'visible', '-p', '127.0.0.1::80', '--label', 'berth.tag.web='));
        await docker(['create', '--name', `${prefix}failed`, '--label', 'berth.test=e2e', TEST_IMAGE, '/no/such/binary']);
        await docker(['start', `${prefix}failed`]).catch(() => undefined);
        await showOnly(page, prefix);
        const name = `${prefix}visible`;
        await expect(rowOf(page, name)).toBeVisible();
        // Every default column is there and sortable from its header.
        const headers = table(page).getByRole('columnheader');
        await expect(headers).toHaveText(['', 'Name', 'Image', 'State', 'Status', 'CPU', 'Memory', 'Uptime', 'Restarts', 'Last error', 'Ports', 'Tags', 'Created', 'Actions'].map((t) => new RegExp(`^${t}`)));
        await expect(rowOf(page, name).getByRole('cell', { name: /%/ })).toBeVisible({ timeout: 15_000 });
        expect(await coveredCells(page, name)).toEqual([]);
        expect(await coveredCells(page, `${prefix}failed`)).toEqual([]);
        await page.screenshot({ path: testInfo.outputPath(`table-${viewport.width}-${colorScheme}.png`) });

        await rowOf(page, name).getByRole('button', { name, exact: true }).click();
        await expect(page.getByRole('complementary', { name: `Details of ${name}` })).toBeVisible();
        expect(await coveredCells(page, name)).toEqual([]);
        // The table says it scrolls sideways: its right edge is shadowed while columns hide there.
        const wrap = page.locator('.data-table-wrap');
        if (viewport.width === 1280) await expect(wrap).toHaveAttribute('data-more-right', 'true');
        await page.screenshot({ path: testInfo.outputPath(`table-${viewport.width}-${colorScheme}-details.png`) });

        const scan = await new AxeBuilder({ page }).include('.containers-view').analyze();
        const serious = scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
      });
    }
  }

  test('names sort in natural order; every header sorts, from anywhere in the cell, and says so', async ({ page, docker, prefix }) => {
    for (const n of ['walk-19', 'walk-2', 'walk-10', 'walk-1']) await docker(['create', '--name', `${prefix}${n}`, '--label', 'berth.test=e2e', TEST_IMAGE, 'true']);
    await showOnly(page, prefix);
    const names = () => table(page).getByRole('rowheader').allInnerTexts();
    await expect(table(page).getByRole('rowheader')).toHaveCount(4);
    expect(await names()).toEqual(['walk-1', 'walk-2', 'walk-10', 'walk-19'].map((n) => prefix + n));

    // The cell's far edge (not the word) sorts too.
    const nameHeader = table(page).getByRole('columnheader', { name: /^Name/ });
    const box = (await nameHeader.boundingBox())!;
    await page.mouse.click(box.x + box.width - 20, box.y + box.height / 2);
    await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
    expect(await names()).toEqual(['walk-19', 'walk-10', 'walk-2', 'walk-1'].map((n) => prefix + n));
    await expect(page.getByRole('status').filter({ hasText: 'Sorted by Name, descending' })).toBeAttached();

    for (const h of ['Image', 'State', 'Status', 'CPU', 'Memory', 'Uptime', 'Restarts', 'Last error', 'Ports', 'Tags', 'Created']) {
      const header = table(page).getByRole('columnheader', { name: new RegExp(`^${h}`) });
      await expect(header).toHaveAttribute('aria-sort', 'none');
      await header.getByRole('button').click();
      await expect(header).toHaveAttribute('aria-sort', 'ascending');
    }
  });

  test('click, shift-click, ctrl-click and Ctrl+A select as in a file manager', async ({ page, docker, prefix }) => {
    for (const n of ['r1', 'r2', 'r3', 'r4', 'r5']) await docker(['create', '--name', `${prefix}${n}`, '--label', 'berth.test=e2e', TEST_IMAGE, 'true']);
    await showOnly(page, prefix);
    await expect(table(page).getByRole('rowheader')).toHaveCount(5);
    const cell = (n: string) => rowOf(page, `${prefix}${n}`).getByRole('cell', { name: TEST_IMAGE });
    const checked = async () => {
      const out: string[] = [];
      for (const n of ['r1', 'r2', 'r3', 'r4', 'r5']) if (await page.getByRole('checkbox', { name: `Select ${prefix}${n}` }).isChecked()) out.push(n);
      return out;
    };
    const bar = page.getByRole('toolbar', { name: 'Batch actions' });

    await cell('r2').click();
    await cell('r4').click({ modifiers: ['Shift'] });
    await expect(bar).toContainText('3 selected');
    expect(await checked()).toEqual(['r2', 'r3', 'r4']);
    await expect(rowOf(page, `${prefix}r3`)).toHaveAttribute('aria-selected', 'true');

    await cell('r5').click({ modifiers: ['ControlOrMeta'] });
    expect(await checked()).toEqual(['r2', 'r3', 'r4', 'r5']);
    await cell('r3').click({ modifiers: ['ControlOrMeta'] });
    expect(await checked()).toEqual(['r2', 'r4', 'r5']);

    // Shift-click on a checkbox extends from the last row clicked, too.
    await cell('r1').click();
    await page.getByRole('checkbox', { name: `Select ${prefix}r3` }).click({ modifiers: ['Shift'] });
    expect(await checked()).toEqual(['r1', 'r2', 'r3']);

    // Ctrl+A selects every shown row, and only those.
    await showOnly(page, `${prefix}r`);
    await rowOf(page, `${prefix}r1`).focus();
    await page.keyboard.press('ControlOrMeta+a');
    await expect(page.getByRole('checkbox', { name: 'Select all 5 shown containers' })).toBeChecked();
    await expect(bar).toContainText('5 selected');
  });

  test('the keyboard moves, selects and opens rows, and opens the row menu with the context-menu key', async ({ page, docker, prefix }) => {
    for (const n of ['k1', 'k2', 'k3']) await docker(run(prefix, n));
    await showOnly(page, prefix);
    await expect(table(page).getByRole('rowheader')).toHaveCount(3);
    await rowOf(page, `${prefix}k1`).focus();
    await page.keyboard.press('ArrowDown');
    await expect(rowOf(page, `${prefix}k2`)).toBeFocused();
    await page.keyboard.press(' ');
    await expect(page.getByRole('checkbox', { name: `Select ${prefix}k2` })).toBeChecked();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await expect(rowOf(page, `${prefix}k2`)).toBeFocused();

    await page.keyboard.press('ContextMenu');
    const menu = page.getByRole('menu');
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('menuitem', { name: 'Pause' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    await expect(rowOf(page, `${prefix}k2`).getByRole('button', { name: 'More actions' })).toBeFocused();

    await rowOf(page, `${prefix}k2`).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('complementary', { name: `Details of ${prefix}k2` })).toBeVisible();
  });

  test('arrow keys pressed faster than a frame each move from where the last one went (key repeat)', async ({ page, docker, prefix }) => {
    for (const n of ['r1', 'r2', 'r3', 'r4']) await docker(run(prefix, n));
    await showOnly(page, prefix);
    await expect(table(page).getByRole('rowheader')).toHaveCount(4);
    await rowOf(page, `${prefix}r1`).focus();
    // Three key presses within one task: no frame runs between them.
    await page.evaluate(() => {
      for (const key of ['ArrowDown', 'ArrowDown', 'ArrowUp']) {
        document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      }
    });
    await expect(rowOf(page, `${prefix}r2`)).toBeFocused();
  });

  test('compact actions have names and tooltips; the rest is in More actions, the same as on right-click', async ({ page, docker, prefix }) => {
    const name = `${prefix}menu`;
    await docker(run(prefix, 'menu', '--stop-timeout', '1'));
    await showOnly(page, prefix);
    const row = rowOf(page, name);
    for (const [label, tip] of [['Stop', `Stop ${name}`], ['Terminal', `Open a terminal in ${name}`], ['Logs', `Logs of ${name}`], ['More actions', `More actions for ${name}`]]) {
      await expect(row.getByRole('button', { name: label!, exact: true })).toHaveAttribute('data-tip', tip!);
    }
    await row.getByRole('button', { name: 'More actions' }).click();
    const menu = page.getByRole('menu');
    await expect(menu.getByRole('menuitem')).toHaveText(['Details', 'Restart', 'Pause', 'Kill', 'Edit', 'Run command', 'Delete']);
    await page.keyboard.press('Escape');
    await expect(row.getByRole('button', { name: 'More actions' })).toBeFocused();

    await row.getByRole('cell', { name: TEST_IMAGE }).click({ button: 'right' });
    await expect(menu.getByRole('menuitem')).toHaveText(['Details', 'Restart', 'Pause', 'Kill', 'Edit', 'Run command', 'Delete']);
    await menu.getByRole('menuitem', { name: 'Pause' }).click();
    await expect(row.getByText('paused', { exact: true })).toBeVisible();
    expect(await docker(['inspect', '-f', '{{.State.Paused}}', name])).toBe('true');

    await row.getByRole('button', { name: 'Logs', exact: true }).click();
    await expect(page.getByRole('complementary', { name: `Details of ${name}` }).getByRole('tab', { name: 'Logs' })).toHaveAttribute('aria-selected', 'true');
  });

  test('the column chooser hides, reorders and sizes columns, and the table remembers after a reload', async ({ page, docker, prefix }) => {
    await docker(run(prefix, 'cols'));
    await showOnly(page, prefix);
    await page.getByRole('button', { name: 'Choose columns' }).click();
    const dialog = page.getByRole('dialog', { name: 'Columns of Containers' });
    await dialog.getByRole('checkbox', { name: 'Image' }).uncheck();
    await dialog.getByRole('button', { name: 'Move Tags earlier' }).click();
    await dialog.getByRole('spinbutton', { name: 'Width of State in pixels' }).fill('200');
    await dialog.getByRole('button', { name: 'Done' }).click();
    const headers = table(page).getByRole('columnheader');
    await expect(headers.filter({ hasText: /^Image/ })).toHaveCount(0);
    const order = async () => (await headers.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    expect((await order()).slice(-4)).toEqual(['Tags', 'Ports', 'Created', 'Actions']);
    expect(Math.round((await table(page).getByRole('columnheader', { name: /^State/ }).boundingBox())!.width)).toBe(200);

    // Resizing from the header edge, by keyboard.
    const handle = table(page).getByRole('separator', { name: 'Resize Status column' });
    const before = Number(await handle.getAttribute('aria-valuenow'));
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await expect(handle).toHaveAttribute('aria-valuenow', String(before + 16));

    await page.reload();
    await expect(table(page)).toBeVisible();
    await expect(headers.filter({ hasText: /^Image/ })).toHaveCount(0);
    expect((await order()).slice(-4)).toEqual(['Tags', 'Ports', 'Created', 'Actions']);

    await page.getByRole('button', { name: 'Choose columns' }).click();
    await dialog.getByRole('button', { name: 'Reset columns' }).click();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(headers.filter({ hasText: /^Image/ })).toHaveCount(1);
  });
});

test.describe('stable cells', () => {
  test('CPU and memory of a row scrolled away and back show the last known value at once, not "…"', async ({ page, docker, prefix }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await docker(run(prefix, 'aaa-busy'));
    // Enough rows below it that the virtualised table drops its row when scrolled to the end.
    await Promise.all(Array.from({ length: 36 }, (_, i) => docker(['create', '--name', `${prefix}idle-${i}`, '--label', 'berth.test=e2e', TEST_IMAGE, 'true'])));
    await showOnly(page, prefix);
    const busy = rowOf(page, `${prefix}aaa-busy`);
    await expect(busy.getByRole('cell', { name: /^CPU \d/ })).toBeVisible({ timeout: 15_000 });
    await expect(busy.getByRole('cell', { name: /^Memory \d/ })).toBeVisible();

    const scroller = page.locator('.table-scroll');
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(busy).toHaveCount(0);
    // Longer than the column store's debounce: the row's stream is really given up.
    await page.waitForTimeout(600);
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await expect(busy).toHaveCount(1);
    // At once: far quicker than a new stats stream's first sample.
    await expect(busy.getByRole('cell', { name: /^CPU \d/ })).toBeVisible({ timeout: 150 });
    await expect(busy.getByRole('cell', { name: /^Memory \d/ })).toBeVisible({ timeout: 150 });
  });
});
