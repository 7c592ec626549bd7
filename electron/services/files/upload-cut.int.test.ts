import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../testing/docker-cli';
import { EngineRelay } from '../testing/engine-relay';
import { BUSYBOX, docker, harness, upload, zipOf, type Harness } from './int.testkit';

const AREA = 'files-cut';
const MB = 1024 * 1024;
const relay = new EngineRelay('files');
const dockerHost = `unix://${relay.path}`;
let zip: Buffer;
const open: Harness[] = [];
const dataDirs: string[] = [];

beforeAll(async () => {
  // ~200 MB, stored, so the cut falls inside one large entry's data.
  zip = await zipOf({ 'a.txt': 'first', 'big/huge.bin': Buffer.alloc(200 * MB, 7), 'z.txt': 'last' }, false);
});
afterEach(async () => {
  await relay.listen().catch(() => undefined);
});
afterAll(async () => {
  for (const h of open) await h.dispose().catch(() => undefined);
  await relay.cut();
  for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
});

async function start(dataDir?: string): Promise<Harness> {
  const h = await harness(AREA, { dockerHost, dataDir });
  open.push(h);
  return h;
}

const ls = (id: string, path: string) => docker('exec', id, 'ls', '-a', path);

/** The state a transfer settles in, as the transfers board reports it. */
function settledState(h: Harness, transferId: string): Promise<string> {
  return new Promise((resolve) => {
    const ch = h.client.open('files.transfers', {}, {
      onEvent: (list) => {
        const t = list.find((x) => x.id === transferId);
        if (t && t.state !== 'running') {
          ch.close();
          resolve(t.state);
        }
      },
    });
  });
}

describe('an engine lost mid-upload', () => {
  it.each(['zip', 'files'] as const)('(%s) leaves nothing half-written at the target; the staging folder goes once the engine is back', async (kind) => {
    await relay.listen();
    const h = await start();
    const id = await h.container(BUSYBOX);
    relay.cutAfter({ toEngine: 72 * MB });
    const big = kind === 'files' ? Buffer.alloc(200 * MB, 7) : Buffer.alloc(0);
    const out =
      kind === 'zip'
        ? await upload(h, { id, source: { kind: 'zip', name: 'big.zip', size: zip.length } }, zip, { chunk: MB })
        : await upload(h, { id, source: { kind: 'files', files: [{ path: 'a.txt', size: 5 }, { path: 'big/huge.bin', size: big.length }] } }, Buffer.concat([Buffer.from('first'), big]), { chunk: MB });
    await relay.whenCut;
    expect(out.error?.code).toBe('engine-unreachable');
    expect(out.events.some((e) => e.type === 'done')).toBe(false);
    // The docker CLI (not through the relay) sees the container: none of the upload's names where the user looks.
    expect((await ls(id, '/app')).split('\n').filter((n) => !n.startsWith('.berth-upload-'))).toEqual(['.', '..']);
    expect(await h.services.uploadCleanups.list()).toHaveLength(1);

    await relay.listen();
    await until(() => ls(id, '/app'), (s) => s === '.\n..', 20_000);
    await until(() => h.services.uploadCleanups.list(), (l) => l.length === 0, 5_000);
  });

  it('merging into an existing folder: existing files stay whole, and the staging folder goes at the next start when the host quit meanwhile', async () => {
    await relay.listen();
    const dataDir = mkdtempSync(join(tmpdir(), 'berth-files-cut-data-'));
    dataDirs.push(dataDir);
    const first = await start(dataDir);
    const id = await first.container(BUSYBOX);
    await docker('exec', id, 'sh', '-c', 'mkdir -p /app/big && echo keep > /app/big/keep.txt && echo old > /app/a.txt');
    relay.cutAfter({ toEngine: 72 * MB });
    const out = await upload(first, { id, source: { kind: 'zip', name: 'big.zip', size: zip.length }, conflict: 'overwrite' }, zip, { chunk: MB });
    await relay.whenCut;
    expect(out.error?.code).toBe('engine-unreachable');
    expect(await docker('exec', id, 'cat', '/app/a.txt', '/app/big/keep.txt')).toBe('old\nkeep');
    expect(await ls(id, '/app/big')).toBe('.\n..\nkeep.txt');
    // The host quits while the engine is away; the engine then returns with no Berth watching.
    await first.stop();
    await relay.listen();
    const staged = (await ls(id, '/app')).split('\n').filter((n) => n.startsWith('.berth-upload-'));
    expect(staged).toHaveLength(1);

    const second = await start(dataDir);
    await until(() => ls(id, '/app'), (s) => s === '.\n..\na.txt\nbig', 20_000);
    await until(() => second.services.uploadCleanups.list(), (l) => l.length === 0, 5_000);
    expect(await docker('exec', id, 'cat', '/app/a.txt', '/app/big/keep.txt')).toBe('old\nkeep');
  });
});

describe('an engine lost mid-download', () => {
  it.each([
    ['a folder as zip', '/app/d', true],
    ['a file as itself', '/app/d/big.bin', false],
  ])('%s: reported failed, not cancelled, and the reader sees an error rather than a clean end', async (_what, path, asZip) => {
    await relay.listen();
    const h = await start();
    const id = await h.container(BUSYBOX);
    await docker('exec', id, 'sh', '-c', 'mkdir -p /app/d && head -c 100000000 /dev/zero > /app/d/big.bin');
    const ticket = await h.client.call('files.download', { id, path, asZip });
    relay.cutAfter({ fromEngine: 30 * MB });
    const stream: Readable = await h.services.downloads.take(ticket.url.split('/').pop()!).open(new AbortController().signal);
    const ended = await new Promise<string>((resolve) => {
      stream.on('data', () => {});
      stream.on('end', () => resolve('end'));
      stream.on('error', () => resolve('error'));
    });
    expect(ended).toBe('error');
    const state = await settledState(h, ticket.transferId);
    expect(state).toBe('failed');
  });

  it('a download whose engine is gone before its first byte is "failed" too, not left running', async () => {
    await relay.listen();
    const h = await start();
    const id = await h.container(BUSYBOX);
    await until(() => h.services.engine.status.state, (s) => s === 'connected', 20_000);
    const ticket = await h.client.call('files.download', { id, path: '/etc', asZip: true });
    await relay.cut();
    await expect(h.services.downloads.take(ticket.url.split('/').pop()!).open(new AbortController().signal)).rejects.toMatchObject({ code: 'engine-unreachable' });
    const state = await settledState(h, ticket.transferId);
    expect(state).toBe('failed');
  });

  it('a reader that goes away mid-download is still "cancelled"', async () => {
    await relay.listen();
    const h = await start();
    const id = await h.container(BUSYBOX);
    await docker('exec', id, 'sh', '-c', 'mkdir -p /app/d && head -c 100000000 /dev/zero > /app/d/big.bin');
    await until(() => h.services.engine.status.state, (s) => s === 'connected', 20_000);
    const ticket = await h.client.call('files.download', { id, path: '/app/d', asZip: true });
    const abort = new AbortController();
    const stream: Readable = await h.services.downloads.take(ticket.url.split('/').pop()!).open(abort.signal);
    let got = 0;
    stream.on('error', () => {});
    await new Promise<void>((resolve) =>
      stream.on('data', (c: Buffer) => {
        got += c.length;
        if (got > 10 * MB) resolve();
      }),
    );
    // As the web host does when the browser goes away: abort, and the pipe destroys the source with an error.
    abort.abort();
    stream.destroy(new Error('premature close'));
    const state = await settledState(h, ticket.transferId);
    expect(state).toBe('cancelled');
  });
});
