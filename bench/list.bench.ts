/**
 * Containers table at scale. For 0, 100 and 1,000 extra containers:
 * - raw: GET /containers/json?all=1 straight from the engine (dockerode), median of 5;
 * - Berth: from the renderer opening containers.watch to the first rows painted in Chromium, and from
 *   the navigation itself (page load, session, WebSocket included); every clock stops after the frame
 *   that shows the rows is painted, not before its layout;
 * - rows in the DOM (the table is virtualised: stays ~40 whatever the count);
 * then event→row latency: the engine's start event → the row painted "running", one at a time and for a
 * burst of 50 started at once. Prints figures beside the native ones; fails when a result is missing.
 */
import Docker from 'dockerode';
import { execFile } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import { startServer } from '../e2e/server';

const IMAGE = 'berth-test/busybox:latest';
const LABEL = 'berth.bench=list';
const docker = new Docker();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function cleanup(): Promise<void> {
  const list = await docker.listContainers({ all: true, filters: { label: [LABEL] } });
  await pool(list.map((c) => () => docker.getContainer(c.Id).remove({ force: true })), 8);
}

async function pool(tasks: Array<() => Promise<unknown>>, n: number): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (i < tasks.length) await tasks[i++]!().catch(() => undefined);
  }));
}

async function ensureCount(prefix: string, n: number): Promise<void> {
  const have = (await docker.listContainers({ all: true, filters: { label: [LABEL] } })).length;
  const tasks = Array.from({ length: n - have }, (_, k) => () =>
    docker.createContainer({ Image: IMAGE, name: `${prefix}${String(have + k).padStart(4, '0')}`, Cmd: ['sleep', '3600'], Labels: { 'berth.bench': 'list' } }),
  );
  await pool(tasks, 8);
}

async function rawList(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await docker.listContainers({ all: true });
    times.push(performance.now() - t);
  }
  return median(times);
}

async function firstPaint(page: Page, url: string): Promise<{ paint: number; snapshot: number; fromNavigation: number; domRows: number; total: number }> {
  await page.goto('about:blank');
  await page.goto(url);
  const result = await page.evaluate(
    () =>
      new Promise<{ paint: number; snapshot: number; fromNavigation: number }>((resolve) => {
        const check = () => {
          const open = performance.getEntriesByName('berth:containers:open')[0];
          const connected = performance.getEntriesByName('berth:connected')[0];
          const snap = performance.getEntriesByName('berth:containers:snapshot')[0];
          // With no containers at all, the first paint is the empty-table message (not its "Waiting…" placeholder).
          const empty = document.querySelector('.table-scroll .empty');
          const row = document.querySelector('table[aria-label="Containers"] tbody tr[aria-rowindex]') ?? (empty && !/^Waiting/.test(empty.textContent ?? '') ? empty : null);
          if (open && connected && snap && row) {
            // The request leaves when the table asked for it and the connection is up, whichever is later.
            const sent = Math.max(open.startTime, connected.startTime);
            // The clock stops after the frame that shows the rows is painted: rAF runs before that frame's
            // style, layout and paint; a task posted from it runs after them.
            requestAnimationFrame(() => {
              const ch = new MessageChannel();
              ch.port1.onmessage = () => {
                const now = performance.now();
                resolve({ paint: now - sent, snapshot: snap.startTime - sent, fromNavigation: now });
              };
              ch.port2.postMessage(null);
            });
            return true;
          }
          return false;
        };
        if (check()) return;
        const mo = new MutationObserver(() => {
          if (check()) mo.disconnect();
        });
        // characterData too: the empty message changes its text in place, which is no childList change.
        mo.observe(document.body, { childList: true, subtree: true, characterData: true });
        setTimeout(() => resolve({ paint: NaN, snapshot: NaN, fromNavigation: NaN }), 30_000);
      }),
  );
  if (Number.isNaN(result.paint)) throw new Error(`the containers table never painted its first list within 30 s at ${url.replace(/#.*/, '')}`);
  const domRows = await page.locator('table[aria-label="Containers"] tbody tr[aria-rowindex]').count();
  const total = Number(await page.locator('table[aria-label="Containers"]').getAttribute('aria-rowcount')) - 1;
  return { ...result, domRows, total };
}

