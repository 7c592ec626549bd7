import { z } from 'zod';
import { channel, method } from '../rpc/define';
import { Empty, NoPush } from './common';

export const EngineInfo = z.object({
  /** "Docker Engine", "Podman Engine"… from /version's Components. */
  name: z.string(),
  version: z.string(),
  apiVersion: z.string(),
  minApiVersion: z.string().optional(),
  os: z.string(),
  arch: z.string(),
  kernel: z.string().optional(),
  containers: z.number().int(),
  containersRunning: z.number().int(),
  images: z.number().int(),
});
export type EngineInfo = z.infer<typeof EngineInfo>;

export const EngineState = z.enum(['connecting', 'connected', 'unreachable', 'permission-denied']);
export type EngineState = z.infer<typeof EngineState>;

export const EngineStatus = z.object({
  state: EngineState,
  /** Where we connect, e.g. unix:///var/run/docker.sock. */
  endpoint: z.string(),
  /** What is wrong, when not connected. */
  message: z.string().optional(),
  /** How to fix it, when we know. */
  hint: z.string().optional(),
  info: EngineInfo.optional(),
  /** When this state began (ms since epoch). */
  since: z.number(),
  /** When the next reconnection attempt is due, while down. */
  retryAt: z.number().optional(),
});
export type EngineStatus = z.infer<typeof EngineStatus>;

export const engineContract = {
  'engine.status': method(Empty, EngineStatus),
  /** The current status at once, then every change. */
  'engine.watch': channel({ input: Empty, event: EngineStatus, push: NoPush }),
  /** Try to reconnect now rather than at the next scheduled attempt. */
  'engine.reconnect': method(Empty, EngineStatus),
};
