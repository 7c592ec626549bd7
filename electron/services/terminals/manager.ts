import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { BerthError } from '../../../shared/contract/errors';
import type { CreateTerminalRequest, SessionInfo, TerminalEvent, TerminalSettings, TerminalSignal } from '../../../shared/contract/terminals';
import type { ServerChannel } from '../../../shared/rpc/server';
import type { Services } from '../index';
import { startAttach } from './attach-backend';
import type { BackendSink, TerminalBackend } from './backend';
import { requireRunning, resolveShell } from './container-exec';
import { startExecTerminal } from './exec-backend';
import { Fanout } from './fanout';
import { startHostShell } from './host-backend';
import { TerminalSettingsStore } from './idle-settings';
import { ShellReaper, type LeftBehind } from './reaper';

/** The data folder is optional: without it settings and the list of shells to end live in memory. */
export type TerminalDeps = Pick<Services, 'engine' | 'activity' | 'options' | 'onDispose'> &
  Partial<Pick<Services, 'dataDir'>> & {
    /** MAX_RUNNING_SESSIONS unless given (tests use a few). */
    maxRunningSessions?: number;
  };

/**
 * Running sessions at once, over every client. Each holds a process in its
 * container (or on this machine), an engine connection and up to REPLAY_BYTES
 * of replay: without a limit one client creating sessions in a loop (300 took
 * a minute here) holds as many as it likes, for the detached timeout. Why 64:
 * far more tabs than anyone reads, and their replay stays within 32 MiB.
 */
export const MAX_RUNNING_SESSIONS = 64;

/**
 * Output kept per session for a reloaded renderer: a few screens of a busy
 * shell. Why 512 KiB: enough to repaint a full-screen app and recent
 * scrollback; small enough for dozens of tabs.
 */
export const REPLAY_BYTES = 512 * 1024;
/** Ended sessions are kept (so their tabs can say why) up to this many. */
const MAX_ENDED = 30;

/** Internal state of one session; what crosses the bridge is `SessionInfo` (see `TerminalManager.info`). */
type SessionCore = Omit<SessionInfo, 'viewers' | 'detachedSince' | 'endsAt'>;

class Session {
  readonly fanout: Fanout<'data'>;
  backend: TerminalBackend | undefined;
  viewers = 0;
  detachedSince: number | null;
  idleTimer: NodeJS.Timeout | undefined;
  /** Set when Berth ends the session itself: the reason the backend would give is not the whole story. */
  endReason: string | undefined;
  private readonly enders = new Set<() => void>();

  constructor(
    public info: SessionCore,
    private readonly viewersChanged: (s: Session) => void,
  ) {
    this.detachedSince = info.createdAt;
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
      this.info = { ...this.info, state: 'ended', exitCode, endReason: this.endReason ?? reason };
      this.enders.forEach((f) => f());
      this.enders.clear();
      this.viewersChanged(this);
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
    if (ch.signal.aborted) return;
    this.viewers++;
    this.viewersChanged(this);
    this.enders.add(endNotice);
    ch.onClose(() => {
      this.enders.delete(endNotice);
      this.viewers--;
      this.viewersChanged(this);
    });
    ch.onPush(async (_v, bytes) => {
      if (bytes && bytes.length && this.backend && this.info.state === 'running') await this.backend.write(Buffer.from(bytes));
    });
  }
}

/**
 * Owns every terminal session, independently of any client connection: a
 * renderer that reloads finds its sessions with `terminals.list` and reopens
 * their streams, replayed. Keyed by session id.
 *
 * A running session nobody views is ended after the user's detached timeout,
 * and shells Berth lost touch with (the engine went away) are ended by the
 * reaper once the engine answers again.
 */
export class TerminalManager {
  private readonly sessions = new Map<string, Session>();
  /** Sessions being created now (see MAX_RUNNING_SESSIONS). */
  private starting = 0;
  readonly settings: TerminalSettingsStore;
  readonly reaper: ShellReaper;

  constructor(private readonly deps: TerminalDeps) {
    this.settings = new TerminalSettingsStore(deps.dataDir);
    this.reaper = new ShellReaper(deps.engine, deps.dataDir ? join(deps.dataDir, 'terminals', 'shells-to-end.json') : undefined, (l, outcome) =>
      this.reaped(l, outcome),
    );
    deps.onDispose(async () => {
      await this.closeAll();
      this.reaper.dispose();
    });
  }

