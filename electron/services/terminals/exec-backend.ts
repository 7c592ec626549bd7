import type { Duplex } from 'node:stream';
import { BerthError } from '../../../shared/contract/errors';
import type { TerminalSignal } from '../../../shared/contract/terminals';
import type { Engine } from '../engine/engine';
import type { ExecHandle } from '../engine/port';
import { writeWithDrain, type BackendSink, type TerminalBackend } from './backend';
import { signalInContainer } from './container-exec';
import { PID_MARKER_PRINTF, PidMarkerParser } from './pid-marker';
import { SIGNAL_NAMES } from './proc-scripts';

/** How long to wait for the wrapper's PID marker before giving up on signals. */
const PID_WAIT_MS = 3_000;

export interface ExecTerminalOptions {
  containerId: string;
  wrapper: string;
  shell: string;
  user?: string;
  workingDir?: string;
  cols: number;
  rows: number;
  /** The container's State.StartedAt: what a left-behind shell is matched against later. */
  startedAt: string;
  /** The shell may still run but Berth can no longer reach it: end its tree when the engine answers. */
  leftBehind(tree: { containerId: string; startedAt: string; pid: number; wrapper: string }): void;
}

/** What a tab says when the engine went away under its shell. */
export const LOST_ENGINE_REASON =
  'Lost the connection to the container engine. The shell may still be running in the container: Berth ends it as soon as the engine answers again.';

/**
 * A shell in a container through a TTY exec. The shell runs under a wrapper
 * that first prints its PID (see pid-marker.ts) and then `exec`s the shell,
 * so the shell keeps that PID and we can kill its whole tree on close.
 */
export async function startExecTerminal(engine: Engine, opts: ExecTerminalOptions, sink: BackendSink): Promise<TerminalBackend> {
  const port = engine.port;
  const containerId = opts.containerId;
  let stream: Duplex;
  let exec: ExecHandle;
  try {
    exec = await port.createExec(containerId, {
      Cmd: [opts.wrapper, '-c', `${PID_MARKER_PRINTF}; exec "$@"`, 'berth', opts.shell],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      User: opts.user,
      WorkingDir: opts.workingDir,
      Env: ['TERM=xterm-256color', 'COLORTERM=truecolor'],
    });
    stream = await exec.start({ stdin: true, tty: true });
  } catch (e) {
    throw engine.fail(e);
  }

  const marker = new PidMarkerParser();
  let pidWaiters: Array<(pid: number | null) => void> = [];
  const releasePid = () => {
    pidWaiters.splice(0).forEach((w) => w(marker.pid));
  };
  const pid = (): Promise<number | null> => {
    if (marker.pid !== null) return Promise.resolve(marker.pid);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(marker.pid), PID_WAIT_MS);
      pidWaiters.push((p) => (clearTimeout(t), resolve(p)));
    });
  };
  let closing = false;
  let ended = false;

  // Input waits for the marker: the TTY echoes typed bytes at once, and an
  // echo arriving before the marker would hide it.
  let markerSeen!: () => void;
  const inputReady = new Promise<void>((resolve) => (markerSeen = resolve));
  const markerTimer = setTimeout(markerSeen, PID_WAIT_MS);
  stream.on('data', (chunk: Buffer) => {
    const out = marker.push(chunk);
    if (marker.pid !== null || out.length) {
      clearTimeout(markerTimer);
      markerSeen();
    }
    if (marker.pid !== null && pidWaiters.length) releasePid();
    if (out.length) sink.data(out);
  });
  let killed = false;
  let leftBehind = false;
  const leaveBehind = () => {
    if (killed || leftBehind || marker.pid === null) return;
    leftBehind = true;
    opts.leftBehind({ containerId: opts.containerId, startedAt: opts.startedAt, pid: marker.pid, wrapper: opts.wrapper });
  };
  const finish = async () => {
    if (ended) return;
    ended = true;
    clearTimeout(markerTimer);
    markerSeen();
    const rest = marker.flush();
    if (rest.length) sink.data(rest);
    releasePid();
    pidWaiters = [];
    let exitCode: number | null = null;
    let reason = 'The shell exited.';
    try {
      const info = await exec.inspect();
      exitCode = info.ExitCode ?? null;
      if (info.Running) {
        // Our connection to the exec broke but its process lives on, out of reach for good (the
        // Engine API cannot reattach to an exec): end it rather than leave it running.
        leaveBehind();
        return sink.end(null, closing ? 'The session was closed.' : 'The connection to the shell was lost; Berth ended the shell.');
      }
      let c = await port.inspectContainer(containerId);
      // A killed container's exec ends a moment before the engine marks the container stopped.
      for (let i = 0; i < 5 && c.State.Running && !closing && (exitCode === null || exitCode >= 128); i++) {
        await new Promise((r) => setTimeout(r, 100));
        c = await port.inspectContainer(containerId);
      }
      if (closing) reason = 'The session was closed.';
      else if (!c.State.Running) reason = `The container stopped (its exit code ${c.State.ExitCode}).`;
      else reason = exitCode === null ? 'The shell exited.' : `The shell exited with code ${exitCode}.`;
    } catch (e) {
      if (engine.fail(e).code === 'not-found') reason = closing ? 'The session was closed.' : 'The container is gone.';
      else {
        // Not an answer about the container: the engine itself is out of reach, and the shell
        // (with everything it started) may well run on in the container.
        leaveBehind();
        reason = closing ? 'The session was closed; Berth ends its shell as soon as the engine answers again.' : LOST_ENGINE_REASON;
      }
    }
    sink.end(exitCode, reason);
  };
  stream.on('end', () => void finish());
  stream.on('close', () => void finish());
  stream.on('error', () => void finish());

  const resize = async (cols: number, rows: number) => {
    if (ended) return;
    try {
      await exec.resize(cols, rows);
    } catch (e) {
      // The process may have just exited: a resize then is moot, not an error.
      if (!ended) throw engine.fail(e);
    }
  };
  // A TTY exec starts at 0x0 and API 1.41 ignores ConsoleSize: size it right after start.
  await resize(opts.cols, opts.rows);

  const signalTree = async (sig: 'INT' | 'TERM' | 'KILL', mode: 'tree' | 'fg') => {
    const p = await pid();
    if (p === null) throw new BerthError('unsupported', 'The shell did not report its process id, so it cannot be signalled.');
    await signalInContainer(engine, opts.containerId, opts.wrapper, p, sig, mode);
  };

  return {
    write: async (bytes) => {
      await inputReady;
      await writeWithDrain(stream, bytes);
    },
    resize,
    async signal(signal: TerminalSignal) {
      if (ended) throw new BerthError('wrong-state', 'The session has ended.');
      // Ctrl+C through the terminal reaches exactly the foreground job, like a keypress.
      if (signal === 'interrupt') return writeWithDrain(stream, Buffer.from('\x03'));
      await signalTree(SIGNAL_NAMES[signal], 'fg');
    },
    async close() {
      closing = true;
      if (!ended) {
        try {
          await signalTree('KILL', 'tree');
          killed = true;
        } catch (e) {
          // Gone or stopped: nothing left to end. Anything else (the engine is away or does not
          // answer): the tree is remembered and ended when the engine is back.
          const code = e instanceof BerthError ? e.code : engine.fail(e).code;
          if (code !== 'not-found' && code !== 'wrong-state' && code !== 'unsupported') leaveBehind();
        }
      }
      stream.destroy();
    },
    pause: () => stream.pause(),
    resume: () => stream.resume(),
  };
}
