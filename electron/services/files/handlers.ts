import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BerthError } from '../../../shared/contract/errors';
import { filesContract, type TransferInfo } from '../../../shared/contract/files';
import { implement, type Router } from '../../../shared/rpc/server';
import { downloadPath } from '../downloads';
import type { FilesServices as Services } from './services';
import { ContainerFs, statType } from './container-fs';
import { normaliseContainerPath, sanitiseSegment, splitContainerPath } from './names';
import { ProgressMeter } from './progress';
import { tarToZip } from './tar-to-zip';
import { defaultTarget, runUpload } from './upload';
import { linkTree } from './rename';
import { inWords } from '../activity/outcome';

const TEXT_LIMIT = 256 * 1024;
/**
 * A download with no bytes moving for this long is cut. The engine holds the
 * container while its archive stream is open (inspect, exec, other archive
 * calls wait), so a browser that stops reading (a paused download, a prompt
 * left open, a hostile client) would otherwise hold it for as long as it
 * keeps the connection. Why 20 s: past the engine calls' own timeouts, so a
 * short pause in a healthy download survives while a stall ends by itself.
 */
export const DOWNLOAD_STALL_MS = 20_000;

export interface FilesHandlerOptions {
  /** A download with no bytes moving for this long is cut (DOWNLOAD_STALL_MS). */
  downloadStallMs?: number;
}

