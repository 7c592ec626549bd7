import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BerthError } from '../../../shared/contract/errors';
import { runnerContract } from '../../../shared/contract/runner';
import { terminalsContract, type TerminalEvent } from '../../../shared/contract/terminals';
import { createClient } from '../../../shared/rpc/client';
import { memoryPair } from '../../../shared/rpc/memory';
import { serve } from '../../../shared/rpc/server';
import { ActivityLog } from '../activity/log';
import { Engine } from '../engine/engine';
import { toErrorData } from '../engine/errors';
import { terminalsHandlers } from './handlers';
import { JobManager } from './jobs';
import { TerminalManager, type TerminalDeps } from './manager';

/** Test support: the real engine, our router over the in-memory transport, and docker CLI helpers. */
export const TEST_LABEL = 'berth.test=terminals';
const run = promisify(execFile);

export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

export async function startContainer(name: string, opts: { image?: string; tty?: boolean; cmd?: string[] } = {}): Promise<string> {
  const args = ['run', '-d', '--label', TEST_LABEL, '--name', name];
  if (opts.tty) args.push('-it');
  args.push(opts.image ?? 'berth-test/busybox:latest', ...(opts.cmd ?? ['sleep', '3600']));
  return docker(...args);
}

export async function removeTestContainers(): Promise<void> {
  const ids = (await docker('ps', '-aq', '--filter', `label=${TEST_LABEL}`)).split('\n').filter(Boolean);
  if (ids.length) await docker('rm', '-f', ...ids);
}

/** `docker top` as one string of command lines. */
export async function top(container: string): Promise<string> {
  return docker('top', container, '-o', 'pid,args');
}

/**
 * @param opts.dockerHost e.g. a relay's socket (see ../testing/engine-relay.ts), to cut the engine under a session.
 * @param opts.dataDir a data folder to keep across harnesses (a host restart); else a fresh one, removed on dispose.
 */
export async function harness(opts: { allowHostShell?: boolean; dockerHost?: string; dataDir?: string; maxRunningSessions?: number } = {}) {
  const dir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'berth-terminals-'));
  const engine = new Engine({ dockerHost: opts.dockerHost, retryDelays: [100, 200, 400] });
  engine.start();
  for (let i = 0; i < 100 && engine.status.state !== 'connected'; i++) await new Promise((r) => setTimeout(r, 50));
  const disposers: Array<() => void | Promise<void>> = [];
  const deps: TerminalDeps = {
    engine,
    dataDir: dir,
    activity: new ActivityLog(join(dir, 'activity.jsonl')),
    options: { allowHostShell: opts.allowHostShell ?? false },
    onDispose: (fn) => disposers.push(fn),
    ...(opts.maxRunningSessions !== undefined ? { maxRunningSessions: opts.maxRunningSessions } : {}),
  };
  const pair = memoryPair();
  serve(terminalsHandlers({ ...deps, terminals: new TerminalManager(deps), jobs: new JobManager(deps) }), pair.server, { id: 'test', host: 'memory' }, { toError: toErrorData, log: () => {} });
  const client = createClient({ ...terminalsContract, ...runnerContract }, pair.client);
  return {
    client,
    deps,
    activityFile: join(dir, 'activity.jsonl'),
    async dispose() {
      pair.close();
      for (const fn of disposers.splice(0).reverse()) await fn();
      await engine.stop();
      if (!opts.dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Harness = Awaited<ReturnType<typeof harness>>;

/** Polls until `check` returns a value (or times out with the last seen state in the message). */
export async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}


const enc = new TextEncoder();

/** A terminal as a test sees it: everything received, decoded, with CRLF normalised on demand. */
export function openTerminal(h: Harness, id: string, opts: { replay?: boolean; hold?: boolean } = {}) {
  const state = {
    bytes: [] as Buffer[],
    events: [] as TerminalEvent[],
    held: [] as Array<() => void>,
    received: 0,
    ended: false as boolean,
    error: undefined as BerthError | undefined,
  };
  const ch = h.client.open('terminals.stream', { id, replay: opts.replay ?? true }, {
    manualAck: true,
    onEvent(ev, bytes, done) {
      state.events.push(ev);
      if (bytes && ev.type === 'data') {
        state.bytes.push(Buffer.from(bytes));
        state.received += bytes.byteLength;
      }
      if (opts.hold) state.held.push(done);
      else done();
    },
    onEnd(err) {
      state.ended = true;
      state.error = err;
    },
  });
  return {
    state,
    ch,
    text: () => Buffer.concat(state.bytes).toString('utf8'),
    type: (s: string) => ch.push({ type: 'input' }, enc.encode(s)),
    release: () => state.held.splice(0).forEach((d) => d()),
  };
}

