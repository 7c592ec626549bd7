import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { TEST_IMAGE } from './docker';
import { expect, test } from './fixtures';

// The size the app is judged at.
test.use({ viewport: { width: 1280, height: 720 } });

const filterBox = (page: Page) => page.getByRole('searchbox', { name: 'Filter containers by text' });
const views = (page: Page) => page.getByRole('navigation', { name: 'Views' });
const currentView = (page: Page) => views(page).locator('[aria-current="page"]');

async function runContainer(docker: (a: string[]) => Promise<string>, name: string, ...cmd: string[]) {
  await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, ...(cmd.length ? cmd : ['sleep', '3600'])]);
}

/** Where the page's background sits between black (0) and white (765). */
const backgroundLightness = (page: Page) =>
  page.evaluate(() => {
    const c = /rgba?\((\d+), (\d+), (\d+)/.exec(getComputedStyle(document.documentElement).backgroundColor);
    return c ? Number(c[1]) + Number(c[2]) + Number(c[3]) : -1;
  });

test.describe('shell', () => {
  test('a reload on a file path returns to it, and Back/Forward walk the folders', async ({ page, docker, prefix }) => {
    const name = `${prefix}routes`;
    await runContainer(docker, name, 'sh', '-c', 'mkdir -p /app/src/deep && echo hi > /app/src/deep/note.txt && sleep 3600');
    await filterBox(page).fill(name);
    const row = page.getByRole('row', { name: new RegExp(name) });
    await row.getByRole('button', { name, exact: true }).click();
    const details = page.getByRole('complementary', { name: `Details of ${name}` });
    await details.getByRole('tab', { name: 'Files' }).click();
    await details.getByRole('table', { name: 'Files in /app' }).getByRole('button', { name: 'Open folder src' }).click();
    await details.getByRole('table', { name: 'Files in /app/src' }).getByRole('button', { name: 'Open folder deep' }).click();
    await expect(details.getByRole('table', { name: 'Files in /app/src/deep' }).getByRole('row', { name: 'note.txt' })).toBeVisible();
    expect(new URL(page.url()).hash).toMatch(/^#\/containers\/[0-9a-f]{64}\/files\?path=\/app\/src\/deep$/);

    await page.reload();
    const again = page.getByRole('complementary', { name: `Details of ${name}` });
    await expect(again.getByRole('tab', { name: 'Files' })).toHaveAttribute('aria-selected', 'true');
    await expect(again.getByRole('table', { name: 'Files in /app/src/deep' }).getByRole('row', { name: 'note.txt' })).toBeVisible();
    // The filter came back with it.
    await expect(filterBox(page)).toHaveValue(name);

    await page.goBack();
    await expect(again.getByRole('table', { name: 'Files in /app/src' })).toBeVisible();
    await page.goBack();
    await expect(again.getByRole('table', { name: 'Files in /app' })).toBeVisible();
    await page.goForward();
    await expect(again.getByRole('table', { name: 'Files in /app/src' })).toBeVisible();
  });

  test('each terminal tab has an address: Back returns to the tab before, a reload to the one shown', async ({ page, docker, prefix }) => {
    const name = `${prefix}tabs`;
    await runContainer(docker, name);
    await filterBox(page).fill(name);
    const tabs = page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab');
    const open = async (count: number) => {
      await views(page).getByRole('button', { name: 'Containers' }).click();
      await page.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name: 'Terminal', exact: true }).click();
      await expect(tabs).toHaveCount(count);
      await expect(tabs.last()).toHaveAttribute('aria-selected', 'true');
      await expect(page).toHaveURL(/#\/terminals\/[^/?]+$/);
      return new URL(page.url()).hash;
    };
    const first = await open(1);
    const second = await open(2);
    expect(second).not.toBe(first);
    await tabs.first().click();
    await expect(page).toHaveURL(new RegExp(`${first}$`));
    await page.goBack();
    await expect(tabs.last()).toHaveAttribute('aria-selected', 'true');
    await expect(page).toHaveURL(new RegExp(`${second}$`));
    await page.reload();
    await expect(tabs).toHaveCount(2);
    await expect(tabs.last()).toHaveAttribute('aria-selected', 'true');
    await tabs.first().click();
    await page.reload();
    await expect(tabs).toHaveCount(2);
    await expect(tabs.first()).toHaveAttribute('aria-selected', 'true');
    // Their shells still run, so each close asks first.
    for (let i = 0; i < 2; i++) {
      await page.getByRole('button', { name: 'Close tab' }).click();
      await page.getByRole('dialog', { name: /^Close “/ }).getByRole('button', { name: 'End and close' }).click();
    }
    await expect(tabs).toHaveCount(0);
  });

  test('Back and Forward move between views; the filter and sort persist across them', async ({ page }) => {
    await filterBox(page).fill('no-such-container-xyz');
    const imageHeader = page.getByRole('columnheader', { name: 'Image' });
    await imageHeader.getByRole('button').click();
    await expect(imageHeader).toHaveAttribute('aria-sort', 'ascending');
    await views(page).getByRole('button', { name: 'Terminals' }).click();
    await expect(page).toHaveURL(/#\/terminals$/);
    await views(page).getByRole('button', { name: 'Activity' }).click();
    await expect(currentView(page)).toHaveText('Activity');

    await page.goBack();
    await expect(currentView(page)).toHaveText('Terminals');
    await expect(page.getByRole('region', { name: 'Terminals' })).toBeVisible();
    await page.goBack();
    await expect(currentView(page)).toHaveText('Containers');
    await expect(filterBox(page)).toHaveValue('no-such-container-xyz');
    await page.goForward();
    await expect(currentView(page)).toHaveText('Terminals');

    await page.reload();
    await expect(currentView(page)).toHaveText('Terminals');
    await views(page).getByRole('button', { name: 'Containers' }).click();
    await expect(filterBox(page)).toHaveValue('no-such-container-xyz');
    await expect(page.getByRole('columnheader', { name: 'Image' })).toHaveAttribute('aria-sort', 'ascending');
  });

  test('the palette reaches a container by name and runs its action; it switches views', async ({ page, docker, prefix }) => {
    const name = `${prefix}palette`;
    await runContainer(docker, name);
    await filterBox(page).fill(name);
    await expect(page.getByRole('row', { name: new RegExp(name) })).toHaveCount(1);
    const palette = page.getByRole('dialog', { name: 'Command palette' });

    await page.keyboard.press('Control+K');
    await expect(palette).toBeVisible();
    await palette.getByRole('combobox').fill(name);
    await palette.getByRole('option', { name: `Open ${name}` }).click();
    await expect(palette).toBeHidden();
    await expect(page.getByRole('complementary', { name: `Details of ${name}` })).toBeVisible();

    await page.keyboard.press('Control+K');
    await palette.getByRole('combobox').fill(`stop ${name}`);
    await expect(palette.getByRole('option').first()).toHaveText(`Stop ${name}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => docker(['inspect', '-f', '{{.State.Running}}', name]), { timeout: 20_000 }).toBe('false');

    await page.keyboard.press('Control+K');
    await palette.getByRole('combobox').fill('go to terminals');
    await page.keyboard.press('Enter');
    await expect(currentView(page)).toHaveText('Terminals');
    // Escape closes it without running anything.
    await page.keyboard.press('Control+K');
    await expect(palette).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();
    await expect(currentView(page)).toHaveText('Terminals');
  });

  test('"/" focuses the filter and "?" lists every shortcut', async ({ page }) => {
    await page.getByRole('heading', { name: 'Berth' }).click();
    await page.keyboard.press('/');
    await expect(filterBox(page)).toBeFocused();
    // Typed into the field, "/" is text.
    await page.keyboard.type('a/b');
    await expect(filterBox(page)).toHaveValue('a/b');
    await page.getByRole('heading', { name: 'Berth' }).click();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    for (const keys of ['Ctrl+K', '/', '?', 'Esc']) await expect(help.getByRole('cell', { name: keys, exact: true })).toBeVisible();
    // The keys a table answers are listed too, and the list fits the window (nothing clipped at 1600×900 or 1280×720).
    const tableKeys = help.getByRole('table', { name: 'Keys in a table' });
    for (const keys of ['Enter', 'Space', 'Ctrl+A', 'Shift+F10 or the context-menu key']) await expect(tableKeys.getByRole('cell', { name: keys, exact: true })).toBeVisible();
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect(help.getByRole('button', { name: 'Close' })).toBeInViewport({ ratio: 1 });
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
    await expect(page.getByRole('button', { name: 'Command palette' })).toHaveAttribute('title', 'Command palette (Ctrl+K)');
    // In another view, "/" focuses that view's filter.
    await views(page).getByRole('button', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Berth' }).click();
    await page.keyboard.press('/');
    await expect(page.getByRole('searchbox', { name: 'Container' })).toBeFocused();
  });

  test('toasts leave; errors stay until dismissed, a few at most; batch results collapse into the centre', async ({ page, docker, prefix }) => {
    const toasts = page.getByRole('region', { name: 'Notifications' });
    // Containers whose start fails: their command does not exist.
    for (const n of ['e1', 'e2', 'e3', 'e4']) {
      await docker(['create', '--name', `${prefix}${n}`, '--label', 'berth.test=e2e', TEST_IMAGE, '/no/such/command']);
    }
    await runContainer(docker, `${prefix}ok`);
    await filterBox(page).fill(prefix);
    for (const n of ['e1', 'e2', 'e3', 'e4']) {
      await page.getByRole('row', { name: new RegExp(`${prefix}${n}`) }).getByRole('button', { name: 'Start', exact: true }).click();
      await expect(toasts.getByRole('alert').filter({ hasText: /no\/such\/command|not found|no such file/i })).not.toHaveCount(0);
    }
    await expect(toasts.getByRole('alert')).toHaveCount(3);

    // A batch: its result list shows, then collapses into the centre.
    await page.getByRole('row', { name: new RegExp(`${prefix}ok`) }).getByRole('checkbox').check();
    await page.getByRole('toolbar', { name: 'Batch actions' }).getByRole('button', { name: 'Kill selected' }).click();
    const batch = toasts.getByRole('region', { name: 'Batch results' });
    await expect(batch).toContainText('Kill: 1 succeeded');
    await expect(batch).toBeHidden({ timeout: 15_000 });
    // The errors are still there, long after the success left.
    await expect(toasts.getByRole('alert')).toHaveCount(3);
    await toasts.getByRole('alert').first().getByRole('button', { name: 'Dismiss' }).click();
    await expect(toasts.getByRole('alert')).toHaveCount(2);

    // Nothing covers the table: the toast strip sits below it.
    const strip = await toasts.boundingBox();
    const table = await page.getByRole('table', { name: 'Containers' }).boundingBox();
    expect(strip && table && strip.y >= table.y + table.height - 1).toBe(true);

    const bell = page.getByRole('button', { name: /^Notification centre/ });
    await expect(bell).toHaveAccessibleName(/unread/);
    await bell.click();
    const centre = page.getByRole('dialog', { name: 'Notification centre' });
    const history = centre.getByRole('list', { name: 'Notification history' });
    await expect(history.getByRole('listitem').filter({ hasText: 'Kill: 1 succeeded' })).toHaveCount(1);
    await expect(history.getByRole('listitem').filter({ hasText: /no\/such\/command|not found|no such file/i })).toHaveCount(4);
    await expect(bell).toHaveAccessibleName('Notification centre');
    await page.keyboard.press('Escape');
    await expect(centre).toBeHidden();
  });

  test('the theme choice survives a reload; "system" follows the system', async ({ page }, testInfo) => {
    const theme = page.getByRole('combobox', { name: 'Theme' });
    await expect(theme).toHaveValue('system');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await backgroundLightness(page)).toBeGreaterThan(600);

    await theme.selectOption('dark');
    expect(await backgroundLightness(page)).toBeLessThan(150);
    await page.screenshot({ path: testInfo.outputPath('dark-1280x720.png') });
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
    expect(await backgroundLightness(page)).toBeLessThan(150);

    await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await backgroundLightness(page)).toBeGreaterThan(600);
    await page.screenshot({ path: testInfo.outputPath('light-1280x720.png') });

    await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
    expect(await backgroundLightness(page)).toBeLessThan(150);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await backgroundLightness(page)).toBeGreaterThan(600);
  });

  test('icons are SVG, never emoji', async ({ page, docker, prefix }) => {
    const name = `${prefix}icons`;
    await runContainer(docker, name, 'sh', '-c', 'mkdir -p /app/dir && touch /app/file && ln -s file /app/link && sleep 3600');
    await filterBox(page).fill(name);
    await page.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name, exact: true }).click();
    const details = page.getByRole('complementary', { name: `Details of ${name}` });
    await details.getByRole('tab', { name: 'Files' }).click();
    const files = details.getByRole('table', { name: 'Files in /app' });
    await expect(files.getByRole('row', { name: 'link' })).toBeVisible();
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/\p{Extended_Pictographic}/u);
    for (const entry of ['dir', 'file', 'link']) await expect(files.getByRole('row', { name: entry }).locator('svg').first()).toBeVisible();
  });

  for (const choice of ['light', 'dark'] as const) {
    test(`the shell's controls pass an accessibility scan in the ${choice} theme, at 1280×720`, async ({ page, docker, prefix }, testInfo) => {
      const scan = async (selector: string) => {
        const r = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa']).analyze();
        expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      };
      await page.getByRole('combobox', { name: 'Theme' }).selectOption(choice);
      await docker(['create', '--name', `${prefix}bad`, '--label', 'berth.test=e2e', TEST_IMAGE, '/no/such/command']);
      await filterBox(page).fill(prefix);
      await page.getByRole('row', { name: new RegExp(`${prefix}bad`) }).getByRole('button', { name: 'Start', exact: true }).click();
      await expect(page.getByRole('region', { name: 'Notifications' }).getByRole('alert')).toHaveCount(1);
      await scan('.topbar');
      await scan('.toasts');
      await page.screenshot({ path: testInfo.outputPath(`${choice}-toast.png`) });

      await page.getByRole('button', { name: /^Notification centre/ }).click();
      await expect(page.getByRole('dialog', { name: 'Notification centre' })).toBeVisible();
      await scan('.centre');
      await page.screenshot({ path: testInfo.outputPath(`${choice}-centre.png`) });
      await page.keyboard.press('Escape');

      await page.keyboard.press('Control+K');
      await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
      await scan('.palette');
      await page.screenshot({ path: testInfo.outputPath(`${choice}-palette.png`) });
    });
  }
});
