import { net, protocol } from 'electron';
import { Readable } from 'node:stream';
import { join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DownloadRegistry } from '../services/downloads';
import { SECURITY_HEADERS } from '../server/static';

export const APP_SCHEME = 'berth';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** Must run before app 'ready': a standard, secure scheme gets an origin, CSP and fetch like https. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * Serves the built renderer (with the same CSP as the web host) and download
 * tickets from berth://app/. Files outside the renderer folder are refused.
 */
export function handleAppProtocol(rendererRoot: string, downloads: DownloadRegistry): void {
  const root = resolve(rendererRoot);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return new Response('Not found', { status: 404 });
    const m = /^\/api\/download\/([A-Za-z0-9_-]{10,64})$/.exec(url.pathname);
    if (m) {
      try {
        // HEAD neither uses the ticket up nor opens an engine stream (as on the web host).
        const source = request.method === 'HEAD' ? downloads.peek(m[1]!) : downloads.take(m[1]!);
        const headers = {
          'content-type': source.contentType,
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(source.filename)}`,
        };
        if (request.method === 'HEAD') return new Response(null, { headers });
        const abort = new AbortController();
        const stream = await source.open(abort.signal);
        return new Response(Readable.toWeb(stream) as ReadableStream, { headers });
      } catch (e) {
        return new Response(e instanceof Error ? e.message : 'Download failed', { status: 404 });
      }
    }
    let file = resolve(join(root, normalize(decodeURIComponent(url.pathname))));
    if (file !== root && !file.startsWith(root + sep)) return new Response('Forbidden', { status: 403 });
    if (file === root || url.pathname === '/') file = join(root, 'index.html');
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.set(k, v);
    return new Response(res.body, { status: res.status, headers });
  });
}
