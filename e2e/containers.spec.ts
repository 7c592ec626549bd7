import { TEST_IMAGE } from './docker';
import { expect, test } from './fixtures';
import { EngineRelay } from '../electron/services/testing/engine-relay';
import { startServer } from './server';

/** The table is virtualised: with many containers on the engine, a test shows only its own rows. */
async function showOnly(page: import('@playwright/test').Page, prefix: string) {
  await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(prefix);
}

const run = (prefix: string, name: string, ...extra: string[]) => [
  'run', '-d', '--name', `${prefix}${name}`, '--label', 'berth.test=e2e', ...extra, TEST_IMAGE, 'sleep', '3600',
];

test.describe('containers table', () => {
  test('a container created from the docker CLI shows up live, without a refresh', async ({ page, docker, prefix }) => {
    const name = `${prefix}live`;
    await showOnly(page, prefix);
    await docker(run(prefix, 'live', '--label', 'berth.tag.e2e-live='));
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toBeVisible();
    await expect(row.getByText('running', { exact: true })).toBeVisible();
    await expect(row.getByText('e2e-live')).toBeVisible();
    // And goes away live too.
    await docker(['rm', '-f', name]);
    await expect(row).toHaveCount(0);
  });

  test('Stop in a row stops that container, as docker inspect sees it', async ({ page, docker, prefix }) => {
    const name = `${prefix}stop-me`;
    // busybox as PID 1 ignores SIGTERM: a short stop timeout of its own keeps the test quick (and proves Berth honours it).
    await docker(run(prefix, 'stop-me', '--stop-timeout', '1'));
    await showOnly(page, prefix);
    const row = page.getByRole('row', { name: new RegExp(name) });
    await row.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(row.getByText('exited', { exact: true })).toBeVisible({ timeout: 20_000 });
    expect(await docker(['inspect', '-f', '{{.State.Status}}', name])).toBe('exited');
    // The stopped row offers Start, and it works.
    await row.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(row.getByText('running', { exact: true })).toBeVisible();
    expect(await docker(['inspect', '-f', '{{.State.Running}}', name])).toBe('true');
  });

  test('the Last error column says why a start from the docker CLI failed, and what keeps a container restarting', async ({ page, docker, prefix }) => {
    await showOnly(page, prefix);
    await docker(['create', '--name', `${prefix}clifail`, '--label', 'berth.test=e2e', TEST_IMAGE, '/no/such/binary']);
    const failed = page.getByRole('row', { name: new RegExp(`${prefix}clifail`) });
    await expect(failed).toBeVisible();
    await expect(docker(['start', `${prefix}clifail`])).rejects.toThrow(/no such file/);
    await expect(failed.getByRole('cell', { name: /no such file or directory/ })).toBeVisible();
    await docker(['run', '-d', '--name', `${prefix}crashloop`, '--label', 'berth.test=e2e', '--restart', 'on-failure:100', TEST_IMAGE, 'sh', '-c', 'sleep 0.3; exit 3']);
    const looping = page.getByRole('row', { name: new RegExp(`${prefix}crashloop`) });
    await expect(looping.getByRole('cell', { name: /^(Exit code 3, restarting|Restarted \d+ times? by its restart policy; last exit code 3)/ })).toBeVisible({ timeout: 15_000 });
  });

  test('pause and resume from the row', async ({ page, docker, prefix }) => {
    const name = `${prefix}pausable`;
    await docker(run(prefix, 'pausable'));
    await showOnly(page, prefix);
    const row = page.getByRole('row', { name: new RegExp(name) });
    // Pause and Resume live in the row's "More actions" menu.
    await row.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Pause' }).click();
    await expect(row.getByText('paused', { exact: true })).toBeVisible();
    expect(await docker(['inspect', '-f', '{{.State.Paused}}', name])).toBe('true');
    await row.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Resume' }).click();
    await expect(row.getByText('running', { exact: true })).toBeVisible();
  });

  test('batch delete of selected containers removes each, with a result per container', async ({ page, docker, prefix }) => {
    for (const n of ['a', 'b', 'c']) await docker(run(prefix, `batch-${n}`));
    await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(`${prefix}batch`);
    await expect(page.getByRole('row', { name: new RegExp(`${prefix}batch-`) })).toHaveCount(3);
    await page.getByRole('checkbox', { name: /Select all 3 shown containers/ }).check();
    await page.getByRole('toolbar', { name: 'Batch actions' }).getByRole('button', { name: 'Delete selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete 3 containers?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('checkbox', { name: /Force/ }).check();
    await dialog.getByRole('button', { name: 'Delete 3' }).click();
    const results = page.getByRole('region', { name: 'Batch results' });
    await expect(results).toContainText('3 succeeded');
    await expect(page.getByRole('row', { name: new RegExp(`${prefix}batch-`) })).toHaveCount(0);
    expect(await docker(['ps', '-aq', '--filter', `name=^/${prefix}batch-`])).toBe('');
  });

  test('a delete that cannot happen says why, per container, and deletes the others', async ({ page, docker, prefix }) => {
    await docker(run(prefix, 'keep-running'));
    await docker(['create', '--name', `${prefix}stopped`, '--label', 'berth.test=e2e', TEST_IMAGE, 'true']);
    await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(prefix);
    await page.getByRole('checkbox', { name: /Select all 2 shown containers/ }).check();
    // Removed behind Berth's back while it is selected.
    await docker(['rm', '-f', `${prefix}keep-running`]);
    await expect(page.getByRole('row', { name: new RegExp(`${prefix}keep-running`) })).toHaveCount(0);
    await page.getByRole('button', { name: 'Delete selected' }).click();
    await page.getByRole('dialog', { name: /Delete container/ }).getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('row', { name: new RegExp(`${prefix}stopped`) })).toHaveCount(0);
  });

  test('filter by state and tag, sort by name, and open details', async ({ page, docker, prefix }) => {
    await docker(run(prefix, 'tagged', '--label', 'berth.tag.frontend=', '-e', 'GREETING=hello'));
    await docker(['create', '--name', `${prefix}idle`, '--label', 'berth.test=e2e', TEST_IMAGE, 'true']);
    await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(prefix);
    await expect(page.getByRole('row', { name: new RegExp(prefix) })).toHaveCount(2);
    await page.getByRole('combobox', { name: 'Filter by state' }).selectOption('running');
    await expect(page.getByRole('row', { name: new RegExp(prefix) })).toHaveCount(1);
    await page.getByRole('combobox', { name: 'Filter by state' }).selectOption('all');
    await page.getByRole('combobox', { name: 'Filter by tag or label' }).fill('frontend');
    await expect(page.getByRole('row', { name: new RegExp(prefix) })).toHaveCount(1);
    await page.getByRole('combobox', { name: 'Filter by tag or label' }).fill('');

    await page.getByRole('button', { name: 'Name' }).click(); // now descending
    await expect(page.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending');
    const names = await page.getByRole('row', { name: new RegExp(prefix) }).getByRole('rowheader').allInnerTexts();
    expect(names).toEqual([`${prefix}tagged`, `${prefix}idle`]);

    await page.getByRole('button', { name: `${prefix}tagged` }).click();
    const details = page.getByRole('complementary', { name: `Details of ${prefix}tagged` });
    await expect(details).toContainText('GREETING=hello');
    await expect(details).toContainText('sleep 3600');
  });

  test('the ports column links published host ports', async ({ page, docker, prefix }) => {
    await docker(run(prefix, 'ported', '-p', '127.0.0.1::80'));
    const port = (await docker(['port', `${prefix}ported`, '80/tcp'])).split(':').pop()!;
    await showOnly(page, prefix);
    const row = page.getByRole('row', { name: new RegExp(`${prefix}ported`) });
    await expect(row.getByRole('link', { name: `Open localhost:${port} (container port 80/tcp)` })).toHaveAttribute(
      'href',
      `http://localhost:${port}`,
    );
  });
});

test.describe('engine connection', () => {
  test('says clearly when the engine goes away, and recovers by itself when it returns', async ({ page, docker, prefix }, testInfo) => {
    testInfo.skip(testInfo.project.name === 'electron', 'The relay needs a host started with its own DOCKER_HOST; covered by the web project.');
    await docker(run(prefix, 'survivor'));
    const relay = new EngineRelay('e2e-containers');
    await relay.listen();
    const server = await startServer({ dockerHost: `unix://${relay.path}` });
    try {
      await page.goto(server.loginUrl);
      await showOnly(page, prefix);
      const row = page.getByRole('row', { name: new RegExp(`${prefix}survivor`) });
      await expect(row).toBeVisible();
      await expect(page.getByRole('contentinfo', { name: 'Engine status' })).toContainText('Connected to Docker Engine');

      await relay.cut();
      const alert = page.getByRole('alert', { name: 'Engine unavailable' });
      await expect(alert).toBeVisible();
      await expect(alert).toContainText('Cannot reach the container engine');
      await expect(alert).toContainText(relay.path);
      await expect(page.getByRole('contentinfo', { name: 'Engine status' })).toContainText('Not connected');

      // Changed while we were cut off: the table must catch up after reconnecting.
      await docker(['stop', '-t', '0', `${prefix}survivor`]);
      await relay.listen();
      await expect(alert).toBeHidden({ timeout: 15_000 });
      await expect(row.getByText('exited', { exact: true })).toBeVisible();
    } finally {
      await server.stop();
      await relay.cut();
    }
  });

  test('refuses a page without the token', async ({ browser, server }, testInfo) => {
    testInfo.skip(testInfo.project.name === 'electron', 'Token auth belongs to the web host.');
    const fresh = await browser.newPage();
    await fresh.goto(server.url);
    await expect(fresh.getByRole('alert')).toContainText('not authorised');
    await fresh.goto(`${server.url}#token=wrong-token`);
    await fresh.reload();
    await expect(fresh.getByRole('alert')).toContainText('not authorised');
    await fresh.close();
  });

  test("keeps no token in the page's storage once it is traded for the session cookie", async ({ page, server }, testInfo) => {
    testInfo.skip(testInfo.project.name === 'electron', 'Token auth belongs to the web host.');
    // The fixture opened the login URL: the token came in the fragment.
    const stored = await page.evaluate(() => JSON.stringify({ session: { ...sessionStorage }, local: { ...localStorage } }));
    expect(stored).not.toContain(server.token);
    expect(await page.evaluate(() => location.hash)).toBe('');
    // The cookie alone authorises a reload.
    await page.reload();
    await expect(page.getByRole('table', { name: 'Containers' })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'not authorised' })).toHaveCount(0);
  });
});
