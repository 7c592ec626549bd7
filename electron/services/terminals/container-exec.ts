import type { Readable } from 'node:stream';
import { BerthError } from '../../../shared/contract/errors';
import type { Engine } from '../engine/engine';
import { Demuxer } from '../engine/demux';
import { SIGNAL_SCRIPT } from './proc-scripts';

/** What `docker exec` puts in the output when the process could not even start. */
const START_FAILED = /OCI runtime exec failed|unable to find (user|group)|uids and gids must be in range|executable file not found|no such file or directory/i;

export interface QuickResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** The container's id, name and whether it runs; a clear error when it is gone. */
export async function inspectContainer(
  engine: Engine,
  ref: string,
): Promise<{ id: string; name: string; running: boolean; tty: boolean; paused: boolean; startedAt: string }> {
  try {
    const info = await engine.port.inspectContainer(ref);
    return {
      id: info.Id,
      startedAt: info.State.StartedAt,
      name: info.Name.replace(/^\//, ''),
      running: info.State.Running,
      paused: info.State.Paused,
      tty: Boolean(info.Config.Tty),
    };
  } catch (e) {
    const err = engine.fail(e);
    if (err.code === 'not-found') throw new BerthError('not-found', `No container "${ref}": it may have been removed.`, { field: 'container' });
    throw err;
  }
}

export async function requireRunning(engine: Engine, ref: string) {
  const c = await inspectContainer(engine, ref);
  if (c.paused) throw new BerthError('wrong-state', `Container ${c.name} is paused: unpause it first.`, { field: 'container' });
  if (!c.running) throw new BerthError('wrong-state', `Container ${c.name} is not running: start it first.`, { field: 'container' });
  return c;
}

/** Runs a short command without a TTY and collects its output (up to 64 KiB each). */
export async function runQuick(
  engine: Engine,
  containerId: string,
  cmd: string[],
  opts: { user?: string; workingDir?: string; timeoutMs?: number } = {},
): Promise<QuickResult> {
  try {
    const exec = await engine.port.createExec(containerId, {
      Cmd: cmd,
      AttachStdout: true,
      AttachStderr: true,
      User: opts.user,
      WorkingDir: opts.workingDir,
    });
    const stream = await exec.start({ stdin: false });
    const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    const sizes = { stdout: 0, stderr: 0 };
    const demux = new Demuxer((s, b) => {
      if (sizes[s] < 65_536) {
        out[s].push(Buffer.from(b));
        sizes[s] += b.length;
      }
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stream.destroy();
        reject(new BerthError('timeout', `${cmd[0]} did not finish within ${(opts.timeoutMs ?? 10_000) / 1000} s`));
      }, opts.timeoutMs ?? 10_000);
      stream.on('data', (b: Buffer) => demux.push(b));
      stream.on('error', (e) => (clearTimeout(timer), reject(e)));
      stream.on('end', () => (clearTimeout(timer), resolve()));
      stream.on('close', () => (clearTimeout(timer), resolve()));
    });
    const info = await exec.inspect();
    return {
      exitCode: info.ExitCode ?? null,
      stdout: Buffer.concat(out.stdout).toString('utf8'),
      stderr: Buffer.concat(out.stderr).toString('utf8'),
    };
  } catch (e) {
    throw engine.fail(e);
  }
}

/**
 * Turns the error text of an exec that could not start into a clear error on
 * the field it concerns, or returns undefined when it is not such an error.
 */
export function startFailure(result: QuickResult): BerthError | undefined {
  if (result.exitCode !== 126 && result.exitCode !== 127) return undefined;
  const text = (result.stdout + result.stderr).trim();
  if (!START_FAILED.test(text)) return undefined;
  const reason = text.replace(/^OCI runtime exec failed: exec failed: (unable to start container process: )?/, '').replace(/: unknown$/, '');
  if (/unable to find user|unable to find group|no matching entries in (passwd|group)/i.test(text)) {
    return new BerthError('invalid-input', `No such user in this container: ${reason}`, { field: 'user' });
  }
  if (/uids and gids must be in range/i.test(text)) {
    return new BerthError('invalid-input', `The user is not valid: ${reason}.`, { field: 'user' });
  }
  if (/chdir to cwd/i.test(text)) {
    return new BerthError('invalid-input', `The working directory does not exist in this container (${reason}).`, { field: 'workingDir' });
  }
  return new BerthError('unsupported', reason, { details: { exitCode: result.exitCode } });
}

export interface ResolvedShell {
  /** The shell that runs our wrapper and signal scripts (sh, or bash when there is no sh). */
  wrapper: string;
  /** What the terminal runs. */
  shell: string;
}

const PICK = 'if [ "$1" = auto ]; then command -v bash || command -v sh; else command -v "$1"; fi';

/**
 * Finds a shell in the container, with the user and working directory the
 * session will use so that their errors surface here, clearly, rather than as
 * a terminal that closes at once.
 */
export async function resolveShell(
  engine: Engine,
  containerId: string,
  opts: { shell: string; user?: string; workingDir?: string },
): Promise<ResolvedShell> {
  let lastFailure: BerthError | undefined;
  for (const wrapper of ['sh', 'bash']) {
    const r = await runQuick(engine, containerId, [wrapper, '-c', PICK, 'berth', opts.shell], opts);
    const failure = startFailure(r);
    if (failure) {
      if (failure.field) throw failure;
      lastFailure = failure;
      continue; // no such wrapper: try the next
    }
    const found = r.stdout.split('\n')[0]?.trim();
    if (r.exitCode === 0 && found) return { wrapper, shell: found };
    // The engine could not start the exec for a reason we do not know: say so in its words rather
    // than guess "no shell".
    if ((r.exitCode === 126 || r.exitCode === 127) && (r.stdout + r.stderr).trim() && !START_FAILED.test(r.stdout + r.stderr)) {
      throw new BerthError('unsupported', `The engine could not start a shell here: ${(r.stdout + r.stderr).trim().slice(0, 500)}`);
    }
    if (opts.shell !== 'auto') {
      throw new BerthError('invalid-input', `There is no "${opts.shell}" in this container.`, { field: 'shell' });
    }
  }
  throw new BerthError(
    'unsupported',
    'This container has no shell (neither sh nor bash), so a terminal cannot run in it. Its logs and files can still be viewed.',
    { details: lastFailure?.message },
  );
}

/** Signals a session's process tree (or foreground job) inside the container; see proc-scripts.ts. */
export async function signalInContainer(
  engine: Engine,
  containerId: string,
  wrapper: string,
  pid: number,
  signal: 'INT' | 'TERM' | 'KILL',
  mode: 'tree' | 'fg',
): Promise<void> {
  // As root: the session may have switched users (su, sudo) below its shell.
  await runQuick(engine, containerId, [wrapper, '-c', SIGNAL_SCRIPT, 'berth', String(pid), signal, mode], { user: '0', timeoutMs: 10_000 });
}

