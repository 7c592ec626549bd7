import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsEvent } from '../../../shared/contract/stats';
import { BUSYBOX, docker, harness } from '../logs/int.testkit';

type H = Awaited<ReturnType<typeof harness>>;
let h: H;

beforeAll(async () => {
  h = await harness('stats-alias');
});
afterAll(() => h?.dispose());

async function waitFor(cond: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('stats.watch with many names for one container', () => {
  it('opens one engine stream, however many refs name it (a channel counts as one engine stream against the cap)', async () => {
    const id = await docker('run', '-d', '--label', h.label, BUSYBOX, 'sleep', '3600');
    const name = (await docker('inspect', '-f', '{{.Name}}', id)).replace(/^\//, '');
    // Every unique prefix of the id and the name: each is a valid ref the engine accepts.
    const refs = [name, ...Array.from({ length: 20 }, (_, i) => id.slice(0, 12 + i * 2))];
    const hub = h.services.statsHub;
    const seen = new Map<string, number>();
    const ch = h.client.open('stats.watch', { ids: refs }, {
      onEvent(ev: StatsEvent) {
        if (ev.type === 'samples') for (const s of ev.samples) seen.set(s.id, (seen.get(s.id) ?? 0) + 1);
      },
    });
    // Every ref is answered under its own name...
    await waitFor(() => refs.every((r) => (seen.get(r) ?? 0) >= 2), 20_000, 'samples for every ref');
    // ...from one engine stream.
    expect(hub.openStreams).toBe(1);
    ch.close();
    await waitFor(() => hub.openStreams === 0, 10_000, 'the stream to close after the view');
  }, 40_000);
});
