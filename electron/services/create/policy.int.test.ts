import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type BerthContract } from '../../../shared/contract';
import type { BatchEvent, CreateSpec } from '../../../shared/contract/create';
import { BerthError } from '../../../shared/contract/errors';
import { createClient, type RpcClient } from '../../../shared/rpc/client';
import { memoryPair } from '../../../shared/rpc/memory';
import { serve } from '../../../shared/rpc/server';
import { toErrorData } from '../engine/errors';
import { createServices, type Services } from '../index';
import { createRouter } from '../router';
import { dockerCli, removeLabelled, TEST_IMAGE } from '../testing/docker-cli';
import type { ContainerPolicyOptions } from './policy';

/**
 * The hostile client: it skips the wizard and sends create requests straight
 * over the protocol. The web host's services must refuse each one with a clear
 * error at the field and create nothing; the docker CLI is the witness.
 */
const AREA = 'binds';
const LABELS = { 'berth.test': AREA };
const prefix = `berth-binds-it-${Date.now().toString(36)}`;
const n = (s: string) => `${prefix}-${s}`;

interface Host {
  services: Services;
  client: RpcClient<BerthContract>;
  close(): void;
}

async function host(dataDir: string, containerPolicy?: ContainerPolicyOptions): Promise<Host> {
  const services = createServices({ dataDir, containerPolicy });
  const deadline = Date.now() + 10_000;
  while (services.engine.status.state !== 'connected') {
    if (Date.now() > deadline) throw new Error(`engine not connected: ${services.engine.status.message}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const pair = memoryPair();
  serve(createRouter(services), pair.server, { id: 'hostile', host: 'memory' }, { toError: toErrorData, log: () => {} });
  return { services, client: createClient(contract, pair.client), close: () => pair.close() };
}

async function refusal(p: Promise<unknown>): Promise<BerthError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BerthError) return e;
    throw e;
  }
  throw new Error('expected the host to refuse');
}

/** Names of the containers of this file, as the docker CLI sees them. */
async function made(): Promise<string[]> {
  const out = await dockerCli(['ps', '-a', '--filter', `label=berth.test=${AREA}`, '--format', '{{.Names}}']);
  return out.split('\n').filter(Boolean).sort();
}

let root: string;
let outside: string;
let web: Host;
let open: Host;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'berth-binds-'));
  outside = join(root, 'outside');
  mkdirSync(outside);
  web = await host(join(root, 'web'));
  open = await host(join(root, 'open'), {
    allowBind: [outside],
    allowPrivileged: true,
    allowCapAdd: true,
    allowHostPid: true,
    allowHostNetwork: true,
  });
  // A link inside the web host's workspaces folder that leads to the host's root.
  mkdirSync(join(root, 'web', 'workspaces'), { recursive: true });
  symlinkSync('/', join(root, 'web', 'workspaces', 'escape'));
});

afterAll(async () => {
  await removeLabelled(AREA);
  web?.close();
  open?.close();
  await web?.services.dispose();
  await open?.services.dispose();
  rmSync(root, { recursive: true, force: true });
});

const base = (name: string): CreateSpec => ({ image: TEST_IMAGE, name: n(name), command: ['sleep', '600'], labels: LABELS });

describe('the web host, started without flags', () => {
  const hostile: Array<{ what: string; spec: (b: CreateSpec) => CreateSpec; field: string; says: RegExp }> = [
    { what: 'a bind of /', spec: (b) => ({ ...b, mounts: [{ type: 'bind', source: '/', target: '/host' }] }), field: 'mounts.0.source', says: /\/ is outside the folders this host binds.*--allow-bind DIR/ },
    { what: 'a workspace at /etc', spec: (b) => ({ ...b, workspace: { hostPath: '/etc' } }), field: 'workspace.hostPath', says: /\/etc is outside the folders/ },
    { what: 'the engine socket', spec: (b) => ({ ...b, mounts: [{ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' }] }), field: 'mounts.0.source', says: /outside the folders/ },
    {
      what: 'a link in the workspaces folder that leads to /',
      spec: (b) => ({ ...b, mounts: [{ type: 'bind', source: join(root, 'web', 'workspaces', 'escape'), target: '/host' }] }),
      field: 'mounts.0.source',
      says: /escape \(it leads to \/\) is outside the folders/,
    },
    {
      what: 'a path below that link',
      spec: (b) => ({ ...b, mounts: [{ type: 'bind', source: join(root, 'web', 'workspaces', 'escape', 'etc'), target: '/host-etc' }] }),
      field: 'mounts.0.source',
      says: /it leads to \/etc\) is outside/,
    },
    {
      what: 'a .. climbing out of the workspaces folder',
      spec: (b) => ({ ...b, mounts: [{ type: 'bind', source: `${join(root, 'web', 'workspaces')}/../../..`, target: '/up' }] }),
      field: 'mounts.0.source',
      says: /plain absolute path \(no \. or \.\. parts\)/,
    },
    { what: 'privileged', spec: (b) => ({ ...b, hostAccess: { privileged: true } }), field: 'hostAccess.privileged', says: /refuses privileged containers.*--allow-privileged/ },
    { what: 'an added capability', spec: (b) => ({ ...b, hostAccess: { capAdd: ['SYS_ADMIN'] } }), field: 'hostAccess.capAdd', says: /refuses added capabilities.*--allow-cap-add/ },
    { what: 'the host PID namespace', spec: (b) => ({ ...b, hostAccess: { hostPid: true } }), field: 'hostAccess.hostPid', says: /PID namespace.*--allow-host-pid/ },
    { what: 'the host network', spec: (b) => ({ ...b, network: 'host' }), field: 'network', says: /host network.*--allow-host-network/ },
  ];

  for (const [i, h] of hostile.entries()) {
    it(`refuses ${h.what} at the field, and creates nothing`, async () => {
      const spec = h.spec(base(`refused-${i}`));
      const err = await refusal(web.client.call('create.create', { spec }));
      expect(err).toMatchObject({ code: 'permission-denied', field: h.field });
      expect(err.message).toMatch(h.says);
      // The wizard learns the same before submitting.
      const check = await web.client.call('create.check', { spec });
      expect(check.errors).toContainEqual(expect.objectContaining({ code: 'permission-denied', field: h.field }));
      expect(await made()).toEqual([]);
    });
  }

  it('makes nothing on disk for a refused workspace folder', async () => {
    const folder = `/berth-binds-${Date.now().toString(36)}-not-made`;
    const err = await refusal(web.client.call('create.create', { spec: { ...base('no-folder'), workspace: { hostPath: folder } } }));
    expect(err).toMatchObject({ code: 'permission-denied', field: 'workspace.hostPath' });
    expect(existsSync(folder)).toBe(false);
    expect(await made()).toEqual([]);
  });

  it('says what it allows through the contract, reasons included', async () => {
    const policy = await web.client.call('create.policy', {});
    expect(policy.bindRoots).toEqual([join(root, 'web', 'workspaces')]);
    expect(Object.keys(policy.refused).sort()).toEqual(['binds', 'capAdd', 'hostNetwork', 'hostPid', 'privileged']);
    expect(policy.refused.privileged).toMatch(/--allow-privileged/);
  });

  it('refuses a batch file with a bind of / before creating any entry', async () => {
    const text = JSON.stringify([base('batch-ok'), { ...base('batch-root'), mounts: [{ type: 'bind', source: '/', target: '/host' }] }]);
    const events: BatchEvent[] = [];
    const err = await new Promise<BerthError | undefined>((resolve) => {
      web.client.open('create.batch', { text }, { onEvent: (e) => void events.push(e), onEnd: resolve });
    });
    expect(err).toBeUndefined();
    expect(events).toEqual([
      { type: 'invalid', issues: [{ index: 1, name: n('batch-root'), field: 'mounts.0.source', message: expect.stringMatching(/\/ is outside the folders this host binds/) }] },
    ]);
    expect(await made()).toEqual([]);
  });

  it('refuses an edit that would recreate a container as privileged, and leaves the original as it was', async () => {
    const res = await web.client.call('create.create', { spec: { ...base('plain'), workspace: {} } });
    expect(res.started).toBe(true);
    const err = await refusal(web.client.call('create.applyEdit', { id: res.id, spec: { ...base('plain'), workspace: {}, hostAccess: { privileged: true } } }));
    expect(err).toMatchObject({ code: 'permission-denied', field: 'hostAccess.privileged' });
    expect(await made()).toEqual([n('plain')]);
    const c = JSON.parse(await dockerCli(['inspect', n('plain')]))[0];
    expect(c.Id).toBe(res.id);
    expect(c.State.Running).toBe(true);
    expect(c.HostConfig.Privileged).toBe(false);
    await dockerCli(['rm', '-f', res.id]);
  });

  it('refuses a bind nested in a writable bind, which its container could swap for a link to / before a start', async () => {
    // Shown with the docker CLI on this engine: X replaced /app/sub with a link to /, and Y, binding
    // <workspace of X>/sub and started afterwards, listed the host's root. So Y is never made.
    const x = await web.client.call('create.create', { spec: { ...base('nest-x'), workspace: {} } });
    const inner = join(x.workspacePath!, 'sub');
    const err = await refusal(web.client.call('create.create', { spec: { ...base('nest-y'), start: false, mounts: [{ type: 'bind', source: inner, target: '/sub' }] } }));
    expect(err).toMatchObject({ code: 'permission-denied', field: 'mounts.0.source' });
    expect(err.message).toMatch(new RegExp(`sub is inside .*bound by container ${n('nest-x')}, which a container can write`));
    // Nor the other way round: a writable bind of the whole workspaces folder would hold X's.
    const outer = await refusal(web.client.call('create.create', { spec: { ...base('nest-z'), start: false, workspace: { hostPath: join(root, 'web', 'workspaces') } } }));
    expect(outer).toMatchObject({ code: 'permission-denied', field: 'workspace.hostPath' });
    expect(outer.message).toMatch(/holds .*nest-x, bound by container/);
    // Within one spec too.
    const self = await refusal(
      web.client.call('create.create', { spec: { ...base('nest-self'), start: false, workspace: {}, mounts: [{ type: 'bind', source: join(root, 'web', 'workspaces', n('nest-self'), 'in'), target: '/in' }] } }),
    );
    expect(self.field).toBe('workspace.hostPath');
    expect((self.details as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['workspace.hostPath', 'mounts.0.source']);
    // The same folder bound twice is fine: neither container can reach its parent.
    const twin = await web.client.call('create.create', { spec: { ...base('nest-twin'), start: false, mounts: [{ type: 'bind', source: x.workspacePath!, target: '/app' }] } });
    expect(await made()).toEqual([n('nest-twin'), n('nest-x')].sort());
    await dockerCli(['rm', '-f', x.id, twin.id]);
  });

  it('still binds folders inside the workspaces folder', async () => {
    const own = join(root, 'web', 'workspaces', 'shared');
    const res = await web.client.call('create.create', { spec: { ...base('inside'), mounts: [{ type: 'bind', source: own, target: '/shared' }] } });
    const c = JSON.parse(await dockerCli(['inspect', res.id]))[0];
    expect(c.HostConfig.Binds).toEqual([`${own}:/shared`]);
    await dockerCli(['rm', '-f', res.id]);
  });
});

describe('the web host, started with --allow-bind DIR and the allow flags', () => {
  it('creates what the flags allow, as docker inspect shows', async () => {
    const spec: CreateSpec = {
      ...base('allowed'),
      mounts: [{ type: 'bind', source: outside, target: '/outside' }],
      hostAccess: { privileged: true, capAdd: ['NET_ADMIN'], hostPid: true },
      network: 'host',
      // Created only: this sandbox's dockerd cannot start privileged containers (it lacks CAP_SYS_RESOURCE itself).
      start: false,
    };
    const check = await open.client.call('create.check', { spec });
    expect(check.errors).toEqual([]);
    const res = await open.client.call('create.create', { spec });
    const c = JSON.parse(await dockerCli(['inspect', res.id]))[0];
    expect(c.HostConfig.Binds).toEqual([`${outside}:/outside`]);
    expect(c.HostConfig.Privileged).toBe(true);
    expect(c.HostConfig.CapAdd).toEqual(['NET_ADMIN']);
    expect(c.HostConfig.PidMode).toBe('host');
    expect(c.HostConfig.NetworkMode).toBe('host');
    await dockerCli(['rm', '-f', res.id]);
  });

  it('runs a container in the host PID namespace when allowed', async () => {
    const res = await open.client.call('create.create', { spec: { ...base('host-pid'), hostAccess: { hostPid: true, capAdd: ['NET_ADMIN'] } } });
    expect(res.started).toBe(true);
    // PID 1 inside is the machine's own first process, not the container's sleep.
    expect(await dockerCli(['exec', res.id, 'cat', '/proc/1/comm'])).not.toBe('sleep');
    await dockerCli(['rm', '-f', res.id]);
  });

  it('still refuses binds outside the folders it was given', async () => {
    const err = await refusal(open.client.call('create.create', { spec: { ...base('still-refused'), mounts: [{ type: 'bind', source: '/', target: '/host' }] } }));
    expect(err).toMatchObject({ code: 'permission-denied', field: 'mounts.0.source' });
    expect(await made()).toEqual([]);
  });
});
