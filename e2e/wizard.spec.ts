import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { TEST_IMAGE } from './docker';
import { expect, test } from './fixtures';

/** Exits on SIGTERM within a second, so a recreate does not wait out the stop timeout. */
const POLITE = `sh -c 'trap "exit 0" TERM; while :; do sleep 1; done'`;

async function openWizard(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'New container' }).click();
  const dialog = page.getByRole('dialog', { name: 'New container' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** An accessibility scan of the open dialog, as it stands. */
async function scan(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include('dialog[open]').withTags(['wcag2a', 'wcag2aa']).analyze();
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function openEdit(page: Page, name: string): Promise<Locator> {
  await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(name);
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row.getByText('running', { exact: true })).toBeVisible();
  await row.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'Edit' }).click();
  const e = page.getByRole('dialog', { name: `Edit ${name}` });
  await expect(e.getByLabel('Name', { exact: true })).toHaveValue(name);
  return e;
}

test.describe('wizard: validated as each field is left', () => {
  test('a bad value says why at the field once left, and the preview leaves it out and says so', async ({ page, prefix }) => {
    const d = await openWizard(page);
    await d.getByLabel('Image', { exact: true }).fill(TEST_IMAGE);
    await d.getByLabel('Name', { exact: true }).fill(`${prefix}val`);
    await d.getByRole('button', { name: '3. Resources and ports' }).click();
    const memory = d.getByLabel('Memory', { exact: true });
    const preview = d.getByLabel('docker run command', { exact: true });
    await memory.fill('2m');
    // Not left yet: no error at the field, but the preview already refuses to show the value.
    await expect(memory).not.toHaveAttribute('aria-invalid', 'true');
    await expect(preview).not.toContainText('-m 2m');
    await expect(d.getByText('1 field not shown: Memory', { exact: true })).toBeVisible();
    await memory.press('Tab');
    await expect(memory).toHaveAttribute('aria-invalid', 'true');
    await expect(memory).toHaveAccessibleDescription(/The engine needs at least 6 MiB of memory/);

    // A field left valid says nothing; one not left says nothing either, until Next shows all and focuses the first.
    const cpus = d.getByLabel('CPUs', { exact: true });
    await cpus.fill('lots');
    await expect(cpus).not.toHaveAttribute('aria-invalid', 'true');
    await d.getByRole('button', { name: 'Add port' }).click();
    await d.getByRole('textbox', { name: 'Container port, row 1' }).fill('99999');
    await expect(d.getByText('3 fields not shown: CPUs, Memory, Port row 1', { exact: true })).toBeVisible();
    await d.getByRole('button', { name: 'Next' }).click();
    await expect(d.getByRole('button', { name: '3. Resources and ports' })).toHaveAttribute('aria-current', 'step');
    await expect(cpus).toHaveAttribute('aria-invalid', 'true');
    await expect(cpus).toBeFocused();
    await expect(cpus).toHaveAccessibleDescription(/"lots" is not a number of CPUs/);
    const containerPort = d.getByRole('textbox', { name: 'Container port, row 1' });
    await expect(containerPort).toHaveAttribute('aria-invalid', 'true');
    await expect(containerPort).toHaveAccessibleDescription(/The container port must be a whole number from 1 to 65535/);

    await cpus.fill('0.5');
    await memory.fill('64m');
    await containerPort.fill('80');
    await d.getByRole('checkbox', { name: 'Any free port, row 1' }).check();
    await expect(d.getByText(/not shown:/)).toHaveCount(0);
    await expect(preview).toContainText('--cpus 0.5 -m 64m -p 80');

    // Rows too: a variable name left bad is flagged at its row.
    await d.getByRole('button', { name: '2. Environment and tags' }).click();
    await d.getByRole('button', { name: 'Add variable' }).click();
    const key = d.getByRole('textbox', { name: 'Variable 1 key' });
    await key.fill('1BAD');
    await d.getByRole('textbox', { name: 'Variable 1 value' }).fill('x');
    await expect(key).toHaveAttribute('aria-invalid', 'true');
    await expect(key).toHaveAccessibleDescription(/"1BAD" is not a variable name/);
    await expect(preview).not.toContainText('1BAD');
    await expect(d.getByText('1 field not shown: Variable 1', { exact: true })).toBeVisible();
    await d.getByRole('button', { name: 'Cancel' }).click();
  });
});

