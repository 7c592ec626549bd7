import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { contract } from '../../../shared/contract';
import { createClient } from '../../../shared/rpc/client';
import { memoryPair } from '../../../shared/rpc/memory';
import { mergeRouters, serve } from '../../../shared/rpc/server';
import { ActivityLog } from '../activity/log';
import { activityHandlers } from '../activity/handlers';
import { containerNames } from '../activity/names';
import { DownloadRegistry } from '../downloads';
import { StatsHub } from '../stats/hub';
import { Engine, type EngineOptions } from '../engine/engine';
import { toErrorData } from '../engine/errors';
import { healthHandlers } from '../health/handlers';
import { statsHandlers } from '../stats/handlers';
import { logsHandlers } from './handlers';

const run = promisify(execFile);

/** The activity log as the app builds it: stamped with the engine, naming containers through it. */
function namedLog(file: string, engine: Engine): ActivityLog {
  const log = new ActivityLog(file, { engine: engine.endpoint.display });
  log.useNames(containerNames(engine));
  return log;
}

/** The docker CLI, for setting up what a test needs. */
export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

export const BUSYBOX = 'berth-test/busybox:latest';

/**
 * The services this area needs, against the real engine, served over the
 * in-memory RPC pair so tests go through the same schemas and flow control as
 * the app.
 */
export async function harness(area: string, engineOptions: EngineOptions = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), `berth-${area}-`));
  const engine = new Engine(engineOptions);
  engine.start();
  const disposers: Array<() => void | Promise<void>> = [];
  const services = {
    engine,
    dataDir,
    activity: namedLog(join(dataDir, 'activity', 'activity.jsonl'), engine),
    downloads: new DownloadRegistry(),
    onDispose: (fn: () => void | Promise<void>) => void disposers.push(fn),
    statsHub: new StatsHub({ engine }),
  };
  disposers.push(() => services.statsHub.dispose());
  const deadline = Date.now() + 10_000;
  while (engine.status.state !== 'connected') {
    if (Date.now() > deadline) throw new Error(`engine not connected: ${engine.status.message}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const router = mergeRouters(logsHandlers(services), statsHandlers(services), activityHandlers(services), healthHandlers(services));
  const pair = memoryPair();
  serve(router, pair.server, { id: 'test', host: 'memory' }, { toError: toErrorData, log: () => {} });
  const client = createClient(contract, pair.client);
  return {
    services,
    client,
    label: `berth.test=${area}`,
    async dispose() {
      pair.close();
      for (const d of disposers.reverse()) await d();
      await engine.stop();
      rmSync(dataDir, { recursive: true, force: true });
      const ids = await docker('ps', '-aq', '--filter', `label=berth.test=${area}`);
      if (ids) await docker('rm', '-f', ...ids.split('\n'));
    },
  };
}
