import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BerthError } from '../../../shared/contract/errors';
import { dockerCli, removeLabelled, TEST_IMAGE } from '../testing/docker-cli';
import { Engine } from './engine';

const LABEL = 'berth.test=engine-port';
let engine: Engine;
let id: string;

beforeAll(async () => {
  engine = new Engine();
  engine.start();
  if (!(await engine.waitConnected(10_000))) throw new Error('engine not connected');
  id = await dockerCli(['run', '-d', '--label', LABEL, '--name', `berth-port-${process.pid}`, TEST_IMAGE, 'sh', '-c', 'echo hello; echo oops >&2; sleep 3600']);
});
afterAll(async () => {
  await engine?.stop();
  await removeLabelled('engine-port');
});

/** What a call threw, as the caller sees it. */
async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

describe('the engine port over dockerode (real dockerd)', () => {
  it('answers in our shapes: list by label, inspect, info, images, networks', async () => {
    const listed = await engine.port.listContainers({ labels: [LABEL] });
    expect(listed.map((c) => c.Id)).toEqual([id]);
    expect(listed[0]!.Names).toEqual([`/berth-port-${process.pid}`]);
    const info = await engine.port.inspectContainer(id.slice(0, 12));
    expect(info.Id).toBe(id);
    expect(info.State.Running).toBe(true);
    expect(info.Config.Labels?.['berth.test']).toBe('engine-port');
    expect((await engine.port.info()).NCPU).toBeGreaterThan(0);
    expect((await engine.port.listImages()).some((i) => (i.RepoTags ?? []).includes(TEST_IMAGE))).toBe(true);
    expect((await engine.port.listNetworks()).map((n) => n.Name)).toContain('bridge');
  });

  it('maps every failure to a BerthError once, in the port', async () => {
    const missing = await thrown(engine.port.inspectContainer('berth-no-such-container'));
    expect(missing).toBeInstanceOf(BerthError);
    expect(missing).toMatchObject({ code: 'not-found' });
    expect(await thrown(engine.port.inspectImage('berth-test/never-there:latest'))).toMatchObject({ code: 'image-not-found' });
    expect(await thrown(engine.port.unpauseContainer(id))).toMatchObject({ code: 'wrong-state' });
    // A missing path and a missing container are both not-found; the engine's sentence tells them apart.
    const path = await thrown(engine.port.getArchive(id, '/no/such/path'));
    expect(path).toMatchObject({ code: 'not-found' });
    expect((path as Error).message).not.toMatch(/no such container/i);
    expect(((await thrown(engine.port.getArchive('berth-no-such-container', '/'))) as Error).message).toMatch(/no such container/i);
  });

  it('streams stay streams: a log and an exec hand back node streams', async () => {
    const log = await engine.port.openLogs(id, { follow: false, timestamps: false });
    const chunks: Buffer[] = [];
    for await (const c of log) chunks.push(c as Buffer);
    // Multiplexed frames (the engine's header: stream 1 or 2, then the length), not a buffered whole.
    const raw = Buffer.concat(chunks);
    expect([1, 2]).toContain(raw[0]);
    expect(raw.toString('latin1')).toContain('hello');
    expect(raw.toString('latin1')).toContain('oops');
    const exec = await engine.port.createExec(id, { Cmd: ['sh', '-c', 'exit 3'], AttachStdout: true, AttachStderr: true });
    const s = await exec.start({ stdin: false });
    await new Promise((r) => s.on('close', r).on('end', r).resume());
    let state = await exec.inspect();
    for (let i = 0; i < 20 && state.Running; i++) state = (await new Promise((r) => setTimeout(r, 50)), await exec.inspect());
    expect(state).toMatchObject({ Running: false, ExitCode: 3 });
  });

  it('says the engine is unreachable when it is not connected, without touching a socket', async () => {
    const down = new Engine({ dockerHost: 'unix:///nonexistent/berth-port.sock', retryDelays: [60_000] });
    expect(await thrown(down.port.listContainers())).toMatchObject({ code: 'engine-unreachable' });
    await down.stop();
  });
});
