import { Readable } from 'node:stream';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import type { StagingLayout } from './staging';
import type { PackProgress } from './tar-build';
import { padding, TAR_END, tarHeader } from './tar-write';
import type { ByteQueue } from './zip-source';
import { entryError, printable, type CheckedZip, type ZipFileEntry } from './zip-check';
import { BufferBatch } from './buffer-batch';
import { drainedOrClosed } from '../streams';

/** Entries up to this size (both ways) are read and inflated whole: at most this much memory per entry. */
const SMALL_ENTRY = 1024 * 1024;
/** Small pieces (headers, small files) are gathered up to this much before going on: one hop per batch, not per file. */
const BATCH = 256 * 1024;
/** Inflated output comes in pieces of this size. */
const INFLATE_CHUNK = 256 * 1024;

/**
 * Converts a checked zip to one tar while its body arrives (front to back,
 * through `body`), each name where `stage` puts it (staging folders).
 * Folders go first (they carry no data), then files in the order their data
 * arrive. For each file it checks what the central directory could not show:
 * the local header's signature and name, that its data stay before the next
 * entry's (overlaps), the data's real size and CRC-32. A failure errors the tar
 * stream, so the engine sees a broken upload and the caller removes what was
 * written; output never runs past an entry's declared size.
 *
 * Files in `skip` are read past, not written. Memory: a batch, one inflated
 * small entry, and what `body` queues.
 */
export function packZipBody(
  zip: CheckedZip,
  body: ByteQueue,
  stage: StagingLayout,
  opts: { skip?: ReadonlySet<string>; progress?: PackProgress; signal?: AbortSignal } = {},
): Readable {
  const at = (name: string) => stage.at(name);
  const skip = opts.skip ?? new Set<string>();
  const progress = opts.progress;
  const truncated = (name: string) => () => entryError(name, 'its data are cut short: truncated archive');

  async function* generate(): AsyncGenerator<Buffer> {
    const batch = new BufferBatch();
    const add = (b: Buffer) => batch.add(b);

    for (const root of stage.roots) add(tarHeader({ name: root, type: 'directory', mode: 0o700, mtime: new Date() }));
    for (const e of zip.entries) {
      if (e.isDir && !skip.has(e.name)) add(tarHeader({ name: at(e.name), type: 'directory', mode: e.mode, mtime: e.mtime }));
    }

    for (let i = 0; i < zip.files.length; i++) {
      const f = zip.files[i]!;
      const e = f.entry;
      const limit = zip.files[i + 1]?.offset ?? zip.centralDirectoryOffset;
      const nextName = zip.files[i + 1]?.entry.name;
      if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('aborted');
      if (f.offset < body.position) throw entryError(e.name, 'its local header lies inside the previous entry (overlapping entries or a damaged archive)');
      await body.skip(f.offset - body.position, truncated(e.name));
      const head = await body.exact(30, truncated(e.name));
      if (head.readUInt32LE(0) !== 0x04034b50) throw entryError(e.name, 'its local header is damaged');
      const nameLength = head.readUInt16LE(26);
      const extraLength = head.readUInt16LE(28);
      const localName = await body.exact(nameLength, truncated(e.name));
      if (!localName.equals(f.rawName)) throw entryError(e.name, 'its local header names another file than the central directory (damaged or crafted archive)');
      await body.skip(extraLength, truncated(e.name));
      if (body.position + f.compressedSize > limit) {
        throw entryError(e.name, nextName !== undefined ? `its data overlap entry "${printable(nextName)}" (an overlapping-entry zip bomb or a damaged archive)` : 'its data run past the start of the central directory (truncated or damaged archive)');
      }
      if (skip.has(e.name)) {
        await body.skip(f.compressedSize, truncated(e.name));
        continue;
      }

      if (f.method === 0 && f.compressedSize !== e.size) throw entryError(e.name, `its data are ${f.compressedSize} bytes, not the declared ${e.size}: damaged archive`);
      add(tarHeader({ name: at(e.name), type: 'file', size: e.size, mode: e.mode, mtime: e.mtime }));
      if (f.method === 8 && f.compressedSize <= SMALL_ENTRY && e.size <= SMALL_ENTRY) {
        add(inflateSmall(f, await body.exact(f.compressedSize, truncated(e.name))));
      } else if (f.method === 0 && e.size <= BATCH) {
        const data = await body.exact(f.compressedSize, truncated(e.name));
        checkData(f, data.length, crc32(data));
        add(data);
      } else {
        // Large: the bytes go on as they come; size and CRC are settled at the end, before the next entry.
        if (batch.size) yield batch.take();
        let crc = 0;
        let n = 0;
        for await (const chunk of f.method === 8 ? inflateStream(f, body) : storedStream(f, body)) {
          n += chunk.length;
          if (n > e.size) throw entryError(e.name, `its data are longer than the declared ${e.size} bytes: damaged archive or zip bomb`);
          progress?.bytes(chunk.length);
          yield chunk;
          crc = crc32(chunk, crc);
        }
        checkData(f, n, crc);
        add(padding(e.size));
        progress?.file();
        continue;
      }
      add(padding(e.size));
      progress?.bytes(e.size);
      progress?.file();
      if (batch.size >= BATCH) yield batch.take();
    }
    // Read to the central directory, so every byte asked for was taken (and nothing more is awaited).
    if (body.position < zip.centralDirectoryOffset) await body.skip(zip.centralDirectoryOffset - body.position, () => new Error('unreachable'));
    add(TAR_END);
    yield batch.take();
  }
  return Readable.from(generate(), { objectMode: false, highWaterMark: 1024 * 1024 });
}