async function waitFor<T>(f: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no start event seen');
}

function cli(args: string[]): Promise<number> {
  const t = Date.now();
  return new Promise((resolve, reject) => execFile('docker', args, (e) => (e ? reject(e) : resolve(Date.now() - t))));
}

async function eventToRow(page: Page, prefix: string, samples: number): Promise<{ latencies: number[]; fromCli: number[]; cliTimes: number[] }> {
  await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(`${prefix}ev`);
  const latencies: number[] = [];
  const fromCli: number[] = [];
  const cliTimes: number[] = [];
  // The engine's own time of each start event: the latency that is Berth's is event → row.
  const events = await startEvents();
  const startTimes = events.times;
  for (let i = 0; i < samples; i++) {
    const name = `${prefix}ev${i}`;
    await docker.createContainer({ Image: IMAGE, name, Cmd: ['sleep', '3600'], Labels: { 'berth.bench': 'list' } });
    await page.getByRole('row', { name: new RegExp(name) }).waitFor();
    const seen = page.evaluate(
      (n) =>
        new Promise<number>((resolve) => {
          const done = () => {
            const row = [...document.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('th')?.textContent === n);
            if (row?.getAttribute('data-state') === 'running') {
              // After the frame that shows it is painted (see firstPaint).
              requestAnimationFrame(() => {
                const ch = new MessageChannel();
                ch.port1.onmessage = () => resolve(performance.timeOrigin + performance.now());
                ch.port2.postMessage(null);
              });
              return true;
            }
            return false;
          };
          if (done()) return;
          const mo = new MutationObserver(() => {
            if (done()) mo.disconnect();
          });
          mo.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-state'] });
        }),
      name,
    );
    const t0 = Date.now();
    cliTimes.push(await cli(['start', name]));
    const painted = await seen;
    fromCli.push(painted - t0);
    const ev = await waitFor(() => startTimes.get(name));
    latencies.push(painted - ev);
  }
  events.stop();
  return { latencies, fromCli, cliTimes };
}

/** The engine's own start-event times, by container name, from now on. */
async function startEvents(): Promise<{ times: Map<string, number>; stop(): void }> {
  const times = new Map<string, number>();
  const events = (await docker.getEvents({ filters: { type: ['container'], event: ['start'] } })) as unknown as NodeJS.ReadableStream;
  let buf = '';
  events.on('data', (chunk: Buffer) => {
    buf += chunk.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        const e = JSON.parse(line) as { Actor?: { Attributes?: { name?: string } }; timeNano?: number };
        if (e.Actor?.Attributes?.name && e.timeNano) times.set(e.Actor.Attributes.name, e.timeNano / 1e6);
      } catch {
        /* partial line */
      }
    }
  });
  return { times, stop: () => (events as unknown as { destroy(): void }).destroy() };
}

/**
 * A burst: `count` containers started by one `docker start` at once. For each, the engine's start event →
 * its row painted "running" (after the frame is painted). The window is made tall enough that every row of
 * the burst is in the DOM (the table is virtualised).
 */
