import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { TEST_IMAGE } from './docker';
import { expect, test } from './fixtures';

/** A light, steady load: some CPU, some memory, a little block I/O each second, without pinning a shared core. */
const WORK = 'while :; do dd if=/dev/zero of=/tmp/f bs=64k count=64 2>/dev/null; sync; i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; sleep 1; done';

async function openStats(page: Page, name: string) {
  await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(name);
  await page.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name, exact: true }).click();
  const details = page.getByRole('complementary', { name: `Details of ${name}` });
  await details.getByRole('tab', { name: 'Stats' }).click();
  return details;
}

async function scan(page: Page, selector: string) {
  const r = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** The width the chart's canvas is drawn at, in CSS pixels. */
const canvasWidth = (plot: Locator) => plot.locator('canvas').evaluate((c) => c.getBoundingClientRect().width);

test.describe('stats charts', () => {
  for (const choice of ['light', 'dark'] as const) {
    test(`at 1280×720 (${choice}) the charts show a time axis, values on hover and by keyboard, side and full page`, async ({ page, docker, prefix }, testInfo) => {
      // The host's CSP (no 'unsafe-eval') must not refuse anything the charts do.
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
      });
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.getByRole('combobox', { name: 'Theme' }).selectOption(choice);
      const name = `${prefix}charted`;
      await docker(['run', '-d', '--name', name, '--label', 'berth.test=charts', '--memory', '64m', TEST_IMAGE, 'sh', '-c', WORK]);
      const details = await openStats(page, name);

      const cpu = details.getByRole('img', { name: /^CPU chart: CPU \d/ });
      await expect(cpu).toBeVisible({ timeout: 15_000 });
      // The textual values stay: the caption and the chart's name carry the newest value.
      await expect(details.getByRole('figure', { name: /^Memory used \d/ })).toBeVisible();
      // The axes are canvas; their labels are in the chart's description, as drawn.
      await expect(cpu).toHaveAccessibleDescription(/Time axis .*now\. Value axis 0 %, .*%\./);
      const memory = details.getByRole('img', { name: /^Memory chart/ });
      await expect(memory).toHaveAccessibleDescription(/Value axis 0 B, .*MiB/);
      // The container has a memory limit: the chart names it and draws it as a line across the plot.
      await expect(details.getByRole('figure', { name: /^Memory/ })).toContainText('limit 64 MiB');
      await expect.poll(() => limitInk(memory)).toBeGreaterThan(0.3);
      // CPU has no limit line.
      expect(await limitInk(cpu)).toBeLessThan(0.1);
      await expect(details.getByRole('img', { name: /^Network chart: in \d.*B\/s, out \d.*B\/s$/ })).toBeVisible();

      // Keyboard: the chart takes focus; arrows move the inspected point and the value is announced.
      const status = details.getByRole('figure', { name: /^CPU/ }).getByRole('status');
      const tip = details.getByRole('tooltip');
      await cpu.focus();
      // A few samples first, so there is somewhere to move to (Home goes to the oldest).
      await expect
        .poll(async () => {
          await page.keyboard.press('Home');
          return secondsAgo(await status.textContent());
        }, { timeout: 20_000 })
        .toBeGreaterThanOrEqual(3);
      await expect(tip).toBeVisible();
      await page.keyboard.press('End');
      await expect(status).toHaveText(/^now \(\d\d:\d\d:\d\d\): CPU \d+(\.\d)? %$/);
      await page.keyboard.press('ArrowLeft');
      await expect(status).toHaveText(/^\u2212\d+ s \(\d\d:\d\d:\d\d\): CPU \d+(\.\d)? %$/);
      const one = clock(await status.textContent());
      await page.keyboard.press('ArrowLeft');
      await expect.poll(async () => clock(await status.textContent())).not.toBe(one);
      // Back again: the same sample (by its clock time; "seconds ago" grows as samples arrive).
      await page.keyboard.press('ArrowRight');
      await expect.poll(async () => clock(await status.textContent())).toBe(one);
      await page.keyboard.press('Escape');
      await expect(tip).toBeHidden();

      // Hover: a crosshair and a tooltip with the time and the value.
      const box = (await cpu.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
      await expect(tip).toBeVisible();
      await expect(tip).toContainText(/(now|\u2212\d+ s)\s*\d\d:\d\d:\d\d/);
      await expect(tip).toContainText(/CPU \d+(\.\d)? %/);
      await page.screenshot({ path: testInfo.outputPath(`stats-side-hover-${choice}.png`) });
      await page.mouse.move(0, 0);
      await expect(tip).toBeHidden();

      await scan(page, '.details');

      // The charts follow the pane's width: a wider pane, then the full page.
      const before = await canvasWidth(cpu);
      await page.getByRole('separator', { name: 'Resize details pane' }).focus();
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
      await expect.poll(() => canvasWidth(cpu)).toBeGreaterThan(before + 40);
      const sideWidth = await canvasWidth(cpu);
      await details.getByRole('button', { name: 'Widen to full page' }).click();
      await expect.poll(() => canvasWidth(cpu)).toBeGreaterThan(sideWidth + 200);
      const plotWidth = (await cpu.boundingBox())!.width;
      expect(Math.abs((await canvasWidth(cpu)) - plotWidth)).toBeLessThanOrEqual(2);
      const wide = (await cpu.boundingBox())!;
      await page.mouse.move(wide.x + wide.width * 0.95, wide.y + wide.height / 2);
      await expect(tip).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`stats-full-${choice}.png`) });
      await details.getByRole('img', { name: /^Block I\/O chart/ }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: testInfo.outputPath(`stats-full-lower-${choice}.png`) });
      await scan(page, '.details');
      expect(refused).toEqual([]);
    });
  }

  test('the charts re-read their colours when the theme changes', async ({ page, docker, prefix }) => {
    const name = `${prefix}themed`;
    await docker(['run', '-d', '--name', name, '--label', 'berth.test=charts', TEST_IMAGE, 'sh', '-c', WORK]);
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
    const details = await openStats(page, name);
    const cpu = details.getByRole('img', { name: /^CPU chart/ });
    await expect(cpu).toBeVisible({ timeout: 15_000 });
    // No memory limit on this container: no limit named, none drawn.
    const memory = details.getByRole('img', { name: /^Memory chart/ });
    await expect(details.getByRole('figure', { name: /^Memory/ })).not.toContainText('limit');
    expect(await limitInk(memory)).toBeLessThan(0.1);
    await expect.poll(() => axisInk(cpu)).not.toBe('');
    const light = await axisInk(cpu);
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    await expect.poll(() => axisInk(cpu)).not.toBe(light);
    // Dark: the axis labels are light ink on the dark panel.
    expect(brightness(await axisInk(cpu))).toBeGreaterThan(128);
    // "System" follows the system's scheme live, without a reload.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
    await expect.poll(async () => brightness(await axisInk(cpu))).toBeLessThan(128);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(async () => brightness(await axisInk(cpu))).toBeGreaterThan(128);
  });
});

