import { judgeExit } from '../activity/outcome';
import { randomUUID } from 'node:crypto';
import { BerthError } from '../../../shared/contract/errors';
import type { JobEvent, JobInfo, OutputStream } from '../../../shared/contract/runner';
import type { ServerChannel } from '../../../shared/rpc/server';
import { Fanout } from './fanout';
import type { TerminalDeps } from './manager';
import { startRun, type RunHandle } from './run-exec';

/** Output kept per background job. Why 1 MiB: the tail of a long build log, times dozens of jobs, stays small. */
export const JOB_OUTPUT_BYTES = 1024 * 1024;
/** Finished jobs kept for viewing, oldest dropped first. */
const MAX_FINISHED = 50;

interface Job {
  info: JobInfo;
  fanout: Fanout<OutputStream>;
  handle: RunHandle | undefined;
  infoListeners: Set<(job: JobInfo) => void>;
  killed: boolean;
}

/**
 * Background runs: detached from any client, output kept bounded in memory,
 * viewable later (replay then live) and killable.
 */
export class JobManager {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly deps: TerminalDeps) {
    deps.onDispose(() => this.killAll());
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => this.snapshot(j));
  }

  async start(input: { containers: string[]; script: string; user?: string; workingDir?: string }, client = 'local'): Promise<JobInfo[]> {
    const out: JobInfo[] = [];
    for (const ref of input.containers) {
      const job: Job = {
        info: {
          id: randomUUID(),
          container: { id: ref, name: ref },
          script: input.script,
          startedAt: Date.now(),
          endedAt: null,
          state: 'running',
          exitCode: null,
          outputBytes: 0,
          droppedBytes: 0,
          error: null,
        },
        fanout: new Fanout<OutputStream>({
          replayBytes: JOB_OUTPUT_BYTES,
          cutAtLine: true,
          pause: () => job.handle?.pause(),
          resume: () => job.handle?.resume(),
        }),
        handle: undefined,
        infoListeners: new Set(),
        killed: false,
      };
      const params = { command: input.script, lines: input.script.split('\n').length, user: input.user, workingDir: input.workingDir, client };
      try {
        job.handle = await this.deps.activity.track('runner.background', { id: ref }, params, () =>
          startRun(this.deps.engine, ref, { ...input, onOutput: (s, b) => job.fanout.write(s, b) }),
        );
      } catch (e) {
        if (input.containers.length === 1) throw e;
        job.info = { ...job.info, state: 'failed', endedAt: Date.now(), error: e instanceof Error ? e.message : String(e) };
        this.jobs.set(job.info.id, job);
        out.push(job.info);
        continue;
      }
      job.info = { ...job.info, container: job.handle.container };
      this.jobs.set(job.info.id, job);
      void job.handle.done.then((r) => {
        job.fanout.flush();
        job.info = {
          ...job.info,
          endedAt: Date.now(),
          exitCode: r.exitCode,
          state: job.killed ? 'killed' : r.outcome === 'failed' ? 'failed' : 'exited',
          error: r.error?.message ?? null,
        };
        this.changed(job);
        this.trim();
        // The start was logged when it happened; how it ended is its own line, decided by the exit code.
        const verdict = job.killed ? { outcome: 'cancelled' as const, error: 'Killed' } : judgeExit(r);
        this.deps.activity.record({
          action: 'runner.background.exit',
          target: job.info.container ?? undefined,
          params: { job: job.info.id, exitCode: r.exitCode },
          outcome: verdict?.outcome ?? 'ok',
          ...(verdict ? { error: verdict.error, details: verdict.details } : {}),
          durationMs: r.durationMs,
        });
      });
      out.push(this.snapshot(job));
    }
    return out;
  }

  get(id: string): Job {
    const j = this.jobs.get(id);
    if (!j) throw new BerthError('not-found', 'This background job no longer exists.', { details: { id } });
    return j;
  }

  view(id: string, ch: ServerChannel<JobEvent, never>): void {
    const job = this.get(id);
    ch.emit({ type: 'info', job: this.snapshot(job) });
    job.fanout.attach(ch, (stream) => ({ type: 'output' as const, stream }), { replay: true, after: () => ch.emit({ type: 'replayed' }) });
    const l = (info: JobInfo) => ch.emit({ type: 'info', job: info });
    job.infoListeners.add(l);
    ch.onClose(() => job.infoListeners.delete(l));
  }

  async kill(id: string): Promise<JobInfo> {
    const job = this.get(id);
    if (job.info.state !== 'running' || !job.handle) return this.snapshot(job);
    job.killed = true;
    const handle = job.handle;
    await this.deps.activity.track('runner.kill', job.info.container, { job: id }, async () => {
      handle.cancel();
      await handle.done;
    });
    return this.snapshot(job);
  }

  async remove(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (!job) return;
    if (job.info.state === 'running') await this.kill(id);
    job.fanout.dispose();
    this.jobs.delete(id);
  }

  private async killAll() {
    await Promise.allSettled([...this.jobs.values()].filter((j) => j.info.state === 'running').map((j) => this.kill(j.info.id)));
  }

  private snapshot(job: Job): JobInfo {
    return { ...job.info, outputBytes: job.fanout.replay.total, droppedBytes: job.fanout.replay.dropped };
  }

  private changed(job: Job) {
    const info = this.snapshot(job);
    job.infoListeners.forEach((l) => l(info));
  }

  private trim() {
    const finished = [...this.jobs.values()].filter((j) => j.info.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED))) {
      j.fanout.dispose();
      this.jobs.delete(j.info.id);
    }
  }
}
