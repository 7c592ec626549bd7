import { rmSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerCli, removeLabelled, TEST_IMAGE, until } from '../testing/docker-cli';
import { Engine } from './engine';
import type { EngineEvent } from './events';

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
});
