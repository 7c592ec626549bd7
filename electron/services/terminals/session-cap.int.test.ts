import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, harness, startContainer, top, until, type Harness } from './testkit';

const NAME = `berth-t-cap-${process.pid}`;
const MAX = 3;

describe('running terminal sessions are capped', () => {
  let h: Harness;
  beforeAll(async () => {
    await startContainer(NAME);
    h = await harness({ maxRunningSessions: MAX });
  });
  afterAll(async () => {
    await h?.dispose();
    await docker('rm', '-f', NAME).catch(() => '');
  });

  const shell = () => h.client.call('terminals.create', { kind: 'exec', container: NAME, cols: 80, rows: 24 });

  it('creates sent together stop at the cap with a clear error, start no shell past it, and a closed session frees its place', async () => {
    const results = await Promise.allSettled(Array.from({ length: MAX + 3 }, () => shell()));
    const made = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ id: string }>).value);
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as { code: string; message: string });
    expect(made).toHaveLength(MAX);
    expect(refused).toHaveLength(3);
    for (const e of refused) {
      expect(e.code).toBe('too-large');
      expect(e.message).toMatch(/3 terminal sessions are running: close some/);
    }
    // The engine is the witness: only MAX shells run in the container.
    await until(async () => ((await top(NAME)).match(/\bsh\b/g) ?? []).length === MAX || undefined, 'MAX shells in the container');
    await h.client.call('terminals.close', { id: made[0]!.id });
    const again = await shell();
    expect(again.state).toBe('running');
    for (const s of [...made.slice(1), again]) await h.client.call('terminals.close', { id: s.id });
  }, 60_000);
});
