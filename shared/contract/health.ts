import { z } from 'zod';
import { method } from '../rpc/define';
import { ContainerRef, Empty, Timestamp } from './common';
import { ErrorData } from './errors';

export const EngineHealth = z.object({
  name: z.string(),
  version: z.string(),
  apiVersion: z.string(),
  os: z.string(),
  arch: z.string(),
  kernel: z.string().optional(),
  endpoint: z.string(),
  /** When the engine process started, when we can tell (a local Linux engine); else null. */
  startedAt: Timestamp,
  containers: z.number().int(),
  containersRunning: z.number().int(),
  images: z.number().int(),
});
export type EngineHealth = z.infer<typeof EngineHealth>;

export const DiskCategory = z.object({
  count: z.number().int(),
  /** Bytes on disk. */
  size: z.number(),
  /** Bytes that removing unused items would free. */
  reclaimable: z.number(),
});
export type DiskCategory = z.infer<typeof DiskCategory>;

export const DiskUsage = z.object({
  images: DiskCategory,
  containers: DiskCategory,
  volumes: DiskCategory,
  buildCache: DiskCategory,
});
export type DiskUsage = z.infer<typeof DiskUsage>;

export const WorkspaceFolder = z.object({
  /** Host path. */
  path: z.string(),
  name: z.string(),
  /** Containers whose berth.workspace label names this folder. */
  containers: z.array(z.object({ id: z.string(), name: z.string() })),
  orphan: z.boolean(),
});
export type WorkspaceFolder = z.infer<typeof WorkspaceFolder>;

export const StoppedContainer = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  state: z.string(),
  status: z.string(),
});
export type StoppedContainer = z.infer<typeof StoppedContainer>;

export const DoctorReport = z.object({
  workspacesDir: z.string(),
  workspaces: z.array(WorkspaceFolder),
  /** Labels pointing at folders that no longer exist. */
  missingWorkspaces: z.array(z.object({ path: z.string(), container: z.object({ id: z.string(), name: z.string() }) })),
  stopped: z.array(StoppedContainer),
});
export type DoctorReport = z.infer<typeof DoctorReport>;

export const CleanResult = z.object({
  item: z.string(),
  ok: z.boolean(),
  error: ErrorData.optional(),
});
export type CleanResult = z.infer<typeof CleanResult>;

export const healthContract = {
  'health.engine': method(Empty, EngineHealth),
  /** The engine's /system/df, summed per category: slow on big hosts, so only on demand. */
  'health.disk': method(Empty, DiskUsage),
  'health.doctor': method(Empty, DoctorReport),
  /** Deletes the named workspace folders, each only if it is still an orphan under the workspaces folder. */
  'health.cleanWorkspaces': method(
    z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) }).strict(),
    z.array(CleanResult),
  ),
  /** Removes exactly the listed containers, each only if it is still stopped. */
  'health.pruneContainers': method(
    z.object({ ids: z.array(ContainerRef).min(1).max(10_000) }).strict(),
    z.array(CleanResult),
  ),
};
