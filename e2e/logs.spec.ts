import { TEST_IMAGE } from './docker';
import { expect, test } from './fixtures';
import { EngineRelay } from '../electron/services/testing/engine-relay';
import { startServer } from './server';

const start = (name: string, ...cmd: string[]) => ['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, ...cmd];

async function openTab(page: import('@playwright/test').Page, name: string, tab: string) {
  const row = page.getByRole('row', { name: new RegExp(name) });
  await row.getByRole('button', { name, exact: true }).click();
  const details = page.getByRole('complementary', { name: `Details of ${name}` });
  await details.getByRole('tab', { name: tab }).click();
  return details;
}

test.describe('logs', () => {
  test('"Wrap lines" folds a long line to the view\'s width, remembered; off, the view scrolls sideways', async ({ page, docker, prefix }, testInfo) => {
    const name = `${prefix}wide`;
    const long = 'w'.repeat(40) + ' ' + 'x'.repeat(700) + ' END-OF-LONG-LINE';
    await docker(start(name, 'sh', '-c', `echo short-before; echo '${long}'; echo short-after; exec sleep 3600`));
    const details = await openTab(page, name, 'Logs');
    const log = details.getByRole('log', { name: 'Log output' });
    await expect(log.getByText('short-after')).toBeVisible();
    const overflow = () => log.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(await overflow()).toBeGreaterThan(100);
    const wrap = details.getByRole('checkbox', { name: 'Wrap lines' });
    await wrap.check();
    await expect.poll(overflow).toBeLessThanOrEqual(0);
    // The long line takes several rows, the lines after it are not drawn over it, and its end is in view.
    const longLine = log.getByText(/END-OF-LONG-LINE/);
    const box = (await longLine.boundingBox())!;
    expect(box.height).toBeGreaterThan(18 * 3);
    const after = (await log.getByText('short-after').boundingBox())!;
    expect(after.y).toBeGreaterThanOrEqual(box.y + box.height - 1);
    await page.screenshot({ path: testInfo.outputPath('wrapped.png') });
    await page.reload();
    const again = page.getByRole('complementary', { name: `Details of ${name}` });
    await expect(again.getByRole('checkbox', { name: 'Wrap lines' })).toBeChecked();
    await again.getByRole('checkbox', { name: 'Wrap lines' }).uncheck();
    await expect.poll(() => again.getByRole('log', { name: 'Log output' }).evaluate((el) => el.scrollWidth - el.clientWidth)).toBeGreaterThan(100);
  });

  test('the Logs tab shows colours, finds a line by search, and follows new lines', async ({ page, docker, prefix }) => {
    const name = `${prefix}printer`;
    await docker(
      start(name, 'sh', '-c', 'printf "\\033[32mgreen-start\\033[0m\\n"; i=0; while [ $i -lt 300 ]; do echo "row $i"; i=$((i+1)); done; echo "the needle-77 line"; echo oops >&2; exec sleep 3600'),
    );
    const details = await openTab(page, name, 'Logs');
    const log = details.getByRole('log', { name: 'Log output' });
    // Following: the view sits at the end of the log (the list is virtual: only rows on screen exist).
    await expect(log.getByText('the needle-77 line')).toBeVisible();
    // The ANSI colour is rendered as a style, never shown as an escape code; search scrolls to the line.
    await details.getByRole('searchbox', { name: 'Search logs' }).fill('green-start');
    const green = log.locator('mark').filter({ hasText: 'green-start' });
    await expect(green).toBeVisible();
    await expect(green.locator('xpath=..')).toHaveCSS('color', 'rgb(0, 187, 0)');
    await expect(log).not.toContainText('[32m');
    // stderr is marked.
    await details.getByRole('searchbox', { name: 'Search logs' }).fill('oops');
    await expect(log.getByLabel('stderr')).toBeVisible();

    await details.getByRole('searchbox', { name: 'Search logs' }).fill('needle-77');
    await expect(details.getByRole('status').filter({ hasText: 'matching' })).toHaveText('1 matching line');
    await expect(log.locator('mark').filter({ hasText: 'needle-77' })).toBeVisible();
    // Regex search.
    await details.getByRole('checkbox', { name: 'Regex' }).check();
    await details.getByRole('searchbox', { name: 'Search logs' }).fill('^row 2\\d$');
    await expect(details.getByRole('status').filter({ hasText: 'matching' })).toHaveText('10 matching lines');
    await details.getByRole('searchbox', { name: 'Search logs' }).fill('');

    // Follow: a line written now shows up.
    await docker(['exec', name, 'sh', '-c', 'echo written-later > /proc/1/fd/1']);
    await expect(log.getByText('written-later')).toBeVisible();

    // Download streams the whole log to a file, as plain text.
    const [download] = await Promise.all([page.waitForEvent('download'), details.getByRole('button', { name: 'Download log' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${name}-.*\\.log$`));
    const file = await download.path();
    const text = (await import('node:fs')).readFileSync(file, 'utf8');
    expect(text).toContain('\u001b[32mgreen-start');
    expect(text).toContain('row 299\n');
    expect(text).toContain('written-later\n');
    expect(text.split('\n')).toHaveLength(305);
  });

  test('following pauses while the engine is away and resumes by itself, every line once', async ({ page, docker, prefix }, testInfo) => {
    testInfo.skip(testInfo.project.name === 'electron', 'The relay needs a host started with its own DOCKER_HOST; covered by the web project.');
    const name = `${prefix}ticker`;
    // 60 numbered lines over about 6 s, then quiet: the cut falls in the middle.
    await docker(start(name, 'sh', '-c', 'i=0; while [ $i -lt 60 ]; do i=$((i+1)); echo tick-$i; usleep 100000; done; exec sleep 3600'));
    const relay = new EngineRelay('e2e-logs');
    await relay.listen();
    const server = await startServer({ dockerHost: `unix://${relay.path}` });
    try {
      await page.goto(server.loginUrl);
      await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(name);
      const details = await openTab(page, name, 'Logs');
      const log = details.getByRole('log', { name: 'Log output' });
      await expect(log.getByText('tick-8', { exact: true })).toBeVisible();
      await relay.cut();
      const status = details.getByRole('status').filter({ hasText: 'lines' });
      await expect(status).toContainText('Paused:');
      await expect(status).toContainText('Following resumes when the engine is back.');
      await new Promise((r) => setTimeout(r, 1_500));
      await relay.listen();
      await expect(log.getByText('tick-60', { exact: true })).toBeVisible({ timeout: 20_000 });
      // Every line once: none repeated, none missing at the seam.
      await expect(status).toHaveText('Following · 60 lines');
    } finally {
      await server.stop();
      await relay.cut();
    }
  });

  test('the Logs selection action interleaves containers with their names', async ({ page, docker, prefix }) => {
    const a = `${prefix}multi-a`;
    const b = `${prefix}multi-b`;
    await docker(start(a, 'sh', '-c', 'echo from-a; exec sleep 3600'));
    await docker(start(b, 'sh', '-c', 'echo from-b; exec sleep 3600'));
    await page.getByRole('checkbox', { name: `Select ${a}` }).check();
    await page.getByRole('checkbox', { name: `Select ${b}` }).check();
    await page.getByRole('toolbar', { name: 'Batch actions' }).getByRole('button', { name: 'Logs', exact: true }).click();
    const view = page.getByRole('region', { name: 'Logs of the selected containers' });
    const log = view.getByRole('log', { name: 'Log output' });
    await expect(log.getByText('from-a')).toBeVisible();
    await expect(log.getByText('from-b')).toBeVisible();
    await expect(log.getByText(a, { exact: true })).toBeVisible();
    await expect(log.getByText(b, { exact: true })).toBeVisible();
  });
});

test.describe('stats', () => {
  test('the Stats tab draws charts and the table shows CPU and memory of the running container', async ({ page, docker, prefix }) => {
    const name = `${prefix}busy`;
    await docker(start(name, 'sh', '-c', 'while :; do :; done'));
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row.getByLabel(/^CPU \d/)).toBeVisible({ timeout: 15_000 });
    await expect(row.getByLabel(/^Memory \d/)).toBeVisible();
    const details = await openTab(page, name, 'Stats');
    await expect(details.getByRole('img', { name: /^CPU chart/ })).toBeVisible({ timeout: 15_000 });
    await expect(details.getByRole('img', { name: /^Memory chart/ })).toBeVisible();
  });
});

test.describe('inspect', () => {
  test('the Inspect tab shows the raw JSON and finds a key', async ({ page, docker, prefix }) => {
    const name = `${prefix}inspected`;
    const id = await docker(start(name, 'sleep', '3600'));
    const details = await openTab(page, name, 'Inspect');
    const doc = details.getByLabel('Inspect document');
    await expect(doc).toContainText(`"Id": "${id}"`);
    await details.getByRole('searchbox', { name: 'Search inspect JSON' }).fill('NetworkMode');
    await expect(details.getByRole('status').filter({ hasText: 'matching' })).toHaveText('1 matching line');
    await expect(doc.locator('mark')).toHaveText('NetworkMode');
  });
});

test.describe('activity', () => {
  test('the Activity view lists an action just done, and filters it', async ({ page, docker, prefix }) => {
    const name = `${prefix}acted`;
    await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, 'sleep', '3600']);
    const row = page.getByRole('row', { name: new RegExp(name) });
    await row.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Pause' }).click();
    await expect(row.getByText('paused', { exact: true })).toBeVisible();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Activity' }).click();
    const table = page.getByRole('table', { name: 'Activity log' });
    const entry = table.getByRole('row').filter({ hasText: name }).filter({ hasText: 'container.pause' });
    await expect(entry).toBeVisible();
    await expect(entry).toContainText('succeeded');
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('error');
    await expect(entry).toHaveCount(0);
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('');
    await page.getByRole('searchbox', { name: 'Container' }).fill(name);
    await expect(entry).toBeVisible();
    // A new action appears live, without a refresh.
    await docker(['unpause', name]);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Containers' }).click();
    await row.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Activity' }).click();
    await expect(table.getByRole('row').filter({ hasText: 'container.stop' }).filter({ hasText: name })).toBeVisible({ timeout: 20_000 });
  });
});

test.describe('engine health', () => {
  test('the health panel shows the engine version and measures disk usage', async ({ page, docker }) => {
    await page.getByRole('button', { name: 'Engine health' }).click();
    const dialog = page.getByRole('dialog', { name: 'Engine health' });
    const version = await docker(['version', '-f', '{{.Server.Version}}']);
    await expect(dialog).toContainText(version);
    await expect(dialog).toContainText(await docker(['version', '-f', '{{.Server.APIVersion}}']));
    await dialog.getByRole('button', { name: 'Measure disk usage' }).click();
    await expect(dialog.getByRole('table', { name: 'Disk usage by kind' }).getByRole('row', { name: /Images/ })).toBeVisible();
    await dialog.getByRole('button', { name: 'Run doctor' }).click();
    await expect(dialog.getByRole('heading', { name: 'Stopped containers' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);
  });
});
