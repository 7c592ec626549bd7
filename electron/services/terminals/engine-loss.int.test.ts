import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EngineRelay } from '../testing/engine-relay';
import { docker, harness, openTerminal, removeTestContainers, startContainer, top, until, type Harness } from './testkit';

/**
 * The engine goes away under a running shell (a relay in front of the real
 * socket is cut), while the docker CLI on the real socket watches what keeps
 * running in the container.
 */
const NAME = `berth-t-lost-${process.pid}`;
const sleeps = (n: number) => new RegExp(`sleep ${n}`);

describe('terminals when the engine is lost', () => {
  const relay = new EngineRelay('term');
  const harnesses: Harness[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    await removeTestContainers();
    await startContainer(NAME);
  });
  afterEach(async () => {
    await relay.listen().catch(() => undefined);
    for (const h of harnesses.splice(0)) await h.dispose();
  });
  afterAll(async () => {
    await relay.cut();
    await removeTestContainers();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function shellWithSleeps(h: Harness, a: number, b: number) {
    const s = await h.client.call('terminals.create', { kind: 'exec', container: NAME, cols: 80, rows: 24 });
    const t = openTerminal(h, s.id);
    await t.type(`sleep ${a} & sleep ${b}\r`);
    await until(async () => sleeps(a).test(await top(NAME)) && sleeps(b).test(await top(NAME)), 'the sleeps to run');
    return { s, t };
  }

  async function lose(t: ReturnType<typeof openTerminal>) {
    await relay.cut();
    const ended = await until(() => t.state.events.find((e) => e.type === 'ended'), 'the ended notice');
    return ended.type === 'ended' ? ended.reason : '';
  }

  it('says the engine was lost (not "the container is gone"), and ends the shell when the engine is back', async () => {
    await relay.listen();
    const h = await harness({ dockerHost: relay.dockerHost });
    harnesses.push(h);
    const { s, t } = await shellWithSleeps(h, 4101, 4102);
    const reason = await lose(t);
    expect(reason).toMatch(/lost the connection to the container engine/i);
    expect(reason).not.toMatch(/container is gone/i);
    // The witness: the shell and its jobs still run in the container while the engine is away from us.
    const during = await top(NAME);
    expect(during).toMatch(sleeps(4101));
    expect(during).toMatch(sleeps(4102));
    await relay.listen();
    await until(async () => !/sleep 410[12]/.test(await top(NAME)), 'the left-behind tree to be ended', 20_000);
    expect(await top(NAME)).not.toMatch(/\bsh\b/);
    const info = (await h.client.call('terminals.list', {})).find((x) => x.id === s.id);
    expect(info?.state).toBe('ended');
    await until(async () => /ended the shell when the engine answered/.test((await h.client.call('terminals.list', {})).find((x) => x.id === s.id)?.endReason ?? ''), 'the updated reason');
  });

  it('closing a tab that ended with the engine away still ends its process tree once the engine returns', async () => {
    await relay.listen();
    const h = await harness({ dockerHost: relay.dockerHost });
    harnesses.push(h);
    const { s, t } = await shellWithSleeps(h, 4201, 4202);
    await lose(t);
    await h.client.call('terminals.close', { id: s.id });
    expect((await h.client.call('terminals.list', {})).map((x) => x.id)).not.toContain(s.id);
    expect(await top(NAME)).toMatch(sleeps(4202));
    await relay.listen();
    await until(async () => !/sleep 420[12]/.test(await top(NAME)), 'the closed session\'s tree to be ended', 20_000);
  });

  it('closing a running tab while the engine is away ends its tree when the engine returns', async () => {
    await relay.listen();
    const h = await harness({ dockerHost: relay.dockerHost });
    harnesses.push(h);
    const { s } = await shellWithSleeps(h, 4301, 4302);
    // Cut without waiting for the tab to notice: the close races the loss.
    const cut = relay.cut();
    await h.client.call('terminals.close', { id: s.id });
    await cut;
    expect(await top(NAME)).toMatch(sleeps(4302));
    await relay.listen();
    await until(async () => !/sleep 430[12]/.test(await top(NAME)), 'the tree to be ended', 20_000);
  });

  it('an attached tab says the engine was lost, and the container keeps running', async () => {
    const tty = `${NAME}-tty`;
    await startContainer(tty, { tty: true, cmd: ['sh'] });
    await relay.listen();
    const h = await harness({ dockerHost: relay.dockerHost });
    harnesses.push(h);
    const s = await h.client.call('terminals.create', { kind: 'attach', container: tty, cols: 80, rows: 24 });
    const t = openTerminal(h, s.id);
    await t.type('echo "attached-""ok"\r');
    await until(() => t.text().includes('attached-ok'), 'output of the main process');
    const reason = await lose(t);
    expect(reason).toMatch(/lost the connection to the container engine/i);
    expect(reason).not.toMatch(/container is gone/i);
    expect(await docker('inspect', '-f', '{{.State.Running}}', tty)).toBe('true');
  });

  it('remembers what to end across a restart of the host made while the engine was away', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'berth-term-lost-'));
    dirs.push(dataDir);
    await relay.listen();
    const first = await harness({ dockerHost: relay.dockerHost, dataDir });
    const { t } = await shellWithSleeps(first, 4401, 4402);
    await lose(t);
    await first.dispose();
    const journal = JSON.parse(readFileSync(join(dataDir, 'terminals', 'shells-to-end.json'), 'utf8')) as unknown[];
    expect(journal).toHaveLength(1);
    expect(await top(NAME)).toMatch(sleeps(4402));
    // A new host on the same data folder, and the engine back.
    await relay.listen();
    const second = await harness({ dockerHost: relay.dockerHost, dataDir });
    harnesses.push(second);
    await until(async () => !/sleep 440[12]/.test(await top(NAME)), 'the journalled tree to be ended', 20_000);
    await until(() => (JSON.parse(readFileSync(join(dataDir, 'terminals', 'shells-to-end.json'), 'utf8')) as unknown[]).length === 0, 'the journal to empty');
  });
});
