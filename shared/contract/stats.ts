import { z } from 'zod';
import { channel } from '../rpc/define';
import { ContainerRef, NoPush } from './common';

/** One stats reading of one container, computed as the docker CLI computes it. */
export const StatsSample = z.object({
  id: z.string(),
  /** ms since epoch (the engine's read time). */
  t: z.number(),
  /** 100 = one full core, as `docker stats` shows. */
  cpuPercent: z.number(),
  onlineCpus: z.number().int(),
  /** Memory used minus page cache (inactive_file), bytes. */
  memUsed: z.number(),
  memLimit: z.number(),
  memPercent: z.number(),
  netRx: z.number(),
  netTx: z.number(),
  blockRead: z.number(),
  blockWrite: z.number(),
  pids: z.number().int(),
});
export type StatsSample = z.infer<typeof StatsSample>;

/** Containers one subscription may watch: the visible rows of a table, not thousands. */
export const MAX_STATS_IDS = 500;

export const StatsInput = z
  .object({
    ids: z.array(ContainerRef).max(MAX_STATS_IDS),
    /** Send the recent history (for charts) before live samples. */
    history: z.boolean().default(false),
  })
  .strict();
export type StatsInput = z.input<typeof StatsInput>;

export const StatsEvent = z.discriminatedUnion('type', [
  /** The samples kept for one container (the last few minutes), oldest first. */
  z.object({ type: z.literal('history'), id: z.string(), samples: z.array(StatsSample) }),
  /** New samples, coalesced: at most one per container per event. */
  z.object({ type: z.literal('samples'), samples: z.array(StatsSample) }),
  /** No samples for this container now (not running, removed, engine error). */
  z.object({ type: z.literal('idle'), id: z.string(), reason: z.string() }),
]);
export type StatsEvent = z.infer<typeof StatsEvent>;

export const statsContract = {
  /** Live stats for exactly the containers asked for; one engine stream per container, shared by all viewers. */
  'stats.watch': channel({ input: StatsInput, event: StatsEvent, push: NoPush, engine: true }),
};
