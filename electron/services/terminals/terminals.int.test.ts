import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BerthError } from '../../../shared/contract/errors';
import { terminalsContract } from '../../../shared/contract/terminals';
import { docker, harness, openTerminal, removeTestContainers, startContainer, top, until, type Harness } from './testkit';

const NAME = `berth-t-term-${process.pid}`;

describe('terminal sessions against the real engine', () => {
  let h: Harness;
  beforeAll(async () => {
    await removeTestContainers();
    await startContainer(NAME);
    h = await harness({ allowHostShell: true });
  });
  afterAll(async () => {
    await h?.dispose();
    await removeTestContainers();
  });

  const shell = (extra: { user?: string; workingDir?: string; shell?: string } = {}) =>
    h.client.call('terminals.create', { kind: 'exec', container: NAME, cols: 120, rows: 40, ...extra });

  it('echoes a command round trip through a TTY exec with the auto-picked shell', async () => {
    const s = await shell();
    expect(s.shell).toBe('sh'); // busybox: no bash
    expect(s.container?.name).toBe(NAME);
    const t = openTerminal(h, s.id);
    await t.type('echo hello-$((6*7))\r');
    await until(() => t.text().includes('hello-42'), 'the echo');
    await h.client.call('terminals.close', { id: s.id });
  });

  it('resizes the TTY: stty size inside agrees', async () => {
    const s = await shell();
    const t = openTerminal(h, s.id);
    await until(() => t.text().length > 0, 'a prompt');
    await t.type('stty size\r');
    await until(() => t.text().includes('40 120'), 'initial size');
    await h.client.call('terminals.resize', { id: s.id, cols: 101, rows: 33 });
    await t.type('stty size\r');
    await until(() => t.text().includes('33 101'), 'resized size');
    await h.client.call('terminals.close', { id: s.id });
  });

  it('carries a few MB through the TTY byte-exact (CRLF normalised)', async () => {
    await docker('exec', NAME, 'sh', '-c', 'head -c 3000000 /dev/urandom | base64 > /tmp/big.txt');
    const expected = await docker('exec', NAME, 'cat', '/tmp/big.txt');
    const s = await shell();
    const t = openTerminal(h, s.id);
    // The markers are quoted in the typed line, so the echoed command never matches them.
    await t.type('echo "BEG""IN"; cat /tmp/big.txt; echo "EN""D"\r');
    await until(() => /\nEND\r?\n/.test(t.text()), 'the end marker', 30_000);
    const text = t.text().replace(/\r\n/g, '\n');
    const body = text.slice(text.indexOf('BEGIN\n') + 6, text.lastIndexOf('\nEND\n'));
    expect(body.length).toBe(expected.length);
    expect(createHash('sha256').update(body).digest('hex')).toBe(createHash('sha256').update(expected).digest('hex'));
    await h.client.call('terminals.close', { id: s.id });
  });

  it('leaves no exec process behind in the container when a tab closes', async () => {
    const s = await shell();
    const t = openTerminal(h, s.id);
    await t.type('sleep 4242 & sleep 4343\r');
    await until(async () => /sleep 4343/.test(await top(NAME)) && /sleep 4242/.test(await top(NAME)), 'the sleeps to run');
    await h.client.call('terminals.close', { id: s.id });
    const after = await top(NAME);
    expect(after).not.toMatch(/sleep 4242|sleep 4343/);
    expect(after).not.toMatch(/\bsh\b/);
    await until(() => t.state.ended, 'the stream to end');
  });

  it('pauses a flood (yes) by flow control, and Ctrl+C stops it promptly', async () => {
    const s = await shell();
    const t = openTerminal(h, s.id, { hold: true });
    await t.type('yes\r');
    const window = terminalsContract['terminals.stream'].flow!.high;
    await until(() => t.state.received > window, 'the flood');
    await new Promise((r) => setTimeout(r, 1000));
    // yes writes hundreds of MB a second; without acks we must have got at most a window and a batch.
    const got = t.state.received;
    expect(got).toBeLessThan(window + 2 * 128 * 1024 + 64 * 1024);
    await new Promise((r) => setTimeout(r, 300));
    expect(t.state.received).toBe(got);
    // Keep consuming (acking as we go), interrupt, and get the prompt back.
    const pump = setInterval(t.release, 5);
    try {
      await t.type('\x03');
      await t.type('echo after-$((40+2))\r');
      await until(() => t.text().slice(-4000).includes('after-42'), 'the prompt after Ctrl+C', 15_000);
    } finally {
      clearInterval(pump);
      t.release();
    }
    expect(await top(NAME)).not.toMatch(/\byes\b/);
    await h.client.call('terminals.close', { id: s.id });
  });

  it('replays the latest output to a reopened stream, as after a renderer reload', async () => {
    const s = await shell();
    const first = openTerminal(h, s.id);
    await first.type('echo "reload-""marker"\r');
    await until(() => first.text().includes('reload-marker'), 'the marker');
    first.ch.close();
    const listed = await h.client.call('terminals.list', {});
    expect(listed.map((x) => x.id)).toContain(s.id);
    const second = openTerminal(h, s.id);
    await until(() => second.state.events.some((e) => e.type === 'replayed'), 'the replay');
    const replayedIndex = second.state.events.findIndex((e) => e.type === 'replayed');
    expect(replayedIndex).toBeGreaterThan(0);
    expect(second.text()).toContain('reload-marker');
    // Still live after the replay.
    await second.type('echo "still-""live"\r');
    await until(() => second.text().includes('still-live'), 'live output after replay');
    await h.client.call('terminals.close', { id: s.id });
  });

  it('interrupt, terminate and kill reach the foreground job', async () => {
    const s = await shell();
    const t = openTerminal(h, s.id);
    for (const signal of ['interrupt', 'terminate', 'kill'] as const) {
      await t.type(`sleep 5${signal.length}00\r`);
      await until(async () => new RegExp(`sleep 5${signal.length}00`).test(await top(NAME)), `sleep for ${signal}`);
      await h.client.call('terminals.signal', { id: s.id, signal });
      await until(async () => !new RegExp(`sleep 5${signal.length}00`).test(await top(NAME)), `${signal} to end the sleep`);
    }
    // The shell survived: only its foreground job got the signals.
    await t.type('echo "shell-""alive"\r');
    await until(() => t.text().includes('shell-alive'), 'the shell to answer');
    await h.client.call('terminals.close', { id: s.id });
  });

  it('reports a session ended when its container stops, with the reason', async () => {
    const other = `${NAME}-stop`;
    await startContainer(other);
    const s = await h.client.call('terminals.create', { kind: 'exec', container: other, cols: 80, rows: 24 });
    const t = openTerminal(h, s.id);
    await until(() => t.text().length > 0, 'a prompt');
    await docker('kill', other);
    const ended = await until(() => t.state.events.find((e) => e.type === 'ended'), 'the ended notice');
    expect(ended.type === 'ended' && ended.reason).toMatch(/container stopped/i);
    await until(() => t.state.ended, 'the stream to end');
    const info = (await h.client.call('terminals.list', {})).find((x) => x.id === s.id);
    expect(info?.state).toBe('ended');
    // A stream opened on an ended session gets the replay and the notice.
    const late = openTerminal(h, s.id);
    await until(() => late.state.ended, 'the late stream to end');
    expect(late.state.events.at(-1)?.type).toBe('ended');
    await h.client.call('terminals.close', { id: s.id });
  });

  it('refuses bad targets and options with clear errors on the right field', async () => {
    const fail = (p: Promise<unknown>) => p.then(() => undefined, (e: BerthError) => e);
    const noshell = `${NAME}-noshell`;
    const stopped = `${NAME}-stopped`;
    // berth-test/noshell does not start here (busybox refuses to run as "sleeper"), so
    // a PATH without any shell stands in: the engine then finds neither sh nor bash.
    await docker('run', '-d', '--label', 'berth.test=terminals', '--name', noshell, '-e', 'PATH=/nowhere', 'berth-test/busybox:latest', '/bin/sleep', '3600');
    await docker('create', '--label', 'berth.test=terminals', '--name', stopped, 'berth-test/busybox:latest', 'sleep', '1');

    const e1 = await fail(h.client.call('terminals.create', { kind: 'exec', container: noshell, cols: 80, rows: 24 }));
    expect(e1?.code).toBe('unsupported');
    expect(e1?.message).toMatch(/no shell/);
    const e2 = await fail(h.client.call('terminals.create', { kind: 'exec', container: stopped, cols: 80, rows: 24 }));
    expect(e2?.code).toBe('wrong-state');
    expect(e2?.message).toMatch(/not running/);
    const e3 = await fail(h.client.call('terminals.create', { kind: 'exec', container: 'berth-no-such-container', cols: 80, rows: 24 }));
    expect(e3?.code).toBe('not-found');
    const e4 = await fail(shell({ user: 'nobody9' }));
    expect([e4?.code, e4?.field]).toEqual(['invalid-input', 'user']);
    const e5 = await fail(shell({ workingDir: '/no/such/dir' }));
    expect([e5?.code, e5?.field]).toEqual(['invalid-input', 'workingDir']);
    const e6 = await fail(shell({ shell: 'zsh' }));
    expect([e6?.code, e6?.field]).toEqual(['invalid-input', 'shell']);
    const e7 = await fail(h.client.call('terminals.create', { kind: 'attach', container: NAME, cols: 80, rows: 24 }));
    expect(e7?.code).toBe('unsupported');
    const e8 = await fail(shell({ shell: 'sh; rm -rf /' }));
    expect(e8?.code).toBe('invalid-input');
    // Odd users get an error about the user, never "no shell".
    for (const user of ['-1', '0:-1', '2147483648']) {
      const e = await fail(shell({ user }));
      expect(e?.code, user).toBe('invalid-input');
      expect(e?.message, user).toMatch(/user id|group id/);
      expect(e?.message, user).not.toMatch(/no shell/);
    }
    const e9 = await fail(shell({ user: 'root:nogroup9' }));
    expect([e9?.code, e9?.field]).toEqual(['invalid-input', 'user']);
    // A uid the container has no name for is still a valid user to the engine.
    const numeric = await shell({ user: '99999' });
    await h.client.call('terminals.close', { id: numeric.id });
  });

  it('runs with the user and working directory asked for', async () => {
    const s = await shell({ user: 'nobody', workingDir: '/app' });
    const t = openTerminal(h, s.id);
    await t.type('echo "$(id -u):$(pwd)"\r');
    await until(() => t.text().includes('65534:/app'), 'uid and cwd');
    await h.client.call('terminals.close', { id: s.id });
  });

  it('attaches to a TTY container and detaches without stopping it', async () => {
    const tty = `${NAME}-tty`;
    await startContainer(tty, { tty: true, cmd: ['sh'] });
    const s = await h.client.call('terminals.create', { kind: 'attach', container: tty, cols: 80, rows: 24 });
    const t = openTerminal(h, s.id);
    await t.type('echo "attached-""ok"\r');
    await until(() => t.text().includes('attached-ok'), 'output of the main process');
    await h.client.call('terminals.close', { id: s.id });
    await new Promise((r) => setTimeout(r, 300));
    expect(await docker('inspect', '-f', '{{.State.Running}}', tty)).toBe('true');
  });

  it('runs a host shell through node-pty when allowed', async () => {
    const s = await h.client.call('terminals.create', { kind: 'host', cols: 90, rows: 30 });
    const t = openTerminal(h, s.id);
    await t.type('stty size; echo "host-""ok-$((2*3))"\r');
    await until(() => t.text().includes('host-ok-6') && t.text().includes('30 90'), 'host shell output');
    await h.client.call('terminals.close', { id: s.id });
    await until(() => t.state.ended, 'the host stream to end');
  });

  it('refuses a host shell when the host did not allow it', async () => {
    const strict = await harness({ allowHostShell: false });
    try {
      expect(await strict.client.call('terminals.capabilities', {})).toEqual({ hostShell: false });
      const e = await strict.client.call('terminals.create', { kind: 'host', cols: 80, rows: 24 }).catch((x: BerthError) => x);
      expect((e as BerthError).code).toBe('unsupported');
    } finally {
      await strict.dispose();
    }
  });
});
