import { join } from 'node:path';
import type { CreatePolicy } from '../../shared/contract/create';
import { ActivityLog } from './activity/log';
import { containerNames } from './activity/names';
import type { ActivitySink } from './activity/types';
import { ContainerStore } from './containers/store';
import { workspacesRoot } from './create/create';
import { buildCreatePolicy, type ContainerPolicyOptions } from './create/policy';
import { ensureDir, resolveDataDir } from './data-dir';
import { DownloadRegistry } from './downloads';
import { Engine } from './engine/engine';
import { PendingCleanups } from './files/pending-cleanups';
import { TransferBoard } from './files/transfers';
import { CreateQueue } from './create/queue';
import { TemplateStore } from './create/templates';
import { StatsHub } from './stats/hub';
import { JobManager } from './terminals/jobs';
import { TerminalManager } from './terminals/manager';

export interface ServicesOptions {
  dataDir?: string;
  dockerHost?: string;
  /** A shell on the host through node-pty. On by default in the desktop app, off in the web host unless asked for. */
  allowHostShell?: boolean;
  /** What containers may reach on the host (binds, privileged, capabilities, host namespaces). Omitted: the web host's defaults. */
  containerPolicy?: ContainerPolicyOptions;
}

/**
 * Everything the hosts serve, in plain Node: no `electron` import anywhere
 * below electron/services, so the same objects run in Electron's main process
 * and in the web host.
 */
export interface Services {
  readonly engine: Engine;
  readonly containers: ContainerStore;
  readonly dataDir: string;
  /** Every action Berth performs is recorded here. */
  readonly activity: ActivitySink;
  /** Streams the hosts serve as downloads (see downloads.ts). */
  readonly downloads: DownloadRegistry;
  /** Staging folders of uploads cut short, removed when the engine answers again (kept in the data folder). */
  readonly uploadCleanups: PendingCleanups;
  readonly options: Readonly<ServicesOptions>;
  /** What this host lets containers reach; every create applies it. */
  readonly createPolicy: CreatePolicy;
  /** One engine stats stream per watched container, shared by every viewer. */
  readonly statsHub: StatsHub;
  /** Shells in containers and on the host; they end before the engine connection closes. */
  readonly terminals: TerminalManager;
  /** Commands run to completion (the runner); killed before the engine connection closes. */
  readonly jobs: JobManager;
  /** Downloads the host streams, for the transfers list. */
  readonly transfers: TransferBoard;
  readonly templates: TemplateStore;
  /** Creates on this engine, one at a time. */
  readonly createQueue: CreateQueue;
  /** Called on host shutdown, in reverse order of registration. */
  onDispose(fn: () => void | Promise<void>): void;
  dispose(): Promise<void>;
}

export function createServices(opts: ServicesOptions = {}): Services {
  const dataDir = ensureDir(opts.dataDir ?? resolveDataDir());
  const engine = new Engine({ dockerHost: opts.dockerHost });
  const activity = new ActivityLog(join(dataDir, 'activity', 'activity.jsonl'), { engine: engine.endpoint.display });
  const containers = new ContainerStore(engine, activity, dataDir);
  activity.useNames(containerNames(engine, (ref) => containers.find(ref)));
  const uploadCleanups = new PendingCleanups(dataDir, engine);
  const disposers: Array<() => void | Promise<void>> = [() => engine.stop(), () => containers.dispose(), uploadCleanups.start()];
  const onDispose = (fn: () => void | Promise<void>) => void disposers.push(fn);
  const options = { ...opts, dataDir };
  const statsHub = new StatsHub({ engine });
  onDispose(() => statsHub.dispose());
  // Both register their own end (sessions closed, jobs killed) after the engine's stop, so they run before it.
  const terminals = new TerminalManager({ engine, activity, options, dataDir, onDispose });
  const jobs = new JobManager({ engine, activity, options, dataDir, onDispose });
  engine.start();
  return {
    engine,
    containers,
    dataDir,
    activity,
    downloads: new DownloadRegistry(),
    uploadCleanups,
    options,
    createPolicy: buildCreatePolicy(opts.containerPolicy ?? {}, {
      workspacesRoot: workspacesRoot(dataDir),
      engineSocket: engine.endpoint.kind === 'socket' ? engine.endpoint.socketPath : undefined,
    }),
    statsHub,
    terminals,
    jobs,
    transfers: new TransferBoard(),
    templates: new TemplateStore(join(dataDir, 'templates')),
    createQueue: new CreateQueue(),
    onDispose,
    async dispose() {
      for (const fn of disposers.splice(0).reverse()) {
        try {
          await fn();
        } catch (e) {
          console.error('[services] dispose failed', e);
        }
      }
    },
  };
}
