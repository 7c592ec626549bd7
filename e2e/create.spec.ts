import { TEST_IMAGE } from './docker';
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { startRegistry } from '../electron/services/create/registry.testkit';

/** Exits on SIGTERM within a second, so a recreate does not wait out the stop timeout. */
const POLITE = `sh -c 'trap "exit 0" TERM; while :; do sleep 1; done'`;

/** The table is virtualised and other suites may fill it: filter to the row first. */
async function rowOf(page: Page, name: string) {
  await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(name);
  return page.getByRole('row', { name: new RegExp(name) });
}

async function openWizard(page: Page) {
  await page.getByRole('button', { name: 'New container' }).click();
  const dialog = page.getByRole('dialog', { name: 'New container' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test.describe('create wizard', () => {
  test('steps keep what was typed; fields validate; the container has every option asked', async ({ page, docker, prefix }) => {
    const name = `${prefix}wiz`;
    const d = await openWizard(page);
    await d.getByLabel('Image', { exact: true }).fill(TEST_IMAGE);
    await d.getByLabel('Name', { exact: true }).fill(name);
    await d.getByLabel('Command', { exact: true }).fill(POLITE);
    await d.getByRole('button', { name: 'Next' }).click();

    await d.getByRole('button', { name: 'Add variable' }).click();
    await d.getByRole('textbox', { name: 'Variable 1 key' }).fill('GREETING');
    await d.getByRole('textbox', { name: 'Variable 1 value' }).fill('hello world');
    await d.getByLabel('Paste .env lines', { exact: true }).fill('# from a file\nMODE=e2e\nnot a line');
    await d.getByRole('button', { name: 'Add these variables' }).click();
    await expect(d.getByText(/Added 1 variable; skipped line 3/)).toBeVisible();
    await d.getByLabel('Tags', { exact: true }).fill('e2e-wiz, blue');
    await d.getByRole('button', { name: 'Next' }).click();

    await d.getByLabel('CPUs', { exact: true }).fill('0.5');
    await d.getByLabel('Memory', { exact: true }).fill('2m');
    await d.getByLabel('PIDs limit', { exact: true }).fill('50');
    await d.getByRole('button', { name: 'Add port' }).click();
    await d.getByRole('checkbox', { name: 'Any free port, row 1' }).check();
    await d.getByRole('textbox', { name: 'Container port, row 1' }).fill('80');
    await d.getByRole('button', { name: 'Next' }).click();
    // Memory under the engine minimum is refused at the field, and the step does not advance.
    await expect(d.getByText(/The engine needs at least 6 MiB of memory/)).toBeVisible();
    await d.getByLabel('Memory', { exact: true }).fill('64m');
    await d.getByRole('button', { name: 'Next' }).click();

    await d.getByRole('checkbox', { name: /Mount a workspace folder/ }).check();
    await d.getByRole('checkbox', { name: /Read-only root filesystem/ }).check();
    await d.getByLabel('Restart policy', { exact: true }).selectOption('unless-stopped');

    // Back and Next keep what was typed.
    await d.getByRole('button', { name: 'Back' }).click();
    await d.getByRole('button', { name: 'Back' }).click();
    await d.getByRole('button', { name: 'Back' }).click();
    await expect(d.getByLabel('Name', { exact: true })).toHaveValue(name);
    await expect(d.getByLabel('Command', { exact: true })).toHaveValue(POLITE);

    const preview = d.getByLabel('docker run command', { exact: true });
    await expect(preview).toContainText(`--name ${name}`);
    await expect(preview).toContainText("-e 'GREETING=hello world' -e MODE=e2e");
    await expect(preview).toContainText('--cpus 0.5 -m 64m --pids-limit 50 -p 80');
    await expect(preview).toContainText('--restart unless-stopped --read-only');

    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(d).toHaveCount(0);
    const row = (await rowOf(page, name));
    await expect(row.getByText('running', { exact: true })).toBeVisible();

    const c = JSON.parse(await docker(['inspect', name]))[0];
    expect(c.Config.Env).toEqual(expect.arrayContaining(['GREETING=hello world', 'MODE=e2e']));
    expect(c.Config.Labels['berth.tag.e2e-wiz']).toBe('');
    expect(c.Config.Labels['berth.tag.blue']).toBe('');
    expect(c.Config.Labels['berth.workspace']).toMatch(new RegExp(`/workspaces/${name}$`));
    expect(c.HostConfig.NanoCpus).toBe(500_000_000);
    expect(c.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(c.HostConfig.PidsLimit).toBe(50);
    expect(c.HostConfig.PortBindings['80/tcp']).toEqual([{ HostIp: '', HostPort: '' }]);
    expect(c.HostConfig.RestartPolicy.Name).toBe('unless-stopped');
    expect(c.HostConfig.ReadonlyRootfs).toBe(true);
    expect(c.HostConfig.Binds).toEqual([`${c.Config.Labels['berth.workspace']}:/app`]);
  });

  test('a taken name is flagged at the name field before anything is created', async ({ page, docker, prefix }) => {
    const name = `${prefix}taken`;
    await docker(['run', '-d', '--name', name, TEST_IMAGE, 'sleep', '3600']);
    const d = await openWizard(page);
    await d.getByLabel('Image', { exact: true }).fill(TEST_IMAGE);
    await d.getByLabel('Name', { exact: true }).fill(name);
    await d.getByRole('button', { name: 'Next' }).click();
    await expect(d.getByText(`The name "${name}" is taken by another container`, { exact: false })).toBeVisible();
    await expect(d.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await d.getByLabel('Image', { exact: true }).fill('berth-test/not-here:1');
    await d.getByLabel('Name', { exact: true }).fill(`${prefix}free`);
    await d.getByRole('button', { name: 'Next' }).click();
    await expect(d.getByText('berth-test/not-here:1 is not on this machine: pull it first')).toBeVisible();
    await expect(d.getByRole('button', { name: 'Pull berth-test/not-here:1' })).toBeVisible();
  });

  test('pasting a docker run line fills the form and lists the unsupported flags', async ({ page, prefix }) => {
    const d = await openWizard(page);
    await d.getByRole('button', { name: 'Paste docker run' }).click();
    await d.getByLabel('docker run line', { exact: true }).fill(`docker run -d --rm --hostname web --name ${prefix}pasted -e A=1 -p 8080:80 --cpus 1.5 ${TEST_IMAGE} sleep 100`);
    await d.getByRole('button', { name: 'Fill the form' }).click();
    const unsupported = d.getByRole('list', { name: 'Unsupported flags' });
    await expect(unsupported.getByRole('listitem')).toHaveText(['--rm', '--hostname web']);
    await expect(d.getByLabel('Name', { exact: true })).toHaveValue(`${prefix}pasted`);
    await expect(d.getByLabel('Image', { exact: true })).toHaveValue(TEST_IMAGE);
    await expect(d.getByLabel('Command', { exact: true })).toHaveValue('sleep 100');
    await expect(d.getByLabel('docker run command', { exact: true })).toHaveText(`docker run -d --name ${prefix}pasted -e A=1 --cpus 1.5 -p 8080:80 ${TEST_IMAGE} sleep 100`);
    await d.getByRole('button', { name: 'Cancel' }).click();
    await expect(d).toHaveCount(0);
  });
});

test.describe('pull', () => {
  test('an image that is not here is pulled with a progress bar that can be cancelled, then used', async ({ page, docker, prefix }) => {
    const registry = await startRegistry();
    const proxy = await registry.slowProxy(8 * 1024, 50);
    try {
      const slowRef = `127.0.0.1:${proxy.port}/berth-pull-e2e:${prefix.replace(/-$/, '')}`;
      await registry.publishFresh('berth-pull-e2e', prefix.replace(/-$/, ''), 2 * 1024 * 1024);
      const d = await openWizard(page);
      await d.getByLabel('Image', { exact: true }).fill(slowRef);
      await d.getByLabel('Name', { exact: true }).fill(`${prefix}pulled`);
      await d.getByRole('button', { name: 'Next' }).click();
      await expect(d.getByText(`${slowRef} is not on this machine: pull it first`)).toBeVisible();
      await d.getByRole('button', { name: `Pull ${slowRef}` }).click();
      const bar = d.getByRole('progressbar', { name: 'Pull progress' });
      await expect(bar).toBeVisible();
      await expect(d.getByRole('group', { name: `Pulling ${slowRef}` })).toContainText(/Downloading \d+%/);
      await d.getByRole('button', { name: 'Cancel pull' }).click();
      await expect(bar).toHaveCount(0);
      await expect(docker(['image', 'inspect', slowRef])).rejects.toThrow(/No such image/);

      const fastRef = await registry.publishFresh('berth-pull-e2e', `${prefix.replace(/-$/, '')}-fast`);
      await d.getByLabel('Image', { exact: true }).fill(fastRef);
      await d.getByRole('button', { name: 'Next' }).click();
      await d.getByRole('button', { name: `Pull ${fastRef}` }).click();
      await expect(page.getByText(`Pulled ${fastRef}.`)).toBeVisible({ timeout: 30_000 });
      await d.getByLabel('Command', { exact: true }).fill('/random.bin');
      await d.getByRole('button', { name: '5. Review' }).click();
      await d.getByRole('checkbox', { name: 'Start after create' }).uncheck();
      await d.getByRole('button', { name: 'Create', exact: true }).click();
      await expect((await rowOf(page, `${prefix}pulled`)).getByText('created', { exact: true })).toBeVisible();
      expect(await docker(['inspect', '-f', '{{.Config.Image}}', `${prefix}pulled`])).toBe(fastRef);
    } finally {
      registry.stop();
    }
  });
});

test.describe('edit', () => {
  test('a limit change is applied live after the diff; an env change recreates and keeps the workspace file', async ({ page, docker, prefix }) => {
    const name = `${prefix}edit`;
    // Made through the wizard's service so it has a workspace folder.
    const d = await openWizard(page);
    await d.getByLabel('Image', { exact: true }).fill(TEST_IMAGE);
    await d.getByLabel('Name', { exact: true }).fill(name);
    await d.getByLabel('Command', { exact: true }).fill(POLITE);
    await d.getByRole('button', { name: '4. Storage and network' }).click();
    await d.getByRole('checkbox', { name: /Mount a workspace folder/ }).check();
    await d.getByRole('button', { name: '3. Resources and ports' }).click();
    await d.getByLabel('CPUs', { exact: true }).fill('0.5');
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    const row = (await rowOf(page, name));
    await expect(row.getByText('running', { exact: true })).toBeVisible();
    const id = await docker(['inspect', '-f', '{{.Id}}', name]);
    await docker(['exec', name, 'sh', '-c', 'echo keep > /app/kept.txt']);

    await row.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Edit' }).click();
    let e = page.getByRole('dialog', { name: `Edit ${name}` });
    await expect(e.getByLabel('Name', { exact: true })).toHaveValue(name);
    await e.getByRole('button', { name: '3. Resources and ports' }).click();
    await expect(e.getByLabel('CPUs', { exact: true })).toHaveValue('0.5');
    await e.getByLabel('CPUs', { exact: true }).fill('1');
    await e.getByRole('button', { name: 'Review changes' }).click();
    const changes = e.getByRole('table', { name: 'Changes' });
    await expect(changes.getByRole('row', { name: /CPUs/ })).toContainText(['0.5', '1', 'live'].join(''));
    await expect(e.getByText('Applied live, no restart', { exact: true })).toBeVisible();
    await e.getByRole('button', { name: 'Apply' }).click();
    await expect(e).toHaveCount(0);
    expect(await docker(['inspect', '-f', '{{.Id}} {{.HostConfig.NanoCpus}}', name])).toBe(`${id} 1000000000`);

    await row.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Edit' }).click();
    e = page.getByRole('dialog', { name: `Edit ${name}` });
    await e.getByRole('button', { name: '2. Environment and tags' }).click();
    await e.getByRole('button', { name: 'Add variable' }).click();
    await e.getByRole('textbox', { name: 'Variable 1 key' }).fill('STAGE');
    await e.getByRole('textbox', { name: 'Variable 1 value' }).fill('two');
    await e.getByRole('button', { name: 'Review changes' }).click();
    await expect(e.getByText('Needs a new container', { exact: true })).toBeVisible();
    await expect(e.getByRole('table', { name: 'Changes' }).getByRole('row', { name: /Variable STAGE/ })).toContainText('recreate');
    await e.getByRole('button', { name: 'Apply' }).click();
    await expect(e).toHaveCount(0);
    const after = JSON.parse(await docker(['inspect', name]))[0];
    expect(after.Id).not.toBe(id);
    expect(after.Config.Env).toContain('STAGE=two');
    expect(after.State.Running).toBe(true);
    expect(await docker(['exec', name, 'cat', '/app/kept.txt'])).toBe('keep');

    // A replacement that cannot start is rolled back, and the form says why at the field.
    await row.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Edit' }).click();
    e = page.getByRole('dialog', { name: `Edit ${name}` });
    await e.getByLabel('Command', { exact: true }).fill('/no/such/program');
    await e.getByRole('button', { name: 'Review changes' }).click();
    await expect(e.getByRole('table', { name: 'Changes' }).getByRole('row', { name: /Command/ })).toContainText('recreate');
    await e.getByRole('button', { name: 'Apply' }).click();
    // The field says why in words (the engine's text is under Details); the steps say what was put back.
    await expect(e.getByRole('alert').filter({ hasText: 'does not exist inside the container' })).toBeVisible({ timeout: 30_000 });
    await expect(e.getByText(/The new container was removed; .* was started again, as it was\./)).toBeVisible();
    await expect(e.getByLabel('Command', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    const rolledBack = JSON.parse(await docker(['inspect', name]))[0];
    expect(rolledBack.Id).toBe(after.Id);
    expect(rolledBack.State.Running).toBe(true);
    expect(rolledBack.Config.Cmd).toEqual(after.Config.Cmd);
  });
});

test.describe('templates and batch', () => {
  test('start from the built-in Shell box, and save the form as a template', async ({ page, docker, prefix }) => {
    const name = `${prefix}tpl`;
    let d = await openWizard(page);
    await d.getByLabel('Start from template', { exact: true }).selectOption({ label: 'Shell box (built-in)' });
    await d.getByRole('button', { name: 'Use template' }).click();
    await expect(d.getByLabel('Image', { exact: true })).toHaveValue(TEST_IMAGE);
    await d.getByLabel('Name', { exact: true }).fill(name);
    await d.getByRole('button', { name: '5. Review' }).click();
    await d.getByLabel('Save as template', { exact: true }).fill(`Mine ${prefix}`);
    await d.getByRole('button', { name: 'Save template' }).click();
    await expect(page.getByText(`Saved template “Mine ${prefix}”.`)).toBeVisible();
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await expect((await rowOf(page, name)).getByText('running', { exact: true })).toBeVisible();
    const c = JSON.parse(await docker(['inspect', name]))[0];
    expect(c.Config.Tty).toBe(true);
    expect(c.Config.Labels['berth.tag.shell']).toBe('');
    expect(c.Config.Labels['berth.workspace']).toBeTruthy();

    d = await openWizard(page);
    await d.getByLabel('Start from template', { exact: true }).selectOption({ label: `Mine ${prefix}` });
    await d.getByRole('button', { name: 'Use template' }).click();
    await expect(d.getByLabel('Command', { exact: true })).toHaveValue('/bin/sh');
    await d.getByRole('button', { name: 'Cancel' }).click();
  });

  test('batch import validates every entry first, then creates each with a result', async ({ page, docker, prefix }) => {
    await page.getByRole('button', { name: 'Import containers' }).click();
    const d = page.getByRole('dialog', { name: 'Import containers' });
    const entry = (n: string, memory: string) =>
      [`- image: ${TEST_IMAGE}`, `  name: ${prefix}${n}`, `  command: sleep 3600`, `  tags: [e2e-batch]`, `  resources: { memory: ${memory} }`].join('\n');
    await d.getByLabel('Container specs (JSON or YAML)', { exact: true }).fill([entry('b1', '64m'), entry('b2', '1m')].join('\n'));
    await d.getByRole('button', { name: 'Create all' }).click();
    await expect(d.getByRole('list', { name: 'Problems in the file' })).toContainText(`Entry 2 (${prefix}b2), resources.memory: The engine needs at least 6 MiB`);
    expect(await docker(['ps', '-aq', '--filter', `name=^/${prefix}b`])).toBe('');

    await d.getByLabel('Container specs (JSON or YAML)', { exact: true }).fill([entry('b1', '64m'), entry('b2', '32m')].join('\n'));
    await d.getByRole('button', { name: 'Create all' }).click();
    await expect(d.getByText('2 created, 0 failed.')).toBeVisible({ timeout: 30_000 });
    const results = d.getByRole('list', { name: 'Batch results' });
    await expect(results.getByRole('listitem')).toHaveText([`${prefix}b1: created`, `${prefix}b2: created`]);
    expect(await docker(['inspect', '-f', '{{.HostConfig.Memory}} {{index .Config.Labels "berth.tag.e2e-batch"}}|', `${prefix}b2`])).toBe(`${32 * 1024 * 1024} |`);
  });
});

