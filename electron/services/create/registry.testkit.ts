import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

/**
 * A throwaway Docker registry on 127.0.0.1 (Debian's docker-registry with a
 * config of our own: the packaged one turns on auth), for pull tests. The
 * engine treats 127.0.0.0/8 as an insecure registry, so plain HTTP works.
 */
export interface TestRegistry {
  port: number;
  /** Puts an image whose layer the engine has never seen (random bytes), so a pull really downloads. */
  publishFresh(repo: string, tag: string, layerBytes?: number): Promise<string>;
  /** A proxy in front of the registry that sends blobs slowly, for cancelling mid-pull. */
  slowProxy(bytesPerTick: number, tickMs: number): Promise<{ port: number; close(): void }>;
  stop(): void;
}

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

export async function startRegistry(): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-registry-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n`,
  );
  const child: ChildProcess = spawn('/usr/bin/docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
  const until = Date.now() + 10_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/v2/`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error('registry did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const proxies: Server[] = [];

  async function publishFresh(repo: string, tag: string, layerBytes = 768 * 1024): Promise<string> {
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
    const tar = await tarOf({ 'random.bin': randomBytes(layerBytes) });
    const layer = await upload(gzipSync(tar));
    const config = await upload(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [sha(tar)] } })));
    const manifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', ...layer }],
    };
    const res = await fetch(`${base}/manifests/${tag}`, { method: 'PUT', body: JSON.stringify(manifest), headers: { 'content-type': manifest.mediaType } });
    if (res.status !== 201) throw new Error(`manifest: ${res.status} ${await res.text()}`);
    return `127.0.0.1:${port}/${repo}:${tag}`;
  }

  async function slowProxy(bytesPerTick: number, tickMs: number) {
    const srv = createHttpServer((req, res) => {
      const up = request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 500, r.headers);
        if (!/\/blobs\/sha256:/.test(req.url ?? '') || req.method !== 'GET') return void r.pipe(res);
        // Blobs trickle out so a pull is still downloading when the test cancels it.
        r.on('data', (chunk: Buffer) => {
          r.pause();
          let off = 0;
          const tick = () => {
            if (res.destroyed) return r.destroy();
            res.write(chunk.subarray(off, off + bytesPerTick));
            off += bytesPerTick;
            if (off < chunk.length) setTimeout(tick, tickMs);
            else r.resume();
          };
          tick();
        });
        r.on('end', () => res.end());
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    proxies.push(srv);
    return { port: (srv.address() as { port: number }).port, close: () => srv.close() };
  }

  return {
    port,
    publishFresh,
    slowProxy,
    stop() {
      for (const p of proxies) p.close();
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
