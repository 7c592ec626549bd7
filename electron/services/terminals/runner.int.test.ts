import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BerthError } from '../../../shared/contract/errors';
import type { JobEvent, RunEvent, RunInput } from '../../../shared/contract/runner';
import { docker, harness, removeTestContainers, startContainer, top, until, type Harness } from './testkit';

const A = `berth-t-run-a-${process.pid}`;
const B = `berth-t-run-b-${process.pid}`;

interface Collected {
  events: RunEvent[];
  out: Record<string, { stdout: Buffer[]; stderr: Buffer[] }>;
  ended: boolean;
  error?: BerthError;
}

function startRun(h: Harness, input: RunInput) {
  const c: Collected = { events: [], out: {}, ended: false };
  const ch = h.client.open('runner.run', input, {
    onEvent(ev, bytes) {
      c.events.push(ev);
      if (ev.type === 'output' && bytes) {
        const o = (c.out[ev.container] ??= { stdout: [], stderr: [] });
        o[ev.stream].push(Buffer.from(bytes));
      }
    },
    onEnd(err) {
      c.ended = true;
      c.error = err;
    },
  });
  const text = (container: string, stream: 'stdout' | 'stderr') => Buffer.concat(c.out[container]?.[stream] ?? []).toString('utf8');
  const exit = (container: string) => c.events.find((e): e is Extract<RunEvent, { type: 'exit' }> => e.type === 'exit' && e.container === container);
  const finished = () => until(() => c.ended, 'the run to end', 30_000);
  return { c, ch, text, exit, finished };
}

