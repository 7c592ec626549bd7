import type { ActivityOutcome, ActivityRecord } from '../../../shared/contract/activity';
import type { Judged } from './outcome';

export interface ActivityTarget {
  id: string;
  name?: string;
  engine?: string;
}

/** How a finished action that did not throw really went (a command that exited non-zero returned normally but failed); undefined: it succeeded. */
export type Verdict = Judged | undefined;

/**
 * The activity log's write side, as every service sees it: one JSON line per
 * action Berth performs. Values that may be secret (env values, tokens,
 * passwords) are redacted by the log itself before anything is written.
 */
export interface ActivityEntry {
  action: string;
  target?: ActivityTarget;
  params?: Record<string, unknown>;
  outcome: ActivityOutcome;
  error?: string;
  details?: string;
  durationMs?: number;
}

export interface ActivitySink {
  record(entry: ActivityEntry): void;
  /** Runs `fn`, timing it, and records its outcome; rethrows its error. */
  track<T>(action: string, target: ActivityEntry['target'], params: ActivityEntry['params'], fn: () => Promise<T>, opts?: TrackOptions<T>): Promise<T>;
  /** The target with its name and engine filled in, for callers that `record` directly. */
  name(target: ActivityTarget): Promise<ActivityTarget>;
}

export interface TrackOptions<T> {
  judge?: (out: T) => Verdict;
}

/** The read side: what the Activity view needs. The file-backed log implements both. */
export interface ActivityFeed {
  /** Files oldest first (rotated ones, then the current one). */
  files(): string[];
  /** Called with each entry as written (already redacted). */
  onAppend(listener: (record: ActivityRecord) => void): () => void;
}

export function isActivityFeed(x: unknown): x is ActivityFeed {
  return typeof x === 'object' && x !== null && typeof (x as ActivityFeed).files === 'function' && typeof (x as ActivityFeed).onAppend === 'function';
}
