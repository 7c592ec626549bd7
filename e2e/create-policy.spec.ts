import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { TEST_IMAGE } from './docker';
import { expect, test } from './fixtures';
import { startServer } from './server';

/** The wizard on the Storage step with image and name filled in. */
async function storageStep(page: Page, name: string): Promise<Locator> {
  await page.getByRole('button', { name: 'New container' }).click();
  const d = page.getByRole('dialog', { name: 'New container' });
  await d.getByLabel('Image', { exact: true }).fill(TEST_IMAGE);
  await d.getByLabel('Name', { exact: true }).fill(name);
  await d.getByRole('button', { name: '4. Storage and network' }).click();
  return d;
}

test.describe('what the web host refuses, said at the field', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name === 'electron', 'These refusals are the web host\'s policy only: electron/main/main.ts starts the services with containerPolicy { fullAccess: true }, so the desktop app refuses none of them and asks to confirm instead (that confirm step is the --allow-bind / test, run in the web project).');
  });

  test('a bind of / and the host-access settings show the reason before submitting, and nothing is created', async ({ page, docker, prefix }) => {
    const name = `${prefix}root-bind`;
    const d = await storageStep(page, name);
    const mounts = d.getByRole('group', { name: 'Other mounts' });
    await expect(mounts).toHaveAccessibleDescription(/binds only folders inside .*\/workspaces.*--allow-bind DIR/);
    await d.getByRole('button', { name: 'Add mount' }).click();
    const source = d.getByRole('textbox', { name: 'Mount source, row 1' });
    await source.fill('/');
    await d.getByRole('textbox', { name: 'Mount target, row 1' }).fill('/host');
    // Said at the field once it is left (filling the target leaves it), before any submit.
    await expect(source).toHaveAttribute('aria-invalid', 'true');
    await expect(source).toHaveAccessibleDescription(/^\/ is outside the folders this host binds\. .*--allow-bind DIR/);

    const privileged = d.getByRole('checkbox', { name: /^Privileged/ });
    await expect(privileged).toBeDisabled();
    await expect(privileged).toHaveAccessibleDescription(/refuses privileged containers.*--allow-privileged/);
    const hostPid = d.getByRole('checkbox', { name: /host PID namespace/ });
    await expect(hostPid).toBeDisabled();
    await expect(hostPid).toHaveAccessibleDescription(/--allow-host-pid/);
    const caps = d.getByLabel('Add capabilities', { exact: true });
    await expect(caps).toHaveAccessibleDescription(/refuses added capabilities.*--allow-cap-add/);
    await caps.fill('NET_ADMIN');
    // Said once the field is left: typing is not yet a mistake.
    await expect(caps).not.toHaveAttribute('aria-invalid', 'true');
    await caps.blur();
    await expect(caps).toHaveAttribute('aria-invalid', 'true');
    await expect(d.getByRole('combobox', { name: 'Network' }).getByRole('option', { name: 'host (refused by this host)' })).toBeDisabled();

    // Create takes the user back to the first refused field; the engine never hears of it.
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(d.getByRole('button', { name: '4. Storage and network' })).toHaveAttribute('aria-current', 'step');
    await expect(source).toHaveAccessibleDescription(/outside the folders this host binds/);
    expect(await docker(['ps', '-aq', '--filter', `name=^/${name}$`])).toBe('');
  });

  test('a link in the workspaces folder that leads to / is refused at the field by the host, which follows it', async ({ page, docker, prefix, server }) => {
    const name = `${prefix}link-bind`;
    const workspaces = join(server.dataDir, 'workspaces');
    mkdirSync(workspaces, { recursive: true });
    const link = join(workspaces, `${prefix}escape`);
    symlinkSync('/', link);
    const d = await storageStep(page, name);
    await d.getByRole('button', { name: 'Add mount' }).click();
    const source = d.getByRole('textbox', { name: 'Mount source, row 1' });
    await source.fill(link);
    await d.getByRole('textbox', { name: 'Mount target, row 1' }).fill('/host');
    // By its text the path is inside the workspaces folder: only the host, following the link, can tell.
    await expect(source).not.toHaveAttribute('aria-invalid', 'true');
    await d.getByRole('button', { name: 'Next' }).click();
    await expect(source).toHaveAttribute('aria-invalid', 'true');
    await expect(source).toHaveAccessibleDescription(/escape \(it leads to \/\) is outside the folders this host binds/);
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(source).toHaveAccessibleDescription(/it leads to \//);
    expect(await docker(['ps', '-aq', '--filter', `name=^/${name}$`])).toBe('');
  });

  test('with --allow-bind / the wizard asks to confirm a bind of / before it creates', async ({ page, docker, prefix }) => {
    const open = await startServer({ args: ['--allow-bind', '/'] });
    try {
      await page.goto(open.loginUrl);
      await expect(page.getByRole('table', { name: 'Containers' })).toBeVisible();
      const name = `${prefix}confirmed`;
      const d = await storageStep(page, name);
      await d.getByRole('button', { name: 'Add mount' }).click();
      await d.getByRole('textbox', { name: 'Mount source, row 1' }).fill('/');
      await d.getByRole('textbox', { name: 'Mount target, row 1' }).fill('/host');
      await d.getByRole('checkbox', { name: 'Read-only, row 1' }).check();
      await d.getByRole('button', { name: '5. Review' }).click();
      await d.getByRole('checkbox', { name: 'Start after create' }).uncheck();
      await d.getByRole('button', { name: 'Create', exact: true }).click();
      const ask = d.getByRole('region', { name: 'Confirm these binds' });
      await expect(ask).toContainText("/ is this machine's whole filesystem");
      expect(await docker(['ps', '-aq', '--filter', `name=^/${name}$`])).toBe('');
      // Back keeps the form as it was; asking again and confirming creates it.
      await d.getByRole('button', { name: 'Back to the form' }).click();
      await expect(d.getByRole('checkbox', { name: 'Start after create' })).not.toBeChecked();
      await d.getByRole('button', { name: 'Create', exact: true }).click();
      await d.getByRole('button', { name: 'Create anyway' }).click();
      await expect(d).toHaveCount(0);
      expect(await docker(['inspect', '-f', '{{json .HostConfig.Binds}}', name])).toBe('["/:/host:ro"]');
    } finally {
      await open.stop();
    }
  });
});
