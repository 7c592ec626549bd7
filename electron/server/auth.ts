import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'berth_session';

/**
 * Who may talk to the web host. The token comes from BERTH_TOKEN or is made at
 * start; the browser trades it once (from the URL fragment, which no server
 * ever sees in a request line) for an HttpOnly, SameSite=Strict session
 * cookie, so downloads (`<a href>`) and the WebSocket are authenticated without
 * the token ever appearing in a URL's query string.
 */
export class Auth {
  readonly token: string;
  private readonly sessions = new Set<string>();
  private readonly allowedHosts: Set<string>;

  constructor(opts: { token?: string; port: number; bindHost: string }) {
    this.token = opts.token && opts.token.length > 0 ? opts.token : randomBytes(24).toString('base64url');
    this.allowedHosts = allowedHostHeaders(opts.bindHost, opts.port);
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
    const sid = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    return sid !== undefined && this.sessions.has(sid);
  }

  newSessionCookie(secure: boolean): string {
    const sid = randomBytes(24).toString('base64url');
    this.sessions.add(sid);
    return `${SESSION_COOKIE}=${sid}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
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