async function burstToRows(page: Page, prefix: string, count: number): Promise<number[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}burst${String(i).padStart(2, '0')}`);
  await pool(names.map((name) => () => docker.createContainer({ Image: IMAGE, name, Cmd: ['sleep', '3600'], Labels: { 'berth.bench': 'list' } })), 8);
  await page.setViewportSize({ width: 1600, height: 60 * count + 400 });
  await page.getByRole('searchbox', { name: 'Filter containers by text' }).fill(`${prefix}burst`);
  for (const name of names) await page.getByRole('row', { name: new RegExp(name) }).waitFor();
  const events = await startEvents();
  const painted = page.evaluate(
    (wanted) =>
      new Promise<Record<string, number>>((resolve) => {
        const out: Record<string, number> = {};
        const pending = new Set(wanted);
        const scan = () => {
          for (const tr of document.querySelectorAll('tbody tr[data-state="running"]')) {
            const n = tr.querySelector('th')?.textContent ?? '';
            if (!pending.has(n)) continue;
            pending.delete(n);
            // After the frame that shows it is painted (see firstPaint).
            requestAnimationFrame(() => {
              const ch = new MessageChannel();
              ch.port1.onmessage = () => {
                out[n] = performance.timeOrigin + performance.now();
                if (Object.keys(out).length === wanted.length) resolve(out);
              };
              ch.port2.postMessage(null);
            });
          }
        };
        new MutationObserver(scan).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-state'] });
        setTimeout(() => resolve(out), 60_000);
      }),
    names,
  );
  await cli(['start', ...names]);
  const seen = await painted;
  events.stop();
  await page.setViewportSize({ width: 1600, height: 900 });
  const missing = names.filter((n) => seen[n] === undefined || events.times.get(n) === undefined);
  if (missing.length) throw new Error(`burst: ${missing.length} of ${count} rows never showed "running" (or their start event was not seen): ${missing.slice(0, 5).join(', ')}`);
  return names.map((n) => seen[n]! - events.times.get(n)!);
}

async function main(): Promise<void> {
  await cleanup();
  const prefix = `bench-list-${process.pid}-`;
  let server = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  // tsx keeps function names with a __name helper; functions sent to the page need it defined there too.
  await page.addInitScript('globalThis.__name = (f) => f');
  console.log('Containers table at scale (web host, Chromium, real engine)');
  console.log('cold = a fresh host (its first list); warm = a page reload on a running host (the store lingers 60 s)');
  console.log('times stop after the frame showing the rows is painted; "navigation→painted" counts the page load, session and WebSocket too');
  console.log('extra | total | raw GET /containers/json | cold: request→rows painted (snapshot in) | cold: navigation→painted | warm: request→rows painted | cold − raw | DOM rows');
  try {
    for (const n of [0, 100, 1000]) {
      await ensureCount(prefix, n);
      const raw = await rawList();
      const cold = [];
      for (let i = 0; i < 3; i++) {
        await server.stop();
        server = await startServer();
        cold.push(await firstPaint(page, server.loginUrl));
      }
      const warm = [];
      for (let i = 0; i < 3; i++) warm.push(await firstPaint(page, server.loginUrl));
      const coldPaint = median(cold.map((r) => r.paint));
      const snap = median(cold.map((r) => r.snapshot));
      const warmPaint = median(warm.map((r) => r.paint));
      const coldNav = median(cold.map((r) => r.fromNavigation));
      const last = warm.at(-1)!;
      console.log(
        `${String(n).padStart(5)} | ${String(last.total).padStart(5)} | ${ms(raw).padStart(10)} | ${ms(coldPaint).padStart(10)} (${ms(snap)}) | ${ms(coldNav).padStart(10)} | ${ms(warmPaint).padStart(10)} | ${ms(coldPaint - raw).padStart(10)} | ${last.domRows}`,
      );
    }
    const { latencies, fromCli, cliTimes } = await eventToRow(page, prefix, 20);
    console.log(
      `event→row (engine's start event → row painted "running", 1,000+ containers on the engine): p50 ${ms(pct(latencies, 50))}, p95 ${ms(pct(latencies, 95))}, max ${ms(Math.max(...latencies))}`,
    );
    console.log(
      `  for reference: "docker start" issued → row painted p50 ${ms(pct(fromCli, 50))}, p95 ${ms(pct(fromCli, 95))}; the docker CLI call itself took p50 ${ms(pct(cliTimes, 50))}`,
    );
    const burst = await burstToRows(page, prefix, 50);
    console.log(
      `event→row for a burst (50 containers started by one docker start): p50 ${ms(pct(burst, 50))}, p95 ${ms(pct(burst, 95))}, max ${ms(Math.max(...burst))}`,
    );
    console.log('targets: first paint ≤ raw + 100 ms at 1,000; event→row p95 ≤ 250 ms; ≤ ~60 rows in the DOM');
  } finally {
    await browser.close();
    await server.stop();
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
