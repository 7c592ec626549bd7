import { z } from 'zod';
import { channel, method } from '../rpc/define';
import { ContainerRef, Empty, NoPush, Timestamp } from './common';
import { ErrorData } from './errors';

export const ContainerState = z.enum(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);
export type ContainerState = z.infer<typeof ContainerState>;

export const Health = z.enum(['starting', 'healthy', 'unhealthy']);
export type Health = z.infer<typeof Health>;

export const Protocol = z.enum(['tcp', 'udp', 'sctp']);

export const PublishedPort = z.object({
  containerPort: z.number().int().min(1).max(65535),
  protocol: Protocol,
  hostIp: z.string().optional(),
  hostPort: z.number().int().min(0).max(65535).optional(),
});
export type PublishedPort = z.infer<typeof PublishedPort>;

/** One row of the containers table. Fields from inspect are null until it has been read. */
export const ContainerRow = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  state: ContainerState,
  health: Health.nullable(),
  /** The engine's own words, e.g. "Up 5 minutes (healthy)". */
  statusText: z.string(),
  createdAt: z.number(),
  startedAt: Timestamp,
  finishedAt: Timestamp,
  restartCount: z.number().int().nullable(),
  /**
   * The last exit's code: of an exited, dead or restarting container, of a
   * failed start (127), and of a running one its restart policy restarted
   * (when Berth saw it exit; the engine resets it to 0 on start).
   */
  exitCode: z.number().int().nullable(),
  /** The engine's State.Error: why the last start failed, if it did. */
  error: z.string().nullable(),
  oomKilled: z.boolean().nullable(),
  ports: z.array(PublishedPort),
  labels: z.record(z.string(), z.string()),
  command: z.string(),
});
export type ContainerRow = z.infer<typeof ContainerRow>;

export const ContainersEvent = z.discriminatedUnion('type', [
  /** The whole list: first, and again after a reconnect. */
  z.object({ type: z.literal('snapshot'), rows: z.array(ContainerRow) }),
  z.object({ type: z.literal('upsert'), rows: z.array(ContainerRow) }),
  z.object({ type: z.literal('remove'), ids: z.array(z.string()) }),
]);
export type ContainersEvent = z.infer<typeof ContainersEvent>;

export const ContainerAction = z.enum(['start', 'stop', 'restart', 'pause', 'unpause', 'kill', 'remove']);
export type ContainerAction = z.infer<typeof ContainerAction>;

export const ActionInput = z.object({
  id: ContainerRef,
  action: ContainerAction,
  /** remove: stop a running container first. */
  force: z.boolean().optional(),
  /** stop/restart: seconds to wait before killing. */
  timeoutSeconds: z.number().int().min(0).max(3600).optional(),
  /** remove: also delete the workspace folder Berth made for it (under the data dir only). */
  removeWorkspace: z.boolean().optional(),
});
export type ActionInput = z.infer<typeof ActionInput>;

export const ActionResult = z.object({
  id: z.string(),
  ok: z.boolean(),
  error: ErrorData.optional(),
});
export type ActionResult = z.infer<typeof ActionResult>;

export const Mount = z.object({
  type: z.string(),
  source: z.string(),
  destination: z.string(),
  readOnly: z.boolean(),
  name: z.string().optional(),
});
export type Mount = z.infer<typeof Mount>;

export const ContainerDetails = ContainerRow.extend({
  imageId: z.string(),
  commandArgs: z.array(z.string()),
  entrypoint: z.array(z.string()),
  workingDir: z.string(),
  user: z.string(),
  env: z.array(z.string()),
  tty: z.boolean(),
  mounts: z.array(Mount),
  limits: z.object({
    nanoCpus: z.number().int(),
    memoryBytes: z.number().int(),
    pidsLimit: z.number().int().nullable(),
  }),
  restartPolicy: z.object({ name: z.string(), maximumRetryCount: z.number().int() }),
  networkMode: z.string(),
  networks: z.array(z.object({ name: z.string(), ipAddress: z.string() })),
});
export type ContainerDetails = z.infer<typeof ContainerDetails>;

export const containersContract = {
  'containers.list': method(Empty, z.array(ContainerRow)),
  /** A snapshot, then changes as the engine reports them. */
  'containers.watch': channel({ input: Empty, event: ContainersEvent, push: NoPush }),
  'containers.act': method(ActionInput, ActionResult),
  /** The same action on many containers; one result each, in input order. */
  'containers.actMany': method(
    z.object({
      ids: z.array(ContainerRef).min(1).max(10_000),
      action: ContainerAction,
      force: z.boolean().optional(),
      timeoutSeconds: z.number().int().min(0).max(3600).optional(),
      removeWorkspace: z.boolean().optional(),
    }),
    z.array(ActionResult),
  ),
  'containers.inspect': method(z.object({ id: ContainerRef }), ContainerDetails),
};
