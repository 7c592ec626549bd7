import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer } from 'ws';
import { BerthError, type ErrorData } from '../../shared/contract/errors';
import { MAX_FRAME_BYTES } from '../../shared/rpc/codec';
import { serve, type Router } from '../../shared/rpc/server';
import type { DownloadRegistry } from '../services/downloads';
import { Auth } from './auth';
import { SECURITY_HEADERS, serveStatic } from './static';
import { wsServerTransport } from './ws-transport';

export interface WebHostOptions {
  host: string;
  port: number;
  token?: string;
  /** The built renderer (dist/renderer). */
  staticRoot: string;
  router: Router;
  downloads?: DownloadRegistry;
  toError?: (e: unknown) => ErrorData;
  log?: (m: string) => void;
  /** How long an unused session lives (auth.ts SESSION_IDLE_MS); tests use short ones. */
  sessionIdleMs?: number;
  /** Sessions kept at once (auth.ts MAX_SESSIONS). */
  maxSessions?: number;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** The URL that opens the UI already authorised (the token rides in the fragment). */
  readonly loginUrl: string;
  readonly connections: number;
  /** Web sessions kept now. */
  readonly sessions: number;
  close(): Promise<void>;
}

/** Sub-protocol the renderer asks for; anything else is refused. */
const WS_PROTOCOL = 'berth.v1';
/** Dead browser tabs are noticed by ping/pong within this interval. */
const HEARTBEAT_MS = 20_000;
/**
 * WebSockets open at once. A browser tab holds one; each costs the RPC state
 * of its channels (limits.ts), so this bounds the host at a few hundred MiB
 * even if every connection sits at its limits, while leaving room for many tabs.
 */
const MAX_CONNECTIONS = 32;

/** The subprotocols a WebSocket handshake offers (comma-separated, maybe over several headers). */
function offeredProtocols(req: IncomingMessage): string[] {
  const h = req.headers['sec-websocket-protocol'];
  return (Array.isArray(h) ? h.join(',') : (h ?? '')).split(',').map((p) => p.trim()).filter(Boolean);
}

/**
 * Who asked for a download. Browsers say so in Sec-Fetch-Site: our own page
 * (same-origin) and a URL typed or pasted into the address bar (none) may
 * download; another site, even a sibling on the same host, may not. Origin,
 * when sent, must be ours too.
 */
function downloadRequestAllowed(req: IncomingMessage, a: Auth): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  return a.originAllowed(req, { required: false });
}

/**
 * The web host: the built renderer, a session endpoint, streamed downloads and
 * the RPC over WebSocket. Every request is checked for its Host header; every
 * API request and the WebSocket need credentials; the WebSocket also needs our
 * own Origin.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const log = opts.log ?? ((m: string) => console.log(m));
  let auth: Auth | undefined;
  let clientSeq = 0;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });

  const deny = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end(message);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const a = auth!;
    if (!a.hostAllowed(req)) return deny(res, 421, 'Unknown Host header');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/api/session') {
      if (req.method !== 'POST') return deny(res, 405, 'POST only');
      if (!a.originAllowed(req, { required: false })) return deny(res, 403, 'Foreign origin');
      if (a.tokenMatches(a.bearer(req))) {
        res.writeHead(204, { ...SECURITY_HEADERS, 'set-cookie': a.newSessionCookie(false) }).end();
        return;
      }
      if (a.authenticated(req)) return void res.writeHead(204, SECURITY_HEADERS).end();
      return deny(res, 401, 'A valid token is required: open the URL that `npm run serve` printed.');
    }
    if (path.startsWith('/api/')) {
      if (!a.authenticated(req)) return deny(res, 401, 'Not authorised');
      const m = /^\/api\/download\/([A-Za-z0-9_-]{10,64})$/.exec(path);
      if (m && opts.downloads && (req.method === 'GET' || req.method === 'HEAD')) {
        if (!downloadRequestAllowed(req, a)) return deny(res, 403, 'Downloads start from Berth itself, not from another site');
        return download(opts.downloads, m[1]!, req, res);
      }
      return deny(res, 404, 'Not found');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed');
    return serveStatic(opts.staticRoot, req, res);
  };

  const download = async (downloads: DownloadRegistry, ticket: string, req: IncomingMessage, res: ServerResponse) => {
    let source;
    try {
      // HEAD (a browser or download manager probing) neither uses the ticket up nor opens an engine stream.
      source = req.method === 'HEAD' ? downloads.peek(ticket) : downloads.take(ticket);
    } catch (e) {
      return deny(res, 404, e instanceof Error ? e.message : 'Not found');
    }
    const headers = {
      ...SECURITY_HEADERS,
      'content-type': source.contentType,
      'content-disposition': `attachment; filename="${source.filename.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(source.filename)}`,
      ...(source.size !== undefined ? { 'content-length': String(source.size) } : {}),
      'cache-control': 'no-store',
    };
    if (req.method === 'HEAD') return void res.writeHead(200, headers).end();
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    try {
      const stream = await source.open(abort.signal);
      res.writeHead(200, headers);
      // pipeline destroys the source when the browser goes away: a half-read archive stream would block the container.
      await pipeline(stream, res);
    } catch (e) {
      if (!res.headersSent) deny(res, 500, e instanceof Error ? e.message : 'Download failed');
      else res.destroy();
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`[web] request failed: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) deny(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const a = auth!;
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/api/ws') return refuse(404, 'Not Found');
    if (!a.hostAllowed(req)) return refuse(421, 'Misdirected Request');
    if (!a.originAllowed(req, { required: !a.tokenMatches(a.bearer(req)) })) return refuse(403, 'Forbidden');
    if (!a.authenticated(req)) return refuse(401, 'Unauthorized');
    // The protocol version rides in the subprotocol: a client that does not speak it gets no socket.
    if (!offeredProtocols(req).includes(WS_PROTOCOL)) return refuse(400, 'Bad Request');
    if (wss.clients.size >= MAX_CONNECTIONS) return refuse(503, 'Service Unavailable');
    const sid = a.session(req);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const release = sid ? a.hold(sid) : () => {};
      const transport = wsServerTransport(ws, (m) => log(`[web] ${m}`));
      const conn = serve(opts.router, transport, { id: `web-${++clientSeq}`, host: 'web' }, {
        toError: opts.toError,
        log: (m, e) => log(`[rpc] ${m}${e ? ` ${e instanceof Error ? e.message : String(e)}` : ''}`),
      });
      let alive = true;
      ws.on('pong', () => (alive = true));
      const beat = setInterval(() => {
        if (!alive) return ws.terminate();
        alive = false;
        ws.ping();
      }, HEARTBEAT_MS);
      ws.on('close', () => {
        clearInterval(beat);
        release();
        conn.close();
      });
      ws.on('error', () => ws.terminate());
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new BerthError('port-in-use', `Port ${opts.port} on ${opts.host} is already in use: choose another with --port.`)
          : e.code === 'EADDRNOTAVAIL'
            ? new BerthError('invalid-input', `${opts.host} is not an address of this machine.`)
            : e,
      );
    };
    server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  auth = new Auth({ token: opts.token, port, bindHost: opts.host, idleMs: opts.sessionIdleMs, maxSessions: opts.maxSessions });
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `http://${shownHost}:${port}/`;
  return {
    url,
    port,
    token: auth.token,
    loginUrl: `${url}#token=${encodeURIComponent(auth.token)}`,
    get connections() {
      return wss.clients.size;
    },
    get sessions() {
      return auth!.sessionCount;
    },
    close: () =>
      new Promise<void>((resolve) => {
        wss.clients.forEach((c) => c.terminate());
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
