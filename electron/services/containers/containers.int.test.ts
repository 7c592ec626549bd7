import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerRow, ContainersEvent } from '../../../shared/contract/containers';
import { BerthError } from '../../../shared/contract/errors';
import { createClient } from '../../../shared/rpc/client';
import { contract } from '../../../shared/contract';
import { memoryPair } from '../../../shared/rpc/memory';
import { serve } from '../../../shared/rpc/server';
import { createServices, type Services } from '../index';
import { createRouter } from '../router';
import { dockerCli, removeLabelled, TEST_IMAGE, until } from '../testing/docker-cli';
import { toErrorData } from '../engine/errors';

let services: Services;
let api: ReturnType<typeof createClient<typeof contract>>;
const name = (n: string) => `berth-int-containers-${n}`;
const run = (n: string, ...extra: string[]) =>
  dockerCli(['run', '-d', '--name', name(n), '--label', 'berth.test=containers', ...extra, TEST_IMAGE, 'sleep', '3600']);

beforeAll(async () => {
  await removeLabelled('containers');
  services = createServices({ dataDir: mkdtempSync(join(tmpdir(), 'berth-int-')) });
  const pair = memoryPair();
  serve(createRouter(services), pair.server, { id: 'test', host: 'memory' }, { toError: toErrorData, log: () => {} });
  api = createClient(contract, pair.client);
  await until(() => services.engine.status.state, (s) => s === 'connected');
});

afterAll(async () => {
  await removeLabelled('containers');
  await services.dispose();
});

function watchRows() {
  const rows = new Map<string, ContainerRow>();
  const events: ContainersEvent[] = [];
  const ch = api.open('containers.watch', {}, {
    onEvent: (ev) => {
      events.push(ev);
      if (ev.type === 'snapshot') {
        rows.clear();
        ev.rows.forEach((r) => rows.set(r.id, r));
      } else if (ev.type === 'upsert') ev.rows.forEach((r) => rows.set(r.id, r));
      else ev.ids.forEach((id) => rows.delete(id));
    },
  });
  const byName = (n: string) => [...rows.values()].find((r) => r.name === name(n));
  return { rows, events, byName, close: () => ch.close() };
}