/** "−12 s (21:15:03): …" → 12; "now (…)" → 0. */
function secondsAgo(text: string | null): number {
  const m = /^\u2212(\d+) s /.exec(text ?? '') ?? /^\u2212(\d+) min/.exec(text ?? '');
  return m ? Number(m[1]) : 0;
}

const clock = (text: string | null) => /\((\d\d:\d\d:\d\d)\)/.exec(text ?? '')?.[1];

/**
 * The share of the plot's width covered, on the canvas row that has the most
 * of them, by pixels of the limit colour (--chart-limit): ~0.45 for a dashed
 * line across the plot, ~0 without one.
 */
async function limitInk(plot: Locator): Promise<number> {
  return plot.locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const probe = document.createElement('span');
    probe.style.color = getComputedStyle(c).getPropertyValue('--chart-limit');
    document.body.append(probe);
    const [lr, lg, lb] = getComputedStyle(probe).color.match(/\d+/g)!.map(Number);
    probe.remove();
    const ctx = c.getContext('2d')!;
    const { data, width, height } = ctx.getImageData(0, 0, c.width, c.height);
    let best = 0;
    for (let y = 0; y < height; y++) {
      let n = 0;
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        if (data[i + 3]! > 200 && Math.abs(data[i]! - lr!) < 24 && Math.abs(data[i + 1]! - lg!) < 24 && Math.abs(data[i + 2]! - lb!) < 24) n++;
      }
      best = Math.max(best, n);
    }
    return best / width;
  });
}

const brightness = (rgb: string) => rgb.split(',').map(Number).reduce((a, b) => a + b, 0) / 3;

/** The colour of the darkest-or-lightest (most unlike the background) pixel in the y axis' label strip: the ink the labels are drawn in. */
async function axisInk(plot: Locator): Promise<string> {
  return plot.locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx) return '';
    // The y axis' labels sit left of its ticks (the axis is 70 px wide).
    const strip = ctx.getImageData(0, 0, Math.round(60 * devicePixelRatio), c.height).data;
    let best = '';
    let alpha = 0;
    for (let i = 0; i < strip.length; i += 4) {
      if (strip[i + 3]! > alpha) {
        alpha = strip[i + 3]!;
        best = `${strip[i]},${strip[i + 1]},${strip[i + 2]}`;
      }
    }
    return best;
  });
}