test.describe('wizard: the Review step', () => {
  test('summarises everything, and each line jumps back to its step with focus on its first field', async ({ page, prefix }) => {
    const name = `${prefix}rev`;
    const d = await openWizard(page);
    await d.getByLabel('Image', { exact: true }).fill(TEST_IMAGE);
    await d.getByLabel('Name', { exact: true }).fill(name);
    await d.getByLabel('Command', { exact: true }).fill('sleep 100');
    await d.getByRole('button', { name: '2. Environment and tags' }).click();
    await d.getByRole('button', { name: 'Add variable' }).click();
    await d.getByRole('textbox', { name: 'Variable 1 key' }).fill('MODE');
    await d.getByRole('textbox', { name: 'Variable 1 value' }).fill('review');
    await d.getByRole('button', { name: '3. Resources and ports' }).click();
    await d.getByLabel('Memory', { exact: true }).fill('64m');
    await d.getByRole('button', { name: 'Add port' }).click();
    await d.getByRole('textbox', { name: 'Host port, row 1' }).fill('18080');
    await d.getByRole('textbox', { name: 'Container port, row 1' }).fill('80');
    await d.getByRole('button', { name: '4. Storage and network' }).click();
    await d.getByRole('checkbox', { name: /No new privileges/ }).check();
    await d.getByLabel('Restart policy', { exact: true }).selectOption('always');
    await d.getByRole('button', { name: '5. Review' }).click();

    const summary = d.getByRole('region', { name: 'Summary' });
    const line = (label: string) => summary.getByRole('group', { name: label, exact: true });
    await expect(line('Image')).toContainText(TEST_IMAGE);
    await expect(line('Name')).toContainText(name);
    await expect(line('Command')).toContainText('sleep 100');
    await expect(line('Entrypoint')).toContainText("image's default");
    await expect(line('Environment')).toContainText('MODE=review');
    await expect(line('Ports')).toContainText('18080 → 80/tcp');
    await expect(line('Limits')).toContainText('memory 64m');
    await expect(line('Mounts')).toContainText('none');
    await expect(line('Network')).toContainText('default (bridge)');
    await expect(line('Restart policy')).toContainText('always');
    await expect(line('Hardening')).toContainText('No new privileges');
    await expect(line('Host access')).toContainText('none');
    await expect(line('Labels')).toContainText('none');

    await summary.getByRole('button', { name: 'Edit limits' }).click();
    await expect(d.getByRole('button', { name: '3. Resources and ports' })).toHaveAttribute('aria-current', 'step');
    await expect(d.getByLabel('CPUs', { exact: true })).toBeFocused();
    await d.getByRole('button', { name: '5. Review' }).click();
    await summary.getByRole('button', { name: 'Edit environment' }).click();
    await expect(d.getByRole('textbox', { name: 'Variable 1 key' })).toBeFocused();
    await d.getByRole('button', { name: '5. Review' }).click();
    await summary.getByRole('button', { name: 'Edit restart policy' }).click();
    await expect(d.getByLabel('Restart policy', { exact: true })).toBeFocused();
    await d.getByRole('button', { name: '5. Review' }).click();
    await summary.getByRole('button', { name: 'Edit command' }).click();
    await expect(d.getByLabel('Command', { exact: true })).toBeFocused();
    await d.getByRole('button', { name: 'Cancel' }).click();
  });
});

