import { z } from 'zod';
import { channel, method } from '../rpc/define';
import { NoPush } from './common';

/** `refused`: the engine or Berth declined before anything changed (name taken, port in use, unknown network, invalid input). */
export const ActivityOutcome = z.enum(['ok', 'error', 'refused', 'cancelled']);
export type ActivityOutcome = z.infer<typeof ActivityOutcome>;

/** One line of the activity log as read back. */
export const ActivityRecord = z.object({
  /** ISO 8601. */
  ts: z.string(),
  action: z.string(),
  /** What the action was on: the container's (or image's, template's) id or reference, its name, and the engine it lives on. */
  target: z.object({ id: z.string(), name: z.string().optional(), engine: z.string().optional() }).optional(),
  /** Parameters with secrets already redacted when written. */
  params: z.record(z.string(), z.unknown()).optional(),
  outcome: ActivityOutcome,
  /** The failure in words (see shared/errors/explain). */
  error: z.string().optional(),
  /** The engine's or registry's own text behind `error`, when the words differ from it. */
  details: z.string().optional(),
  durationMs: z.number().optional(),
});
export type ActivityRecord = z.infer<typeof ActivityRecord>;

export const ActivityFilter = z
  .object({
    /** Matches the target's id (prefix), name or engine (substring). */
    container: z.string().max(256).optional(),
    /** Matches the action (substring), e.g. "start" or "exec". */
    action: z.string().max(100).optional(),
    outcome: ActivityOutcome.optional(),
    /** ms since epoch, inclusive. */
    since: z.number().optional(),
    until: z.number().optional(),
  })
  .strict();
export type ActivityFilter = z.infer<typeof ActivityFilter>;

export const ActivityListInput = ActivityFilter.extend({
  limit: z.number().int().min(1).max(10_000).default(500),
}).strict();

export const ActivityList = z.object({
  /** Newest first. */
  entries: z.array(ActivityRecord),
  /** More entries matched than `limit`. */
  truncated: z.boolean(),
  /** Lines that could not be read (e.g. a line cut short by a crash). */
  skipped: z.number().int(),
});
export type ActivityList = z.infer<typeof ActivityList>;

export const activityContract = {
  'activity.list': method(ActivityListInput, ActivityList),
  /** Every new entry matching the filter, as it is written. */
  'activity.watch': channel({ input: ActivityFilter, event: ActivityRecord, push: NoPush }),
};
