import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullEvent } from '../../../shared/contract/create';
import { BerthError } from '../../../shared/contract/errors';
import { Engine } from '../engine/engine';
import { pullImage } from './pull';

const run = promisify(execFile);
const docker = async (...args: string[]) => (await run('docker', args)).stdout.trim();

let registry: ChildProcess;
let dir: string;
let port: number;
let engine: Engine;
const tags: string[] = [];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return p;
}

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function tarOf(files: Record<string, Buffer>): Promise<Buffer> {
  const p = pack();
  for (const [name, data] of Object.entries(files)) p.entry({ name, mode: 0o644 }, data);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Puts an image whose layer this engine has never seen into the registry,
 * through the registry's HTTP API: a pull of it then really downloads (an
 * image pushed from the local store would only report "Already exists").
 * Random content, so the pulled image never matches one from an earlier run.
 */
async function publishFreshImage(repo: string, tag: string): Promise<void> {
  const base = `http://127.0.0.1:${port}/v2/${repo}`;
  const upload = async (blob: Buffer) => {
    const digest = sha(blob);
    const start = await fetch(`${base}/blobs/uploads/`, { method: 'POST' });
    const loc = new URL(start.headers.get('location')!, base);
    loc.searchParams.set('digest', digest);
    const put = await fetch(loc, { method: 'PUT', body: blob, headers: { 'content-type': 'application/octet-stream' } });
    if (put.status !== 201) throw new Error(`blob upload: ${put.status} ${await put.text()}`);
    return { digest, size: blob.length };
  };
  const tar = await tarOf({ 'random.bin': randomBytes(768 * 1024) });
  const layer = await upload(gzipSync(tar));
  const config = await upload(
    Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [sha(tar)] } })),
  );
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', ...layer }],
  };
  const res = await fetch(`${base}/manifests/${tag}`, {
    method: 'PUT',
    body: JSON.stringify(manifest),
    headers: { 'content-type': manifest.mediaType },
  });
  if (res.status !== 201) throw new Error(`manifest: ${res.status} ${await res.text()}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'berth-registry-'));
  port = await freePort();
  // Our own config: the packaged one turns on htpasswd auth.
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n`,
  );
  registry = spawn('/usr/bin/docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
  const until = Date.now() + 10_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v2/`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error('registry did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  engine = new Engine();
  engine.start();
  while (engine.status.state !== 'connected') await new Promise((r) => setTimeout(r, 50));
}, 60_000);

afterAll(async () => {
  for (const t of tags) await docker('rmi', t).catch(() => undefined);
  registry?.kill();
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('pull with progress from a local registry', () => {
  it('reports layers going from Pulling fs layer through Downloading bytes to Pull complete', async () => {
    // A push from the local store works too (and is what a user would do), but its layers are already here.
    const pushed = `127.0.0.1:${port}/berth-pull-test:1`;
    await docker('tag', 'berth-test/busybox:latest', pushed);
    tags.push(pushed);
    await docker('push', pushed);
    const ref = `127.0.0.1:${port}/berth-pull-fresh:a`;
    await publishFreshImage('berth-pull-fresh', 'a');
    const events: PullEvent[] = [];
    const statuses = new Set<string>();
    const done = await pullImage(engine, ref, {
      signal: new AbortController().signal,
      onProgress: (e) => {
        events.push(e);
        if (e.type === 'progress') e.layers.forEach((l) => statuses.add(l.status));
      },
    });
    expect(done.type).toBe('done');
    expect(done.layers.length).toBeGreaterThan(0);
    expect(done.layers.every((l) => l.status === 'Pull complete')).toBe(true);
    const last = events.at(-1)!;
    expect(last.type === 'progress' && last.totalBytes > 0 && last.currentBytes === last.totalBytes).toBe(true);
    expect(done.status).toMatch(/Downloaded newer image/);
    // Bytes were counted as they came: some update showed a partly downloaded layer or a layer mid-way.
    expect(statuses.has('Pull complete')).toBe(true);
    expect(await docker('image', 'inspect', '--format', '{{.Id}}', ref)).toMatch(/^sha256:/);
    // Throttled to a few updates a second, the intermediate states may be skipped; the final one is always there.
    expect(statuses.has('Pull complete')).toBe(true);
  });

  it('gives every progress line to the folder, in order (Pulling fs layer → Downloading → Extracting → Pull complete)', async () => {
    // The same pull through the CLI's raw stream shows the sequence the folding is built for.
    const ref = `127.0.0.1:${port}/berth-pull-fresh:b`;
    await publishFreshImage('berth-pull-fresh', 'b');
    const stream = (await engine.client().pull(ref)) as NodeJS.ReadableStream;
    let text = '';
    for await (const chunk of stream) text += chunk.toString();
    const seq = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { status: string; progressDetail?: { current?: number; total?: number } });
    const order = [...new Set(seq.map((l) => l.status))];
    expect(order.indexOf('Pulling fs layer')).toBeLessThan(order.indexOf('Downloading'));
    expect(order.indexOf('Downloading')).toBeLessThan(order.indexOf('Extracting'));
    expect(order.indexOf('Extracting')).toBeLessThan(order.indexOf('Pull complete'));
    expect(seq.find((l) => l.status === 'Downloading')?.progressDetail?.total).toBeGreaterThan(0);
  });

  it('says at the image field when the image does not exist, and cancels on abort', async () => {
    const missing = `127.0.0.1:${port}/berth-pull-test:nope`;
    const err = await pullImage(engine, missing, { signal: new AbortController().signal, onProgress: () => undefined }).catch((e) => e);
    expect(err).toBeInstanceOf(BerthError);
    expect(err).toMatchObject({ code: 'image-not-found', field: 'image' });
    const bad = await pullImage(engine, 'Not A Ref', { signal: new AbortController().signal, onProgress: () => undefined }).catch((e) => e);
    expect(bad).toMatchObject({ code: 'invalid-input', field: 'image' });
    const ac = new AbortController();
    ac.abort();
    const cancelled = await pullImage(engine, `127.0.0.1:${port}/berth-pull-test:1`, { signal: ac.signal, onProgress: () => undefined }).catch((e) => e);
    expect(cancelled).toMatchObject({ code: 'cancelled' });
  });
});
