/**
 * Terminal throughput and latency, beside the native tool in the same run.
 *
 * Path measured: exec TTY → our session (batching, replay, flow control) →
 * RPC server → in-memory transport → RPC client, acked on receipt. It does not
 * include the WebSocket hop nor xterm's parser (the browser path is measured by
 * hand; see the report). Native reference: `docker exec -t … cat` inside a pty
 * relay (`script`), output discarded.
 *
 * Run: npx tsx bench/terminals.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { harness, removeTestContainers, startContainer, docker, type Harness } from '../electron/services/terminals/testkit';

const NAME = `berth-bench-term-${process.pid}`;
const SIZE_MB = Number(process.env.BENCH_TERM_MB ?? 50);
const enc = new TextEncoder();

function openSession(h: Harness, id: string) {
  const s = { bytes: 0, tail: '', listeners: new Set<() => void>() };
  const ch = h.client.open('terminals.stream', { id, replay: true }, {
    onEvent(ev, bytes) {
      if (ev.type !== 'data' || !bytes) return;
      s.bytes += bytes.byteLength;
      s.tail = (s.tail + Buffer.from(bytes.subarray(Math.max(0, bytes.byteLength - 256))).toString('latin1')).slice(-256);
      s.listeners.forEach((l) => l());
    },
  });
  const waitFor = (test: () => boolean, ms = 120_000, what = 'output') =>
    new Promise<void>((resolve, reject) => {
      if (test()) return resolve();
      const t = setTimeout(() => (s.listeners.delete(check), reject(new Error(`bench: timed out waiting for ${what}; tail ${JSON.stringify(s.tail.slice(-80))}`))), ms);
      const check = () => {
        if (test()) {
          clearTimeout(t);
          s.listeners.delete(check);
          resolve();
        }
      };
      s.listeners.add(check);
    });
  return { s, ch, type: (t: string) => ch.push({ type: 'input' }, enc.encode(t)), waitFor };
}

const pct = (xs: number[], p: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function main() {
  await removeTestContainers();
  await startContainer(NAME);
  await docker('exec', NAME, 'sh', '-c', `yes "terminal benchmark line of text 0123456789 abcdefghijklmnopqrstuvwxyz" | head -c ${SIZE_MB * 1_000_000} > /tmp/big`);
  const h = await harness();
  try {
    const shell = () => h.client.call('terminals.create', { kind: 'exec', container: NAME, cols: 200, rows: 50 });

    // Native: docker exec -t into a pty relay.
    const nativeRuns: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      execFileSync('script', ['-qfc', `docker exec -t ${NAME} cat /tmp/big`, '/dev/null'], { stdio: ['ignore', 'ignore', 'ignore'] });
      nativeRuns.push(performance.now() - t0);
    }
    const nativeMs = Math.min(...nativeRuns);

    // Ours: cat through a TTY session to the client.
    const oursRuns: number[] = [];
    for (let i = 0; i < 2; i++) {
      const info = await shell();
      const t = openSession(h, info.id);
      await t.waitFor(() => t.s.tail.includes('# '));
      const start = t.s.bytes;
      const t0 = performance.now();
      await t.type('cat /tmp/big; echo "CAT""-DONE"\r');
      await t.waitFor(() => t.s.tail.includes('CAT-DONE'));
      const ms = performance.now() - t0;
      oursRuns.push(ms);
      if (t.s.bytes - start < SIZE_MB * 1_000_000) throw new Error('bench: fewer bytes than the file');
      t.ch.close();
      await h.client.call('terminals.close', { id: info.id });
    }
    const oursMs = Math.min(...oursRuns);

    // Keystroke echo while another session floods (yes), both consumed.
    const flood = openSession(h, (await shell()).id);
    await flood.waitFor(() => flood.s.tail.includes('# '));
    await flood.type('yes\r');
    await flood.waitFor(() => flood.s.bytes > 1_000_000);
    const echoInfo = await shell();
    const echo = openSession(h, echoInfo.id);
    await echo.waitFor(() => echo.s.tail.includes('# '));
    const echoes: number[] = [];
    for (let i = 0; i < 60; i++) {
      const before = echo.s.bytes;
      const t0 = performance.now();
      await echo.type('x');
      await echo.waitFor(() => echo.s.bytes > before, 5_000);
      echoes.push(performance.now() - t0);
      await echo.type('\x7f');
      await new Promise((r) => setTimeout(r, 20));
    }
    // Ctrl+C in the flooding session until its prompt is back.
    await flood.type('\x03');
    const c0 = performance.now();
    await flood.waitFor(() => /\^C[\s\S]*# /.test(flood.s.tail), 10_000, "the prompt after Ctrl+C");
    const ctrlC = performance.now() - c0;

    const mbps = (ms: number) => (SIZE_MB / (ms / 1000)).toFixed(1);
    console.log(`terminals: cat of ${SIZE_MB} MB through a TTY (best of 2)`);
    console.log(`  native docker exec -t | script relay : ${nativeMs.toFixed(0)} ms  ${mbps(nativeMs)} MB/s`);
    console.log(`  berth session → RPC client (memory)  : ${oursMs.toFixed(0)} ms  ${mbps(oursMs)} MB/s  ratio ${(nativeMs / oursMs).toFixed(2)}× native throughput`);
    console.log(`terminals: keystroke echo during a yes flood in another session: p50 ${pct(echoes, 50).toFixed(1)} ms, p95 ${pct(echoes, 95).toFixed(1)} ms (target p95 < 50 ms)`);
    console.log(`terminals: Ctrl+C to prompt during a yes flood: ${ctrlC.toFixed(0)} ms (target < 300 ms)`);
  } finally {
    await h.client.call('terminals.list', {}).then((l) => Promise.all(l.map((s) => h.client.call('terminals.close', { id: s.id })))).catch(() => undefined);
    await h.dispose();
    await removeTestContainers();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
