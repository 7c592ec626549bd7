import { z } from 'zod';
import type { Engine } from '../engine/engine';
import { SerialSweep } from '../serial-sweep';
import { signalInContainer } from './container-exec';
import { readJsonFile, writeJsonFile } from './json-file';

/**
 * A shell Berth lost touch with while it still ran: the engine went away
 * under it, or a close could not reach the engine. The Engine API cannot
 * reattach to an exec, so nobody can type into it again; it is ended as soon
 * as the engine answers.
 */
export const LeftBehind = z.object({
  session: z.string(),
  containerId: z.string().min(1),
  /** The container's State.StartedAt when the shell ran: a restarted container reuses PIDs. */
  startedAt: z.string(),
  pid: z.number().int().positive(),
  wrapper: z.string().min(1),
  since: z.number(),
});
export type LeftBehind = z.infer<typeof LeftBehind>;

/**
 * Entries kept at most, oldest dropped first. Each is one lost shell, dropped once ended or once its
 * container is gone or restarted; the cap only bounds the file should an engine never come back.
 */
const MAX_PENDING = 1000;
const Journal = z.array(LeftBehind).max(MAX_PENDING);

export type ReapOutcome = 'ended' | 'already-gone';

/**
 * Remembers which process trees must still be ended, in a journal under the
 * data folder (so a host restarted while the engine was away still ends
 * them), and ends them whenever the engine is connected.
 */
export class ShellReaper {
  private pending: LeftBehind[];
  private readonly offStatus: () => void;

  constructor(
    private readonly engine: Engine,
    /** The journal file; without one the list lives in memory only. */
    private readonly file: string | undefined,
    private readonly onReaped: (l: LeftBehind, outcome: ReapOutcome) => void = () => {},
  ) {
    this.pending = file ? readJsonFile(file, Journal, []) : [];
    this.offStatus = engine.onStatus((s) => {
      if (s.state === 'connected') void this.reap();
    });
    if (engine.status.state === 'connected') void this.reap();
  }

  get list(): readonly LeftBehind[] {
    return this.pending;
  }

  add(l: LeftBehind): void {
    this.pending = [...this.pending.filter((p) => !(p.containerId === l.containerId && p.pid === l.pid)), l].slice(-MAX_PENDING);
    this.save();
    if (this.engine.status.state === 'connected') void this.reap();
  }

  /** Ends what it can now; what the engine cannot be asked about yet stays for the next connect. */
  reap(): Promise<void> {
    return this.sweep.run();
  }

  private readonly sweep = new SerialSweep(
    async () => {
      for (const l of this.pending.slice()) {
        const outcome = await this.end(l);
        if (outcome === 'retry') continue;
        this.pending = this.pending.filter((p) => p !== l);
        this.save();
        this.onReaped(l, outcome);
      }
    },
    () => this.engine.status.state === 'connected',
  );

  dispose(): void {
    this.offStatus();
  }

  private async end(l: LeftBehind): Promise<ReapOutcome | 'retry'> {
    let state: { Running: boolean; StartedAt: string };
    try {
      state = (await this.engine.port.inspectContainer(l.containerId)).State;
    } catch (e) {
      return this.engine.fail(e).code === 'not-found' ? 'already-gone' : 'retry';
    }
    // Stopped, or started again since (its PIDs now name other processes): nothing of the shell is left.
    if (!state.Running || state.StartedAt !== l.startedAt) return 'already-gone';
    try {
      await signalInContainer(this.engine, l.containerId, l.wrapper, l.pid, 'KILL', 'tree');
      return 'ended';
    } catch (e) {
      const code = this.engine.fail(e).code;
      return code === 'not-found' || code === 'wrong-state' ? 'already-gone' : 'retry';
    }
  }

  private save(): void {
    if (!this.file) return;
    try {
      writeJsonFile(this.file, this.pending);
    } catch (e) {
      // Still held in memory: the trees are ended while this host runs.
      console.error('[terminals] could not write the list of shells to end', e);
    }
  }
}
