import { z } from 'zod';
import { channel, method } from '../rpc/define';
import { ContainerRef, Empty } from './common';

/**
 * Terminal sessions live in the services, not in a connection: a renderer
 * reload or a dropped WebSocket leaves them running, and reopening
 * `terminals.stream` replays the latest output so the screen comes back.
 */
export const Cols = z.number().int().min(2).max(1000);
export const Rows = z.number().int().min(1).max(500);

export const SessionKind = z.enum(['exec', 'host', 'attach']);
export type SessionKind = z.infer<typeof SessionKind>;

/** 'auto' picks bash when the image has it, else sh. Otherwise a program name or absolute path. */
export const ShellChoice = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9_./+-]+$/, 'a shell is a program name or an absolute path (letters, digits, . _ / + -)');

/** The engine's limit on a numeric uid or gid (it refuses anything above, and negatives). */
const MAX_ID = 2_147_483_647;

/** One side of `user:group`: a name, or a numeric id in the engine's range. */
function idPartProblem(part: string, what: 'user' | 'group'): string | undefined {
  if (/^-?\d+$/.test(part)) {
    // Compared as text first: Number() of a long digit string loses precision.
    if (part.startsWith('-') || part.length > 10 || Number(part) > MAX_ID) return `a ${what} id must be between 0 and ${MAX_ID}`;
    return undefined;
  }
  // A leading "-" would read as an option to the tools that resolve it.
  if (part.startsWith('-')) return `a ${what} name cannot start with "-"`;
  return undefined;
}

/** user, uid, user:group or uid:gid, as `docker exec -u` takes. */
export const ExecUser = z
  .string()
  .max(256)
  .regex(/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/, 'a user is NAME, UID, NAME:GROUP or UID:GID')
  .superRefine((v, ctx) => {
    const [user = '', group] = v.split(':');
    const problem = idPartProblem(user, 'user') ?? (group === undefined ? undefined : idPartProblem(group, 'group'));
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const WorkingDir = z
  .string()
  .max(4096)
  .regex(/^\/[^\0]*$/, 'the working directory must be an absolute path inside the container');

export const CreateTerminalInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('exec'),
    container: ContainerRef,
    shell: ShellChoice.default('auto'),
    user: ExecUser.optional(),
    workingDir: WorkingDir.optional(),
    cols: Cols,
    rows: Rows,
  }),
  z.object({ kind: z.literal('host'), cols: Cols, rows: Rows }),
  z.object({ kind: z.literal('attach'), container: ContainerRef, cols: Cols, rows: Rows }),
]);
export type CreateTerminalInput = z.input<typeof CreateTerminalInput>;

export const SessionInfo = z.object({
  id: z.string(),
  kind: SessionKind,
  title: z.string(),
  container: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The program the session runs, as resolved (e.g. /bin/bash), or null for attach. */
  shell: z.string().nullable(),
  user: z.string().nullable(),
  workingDir: z.string().nullable(),
  cols: z.number().int(),
  rows: z.number().int(),
  createdAt: z.number(),
  state: z.enum(['running', 'ended']),
  exitCode: z.number().int().nullable(),
  /** Why the session ended, in words (e.g. "The container stopped."). */
  endReason: z.string().nullable(),
  /** Streams open on it now, in any window or browser. */
  viewers: z.number().int().min(0),
  /** Since when nobody views it (ms since epoch), or null while viewed or once ended. */
  detachedSince: z.number().nullable(),
  /** When it will be ended for nobody viewing it, or null. */
  endsAt: z.number().nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** The longest a detached session may be kept: a week. */
export const MAX_DETACHED_SECONDS = 7 * 24 * 3600;

export const TerminalSettings = z.object({
  /**
   * A running session that no window views (the browser closed, the tab was
   * left) is ended this long after its last viewer left. Seconds; the
   * Terminals view sets it in minutes.
   */
  detachedTimeoutSeconds: z.number().int().min(1).max(MAX_DETACHED_SECONDS),
});
export type TerminalSettings = z.infer<typeof TerminalSettings>;
/** Why 15 minutes: a reload, a dropped network or a closed laptop lid come back well within it. */
export const DEFAULT_TERMINAL_SETTINGS: TerminalSettings = { detachedTimeoutSeconds: 15 * 60 };

/**
 * interrupt: Ctrl+C through the terminal (reaches the foreground job);
 * terminate / kill: SIGTERM / SIGKILL to the foreground job, or to the shell
 * when nothing runs in front of it (for attach: to the container's main process).
 */
export const TerminalSignal = z.enum(['interrupt', 'terminate', 'kill']);
export type TerminalSignal = z.infer<typeof TerminalSignal>;

export const TerminalEvent = z.discriminatedUnion('type', [
  /** Output bytes travel beside the event, undecoded. */
  z.object({ type: z.literal('data') }),
  /** Everything kept from before this stream was opened has been sent. */
  z.object({ type: z.literal('replayed'), truncated: z.boolean() }),
  z.object({ type: z.literal('ended'), exitCode: z.number().int().nullable(), reason: z.string() }),
]);
export type TerminalEvent = z.infer<typeof TerminalEvent>;

/** Keystrokes and pastes: UTF-8 bytes beside the value. */
export const TerminalPush = z.object({ type: z.literal('input') });

const SessionRef = z.object({ id: z.string().min(1).max(100) });

export const terminalsContract = {
  'terminals.capabilities': method(Empty, z.object({ hostShell: z.boolean() })),
  'terminals.create': method(CreateTerminalInput, SessionInfo),
  /** Every session the services hold, running or ended, oldest first. */
  'terminals.list': method(Empty, z.array(SessionInfo)),
  'terminals.stream': channel({
    input: SessionRef.extend({ replay: z.boolean().default(true) }),
    event: TerminalEvent,
    push: TerminalPush,
    // Wider than the default and resumed at half, so the terminal always has output waiting while
    // its acks travel: measured +35% `cat` throughput into xterm in Chromium (bench terminals). The
    // larger backlog does not slow Ctrl+C: the renderer cuts a flood at the tty's ^C echo.
    flow: { high: 512 * 1024, low: 256 * 1024 },
  }),
  'terminals.resize': method(SessionRef.extend({ cols: Cols, rows: Rows }), z.null()),
  'terminals.signal': method(SessionRef.extend({ signal: TerminalSignal }), z.null()),
  'terminals.rename': method(SessionRef.extend({ title: z.string().trim().min(1).max(100) }), SessionInfo),
  /** Ends the session (kills its processes; for attach, detaches) and forgets it. */
  'terminals.close': method(SessionRef, z.null()),
  'terminals.settings': method(Empty, TerminalSettings),
  /** Kept under the data folder; sessions detached now get the new time at once. */
  'terminals.setSettings': method(TerminalSettings, TerminalSettings),
};
export type CreateTerminalRequest = z.output<typeof CreateTerminalInput>;
