import type { Duplex } from 'node:stream';
import { BerthError, type ErrorData } from '../../../shared/contract/errors';
import type { OutputStream, RunOutcome } from '../../../shared/contract/runner';
import type { Engine } from '../engine/engine';
import type { ExecHandle } from '../engine/port';
import { requireRunning, signalInContainer, startFailure } from './container-exec';
import { Demuxer } from '../engine/demux';
import { PID_MARKER_PRINTF, PidMarkerParser } from './pid-marker';

export interface RunResult {
  outcome: RunOutcome;
  exitCode: number | null;
  durationMs: number;
  error?: ErrorData;
}

export interface RunHandle {
  container: { id: string; name: string };
  /** Kills the process tree; the result then says 'cancelled'. */
  cancel(): void;
  pause(): void;
  resume(): void;
  readonly done: Promise<RunResult>;
}

export interface RunOptions {
  script: string;
  user?: string;
  workingDir?: string;
  /** 0 or undefined: no timeout. */
  timeoutMs?: number;
  onOutput(stream: OutputStream, bytes: Buffer): void;
}

/** Output kept to explain a failed start (the engine writes its reason there). */
const KEEP_FOR_DIAGNOSIS = 4096;

/**
 * Runs a script with `sh -c` in a container without a TTY: stdout and stderr
 * arrive apart, live. The wrapper prints its PID on stderr (stripped here)
 * before `exec`ing the script's shell, so cancel and timeout can kill the
 * script's whole process tree inside the container.
 */
export async function startRun(engine: Engine, ref: string, opts: RunOptions): Promise<RunHandle> {
  const c = await requireRunning(engine, ref);
  const started = Date.now();
  let stream: Duplex;
  let exec: ExecHandle;
  try {
    exec = await engine.port.createExec(c.id, {
      Cmd: ['sh', '-c', `${PID_MARKER_PRINTF} >&2; exec sh -c "$1"`, 'berth', opts.script],
      AttachStdout: true,
      AttachStderr: true,
      User: opts.user,
      WorkingDir: opts.workingDir,
    });
    stream = await exec.start({ stdin: false });
  } catch (e) {
    throw engine.fail(e);
  }

  const marker = new PidMarkerParser();
  const head = { stdout: '', stderr: '' };
  const demux = new Demuxer((s, bytes) => {
    const out = s === 'stderr' ? marker.push(Buffer.from(bytes)) : bytes;
    if (out.length === 0) return;
    if (head[s].length < KEEP_FOR_DIAGNOSIS) head[s] += out.subarray(0, KEEP_FOR_DIAGNOSIS).toString('utf8');
    opts.onOutput(s, out);
  });
  let stopping: 'timeout' | 'cancelled' | undefined;
  let ended = false;

  const kill = async () => {
    // The PID marker comes first on stderr; it may still be in flight right after start.
    for (let i = 0; i < 40 && marker.pid === null && !ended; i++) await new Promise((r) => setTimeout(r, 50));
    if (ended) return;
    if (marker.pid !== null) {
      try {
        await signalInContainer(engine, c.id, 'sh', marker.pid, 'KILL', 'tree');
        return;
      } catch {
        // fall through: at least drop our end
      }
    }
    stream.destroy();
  };
  const stop = (why: 'timeout' | 'cancelled') => {
    if (ended || stopping) return;
    stopping = why;
    stream.resume(); // a paused stream would keep the process blocked and the end unseen
    void kill();
  };
  const timer = opts.timeoutMs ? setTimeout(() => stop('timeout'), opts.timeoutMs) : undefined;

  const done = new Promise<RunResult>((resolve) => {
    let finished = false;
    const finish = async () => {
      if (finished) return;
      finished = true;
      ended = true;
      clearTimeout(timer);
      const rest = marker.flush();
      if (rest.length) opts.onOutput('stderr', rest);
      let exitCode: number | null = null;
      try {
        exitCode = (await exec.inspect()).ExitCode ?? null;
      } catch {
        // container removed meanwhile
      }
      const durationMs = Date.now() - started;
      if (stopping) return resolve({ outcome: stopping, exitCode, durationMs });
      const failure = startFailure({ exitCode, stdout: head.stdout, stderr: head.stderr });
      if (failure) return resolve({ outcome: 'failed', exitCode, durationMs, error: failure.toData() });
      if (exitCode === 127) {
        return resolve({ outcome: 'exited', exitCode, durationMs, error: new BerthError('not-found', 'Command not found (exit code 127).').toData() });
      }
      if (exitCode === 126) {
        return resolve({ outcome: 'exited', exitCode, durationMs, error: new BerthError('permission-denied', 'The command could not be executed (exit code 126).').toData() });
      }
      resolve({ outcome: 'exited', exitCode, durationMs });
    };
    stream.on('data', (b: Buffer) => demux.push(b));
    stream.on('end', () => void finish());
    stream.on('close', () => void finish());
    stream.on('error', () => void finish());
  });

  return {
    container: { id: c.id, name: c.name },
    cancel: () => stop('cancelled'),
    pause: () => {
      if (!stopping) stream.pause();
    },
    resume: () => stream.resume(),
    done,
  };
}
