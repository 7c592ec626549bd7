import AxeBuilder from '@axe-core/playwright';
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

/** Closes the active tab whose shell still runs: that asks first, and is confirmed here. */
async function closeRunningTab(page: Page) {
  await page.getByRole('button', { name: 'Close tab' }).click();
  const ask = page.getByRole('dialog', { name: /^Close “/ });
  await ask.getByRole('button', { name: 'End and close' }).click();
  await expect(ask).toHaveCount(0);
}

/** No WCAG A/AA violations inside what the selector picks. */
async function scan(page: Page, selector: string) {
  const r = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
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
    await closeRunningTab(page);
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
    for (let i = 0; i < 2; i++) await closeRunningTab(page);
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
    await closeRunningTab(page);
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
    await closeRunningTab(page);
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
    await closeRunningTab(page);
  });

  test('the detached sessions can be ended in one go', async ({ page, docker, prefix, browser, server }) => {
    const name = `${prefix}endall`;
    await docker(run(prefix, 'endall'));
    const a = await openShell(page, name);
    await typeLine(page, a, 'sleep 7711');
    await page.getByRole('button', { name: 'Containers', exact: true }).click();
    const b = await openShell(page, name, 1);
    await typeLine(page, b, 'sleep 7722');
    await expect.poll(() => docker(['top', name, '-o', 'pid,args'])).toMatch(/sleep 7711[\s\S]*sleep 7722|sleep 7722[\s\S]*sleep 7711/);
    await page.close();
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    try {
      const other = await context.newPage();
      await other.goto(server.loginUrl);
      await other.getByRole('button', { name: 'Terminals', exact: true }).click();
      const mine = other.getByRole('list', { name: 'Detached sessions' }).getByRole('listitem').filter({ hasText: name });
      await expect(mine).toHaveCount(2);
      await other.getByRole('button', { name: /^End all \d+ detached sessions$/ }).click();
      await expect(mine).toHaveCount(0);
      await expect.poll(() => docker(['top', name, '-o', 'pid,args'])).not.toMatch(/sleep 77(11|22)/);
    } finally {
      await context.close();
    }
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
      await closeRunningTab(other);
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
      // An ended tab closes at once, without asking.
      await page.getByRole('button', { name: 'Close tab' }).click();
      await expect(page.getByRole('dialog')).toHaveCount(0);
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
    await closeRunningTab(page);
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
    await closeRunningTab(page);
  });

  test('New terminal opens a shell in the chosen container as the chosen user, in the chosen directory', async ({ page, docker, prefix }) => {
    const name = `${prefix}newterm`;
    await docker(run(prefix, 'newterm'));
    await expect(page.getByRole('row', { name: new RegExp(name) })).toBeVisible();
    await page.getByRole('button', { name: 'Terminals', exact: true }).click();
    await page.getByRole('button', { name: 'New terminal' }).click();
    const dialog = page.getByRole('dialog', { name: 'New terminal' });
    const container = dialog.getByRole('combobox', { name: 'Container' });
    await expect(container.getByRole('option', { name, exact: true })).toHaveCount(1);
    await container.selectOption({ label: name });

    // Each field says what is wrong with it as soon as it is left, by the contract's rules, and nothing opens meanwhile.
    const user = dialog.getByRole('textbox', { name: 'User (optional)' });
    const dir = dialog.getByRole('textbox', { name: 'Working directory (optional)' });
    const shell = dialog.getByRole('combobox', { name: 'Shell' });
    await user.fill('no body');
    await dir.click();
    await expect(user).toHaveAttribute('aria-invalid', 'true');
    await expect(user).toHaveAccessibleDescription(/A user is NAME, UID, NAME:GROUP or UID:GID/);
    await dir.fill('tmp');
    await shell.click();
    await expect(dir).toHaveAccessibleDescription(/must be an absolute path/);
    await shell.fill('sh; reboot');
    await user.click();
    await expect(shell).toHaveAccessibleDescription(/a program name or an absolute path/);
    await dialog.getByRole('button', { name: 'Open terminal' }).click();
    await expect(dialog).toBeVisible();
    await expect(page.getByRole('tab')).toHaveCount(0);
    await scan(page, 'dialog[open]');

    // What only the container can tell comes back at its field too, and nothing is lost of the rest.
    await user.fill('berth-no-such-user');
    await dir.fill('/tmp');
    await shell.fill('/bin/sh');
    await dialog.getByRole('button', { name: 'Open terminal' }).click();
    await expect(user).toHaveAccessibleDescription(/No such user in this container/);
    await expect(dir).toHaveValue('/tmp');
    await expect(page.getByRole('tab')).toHaveCount(0);
    await user.fill('nobody');
    await expect(dialog.locator('[aria-invalid="true"]')).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Open terminal' }).click();
    await expect(dialog).toHaveCount(0);
    const tab = page.getByRole('tab', { name: `${name}: sh`, exact: true });
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    const screen = page.getByRole('group', { name: `Terminal: ${name}: sh` });
    await expect(screen).toContainText('$', { timeout: 15_000 }); // not root's prompt
    await typeLine(page, screen, 'echo "in-$(pwd)-as-$(id -u)"');
    await expect(screen).toContainText('in-/tmp-as-65534');
    await typeLine(page, screen, 'sleep 9191');
    // The engine's own view: the shell's job runs as nobody.
    await expect.poll(() => docker(['exec', name, 'ps', '-o', 'user,args'])).toMatch(/^nobody\s+sleep 9191$/m);
    await closeRunningTab(page);
    await expect.poll(() => docker(['exec', name, 'ps', '-o', 'user,args'])).not.toMatch(/sleep 9191/);
  });

  test('New terminal is in the palette, with the open container chosen', async ({ page, docker, prefix }) => {
    const name = `${prefix}palterm`;
    await docker(run(prefix, 'palterm'));
    await page.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name, exact: true }).click();
    await expect(page.getByRole('complementary', { name: `Details of ${name}` })).toBeVisible();
    await page.keyboard.press('Control+K');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByRole('combobox').fill('new terminal');
    await palette.getByRole('option', { name: 'New terminal' }).click();
    const dialog = page.getByRole('dialog', { name: 'New terminal' });
    await expect(dialog.getByRole('combobox', { name: 'Container' }).locator('option:checked')).toHaveText(name);
    await dialog.getByRole('button', { name: 'Open terminal' }).click();
    await expect(page.getByRole('tab', { name: `${name}: sh`, exact: true })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('group', { name: /^Terminal: / })).toContainText('#', { timeout: 15_000 });
    await closeRunningTab(page);
  });

  test('tabs into one container are named apart, and a name the user gives wins', async ({ page, docker, prefix }) => {
    const name = `${prefix}names`;
    await docker(run(prefix, 'names'));
    const tabs = page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab');
    await openShell(page, name);
    await page.getByRole('button', { name: 'Containers', exact: true }).click();
    await openShell(page, name, 1);
    await expect(tabs).toHaveText([`${name}: sh`, `${name}: sh (2)`]);
    // The user names the second tab what a third would be called: the third takes the next number, the user's name stays.
    await page.getByRole('button', { name: 'Rename tab' }).click();
    await page.getByRole('textbox', { name: 'Tab name' }).fill(`${name}: sh (3)`);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Containers', exact: true }).click();
    await openShell(page, name, 2);
    await expect(tabs).toHaveText([`${name}: sh`, `${name}: sh (3)`, `${name}: sh (2)`]);
    // The services keep the names: a reload shows the same ones.
    await page.reload();
    await page.getByRole('button', { name: 'Terminals', exact: true }).click();
    await expect(tabs).toHaveText([`${name}: sh`, `${name}: sh (3)`, `${name}: sh (2)`]);
    for (let i = 0; i < 3; i++) await closeRunningTab(page);
    await expect(tabs).toHaveCount(0);
  });

  test('closing a tab whose shell runs asks first (Cancel focused, Escape cancels); an ended tab closes at once', async ({ page, docker, prefix }) => {
    const name = `${prefix}ask`;
    await docker(run(prefix, 'ask'));
    const screen = await openShell(page, name);
    await typeLine(page, screen, 'sleep 9292');
    await expect.poll(() => docker(['top', name, '-o', 'pid,args'])).toMatch(/sleep 9292/);
    const close = page.getByRole('button', { name: 'Close tab' });
    const ask = page.getByRole('dialog', { name: `Close “${name}: sh”?` });

    await close.click();
    await expect(ask).toContainText('still running');
    await scan(page, 'dialog[open]');
    const cancel = ask.getByRole('button', { name: 'Cancel' });
    await expect(cancel).toBeFocused();
    await cancel.click();
    await expect(ask).toHaveCount(0);
    await expect(page.getByRole('tab')).toHaveCount(1);

    await close.click();
    await expect(cancel).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(ask).toHaveCount(0);
    await expect(page.getByRole('tab')).toHaveCount(1);
    // Enter on the focused Cancel keeps the tab too.
    await close.click();
    await expect(cancel).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(ask).toHaveCount(0);
    await expect(page.getByRole('tab')).toHaveCount(1);
    // Nothing reached the shell meanwhile: it still runs its job.
    expect(await docker(['top', name, '-o', 'pid,args'])).toMatch(/sleep 9292/);

    await close.click();
    await ask.getByRole('button', { name: 'End and close' }).click();
    await expect(page.getByRole('tab')).toHaveCount(0);
    await expect.poll(() => docker(['top', name, '-o', 'pid,args'])).not.toMatch(/sleep 9292/);

    // A shell that has exited leaves nothing to lose.
    await page.getByRole('button', { name: 'Containers', exact: true }).click();
    const second = await openShell(page, name);
    await typeLine(page, second, 'exit 3');
    await expect(page.getByRole('status').filter({ hasText: 'Session ended' })).toContainText('exit code 3');
    await close.click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('tab')).toHaveCount(0);
  });
});
