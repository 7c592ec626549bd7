import { Readable } from 'node:stream';
import { sanitiseOutgoingName } from './names';
import { TarReader } from './tar-read';
import { ZipWriter } from './zip-write';
import { BufferBatch } from './buffer-batch';

export interface TarToZipOptions {
  onBytes?(n: number): void;
  onFile?(): void;
  /** Tests: write zip64 records everywhere (real archives need them past 4 GiB or 65,535 entries). */
  forceZip64?: boolean;
}

export const SKIPPED_NOTE = 'BERTH-SKIPPED.txt';
/** Files up to this size are buffered whole: one such buffer at a time. */
const SMALL_FILE = 256 * 1024;
/** Small records are gathered up to this much before going on. */
const BATCH = 256 * 1024;

/**
 * Turns the engine's tar of a container path into a zip (stored), as a
 * stream pulled by its reader: backpressure reaches the engine's stream.
 * Names are sanitised for the user's machine; symlinks, hard links and
 * special files are not followed (their targets may lie outside what was
 * asked for): they are listed in BERTH-SKIPPED.txt instead.
 */
export function tarToZip(tarStream: Readable, opts: TarToZipOptions = {}): Readable {
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

  const reader = new TarReader(tarStream);

  async function* generate(): AsyncGenerator<Buffer> {
    // Small files' zip records are gathered up to BATCH bytes.
    const batch = new BufferBatch();
    const add = (b: Buffer) => batch.add(b);
    for (let h = await reader.next(); h; h = await reader.next()) {
      const safe = sanitiseOutgoingName(h.name);
      const mtime = h.mtime;
      const mode = h.mode & 0o777;
      if (safe && h.type === 'file') {
        const name = unique(safe);
        if (h.size <= SMALL_FILE) {
          const data = await reader.read();
          opts.onBytes?.(data.length);
          for (const part of zip.fileParts(name, data, mtime, mode)) add(part);
          if (batch.size >= BATCH) yield batch.take();
        } else {
          if (batch.size) yield batch.take();
          const f = zip.startFile(name, mtime, mode);
          yield f.header;
          for await (const c of reader.stream()) {
            f.chunk(c);
            opts.onBytes?.(c.length);
            yield c;
          }
          yield f.end();
        }
        opts.onFile?.();
        continue;
      }
      if (safe && h.type === 'directory') add(zip.directory(unique(safe), mtime, mode | 0o700));
      else if (h.type !== 'directory') skipped.push(`${h.name}\t${h.type}${h.linkname ? ` -> ${h.linkname}` : ''}`);
    }
    if (skipped.length) {
      const text = `Not included (links and special files are not followed out of the container):\n${skipped.join('\n')}\n`;
      add(zip.file(unique(SKIPPED_NOTE), Buffer.from(text), new Date(), 0o644));
    }
    add(zip.finish());
    yield batch.take();
  }

  const out = Readable.from(generate(), { objectMode: false, highWaterMark: 1024 * 1024 });
  // The reader going away must stop the engine stream (a stalled archive stream blocks the container).
  out.on('close', () => {
    if (!tarStream.destroyed) tarStream.destroy();
    reader.close();
  });
  return out;
}
