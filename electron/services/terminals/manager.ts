import { randomUUID } from 'node:crypto';
import { BerthError } from '../../../shared/contract/errors';
import type { CreateTerminalRequest, SessionInfo, TerminalEvent, TerminalSignal } from '../../../shared/contract/terminals';
import type { ServerChannel } from '../../../shared/rpc/server';
import type { Services } from '../index';
import { startAttach } from './attach-backend';
import type { BackendSink, TerminalBackend } from './backend';
import { requireRunning, resolveShell } from './container-exec';
import { startExecTerminal } from './exec-backend';
import { Fanout } from './fanout';
import { startHostShell } from './host-backend';

export type TerminalDeps = Pick<Services, 'engine' | 'activity' | 'options' | 'onDispose'>;

/**
 * Output kept per session for a reloaded renderer: a few screens of a busy
 * shell. Why 512 KiB: enough to repaint a full-screen app and recent
 * scrollback; small enough for dozens of tabs.
 */
export const REPLAY_BYTES = 512 * 1024;
/** Ended sessions are kept (so their tabs can say why) up to this many. */
const MAX_ENDED = 30;

class Session {
  readonly fanout: Fanout<'data'>;
  backend: TerminalBackend | undefined;
  private readonly enders = new Set<() => void>();

  constructor(public info: SessionInfo) {
    this.fanout = new Fanout<'data'>({
      replayBytes: REPLAY_BYTES,
      cutAtLine: true,
      pause: () => this.backend?.pause(),
      resume: () => this.backend?.resume(),
    });
  }

  readonly sink: BackendSink = {
    data: (bytes) => this.fanout.write('data', bytes),
    end: (exitCode, reason) => {
      this.fanout.flush();
      this.info = { ...this.info, state: 'ended', exitCode, endReason: reason };
      this.enders.forEach((f) => f());
      this.enders.clear();
    },
  };

  attach(ch: ServerChannel<TerminalEvent, { type: 'input' }>, replay: boolean): void {
    const endNotice = () => {
      ch.emit({ type: 'ended', exitCode: this.info.exitCode, reason: this.info.endReason ?? 'The session ended.' });
      ch.end();
    };
    this.fanout.attach(ch, () => ({ type: 'data' }), {
      replay,
      after: () => ch.emit({ type: 'replayed', truncated: this.fanout.replay.dropped > 0 }),
    });
    if (this.info.state === 'ended') return endNotice();
    this.enders.add(endNotice);
    ch.onClose(() => this.enders.delete(endNotice));
    ch.onPush(async (_v, bytes) => {
      if (bytes && bytes.length && this.backend && this.info.state === 'running') await this.backend.write(Buffer.from(bytes));
    });
  }
}

/**
 * Owns every terminal session, independently of any client connection: a
 * renderer that reloads finds its sessions with `terminals.list` and reopens
 * their streams, replayed. Keyed by session id.
 */
