import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TEST_IMAGE } from './docker';
import { expect, test } from './fixtures';
import { EngineRelay } from '../electron/services/testing/engine-relay';
import { startServer } from './server';

const run = (prefix: string, name: string) => ['run', '-d', '--name', `${prefix}${name}`, '--label', 'berth.test=e2e', TEST_IMAGE, 'sleep', '3600'];

/** Opens a shell tab in the container from its row; returns the terminal's screen. */
async function openShell(page: Page, name: string, tabsBefore = 0) {
  const row = page.getByRole('row', { name: new RegExp(name) });
  await row.getByRole('button', { name: 'Terminal', exact: true }).click();
  // The view shows at once; the new tab (and its screen) once the session exists.
  await expect(page.getByRole('tab')).toHaveCount(tabsBefore + 1);
  await expect(page.getByRole('tab').last()).toHaveAttribute('aria-selected', 'true');
  const screen = page.getByRole('group', { name: /^Terminal: / });
  await expect(screen).toBeVisible();
  await expect(screen).toContainText('#', { timeout: 15_000 }); // the root prompt
  return screen;
}

async function typeLine(page: Page, screen: ReturnType<Page['getByRole']>, line: string) {
  await screen.click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

test.describe('terminals', () => {
  test('a shell tab runs what is typed in the container', async ({ page, docker, prefix }) => {
    const name = `${prefix}shell`;
    await docker(run(prefix, 'shell'));
    const screen = await openShell(page, name);
    await expect(page.getByRole('tab', { name: new RegExp(name) })).toHaveAttribute('aria-selected', 'true');
    await typeLine(page, screen, 'touch /tmp/made-by-e2e && echo "do""ne"');
    await expect(screen).toContainText('done');
    expect(await docker(['exec', name, 'sh', '-c', 'test -f /tmp/made-by-e2e && echo yes'])).toBe('yes');
    // Closing the tab ends the shell: nothing of it stays in the container.
    await page.getByRole('button', { name: 'Close tab' }).click();
    await expect(page.getByRole('tab')).toHaveCount(0);
    await expect.poll(() => docker(['top', name, '-o', 'pid,args'])).not.toMatch(/\bsh\b/);
  });

  test('two tabs into one container run side by side', async ({ page, docker, prefix }) => {
    const name = `${prefix}two`;
    await docker(run(prefix, 'two'));
    const first = await openShell(page, name);
    await typeLine(page, first, 'sleep 7771');
    await page.getByRole('button', { name: 'Containers', exact: true }).click();
    const second = await openShell(page, name, 1);
    await typeLine(page, second, 'sleep 7772');
    await expect(page.getByRole('tab', { name: new RegExp(name) })).toHaveCount(2);
    await expect.poll(() => docker(['top', name, '-o', 'pid,args'])).toMatch(/sleep 7771[\s\S]*sleep 7772|sleep 7772[\s\S]*sleep 7771/);
    // Interrupt reaches the foreground job of the active tab only.
    await page.getByRole('button', { name: 'Interrupt' }).click();
    await expect.poll(() => docker(['top', name, '-o', 'pid,args'])).not.toMatch(/sleep 7772/);
    expect(await docker(['top', name, '-o', 'pid,args'])).toMatch(/sleep 7771/);
    for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Close tab' }).click();
  });

  test('Ctrl+C stops a flood and the shell answers at once', async ({ page, docker, prefix }) => {
    const name = `${prefix}flood`;
    await docker(run(prefix, 'flood'));
    const screen = await openShell(page, name);
    await typeLine(page, screen, 'yes flood-line');
    await expect(screen).toContainText('flood-line');
    // busybox runs `yes` in a forked shell: the shell and its child show as two `sh`.
    const shells = async () => (await docker(['top', name, '-o', 'pid,args'])).split('\n').filter((l) => / sh$/.test(l.trimEnd())).length;
    await expect.poll(shells).toBe(2);
    await page.waitForTimeout(1_000); // a backlog builds up between the engine and the screen
    await page.keyboard.press('Control+c');
    await expect(screen).toContainText('^C');
    await expect.poll(shells).toBe(1);
    await typeLine(page, screen, 'echo after-$((6*7))');
    await expect(screen).toContainText('after-42');
    await page.getByRole('button', { name: 'Close tab' }).click();
  });

  test('after a page reload the tab comes back with its screen', async ({ page, docker, prefix }) => {
    const name = `${prefix}reload`;
    await docker(run(prefix, 'reload'));
    const screen = await openShell(page, name);
    await typeLine(page, screen, 'echo reload-$((3*5))');
    await expect(screen).toContainText('reload-15');
    await page.reload();
    await page.getByRole('button', { name: 'Terminals', exact: true }).click();
    const tab = page.getByRole('tab', { name: new RegExp(name) });
    await expect(tab).toBeVisible();
    const restored = page.getByRole('group', { name: /^Terminal: / });
    await expect(restored).toContainText('reload-15');
    // And it is live.
    await typeLine(page, restored, 'echo still-$((2+2))');
    await expect(restored).toContainText('still-4');
    await page.getByRole('button', { name: 'Close tab' }).click();
  });

  test('a reload never sends the replayed screen\'s terminal answers to the program', async ({ page, docker, prefix }) => {
    const name = `${prefix}replies`;
    await docker(run(prefix, 'replies'));
    // Asks the terminal where its cursor is (answered live, and read away), then waits for a line:
    // what it reads must be exactly what is typed after the reload.
    const script = [
      // Not `read -s`: busybox flushes pending input when it turns echo off, answers included.
      'stty -echo -icanon',
      "printf 'asking\\033[6n\\033[6n'",
      'IFS= read -r -d R first; IFS= read -r -d R second',
      'stty echo icanon',
      'echo "ready-$((2*21))"',
      'IFS= read -r x',
      'printf %s "$x" | od -An -tx1 > /tmp/berth-read.txt',
      'echo "stored-$((3*3))"',
    ].join('\n');
    await docker(['exec', name, 'sh', '-c', `echo ${Buffer.from(script + '\n').toString('base64')} | base64 -d > /tmp/ask.sh`]);
    const screen = await openShell(page, name);
    await typeLine(page, screen, 'sh /tmp/ask.sh');
    await expect(screen).toContainText('ready-42');
    await page.reload();
    await page.getByRole('button', { name: 'Terminals', exact: true }).click();
    const restored = page.getByRole('group', { name: /^Terminal: / });
    await expect(restored).toContainText('ready-42');
    await page.waitForTimeout(500); // whatever xterm would answer to the replay has been sent by now
    await typeLine(page, restored, 'typed');
    await expect(restored).toContainText('stored-9');
    const hex = (await docker(['exec', name, 'cat', '/tmp/berth-read.txt'])).replace(/\s+/g, ' ').trim();
    expect(hex).toBe(Buffer.from('typed').toString('hex').replace(/(..)(?!$)/g, '$1 '));
    await page.getByRole('button', { name: 'Close tab' }).click();
  });

  test('the Terminals view lists sessions no window shows, to reopen or end, and sets when they end', async ({ page, docker, prefix, browser, server }) => {
    const name = `${prefix}detached`;
    await docker(run(prefix, 'detached'));
    const rename = async (title: string) => {
      await page.getByRole('button', { name: 'Rename tab' }).click();
      await page.getByRole('textbox', { name: 'Tab name' }).fill(title);
      await page.keyboard.press('Enter');
      await expect(page.getByRole('tab', { name: title })).toBeVisible();
    };
    const first = await openShell(page, name);
    await typeLine(page, first, 'echo kept-$((4*4))');
    await expect(first).toContainText('kept-16');
    await rename(`${prefix}keep`);
    await page.getByRole('button', { name: 'Containers', exact: true }).click();
    const second = await openShell(page, name, 1);
    await typeLine(page, second, 'sleep 8822');
    await expect.poll(() => docker(['top', name, '-o', 'pid,args'])).toMatch(/sleep 8822/);
    await rename(`${prefix}end`);
    // The browser goes away; another one opens Berth.
    await page.close();
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    try {
      const other = await context.newPage();
      await other.goto(server.loginUrl);
      await other.getByRole('button', { name: 'Terminals', exact: true }).click();
      const list = other.getByRole('list', { name: 'Detached sessions' });
      const keep = list.getByRole('listitem').filter({ hasText: `${prefix}keep` });
      const end = list.getByRole('listitem').filter({ hasText: `${prefix}end` });
      await expect(keep).toContainText(/No window shows it/);
      await expect(end).toContainText(/No window shows it/);
      await expect(other.getByRole('tab')).toHaveCount(0);

      await other.getByRole('button', { name: `Reopen ${prefix}keep` }).click();
      await expect(other.getByRole('tab', { name: `${prefix}keep` })).toHaveAttribute('aria-selected', 'true');
      const screen = other.getByRole('group', { name: /^Terminal: / });
      await expect(screen).toContainText('kept-16');
      await typeLine(other, screen, 'echo again-$((1+1))');
      await expect(screen).toContainText('again-2');
      await expect(keep).toHaveCount(0);

      await other.getByRole('button', { name: `End ${prefix}end` }).click();
      await expect(end).toHaveCount(0);
      await expect.poll(() => docker(['top', name, '-o', 'pid,args'])).not.toMatch(/sleep 8822/);

      // The time after which such sessions end: 15 minutes unless set, kept by the host.
      const minutes = other.getByRole('spinbutton', { name: /End sessions no window shows after/ });
      await expect(minutes).toHaveValue('15');
      await minutes.fill('0');
      await other.getByRole('button', { name: 'Save time' }).click();
      await expect(other.getByRole('alert').filter({ hasText: /between 1 and/ })).toBeVisible();
      await minutes.fill('30');
      await other.getByRole('button', { name: 'Save time' }).click();
      await expect.poll(() => readFile(join(server.dataDir, 'terminals', 'settings.json'), 'utf8').catch(() => '')).toContain('"detachedTimeoutSeconds": 1800');
      await other.reload();
      await other.getByRole('button', { name: 'Terminals', exact: true }).click();
      await expect(other.getByRole('spinbutton', { name: /End sessions no window shows after/ })).toHaveValue('30');
      // The reopened session is this page's tab now, so a reload brings it back as a tab.
      await expect(other.getByRole('tab', { name: `${prefix}keep` })).toBeVisible();
      await other.getByRole('button', { name: 'Close tab' }).click();
      await expect(other.getByRole('tab')).toHaveCount(0);
    } finally {
      await context.close();
    }
  });

  test('a tab that loses the engine says so, and closing it still ends the shell once the engine is back', async ({ page, docker, prefix }, testInfo) => {
    testInfo.skip(testInfo.project.name === 'electron', 'The relay needs a host started with its own DOCKER_HOST; covered by the web project.');
    const name = `${prefix}lost`;
    await docker(run(prefix, 'lost'));
    const relay = new EngineRelay('e2e-term');
    await relay.listen();
    const server = await startServer({ dockerHost: `unix://${relay.path}` });
    try {
      await page.goto(server.loginUrl);
      await expect(page.getByRole('row', { name: new RegExp(name) })).toBeVisible();
      const screen = await openShell(page, name);
      await typeLine(page, screen, 'sleep 8833');
      await expect.poll(() => docker(['top', name, '-o', 'pid,args'])).toMatch(/sleep 8833/);
      await relay.cut();
      const ended = page.getByRole('status').filter({ hasText: 'Session ended' });
      await expect(ended).toContainText('Lost the connection to the container engine');
      await expect(ended).not.toContainText('container is gone');
      // The shell runs on in the container meanwhile; the tab is closed while the engine is away.
      expect(await docker(['top', name, '-o', 'pid,args'])).toMatch(/sleep 8833/);
      await page.getByRole('button', { name: 'Close tab' }).click();
      await expect(page.getByRole('tab')).toHaveCount(0);
      await relay.listen();
      await expect.poll(() => docker(['top', name, '-o', 'pid,args']), { timeout: 20_000 }).not.toMatch(/sleep 8833|\bsh\b/);
    } finally {
      await server.stop();
      await relay.cut();
    }
  });

  test('Run command on two selected containers shows each exit code', async ({ page, docker, prefix }) => {
    await docker(run(prefix, 'run-a'));
    await docker(run(prefix, 'run-b'));
    await docker(['exec', `${prefix}run-a`, 'sh', '-c', 'echo 0 > /tmp/code']);
    await docker(['exec', `${prefix}run-b`, 'sh', '-c', 'echo 4 > /tmp/code']);
    await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(`${prefix}run-`);
    await expect(page.getByRole('row', { name: new RegExp(`${prefix}run-`) })).toHaveCount(2);
    await page.getByRole('checkbox', { name: /Select all 2 shown containers/ }).check();
    await page.getByRole('toolbar', { name: 'Batch actions' }).getByRole('button', { name: 'Run command' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run command in 2 containers' });
    await dialog.getByRole('textbox', { name: 'Command or script' }).fill('echo out-$(cat /tmp/code)\necho err-line >&2\nexit $(cat /tmp/code)');
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    const a = dialog.getByRole('region', { name: `Result for ${prefix}run-a` });
    const b = dialog.getByRole('region', { name: `Result for ${prefix}run-b` });
    await expect(a.getByRole('status')).toContainText('Exit code 0');
    await expect(b.getByRole('status')).toContainText('Exit code 4');
    await expect(a.getByLabel(`stdout of ${prefix}run-a`)).toHaveText('out-0');
    await expect(b.getByLabel(`stderr of ${prefix}run-b`)).toHaveText('err-line');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
  test('binary output, a 2 MB line and a huge title leave the terminal working', async ({ page, docker, prefix }) => {
    const name = `${prefix}hostile`;
    await docker(run(prefix, 'hostile'));
    const screen = await openShell(page, name);
    // Binary, then a window title of 100,000 characters, then one line of 2 MB; then back to ASCII (G0, SI) and a marker.
    await typeLine(
      page,
      screen,
      `head -c 300000 /bin/busybox; printf '\\033]0;%s\\007' "$(head -c 100000 /dev/zero | tr '\\0' T)"; head -c 2000000 /dev/zero | tr '\\0' L; printf '\\033(B\\017\\n'; echo "sur""vived"`,
    );
    await expect(screen).toContainText('survived', { timeout: 30_000 });
    // The title sequence does not rename the tab, and the page still takes input.
    await expect(page.getByRole('tab', { name: new RegExp(name) })).toBeVisible();
    expect((await page.getByRole('tab', { name: new RegExp(name) }).innerText()).length).toBeLessThan(200);
    await typeLine(page, screen, 'echo ok-$((7*6))');
    await expect(screen).toContainText('ok-42');
    await page.getByRole('button', { name: 'Close tab' }).click();
  });

  test('a tab whose container stops says so and reconnects once it runs again', async ({ page, docker, prefix }) => {
    const name = `${prefix}stops`;
    await docker(run(prefix, 'stops'));
    await openShell(page, name);
    await docker(['kill', name]);
    const ended = page.getByRole('status').filter({ hasText: 'Session ended' });
    await expect(ended).toContainText(/container stopped/i);
    await docker(['start', name]);
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await expect(ended).toHaveCount(0);
    const screen = page.getByRole('group', { name: /^Terminal: / });
    await typeLine(page, screen, 'echo back-$((5*5))');
    await expect(screen).toContainText('back-25');
    await page.getByRole('button', { name: 'Close tab' }).click();
  });
});
