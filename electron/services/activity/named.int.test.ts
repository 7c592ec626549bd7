import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../../../shared/contract/activity';
import { contract } from '../../../shared/contract';
import type { RunEvent } from '../../../shared/contract/runner';
import { createClient } from '../../../shared/rpc/client';
import { memoryPair } from '../../../shared/rpc/memory';
import { serve } from '../../../shared/rpc/server';
import { toErrorData } from '../engine/errors';
import { createServices, type Services } from '../index';
import { createRouter } from '../router';
import { dockerCli, removeLabelled, TEST_IMAGE, until } from '../testing/docker-cli';

const AREA = 'activity-named';
const NAME = `berth-int-activity-${process.pid}`;
let services: Services;
let api: ReturnType<typeof createClient<typeof contract>>;
let id: string;

beforeAll(async () => {
  await removeLabelled(AREA);
  services = createServices({ dataDir: mkdtempSync(join(tmpdir(), 'berth-int-activity-')) });
  const pair = memoryPair();
  serve(createRouter(services), pair.server, { id: 'test', host: 'memory' }, { toError: toErrorData, log: () => {} });
  api = createClient(contract, pair.client);
  await until(() => services.engine.status.state, (s) => s === 'connected');
  id = await dockerCli(['run', '-d', '--name', NAME, '--label', `berth.test=${AREA}`, TEST_IMAGE, 'sleep', '3600']);
});

afterAll(async () => {
  await removeLabelled(AREA);
  await services?.dispose();
});

/** Runs a script the way the Terminals view does and waits for its exit event. */
function run(script: string): Promise<Extract<RunEvent, { type: 'exit' }>> {
  return new Promise((resolve, reject) => {
    let exit: Extract<RunEvent, { type: 'exit' }> | undefined;
    api.open('runner.run', { containers: [id], script, timeoutSeconds: 30 }, {
      onEvent: (e) => {
        if (e.type === 'exit') exit = e;
      },
      onEnd: (err) => (exit ? resolve(exit) : reject(err ?? new Error('no exit event'))),
    });
  });
}

function upload(path: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const ch = api.open('files.upload', { id, target: '/tmp', source: { kind: 'files', files: [{ path, size: data.length }], folders: [] } }, {
      onEvent: () => {},
      onEnd: (err) => (err ? reject(err) : resolve()),
    });
    void (async () => {
      await ch.push({ t: 'chunk' }, data);
      await ch.push({ t: 'end' });
    })();
  });
}

async function entries(filter: { container?: string; action?: string } = {}): Promise<ActivityRecord[]> {
  return (await api.call('activity.list', filter)).entries;
}

describe('activity entries name the container, with the engine, and say how things really went', () => {
  it('an upload, a download and a command are found by the container name, stamped with the engine', async () => {
    await upload('hello.txt', Buffer.from('hello'));
    const ticket = await api.call('files.download', { id, path: '/tmp/hello.txt', asZip: false });
    const src: Readable = await services.downloads.take(ticket.url.split('/').pop()!).open(new AbortController().signal);
    for await (const _ of src) void _;
    expect(await run('echo fine')).toMatchObject({ outcome: 'exited', exitCode: 0 });

    const named = await until(() => entries({ container: NAME }), (es) => es.some((e) => e.action === 'files.download'));
    expect(named.map((e) => `${e.action}:${e.outcome}`)).toEqual(['runner.run:ok', 'files.download:ok', 'files.upload:ok']);
    for (const e of named) expect(e.target).toEqual({ id, name: NAME, engine: services.engine.endpoint.display });
    // The whole command line is kept, not just the program's name.
    expect(named[0]!.params).toMatchObject({ command: 'echo fine' });
  });

  it('a command that exits non-zero is recorded as failed, with its code', async () => {
    expect(await run('echo about to fail; exit 3')).toMatchObject({ outcome: 'exited', exitCode: 3 });
    const [last] = await entries({ container: NAME, action: 'runner.run' });
    expect(last).toMatchObject({ outcome: 'error', error: 'Exited with code 3', params: { command: 'echo about to fail; exit 3' } });
  });

  it('a name clash is recorded as refused, in words, with the engine text kept', async () => {
    await expect(
      api.call('create.create', { spec: { image: TEST_IMAGE, name: NAME, command: ['sleep', '60'], labels: { 'berth.test': AREA } } }),
    ).rejects.toMatchObject({ code: 'name-in-use' });
    const [last] = await entries({ action: 'container.create' });
    expect(last).toMatchObject({ outcome: 'refused', target: { name: NAME, engine: services.engine.endpoint.display } });
    expect(last!.params).toMatchObject({ image: TEST_IMAGE });
    expect((await api.call('activity.list', { outcome: 'refused' })).entries.map((e) => e.action)).toEqual(['container.create']);
  });

  it('an unknown network is refused too', async () => {
    await expect(
      api.call('create.create', { spec: { image: TEST_IMAGE, name: `${NAME}-net`, network: 'berth-no-such-network', command: ['sleep', '60'], labels: { 'berth.test': AREA } } }),
    ).rejects.toBeDefined();
    const [last] = await entries({ action: 'container.create' });
    expect(last).toMatchObject({ outcome: 'refused', error: expect.stringMatching(/no network "berth-no-such-network"/) });
  });

  it("an engine failure is put in words, the engine's own text kept as details", async () => {
    const broken = await dockerCli(['create', '--name', `${NAME}-broken`, '--label', `berth.test=${AREA}`, TEST_IMAGE, 'berth-no-such-program']);
    await expect(api.call('containers.act', { id: broken, action: 'start' })).rejects.toBeDefined();
    const [last] = await entries({ container: `${NAME}-broken` });
    expect(last).toMatchObject({
      action: 'container.start',
      outcome: 'error',
      target: { id: broken, name: `${NAME}-broken` },
      error: expect.stringMatching(/no program named “berth-no-such-program” on its PATH/),
      details: expect.stringMatching(/exec: "berth-no-such-program": executable file not found in \$PATH/),
    });
  });
});