describe('command runner against the real engine', () => {
  let h: Harness;
  beforeAll(async () => {
    await removeTestContainers();
    await Promise.all([startContainer(A), startContainer(B)]);
    h = await harness();
  });
  afterAll(async () => {
    await h?.dispose();
    await removeTestContainers();
  });

  it('runs a multi-line script in two containers: stdout and stderr apart, exit codes, durations', async () => {
    const r = startRun(h, { containers: [A, B], script: 'echo out-$(hostname | head -c 0)ok\necho err-ok >&2\n[ "$(hostname)" = "$(cat /etc/hostname)" ] && exit 3', timeoutSeconds: 20 });
    await r.finished();
    expect(r.c.error).toBeUndefined();
    for (const name of [A, B]) {
      expect(r.text(name, 'stdout')).toBe('out-ok\n');
      expect(r.text(name, 'stderr')).toBe('err-ok\n');
      const exit = r.exit(name);
      expect(exit?.outcome).toBe('exited');
      expect(exit?.exitCode).toBe(3);
      expect(exit?.durationMs).toBeGreaterThan(0);
    }
    expect(r.c.events.at(-1)).toEqual({ type: 'done' });
    expect(r.c.events.filter((e) => e.type === 'started').map((e) => e.type === 'started' && e.name).sort()).toEqual([A, B].sort());
  });

  it('carries binary output byte-exact without a TTY', async () => {
    await docker('exec', A, 'sh', '-c', 'head -c 4000000 /dev/urandom > /tmp/blob');
    const expected = (await docker('exec', A, 'sh', '-c', 'sha256sum /tmp/blob')).split(' ')[0];
    const r = startRun(h, { containers: [A], script: 'cat /tmp/blob', timeoutSeconds: 30 });
    await r.finished();
    const got = Buffer.concat(r.c.out[A]?.stdout ?? []);
    expect(got.length).toBe(4_000_000);
    expect(createHash('sha256').update(got).digest('hex')).toBe(expected);
    expect(r.exit(A)?.exitCode).toBe(0);
  });

  it('reports a missing command with exit code 127 and a clear message', async () => {
    const r = startRun(h, { containers: [A], script: 'no-such-command-xyz', timeoutSeconds: 10 });
    await r.finished();
    expect(r.exit(A)?.exitCode).toBe(127);
    expect(r.exit(A)?.error?.message).toMatch(/not found/i);
    expect(r.text(A, 'stderr')).toMatch(/no-such-command-xyz/);
  });

  it('stops at the timeout, says so, keeps what was printed, and leaves no process', async () => {
    const r = startRun(h, { containers: [A], script: 'echo partial; sleep 6123; echo never', timeoutSeconds: 1 });
    await r.finished();
    expect(r.exit(A)?.outcome).toBe('timeout');
    expect(r.text(A, 'stdout')).toBe('partial\n');
    expect(r.exit(A)?.durationMs).toBeGreaterThanOrEqual(1000);
    expect(await top(A)).not.toMatch(/sleep 6123/);
  });

  it('cancels one container or all, killing the processes', async () => {
    const r = startRun(h, { containers: [A, B], script: 'echo started; sleep 6234', timeoutSeconds: 0 });
    await until(() => r.text(A, 'stdout') === 'started\n' && r.text(B, 'stdout') === 'started\n', 'both to start');
    await r.ch.push({ type: 'cancel', container: A });
    await until(() => r.exit(A), 'A to be cancelled');
    expect(r.exit(A)?.outcome).toBe('cancelled');
    expect(r.exit(B)).toBeUndefined();
    expect(await top(A)).not.toMatch(/sleep 6234/);
    expect(await top(B)).toMatch(/sleep 6234/);
    await r.ch.push({ type: 'cancel' });
    await r.finished();
    expect(r.exit(B)?.outcome).toBe('cancelled');
    expect(await top(B)).not.toMatch(/sleep 6234/);
  });

  it('kills what still runs when the channel is closed', async () => {
    const r = startRun(h, { containers: [A], script: 'sleep 6345', timeoutSeconds: 0 });
    await until(async () => /sleep 6345/.test(await top(A)), 'the sleep');
    r.ch.close();
    await until(async () => !/sleep 6345/.test(await top(A)), 'the sleep to be killed');
  });

  it('reports per container when one target cannot run', async () => {
    const stopped = `${A}-stopped`;
    await docker('create', '--label', 'berth.test=terminals', '--name', stopped, 'berth-test/busybox:latest', 'true');
    const r = startRun(h, { containers: [A, stopped, 'berth-no-such-container'], script: 'echo fine', timeoutSeconds: 10 });
    await r.finished();
    expect(r.exit(A)?.exitCode).toBe(0);
    expect(r.exit(stopped)?.outcome).toBe('failed');
    expect(r.exit(stopped)?.error?.code).toBe('wrong-state');
    expect(r.exit('berth-no-such-container')?.error?.code).toBe('not-found');
    const bad = await h.client.call('runner.startBackground', { containers: [A], script: '   ' }).catch((e: BerthError) => e);
    expect((bad as BerthError).code).toBe('invalid-input');
  });

  it('runs in the background: output kept, viewable later, killable', async () => {
    const [job] = await h.client.call('runner.startBackground', { containers: [A], script: 'echo bg-one; echo bg-err >&2; sleep 6456' });
    expect(job?.state).toBe('running');
    await until(async () => /sleep 6456/.test(await top(A)), 'the job to run');
    const seen: Array<[string, string]> = [];
    const infos: JobEvent[] = [];
    const view = h.client.open('runner.jobOutput', { id: job!.id }, {
      onEvent(ev, bytes) {
        if (ev.type === 'output' && bytes) seen.push([ev.stream, Buffer.from(bytes).toString()]);
        else infos.push(ev);
      },
    });
    await until(() => infos.some((e) => e.type === 'replayed'), 'the kept output');
    expect(seen).toContainEqual(['stdout', 'bg-one\n']);
    expect(seen).toContainEqual(['stderr', 'bg-err\n']);
    expect((await h.client.call('runner.jobs', {})).map((j) => j.id)).toContain(job!.id);
    const killed = await h.client.call('runner.killJob', { id: job!.id });
    expect(killed.state).toBe('killed');
    expect(await top(A)).not.toMatch(/sleep 6456/);
    await until(() => infos.some((e) => e.type === 'info' && e.job.state === 'killed'), 'the viewer to hear of it');
    view.close();
    await h.client.call('runner.removeJob', { id: job!.id });
    expect((await h.client.call('runner.jobs', {})).map((j) => j.id)).not.toContain(job!.id);
  });
});
