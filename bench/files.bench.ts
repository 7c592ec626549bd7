/**
 * File transfer (issue 5). Prints figures beside the docker CLI's / the raw Engine API's, with ratios; asserts nothing.
 *
 * 1. Upload: a zip sent through the real service (RPC over the in-memory pair: the ranges it asks for pushed
 *    with credit — the tail, checked, then the body streamed zip→tar to the engine) against `docker cp` of the
 *    same content unpacked in a folder — one 256 MiB file, and 10,000 files of 4 KiB.
 * 2. Download: the folder as a zip through the service's download stream against a raw archive GET (tar).
 * 3. Peak RSS growth of this process (which runs the services and the pushing client) over each run.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { BUSYBOX, docker, harness, type Harness } from '../electron/services/files/int.testkit';

const BIG = Number(process.env.BENCH_FILES_BIG_MB ?? 256) * 1024 * 1024;
const SMALL_COUNT = Number(process.env.BENCH_FILES_SMALL ?? 10_000);
const SMALL_SIZE = 4096;
const PAUSE_MS = 5000;
const RUNS = Number(process.env.BENCH_FILES_RUNS ?? 3);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (x: number) => `${(x / 1024 / 1024).toFixed(1)} MB`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function time(cmd: string, args: string[]): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => execFile(cmd, args, { maxBuffer: 1 << 26 }, (e, _o, err) => (e ? reject(new Error(err || e.message)) : resolve(performance.now() - t))));
}

/** Samples RSS while `fn` runs; returns its time and the peak growth over the RSS before it. */
async function measured<T>(fn: () => Promise<T>): Promise<{ ms: number; rssGrowth: number; value: T }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const t = performance.now();
  try {
    const value = await fn();
    return { ms: performance.now() - t, rssGrowth: peak - base, value };
  } finally {
    clearInterval(timer);
  }
}

async function makeZip(dir: string, names: string[], out: string): Promise<void> {
  const z = new yazl.ZipFile();
  // Stored: the data are random (incompressible), as zip tools store such files too.
  for (const n of names) z.addReadStream(createReadStream(join(dir, n)), n, { compress: false, mode: 0o100644 });
  z.end();
  await pipeline(z.outputStream, createWriteStream(out));
}

/** Uploads a zip as the renderer does: answers the service's `need` events with the asked ranges, in 1 MiB chunks. */
async function uploadZip(h: Harness, id: string, zipPath: string, size: number, target: string): Promise<number> {
  const fh = await open(zipPath, 'r');
  let phase = '';
  let t0 = performance.now();
  let checked = 0;
  const needs: Array<{ offset: number; length: number }> = [];
  let wake: (() => void) | undefined;
  let ended = false;
  await new Promise<void>((resolve, reject) => {
    const ch = h.client.open('files.upload', { id, target, conflict: 'overwrite', source: { kind: 'zip', name: 'bench.zip', size } }, {
      onEvent: (e) => {
        if (e.type === 'need') {
          needs.push(e);
          wake?.();
        }
        if (e.type === 'progress' && e.phase !== phase) {
          if (process.env.BENCH_FILES_PHASES) console.log(`  ${phase} ${(performance.now() - t0).toFixed(0)} ms`);
          phase = e.phase;
          t0 = performance.now();
          if (phase === 'writing') checked = t0;
        }
      },
      onEnd: (e) => {
        ended = true;
        wake?.();
        if (e) reject(e);
        else resolve();
      },
    });
    void (async () => {
      while (!ended) {
        const n = needs.shift();
        if (!n) {
          await new Promise<void>((r) => (wake = r));
          continue;
        }
        // Reads one chunk ahead, as the renderer does. A fresh buffer per chunk: the channel keeps the bytes
        // until the (in-memory) transport delivers them.
        const end = n.offset + n.length;
        const read = (off: number) => {
          const buf = Buffer.allocUnsafe(Math.min(1024 * 1024, end - off));
          return fh.read(buf, 0, buf.length, off).then(({ bytesRead }) => buf.subarray(0, bytesRead));
        };
        let next: Promise<Buffer> | undefined = read(n.offset);
        for (let off = n.offset; next; ) {
          const buf: Buffer = await next;
          off += buf.length;
          next = off < end && buf.length > 0 ? read(off) : undefined;
          await ch.push({ t: 'chunk' }, buf);
        }
      }
    })().catch(reject);
  });
  await fh.close();
  return performance.now() - checked;
}

async function drain(stream: Readable): Promise<number> {
  let n = 0;
  for await (const c of stream as AsyncIterable<Buffer>) n += c.length;
  return n;
}

