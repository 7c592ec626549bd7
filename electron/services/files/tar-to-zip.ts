import { PassThrough, Readable } from 'node:stream';
import tar from 'tar-stream';
import yazl from 'yazl';
import { sanitiseOutgoingName } from './names';

export interface TarToZipOptions {
  /** Deflate file data (smaller, ~5× slower here); stored by default. */
  compress?: boolean;
  onBytes?(n: number): void;
  onFile?(): void;
}

export const SKIPPED_NOTE = 'BERTH-SKIPPED.txt';
/** Files up to this size are buffered whole (bounded: one at a time plus MAX_QUEUED of output). */
const SMALL_FILE = 256 * 1024;
const MAX_QUEUED = 8 * 1024 * 1024;

/**
 * Turns the engine's tar of a container path into a zip, as a stream. Names
 * are sanitised for the user's machine; symlinks, hard links and special files
 * are not followed (their targets may lie outside what was asked for): they are
 * listed in BERTH-SKIPPED.txt instead. Memory: one chunk in flight.
 */
export function tarToZip(tarStream: Readable, opts: TarToZipOptions = {}): Readable {
  const zip = new yazl.ZipFile();
  const extract = tar.extract();
  const used = new Set<string>();
  const skipped: string[] = [];
  const out = new PassThrough();
  zip.outputStream.on('error', (e: Error) => out.destroy(e));
  zip.outputStream.pipe(out);

  const unique = (name: string): string => {
    let candidate = name;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) {
      const dot = name.lastIndexOf('.');
      candidate = dot > name.lastIndexOf('/') + 1 ? `${name.slice(0, dot)}~${n}${name.slice(dot)}` : `${name}~${n}`;
    }
    used.add(candidate.toLowerCase());
    return candidate;
  };

  // yazl writes buffered entries without waiting for its reader: pause the tar until the zip output has drained.
  const whenRoom = (go: () => void) => {
    const os = zip.outputStream as unknown as { writableLength?: number; readableLength?: number };
    if ((os.writableLength ?? 0) + (os.readableLength ?? 0) + out.readableLength < MAX_QUEUED) go();
    else setTimeout(() => whenRoom(go), 2);
  };

  extract.on('entry', (h, stream, next) => {
    // A broken tar errors each entry stream too; the extract's own error handler reports it once.
    stream.on('error', () => {});
    const safe = sanitiseOutgoingName(h.name);
    const mtime = h.mtime ?? new Date();
    const mode = (h.mode ?? 0o644) & 0o777;
    if (safe && h.type === 'file' && (h.size ?? 0) <= SMALL_FILE) {
      // Small files: one buffer each. A stream per entry costs more than its data (10k × 4 KiB went 5× slower).
      const name = unique(safe);
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => void chunks.push(c as Buffer));
      stream.on('end', () => {
        const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        opts.onBytes?.(data.length);
        zip.addBuffer(data, name, { mtime, mode, compress: opts.compress ?? false });
        opts.onFile?.();
        whenRoom(next);
      });
      return;
    }
    if (safe && h.type === 'file') {
      const name = unique(safe);
      // tar-stream hands out streamx streams, whose pipe() into yazl stalls on large entries; async iteration
      // through a Node stream keeps backpressure working.
      const data = Readable.from(stream);
      data.on('data', (c: Buffer) => opts.onBytes?.(c.length));
      data.on('end', () => {
        opts.onFile?.();
        next();
      });
      data.on('error', (e: Error) => fail(e));
      zip.addReadStream(data, name, { mtime, mode, compress: opts.compress ?? false, size: h.size ?? undefined });
      return;
    }
    if (safe && h.type === 'directory') {
      zip.addEmptyDirectory(unique(safe), { mtime, mode: mode | 0o700 });
    } else if (h.type !== 'directory') {
      skipped.push(`${h.name}\t${h.type}${h.linkname ? ` -> ${h.linkname}` : ''}`);
    }
    stream.on('end', next);
    stream.resume();
  });
  extract.on('finish', () => {
    if (skipped.length) {
      const text = `Not included (links and special files are not followed out of the container):\n${skipped.join('\n')}\n`;
      zip.addBuffer(Buffer.from(text), unique(SKIPPED_NOTE), { compress: false });
    }
    zip.end();
  });
  const fail = (e: Error) => {
    extract.destroy(e);
    tarStream.destroy();
    out.destroy(e);
  };
  extract.on('error', fail);
  tarStream.on('error', fail);
  // The consumer going away must stop the engine stream (a stalled archive stream blocks the container).
  out.on('close', () => {
    if (!tarStream.destroyed) tarStream.destroy();
  });
  tarStream.pipe(extract);
  return out;
}
