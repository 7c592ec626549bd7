import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { encodeEnvelope, decodeEnvelope } from '../../shared/rpc/codec';
import { channel, method } from '../../shared/rpc/define';
import { MAX_PUSH_BYTES } from '../../shared/rpc/flow';
import type { ClientFrame, ServerFrame } from '../../shared/rpc/frames';
import { CloseCode, ConnectionLimits } from '../../shared/rpc/limits';
import { implement } from '../../shared/rpc/server';
import { DownloadRegistry } from '../services/downloads';
import { startWebHost, type WebHost } from './host';

/**
 * The web host against misbehaving clients, over a real WebSocket: each test
 * plays a client that does what the renderer never would.
 */
const contract = {
  'test.hello': method(z.object({}), z.string()),
  'test.big': method(z.object({}), z.string()),
  'test.watch': channel({ input: z.object({}), event: z.object({ n: z.number() }), push: z.never() }),
  'test.sink': channel({ input: z.object({}), event: z.object({ n: z.number() }), push: z.object({ tag: z.string() }) }),
};

const TOKEN = 'tok-bounds';
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await tick(25);
}

/** A raw WebSocket client: frames in, frames out, nothing waited for. */
async function rawClient(port: number, headers: Record<string, string>, protocols: string[] = ['berth.v1']) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, protocols, { headers });
  const frames: ServerFrame[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('message', (data: Buffer) => frames.push(decodeEnvelope(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).frame as ServerFrame));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: HTTP ${res.statusCode}`)));
  });
  const send = (frame: ClientFrame, bytes?: Uint8Array) => ws.send(encodeEnvelope(bytes ? { frame, bytes } : { frame }));
  return { ws, frames, closed, send };
}

describe('the web host bounds what a client can make it hold', () => {
  let host: WebHost;
  let base: string;
  let origin: string;
  let sinkPushes = 0;
  const downloads = new DownloadRegistry();
  const auth = () => ({ authorization: `Bearer ${TOKEN}` });

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'berth-static-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Berth</title>');
    host = await startWebHost({
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      staticRoot: root,
      router: implement(contract, {
        'test.hello': () => 'hello',
        'test.big': () => 'x'.repeat(1024 * 1024),
        'test.watch': (_i, ch) => void ch.emit({ n: 1 }),
        'test.sink': (_i, ch) =>
          ch.onPush(async () => {
            sinkPushes++;
            // A consumer that does not keep up: a pty nobody reads, a slow disk.
            await new Promise(() => {});
          }),
      }),
      downloads,
      sessionIdleMs: 300,
      maxSessions: 5,
      log: () => {},
    });
    base = `http://127.0.0.1:${host.port}`;
    origin = base;
  });
  afterAll(() => host.close());

  it('disconnects a client that pushes past its window, with the push-window close code', async () => {
    const c = await rawClient(host.port, { ...auth(), origin });
    c.send({ t: 'open', id: 1, channel: 'test.sink', input: {} });
    await tick(50);
    const chunk = new Uint8Array(MAX_PUSH_BYTES);
    for (let i = 0; i < 40; i++) c.send({ t: 'push', id: 1, value: { tag: 'x' } }, chunk);
    const closed = await Promise.race([c.closed, tick(5000).then(() => undefined)]);
    expect(closed?.code).toBe(CloseCode.PUSH_WINDOW);
    expect(closed?.reason).toMatch(/flow window/);
    expect(sinkPushes).toBeLessThanOrEqual(1);
    expect(c.frames).toContainEqual(expect.objectContaining({ t: 'end', id: 1, error: expect.objectContaining({ message: expect.stringMatching(/flow window/) }) }));
  });

  it('ends a channel that gets one push larger than a push may be, holding none of it', async () => {
    const before = sinkPushes;
    const c = await rawClient(host.port, { ...auth(), origin });
    c.send({ t: 'open', id: 1, channel: 'test.sink', input: {} });
    await tick(50);
    c.send({ t: 'push', id: 1, value: { tag: 'x' } }, new Uint8Array(15 * 1024 * 1024));
    await until(() => c.frames.some((f) => f.t === 'end'));
    expect(sinkPushes).toBe(before);
    expect(c.frames).toContainEqual(expect.objectContaining({ t: 'end', id: 1, error: expect.objectContaining({ code: 'too-large' }) }));
    c.send({ t: 'call', id: 2, method: 'test.hello', input: {} });
    await until(() => c.frames.some((f) => f.t === 'result'));
    expect(c.frames).toContainEqual({ t: 'result', id: 2, ok: true, value: 'hello' });
    c.ws.close();
  });

  it('caps open channels per connection with a clear error, and the connection keeps answering', async () => {
    const c = await rawClient(host.port, { ...auth(), origin });
    const asked = ConnectionLimits.MAX_CHANNELS + 100;
    for (let id = 1; id <= asked; id++) c.send({ t: 'open', id, channel: 'test.watch', input: {} });
    c.send({ t: 'call', id: asked + 1, method: 'test.hello', input: {} });
    await until(() => c.frames.some((f) => f.t === 'result'));
    const refused = c.frames.filter((f) => f.t === 'end' && f.error?.code === 'too-large');
    expect(refused).toHaveLength(100);
    expect(refused[0]).toMatchObject({ error: { message: expect.stringMatching(/channels open/) } });
    expect(c.frames).toContainEqual({ t: 'result', id: asked + 1, ok: true, value: 'hello' });
    c.ws.close();
  });

  it('cuts off a client that stops reading while its results pile up', async () => {
    const before = host.connections;
    const c = await rawClient(host.port, { ...auth(), origin });
    expect(host.connections).toBe(before + 1);
    // Reads nothing from here on: what the host sends queues in its socket.
    (c.ws as unknown as { _socket: Socket })._socket.pause();
    for (let id = 1; id <= 100; id++) c.send({ t: 'call', id, method: 'test.big', input: {} });
    await until(() => host.connections === before, 8000);
    expect(host.connections).toBe(before);
    c.ws.terminate();
  });

  it('caps WebSockets open at once', async () => {
    const open: Array<Awaited<ReturnType<typeof rawClient>>> = [];
    let refused: unknown;
    try {
      for (let i = 0; i < 100 && !refused; i++) {
        await rawClient(host.port, { ...auth(), origin }).then((c) => open.push(c), (e: unknown) => (refused = e));
      }
      expect(String(refused)).toMatch(/refused: HTTP 503/);
      expect(open.length).toBeLessThan(100);
    } finally {
      open.forEach((c) => c.ws.terminate());
    }
    await tick(100);
    const again = await rawClient(host.port, { ...auth(), origin });
    again.ws.close();
  });

  it('refuses a WebSocket without the berth.v1 subprotocol', async () => {
    await expect(rawClient(host.port, { ...auth(), origin }, [])).rejects.toThrow(/refused: HTTP 400/);
    await expect(rawClient(host.port, { ...auth(), origin }, ['chat'])).rejects.toThrow(/refused: HTTP 400/);
    const ok = await rawClient(host.port, { ...auth(), origin }, ['chat', 'berth.v1']);
    expect(ok.ws.protocol).toBe('berth.v1');
    ok.ws.close();
  });

  const newSession = async () => {
    const res = await fetch(`${base}/api/session`, { method: 'POST', headers: auth() });
    expect(res.status).toBe(204);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  };
  const sessionWorks = async (cookie: string) =>
    (await fetch(`${base}/api/session`, { method: 'POST', headers: { cookie, origin } })).status === 204;

  it('keeps at most maxSessions sessions: a flood of session posts pushes out the least recently used', async () => {
    const first = await newSession();
    const second = await newSession();
    expect(await sessionWorks(first)).toBe(true); // used: now the most recent
    for (let i = 0; i < 200; i++) await newSession();
    expect(await sessionWorks(first)).toBe(false);
    expect(await sessionWorks(second)).toBe(false);
    expect(host.sessions).toBe(5);
  });

  it('expires a session left idle, and keeps one in use', async () => {
    const idle = await newSession();
    const used = await newSession();
    for (let i = 0; i < 4; i++) {
      await tick(120);
      expect(await sessionWorks(used)).toBe(true);
    }
    expect(await sessionWorks(idle)).toBe(false);
  });

  it('keeps a session alive while a WebSocket it opened is connected', async () => {
    const cookie = await newSession();
    const c = await rawClient(host.port, { cookie, origin });
    await tick(800);
    c.ws.close();
    await tick(20);
    expect(await sessionWorks(cookie)).toBe(true);
  });

  const register = () =>
    downloads.register({
      filename: 'notes.txt',
      contentType: 'text/plain',
      size: 10,
      open: async () => Readable.from([Buffer.from('hello file')]),
    });

  it('answers HEAD on a download ticket without using it up', async () => {
    const ticket = register();
    const head = await fetch(`${base}/api/download/${ticket}`, { method: 'HEAD', headers: auth() });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('10');
    expect(head.headers.get('content-disposition')).toMatch(/notes\.txt/);
    const get = await fetch(`${base}/api/download/${ticket}`, { headers: auth() });
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('hello file');
  });

  it('refuses a download asked for by another site (Sec-Fetch-Site or Origin), and keeps the ticket', async () => {
    const ticket = register();
    const url = `${base}/api/download/${ticket}`;
    expect((await fetch(url, { headers: { ...auth(), 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await fetch(url, { headers: { ...auth(), 'sec-fetch-site': 'same-site' } })).status).toBe(403);
    expect((await fetch(url, { headers: { ...auth(), origin: 'http://evil.example' } })).status).toBe(403);
    // The page's own link, and a URL typed or pasted into the address bar.
    const own = await fetch(url, { headers: { ...auth(), 'sec-fetch-site': 'same-origin', origin } });
    expect(own.status).toBe(200);
    expect(await own.text()).toBe('hello file');
    const typed = register();
    expect((await fetch(`${base}/api/download/${typed}`, { headers: { ...auth(), 'sec-fetch-site': 'none' } })).status).toBe(200);
  });
});
