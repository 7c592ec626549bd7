import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { BerthError } from '../../../shared/contract/errors';
import type { FileEntry, FileType } from '../../../shared/contract/files';
import type { Engine } from '../engine/engine';
import type { ContainerInspect, ExecHandle, ExecOptions } from '../engine/port';
import { joinContainerPath, modeText, normaliseContainerPath, splitContainerPath } from './names';
import { mkdirTar, removeTar } from './tar-build';

/** What the engine's X-Docker-Container-Path-Stat header says about a path. */
export interface RawStat {
  name: string;
  size: number;
  /** Go's os.FileMode bits. */
  mode: number;
  mtime: string;
  linkTarget: string;
}

// Go os.FileMode type bits (the engine serialises them as-is).
const GO_DIR = 2 ** 31;
const GO_SYMLINK = 2 ** 27;
const GO_DEVICE = 2 ** 26;
const GO_PIPE = 2 ** 25;
const GO_SOCKET = 2 ** 24;
const GO_CHARDEV = 2 ** 21;

export function statType(mode: number): FileType {
  if (mode >= GO_DIR) return 'directory';
  const m = mode % GO_DIR;
  if (Math.floor(m / GO_SYMLINK) % 2 === 1) return 'symlink';
  if ([GO_DEVICE, GO_PIPE, GO_SOCKET, GO_CHARDEV].some((b) => Math.floor(m / b) % 2 === 1)) return 'other';
  return 'file';
}

