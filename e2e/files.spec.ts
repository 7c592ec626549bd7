import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import yauzl from 'yauzl';
import { TEST_IMAGE } from './docker';
import { dropFile, zipOf } from './drop';
import { expect, test } from './fixtures';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) => yauzl.fromBuffer(buf, { lazyEntries: true }, (e, z) => (e ? rej(e) : res(z!))));
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      if (e.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(e, async (err, s) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        for await (const c of s as AsyncIterable<Buffer>) chunks.push(c);
        out.set(e.fileName, Buffer.concat(chunks));
        zip.readEntry();
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

/** A file row's action, from its "More actions" menu. */
async function rowAction(page: Page, row: Locator, action: string) {
  await row.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: action, exact: true }).click();
}

test.describe('files', () => {
  test('a zip dropped on a row lands extracted; the Files tab browses it and downloads it back as a zip', async ({ page, docker, prefix }) => {
    const name = `${prefix}files`;
    await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, 'sleep', '3600']);
    const files = {
      'hello.txt': Buffer.from('hello from the browser\n'),
      'src/main.py': Buffer.from('print("hi")\n'),
      'data/blob.bin': randomBytes(2 * 1024 * 1024 + 17),
    };
    const zip = await zipOf(files);
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toBeVisible();
    await dropFile(page, row, 'project.zip', zip);

    const transfers = page.getByRole('region', { name: 'Transfers' });
    const bar = transfers.getByRole('progressbar', { name: 'Uploading project.zip' });
    await expect(bar).toBeVisible();
    await expect(transfers.getByRole('listitem', { name: `Upload project.zip to ${name}` }).getByRole('status')).toHaveText(/Done/);
    await expect(bar).toHaveAttribute('aria-valuenow', '100');
    expect(await docker(['exec', name, 'cat', '/app/hello.txt'])).toBe('hello from the browser');
    expect(await docker(['exec', name, 'sha256sum', '/app/data/blob.bin'])).toContain(sha(files['data/blob.bin']));
    expect(await docker(['exec', name, 'ls', '-a', '/app'])).not.toContain('berth-upload');

    // Browse it.
    await row.getByRole('button', { name, exact: true }).click();
    const details = page.getByRole('complementary', { name: `Details of ${name}` });
    await details.getByRole('tab', { name: 'Files' }).click();
    const table = details.getByRole('table', { name: 'Files in /app' });
    await expect(table.getByRole('row', { name: 'hello.txt' })).toBeVisible();
    await rowAction(page, table.getByRole('row', { name: 'hello.txt' }), 'View');
    await expect(page.getByLabel('Contents of /app/hello.txt')).toHaveText('hello from the browser\n');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    // A folder: open it, then back with the breadcrumb.
    await table.getByRole('button', { name: 'Open folder src' }).click();
    await expect(details.getByRole('table', { name: 'Files in /app/src' }).getByRole('row', { name: 'main.py' })).toBeVisible();
    await details.getByRole('navigation', { name: 'Folder path' }).getByRole('button', { name: 'app' }).click();

    // New folder, rename, delete.
    await details.getByRole('button', { name: 'New folder' }).click();
    await page.getByRole('dialog', { name: 'New folder' }).getByRole('textbox', { name: 'Folder name' }).fill('made-here');
    await page.getByRole('dialog', { name: 'New folder' }).getByRole('button', { name: 'Create' }).click();
    await expect(table.getByRole('row', { name: 'made-here' })).toBeVisible();
    await rowAction(page, table.getByRole('row', { name: 'made-here' }), 'Rename');
    await page.getByRole('dialog').getByRole('textbox', { name: 'New name' }).fill('renamed');
    await page.getByRole('dialog').getByRole('button', { name: 'Rename' }).click();
    await expect(table.getByRole('row', { name: 'renamed' })).toBeVisible();
    await rowAction(page, table.getByRole('row', { name: 'renamed' }), 'Delete');
    await page.getByRole('dialog', { name: 'Delete renamed?' }).getByRole('button', { name: 'Delete' }).click();
    await expect(table.getByRole('row', { name: 'renamed' })).toHaveCount(0);
    expect(await docker(['exec', name, 'ls', '/app'])).toBe('data\nhello.txt\nsrc');

    // Download the folder as a zip: the same bytes come back.
    const [download] = await Promise.all([page.waitForEvent('download'), details.getByRole('button', { name: 'Download /app as zip' }).click()]);
    expect(download.suggestedFilename()).toBe('app.zip');
    const back = await unzip(readFileSync(await download.path()));
    for (const [n, data] of Object.entries(files)) expect(sha(back.get(`app/${n}`) ?? Buffer.alloc(0)), n).toBe(sha(data));
  });

  test('dropping again asks about existing files; skip keeps them', async ({ page, docker, prefix }) => {
    const name = `${prefix}conflict`;
    await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, 'sleep', '3600']);
    await docker(['exec', name, 'sh', '-c', 'echo original > /app/a.txt']);
    const zip = await zipOf({ 'a.txt': Buffer.from('replacement\n'), 'b.txt': Buffer.from('new\n') });
    const row = page.getByRole('row', { name: new RegExp(name) });
    await dropFile(page, row, 'again.zip', zip);
    const dialog = page.getByRole('dialog', { name: 'Files already exist' });
    await expect(dialog).toContainText('a.txt');
    await dialog.getByRole('button', { name: 'Skip existing' }).click();
    await expect(page.getByRole('listitem', { name: `Upload again.zip to ${name}` }).getByRole('status')).toHaveText(/Done/);
    expect(await docker(['exec', name, 'cat', '/app/a.txt', '/app/b.txt'])).toBe('original\nnew');
  });

  test('a link already in the target is named in the question; skip refuses to write through it, overwrite replaces the link', async ({ page, docker, prefix }) => {
    const name = `${prefix}links`;
    await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, 'sleep', '3600']);
    await docker(['exec', name, 'ln', '-s', '/etc', '/app/link']);
    const zip = await zipOf({ 'link/evil.txt': Buffer.from('evil\n') });
    const row = page.getByRole('row', { name: new RegExp(name) });
    const item = page.getByRole('listitem', { name: `Upload links.zip to ${name}` });

    await dropFile(page, row, 'links.zip', zip);
    const dialog = page.getByRole('dialog', { name: 'Files already exist' });
    await expect(dialog).toContainText('link (a link to /etc)');
    await dialog.getByRole('button', { name: 'Skip existing' }).click();
    await expect(item.getByRole('status')).toHaveText(/Failed/);
    await expect(item.getByRole('alert')).toContainText('would be written through "link", a link to /etc');
    await item.getByRole('button', { name: 'Dismiss links.zip' }).click();
    expect(await docker(['exec', name, 'ls', '/etc'])).not.toMatch(/evil/);

    await dropFile(page, row, 'links.zip', zip);
    await page.getByRole('dialog', { name: 'Files already exist' }).getByRole('button', { name: 'Overwrite' }).click();
    await expect(item.getByRole('status')).toHaveText(/Done/);
    expect(await docker(['exec', name, 'ls', '/etc'])).not.toMatch(/evil/);
    expect(await docker(['exec', name, 'sh', '-c', '[ -d /app/link ] && [ ! -L /app/link ] && cat /app/link/evil.txt'])).toBe('evil');
  });

  test('upload and run: a zip dropped on a folder in the Files tab runs its command with the output shown', async ({ page, docker, prefix }) => {
    const name = `${prefix}runner`;
    await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, 'sleep', '3600']);
    await docker(['exec', name, 'mkdir', '-p', '/app/work']);
    const row = page.getByRole('row', { name: new RegExp(name) });
    await row.getByRole('button', { name, exact: true }).click();
    const details = page.getByRole('complementary', { name: `Details of ${name}` });
    await details.getByRole('tab', { name: 'Files' }).click();
    await details.getByRole('textbox', { name: 'Command to run after upload' }).fill('sh boot.sh');
    const folder = details.getByRole('table', { name: 'Files in /app' }).getByRole('row', { name: 'work' });
    await dropFile(page, folder, 'boot.zip', await zipOf({ 'boot.sh': Buffer.from('echo booted in $(pwd)\nexit 0\n') }));
    const item = page.getByRole('listitem', { name: `Upload boot.zip to ${name}` });
    await expect(item.getByLabel('Output of sh boot.sh')).toContainText('booted in /app/work');
    await expect(item.getByRole('status')).toHaveText(/Done · command exited with 0/);
    expect(await docker(['exec', name, 'ls', '/app/work'])).toBe('boot.sh');
  });

  test.describe('the listing on the table primitive', () => {
    // Sizes chosen so that sorting by size and by name give different orders.
    const SETUP = [
      'mkdir -p /app/dir-10 /app/dir-2',
      'head -c 300 /dev/zero > /app/File-1.txt',
      'head -c 2000 /dev/zero > /app/file-2.txt',
      'head -c 10 /dev/zero > /app/file-10.txt',
      'sleep 3600',
    ].join(' && ');

    async function openFiles(page: Page, name: string) {
      await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(name);
      await page.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name, exact: true }).click();
      const details = page.getByRole('complementary', { name: `Details of ${name}` });
      await details.getByRole('tab', { name: 'Files' }).click();
      const table = details.getByRole('table', { name: 'Files in /app' });
      await expect(table.getByRole('row', { name: 'file-10.txt' })).toBeVisible();
      return { details, table };
    }
    const names = async (table: Locator) => (await table.getByRole('rowheader').allInnerTexts()).map((t) => t.trim());

    test('the folder path reads as the path, one slash between names, each name a button', async ({ page, docker, prefix }) => {
      const name = `${prefix}fpath`;
      await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, 'sh', '-c', SETUP]);
      const { details } = await openFiles(page, name);
      const crumbs = details.getByRole('navigation', { name: 'Folder path' });
      // What is drawn, separators included (they are CSS, not text).
      const drawn = () =>
        crumbs.evaluate((nav) =>
          [...nav.querySelectorAll('li')].map((li) => (getComputedStyle(li, '::before').content.replace(/^"|"$/g, '').replace(/^none$/, '')) + li.textContent!.trim()).join(''),
        );
      expect(await drawn()).toBe('/app');
      await details.getByRole('table', { name: 'Files in /app' }).getByRole('button', { name: 'Open folder dir-10' }).click();
      await expect(details.getByRole('table', { name: 'Files in /app/dir-10' })).toBeVisible();
      expect(await drawn()).toBe('/app/dir-10');
      await crumbs.getByRole('button', { name: 'app', exact: true }).click();
      await expect(details.getByRole('table', { name: 'Files in /app' })).toBeVisible();
    });

    test('sorts by name in natural order and by size, folders first either way; the sort is shown, announced and remembered', async ({ page, docker, prefix }) => {
      const name = `${prefix}fsort`;
      await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, 'sh', '-c', SETUP]);
      const { details, table } = await openFiles(page, name);
      const header = (col: string) => table.getByRole('columnheader', { name: col, exact: true });

      await expect(header('Name')).toHaveAttribute('aria-sort', 'ascending');
      expect(await names(table)).toEqual(['dir-2', 'dir-10', 'File-1.txt', 'file-2.txt', 'file-10.txt']);
      await header('Name').click();
      await expect(header('Name')).toHaveAttribute('aria-sort', 'descending');
      expect(await names(table)).toEqual(['dir-10', 'dir-2', 'file-10.txt', 'file-2.txt', 'File-1.txt']);

      // The whole header cell sorts, not only its text.
      const box = (await header('Size').boundingBox())!;
      await page.mouse.click(box.x + 4, box.y + box.height - 4);
      await expect(header('Size')).toHaveAttribute('aria-sort', 'ascending');
      await expect(header('Name')).toHaveAttribute('aria-sort', 'none');
      await expect(details.getByRole('status').filter({ hasText: 'Sorted by Size, ascending' })).toBeAttached();
      expect(await names(table)).toEqual(['dir-2', 'dir-10', 'file-10.txt', 'File-1.txt', 'file-2.txt']);
      await header('Size').click();
      expect(await names(table)).toEqual(['dir-10', 'dir-2', 'file-2.txt', 'File-1.txt', 'file-10.txt']);

      await page.reload();
      const again = page.getByRole('complementary', { name: `Details of ${name}` }).getByRole('table', { name: 'Files in /app' });
      await expect(again.getByRole('columnheader', { name: 'Size', exact: true })).toHaveAttribute('aria-sort', 'descending');
      expect(await names(again)).toEqual(['dir-10', 'dir-2', 'file-2.txt', 'File-1.txt', 'file-10.txt']);
    });

    test('the column chooser hides Modified, and it stays hidden after a reload', async ({ page, docker, prefix }) => {
      const name = `${prefix}fcols`;
      await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, 'sh', '-c', SETUP]);
      const { table } = await openFiles(page, name);
      await expect(table.getByRole('columnheader', { name: 'Modified' })).toBeVisible();
      await table.getByRole('button', { name: 'Choose columns' }).click();
      const chooser = page.getByRole('dialog', { name: 'Columns of Files in /app' });
      await chooser.getByRole('checkbox', { name: 'Modified' }).uncheck();
      await chooser.getByRole('button', { name: 'Done' }).click();
      await expect(table.getByRole('columnheader', { name: 'Modified' })).toHaveCount(0);
      await expect(table.getByRole('columnheader', { name: 'Size' })).toBeVisible();

      await page.reload();
      const again = page.getByRole('complementary', { name: `Details of ${name}` }).getByRole('table', { name: 'Files in /app' });
      await expect(again.getByRole('row', { name: 'file-10.txt' })).toBeVisible();
      await expect(again.getByRole('columnheader', { name: 'Size' })).toBeVisible();
      await expect(again.getByRole('columnheader', { name: 'Modified' })).toHaveCount(0);
      // Another folder is the same table: its layout is the same.
      await again.getByRole('button', { name: 'Open folder dir-2' }).click();
      const sub = page.getByRole('table', { name: 'Files in /app/dir-2' });
      await expect(sub).toBeVisible();
      await expect(sub.getByRole('columnheader', { name: 'Modified' })).toHaveCount(0);
    });

    test('click, Ctrl-click and the keyboard select; the selected files are deleted in one go; Enter opens a folder; right-click opens the row menu', async ({ page, docker, prefix }) => {
      const name = `${prefix}fsel`;
      await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, 'sh', '-c', SETUP]);
      const { details, table } = await openFiles(page, name);
      const row = (n: string) => table.getByRole('row', { name: n, exact: true });

      await row('File-1.txt').getByRole('cell').nth(1).click();
      await row('file-10.txt').getByRole('cell').nth(1).click({ modifiers: ['Control'] });
      await expect(row('File-1.txt')).toHaveAttribute('aria-selected', 'true');
      await expect(row('file-10.txt')).toHaveAttribute('aria-selected', 'true');
      await expect(row('file-2.txt')).toHaveAttribute('aria-selected', 'false');
      // Space adds the focused row; the arrow keys move.
      await page.keyboard.press('ArrowUp');
      await expect(row('file-2.txt')).toBeFocused();
      await page.keyboard.press(' ');
      await expect(row('file-2.txt')).toHaveAttribute('aria-selected', 'true');
      await page.keyboard.press(' ');
      await expect(row('file-2.txt')).toHaveAttribute('aria-selected', 'false');

      const r = await new AxeBuilder({ page }).include('.details').withTags(['wcag2a', 'wcag2aa']).analyze();
      expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

      await details.getByRole('button', { name: 'Delete 2 selected' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete 2 items?' });
      await expect(dialog.getByRole('listitem')).toHaveText(['File-1.txt', 'file-10.txt']);
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect(row('File-1.txt')).toHaveCount(0);
      await expect(row('file-10.txt')).toHaveCount(0);
      expect((await docker(['exec', name, 'ls', '/app'])).split('\n')).toEqual(['dir-10', 'dir-2', 'file-2.txt']);
      await expect(details.getByRole('button', { name: /selected/ })).toHaveCount(0);

      // Right-click gives the same menu as the "More actions" button.
      await row('file-2.txt').click({ button: 'right' });
      const menu = page.getByRole('menu');
      for (const item of ['View', 'Download', 'Rename', 'Delete']) await expect(menu.getByRole('menuitem', { name: item, exact: true })).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(menu).toHaveCount(0);

      await row('dir-10').focus();
      await page.keyboard.press('Enter');
      await expect(details.getByRole('table', { name: 'Files in /app/dir-10' })).toBeVisible();
      await expect(details.getByText('This folder is empty.')).toBeVisible();
    });

    for (const choice of ['light', 'dark'] as const) {
      test(`at 1280×720 (${choice}) the listing fits the pane without a sideways scroll, and the full page shows Mode and Owner too`, async ({ page, docker, prefix }, testInfo) => {
        await page.setViewportSize({ width: 1280, height: 720 });
        await page.getByRole('combobox', { name: 'Theme' }).selectOption(choice);
        const name = `${prefix}ffit-${choice}`;
        await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, 'sh', '-c', SETUP]);
        const { details, table } = await openFiles(page, name);
        const headers = async () => (await table.getByRole('columnheader').allInnerTexts()).map((t) => t.replace(/[▲▼↕]/g, '').trim()).filter((t) => t && t !== 'Actions');
        // The narrow pane keeps name, size and modified; mode and owner make way rather than push the table sideways.
        await expect.poll(headers).toEqual(['Name', 'Size', 'Modified']);
        await expect(table.getByRole('button', { name: 'Scroll columns right' })).toHaveCount(0);
        await page.screenshot({ path: testInfo.outputPath(`files-pane-${choice}.png`) });

        await details.getByRole('button', { name: 'Widen to full page' }).click();
        await expect.poll(headers).toEqual(['Name', 'Size', 'Mode', 'Owner', 'Modified']);
        await expect(table.getByRole('row', { name: 'file-2.txt' })).toContainText('-rw-r--r--');
        await expect(table.getByRole('button', { name: 'Scroll columns right' })).toHaveCount(0);
        await page.screenshot({ path: testInfo.outputPath(`files-page-${choice}.png`) });

        // The chooser says which columns come and go with the room.
        await table.getByRole('button', { name: 'Choose columns' }).click();
        const chooser = page.getByRole('dialog', { name: 'Columns of Files in /app' });
        await expect(chooser.getByText('Mode (when there is room)')).toBeVisible();
        const r = await new AxeBuilder({ page }).include('dialog').withTags(['wcag2a', 'wcag2aa']).analyze();
        expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
        await page.screenshot({ path: testInfo.outputPath(`files-chooser-${choice}.png`) });
      });
    }
  });
});
