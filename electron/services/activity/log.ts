import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ActivityRecord } from '../../../shared/contract/activity';
import { judgeError } from './outcome';
import { redact, redactString } from './redact';
import type { ActivityEntry, ActivityFeed, ActivitySink, ActivityTarget, TrackOptions } from './types';

export interface ActivityLogOptions {
  /** Rotate once the current file would pass this size. Why 5 MB: ~20k actions, still quick to read whole. */
  maxBytes?: number;
  /** Rotated files kept beside the current one (activity.1.jsonl is the newest of them). */
  keep?: number;
  /** The engine's display name, stamped on every target so entries read right once there are several engines. */
  engine?: string;
}

/** Finds a container's name from an id or reference; undefined when it cannot be known. */
export type NameOf = (ref: string) => Promise<string | undefined>;

/**
 * Append-only JSON-lines activity log. Each record is one appendFileSync of a
 * whole line, so a crash leaves at worst a truncated last line: readers skip
 * lines they cannot parse, and on open we end such a line so the next record
 * starts clean. Rotates at a size limit, keeping a few old files.
 */
export class ActivityLog implements ActivitySink, ActivityFeed {
  private size = 0;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly listeners = new Set<(r: ActivityRecord) => void>();
  private readonly engine?: string;
  private nameOf?: NameOf;

  constructor(
    readonly file: string,
    opts: ActivityLogOptions = {},
  ) {
    this.maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
    this.keep = opts.keep ?? 3;
    this.engine = opts.engine;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    this.size = existsSync(file) ? statSync(file).size : 0;
    if (this.size > 0 && !endsWithNewline(file, this.size)) {
      // A crash cut the last line short: end it, so it stays one unreadable line rather than swallowing the next.
      appendFileSync(file, '\n');
      this.size += 1;
    }
  }

  /** Path of the n-th rotated file (1 = newest). */
  rotated(n: number): string {
    const name = basename(this.file).replace(/\.jsonl$/, '');
    return join(dirname(this.file), `${name}.${n}.jsonl`);
  }

  files(): string[] {
    const out: string[] = [];
    for (let n = this.keep; n >= 1; n--) if (existsSync(this.rotated(n))) out.push(this.rotated(n));
    if (existsSync(this.file)) out.push(this.file);
    return out;
  }

  /** Set once the container store exists (it is built after the log, and records through it). */
  useNames(nameOf: NameOf): void {
    this.nameOf = nameOf;
  }

  async name(target: ActivityTarget): Promise<ActivityTarget> {
    const withEngine = this.engine && !target.engine ? { ...target, engine: this.engine } : target;
    if (withEngine.name || !this.nameOf) return withEngine;
    let name: string | undefined;
    try {
      name = await this.nameOf(target.id);
    } catch {
      // A name is a convenience: the id alone still identifies the container.
    }
    return name ? { ...withEngine, name: name.replace(/^\//, '') } : withEngine;
  }

  onAppend(listener: (r: ActivityRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  record(entry: ActivityEntry): void {
    const rec: ActivityRecord = {
      ts: new Date().toISOString(),
      action: entry.action,
      ...(entry.target ? { target: this.engine && !entry.target.engine ? { ...entry.target, engine: this.engine } : entry.target } : {}),
      ...(entry.params ? { params: redact(entry.params) as Record<string, unknown> } : {}),
      outcome: entry.outcome,
      ...(entry.error !== undefined ? { error: redactString(entry.error) } : {}),
      ...(entry.details !== undefined && entry.details !== entry.error ? { details: redactString(entry.details) } : {}),
      ...(entry.durationMs !== undefined ? { durationMs: entry.durationMs } : {}),
    };
    const line = JSON.stringify(rec) + '\n';
    const bytes = Buffer.byteLength(line);
    try {
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      appendFileSync(this.file, line, { mode: 0o600 });
      this.size += bytes;
    } catch (e) {
      console.error('[activity] could not write', e);
      return;
    }
    for (const l of this.listeners) {
      try {
        l(rec);
      } catch (e) {
        console.error('[activity] listener failed', e);
      }
    }
  }

  async track<T>(action: string, target: ActivityEntry['target'], params: ActivityEntry['params'], fn: () => Promise<T>, opts: TrackOptions<T> = {}): Promise<T> {
    const started = Date.now();
    // Looked up alongside the action, not after it: a removed container has no name to find any more.
    const named = target ? this.name(target) : Promise.resolve(undefined);
    try {
      const out = await fn();
      const verdict = opts.judge?.(out);
      this.record({ action, target: await named, params, outcome: verdict?.outcome ?? 'ok', error: verdict?.error, details: verdict?.details, durationMs: Date.now() - started });
      return out;
    } catch (e) {
      const judged = judgeError(e);
      this.record({ action, target: await named, params, ...judged, durationMs: Date.now() - started });
      throw e;
    }
  }

  private rotate(): void {
    rmSync(this.rotated(this.keep), { force: true });
    for (let n = this.keep - 1; n >= 1; n--) {
      if (existsSync(this.rotated(n))) renameSync(this.rotated(n), this.rotated(n + 1));
    }
    if (this.keep >= 1) renameSync(this.file, this.rotated(1));
    else rmSync(this.file, { force: true });
    this.size = 0;
  }
}

function endsWithNewline(file: string, size: number): boolean {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, size - 1);
    return b[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}
