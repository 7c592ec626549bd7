import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runnerContract } from '../../../shared/contract/runner';
import { terminalsContract } from '../../../shared/contract/terminals';
import { createClient } from '../../../shared/rpc/client';
import { memoryPair } from '../../../shared/rpc/memory';
import { serve } from '../../../shared/rpc/server';
import { ActivityLog } from '../activity/log';
import { Engine } from '../engine/engine';
import { toErrorData } from '../engine/errors';
import { terminalsHandlers } from './handlers';
import type { TerminalDeps } from './manager';

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

export async function harness(opts: { allowHostShell?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'berth-terminals-'));
  const engine = new Engine();
  engine.start();
  for (let i = 0; i < 100 && engine.status.state !== 'connected'; i++) await new Promise((r) => setTimeout(r, 50));
  const disposers: Array<() => void | Promise<void>> = [];
  const deps: TerminalDeps = {
    engine,
    activity: new ActivityLog(join(dir, 'activity.jsonl')),
    options: { allowHostShell: opts.allowHostShell ?? false },
    onDispose: (fn) => disposers.push(fn),
  };
  const pair = memoryPair();
  serve(terminalsHandlers(deps), pair.server, { id: 'test', host: 'memory' }, { toError: toErrorData, log: () => {} });
  const client = createClient({ ...terminalsContract, ...runnerContract }, pair.client);
  return {
    client,
    deps,
    activityFile: join(dir, 'activity.jsonl'),
    async dispose() {
      pair.close();
      for (const fn of disposers.splice(0).reverse()) await fn();
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
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
