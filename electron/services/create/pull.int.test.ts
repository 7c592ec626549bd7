import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullEvent } from '../../../shared/contract/create';
import { BerthError } from '../../../shared/contract/errors';
import { Engine } from '../engine/engine';
import { pullImage } from './pull';
import { startRegistry, type TestRegistry } from './registry.testkit';

const run = promisify(execFile);
const docker = async (...args: string[]) => (await run('docker', args)).stdout.trim();

let registry: TestRegistry;
let engine: Engine;
const tags: string[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  engine = new Engine();
  engine.start();
  while (engine.status.state !== 'connected') await new Promise((r) => setTimeout(r, 50));
}, 60_000);

afterAll(async () => {
  // Only tags we added to an image that keeps its own tag: removing a whole image has hung this engine.
  for (const t of tags) await docker('rmi', t).catch(() => undefined);
  registry?.stop();
  await engine?.stop();
});

const never = () => new AbortController().signal;

describe('pull with progress from a local registry', () => {
  it('pushes a local image and pulls a fresh one, counting layer bytes to Pull complete', async () => {
    // A push from the local store works (what a user would do), but its layers are already here: "Already exists".
    const pushed = `127.0.0.1:${registry.port}/berth-pull-test:1`;
    await docker('tag', 'berth-test/busybox:latest', pushed);
    tags.push(pushed);
    await docker('push', pushed);
    const ref = await registry.publishFresh('berth-pull-fresh', 'a');
    const events: PullEvent[] = [];
    const done = await pullImage(engine, ref, { signal: never(), onProgress: (e) => events.push(e) });
    expect(done.type).toBe('done');
    expect(done.layers.length).toBe(1);
    expect(done.layers[0]).toMatchObject({ status: 'Pull complete' });
    expect(done.layers[0]!.total).toBeGreaterThan(700 * 1024);
    const last = events.at(-1)!;
    expect(last.type === 'progress' && last.totalBytes > 0 && last.currentBytes === last.totalBytes).toBe(true);
    expect(done.status).toMatch(/Downloaded newer image/);
    expect(await docker('image', 'inspect', '--format', '{{.Id}}', ref)).toMatch(/^sha256:/);
  });

  it('the engine reports Pulling fs layer → Downloading {current,total} → Extracting → Pull complete', async () => {
    const ref = await registry.publishFresh('berth-pull-fresh', 'b');
    const stream = await engine.port.pullImage(ref);
    let text = '';
    for await (const chunk of stream) text += chunk.toString();
    const seq = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { status: string; progressDetail?: { current?: number; total?: number } });
    const order = [...new Set(seq.map((l) => l.status))];
    expect(order.indexOf('Pulling fs layer')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('Pulling fs layer')).toBeLessThan(order.indexOf('Downloading'));
    expect(order.indexOf('Downloading')).toBeLessThan(order.indexOf('Extracting'));
    expect(order.indexOf('Extracting')).toBeLessThan(order.indexOf('Pull complete'));
    expect(seq.find((l) => l.status === 'Downloading')?.progressDetail?.total).toBeGreaterThan(0);
  });

  it('cancels mid-download: the pull stops and the image is not there', async () => {
    await registry.publishFresh('berth-pull-slow', 'c', 2 * 1024 * 1024);
    const proxy = await registry.slowProxy(16 * 1024, 50);
    const ref = `127.0.0.1:${proxy.port}/berth-pull-slow:c`;
    const ac = new AbortController();
    let sawBytes = 0;
    const err = await pullImage(engine, ref, {
      signal: ac.signal,
      onProgress: (e) => {
        if (e.type === 'progress' && e.currentBytes > 0 && !ac.signal.aborted) {
          sawBytes = e.currentBytes;
          ac.abort();
        }
      },
    }).catch((e) => e);
    proxy.close();
    expect(err).toMatchObject({ code: 'cancelled', field: 'image' });
    expect(sawBytes).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500));
    await expect(docker('image', 'inspect', ref)).rejects.toThrow(/No such image/);
  });

  it('says at the image field when the image does not exist or the reference is bad', async () => {
    const err = await pullImage(engine, `127.0.0.1:${registry.port}/berth-pull-test:nope`, { signal: never(), onProgress: () => undefined }).catch((e) => e);
    expect(err).toBeInstanceOf(BerthError);
    expect(err).toMatchObject({ code: 'image-not-found', field: 'image' });
    const bad = await pullImage(engine, 'Not A Ref', { signal: never(), onProgress: () => undefined }).catch((e) => e);
    expect(bad).toMatchObject({ code: 'invalid-input', field: 'image' });
  });
});
