import { BerthError } from '../../../shared/contract/errors';
import { healthContract, type DiskCategory } from '../../../shared/contract/health';
import { implement, type Router } from '../../../shared/rpc/server';
import type { DiskUsage } from '../engine/port';
import type { Services } from '../index';
import { cleanWorkspaces, doctor, pruneContainers } from './doctor';
import { localEngineStartedAt } from './uptime';

type DfAnswer = DiskUsage;

/** Sums /system/df per category the way `docker system df` does (size -1 means unknown: counted as 0). */
export function summariseDf(df: DfAnswer) {
  const pos = (n: number | undefined) => (n && n > 0 ? n : 0);
  const images = df.Images ?? [];
  const containers = df.Containers ?? [];
  const volumes = df.Volumes ?? [];
  const cache = df.BuildCache ?? [];
  const cat = (count: number, size: number, reclaimable: number): DiskCategory => ({ count, size, reclaimable });
  return {
    images: cat(
      images.length,
      images.reduce((a, i) => a + pos(i.Size) - pos(i.SharedSize), 0) + Math.max(0, ...images.map((i) => pos(i.SharedSize))),
      images.filter((i) => !i.Containers).reduce((a, i) => a + pos(i.Size) - pos(i.SharedSize), 0),
    ),
    containers: cat(
      containers.length,
      containers.reduce((a, c) => a + pos(c.SizeRw), 0),
      containers.filter((c) => c.State !== 'running' && c.State !== 'paused').reduce((a, c) => a + pos(c.SizeRw), 0),
    ),
    volumes: cat(
      volumes.length,
      volumes.reduce((a, v) => a + pos(v.UsageData?.Size), 0),
      volumes.filter((v) => !v.UsageData?.RefCount).reduce((a, v) => a + pos(v.UsageData?.Size), 0),
    ),
    buildCache: cat(
      cache.length,
      cache.filter((b) => !b.Shared).reduce((a, b) => a + pos(b.Size), 0),
      cache.filter((b) => !b.InUse && !b.Shared).reduce((a, b) => a + pos(b.Size), 0),
    ),
  };
}

export function healthHandlers(services: Pick<Services, 'engine' | 'dataDir' | 'activity'>): Router {
  const { engine } = services;
  return implement(healthContract, {
    'health.engine': async () => {
      const status = engine.status;
      const info = status.info;
      if (status.state !== 'connected' || !info) {
        throw new BerthError(status.state === 'permission-denied' ? 'permission-denied' : 'engine-unreachable', status.message ?? 'The engine is not connected.');
      }
      const local = engine.endpoint.kind === 'socket' && process.platform === 'linux';
      let counts = { containers: info.containers, containersRunning: info.containersRunning, images: info.images };
      try {
        const live = await engine.port.info();
        counts = { containers: live.Containers ?? 0, containersRunning: live.ContainersRunning ?? 0, images: live.Images ?? 0 };
      } catch (e) {
        throw engine.fail(e);
      }
      return {
        name: info.name,
        version: info.version,
        apiVersion: info.apiVersion,
        os: info.os,
        arch: info.arch,
        kernel: info.kernel,
        endpoint: status.endpoint,
        startedAt: local ? localEngineStartedAt() : null,
        ...counts,
      };
    },
    'health.disk': async () => {
      try {
        const df = await engine.port.diskUsage();
        return summariseDf(df);
      } catch (e) {
        throw engine.fail(e);
      }
    },
    'health.doctor': () => doctor(services),
    'health.cleanWorkspaces': ({ paths }) => cleanWorkspaces(services, paths),
    'health.pruneContainers': ({ ids }) => pruneContainers(services, ids),
  });
}