test.describe('wizard: an edit that recreates', () => {
  test('shows create → stop → start → remove → rename ticking as they happen; a failure says which step and what was left', async ({ page, docker, prefix }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const name = `${prefix}steps`;
    await docker(['run', '-d', '--name', name, '--label', 'berth.test=wizard', TEST_IMAGE, 'sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done']);
    const id = await docker(['inspect', '-f', '{{.Id}}', name]);
    let e = await openEdit(page, name);
    await e.getByRole('button', { name: '2. Environment and tags' }).click();
    await e.getByRole('button', { name: 'Add variable' }).click();
    await e.getByRole('textbox', { name: 'Variable 1 key' }).fill('STAGE');
    await e.getByRole('textbox', { name: 'Variable 1 value' }).fill('two');
    await e.getByRole('button', { name: 'Review changes' }).click();
    await expect(e.getByText('Needs a new container', { exact: true })).toBeVisible();

    // Every state the step list goes through, as the page shows it: the steps must tick in order, not appear all done.
    await page.evaluate(() => {
      const seen: string[] = [];
      const w = window as unknown as { berthSteps: string[]; berthWatch: MutationObserver };
      w.berthSteps = seen;
      const look = () => {
        const list = document.querySelector('ol[aria-label="Replacing the container"]');
        if (!list) return;
        const text = [...list.querySelectorAll('li')].map((li) => li.textContent ?? '').join(' | ');
        if (seen.at(-1) !== text) seen.push(text);
      };
      // Held on window: an observer nothing refers to can be collected, and then it stops reporting.
      w.berthWatch = new MutationObserver(look);
      w.berthWatch.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await e.getByRole('button', { name: 'Apply' }).click();
    await expect(e).toHaveCount(0, { timeout: 30_000 });
    const seen = await page.evaluate(() => (window as unknown as { berthSteps: string[] }).berthSteps);
    // Stop and start take a second each here (the SIGTERM trap, the settle wait), so each is seen running;
    // the last steps take milliseconds and may tick within one frame.
    const firstWith = (s: string) => seen.findIndex((t) => t.includes(s));
    const stopping = firstWith('Stop the old container — running');
    const starting = firstWith('Start the new container — running');
    expect(stopping, seen.join('\n')).toBeGreaterThanOrEqual(0);
    expect(starting, seen.join('\n')).toBeGreaterThan(stopping);
    expect(seen[stopping]).toContain('Create the new container — done');
    expect(seen[starting]).toContain('Stop the old container — done');
    expect(seen[starting]).toContain('Remove the old container — waiting');
    // Never backwards: each snapshot has at least as many steps done as the one before.
    const done = seen.map((t) => t.split('— done').length);
    expect([...done].sort((a, b) => a - b)).toEqual(done);
    const after = JSON.parse(await docker(['inspect', name]))[0];
    expect(after.Id).not.toBe(id);
    expect(after.Config.Env).toContain('STAGE=two');
    expect(after.State.Running).toBe(true);

    // A replacement that cannot start: the steps stay on screen with the failed one, and what it left.
    e = await openEdit(page, name);
    await e.getByLabel('Command', { exact: true }).fill('/no/such/program');
    await e.getByRole('button', { name: 'Review changes' }).click();
    await e.getByRole('button', { name: 'Apply' }).click();
    const steps = e.getByRole('list', { name: 'Replacing the container' });
    await expect(steps.getByRole('listitem')).toHaveText(
      ['Create the new container — done', 'Stop the old container — done', 'Start the new container — failed', 'Remove the old container — not run', 'Give the new container its name — not run'],
      { timeout: 30_000 },
    );
    await expect(e.getByText(`The new container was removed; ${name} was started again, as it was.`)).toBeVisible();
    await expect(e.getByLabel('Command', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    // At the field, the engine's OCI error in words; its own text under Details.
    await expect(e.getByRole('alert').filter({ hasText: 'The program “/no/such/program” does not exist inside the container' })).toBeVisible();
    await e.getByText('Details', { exact: true }).click();
    await expect(e.getByText(/OCI runtime create failed/)).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('edit-failed.png') });
    const back = JSON.parse(await docker(['inspect', name]))[0];
    expect(back.Id).toBe(after.Id);
    expect(back.State.Running).toBe(true);
  });
});

test.describe('wizard: how it looks', () => {
  for (const choice of ['light', 'dark'] as const) {
    test(`every step and the Review step at 1280×720 in the ${choice} theme`, async ({ page, prefix }, testInfo) => {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.getByRole('combobox', { name: 'Theme' }).selectOption(choice);
      const d = await openWizard(page);
      await d.getByLabel('Image', { exact: true }).fill(TEST_IMAGE);
      await d.getByLabel('Name', { exact: true }).fill(`${prefix}look`);
      await d.getByLabel('Command', { exact: true }).fill(POLITE);
      await d.getByLabel('User', { exact: true }).fill('1000:1000');
      await page.screenshot({ path: testInfo.outputPath(`${choice}-1-image.png`) });
      expect(await scan(page)).toEqual([]);
      await d.getByRole('button', { name: 'Next' }).click();
      await d.getByRole('button', { name: 'Add variable' }).click();
      await d.getByRole('textbox', { name: 'Variable 1 key' }).fill('1BAD');
      await d.getByRole('textbox', { name: 'Variable 1 value' }).fill('x');
      await page.screenshot({ path: testInfo.outputPath(`${choice}-2-env.png`) });
      expect(await scan(page)).toEqual([]);
      await d.getByRole('textbox', { name: 'Variable 1 key' }).fill('MODE');
      await d.getByRole('button', { name: 'Next' }).click();
      await d.getByLabel('Memory', { exact: true }).fill('2m');
      await d.getByLabel('CPUs', { exact: true }).fill('0.5');
      await page.screenshot({ path: testInfo.outputPath(`${choice}-3-resources.png`) });
      expect(await scan(page)).toEqual([]);
      await d.getByLabel('Memory', { exact: true }).fill('64m');
      await d.getByRole('button', { name: 'Next' }).click();
      await d.getByRole('checkbox', { name: /Read-only root filesystem/ }).check();
      await page.screenshot({ path: testInfo.outputPath(`${choice}-4-storage.png`) });
      expect(await scan(page)).toEqual([]);
      await d.getByRole('button', { name: 'Next' }).click();
      await expect(d.getByRole('region', { name: 'Summary' })).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`${choice}-5-review.png`) });
      expect(await scan(page)).toEqual([]);
      await d.getByRole('button', { name: 'Cancel' }).click();
    });
  }
});
