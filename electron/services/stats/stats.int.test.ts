import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsEvent, StatsSample } from '../../../shared/contract/stats';
import { BUSYBOX, docker, harness } from '../logs/int.testkit';
import { StatsHub } from './hub';

type H = Awaited<ReturnType<typeof harness>>;
let h: H;
let busy = '';
let idle = '';
let stopped = '';

async function waitFor(cond: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  h = await harness('stats');
  // A busy loop, a memory limit, and some network traffic to itself.
  busy = await docker('run', '-d', '--label', h.label, '--memory', '64m', BUSYBOX, 'sh', '-c', 'while :; do :; done');
  idle = await docker('run', '-d', '--label', h.label, BUSYBOX, 'sleep', '3600');
  stopped = await docker('create', '--label', h.label, BUSYBOX, 'sleep', '3600');
});
afterAll(() => h?.dispose());

describe('stats.watch', () => {
  it('streams samples only for the containers asked for, computed like the CLI, and stops the engine stream when the view closes', async () => {
    const hub = h.services.statsHub;
    expect(hub.openStreams).toBe(0);
    const samples: StatsSample[] = [];
    const idles: string[] = [];
    const ch = h.client.open('stats.watch', { ids: [busy, stopped] }, {
      onEvent(ev: StatsEvent) {
        if (ev.type === 'samples') samples.push(...ev.samples);
        if (ev.type === 'idle') idles.push(ev.id);
      },
    });
    await waitFor(() => samples.filter((s) => s.id === busy).length >= 3, 15_000, 'three samples');
    // The stopped container gets no stream, only an idle notice; the idle one was not asked for.
    expect(idles).toContain(stopped);
    expect(samples.every((s) => s.id === busy)).toBe(true);
    expect(hub.openStreams).toBe(1);
    const last = samples[samples.length - 1]!;
    expect(last.cpuPercent).toBeGreaterThan(20); // a busy loop on one core
    expect(last.memLimit).toBe(64 * 1024 * 1024);
    expect(last.memUsed).toBeGreaterThan(0);
    expect(last.memUsed).toBeLessThan(last.memLimit);
    expect(last.pids).toBeGreaterThanOrEqual(1);
    ch.close();
    // The hub lingers a few seconds (tab switches, scrolling), then destroys the engine stream.
    await waitFor(() => hub.openStreams === 0, 10_000, 'the engine stream to close');
    const count = samples.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(samples.length).toBe(count);
  });

  it('shares one engine stream between viewers, sends history for charts, and follows a start', async () => {
    const hub = new StatsHub(h.services, 50);
    const a: StatsSample[] = [];
    const b: StatsSample[] = [];
    const idles: string[] = [];
    const offA = hub.subscribe(idle, { sample: (s) => a.push(s), idle: () => {} });
    const offB = hub.subscribe(idle, { sample: (s) => b.push(s), idle: () => {} });
    await waitFor(() => a.length >= 2 && b.length >= 2, 15_000, 'samples for both viewers');
    expect(hub.openStreams).toBe(1);
    expect(hub.history(idle).length).toBeGreaterThanOrEqual(2);
    offA();
    await new Promise((r) => setTimeout(r, 200));
    expect(hub.openStreams).toBe(1); // one viewer remains
    offB();
    await waitFor(() => hub.openStreams === 0, 5000, 'close after the last viewer');

    // A watched container that starts later is picked up by the engine's start event.
    const late: StatsSample[] = [];
    const offLate = hub.subscribe(stopped, { sample: (s) => late.push(s), idle: (r) => idles.push(r) });
    await waitFor(() => idles.length > 0, 5000, 'idle');
    await docker('start', stopped);
    await waitFor(() => late.length >= 1, 15_000, 'a sample after start');
    offLate();
    hub.dispose();
    expect(hub.openStreams).toBe(0);
  });

  it('refuses more ids than a view can show', async () => {
    const ids = Array.from({ length: 501 }, (_, i) => `c${i}`);
    const err = await new Promise((resolve) => h.client.open('stats.watch', { ids }, { onEvent: () => {}, onEnd: resolve }));
    expect(err).toMatchObject({ code: 'invalid-input' });
  });
});