function checkData(f: ZipFileEntry, n: number, crc: number): void {
  const e = f.entry;
  if (n !== e.size) throw entryError(e.name, n > e.size ? `its data are longer than the declared ${e.size} bytes: damaged archive or zip bomb` : `its data are ${n} bytes, not the declared ${e.size}: damaged or truncated archive`);
  if (crc >>> 0 !== f.crc32) throw entryError(e.name, 'CRC-32 mismatch: the archive is damaged');
}

function inflateSmall(f: ZipFileEntry, raw: Buffer): Buffer {
  const e = f.entry;
  let data: Buffer;
  try {
    // One byte over the declared size is enough to know it lies.
    data = inflateRawSync(raw, { maxOutputLength: e.size + 1 });
  } catch (err) {
    throw entryError(e.name, (err as Error).name === 'RangeError' ? `its data are longer than the declared ${e.size} bytes: damaged archive or zip bomb` : `its data are damaged or truncated (${(err as Error).message})`);
  }
  checkData(f, data.length, crc32(data));
  return data;
}

async function* storedStream(f: ZipFileEntry, body: ByteQueue): AsyncGenerator<Buffer> {
  for (let left = f.compressedSize; left > 0; ) {
    const b = await body.take(left);
    if (!b) throw entryError(f.entry.name, 'its data are cut short: truncated archive');
    left -= b.length;
    yield b;
  }
}

/**
 * Inflates exactly the entry's compressed bytes from `body` (zlib works on its
 * thread pool); the output is read as it comes, so memory stays at a few
 * pieces whatever the entry's size.
 */
async function* inflateStream(f: ZipFileEntry, body: ByteQueue): AsyncGenerator<Buffer> {
  const name = f.entry.name;
  const inflate = createInflateRaw({ chunkSize: INFLATE_CHUNK });
  let failure: Error | undefined;
  const feed = (async () => {
    let left = f.compressedSize;
    while (left > 0) {
      const b = await body.take(left);
      if (!b) throw entryError(name, 'its data are cut short: truncated archive');
      left -= b.length;
      // A deflate stream ending early leaves bytes zlib will not take: read past them.
      if (inflate.destroyed || inflate.writableEnded) continue;
      if (!inflate.write(b)) await drainedOrClosed(inflate);
    }
    if (!inflate.destroyed) inflate.end();
  })().catch((e: Error) => {
    failure = e;
    inflate.destroy(e);
  });
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    throw failure ?? entryError(name, `its data are damaged or truncated (${(err as Error).message})`);
  } finally {
    if (!inflate.destroyed) inflate.destroy();
  }
  await feed;
  if (failure) throw failure;
}
