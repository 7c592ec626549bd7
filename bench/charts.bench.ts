/**
 * Stats charts: our SVG polyline against uPlot, in real Chromium, for 120 and
 * 3,600 points (two minutes and an hour at one sample a second):
 * - create: construct the chart and reach the next frame;
 * - update: script time of one slide by a sample (median and p95 of 60), and
 *   the main thread's whole work per update (script, style, layout, paint) from
 *   Chromium's own metrics;
 * - bundle: what uPlot adds to the renderer, minified and gzipped.
 * Prints figures; asserts nothing (benchmarks are not tests).
 */
import { chromium, type CDPSession } from '@playwright/test';
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const ms = (x: number) => `${x.toFixed(2)} ms`;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

async function bundle(entry: string, minify: boolean): Promise<string> {
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', minify, target: 'es2022', logLevel: 'silent' });
  return out.outputFiles[0]!.text;
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

async function main() {
  const page = fileURLToPath(new URL('./charts-page.ts', import.meta.url));
  const script = await bundle(page, true);
  const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');

  const uplotOnly = await build({ stdin: { contents: "import uPlot from 'uplot'; globalThis.uPlot = uPlot;", loader: 'js', resolveDir: process.cwd() }, bundle: true, write: false, minify: true, format: 'esm', logLevel: 'silent' });
  const js = uplotOnly.outputFiles[0]!.contents;
  console.log(`bundle: uPlot adds ${kib(js.length)} minified, ${kib(gzipSync(js).length)} gzipped JS; CSS ${kib(css.length)} (${kib(gzipSync(css).length)} gzipped)`);

  const exe = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox', '--disable-gpu'] });
  const tab = await browser.newPage({ viewport: { width: 900, height: 600 } });
  await tab.setContent(`<!doctype html><html><head><style>${css}</style></head><body></body></html>`);
  await tab.addScriptTag({ content: script });
  const cdp = await tab.context().newCDPSession(tab);
  await cdp.send('Performance.enable');
  const UPDATES = 60;
  console.log('\nchart   points  create     update (script) median / p95   main thread per update');
  for (const n of [120, 3600]) {
    for (const kind of ['svg', 'uplot'] as const) {
      // One warm-up run so both are measured with the code already compiled.
      await tab.evaluate(([k, m]) => (window as unknown as { chartBench: (k: string, n: number, u: number) => Promise<unknown> }).chartBench(k, m, 5), [kind, n] as const);
      const before = await taskSeconds(cdp);
      const r = await tab.evaluate(
        ([k, m, u]) => (window as unknown as { chartBench: (k: string, n: number, u: number) => Promise<{ createMs: number; updateMs: number[] }> }).chartBench(k, m, u),
        [kind, n, UPDATES] as const,
      );
      const task = ((await taskSeconds(cdp)) - before) * 1000;
      console.log(
        `${kind.padEnd(7)} ${String(n).padStart(6)}  ${ms(r.createMs).padStart(9)}  ${ms(median(r.updateMs)).padStart(9)} / ${ms(pct(r.updateMs, 95)).padStart(9)}   ${ms(task / (UPDATES + 1))}`,
      );
    }
  }
  await browser.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
