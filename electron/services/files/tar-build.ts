import { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { SourceEntry } from './zip-check';

export interface PackProgress {
  /** Called as file bytes go into the tar. */
  bytes(n: number): void;
  /** Called when a file has been fully written. */
  file(): void;
}

/**
 * Streams checked entries as one tar, every name under `prefix` (the staging
 * folder). Entry data are pulled one at a time with backpressure, so memory
 * stays at a few chunks whatever the size. A failing entry (CRC, size)
 * destroys the tar stream: the engine sees a broken upload and the caller
 * removes the staging folder.
 */
export function packEntries(entries: readonly SourceEntry[], prefix: string, progress?: PackProgress, signal?: AbortSignal): Readable {
  const pack = tar.pack();
  const run = async () => {
    pack.entry({ name: `${prefix}/`, type: 'directory', mode: 0o700, mtime: new Date() });
    for (const e of entries) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const name = `${prefix}/${e.name}`;
      if (e.isDir) {
        pack.entry({ name: `${name}/`, type: 'directory', mode: e.mode, mtime: e.mtime });
        continue;
      }
      const data = await e.open!();
      const sink = pack.entry({ name, size: e.size, mode: e.mode, mtime: e.mtime, type: 'file' });
      await copyInto(data, sink, progress, signal);
      progress?.file();
    }
    pack.finalize();
  };
  run().catch((err: unknown) => pack.destroy(err instanceof Error ? err : new Error(String(err))));
  return toNode(pack);
}

/**
 * Node's pipeline() does not track tar-stream's streamx entries reliably (it can
 * settle before a late error), so data are copied by hand with explicit listeners.
 */
type Sink = ReturnType<tar.Pack['entry']>;

function copyInto(data: Readable, sink: Sink, progress?: PackProgress, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      data.destroy();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    const onAbort = () => fail(signal?.reason ?? new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    data.on('error', fail);
    sink.on('error', (e: Error) => fail(e));
    sink.on('finish', () => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    data.on('data', (c: Buffer) => progress?.bytes(c.length));
    data.pipe(sink as unknown as NodeJS.WritableStream);
  });
}

/** A tar holding hard links `name → <staging>/name` (files) and folders: moves staged files into place without copying. */
export function commitTar(entries: readonly SourceEntry[], staging: string, opts: { skip: ReadonlySet<string>; existingDirs: ReadonlySet<string> }): Readable {
  const pack = tar.pack();
  for (const e of entries) {
    if (opts.skip.has(e.name)) continue;
    if (e.isDir) {
      // An existing folder keeps its own mode and times.
      if (!opts.existingDirs.has(e.name)) pack.entry({ name: `${e.name}/`, type: 'directory', mode: e.mode, mtime: e.mtime });
      continue;
    }
    // The engine chmods every non-symlink entry to the header's mode, hard links included: carry the real one.
    pack.entry({ name: e.name, type: 'link', linkname: `${staging}/${e.name}`, mode: e.mode, mtime: e.mtime });
  }
  pack.finalize();
  return toNode(pack);
}

/**
 * A tar that removes `name` in the folder it is extracted into, with no shell
 * and no running container. The engine's extractor (moby pkg/archive Unpack)
 * first removes any existing path an entry replaces unless both are folders,
 * then refuses the entry's unknown type ('7', contiguous file): the path is gone
 * and nothing is created. The call therefore fails with "unhandled tar header
 * type"; callers verify by stat that the path is gone.
 */
export function removeTar(name: string): Readable {
  const pack = tar.pack();
  pack.entry({ name, type: 'contiguous-file', size: 0, mode: 0o600 }, Buffer.alloc(0));
  pack.finalize();
  return toNode(pack);
}

export function mkdirTar(name: string, mode = 0o755): Readable {
  const pack = tar.pack();
  pack.entry({ name: `${name}/`, type: 'directory', mode, mtime: new Date() });
  pack.finalize();
  return toNode(pack);
}

/**
 * tar-stream's packs are streamx streams; dockerode and yazl expect Node
 * streams (streamx's pipe() into them stalls on large data). Async iteration
 * bridges the two with backpressure; destroying the Node side destroys the pack.
 */
export function toNode(pack: tar.Pack): Readable {
  return Readable.from(pack as AsyncIterable<Buffer>, { objectMode: false });
}