async function main() {
  const h = await harness('files-bench');
  const work = mkdtempSync(join(tmpdir(), 'berth-files-bench-'));
  const rows: string[][] = [];
  try {
    const id = await h.container(BUSYBOX);
    await docker('exec', id, 'mkdir', '-p', '/bench');

    // Content on disk, once.
    const bigDir = join(work, 'big');
    mkdirSync(bigDir);
    const ws = createWriteStream(join(bigDir, 'file.bin'));
    for (let off = 0; off < BIG; off += 1 << 20) if (!ws.write(randomBytes(Math.min(1 << 20, BIG - off)))) await new Promise<void>((r) => ws.once("drain", () => r()));
    await new Promise<void>((r) => ws.end(() => r()));
    await makeZip(bigDir, ['file.bin'], join(work, 'big.zip'));

    const smallDir = join(work, 'small');
    const smallNames: string[] = [];
    for (let d = 0; d < SMALL_COUNT / 100; d++) {
      mkdirSync(join(smallDir, `d${d}`), { recursive: true });
      for (let f = 0; f < 100; f++) {
        const n = `d${d}/f${f}.bin`;
        writeFileSync(join(smallDir, n), randomBytes(SMALL_SIZE));
        smallNames.push(n);
      }
    }
    await makeZip(smallDir, smallNames, join(work, 'small.zip'));
    const zipSize = async (p: string) => (await open(p, 'r').then(async (f) => ((await f.stat()).size + (await f.close(), 0))));

    // 1. uploads: docker cp and ours alternate, each into a fresh folder, removed (with a pause) after.
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    for (const [label, dir, zip, keep] of [
      [`${BIG / 1024 / 1024} MiB file`, bigDir, join(work, 'big.zip'), '/bench/up-big'],
      [`${SMALL_COUNT} × 4 KiB`, smallDir, join(work, 'small.zip'), '/bench/up-small'],
    ] as const) {
      const size = await zipSize(zip);
      const cps: number[] = [];
      const totals: number[] = [];
      const services: number[] = [];
      let rss = 0;
      for (let i = 0; i < RUNS; i++) {
        cps.push(await time('docker', ['cp', dir, `${id}:/bench/cp`]));
        await docker('exec', id, 'rm', '-rf', '/bench/cp');
        await sleep(PAUSE_MS);
        await docker('exec', id, 'mkdir', '-p', '/bench/up');
        const ours = await measured(() => uploadZip(h, id, zip, size, '/bench/up'));
        totals.push(ours.ms);
        services.push(ours.value);
        rss = Math.max(rss, ours.rssGrowth);
        if (i < RUNS - 1) {
          await docker('exec', id, 'rm', '-rf', '/bench/up');
          await sleep(PAUSE_MS);
        }
      }
      const cp = median(cps);
      rows.push([`upload ${label} (whole, incl. RPC transfer)`, s(median(totals)), s(cp), ratio(median(totals), cp), mb(rss), '≤ 1.1×']);
      rows.push([`  of which the write (body streamed to the engine)`, s(median(services)), s(cp), ratio(median(services), cp), '', '']);
      await docker('exec', id, 'mv', '/bench/up', keep);
      await sleep(PAUSE_MS);
    }

    // 2. downloads (the uploaded folders): raw GET and ours alternate.
    for (const [label, path] of [
      [`${BIG / 1024 / 1024} MiB file`, '/bench/up-big'],
      [`${SMALL_COUNT} × 4 KiB`, '/bench/up-small'],
    ] as const) {
      const raws: number[] = [];
      const ourss: number[] = [];
      let rss = 0;
      for (let i = 0; i < RUNS; i++) {
        raws.push((await measured(async () => drain(await h.services.engine.port.getArchive(id, path)))).ms);
        const ours = await measured(async () => {
          const t = await h.client.call('files.download', { id, path, asZip: true });
          const src = h.services.downloads.take(t.url.split('/').pop()!);
          return drain(await src.open(new AbortController().signal));
        });
        ourss.push(ours.ms);
        rss = Math.max(rss, ours.rssGrowth);
      }
      rows.push([`download ${label} as zip`, s(median(ourss)), s(median(raws)), ratio(median(ourss), median(raws)), mb(rss), '≤ 1.5×']);
    }
  } finally {
    await h.dispose();
    rmSync(work, { recursive: true, force: true });
  }

  const head = ['case', 'Berth', 'reference (docker cp / raw GET)', 'ratio', 'peak RSS growth', 'target'];
  console.log(`(medians of ${RUNS} alternating runs)`);
  const widths = head.map((_, i) => Math.max(head[i]!.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log('\nfiles (issue 5): zip upload vs docker cp, folder download as zip vs raw archive GET');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log('(RSS target: growth under 64 MB)');
}

await main();