function tarType(t: string | null | undefined): FileType {
  switch (t) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

/**
 * A container's file system through the Engine's archive API only: no shell,
 * no exec, so it works for stopped containers and images without a shell.
 * Every engine stream is destroyed on abort and on error, because an archive
 * stream left open blocks inspect and exec on that container.
 */
export class ContainerFs {
  constructor(
    private readonly engine: Engine,
    readonly id: string,
  ) {}

  inspect(): Promise<ContainerInspect> {
    return this.engine.port.inspectContainer(this.id);
  }

  exec(opts: ExecOptions): Promise<ExecHandle> {
    return this.engine.port.createExec(this.id, opts);
  }

  /** The path's stat, or null when nothing is there. */
  async stat(path: string, signal?: AbortSignal): Promise<RawStat | null> {
    try {
      const res = await this.engine.port.archiveInfo(this.id, path, signal);
      const header = res.headers['x-docker-container-path-stat'];
      if (!header) throw new BerthError('internal', 'The engine did not describe the path');
      return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as RawStat;
    } catch (e) {
      if (isMissingPath(e)) return null;
      throw this.engine.fail(e);
    }
  }

  async requireDir(path: string, field = 'path'): Promise<RawStat> {
    const st = await this.stat(path);
    if (!st) throw new BerthError('not-found', `There is no folder ${path} in the container.`, { field });
    if (statType(st.mode) !== 'directory') throw new BerthError('invalid-input', `${path} is not a folder.`, { field });
    return st;
  }

  /** The engine's tar of a path (a file or a whole folder). */
  async getTar(path: string, signal?: AbortSignal): Promise<Readable> {
    try {
      const stream = await this.engine.port.getArchive(this.id, path, signal);
      signal?.addEventListener('abort', () => stream.destroy(), { once: true });
      return stream;
    } catch (e) {
      if (isMissingPath(e)) throw new BerthError('not-found', `There is nothing at ${path} in the container.`, { field: 'path' });
      throw this.engine.fail(e);
    }
  }

  /** Extracts a tar stream into `dir` (which must exist). The stream is destroyed if this fails or is aborted. */
  async put(dir: string, tarStream: Readable, signal?: AbortSignal, opts: { noOverwriteDirNonDir?: boolean } = {}): Promise<void> {
    const onAbort = () => tarStream.destroy(new BerthError('cancelled', 'Cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    let streamError: unknown;
    tarStream.on('error', (e) => (streamError ??= e));
    try {
      await this.engine.port.putArchive(this.id, dir, tarStream, { signal, noOverwriteDirNonDir: opts.noOverwriteDirNonDir });
      if (streamError) throw streamError;
    } catch (e) {
      tarStream.destroy();
      if (signal?.aborted) throw new BerthError('cancelled', 'Cancelled');
      // The source's own error (a bad zip entry) says more than the engine's "unexpected EOF".
      if (streamError instanceof BerthError) throw streamError;
      if (isMissingPath(e)) throw new BerthError('not-found', `There is no folder ${dir} in the container.`, { field: 'target' });
      throw this.engine.fail(e);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Removes a file or a whole folder with the archive API alone (see removeTar
   * for how), then checks it is gone.
   */
  async remove(path: string): Promise<void> {
    const parts = splitContainerPath(path);
    if (!parts) throw new BerthError('invalid-input', 'The root folder cannot be removed.', { field: 'path' });
    if (!(await this.stat(path))) return;
    try {
      await this.engine.port.putArchive(this.id, parts.parent, removeTar(parts.base));
    } catch (e) {
      // Expected: the engine refuses the marker entry after removing the path. Anything else is reported below.
      const msg = String((e as { message?: string }).message ?? e);
      if (!/unhandled tar header type/.test(msg)) throw this.engine.fail(e);
    }
    if (await this.stat(path)) {
      throw new BerthError('unsupported', `Could not remove ${path}: this engine does not remove paths through its archive API.`, { field: 'path' });
    }
  }

  async mkdir(path: string): Promise<void> {
    const parts = splitContainerPath(path);
    if (!parts) throw new BerthError('conflict', 'The root folder already exists.', { field: 'path' });
    await this.requireDir(parts.parent);
    if (await this.stat(path)) throw new BerthError('conflict', `${path} already exists.`, { field: 'path' });
    await this.put(parts.parent, mkdirTar(parts.base));
  }

  /**
   * Walks the engine's tar of `path`, calling `onEntry` with names relative to
   * it (file data are drained, never kept). The archive API has no header-only
   * mode, so this reads every byte below `path`: callers keep it for folders.
   */
  async walk(path: string, onEntry: (rel: string, h: tar.Header) => void, signal?: AbortSignal): Promise<number> {
    const stream = await this.getTar(path, signal);
    const extract = tar.extract();
    let scanned = 0;
    stream.on('data', (c: Buffer) => (scanned += c.length));
    await new Promise<void>((resolve, reject) => {
      const fail = (e: unknown) => {
        stream.destroy();
        extract.destroy();
        reject(signal?.aborted ? new BerthError('cancelled', 'Cancelled') : this.engine.fail(e));
      };
      extract.on('entry', (h, s, next) => {
        s.on('error', () => {});
        const slash = h.name.indexOf('/');
        const rel = slash < 0 ? '' : h.name.slice(slash + 1).replace(/\/$/, '');
        if (rel) onEntry(rel, h);
        s.on('end', next);
        s.resume();
      });
      extract.on('finish', resolve);
      extract.on('error', fail);
      stream.on('error', fail);
      stream.pipe(extract as unknown as NodeJS.WritableStream);
    });
    return scanned;
  }

  /** The entries directly inside a folder. */
  async list(path: string, signal?: AbortSignal): Promise<{ entries: FileEntry[]; scannedBytes: number }> {
    const clean = normaliseContainerPath(path);
    await this.requireDir(clean);
    const entries: FileEntry[] = [];
    const scannedBytes = await this.walk(
      clean,
      (rel, h) => {
        if (rel.includes('/')) return;
        const type = tarType(h.type);
        const owner = h.uname || h.gname ? `${h.uname || h.uid}:${h.gname || h.gid}` : null;
        entries.push({
          name: rel,
          type,
          size: type === 'file' ? (h.size ?? 0) : 0,
          mode: (h.mode ?? 0) & 0o7777,
          modeText: modeText(type, h.mode ?? 0),
          uid: h.uid ?? 0,
          gid: h.gid ?? 0,
          owner,
          modified: h.mtime ? h.mtime.getTime() : null,
          linkTarget: h.linkname || null,
        });
      },
      signal,
    );
    entries.sort((a, b) => (a.type === 'directory') !== (b.type === 'directory') ? (a.type === 'directory' ? -1 : 1) : a.name.localeCompare(b.name));
    return { entries, scannedBytes };
  }

  /** The first file of the tar of `path` (a file): its header and a stream of its bytes. */
  async openFile(path: string, signal?: AbortSignal): Promise<{ size: number; stream: Readable }> {
    const tarStream = await this.getTar(path, signal);
    const extract = tar.extract();
    return new Promise((resolve, reject) => {
      let done = false;
      const fail = (e: unknown) => {
        tarStream.destroy();
        extract.destroy();
        if (!done) {
          done = true;
          reject(e instanceof BerthError ? e : this.engine.fail(e));
        }
      };
      extract.once('entry', (h, s) => {
        if (h.type !== 'file' && h.type !== 'contiguous-file') {
          fail(new BerthError('invalid-input', `${path} is not a regular file.`, { field: 'path' }));
          return;
        }
        done = true;
        s.on('error', () => {});
        const out = Readable.from(s as AsyncIterable<Buffer>);
        out.on('close', () => {
          tarStream.destroy();
          extract.destroy();
        });
        resolve({ size: h.size ?? 0, stream: out });
      });
      extract.on('error', fail);
      tarStream.on('error', fail);
      extract.on('finish', () => fail(new BerthError('not-found', `There is no file at ${path}.`, { field: 'path' })));
      tarStream.pipe(extract as unknown as NodeJS.WritableStream);
    });
  }
}

/** A 404 about the path, not the container (the port has mapped both to not-found; the engine's sentence tells them apart). */
export function isMissingPath(e: unknown): boolean {
  return e instanceof BerthError && e.code === 'not-found' && !/no such container/i.test(e.message);
}

export { joinContainerPath };
