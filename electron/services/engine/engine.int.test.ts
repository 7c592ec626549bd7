import { rmSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { BerthError } from '../../../shared/contract/errors';
import { dockerCli, removeLabelled, TEST_IMAGE, until } from '../testing/docker-cli';
import { EngineRelay } from '../testing/engine-relay';
import { Engine } from './engine';
import { toBerthError } from './errors';
import type { EngineEvent } from './events';

/** Exits on SIGTERM at once (busybox as PID 1 ignores it otherwise). */
const POLITE = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'];

/** How a call ended, and after how long. */
async function outcome(p: Promise<unknown>, t0: number): Promise<{ code: string; message: string; ms: number }> {
  try {
    await p;
    return { code: 'ok', message: '', ms: Date.now() - t0 };
  } catch (e) {
    const err = toBerthError(e);
    return { code: err.code, message: err.message, ms: Date.now() - t0 };
  }
}

/** Rejects after `ms`: a call that would hang makes the test fail, not time out. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`${what}: still pending after ${ms} ms`)), ms))]);
}

afterAll(() => removeLabelled('engine'));

describe('engine connection (real dockerd)', () => {
  it('negotiates the API version and reports the engine', async () => {
    const engine = new Engine();
    engine.start();
    const s = await until(() => engine.status, (x) => x.state === 'connected');
    expect(s.info?.apiVersion).toBe(await dockerCli(['version', '-f', '{{.Server.APIVersion}}']));
    expect(s.info?.name).toBe('Docker Engine');
    expect(s.info?.images).toBeGreaterThan(0);
    // The client speaks the engine's version (dockerode prefixes paths with it).
    expect((engine.client().modem as { version?: string }).version).toBe(`v${s.info?.apiVersion}`);
    await engine.stop();
  });

  it('reads container events by Type/Action/Actor', async () => {
    const engine = new Engine();
    const seen: EngineEvent[] = [];
    engine.onEvent((e) => seen.push(e));
    engine.start();
    await until(() => engine.status.state, (s) => s === 'connected');
    const id = await dockerCli(['run', '-d', '--label', 'berth.test=engine', TEST_IMAGE, 'true']);
    const ev = await until(() => seen.find((e) => e.id === id && e.action === 'die'), (e) => e !== undefined);
    expect(ev).toMatchObject({ type: 'container', attributes: expect.objectContaining({ image: TEST_IMAGE, exitCode: '0' }) });
    await engine.stop();
  });

  it('answers a path the engine redirects (// in it) with an error, never by following it', async () => {
    // Reproduction: dockerd answers 301 for `//` paths; following it built `http:/v1.41/…`
    // and threw outside any promise, ending the host.
    const engine = new Engine();
    engine.start();
    await until(() => engine.status.state, (s) => s === 'connected');
    await expect(engine.client().getContainer('/x').inspect()).rejects.toMatchObject({ statusCode: 301 });
    await expect(engine.client().getImage('a//b').inspect()).rejects.toMatchObject({ statusCode: 301 });
    // …and the engine still answers afterwards.
    await expect(engine.client().ping()).resolves.toBeDefined();
    await engine.stop();
  });

  it('says clearly that no engine listens at a missing socket', async () => {
    const engine = new Engine({ dockerHost: 'unix:///tmp/berth-no-such.sock', retryDelays: [60_000] });
    engine.start();
    const s = await until(() => engine.status, (x) => x.state !== 'connecting');
    expect(s).toMatchObject({ state: 'unreachable', message: 'No container engine socket at /tmp/berth-no-such.sock.' });
    expect(s.hint).toMatch(/DOCKER_HOST/);
    expect(() => engine.client()).toThrow(/No container engine socket/);
    await engine.stop();
  });

  it('notices the engine going away mid-session and reconnects when it returns', async () => {
    const path = join(tmpdir(), `berth-engine-relay-${process.pid}.sock`);
    const sockets = new Set<Socket>();
    const listen = () => {
      rmSync(path, { force: true });
      const server = createServer((c) => {
        const up = createConnection('/var/run/docker.sock');
        sockets.add(c).add(up);
        c.pipe(up).pipe(c);
        const drop = () => (c.destroy(), up.destroy());
        c.on('error', drop).on('close', drop);
        up.on('error', drop).on('close', drop);
      });
      return new Promise<typeof server>((r) => server.listen(path, () => r(server)));
    };
    let relay = await listen();
    const engine = new Engine({ dockerHost: `unix://${path}`, retryDelays: [100, 200] });
    const states: string[] = [];
    engine.onStatus((s) => states.push(s.state));
    engine.start();
    await until(() => engine.status.state, (s) => s === 'connected');
    relay.close();
    sockets.forEach((s) => s.destroy());
    await until(() => engine.status.state, (s) => s === 'unreachable');
    relay = await listen();
    await until(() => engine.status.state, (s) => s === 'connected', 10_000);
    expect(states).toEqual(expect.arrayContaining(['connected', 'unreachable']));
    expect(states.at(-1)).toBe('connected');
    await engine.stop();
    relay.close();
    sockets.forEach((s) => s.destroy());
  });

  it('fails every call in flight on a hung engine as soon as it is declared unreachable, with that reason', async () => {
    const id = await dockerCli(['run', '-d', '--label', 'berth.test=engine', TEST_IMAGE, ...POLITE]);
    const relay = new EngineRelay('hung');
    await relay.listen();
    const engine = new Engine({ dockerHost: relay.dockerHost, pingIntervalMs: 500, retryDelays: [300] });
    engine.start();
    try {
      await until(() => engine.status.state, (s) => s === 'connected');
      const docker = engine.client();
      const logs = await engine.port.openLogs(id, { follow: true, tail: 0, timestamps: true });
      const logEnd = new Promise<unknown>((resolve) => logs.on('error', resolve).on('close', () => resolve(undefined)));
      // An exec's socket whose consumer never listens for errors: ending it must not end the host.
      const exec = await docker.getContainer(id).exec({ Cmd: ['sleep', '60'], AttachStdin: true, AttachStdout: true });
      const bare = (await exec.start({ hijack: true, stdin: true })) as unknown as Readable;
      expect(bare.listenerCount('error')).toBe(0);
      relay.hang();
      const t0 = Date.now();
      // A call with no deadline of its own (it waits for the container to exit), and a quick one.
      const waiting = outcome(docker.getContainer(id).wait(), t0);
      const listing = outcome(docker.listContainers({ all: true }), t0);
      const [w, l] = await within(Promise.all([waiting, listing]), 9_000, 'calls on the hung engine');
      expect(engine.status.state).toBe('unreachable');
      // Declared unreachable by the ping's 5 s deadline (plus one 0.5 s interval); everything in flight fails then.
      for (const r of [w, l]) {
        expect(r.code).toBe('engine-unreachable');
        expect(r.message).toBe(engine.status.message);
        expect(r.ms).toBeLessThan(7_500);
      }
      expect(engine.status.message).toMatch(/stopped answering/);
      // The log stream in flight ends with the same reason, not as a silent end.
      const logErr = await within(logEnd, 1_000, 'the log stream');
      expect(logErr).toBeInstanceOf(BerthError);
      expect((logErr as BerthError).code).toBe('engine-unreachable');
      expect((logs as Readable).destroyed).toBe(true);
      expect(bare.destroyed).toBe(true);
      // A call made on the old client after that fails at once, and the engine comes back by itself.
      const late = await outcome(docker.getContainer(id).inspect(), Date.now());
      expect(late).toMatchObject({ code: 'engine-unreachable' });
      expect(late.ms).toBeLessThan(200);
      await relay.cut();
      await relay.listen();
      await until(() => engine.status.state, (s) => s === 'connected', 15_000);
      expect((await engine.client().getContainer(id).inspect()).Id).toBe(id);
    } finally {
      await engine.stop();
      await relay.cut();
    }
  });

  it('bounds a quick call by its own deadline, then checks the engine at once', async () => {
    const relay = new EngineRelay('quick');
    await relay.listen();
    const engine = new Engine({ dockerHost: relay.dockerHost, pingIntervalMs: 600_000, retryDelays: [60_000], timeouts: { quick: 800, imageRemove: 600 } });
    engine.start();
    try {
      await until(() => engine.status.state, (s) => s === 'connected');
      relay.hang();
      const t0 = Date.now();
      const r = await within(outcome(engine.client().getContainer('berth-no-such-container').inspect(), t0), 5_000, 'inspect');
      expect(r).toMatchObject({ code: 'timeout', message: 'The container engine did not answer within 0.8 s (GET /containers/berth-no-such-container/json).' });
      expect(r.ms).toBeGreaterThanOrEqual(750);
      expect(r.ms).toBeLessThan(3_000);
      // Image removal has hung on this engine: it is bounded and says so plainly.
      const rm = await within(outcome(engine.client().getImage('berth-test/never-there:latest').remove(), Date.now()), 5_000, 'image remove');
      expect(rm.code).toBe('timeout');
      expect(rm.message).toMatch(/did not finish removing the image within 0.6 s and may be stuck/);
      // The timeout made the engine ping now, without waiting for the 10-minute interval.
      await until(() => engine.status.state, (s) => s === 'unreachable', 8_000);
    } finally {
      await engine.stop();
      await relay.cut();
    }
  });

  it('counts an upload’s deadline from its last byte, however long the bytes take', async () => {
    const id = await dockerCli(['create', '--label', 'berth.test=engine', TEST_IMAGE, 'true']);
    const engine = new Engine({ timeouts: { mutate: 500 } });
    engine.start();
    try {
      await until(() => engine.status.state, (s) => s === 'connected');
      // A tar that takes 1.5 s to produce, three times the deadline of the call that carries it.
      const pack = tar.pack();
      const put = engine.client().getContainer(id).putArchive(pack as unknown as NodeJS.ReadableStream, { path: '/' });
      const result = put.then(() => 'ok', (e: unknown) => toBerthError(e).message);
      pack.entry({ name: 'first.txt' }, 'one\n');
      await new Promise((r) => setTimeout(r, 1_500));
      if (!pack.destroyed) {
        pack.entry({ name: 'last.txt' }, 'two\n');
        pack.finalize();
      }
      expect(await result).toBe('ok');
      expect(await dockerCli(['cp', `${id}:/last.txt`, '-'])).toContain('two');
    } finally {
      await engine.stop();
    }
  });
});
