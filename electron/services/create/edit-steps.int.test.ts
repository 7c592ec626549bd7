import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type BerthContract } from '../../../shared/contract';
import type { CreateSpec, EditEvent } from '../../../shared/contract/create';
import type { BerthError } from '../../../shared/contract/errors';
import { createClient, type RpcClient } from '../../../shared/rpc/client';
import { memoryPair } from '../../../shared/rpc/memory';
import { serve } from '../../../shared/rpc/server';
import { toErrorData } from '../engine/errors';
import { createServices, type Services } from '../index';
import { createRouter } from '../router';
import { dockerCli, removeLabelled, TEST_IMAGE } from '../testing/docker-cli';

/**
 * An edit that replaces the container, heard over the protocol as the wizard
 * hears it: the steps arrive in the order they happen, every event passes its
 * schema, and the docker CLI witnesses the end state.
 */
const AREA = 'wizard';
const LABELS = { 'berth.test': AREA };
const prefix = `berth-wizard-it-${Date.now().toString(36)}`;
const n = (s: string) => `${prefix}-${s}`;
/** Exits on SIGTERM within a second, so a stop does not wait out the timeout. */
const POLITE = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'];

let root: string;
let services: Services;
let client: RpcClient<BerthContract>;
let close: () => void;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'berth-wizard-'));
  services = createServices({ dataDir: root });
  const deadline = Date.now() + 10_000;
  while (services.engine.status.state !== 'connected') {
    if (Date.now() > deadline) throw new Error(`engine not connected: ${services.engine.status.message}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const pair = memoryPair();
  const logged: string[] = [];
  serve(createRouter(services), pair.server, { id: 'wizard', host: 'memory' }, { toError: toErrorData, log: (m) => logged.push(m), validateEvents: true });
  client = createClient(contract, pair.client);
  close = () => pair.close();
});

afterAll(async () => {
  await removeLabelled(AREA);
  close?.();
  await services?.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** Opens the channel and collects every event until it ends. */
function applySteps(id: string, spec: CreateSpec): Promise<{ events: EditEvent[]; error?: BerthError }> {
  const events: EditEvent[] = [];
  return new Promise((resolve) => {
    client.open('create.applyEditSteps', { id, spec }, { onEvent: (e) => void events.push(e), onEnd: (error) => resolve({ events, error }) });
  });
}

const trail = (events: EditEvent[]) => events.map((e) => (e.type === 'step' ? `${e.step}:${e.state}` : e.type));

async function inspect(ref: string) {
  return JSON.parse(await dockerCli(['inspect', ref]))[0] as { Id: string; Name: string; State: { Running: boolean; Status: string }; Config: { Env: string[]; Cmd: string[] } };
}

describe('create.applyEditSteps', () => {
  it('reports create → stop → start → remove → rename in order, and the new container runs under the old name', async () => {
    const spec: CreateSpec = { image: TEST_IMAGE, name: n('run'), command: POLITE, labels: LABELS, env: { MODE: 'one' } };
    const made = await client.call('create.create', { spec });
    const { events, error } = await applySteps(made.id, { ...spec, env: { MODE: 'two' } });
    expect(error).toBeUndefined();
    expect(trail(events)).toEqual([
      'plan',
      'create:running', 'create:done',
      'stop:running', 'stop:done',
      'start:running', 'start:done',
      'remove:running', 'remove:done',
      'rename:running', 'rename:done',
      'done',
    ]);
    expect(events[0]).toEqual({ type: 'plan', mode: 'recreate', steps: ['create', 'stop', 'start', 'remove', 'rename'] });
    const done = events.at(-1);
    expect(done?.type === 'done' && done.result.mode).toBe('recreate');
    const c = await inspect(n('run'));
    expect(done?.type === 'done' && done.result.id).toBe(c.Id);
    expect(c.Id).not.toBe(made.id);
    expect(c.State.Running).toBe(true);
    expect(c.Config.Env).toContain('MODE=two');
    expect(await dockerCli(['ps', '-aq', '--no-trunc', '--filter', `id=${made.id}`])).toBe('');
  });

  it('skips stop and start for a container that is not running, leaving the replacement created', async () => {
    const spec: CreateSpec = { image: TEST_IMAGE, name: n('idle'), command: POLITE, labels: LABELS, start: false };
    const made = await client.call('create.create', { spec });
    const { events, error } = await applySteps(made.id, { ...spec, env: { MODE: 'x' } });
    expect(error).toBeUndefined();
    expect(trail(events)).toEqual(['plan', 'create:running', 'create:done', 'stop:skipped', 'start:skipped', 'remove:running', 'remove:done', 'rename:running', 'rename:done', 'done']);
    const c = await inspect(n('idle'));
    expect(c.Id).not.toBe(made.id);
    expect(c.State.Status).toBe('created');
  });

  it('says which step failed and what was left: the replacement is removed and the original runs again', async () => {
    const spec: CreateSpec = { image: TEST_IMAGE, name: n('bad'), command: POLITE, labels: LABELS };
    const made = await client.call('create.create', { spec });
    const { events, error } = await applySteps(made.id, { ...spec, command: ['/no/such/program'] });
    expect(trail(events)).toEqual(['plan', 'create:running', 'create:done', 'stop:running', 'stop:done', 'start:running', 'start:failed']);
    const failed = events.at(-1);
    expect(failed?.type === 'step' && failed.left).toBe(`The new container was removed; ${n('bad')} was started again, as it was.`);
    expect(error?.field).toBe('command');
    expect(error?.message).toMatch(/The new container did not start: .*was restarted as it was/);
    const c = await inspect(n('bad'));
    expect(c.Id).toBe(made.id);
    expect(c.State.Running).toBe(true);
    expect(c.Config.Cmd).toEqual(POLITE);
    const names = (await dockerCli(['ps', '-a', '--format', '{{.Names}}', '--filter', `label=berth.test=${AREA}`])).split('\n');
    expect(names.filter((x) => x.includes('berth-new'))).toEqual([]);
  });

  it('a live edit reports a plan with no steps, then done', async () => {
    const spec: CreateSpec = { image: TEST_IMAGE, name: n('live'), command: POLITE, labels: LABELS, resources: { cpus: 0.5 } };
    const made = await client.call('create.create', { spec });
    const { events, error } = await applySteps(made.id, { ...spec, resources: { cpus: 1 } });
    expect(error).toBeUndefined();
    expect(events).toEqual([{ type: 'plan', mode: 'live', steps: [] }, { type: 'done', result: { id: made.id, name: n('live'), mode: 'live' } }]);
    expect(await dockerCli(['inspect', '-f', '{{.HostConfig.NanoCpus}}', made.id])).toBe('1000000000');
  });
});