export class TerminalManager {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly deps: TerminalDeps) {
    deps.onDispose(() => this.closeAll());
  }

  get hostShellAllowed(): boolean {
    return this.deps.options.allowHostShell === true;
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => s.info);
  }

  get(id: string): Session {
    const s = this.sessions.get(id);
    if (!s) throw new BerthError('not-found', 'This terminal session no longer exists.', { details: { id } });
    return s;
  }

  async create(input: CreateTerminalRequest, client = 'local'): Promise<SessionInfo> {
    const { engine, activity } = this.deps;
    const base = {
      id: randomUUID(),
      kind: input.kind,
      cols: input.cols,
      rows: input.rows,
      createdAt: Date.now(),
      state: 'running' as const,
      exitCode: null,
      endReason: null,
    };
    if (input.kind === 'host') {
      if (!this.hostShellAllowed) {
        throw new BerthError('unsupported', 'Host shells are off in this host. Start the web host with --allow-host-shell to allow a shell on the serving machine.');
      }
      return activity.track('terminal.open', undefined, { kind: 'host', client }, async () => {
        const s = new Session({ ...base, title: 'Host shell', container: null, shell: null, user: null, workingDir: null });
        const { backend, shell, cwd } = startHostShell(input, s.sink);
        s.backend = backend;
        s.info = { ...s.info, shell, workingDir: cwd, title: `Host: ${shell.split('/').pop()}` };
        return this.add(s);
      });
    }
    const c = await requireRunning(engine, input.container);
    const target = { id: c.id, name: c.name };
    if (input.kind === 'attach') {
      if (!c.tty) {
        throw new BerthError('unsupported', `Container ${c.name} was not created with a TTY, so there is no terminal to attach to. Open a shell in it instead.`, { field: 'container' });
      }
      return activity.track('terminal.attach', target, { client }, async () => {
        const s = new Session({ ...base, title: `${c.name} (attached)`, container: target, shell: null, user: null, workingDir: null });
        s.backend = await startAttach(engine, c.id, input, s.sink);
        return this.add(s);
      });
    }
    const shellChoice = input.shell;
    return activity.track('terminal.open', target, { kind: 'exec', shell: shellChoice, user: input.user, workingDir: input.workingDir, client }, async () => {
      const { wrapper, shell } = await resolveShell(engine, c.id, { shell: shellChoice, user: input.user, workingDir: input.workingDir });
      const s = new Session({
        ...base,
        title: `${c.name}: ${shell.split('/').pop()}`,
        container: target,
        shell,
        user: input.user ?? null,
        workingDir: input.workingDir ?? null,
      });
      s.backend = await startExecTerminal(engine, { containerId: c.id, wrapper, shell, user: input.user, workingDir: input.workingDir, cols: input.cols, rows: input.rows }, s.sink);
      return this.add(s);
    });
  }

  private add(s: Session): SessionInfo {
    this.sessions.set(s.info.id, s);
    this.trimEnded();
    return s.info;
  }

  stream(id: string, replay: boolean, ch: ServerChannel<TerminalEvent, { type: 'input' }>): void {
    this.get(id).attach(ch, replay);
  }

  async resize(id: string, cols: number, rows: number): Promise<void> {
    const s = this.get(id);
    if (s.info.state !== 'running') return;
    s.info = { ...s.info, cols, rows };
    await s.backend?.resize(cols, rows);
  }

  async signal(id: string, signal: TerminalSignal): Promise<void> {
    const s = this.get(id);
    if (s.info.state !== 'running' || !s.backend) throw new BerthError('wrong-state', 'The session has ended.');
    const backend = s.backend;
    await this.deps.activity.track('terminal.signal', s.info.container ?? undefined, { session: id, signal }, () => backend.signal(signal));
  }

  rename(id: string, title: string): SessionInfo {
    const s = this.get(id);
    s.info = { ...s.info, title };
    return s.info;
  }

  async close(id: string): Promise<void> {
    const s = this.sessions.get(id);
    if (!s) return;
    this.sessions.delete(id);
    s.fanout.dispose();
    const backend = s.backend;
    if (!backend || s.info.state === 'ended') return;
    await this.deps.activity.track('terminal.close', s.info.container ?? undefined, { session: id, kind: s.info.kind }, () => backend.close());
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.sessions.keys()].map((id) => this.close(id)));
  }

  private trimEnded() {
    const ended = [...this.sessions.values()].filter((s) => s.info.state === 'ended');
    for (const s of ended.slice(0, Math.max(0, ended.length - MAX_ENDED))) this.sessions.delete(s.info.id);
  }
}

const managers = new WeakMap<TerminalDeps, TerminalManager>();

/** One manager per Services object, made on first use. */
export function terminalManager(deps: TerminalDeps): TerminalManager {
  let m = managers.get(deps);
  if (!m) {
    m = new TerminalManager(deps);
    managers.set(deps, m);
  }
  return m;
}

