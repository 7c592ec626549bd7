/**
 * Logs and stats at scale (issue 6). Prints figures beside the docker CLI's, with ratios; asserts nothing.
 *
 * 1. A container with 1,000,000 log lines:
 *    - service side (the real handlers over the in-memory RPC pair, acking as a renderer does):
 *      time to the first window of lines for the default view (last 1,000) and for the whole log,
 *      time to stream all 1,000,000 lines, peak RSS growth;
 *    - docker CLI: `docker logs --tail 1000`, time to the first byte and to the end of `docker logs`;
 *    - in Chromium against the web host: Logs tab to first lines painted, "Whole log" to first
 *      lines and to the end, JS heap afterwards (the view keeps a bounded window).
 * 2. Stats for 100 running containers (what the table's CPU/Memory columns ask for when 100 rows are
 *    visible): CPU of the services process and of dockerd over 10 s, against `docker stats` for the same
 *    containers, and against the services with nothing subscribed.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { startServer } from '../e2e/server';
import { BUSYBOX, docker, harness } from '../electron/services/logs/int.testkit';

const LINES = 1_000_000;
const STATS_CONTAINERS = Number(process.env.BENCH_STATS_CONTAINERS ?? 100);
const WINDOW_S = 10;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const mb = (x: number) => `${(x / 1024 / 1024).toFixed(1)} MB`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

function sh(cmd: string): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) =>
    execFile('sh', ['-c', cmd], { maxBuffer: 1 << 30 }, (e) => (e ? reject(e) : resolve(performance.now() - t))),
  );
}

function firstByte(args: string[]): Promise<{ first: number; total: number }> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const p = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let first = 0;
    const on = () => {
      if (!first) first = performance.now() - t;
    };
    p.stdout.on('data', on);
    p.stderr.on('data', on);
    p.on('error', reject);
    p.on('close', () => resolve({ first, total: performance.now() - t }));
  });
}

/** CPU seconds (user+system) a process has used, from /proc. */
function cpuOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

function dockerdPid(): number | undefined {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'dockerd') return Number(pid);
    } catch {
      /* gone */
    }
  }
  return undefined;
}

async function pool<T>(tasks: Array<() => Promise<T>>, n: number): Promise<T[]> {
  const out: T[] = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < tasks.length) {
        const k = i++;
        out[k] = await tasks[k]!();
      }
    }),
  );
  return out;
}

/** Ends a child: SIGTERM, then SIGKILL if it is still there after 2 s; resolves when it has exited. */
async function endProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

