import { TEST_IMAGE } from './docker';
import { expect, test } from './fixtures';

// The suite runs at 1600×900; a common laptop screen is smaller. What a user needs must be on screen there too.
test.use({ viewport: { width: 1280, height: 720 } });

test.describe('at 1280×720', () => {
  test("a file's actions in the Files tab are on screen, not past the panel's right edge", async ({ page, docker, prefix }) => {
    const name = `${prefix}layout`;
    await docker(['run', '-d', '--name', name, '--label', 'berth.test=e2e', TEST_IMAGE, 'sleep', '3600']);
    await docker(['exec', name, 'sh', '-c', 'mkdir -p /app && echo hi > /app/a-rather-long-file-name-for-a-narrow-panel.txt']);
    await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(name);
    await page.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name, exact: true }).click();
    const details = page.getByRole('complementary', { name: `Details of ${name}` });
    await details.getByRole('tab', { name: 'Files' }).click();
    const file = details.getByRole('table', { name: 'Files in /app' }).getByRole('row', { name: 'a-rather-long-file-name-for-a-narrow-panel.txt' });
    // A file's actions live in its row menu: the menu button and every item it opens are on screen.
    const more = file.getByRole('button', { name: 'More actions' });
    await expect(more).toBeInViewport({ ratio: 1 });
    await more.click();
    for (const action of ['Download', 'View', 'Rename', 'Delete']) {
      await expect(page.getByRole('menuitem', { name: action, exact: true }), action).toBeInViewport({ ratio: 1 });
    }
    await page.keyboard.press('Escape');
  });
});