  get hostShellAllowed(): boolean {
    return this.deps.options.allowHostShell === true;
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => this.info(s));
  }

  get(id: string): Session {
    const s = this.sessions.get(id);
    if (!s) throw new BerthError('not-found', 'This terminal session no longer exists.', { details: { id } });
    return s;
  }

  async create(input: CreateTerminalRequest, client = 'local'): Promise<SessionInfo> {
    const max = this.deps.maxRunningSessions ?? MAX_RUNNING_SESSIONS;
    const running = [...this.sessions.values()].filter((s) => s.info.state === 'running').length;
    if (running + this.starting >= max) {
      throw new BerthError('too-large', `${max} terminal sessions are running: close some (the Terminals view lists them, detached ones too) before opening another.`);
    }
    // Counted while it starts, so creates sent together cannot all pass the check above.
    this.starting++;
    try {
      return await this.start(input, client);
    } finally {
      this.starting--;
    }
  }

  private async start(input: CreateTerminalRequest, client: string): Promise<SessionInfo> {
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
    const session = (info: SessionCore) => new Session(info, (s) => this.viewersChanged(s));
    if (input.kind === 'host') {
      if (!this.hostShellAllowed) {
        throw new BerthError('unsupported', 'Host shells are off in this host. Start the web host with --allow-host-shell to allow a shell on the serving machine.');
      }
      return activity.track('terminal.open', undefined, { kind: 'host', client }, async () => {
        const s = session({ ...base, title: 'Host shell', container: null, shell: null, user: null, workingDir: null });
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
        const s = session({ ...base, title: `${c.name} (attached)`, container: target, shell: null, user: null, workingDir: null });
        s.backend = await startAttach(engine, c.id, input, s.sink);
        return this.add(s);
      });
    }
    const shellChoice = input.shell;
    return activity.track('terminal.open', target, { kind: 'exec', shell: shellChoice, user: input.user, workingDir: input.workingDir, client }, async () => {
      const { wrapper, shell } = await resolveShell(engine, c.id, { shell: shellChoice, user: input.user, workingDir: input.workingDir });
      const s = session({
        ...base,
        title: `${c.name}: ${shell.split('/').pop()}`,
        container: target,
        shell,
        user: input.user ?? null,
        workingDir: input.workingDir ?? null,
      });
      s.backend = await startExecTerminal(
        engine,
        {
          containerId: c.id,
          wrapper,
          shell,
          user: input.user,
          workingDir: input.workingDir,
          cols: input.cols,
          rows: input.rows,
          startedAt: c.startedAt,
          leftBehind: (tree) => this.reaper.add({ ...tree, session: s.info.id, since: Date.now() }),
        },
        s.sink,
      );
      return this.add(s);
    });
  }

  private add(s: Session): SessionInfo {
    this.sessions.set(s.info.id, s);
    this.trimEnded();
    this.viewersChanged(s);
    return this.info(s);
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
    return this.info(s);
  }

  /**
   * Ends the session and forgets it. Its process tree is ended now, or, when
   * the engine cannot be reached (also for a session that already ended
   * because the engine went away), as soon as the engine answers again.
   */
  async close(id: string): Promise<void> {
    const s = this.sessions.get(id);
    if (!s) return;
    this.sessions.delete(id);
    clearTimeout(s.idleTimer);
    s.fanout.dispose();
    const backend = s.backend;
    if (!backend || s.info.state === 'ended') return;
    await this.deps.activity.track('terminal.close', s.info.container ?? undefined, { session: id, kind: s.info.kind }, () => backend.close());
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.sessions.keys()].map((id) => this.close(id)));
  }

  getSettings(): TerminalSettings {
    return this.settings.get();
  }

  setSettings(next: TerminalSettings): TerminalSettings {
    const value = this.settings.set(next);
    for (const s of this.sessions.values()) this.scheduleIdle(s);
    return value;
  }

  /** What crosses the bridge: the session with who views it and when it would be ended. */
  private info(s: Session): SessionInfo {
    const detachedSince = s.info.state === 'running' ? s.detachedSince : null;
    return {
      ...s.info,
      viewers: s.viewers,
      detachedSince,
      endsAt: detachedSince === null ? null : detachedSince + this.settings.get().detachedTimeoutSeconds * 1000,
    };
  }

  private viewersChanged(s: Session): void {
    if (s.info.state !== 'running' || s.viewers > 0) s.detachedSince = null;
    else s.detachedSince ??= Date.now();
    this.scheduleIdle(s);
  }

  private scheduleIdle(s: Session): void {
    clearTimeout(s.idleTimer);
    s.idleTimer = undefined;
    if (s.info.state !== 'running' || s.detachedSince === null || !this.sessions.has(s.info.id)) return;
    const timeout = this.settings.get().detachedTimeoutSeconds * 1000;
    s.idleTimer = setTimeout(() => void this.expire(s, timeout), Math.max(0, s.detachedSince + timeout - Date.now()));
    s.idleTimer.unref?.();
  }

  /** Nobody viewed it for the whole timeout: end it, and keep it listed as ended so a returning user learns why. */
  private async expire(s: Session, timeout: number): Promise<void> {
    const backend = s.backend;
    if (s.info.state !== 'running' || s.viewers > 0 || !backend) return;
    s.endReason = `Ended after ${describeDuration(timeout)} with no window showing it (the Terminals view sets this time).`;
    await this.deps.activity
      .track('terminal.expire', s.info.container ?? undefined, { session: s.info.id, kind: s.info.kind, afterSeconds: timeout / 1000 }, () => backend.close())
      .catch(() => undefined);
  }

  private reaped(l: LeftBehind, outcome: 'ended' | 'already-gone'): void {
    const { activity } = this.deps;
    void activity.name({ id: l.containerId }).then((target) =>
      activity.record({ action: 'terminal.end-left-behind', target, params: { session: l.session, outcome }, outcome: 'ok' }),
    );
    const s = this.sessions.get(l.session);
    if (s && s.info.state === 'ended' && outcome === 'ended') {
      s.info = { ...s.info, endReason: 'Lost the connection to the container engine; Berth ended the shell when the engine answered again.' };
    }
  }

  private trimEnded() {
    const ended = [...this.sessions.values()].filter((s) => s.info.state === 'ended');
    for (const s of ended.slice(0, Math.max(0, ended.length - MAX_ENDED))) this.sessions.delete(s.info.id);
  }
}

export function describeDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 3600 === 0) return `${s / 3600} hour${s === 3600 ? '' : 's'}`;
  if (s % 60 === 0) return `${s / 60} minute${s === 60 ? '' : 's'}`;
  return `${s} second${s === 1 ? '' : 's'}`;
}
