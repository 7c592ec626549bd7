import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import tar from 'tar-stream';
import yazl from 'yazl';
import { contract } from '../../../shared/contract';
import type { BerthError } from '../../../shared/contract/errors';
import type { UploadEvent, UploadInput } from '../../../shared/contract/files';
import { createClient } from '../../../shared/rpc/client';
import { memoryPair } from '../../../shared/rpc/memory';
import { serve } from '../../../shared/rpc/server';
import { ActivityLog } from '../activity/log';
import { DownloadRegistry } from '../downloads';
import { Engine } from '../engine/engine';
import { toErrorData } from '../engine/errors';
import { collect, unzip } from './zip-fixtures.testkit';

export { collect, unzip };
import { filesHandlers, type FilesHandlerOptions } from './handlers';
import { TransferBoard } from './transfers';
import { PendingCleanups } from './pending-cleanups';

const run = promisify(execFile);
export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}
export const BUSYBOX = 'berth-test/busybox:latest';
export const NOSHELL = 'berth-test/noshell:latest';
export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The files services against the real engine, served over the in-memory RPC pair (same schemas and flow control as the app). */
export async function harness(area = 'files', opts: { dockerHost?: string; dataDir?: string } & FilesHandlerOptions = {}) {
  const { dockerHost, dataDir: givenDataDir, ...handlerOpts } = opts;
  const dataDir = givenDataDir ?? mkdtempSync(join(tmpdir(), `berth-${area}-`));
  const engine = new Engine({ dockerHost, retryDelays: [100, 200, 400] });
  engine.start();
  const services = {
    engine,
    dataDir,
    activity: new ActivityLog(join(dataDir, 'activity', 'activity.jsonl')),
    downloads: new DownloadRegistry(),
    uploadCleanups: new PendingCleanups(dataDir, engine),
    transfers: new TransferBoard(),
  };
  const stopCleanups = services.uploadCleanups.start();
  const deadline = Date.now() + 10_000;
  while (engine.status.state !== 'connected') {
    if (Date.now() > deadline) throw new Error(`engine not connected: ${engine.status.message}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const pair = memoryPair();
  serve(filesHandlers(services, handlerOpts), pair.server, { id: 'test', host: 'memory' }, { toError: toErrorData, log: () => {} });
  const client = createClient(contract, pair.client);
  return {
    services,
    client,
    async container(image: string, opts: { start?: boolean; cmd?: string[]; args?: string[] } = {}) {
      const args = ['create', '--label', `berth.test=${area}`, ...(opts.args ?? []), image, ...(opts.cmd ?? (image === BUSYBOX ? ['sleep', '3600'] : []))];
      const id = await docker(...args);
      if (opts.start !== false) await docker('start', id);
      return id;
    },
    /** Ends this instance of the services (as a host quitting would), leaving its data folder and containers. */
    async stop() {
      stopCleanups();
      pair.close();
      await engine.stop();
    },
    async dispose() {
      stopCleanups();
      pair.close();
      await engine.stop();
      rmSync(dataDir, { recursive: true, force: true });
      const ids = await docker('ps', '-aq', '--filter', `label=berth.test=${area}`);
      if (ids) await docker('rm', '-f', ...ids.split('\n'));
    },
  };
}
export type Harness = Awaited<ReturnType<typeof harness>>;

export interface UploadOutcome {
  events: UploadEvent[];
  error?: BerthError;
  output: string;
}

/**
 * Drives files.upload like the renderer does: chunks pushed with credit (for
 * a zip, the ranges the service asks for, in order; for files, all of them
 * then `end`); answers a conflict with `decision`; `onEvent` may close the
 * channel (cancel). `serve` may change what is sent for a zip range (tests
 * of lying or short clients).
 */
export function upload(
  h: Harness,
  input: UploadInput,
  data: Buffer,
  opts: {
    chunk?: number;
    decision?: 'overwrite' | 'skip' | 'cancel';
    onEvent?(e: UploadEvent, close: () => void): void;
    serve?(offset: number, length: number, data: Buffer): Buffer;
    /** Push `end` after each zip range served (a client that has nothing more to send). */
    end?: boolean;
    /** Awaited before the first byte of a zip's body is sent (the checks and the conflict scan are done by then). */
    beforeBody?(): Promise<void>;
  } = {},
): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const events: UploadEvent[] = [];
    let output = '';
    const needs: Array<{ offset: number; length: number }> = [];
    let wake: (() => void) | undefined;
    let ended = false;
    const ch = h.client.open('files.upload', input, {
      onEvent(e, bytes) {
        events.push(e);
        if (e.type === 'output' && bytes) output += Buffer.from(bytes).toString();
        if (e.type === 'conflict' && opts.decision) void ch.push({ t: 'decision', choice: opts.decision });
        if (e.type === 'need') {
          needs.push(e);
          wake?.();
        }
        opts.onEvent?.(e, () => ch.close());
      },
      onEnd(error) {
        ended = true;
        wake?.();
        resolve({ events, error, output });
      },
    });
    const size = opts.chunk ?? 512 * 1024;
    const send = async (bytes: Buffer) => {
      for (let i = 0; i < bytes.length; i += size) await ch.push({ t: 'chunk' }, bytes.subarray(i, i + size));
    };
    void (async () => {
      try {
        if (input.source.kind === 'files') {
          await send(data);
          await ch.push({ t: 'end' });
          return;
        }
        while (!ended) {
          const n = needs.shift();
          if (!n) await new Promise<void>((r) => (wake = r));
          else {
            if (n.offset === 0) await opts.beforeBody?.();
            await send(opts.serve ? opts.serve(n.offset, n.length, data) : data.subarray(n.offset, n.offset + n.length));
            if (opts.end) await ch.push({ t: 'end' });
          }
        }
      } catch {
        // closed meanwhile (cancel or failure): onEnd reports it
      }
    })();
  });
}

export function zipOf(files: Record<string, Buffer | string>, compress = true): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, data] of Object.entries(files)) {
    if (name.endsWith('/')) z.addEmptyDirectory(name);
    else z.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), name, { compress, mode: 0o100644 });
  }
  z.end();
  return collect(z.outputStream as unknown as Readable);
}

/** Every file under a container path, by relative name, read straight from the archive API. */
export async function filesIn(h: Harness, id: string, path: string): Promise<Map<string, Buffer>> {
  const stream = await h.services.engine.port.getArchive(id, path);
  const ex = tar.extract();
  const out = new Map<string, Buffer>();
  ex.on('entry', (hd, s, next) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: unknown) => void chunks.push(c as Buffer));
    s.on('end', () => {
      const rel = hd.name.slice(hd.name.indexOf('/') + 1).replace(/\/$/, '');
      if (rel && hd.name.includes('/')) out.set(hd.type === 'directory' ? `${rel}/` : rel, Buffer.concat(chunks));
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    ex.on('finish', resolve);
    ex.on('error', reject);
    stream.pipe(ex as unknown as NodeJS.WritableStream);
  });
  return out;
}

