import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BerthError } from '../../../shared/contract/errors';
import { harness, openTerminal, removeTestContainers, startContainer, top, until, type Harness } from './testkit';

/** Sessions nobody views are ended after the user's detached timeout (set to seconds here). */
const NAME = `berth-t-idle-${process.pid}`;

describe('detached terminal sessions', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-term-idle-'));
  let h: Harness;
  beforeAll(async () => {
    await removeTestContainers();
    await startContainer(NAME);
    h = await harness({ dataDir });
  });
  afterAll(async () => {
    await h?.dispose();
    await removeTestContainers();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const open = async (sleep: number) => {
    const s = await h.client.call('terminals.create', { kind: 'exec', container: NAME, cols: 80, rows: 24 });
    const t = openTerminal(h, s.id);
    await t.type(`sleep ${sleep} &\r`);
    await until(async () => new RegExp(`sleep ${sleep}`).test(await top(NAME)), `sleep ${sleep} to run`);
    return { s, t };
  };
  const info = async (id: string) => (await h.client.call('terminals.list', {})).find((x) => x.id === id);

  it('defaults to 15 minutes and keeps the time set under the data folder', async () => {
    expect(await h.client.call('terminals.settings', {})).toEqual({ detachedTimeoutSeconds: 900 });
    expect(await h.client.call('terminals.setSettings', { detachedTimeoutSeconds: 2 })).toEqual({ detachedTimeoutSeconds: 2 });
    const other = await harness({ dataDir });
    try {
      expect(await other.client.call('terminals.settings', {})).toEqual({ detachedTimeoutSeconds: 2 });
    } finally {
      await other.dispose();
    }
    for (const bad of [0, -5, 1.5, 8 * 24 * 3600]) {
      const e = await h.client.call('terminals.setSettings', { detachedTimeoutSeconds: bad }).catch((x: BerthError) => x);
      expect((e as BerthError).code, String(bad)).toBe('invalid-input');
    }
    expect(await h.client.call('terminals.settings', {})).toEqual({ detachedTimeoutSeconds: 2 });
  });

  it('ends a session nobody views after the timeout, with its processes, and says why', async () => {
    const { s, t } = await open(4501);
    expect((await info(s.id))?.viewers).toBe(1);
    expect((await info(s.id))?.detachedSince).toBeNull();
    t.ch.close();
    const detached = await until(async () => ((await info(s.id))?.viewers === 0 ? info(s.id) : undefined), 'the session to be detached');
    expect(detached?.detachedSince).toEqual(expect.any(Number));
    expect(detached!.endsAt! - detached!.detachedSince!).toBe(2000);
    const ended = await until(async () => ((await info(s.id))?.state === 'ended' ? info(s.id) : undefined), 'the idle expiry', 10_000);
    expect(ended?.endReason).toMatch(/Ended after 2 seconds with no window showing it/);
    expect(ended?.endsAt).toBeNull();
    expect(await top(NAME)).not.toMatch(/sleep 4501/);
    // A window that opens it later learns why.
    const late = openTerminal(h, s.id);
    await until(() => late.state.ended, 'the late stream to end');
    expect(late.state.events.at(-1)).toMatchObject({ type: 'ended', reason: expect.stringMatching(/no window showing it/) });
    await h.client.call('terminals.close', { id: s.id });
  });

  it('never ends a session while a window shows it, and a viewer coming back restarts the clock', async () => {
    const viewed = await open(4601);
    const { s, t } = await open(4602);
    t.ch.close();
    await new Promise((r) => setTimeout(r, 1200));
    const back = openTerminal(h, s.id);
    await until(async () => (await info(s.id))?.viewers === 1, 'the viewer to be back');
    await new Promise((r) => setTimeout(r, 2500));
    expect((await info(viewed.s.id))?.state).toBe('running');
    expect((await info(s.id))?.state).toBe('running');
    expect(await top(NAME)).toMatch(/sleep 4601[\s\S]*sleep 4602|sleep 4602[\s\S]*sleep 4601/);
    back.ch.close();
    await until(async () => (await info(s.id))?.state === 'ended', 'the expiry after the second detach', 10_000);
    await h.client.call('terminals.close', { id: s.id });
    await h.client.call('terminals.close', { id: viewed.s.id });
  });

  it('a longer time set while detached applies to sessions detached now', async () => {
    const { s, t } = await open(4701);
    t.ch.close();
    await until(async () => (await info(s.id))?.viewers === 0, 'detached');
    await h.client.call('terminals.setSettings', { detachedTimeoutSeconds: 600 });
    await new Promise((r) => setTimeout(r, 2500));
    const i = await info(s.id);
    expect(i?.state).toBe('running');
    expect(i!.endsAt! - i!.detachedSince!).toBe(600_000);
    // And a shorter one ends what has already been detached longer.
    await h.client.call('terminals.setSettings', { detachedTimeoutSeconds: 1 });
    await until(async () => (await info(s.id))?.state === 'ended', 'the expiry under the shorter time', 5_000);
    await h.client.call('terminals.close', { id: s.id });
  });
});
