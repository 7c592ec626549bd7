import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../../../shared/contract/activity';
import { BUSYBOX, harness } from '../logs/int.testkit';

type H = Awaited<ReturnType<typeof harness>>;
let h: H;
beforeAll(async () => {
  h = await harness('activity');
});
afterAll(() => h?.dispose());

describe('activity over the bridge, with real engine actions', () => {
  it('every tracked action writes its line; list filters it and watch sees it live', async () => {
    const live: ActivityRecord[] = [];
    const ch = h.client.open('activity.watch', { action: 'container.' }, { onEvent: (r) => live.push(r) });
    const port = h.services.engine.port;
    const created = await h.services.activity.track('container.create', { id: 'pending', name: 'berth-act' }, { image: BUSYBOX, env: ['API_TOKEN=abc123'] }, () =>
      port.createContainer({ Image: BUSYBOX, Cmd: ['sleep', '3600'], Labels: { 'berth.test': 'activity' }, HostConfig: { RestartPolicy: { Name: '', MaximumRetryCount: 0 } } }),
    );
    await h.services.activity.track('container.start', { id: created.id }, {}, () => port.startContainer(created.id));
    await expect(
      h.services.activity.track('container.start', { id: 'berth-no-such' }, {}, async () => {
        try {
          await port.startContainer('berth-no-such');
        } catch (e) {
          throw h.services.engine.fail(e);
        }
      }),
    ).rejects.toMatchObject({ code: 'not-found' });
    await h.services.activity.track('container.remove', { id: created.id }, { force: true }, () => port.removeContainer(created.id, { force: true }));

    const all = await h.client.call('activity.list', {});
    expect(all.entries.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'container.remove:ok',
      'container.start:error',
      'container.start:ok',
      'container.create:ok',
    ]);
    expect(all.entries[3]!.params).toEqual({ image: BUSYBOX, env: ['API_TOKEN=[redacted]'] });
    expect(all.entries[1]!.error).toMatch(/berth-no-such/);
    expect((await h.client.call('activity.list', { outcome: 'error' })).entries).toHaveLength(1);
    expect((await h.client.call('activity.list', { container: created.id.slice(0, 12) })).entries).toHaveLength(2);
    expect((await h.client.call('activity.list', { container: 'berth-act' })).entries).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(live.map((r) => r.action)).toEqual(['container.create', 'container.start', 'container.start', 'container.remove']);
    ch.close();
  });

  it('survives a restart: a new log over the same file reads what was written', async () => {
    const { ActivityLog } = await import('./log');
    const again = new ActivityLog((h.services.activity as unknown as { file: string }).file);
    const { readActivity } = await import('./reader');
    const list = await readActivity(again.files(), {}, 100);
    expect(list.entries.length).toBeGreaterThanOrEqual(4);
  });

  it('a bad filter is refused with its field named', async () => {
    await expect(h.client.call('activity.list', { outcome: 'maybe' as never })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('outcome') });
  });
});
