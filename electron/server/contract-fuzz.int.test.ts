import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../shared/rpc/server';
import { StandinContents, StandinIpcMain, standinPage } from '../main/ipc-standin.testkit';
import { ipcServerTransport } from '../main/ipc-transport';
import { toErrorData } from '../services/engine/errors';
import { createServices, type Services } from '../services/index';
import { createRouter } from '../services/router';
import { fuzzContract, RawClient, type FuzzReport } from '../services/testing/contract-fuzz.testkit';
import { startWebHost, type WebHost } from './host';
import { connectNodeClient } from './ws-client';

/**
 * The contract fuzz test: every method and channel, inputs from the contract's
 * own schemas, over a real WebSocket into the real web host, against a real
 * engine. It runs against the second, throwaway engine (scripts/second-engine.sh)
 * because fuzzed inputs prune, remove and recreate whatever they name.
 *
 * Bounded: BERTH_FUZZ_RUNS shaped inputs and a third as many hostile ones per
 * entry (default 12, about 1,000 cases); BERTH_FUZZ_SEED replays a run. The
 * same driver then runs over the in-process stand-in for Electron's IPC with
 * a quarter of the cases, so the desktop transport's own code is fuzzed too.
 */
const ENGINE = process.env.BERTH_FUZZ_DOCKER_HOST ?? 'unix:///run/berth-engine2/docker.sock';
const RUNS = Number(process.env.BERTH_FUZZ_RUNS ?? 12);
const SEED = Number(process.env.BERTH_FUZZ_SEED ?? Date.now() % 1_000_000);
const TOKEN = 'fuzz-token-0123456789';

function docker(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('docker', ['-H', ENGINE, ...args], { timeout: 60_000 }, (err, out, stderr) =>
      err ? reject(new Error(`docker ${args.join(' ')}: ${stderr || err.message}`)) : resolve(out.trim()),
    ),
  );
}

async function removeEverything(): Promise<void> {
  const ids = (await docker('ps', '-aq')).split('\n').filter(Boolean);
  if (ids.length) await docker('rm', '-f', '-v', ...ids).catch(() => undefined);
  await docker('volume', 'prune', '-f').catch(() => undefined);
}

describe('contract fuzz (web host over WebSocket, real engine)', () => {
  let services: Services;
  let web: WebHost;
  let dataDir: string;
  const known: string[] = [];

  beforeAll(async () => {
    await docker('version').catch((e: Error) => {
      throw new Error(`the fuzz test's engine at ${ENGINE} does not answer: start it with \`bash scripts/second-engine.sh\` (scripts/provision.sh does). ${e.message}`);
    });
    await removeEverything();
    // Targets the fuzzed inputs can find: one running (stops at once on TERM), one stopped.
    const running = await docker('run', '-d', '--name', 'fuzz-running', 'berth-test/busybox:latest', 'sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done');
    const stopped = await docker('create', '--name', 'fuzz-stopped', 'berth-test/busybox:latest', 'true');
    known.push(running, running.slice(0, 12), 'fuzz-running', stopped.slice(0, 12), 'fuzz-stopped', 'berth-test/busybox:latest', '/tmp', '/etc', '/');
    dataDir = mkdtempSync(join(tmpdir(), 'berth-fuzz-'));
    services = createServices({ dataDir, dockerHost: ENGINE });
    const until = Date.now() + 20_000;
    while (services.engine.status.state !== 'connected' && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    web = await startWebHost({
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      staticRoot: dataDir,
      router: createRouter(services),
      downloads: services.downloads,
      toError: toErrorData,
      log: () => {},
    });
  });

  afterAll(async () => {
    await web?.close();
    await services?.dispose();
    await removeEverything();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Runs the driver with the host in this process: an error that escapes a call lands here (and would end a real host). */
  const fuzzWith = async (client: RawClient, runs: number, seed: number, roundTrip?: (v: unknown) => unknown): Promise<FuzzReport> => {
    const escaped: unknown[] = [];
    const onEscape = (e: unknown) => escaped.push(e);
    process.on('uncaughtException', onEscape);
    process.on('unhandledRejection', onEscape);
    try {
      return await fuzzContract(client, {
        validRuns: runs,
        hostileRuns: Math.max(1, Math.ceil(runs / 3)),
        seed,
        known,
        roundTrip,
        escaped: () => escaped.splice(0),
      });
    } finally {
      process.off('uncaughtException', onEscape);
      process.off('unhandledRejection', onEscape);
    }
  };
  const summary = (where: string, seed: number, r: FuzzReport) =>
    `[fuzz] ${where}, seed ${seed}: ${r.cases} cases, ${r.reachedHandler} reached a handler; answers: ${JSON.stringify(r.byCode)}`;

  it(`calls every method and opens every channel with schema-drawn inputs over WebSocket, and the host answers after each (seed ${SEED})`, async () => {
    const transport = await connectNodeClient(`ws://127.0.0.1:${web.port}/api/ws`, { authorization: `Bearer ${TOKEN}` });
    const report = await fuzzWith(new RawClient(transport), RUNS, SEED);
    transport.ws.close();
    console.log(summary('WebSocket', SEED, report));
    expect(report.failures.slice(0, 10)).toEqual([]);
    expect(report.reachedHandler).toBeGreaterThan(report.cases / 3);
  }, 900_000);

  it(`does the same over the Electron IPC stand-in, as a page that skips the preload's allow-list (seed ${SEED + 1})`, async () => {
    const ipc = new StandinIpcMain();
    const contents = new StandinContents('berth://app/index.html');
    const conn = serve(createRouter(services), ipcServerTransport(ipc, contents, 'berth://app'), { id: 'fuzz-ipc', host: 'electron' }, { toError: toErrorData, log: () => {} });
    const runs = Math.max(2, Math.ceil(RUNS / 4));
    const report = await fuzzWith(new RawClient(standinPage(ipc, contents, { guard: false })), runs, SEED + 1, (v) => structuredClone(v));
    conn.close();
    contents.destroy();
    console.log(summary('Electron IPC stand-in', SEED + 1, report));
    expect(report.failures.slice(0, 10)).toEqual([]);
    expect(report.reachedHandler).toBeGreaterThan(report.cases / 3);
  }, 900_000);
});
