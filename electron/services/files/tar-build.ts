import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { padding, TAR_END, tarHeader } from './tar-write';
import type { StagingLayout } from './staging';
import type { SourceEntry } from './zip-check';

export interface PackProgress {
  /** Called as file bytes go into the tar. */
  bytes(n: number): void;
  /** Called when a file has been fully written. */
  file(): void;
}

/**
 * Streams checked entries as one tar, each where `stage` puts it (staging
 * folders). Entry data are pulled one at a time with backpressure (the
 * consumer's reads drive the generator), so memory stays at a chunk or two
 * whatever the size. A failing entry (CRC, size)
 * errors the tar stream: the engine sees a broken upload and the caller
 * removes what was being written.
 */
export function packEntries(entries: readonly SourceEntry[], stage: StagingLayout, progress?: PackProgress, signal?: AbortSignal): Readable {
  const at = (name: string) => stage.at(name);
  async function* generate(): AsyncGenerator<Buffer> {
    for (const root of stage.roots) yield tarHeader({ name: root, type: 'directory', mode: 0o700, mtime: new Date() });
    for (const e of entries) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      if (e.isDir) {
        yield tarHeader({ name: at(e.name), type: 'directory', mode: e.mode, mtime: e.mtime });
        continue;
      }
      if (e.read) {
        const whole = await e.read();
        if (whole.length !== e.size) throw new Error(`${e.name}: ${whole.length} bytes where ${e.size} were declared`);
        yield Buffer.concat([tarHeader({ name: at(e.name), type: 'file', size: e.size, mode: e.mode, mtime: e.mtime }), whole, padding(e.size)]);
        progress?.bytes(e.size);
        progress?.file();
        continue;
      }
      yield tarHeader({ name: at(e.name), type: 'file', size: e.size, mode: e.mode, mtime: e.mtime });
      const data = await e.open!();
      let n = 0;
      try {
        for await (const chunk of data as AsyncIterable<Buffer>) {
          n += chunk.length;
          if (n > e.size) throw new Error(`${e.name}: more data than its declared ${e.size} bytes`);
          progress?.bytes(chunk.length);
          yield chunk;
        }
      } finally {
        data.destroy();
      }
      if (n !== e.size) throw new Error(`${e.name}: ${n} bytes where ${e.size} were declared`);
      yield padding(e.size);
      progress?.file();
    }
    yield TAR_END;
  }
  return Readable.from(generate(), { objectMode: false, highWaterMark: 1024 * 1024 });
}

/** A tar holding hard links `name → <staged name>` (files) and folders: moves staged files into place without copying. */
export function commitTar(entries: readonly SourceEntry[], stage: StagingLayout, opts: { skip: ReadonlySet<string>; existingDirs: ReadonlySet<string> }): Readable {
  const pack = tar.pack();
  for (const e of entries) {
    if (opts.skip.has(e.name)) continue;
    if (e.isDir) {
      // An existing folder keeps its own mode and times.
      if (!opts.existingDirs.has(e.name)) pack.entry({ name: `${e.name}/`, type: 'directory', mode: e.mode, mtime: e.mtime });
      continue;
    }
    // The engine chmods every non-symlink entry to the header's mode, hard links included: carry the real one.
    pack.entry({ name: e.name, type: 'link', linkname: stage.at(e.name), mode: e.mode, mtime: e.mtime });
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
