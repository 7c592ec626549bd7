import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { sanitiseOutgoingName } from './names';
import { ZipWriter } from './zip-write';

export interface TarToZipOptions {
  onBytes?(n: number): void;
  onFile?(): void;
  /** Tests: write zip64 records everywhere (real archives need them past 4 GiB or 65,535 entries). */
  forceZip64?: boolean;
}

type TarEntry = AsyncIterable<Buffer> & { header: tar.Header; resume(): void };

export const SKIPPED_NOTE = 'BERTH-SKIPPED.txt';
/** Files up to this size are buffered whole: one such buffer at a time. */
const SMALL_FILE = 256 * 1024;

/**
 * Turns the engine's tar of a container path into a zip (stored), as a
 * stream pulled by its reader: backpressure reaches the engine's stream.
 * Names are sanitised for the user's machine; symlinks, hard links and
 * special files are not followed (their targets may lie outside what was
 * asked for): they are listed in BERTH-SKIPPED.txt instead.
 */
export function tarToZip(tarStream: Readable, opts: TarToZipOptions = {}): Readable {
  const extract = tar.extract();
  const used = new Set<string>();
  const skipped: string[] = [];
  const zip = new ZipWriter(opts.forceZip64);

  const unique = (name: string): string => {
    let candidate = name;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) {
      const dot = name.lastIndexOf('.');
      candidate = dot > name.lastIndexOf('/') + 1 ? `${name.slice(0, dot)}~${n}${name.slice(dot)}` : `${name}~${n}`;
    }
    used.add(candidate.toLowerCase());
    return candidate;
  };

  async function* generate(): AsyncGenerator<Buffer> {
    for await (const entry of extract as unknown as AsyncIterable<TarEntry>) {
      const h = entry.header;
      const safe = sanitiseOutgoingName(h.name);
      const mtime = h.mtime ?? new Date();
      const mode = (h.mode ?? 0o644) & 0o777;
      if (safe && h.type === 'file') {
        const name = unique(safe);
        if ((h.size ?? 0) <= SMALL_FILE) {
          const chunks: Buffer[] = [];
          for await (const c of entry as AsyncIterable<Buffer>) chunks.push(c);
          const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          opts.onBytes?.(data.length);
          yield zip.file(name, data, mtime, mode);
        } else {
          const f = zip.startFile(name, mtime, mode);
          yield f.header;
          for await (const c of entry as AsyncIterable<Buffer>) {
            f.chunk(c);
            opts.onBytes?.(c.length);
            yield c;
          }
          yield f.end();
        }
        opts.onFile?.();
        continue;
      }
      if (safe && h.type === 'directory') yield zip.directory(unique(safe), mtime, mode | 0o700);
      else if (h.type !== 'directory') skipped.push(`${h.name}\t${h.type}${h.linkname ? ` -> ${h.linkname}` : ''}`);
      entry.resume();
    }
    if (skipped.length) {
      const text = `Not included (links and special files are not followed out of the container):\n${skipped.join('\n')}\n`;
      yield zip.file(unique(SKIPPED_NOTE), Buffer.from(text), new Date(), 0o644);
    }
    yield zip.finish();
  }

  tarStream.on('error', (e) => extract.destroy(e));
  tarStream.pipe(extract as unknown as NodeJS.WritableStream);
  const out = Readable.from(generate(), { objectMode: false, highWaterMark: 1024 * 1024 });
  // The reader going away must stop the engine stream (a stalled archive stream blocks the container).
  out.on('close', () => {
    if (!tarStream.destroyed) tarStream.destroy();
    extract.destroy();
  });
  return out;
}
