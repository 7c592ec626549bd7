import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient } from '../../shared/rpc/client';
import { method } from '../../shared/rpc/define';
import { implement } from '../../shared/rpc/server';
import { DownloadRegistry } from '../services/downloads';
import { startWebHost, type WebHost } from './host';
import { connectNodeClient } from './ws-client';

const contract = { 'test.hello': method(z.object({ name: z.string() }), z.string()) };

describe('web host security', () => {
  let host: WebHost;
  let base: string;
  const downloads = new DownloadRegistry();
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'berth-static-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Berth</title>');
    host = await startWebHost({
      host: '127.0.0.1',
      port: 0,
      token: 'tok-123',
      staticRoot: root,
      router: implement(contract, { 'test.hello': ({ name }) => `hello ${name}` }),
      downloads,
      log: () => {},
    });
    base = `http://127.0.0.1:${host.port}`;
  });
  afterAll(() => host.close());

  it('binds loopback and prints a login URL with the token in the fragment only', () => {
    expect(host.url).toBe(`${base}/`);
    expect(host.loginUrl).toBe(`${base}/#token=tok-123`);
  });

  it('serves the page without credentials, with a CSP', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });

  it('refuses a foreign Host header everywhere', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: 'attacker.example' } }, (res) => resolve(res.statusCode!)).end();
    });
    expect(status).toBe(421);
  });

  it('trades the token for a session cookie, and nothing else', async () => {
    expect((await fetch(`${base}/api/session`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${base}/api/session`, { method: 'POST', headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await fetch(`${base}/api/session?token=tok-123`, { method: 'POST' })).status).toBe(401);
    const ok = await fetch(`${base}/api/session`, { method: 'POST', headers: { authorization: 'Bearer tok-123' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('refuses the WebSocket without credentials or with a foreign Origin', async () => {
    const url = `ws://127.0.0.1:${host.port}/api/ws`;
    await expect(connectNodeClient(url, {})).rejects.toThrow(/403|401/);
    await expect(connectNodeClient(url, { origin: `http://127.0.0.1:${host.port}` })).rejects.toThrow(/401/);
    const cookieRes = await fetch(`${base}/api/session`, { method: 'POST', headers: { authorization: 'Bearer tok-123' } });
    const cookie = cookieRes.headers.get('set-cookie')!.split(';')[0]!;
    await expect(connectNodeClient(url, { cookie, origin: 'http://evil.example' })).rejects.toThrow(/403/);
    const t = await connectNodeClient(url, { cookie, origin: `http://localhost:${host.port}` });
    const client = createClient(contract, t);
    await expect(client.call('test.hello', { name: 'web' })).resolves.toBe('hello web');
    t.ws.close();
  });

  it('serves a download ticket once, only to an authenticated client', async () => {
    const ticket = downloads.register({
      filename: 'notes.txt',
      contentType: 'text/plain',
      open: async () => Readable.from([Buffer.from('hello '), Buffer.from('file')]),
    });
    expect((await fetch(`${base}/api/download/${ticket}`)).status).toBe(401);
    const auth = { authorization: 'Bearer tok-123' };
    const res = await fetch(`${base}/api/download/${ticket}`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="notes.txt"/);
    expect(await res.text()).toBe('hello file');
    expect((await fetch(`${base}/api/download/${ticket}`, { headers: auth })).status).toBe(404);
  });

  it('says which port is busy instead of crashing', async () => {
    await expect(
      startWebHost({ host: '127.0.0.1', port: host.port, staticRoot: '/nonexistent', router: implement(contract, { 'test.hello': () => '' }), log: () => {} }),
    ).rejects.toMatchObject({ code: 'port-in-use', message: expect.stringContaining(String(host.port)) });
  });
});