describe('containers service (real dockerd)', () => {
  it('sends a snapshot, then follows the engine: start, stop, remove', async () => {
    const w = watchRows();
    await until(() => w.events.length, (n) => n > 0);
    expect(w.events[0]!.type).toBe('snapshot');
    const id = await run('follow', '-p', '127.0.0.1::80', '--label', 'berth.tag.alpha=');
    const row = await until(() => w.byName('follow'), (r) => r?.state === 'running' && r.startedAt !== null);
    expect(row).toMatchObject({ id, image: TEST_IMAGE, restartCount: 0, command: 'sleep 3600' });
    expect(row!.labels['berth.tag.alpha']).toBe('');
    expect(row!.ports).toEqual([expect.objectContaining({ containerPort: 80, protocol: 'tcp', hostPort: expect.any(Number) })]);
    await dockerCli(['kill', name('follow')]);
    const dead = await until(() => w.byName('follow'), (r) => r?.state === 'exited');
    expect(dead!.exitCode).toBe(137);
    await dockerCli(['rm', name('follow')]);
    await until(() => w.byName('follow'), (r) => r === undefined);
    w.close();
  });

  it('records a failed start: created, exit code 127, the engine’s error', async () => {
    const w = watchRows();
    await dockerCli(['create', '--name', name('badcmd'), '--label', 'berth.test=containers', TEST_IMAGE, '/no/such/binary']);
    const r0 = await until(() => w.byName('badcmd'), (r) => r !== undefined);
    const err = await api.call('containers.act', { id: r0!.id, action: 'start' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BerthError);
    expect((err as BerthError).message).toMatch(/Could not start “berth-int-containers-badcmd”/);
    const r = await until(() => w.byName('badcmd'), (x) => x?.error !== null && x?.error !== undefined);
    expect(r).toMatchObject({ state: 'created', exitCode: 127 });
    expect(r!.error).toMatch(/no such file/i);
    w.close();
  });

  it('shows why a start from the docker CLI failed: no event says so, the row still does', async () => {
    const w = watchRows();
    const id = await dockerCli(['create', '--name', name('clifail'), '--label', 'berth.test=containers', TEST_IMAGE, '/no/such/binary']);
    await until(() => w.byName('clifail'), (r) => r?.restartCount !== null && r?.restartCount !== undefined);
    await expect(dockerCli(['start', id])).rejects.toThrow(/no such file/);
    const r = await until(() => w.byName('clifail'), (x) => typeof x?.error === 'string', 5_000);
    expect(r).toMatchObject({ state: 'created', exitCode: 127 });
    expect(r!.error).toMatch(/no such file/i);
    w.close();
  });

  it('shows a crash-looping container’s last exit code, while restarting and once running again', async () => {
    const w = watchRows();
    await dockerCli(['run', '-d', '--name', name('crashloop'), '--label', 'berth.test=containers', '--restart', 'on-failure:100', TEST_IMAGE, 'sh', '-c', 'sleep 0.3; exit 3']);
    const restarting = await until(() => w.byName('crashloop'), (r) => r?.state === 'restarting' && (r.restartCount ?? 0) >= 1, 15_000);
    expect(restarting!.exitCode).toBe(3);
    const running = await until(() => w.byName('crashloop'), (r) => r?.state === 'running' && (r.restartCount ?? 0) >= 2 && r.startedAt !== null, 15_000);
    expect(running!.exitCode).toBe(3);
    await dockerCli(['rm', '-f', name('crashloop')]);
    w.close();
  });

  it('explains an action in the wrong state instead of throwing the engine’s words', async () => {
    const w = watchRows();
    await dockerCli(['create', '--name', name('idle'), '--label', 'berth.test=containers', TEST_IMAGE, 'true']);
    const r = await until(() => w.byName('idle'), (x) => x !== undefined);
    const err = (await api.call('containers.act', { id: r!.id, action: 'pause' }).catch((e: unknown) => e)) as BerthError;
    expect(err.code).toBe('wrong-state');
    expect(err.message).toBe('Cannot pause “berth-int-containers-idle”: only a running container can be paused (it is created).');
    w.close();
  });

  it('reports a container removed by someone else mid-action, per row', async () => {
    const id = await run('vanish');
    const stopping = api.call('containers.act', { id, action: 'stop', timeoutSeconds: 30 });
    // busybox as PID 1 ignores SIGTERM: the stop waits, and meanwhile someone removes it.
    await new Promise((r) => setTimeout(r, 300));
    await dockerCli(['rm', '-f', id]);
    const result = await stopping.then(() => 'ok', (e: BerthError) => e.code);
    // The engine may report the stop as done (the process is gone) or the container as missing: never a hang.
    expect(['ok', 'not-found']).toContain(result);
    const err = (await api.call('containers.act', { id, action: 'start' }).catch((e: unknown) => e)) as BerthError;
    expect(err.code).toBe('not-found');
    expect(err.message).toMatch(/no longer exists/);
  });

  it('runs batch actions with one result per container, failures beside successes', async () => {
    const a = await run('batch-a');
    const b = await run('batch-b');
    const results = await api.call('containers.actMany', { ids: [a, 'no-such-container-xyz', b], action: 'kill' });
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]!.error?.code).toBe('not-found');
    expect(await dockerCli(['inspect', '-f', '{{.State.Status}}', a, b])).toBe('exited\nexited');
    const removed = await api.call('containers.actMany', { ids: [a, b], action: 'remove' });
    expect(removed.every((r) => r.ok)).toBe(true);
    expect(await dockerCli(['ps', '-aq', '--filter', `id=${a}`])).toBe('');
  });

  it('refuses to delete a running container without force, and deletes it with force', async () => {
    const w = watchRows();
    const id = await run('forceme');
    await until(() => w.byName('forceme'), (r) => r?.state === 'running');
    const err = (await api.call('containers.act', { id, action: 'remove' }).catch((e: unknown) => e)) as BerthError;
    expect(err.code).toBe('wrong-state');
    expect(err.message).toMatch(/stop it first or delete with force/);
    await api.call('containers.act', { id, action: 'remove', force: true });
    expect(await dockerCli(['ps', '-aq', '--filter', `id=${id}`])).toBe('');
    w.close();
  });

  it('inspects a container into details', async () => {
    const id = await run('details', '-e', 'FOO=bar', '--memory', '64m', '--pids-limit', '50', '--cpus', '0.5', '--restart', 'on-failure:3', '-w', '/tmp');
    const d = await api.call('containers.inspect', { id });
    expect(d).toMatchObject({
      name: name('details'),
      workingDir: '/tmp',
      limits: { nanoCpus: 500_000_000, memoryBytes: 64 * 1024 * 1024, pidsLimit: 50 },
      restartPolicy: { name: 'on-failure', maximumRetryCount: 3 },
    });
    expect(d.env).toContain('FOO=bar');
  });

  it('rejects malformed input before it reaches the engine', async () => {
    const err = (await api.call('containers.act', { id: '../../etc', action: 'start' } as never).catch((e: unknown) => e)) as BerthError;
    expect(err.code).toBe('invalid-input');
    const err2 = (await api.call('containers.act', { id: 'abc', action: 'explode' } as never).catch((e: unknown) => e)) as BerthError;
    expect(err2.code).toBe('invalid-input');
  });
});
