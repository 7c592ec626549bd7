import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogsEvent } from '../../../shared/contract/logs';
import { EngineRelay } from '../testing/engine-relay';
import { BUSYBOX, docker, harness } from './int.testkit';

type H = Awaited<ReturnType<typeof harness>>;
let h: H;
const relay = new EngineRelay('logs');

beforeAll(async () => {
  await relay.listen();
  h = await harness('logs-resume', { dockerHost: relay.dockerHost, retryDelays: [100, 200] });
});
afterAll(async () => {
  await h?.dispose();
  await relay.cut();
});

async function waitFor(cond: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The numbers of `prefix-N` lines, in the order they arrived. */
const numbers = (lines: string[], prefix: string) =>
  lines.map((l) => new RegExp(`^\\S+Z ${prefix}-(\\d+)$`).exec(l)).filter((m) => m !== null).map((m) => Number(m[1]));

describe('logs follow across a lost engine', () => {
  it('resumes from the last line sent when the engine is back: no line twice, none missing at the seam', async () => {
    // stdout every 10 ms, stderr every third line: both streams cross the seam.
    const script = 'i=0; while :; do i=$((i+1)); echo out-$i; [ $((i % 3)) = 0 ] && echo err-$i >&2; usleep 10000; done';
    const id = await docker('run', '-d', '--label', h.label, BUSYBOX, 'sh', '-c', script);
    const events: LogsEvent['type'][] = [];
    const got = { stdout: [] as string[], stderr: [] as string[] };
    const decoder = new TextDecoder();
    const ch = h.client.open('logs.stream', { ids: [id], tail: 'all', follow: true }, {
      onEvent(ev: LogsEvent, bytes) {
        events.push(ev.type);
        if (ev.type !== 'lines') return;
        const parts = decoder.decode(bytes).split('\n');
        expect(parts.pop()).toBe('');
        got[ev.stream === 'stderr' ? 'stderr' : 'stdout'].push(...parts);
      },
      onEnd() {},
    });
    try {
      await waitFor(() => got.stdout.length >= 50, 10_000, 'lines before the cut');
      await relay.cut();
      const atCut = got.stdout.length;
      // The container keeps writing while the engine is away from us.
      await new Promise((r) => setTimeout(r, 1_000));
      await relay.listen();
      await waitFor(() => got.stdout.length >= atCut + 150, 15_000, 'lines after the engine came back');
      expect(events.filter((e) => e === 'source-interrupted')).toHaveLength(1);
      expect(events.indexOf('source-resumed')).toBeGreaterThan(events.indexOf('source-interrupted'));
      expect(events).not.toContain('source-ended');
      for (const [stream, prefix, step] of [['stdout', 'out', 1], ['stderr', 'err', 3]] as const) {
        const ns = numbers(got[stream], prefix);
        expect(ns.length).toBe(got[stream].length);
        const expected = Array.from({ length: ns.length }, (_, k) => ns[0]! + k * step);
        expect(ns).toEqual(expected);
      }
    } finally {
      ch.close();
    }
  });
});