export function filesHandlers(services: Services, opts: FilesHandlerOptions = {}): Router {
  const stallMs = opts.downloadStallMs ?? DOWNLOAD_STALL_MS;
  const fsFor = (id: string) => new ContainerFs(services.engine, id);
  const board = services.transfers;

  return implement(filesContract, {
    'files.list': async ({ id, path }, { signal }) => {
      const clean = normaliseContainerPath(path);
      const { entries, scannedBytes } = await fsFor(id).list(clean, signal);
      return { path: clean, entries, scannedBytes };
    },
    'files.stat': async ({ id, path }) => {
      const clean = normaliseContainerPath(path);
      const st = await fsFor(id).stat(clean);
      return {
        path: clean,
        exists: st !== null,
        type: st ? statType(st.mode) : null,
        size: st?.size ?? 0,
        modified: st ? Date.parse(st.mtime) || null : null,
        linkTarget: st?.linkTarget || null,
      };
    },
    'files.defaultTarget': async ({ id }) => ({ path: await defaultTarget(services, id) }),
    'files.mkdir': ({ id, path }) =>
      services.activity.track('files.mkdir', { id }, { path }, async () => {
        const clean = normaliseContainerPath(path);
        await fsFor(id).mkdir(clean);
        return { path: clean };
      }),
    'files.remove': ({ id, paths }) =>
      services.activity.track('files.remove', { id }, { paths }, async () => {
        const fs = fsFor(id);
        const removed: string[] = [];
        for (const p of paths) {
          const clean = normaliseContainerPath(p);
          await fs.remove(clean);
          removed.push(clean);
        }
        return { removed };
      }),
    'files.rename': ({ id, from, to }) =>
      services.activity.track('files.rename', { id }, { from, to }, async () => {
        const src = normaliseContainerPath(from);
        const dst = normaliseContainerPath(to);
        await linkTree(fsFor(id), src, dst);
        return { path: dst };
      }),
    'files.readText': async ({ id, path, maxBytes }, { signal }) => {
      const clean = normaliseContainerPath(path);
      const limit = maxBytes ?? TEXT_LIMIT;
      const { size, stream } = await fsFor(id).openFile(clean, signal);
      const chunks: Buffer[] = [];
      let got = 0;
      try {
        for await (const c of stream as AsyncIterable<Buffer>) {
          chunks.push(c);
          got += c.length;
          if (got >= limit) break;
        }
      } finally {
        stream.destroy();
      }
      const buf = Buffer.concat(chunks).subarray(0, limit);
      const truncated = size > buf.length;
      // A cut may split a multi-byte character: drop an incomplete tail before the strict decode.
      let text = '';
      let binary = buf.includes(0);
      if (!binary) {
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(truncated ? trimPartialUtf8(buf) : buf);
        } catch {
          binary = true;
        }
      }
      return { path: clean, text: binary ? '' : text, size, truncated, binary };
    },
    'files.download': async ({ id, path, asZip }) => {
      const clean = normaliseContainerPath(path);
      const fs = fsFor(id);
      const st = await fs.stat(clean);
      if (!st) throw new BerthError('not-found', `There is nothing at ${clean} in the container.`, { field: 'path' });
      const type = statType(st.mode);
      const zip = asZip || type === 'directory';
      if (!zip && type !== 'file') throw new BerthError('invalid-input', `${clean} is not a regular file.`, { field: 'path' });
      const base = sanitiseSegment(splitContainerPath(clean)?.base ?? 'root');
      const filename = zip ? `${base}.zip` : base;
      // Named now: by the time the download ends, the container may be gone.
      const target = await services.activity.name({ id });
      const transferId = randomBytes(6).toString('hex');
      const meter = new ProgressMeter(zip ? 0 : st.size, 0);
      const info = (state: TransferInfo['state'], error?: string): TransferInfo => ({
        id: transferId,
        kind: 'download',
        container: id,
        path: clean,
        filename,
        state,
        progress: meter.snapshot(),
        ...(error ? { error } : {}),
      });
      board.set(info('waiting'));
      let opened = false;
      // An unused ticket expires in the registry; drop its line from the board with it.
      setTimeout(() => !opened && board.remove(transferId), 61_000).unref?.();
      const started = Date.now();
      let moved = Date.now();
      const finish = (stream: Readable, signal: AbortSignal) => {
        moved = Date.now();
        let ended = false;
        let failure: Error | undefined;
        // The engine holds the container while its archive stream is open: a reader that stalls is cut.
        const watchdog = setInterval(() => {
          if (Date.now() - moved < stallMs) return;
          stream.destroy(new BerthError('cancelled', `No bytes moved for ${Math.round(stallMs / 1000)} s: the download was stopped so the container answers other calls again. Start it again.`));
        }, Math.min(1000, stallMs / 3));
        watchdog.unref?.();
        stream.on('end', () => (ended = true));
        // A source that errors (the engine lost, a damaged archive, a stall) failed; a reader that went away
        // cancelled, whatever error its going away caused on the way.
        stream.on('error', (e: Error) => {
          if (!signal.aborted) failure ??= e;
        });
        stream.on('close', () => {
          clearInterval(watchdog);
          const state = ended ? 'done' : failure ? 'failed' : 'cancelled';
          board.set(info(state, failure?.message));
          services.activity.record({
            action: 'files.download',
            target,
            params: { path: clean, zip },
            outcome: ended ? 'ok' : failure ? 'error' : 'cancelled',
            ...(failure && !ended ? inWords(failure) : {}),
            durationMs: Date.now() - started,
          });
        });
        return stream;
      };
      const openStream = async (signal: AbortSignal): Promise<Readable> => {
        if (zip) {
          const tarStream = await fs.getTar(clean, signal);
          const out = tarToZip(tarStream, {
            onBytes: (n) => {
              moved = Date.now();
              meter.add(n);
              board.changed();
            },
            onFile: () => meter.file(),
          });
          signal.addEventListener('abort', () => out.destroy(), { once: true });
          // Keep the board's copy current as bytes flow.
          const tick = setInterval(() => board.set(info('running')), 500);
          out.on('close', () => clearInterval(tick));
          return finish(out, signal);
        }
        const { stream } = await fs.openFile(clean, signal);
        stream.on('data', (c: Buffer) => {
          moved = Date.now();
          meter.add(c.length);
        });
        const tick = setInterval(() => board.set(info('running')), 500);
        stream.on('close', () => clearInterval(tick));
        return finish(stream, signal);
      };
      const ticket = services.downloads.register({
        filename,
        contentType: zip ? 'application/zip' : 'application/octet-stream',
        ...(zip ? {} : { size: st.size }),
        open: async (signal) => {
          opened = true;
          board.set(info('running'));
          try {
            return await openStream(signal);
          } catch (e) {
            // Nothing streamed (the engine gone, the path removed meanwhile): the host answers with the error.
            board.set(info('failed', e instanceof Error ? e.message : String(e)));
            throw e;
          }
        },
      });
      return { url: downloadPath(ticket), filename, transferId };
    },
    'files.transfers': (_input, ch) => {
      ch.emit(board.list());
      ch.onClose(board.onChange((list) => ch.emit(list)));
    },
    'files.upload': (input, ch) => runUpload(services, input, ch),
  });
}

function trimPartialUtf8(buf: Buffer): Buffer {
  let i = buf.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && (buf[i]! & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return buf;
  const lead = buf[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > back + 1 ? buf.subarray(0, i) : buf;
}
