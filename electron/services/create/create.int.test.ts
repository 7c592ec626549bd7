import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchEvent, CreateSpec } from '../../../shared/contract/create';
import { BerthError } from '../../../shared/contract/errors';
import { ActivityLog } from '../activity/log';
import { Engine } from '../engine/engine';
import { EngineRelay } from '../testing/engine-relay';
import { runBatch } from './batch';
import { checkSpec } from './checks';
import { createContainer } from './create';
import type { CreateDeps } from './deps';
import { buildCreatePolicy } from './policy';
import { applyEdit, planFor } from './edit';
import { CreateQueue } from './queue';
import { TemplateStore } from './templates';

const run = promisify(execFile);
const IMAGE = 'berth-test/busybox:latest';
const LABEL = { 'berth.test': 'create' };
/** Exits on SIGTERM within a second, so stopping it does not wait out the timeout. */
const POLITE = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'];

async function docker(...args: string[]): Promise<string> {
  return (await run('docker', args, { maxBuffer: 16 * 1024 * 1024 })).stdout.trim();
}
async function inspect(ref: string): Promise<any> {
  return JSON.parse(await docker('inspect', ref))[0];
}
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '0.0.0.0', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}
async function caught(p: Promise<unknown>): Promise<BerthError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BerthError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

let deps: CreateDeps;
let engine: Engine;
let dataDir: string;
const prefix = `berth-create-it-${Date.now().toString(36)}`;
const n = (s: string) => `${prefix}-${s}`;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'berth-create-'));
  engine = new Engine();
  engine.start();
  const until = Date.now() + 10_000;
  while (engine.status.state !== 'connected') {
    if (Date.now() > until) throw new Error(`engine not connected: ${engine.status.message}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // The web host's default policy: these tests bind only the workspaces folder and named volumes.
  deps = { engine, activity: new ActivityLog(join(dataDir, 'activity.jsonl')), dataDir, createPolicy: buildCreatePolicy({}, { workspacesRoot: join(dataDir, 'workspaces') }), createQueue: new CreateQueue(), templates: new TemplateStore(join(dataDir, 'templates')) };
});

afterAll(async () => {
  const ids = (await docker('ps', '-aq', '--filter', 'label=berth.test=create')).split('\n').filter(Boolean);
  if (ids.length) await docker('rm', '-f', ...ids);
  await engine.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('create', () => {
  it('creates with every option, as docker inspect shows', async () => {
    const hostPort = await freePort();
    const spec: CreateSpec = {
      image: IMAGE,
      name: n('full'),
      command: POLITE,
      workingDir: '/app',
      user: 'root',
      env: { GREETING: 'hello world', SECRET_TOKEN: 's3cr3t' },
      tags: ['blue', 'web'],
      labels: { ...LABEL, 'com.example.team': 'core' },
      resources: { cpus: 0.5, memory: '64m', pidsLimit: 50 },
      ports: [{ hostPort, containerPort: 80 }, { containerPort: 81 }],
      workspace: {},
      mounts: [{ type: 'volume', source: n('vol'), target: '/data', readOnly: true }],
      restart: { policy: 'on-failure', maxRetries: 2 },
      hardening: { readOnlyRootfs: true, noNewPrivileges: true, capDropAll: true },
    };
    const res = await createContainer(deps, spec);
    expect(res.started).toBe(true);
    const ws = join(dataDir, 'workspaces', n('full'));
    expect(res.workspacePath).toBe(ws);
    expect(existsSync(ws)).toBe(true);

    const c = await inspect(res.id);
    expect(c.State.Running).toBe(true);
    expect(c.Config.Env).toEqual(expect.arrayContaining(['GREETING=hello world', 'SECRET_TOKEN=s3cr3t']));
    expect(c.Config.Labels).toMatchObject({ 'berth.tag.blue': '', 'berth.tag.web': '', 'com.example.team': 'core', 'berth.workspace': ws, ...LABEL });
    expect(c.Config.WorkingDir).toBe('/app');
    expect(c.Config.Cmd).toEqual(POLITE);
    expect(c.HostConfig.NanoCpus).toBe(500_000_000);
    expect(c.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(c.HostConfig.PidsLimit).toBe(50);
    expect(c.HostConfig.PortBindings).toEqual({ '80/tcp': [{ HostIp: '', HostPort: String(hostPort) }], '81/tcp': [{ HostIp: '', HostPort: '' }] });
    expect(c.HostConfig.Binds).toEqual([`${ws}:/app`, `${n('vol')}:/data:ro`]);
    expect(c.HostConfig.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 2 });
    expect(c.HostConfig.ReadonlyRootfs).toBe(true);
    expect(c.HostConfig.SecurityOpt).toEqual(['no-new-privileges:true']);
    expect(c.HostConfig.CapDrop).toEqual(['ALL']);
    // "any free port" got a real port from the engine
    expect(Number(c.NetworkSettings.Ports['81/tcp'][0].HostPort)).toBeGreaterThan(0);
    // the workspace is writable from inside even with a read-only root
    await docker('exec', res.id, 'sh', '-c', 'echo from-inside > /app/hello.txt');
    expect(readFileSync(join(ws, 'hello.txt'), 'utf8')).toBe('from-inside\n');
    // the activity log holds the action without env values
    const log = readFileSync(join(dataDir, 'activity.jsonl'), 'utf8');
    expect(log).toContain('"action":"container.create"');
    expect(log).not.toContain('s3cr3t');
    await docker('rm', '-f', res.id);
    await docker('volume', 'rm', n('vol'));
  });

  it('finds what the engine would refuse before creating, one error per field', async () => {
    const other = await createContainer(deps, { image: IMAGE, name: n('taken'), command: POLITE, labels: LABEL, ports: [{ containerPort: 80 }] });
    const otherPort = Number((await inspect(other.id)).NetworkSettings.Ports['80/tcp'][0].HostPort);
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, '0.0.0.0', r));
    const busyPort = (busy.address() as { port: number }).port;
    try {
      const check = await checkSpec(engine, {
        image: IMAGE,
        name: n('taken'),
        resources: { cpus: 999, memory: '4m' },
        ports: [{ hostPort: busyPort, containerPort: 80 }, { hostPort: otherPort, containerPort: 81 }],
        network: n('no-such-net'),
      });
      expect(check.imagePresent).toBe(true);
      const byField = Object.fromEntries(check.errors.map((e) => [e.field, e]));
      expect(Object.keys(byField).sort()).toEqual(['name', 'network', 'ports.0.hostPort', 'ports.1.hostPort', 'resources.cpus', 'resources.memory']);
      expect(byField.name!.code).toBe('name-in-use');
      expect(byField['ports.0.hostPort']!).toMatchObject({ code: 'port-in-use', message: expect.stringMatching(/in use on this machine/) });
      expect(byField['ports.1.hostPort']!).toMatchObject({ code: 'port-in-use', message: expect.stringContaining(n('taken')) });
      expect(byField['resources.cpus']!.message).toMatch(/This host has \d+ CPU/);
      expect(byField['resources.memory']!.message).toMatch(/at least 6 MiB/);
      // create refuses with the first field and nothing is made
      const err = await caught(createContainer(deps, { image: IMAGE, name: n('taken'), labels: LABEL }));
      expect(err).toMatchObject({ code: 'name-in-use', field: 'name' });
    } finally {
      busy.close();
    }
    const missing = await caught(createContainer(deps, { image: 'berth-test/not-here:1', name: n('noimg'), labels: LABEL }));
    expect(missing).toMatchObject({ code: 'image-not-found', field: 'image' });
    expect((await checkSpec(engine, { image: 'berth-test/not-here:1' })).imagePresent).toBe(false);
  });

  it('maps a failed start to the command field and leaves nothing behind', async () => {
    const err = await caught(createContainer(deps, { image: IMAGE, name: n('badcmd'), command: ['/no/such/program'], labels: LABEL, workspace: {} }));
    expect(err.field).toBe('command');
    expect(err.message).toMatch(/no such file|not found/i);
    expect(await docker('ps', '-aq', '--filter', `name=^/${n('badcmd')}$`)).toBe('');
    expect(existsSync(join(dataDir, 'workspaces', n('badcmd')))).toBe(false);
  });
});

describe('edit', () => {
  it('applies limits and restart policy live: same ID, no restart', async () => {
    const res = await createContainer(deps, {
      image: IMAGE,
      name: n('live'),
      command: POLITE,
      labels: LABEL,
      resources: { cpus: 0.5, memory: '64m', pidsLimit: 50 },
    });
    const before = await inspect(res.id);
    const next: CreateSpec = {
      image: IMAGE,
      name: n('live'),
      command: POLITE,
      labels: LABEL,
      resources: { cpus: 1, memory: '256m', pidsLimit: 100 },
      restart: { policy: 'unless-stopped' },
    };
    const plan = await planFor(deps, res.id, next);
    expect(plan.mode).toBe('live');
    expect(plan.changes.map((c) => c.field)).toEqual(['resources.cpus', 'resources.memory', 'resources.pidsLimit', 'restart']);
    const out = await applyEdit(deps, res.id, next);
    expect(out).toEqual({ id: res.id, name: n('live'), mode: 'live' });
    const after = await inspect(res.id);
    expect(after.Id).toBe(before.Id);
    expect(after.State.StartedAt).toBe(before.State.StartedAt);
    expect(after.HostConfig.NanoCpus).toBe(1e9);
    expect(after.HostConfig.Memory).toBe(256 * 1024 * 1024);
    expect(after.HostConfig.PidsLimit).toBe(100);
    expect(after.HostConfig.RestartPolicy.Name).toBe('unless-stopped');
    // the new memory limit is what the kernel enforces inside, at once
    const inside = await docker('exec', res.id, 'sh', '-c', 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes');
    expect(Number(inside)).toBe(256 * 1024 * 1024);
  });

  it('recreates for an env change, keeping the workspace file and the name', async () => {
    const spec: CreateSpec = { image: IMAGE, name: n('re'), command: POLITE, labels: LABEL, env: { MODE: 'one' }, workspace: {} };
    const res = await createContainer(deps, spec);
    await docker('exec', res.id, 'sh', '-c', 'echo keep-me > /app/note.txt');
    const plan = await planFor(deps, res.id, { ...spec, env: { MODE: 'two' } });
    expect(plan.mode).toBe('recreate');
    expect(plan.changes).toEqual([{ field: 'env.MODE', label: 'Variable MODE', old: 'one', new: 'two', live: false }]);
    const out = await applyEdit(deps, res.id, { ...spec, env: { MODE: 'two' } });
    expect(out.mode).toBe('recreate');
    expect(out.id).not.toBe(res.id);
    const c = await inspect(n('re'));
    expect(c.Id).toBe(out.id);
    expect(c.State.Running).toBe(true);
    expect(c.Config.Env).toContain('MODE=two');
    expect(await docker('exec', n('re'), 'cat', '/app/note.txt')).toBe('keep-me');
    expect(await docker('ps', '-aq', '--filter', `id=${res.id}`)).toBe('');
  });

  it('rolls back when the new container fails to start: the old one runs as before', async () => {
    const spec: CreateSpec = { image: IMAGE, name: n('rb'), command: POLITE, labels: LABEL, env: { A: '1' }, ports: [{ containerPort: 80 }] };
    const res = await createContainer(deps, spec);
    const err = await caught(applyEdit(deps, res.id, { ...spec, command: ['/no/such/program'] }));
    expect(err.field).toBe('command');
    expect(err.message).toMatch(/The new container did not start: .*(no such file|not found).*was restarted as it was/i);
    expect(err.details).toEqual({ rolledBack: true });
    const c = await inspect(n('rb'));
    expect(c.Id).toBe(res.id);
    expect(c.State.Running).toBe(true);
    expect(c.Config.Cmd).toEqual(POLITE);
    expect(c.Config.Env).toContain('A=1');
    const left = await docker('ps', '-a', '--format', '{{.Names}}', '--filter', 'label=berth.test=create');
    expect(left.split('\n').filter((x) => x.includes('berth-new'))).toEqual([]);
  });
});

describe('templates and batch', () => {
  it('saves, lists and deletes templates beside the built-in ones', async () => {
    const store = deps.templates;
    expect(store.list().filter((t) => t.builtin).map((t) => t.id)).toEqual(['shell-box', 'background-sleeper', 'locked-down']);
    const t = store.save('My Web Box', { image: IMAGE, command: ['httpd', '-f'], ports: [{ containerPort: 80 }] });
    expect(t.id).toBe('my-web-box');
    expect(JSON.parse(readFileSync(join(dataDir, 'templates', 'my-web-box.json'), 'utf8')).spec.command).toEqual(['httpd', '-f']);
    writeFileSync(join(dataDir, 'templates', 'broken.json'), '{not json');
    expect(store.list().map((t) => t.id)).toEqual(['shell-box', 'background-sleeper', 'locked-down', 'my-web-box']);
    store.delete('my-web-box');
    expect(() => store.delete('shell-box')).toThrow(/Built-in/);
    expect(() => store.delete('my-web-box')).toThrow(/no template/);
  });

  async function batch(text: string): Promise<BatchEvent[]> {
    const events: BatchEvent[] = [];
    await runBatch(deps, { text, concurrency: 2 }, (e) => events.push(e), new AbortController().signal);
    return events;
  }

  it('validates every entry before creating any, naming entry and field', async () => {
    const text = JSON.stringify([
      { image: IMAGE, name: n('b-ok'), labels: LABEL },
      { image: IMAGE, name: n('b-bad'), labels: LABEL, resources: { memory: '1m' } },
      { image: IMAGE, name: n('b-ok'), labels: LABEL },
    ]);
    const events = await batch(text);
    expect(events).toEqual([
      {
        type: 'invalid',
        issues: [
          { index: 1, name: n('b-bad'), field: 'resources.memory', message: expect.stringMatching(/at least 6 MiB/) },
          { index: 2, name: n('b-ok'), field: 'name', message: `The name "${n('b-ok')}" is also used by entry 1` },
        ],
      },
    ]);
    expect(await docker('ps', '-aq', '--filter', `name=${n('b-')}`)).toBe('');
    expect(await batch('- image: [unclosed')).toEqual([{ type: 'invalid', issues: [{ index: -1, message: expect.stringMatching(/Could not read the file/) }] }]);
  });

  it('creates from YAML in parallel, reporting each item; failures do not undo successes', async () => {
    const yaml = [
      'containers:',
      ...['b1', 'b2', 'b3'].flatMap((x) => [`  - image: ${IMAGE}`, `    name: ${n(x)}`, `    command: "sh -c 'trap \\"exit 0\\" TERM; while :; do sleep 1; done'"`, '    labels: { berth.test: create }', '    tags: [batch]', '    env: [ROLE=' + x + ']']),
      `  - image: ${IMAGE}`,
      `    name: ${n('b4')}`,
      '    command: /no/such/program',
      '    labels: { berth.test: create }',
    ].join('\n');
    const events = await batch(yaml);
    expect(events[0]).toEqual({ type: 'plan', items: ['b1', 'b2', 'b3', 'b4'].map((x, index) => ({ index, name: n(x) })) });
    expect(events.at(-1)).toEqual({ type: 'done', created: 3, failed: 1 });
    const final = new Map<number, BatchEvent & { type: 'item' }>();
    for (const e of events) if (e.type === 'item' && (e.state === 'done' || e.state === 'failed')) final.set(e.index, e);
    expect([0, 1, 2].map((i) => final.get(i)!.state)).toEqual(['done', 'done', 'done']);
    expect(final.get(3)).toMatchObject({ state: 'failed', error: { field: 'command' } });
    for (const x of ['b1', 'b2', 'b3']) {
      const c = await inspect(n(x));
      expect(c.State.Running).toBe(true);
      expect(c.Config.Env).toContain(`ROLE=${x}`);
      expect(c.Config.Labels['berth.tag.batch']).toBe('');
    }
  });

  describe('when the engine is lost mid-create', () => {
    const CREATE = /^POST \/v[\d.]+\/containers\/create/;
    let relay: EngineRelay;
    let viaRelay: CreateDeps;
    beforeAll(async () => {
      relay = new EngineRelay('create');
      await relay.listen();
      const e = new Engine({ dockerHost: relay.dockerHost, retryDelays: [100] });
      e.start();
      if (!(await e.waitConnected(10_000))) throw new Error('relay engine not connected');
      viaRelay = { ...deps, engine: e };
    });
    afterAll(async () => {
      await viaRelay.engine.stop();
      await relay.cut();
    });
    const named = async (name: string) => (await docker('ps', '-aq', '--no-trunc', '--filter', `name=^/${name}$`)).split('\n').filter(Boolean);

    it('returns the container whose answer was lost, and makes no second one', async () => {
      relay.loseAnswer(CREATE);
      const res = await createContainer(viaRelay, { image: IMAGE, name: n('lost'), command: POLITE, labels: LABEL });
      expect(relay.requests.filter((r) => CREATE.test(r))).toHaveLength(1);
      const ids = await named(n('lost'));
      expect(ids).toEqual([res.id]);
      expect(res).toMatchObject({ name: n('lost'), started: true });
      expect((await inspect(res.id)).State.Running).toBe(true);
    });

    it('says the create may have happened when the engine stays away, and a retry returns that container', async () => {
      const operationId = `it-${Date.now().toString(36)}-retry`;
      const spec: CreateSpec = { image: IMAGE, name: n('retried'), command: POLITE, labels: LABEL };
      relay.loseAnswer(CREATE, () => void relay.cut());
      const first = await caught(createContainer(viaRelay, spec, { operationId, reconnectWaitMs: 1_000 }));
      expect(first.code).toBe('engine-unreachable');
      expect(first.message).toMatch(/may have been created: trying again picks it up/);
      // The engine did create it (the docker CLI, beside the relay, is the witness).
      const made = await named(n('retried'));
      expect(made).toHaveLength(1);
      expect((await inspect(made[0]!)).State.Status).toBe('created');
      await relay.listen();
      expect(await viaRelay.engine.waitConnected(10_000)).toBe(true);
      const creates = relay.requests.filter((r) => CREATE.test(r)).length;
      const again = await createContainer(viaRelay, spec, { operationId });
      expect(again).toMatchObject({ id: made[0], name: n('retried'), started: true });
      // No second create was sent, and the CLI still sees one container.
      expect(relay.requests.filter((r) => CREATE.test(r))).toHaveLength(creates);
      expect(await named(n('retried'))).toEqual(made);
      expect((await inspect(made[0]!)).State.Running).toBe(true);
      expect(await docker('ps', '-aq', '--filter', `label=berth.operation=${operationId}`)).toBe(made[0]!.slice(0, 12));
    });
  });
});
