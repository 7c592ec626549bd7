import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'berth_session';

/**
 * A session nobody used for this long is forgotten (the browser must trade the
 * token again): a day covers a working day with the tab in the background, and
 * a tab with its WebSocket open keeps its session however long it stays.
 */
export const SESSION_IDLE_MS = 24 * 60 * 60 * 1000;
/**
 * Sessions kept at once; past this the least recently used goes. Each browser
 * profile holds one, so a few are in use; a script posting the token in a loop
 * (20,000 posts added 20 MiB) now costs ~100 bytes per kept session.
 */
export const MAX_SESSIONS = 64;

/**
 * Who may talk to the web host. The token comes from BERTH_TOKEN or is made at
 * start; the browser trades it once (from the URL fragment, which no server
 * ever sees in a request line) for an HttpOnly, SameSite=Strict session
 * cookie, so downloads (`<a href>`) and the WebSocket are authenticated without
 * the token ever appearing in a URL's query string.
 */
export class Auth {
  readonly token: string;
  /** Session id → when last used, least recently used first (a Map keeps insertion order). */
  private readonly sessions = new Map<string, number>();
  /** Sessions with a WebSocket open, and how many: never idle, never pushed out. */
  private readonly live = new Map<string, number>();
  private readonly allowedHosts: Set<string>;
  private readonly idleMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(opts: { token?: string; port: number; bindHost: string; idleMs?: number; maxSessions?: number; now?: () => number }) {
    this.token = opts.token && opts.token.length > 0 ? opts.token : randomBytes(24).toString('base64url');
    this.allowedHosts = allowedHostHeaders(opts.bindHost, opts.port);
    this.idleMs = opts.idleMs ?? SESSION_IDLE_MS;
    this.maxSessions = Math.max(1, opts.maxSessions ?? MAX_SESSIONS);
    this.now = opts.now ?? Date.now;
  }

  /** Sessions kept now. */
  get sessionCount(): number {
    this.sweep();
    return this.sessions.size;
  }

  /** DNS-rebinding defence: the Host header must name this server as bound. */
  hostAllowed(req: IncomingMessage): boolean {
    const host = req.headers.host?.toLowerCase();
    return host !== undefined && this.allowedHosts.has(host);
  }

  /** A browser's WebSocket always sends Origin; it must be this server's own. */
  originAllowed(req: IncomingMessage, { required }: { required: boolean }): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return !required;
    try {
      const u = new URL(origin);
      return (u.protocol === 'http:' || u.protocol === 'https:') && this.allowedHosts.has(u.host.toLowerCase());
    } catch {
      return false;
    }
  }

  tokenMatches(candidate: string | undefined): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  bearer(req: IncomingMessage): string | undefined {
    const h = req.headers.authorization;
    const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
    return m?.[1];
  }

  /** A request is authenticated by a session cookie or, for scripts, a bearer token. */
  authenticated(req: IncomingMessage): boolean {
    if (this.tokenMatches(this.bearer(req))) return true;
    return this.session(req) !== undefined;
  }

  /** The request's live session, if any; using it makes it the most recent. */
  session(req: IncomingMessage): string | undefined {
    const sid = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (sid === undefined) return undefined;
    this.sweep();
    if (!this.sessions.has(sid)) return undefined;
    this.touch(sid);
    return sid;
  }

  /** Keeps a session from going idle while something (a WebSocket) uses it; call the result when done. */
  hold(sid: string): () => void {
    this.live.set(sid, (this.live.get(sid) ?? 0) + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const n = (this.live.get(sid) ?? 1) - 1;
      if (n > 0) this.live.set(sid, n);
      else this.live.delete(sid);
      if (this.sessions.has(sid)) this.touch(sid);
    };
  }

  newSessionCookie(secure: boolean): string {
    const sid = randomBytes(24).toString('base64url');
    this.sweep();
    this.touch(sid);
    // Past the cap the least recently used idle session goes; held ones stay, as long as any other can go.
    for (const old of this.sessions.keys()) {
      if (this.sessions.size <= this.maxSessions) break;
      if (old !== sid && !this.live.has(old)) this.sessions.delete(old);
    }
    return `${SESSION_COOKIE}=${sid}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
  }

  private touch(sid: string): void {
    this.sessions.delete(sid);
    this.sessions.set(sid, this.now());
  }

  private sweep(): void {
    const oldest = this.now() - this.idleMs;
    for (const [sid, used] of this.sessions) {
      if (used >= oldest) break; // in order of use: the rest are newer
      if (!this.live.has(sid)) this.sessions.delete(sid);
    }
  }
}

export function allowedHostHeaders(bindHost: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  const b = bindHost.toLowerCase();
  if (b !== '0.0.0.0' && b !== '::') names.add(b.includes(':') && !b.startsWith('[') ? `[${b}]` : b);
  return new Set([...names].map((n) => `${n}:${port}`));
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k && !(k in out)) out[k] = v;
  }
  return out;
}
