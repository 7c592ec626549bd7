import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { createClient } from '../../shared/rpc/client';
import { MAX_PUSH_BYTES } from '../../shared/rpc/flow';
import type { ClientFrame, ServerFrame } from '../../shared/rpc/frames';
import { CloseCode, ConnectionLimits } from '../../shared/rpc/limits';
import { dockerCli, removeLabelled, TEST_IMAGE } from '../services/testing/docker-cli';
import { connectNodeClient } from './ws-client';

/**
 * The built web host, as `npm run serve` runs it, in its own process against
 * the real engine, played against misbehaving clients; its peak RSS (VmHWM)
 * is read from /proc and printed.
 */
const AREA = 'server';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(ROOT, 'dist', `bounds-host-${process.pid}`);
const MiB = 1024 * 1024;
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await tick(25);
}

function status(pid: number): { rss: number; hwm: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}
const openFds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const mib = (n: number) => `${(n / MiB).toFixed(0)} MiB`;

describe('the built web host under misbehaving clients', () => {
  let child: ChildProcess;
  let base = '';
  let container = '';
  let out = '';
  const token = randomBytes(16).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-bounds-'));
  const figures: string[] = [];
  let startRss = 0;

  const connect = async () => {
    const t = await connectNodeClient(`${base.replace('http', 'ws')}api/ws`, { authorization: `Bearer ${token}`, origin: base.slice(0, -1) });
    const frames: ServerFrame[] = [];
    t.onMessage((env) => frames.push(env.frame));
    const closed = new Promise<number>((resolve) => t.ws.on('close', (code) => resolve(code)));
    const raw = (frame: ClientFrame, bytes?: Uint8Array) => t.send(bytes ? { frame, bytes } : { frame });
    return { t, frames, closed, raw, client: createClient(contract, t) };
  };

  beforeAll(async () => {
    await removeLabelled(AREA);
    container = await dockerCli(['run', '-d', '--label', `berth.test=${AREA}`, TEST_IMAGE, 'sh', '-c', 'while true; do echo tick; sleep 1; done']);
    await build({
      entryPoints: { server: join(ROOT, 'electron/server/main.ts') },
      outdir: OUT,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      outExtension: { '.js': '.cjs' },
      logLevel: 'warning',
    });
    child = spawn(process.execPath, [join(OUT, 'server.cjs'), '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, BERTH_TOKEN: token, BERTH_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => /Berth is serving at (http:\/\/\S+)/.test(out));
    base = /Berth is serving at (http:\/\/\S+)/.exec(out)![1]!;
    const c = await connect();
    // The engine connects just after the host listens.
    for (let i = 0; i < 100; i++) {
      if (await c.client.call('containers.list', {}).then(() => true, () => false)) break;
      await tick(100);
    }
    c.t.ws.close();
    await tick(200);
    startRss = status(child.pid!).rss;
    figures.push(`started: RSS ${mib(startRss)}`);
  });

  afterAll(async () => {
    const s = child?.pid ? status(child.pid) : undefined;
    if (s) figures.push(`end: RSS ${mib(s.rss)}, peak (VmHWM) ${mib(s.hwm)}`);
    console.log(`[bounds] web host memory under misbehaving clients:\n  ${figures.join('\n  ')}`);
    child?.kill('SIGTERM');
    await tick(300);
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(OUT, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
    await removeLabelled(AREA);
  });

  it('pushes into a terminal without waiting: 15 MB pushes are refused, a flood of 1 MiB pushes is disconnected', async () => {
    const c = await connect();
    const session = await c.client.call('terminals.create', { kind: 'exec', container, shell: 'sh', cols: 80, rows: 24 });
    c.raw({ t: 'open', id: 100_000, channel: 'terminals.stream', input: { id: session.id, replay: false } });
    const big = new Uint8Array(15_000_000).fill(0x61);
    for (let i = 0; i < 40; i++) c.raw({ t: 'push', id: 100_000, value: { type: 'input' } }, big);
    await until(() => c.frames.some((f) => f.t === 'end' && f.id === 100_000), 30_000);
    expect(c.frames).toContainEqual(expect.objectContaining({ t: 'end', id: 100_000, error: expect.objectContaining({ code: 'too-large' }) }));
    figures.push(`after 40 × 15 MB pushed into a terminal: peak ${mib(status(child.pid!).hwm)}`);

    c.raw({ t: 'open', id: 100_001, channel: 'terminals.stream', input: { id: session.id, replay: false } });
    const chunk = new Uint8Array(MAX_PUSH_BYTES).fill(0x61);
    for (let i = 0; i < 40; i++) c.raw({ t: 'push', id: 100_001, value: { type: 'input' } }, chunk);
    const code = await Promise.race([c.closed, tick(30_000).then(() => 0)]);
    expect(code).toBe(CloseCode.PUSH_WINDOW);
    figures.push(`after 40 × 1 MiB pushed past the window: peak ${mib(status(child.pid!).hwm)}`);
    // The host lives on and the session is still there.
    const again = await connect();
    expect((await again.client.call('terminals.list', {})).map((s) => s.id)).toContain(session.id);
    await again.client.call('terminals.close', { id: session.id });
    again.t.ws.close();
  });

  it('opens 25,000 watch channels: past the cap each is refused', async () => {
    const c = await connect();
    const asked = 25_000;
    for (let id = 1; id <= asked; id++) c.raw({ t: 'open', id: 200_000 + id, channel: 'activity.watch', input: {} });
    const refusedCount = () => c.frames.filter((f) => f.t === 'end' && f.error?.code === 'too-large').length;
    await until(() => refusedCount() >= asked - ConnectionLimits.MAX_CHANNELS, 60_000);
    expect(refusedCount()).toBe(asked - ConnectionLimits.MAX_CHANNELS);
    figures.push(`after 25,000 watch channels asked for: RSS ${mib(status(child.pid!).rss)}, peak ${mib(status(child.pid!).hwm)}`);
    c.t.ws.close();
  });

  it('opens 300 log streams: past the engine-stream cap each is refused, and no engine connection is opened for it', async () => {
    const c = await connect();
    const fdsBefore = openFds(child.pid!);
    for (let id = 1; id <= 300; id++) c.raw({ t: 'open', id: 300_000 + id, channel: 'logs.stream', input: { ids: [container], tail: 1, follow: true } });
    const refusedCount = () => c.frames.filter((f) => f.t === 'end' && f.error?.code === 'too-large').length;
    await until(() => refusedCount() >= 300 - ConnectionLimits.MAX_ENGINE_STREAMS);
    await tick(500);
    expect(refusedCount()).toBe(300 - ConnectionLimits.MAX_ENGINE_STREAMS);
    const fdsAfter = openFds(child.pid!);
    figures.push(`300 log streams asked for: ${fdsAfter - fdsBefore} more open fds in the host`);
    // One engine connection per stream let in, not 300.
    expect(fdsAfter - fdsBefore).toBeLessThan(ConnectionLimits.MAX_ENGINE_STREAMS + 20);
    c.t.ws.close();
  });

  it('posts the token for 20,000 sessions: the oldest are forgotten', async () => {
    const post = async () => {
      const res = await fetch(`${base}api/session`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      return res.headers.get('set-cookie')?.split(';')[0] ?? '';
    };
    const first = await post();
    for (let i = 0; i < 20_000; i += 50) await Promise.all([...Array(50)].map(post));
    const check = await fetch(`${base}api/session`, { method: 'POST', headers: { cookie: first, origin: base.slice(0, -1) } });
    expect(check.status).toBe(401);
    const latest = await post();
    expect((await fetch(`${base}api/session`, { method: 'POST', headers: { cookie: latest, origin: base.slice(0, -1) } })).status).toBe(204);
    figures.push(`after 20,000 session posts: RSS ${mib(status(child.pid!).rss)}`);
  });

  it('stays bounded through all of it', () => {
    const { hwm } = status(child.pid!);
    // Started near 80 MiB; one 15 MB frame in flight at a time, a capped number of channels and sessions.
    expect(hwm).toBeLessThan(startRss + 200 * MiB);
    expect(child.exitCode).toBeNull();
  });
});