async function main() {
  const h = await harness('bench-logs');
  try {
    // ---------- 1. a million log lines ----------
    const id = await docker('run', '-d', '--label', h.label, BUSYBOX, 'sh', '-c', `seq 1 ${LINES}; exec sleep 3600`);
    for (let i = 0; i < 600; i++) {
      if ((await docker('logs', '--tail', '1', id)).trim() === String(LINES)) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    const serviceRun = (tail: number | 'all') =>
      new Promise<{ first: number; total: number; lines: number; peakRss: number }>((resolve, reject) => {
        const t = performance.now();
        const rss0 = process.memoryUsage().rss;
        let peak = rss0;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
        let first = 0;
        let lines = 0;
        h.client.open('logs.stream', { ids: [id], tail, follow: false }, {
          onEvent(ev) {
            if (ev.type === 'lines') {
              lines += ev.count;
              if (!first && lines >= Math.min(50, typeof tail === 'number' ? tail : 50)) first = performance.now() - t;
            }
          },
          onEnd(err) {
            clearInterval(sampler);
            if (err) reject(err);
            else resolve({ first, total: performance.now() - t, lines, peakRss: peak - rss0 });
          },
        });
      });

    await serviceRun(1000); // warm-up
    const svcTail = await serviceRun(1000);
    const svcAll = await serviceRun('all');
    const cliTail = await sh(`docker logs --tail 1000 ${id} >/dev/null 2>&1`);
    const cliAll = await firstByte(['logs', id]);
    const cliAllTs = await firstByte(['logs', '-t', id]);

    console.log(`\nLogs of a container with ${LINES.toLocaleString()} lines`);
    console.log(`  last 1,000 lines, first lines  Berth service ${ms(svcTail.first)}`);
    console.log(`  last 1,000 lines, complete     Berth service ${ms(svcTail.total)} | docker logs --tail 1000 ${ms(cliTail)} | ratio ${ratio(svcTail.total, cliTail)}`);
    console.log(`  whole log, first lines         Berth service ${ms(svcAll.first)} | docker logs first byte ${ms(cliAll.first)} | ratio ${ratio(svcAll.first, cliAll.first)}`);
    console.log(
      `  whole log, all ${svcAll.lines.toLocaleString()} lines   Berth service ${ms(svcAll.total)} | docker logs ${ms(cliAll.total)} (with -t ${ms(cliAllTs.total)}) | ratio vs -t ${ratio(svcAll.total, cliAllTs.total)}`,
    );
    console.log(`  service peak RSS growth while streaming the whole log: ${mb(svcAll.peakRss)} (flow control: the engine stream pauses while the client is behind)`);

    // In Chromium, against the web host.
    try {
      const server = await startServer();
      const browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Performance.enable');
        await page.goto(server.loginUrl);
        const name = (await docker('inspect', '-f', '{{.Name}}', id)).replace(/^\//, '');
        await page.getByRole('button', { name, exact: true }).click();
        const details = page.getByRole('complementary', { name: `Details of ${name}` });
        await details.getByRole('tab', { name: 'Overview' }).waitFor();
        // In-page code is passed as source text: tsx would otherwise inject its helpers into the functions.
        const tabFirst = (await page.evaluate(`new Promise((resolve) => {
          const t = performance.now();
          const tab = [...document.querySelectorAll('[role=tab]')].find((b) => b.textContent === 'Logs');
          tab.click();
          const check = () => {
            // The view follows: the log's last line is painted once the first screen is there.
            const last = [...document.querySelectorAll('[role=log] .log-line')].some((l) => l.textContent.trim() === '${LINES}');
            if (last) requestAnimationFrame(() => resolve(performance.now() - t));
            else requestAnimationFrame(check);
          };
          check();
        })`)) as number;
        const statusText = () => details.getByRole('status').first().textContent();
        // Watch from inside the page: first the view restarting ("Loading"), then its first lines, then the end.
        await page.evaluate(`(() => {
          const w = window;
          w.__bench = { start: performance.now(), loading: false, first: 0, done: 0 };
          const check = () => {
            const s = document.querySelector('.logs-status')?.textContent ?? '';
            if (!w.__bench.loading) w.__bench.loading = s.startsWith('Loading');
            else {
              const m = /·\\s*([\\d,]+) lines/.exec(s);
              const n = m ? Number(m[1].replace(/,/g, '')) : 0;
              if (!w.__bench.first && n > 0) w.__bench.first = performance.now() - w.__bench.start;
              if (/^(Following|Loaded)/.test(s)) { w.__bench.done = performance.now() - w.__bench.start; return; }
            }
            requestAnimationFrame(check);
          };
          check();
        })()`);
        await details.getByRole('combobox', { name: 'How many lines' }).selectOption('all');
        // Polled from here: waitForFunction would evaluate a string in the page, which the app's CSP forbids.
        for (let i = 0; i < 2400 && !((await page.evaluate('window.__bench.done')) as number); i++) await new Promise((r) => setTimeout(r, 250));
        const { first: wholeFirst, done: wholeTotal } = (await page.evaluate('({ ...window.__bench })')) as { first: number; done: number };
        const heap = ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) as number;
        const domLines = await page.locator('[role=log] .log-line').count();
        console.log(`  in Chromium: Logs tab → first lines painted ${ms(tabFirst)} (last 1,000 lines)`);
        console.log(`  in Chromium: "Whole log" → first lines painted ${ms(wholeFirst)}, all ${LINES.toLocaleString()} lines through ${ms(wholeTotal)}`);
        console.log(`  in Chromium: JS heap after the whole log ${mb(heap)}; ${domLines} line rows in the DOM (virtualised); status: ${await statusText()}`);
      } finally {
        await browser.close();
        await server.stop();
      }
    } catch (e) {
      console.log(`  in Chromium: skipped (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    }
    await docker('rm', '-f', id);

    // ---------- 2. stats for 100 running containers ----------
    const ids = await pool(
      Array.from({ length: STATS_CONTAINERS }, () => () => docker('run', '-d', '--label', h.label, BUSYBOX, 'sleep', '3600')),
      4,
    );
    const dpid = dockerdPid();
    const measure = async () => {
      const c0 = process.cpuUsage();
      const d0 = dpid ? cpuOf(dpid) : 0;
      const t = performance.now();
      await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
      const secs = (performance.now() - t) / 1000;
      const c = process.cpuUsage(c0);
      return { svc: ((c.user + c.system) / 1e6 / secs) * 100, dockerd: dpid ? ((cpuOf(dpid) - d0) / secs) * 100 : NaN };
    };
    await new Promise((r) => setTimeout(r, 2000));
    const idle = await measure();

    let samples = 0;
    const seen = new Set<string>();
    const ch = h.client.open('stats.watch', { ids }, {
      onEvent(ev) {
        if (ev.type === 'samples') {
          samples += ev.samples.length;
          ev.samples.forEach((s) => seen.add(s.id));
        }
      },
    });
    const warm = Date.now();
    while (seen.size < ids.length && Date.now() - warm < 60_000) await new Promise((r) => setTimeout(r, 200));
    const streams = h.services.statsHub.openStreams;
    samples = 0;
    const withStats = await measure();
    const samplesPerSec = samples / WINDOW_S;
    ch.close();
    await new Promise((r) => setTimeout(r, 4000));
    const afterClose = h.services.statsHub.openStreams;

    // docker stats for the same containers, in the same run.
    const cli = spawn('docker', ['stats', '--format', '{{.ID}} {{.CPUPerc}} {{.MemUsage}}', ...ids], { stdio: ['ignore', 'ignore', 'ignore'] });
    await new Promise((r) => setTimeout(r, 5000));
    const cliC0 = cpuOf(cli.pid!);
    const cliD0 = dpid ? cpuOf(dpid) : 0;
    const tc = performance.now();
    await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
    const secs = (performance.now() - tc) / 1000;
    const cliCpu = ((cpuOf(cli.pid!) - cliC0) / secs) * 100;
    const cliDockerd = dpid ? ((cpuOf(dpid) - cliD0) / secs) * 100 : NaN;
    // The CLI ignores SIGTERM while it streams: end it by its pid, with SIGKILL after a grace period.
    await endProcess(cli);

    const pctf = (x: number) => `${x.toFixed(1)} %`;
    console.log(`\nStats for ${ids.length} running containers (CPU as % of one core, over ${WINDOW_S} s)`);
    console.log(`  Berth services, nothing subscribed          ${pctf(idle.svc)} (dockerd ${pctf(idle.dockerd)})`);
    console.log(
      `  Berth services, ${ids.length} containers streamed     ${pctf(withStats.svc)} (dockerd ${pctf(withStats.dockerd)}); ${streams} engine streams; ${samplesPerSec.toFixed(0)} samples/s reach the client in ${(1000 / 500).toFixed(0)} coalesced events/s`,
    );
    console.log(`  docker stats, same ${ids.length} containers          ${pctf(cliCpu)} (dockerd ${pctf(cliDockerd)}) | ratio Berth/CLI ${ratio(withStats.svc, cliCpu)}`);
    console.log(`  engine streams still open 4 s after the view closed: ${afterClose}`);
  } finally {
    await h.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
