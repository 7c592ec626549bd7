import { api } from '../../api/connection';
import type { UploadInput } from '../../../../shared/contract/files';
import { isZip, type Picked } from './dropped';
import { transfers } from './transfers';

/** 1 MiB chunks: one or two in flight under the 100k-unit credit keeps the pipe full without big buffers. */
const CHUNK = 1024 * 1024;
let seq = 0;

export interface UploadOptions {
  container: string;
  containerName: string;
  /** Absent: the container's workspace or working directory. */
  target?: string;
  command?: string;
  wait?: boolean;
}

/**
 * Streams picked files to the service: a single .zip is sent as-is, in the
 * byte ranges the service asks for (its tail, then its body), and extracted
 * there; anything else is declared up front (paths and sizes) and its bytes
 * pushed file after file. The File is read slice by slice, so memory stays at
 * a chunk or two whatever the size.
 */
export function startUpload(picked: Picked, opts: UploadOptions): void {
  if (!picked.files.length && !picked.folders.length) return;
  const zip = isZip(picked);
  const source: UploadInput['source'] = zip
    ? { kind: 'zip', name: picked.files[0]!.file.name, size: picked.files[0]!.file.size }
    : {
        kind: 'files',
        files: picked.files.map((f) => ({ path: f.path, size: f.file.size, modified: f.file.lastModified })),
        ...(picked.folders.length ? { folders: picked.folders } : {}),
      };
  const label = zip ? picked.files[0]!.file.name : picked.files.length === 1 ? picked.files[0]!.path : `${picked.files.length} files`;
  const id = `up-${++seq}`;
  const input: UploadInput = {
    id: opts.container,
    source,
    ...(opts.target ? { target: opts.target } : {}),
    ...(opts.command ? { run: { command: opts.command, wait: opts.wait ?? true } } : {}),
  };
  const total = picked.files.reduce((n, f) => n + f.file.size, 0);
  // Zips: the service asks for byte ranges (its tail first, then the body); they are answered in order.
  const needs: Array<{ offset: number; length: number }> = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const ch = api.open('files.upload', input, {
    onEvent(e, bytes) {
      switch (e.type) {
        case 'progress':
          transfers.update(id, { phase: e.phase, progress: e.progress, target: e.target });
          break;
        case 'need':
          needs.push({ offset: e.offset, length: e.length });
          wake?.();
          break;
        case 'conflict':
          transfers.update(id, { state: 'conflict', conflict: { existing: e.existing, count: e.count, links: e.links } });
          break;
        case 'done':
          transfers.update(id, { state: opts.command ? 'running' : 'done', target: e.target, phase: opts.command ? 'running' : 'committing' });
          break;
        case 'output':
          if (bytes) transfers.appendOutput(id, decoder.decode(bytes, { stream: true }));
          break;
        case 'exit':
          transfers.update(id, { state: 'done', exit: { exitCode: e.exitCode, detached: e.detached } });
          break;
      }
    },
    onEnd(err) {
      ended = true;
      wake?.();
      if (err) transfers.fail(id, err);
      else transfers.update(id, { state: 'done', conflict: undefined });
    },
  });
  const decoder = new TextDecoder();
  transfers.add({
    id,
    kind: 'upload',
    container: opts.container,
    containerName: opts.containerName,
    label,
    target: opts.target ?? '',
    phase: 'receiving',
    progress: { bytes: 0, totalBytes: total, files: 0, totalFiles: picked.files.length, bytesPerSecond: 0, etaSeconds: null },
    state: 'running',
    output: '',
    ...(opts.command ? { command: opts.command } : {}),
    cancel: () => {
      ch.close();
      transfers.update(id, { state: 'cancelled', conflict: undefined });
    },
    decide: (choice) => {
      transfers.update(id, { state: 'running', conflict: undefined });
      void ch.push({ t: 'decision', choice }).catch(() => {});
    },
  });
  /** Sends file bytes [from, to), reading the next slice while the current one travels; returns how many there were. */
  const sendRange = async (file: File, from: number, to: number): Promise<number> => {
    const read = (off: number) => file.slice(off, Math.min(to, off + CHUNK)).arrayBuffer();
    let next = from < to ? read(from) : undefined;
    let sent = 0;
    for (let off = from; next; off += CHUNK) {
      const bytes = new Uint8Array(await next);
      next = off + CHUNK < to && bytes.byteLength > 0 ? read(off + CHUNK) : undefined;
      // A failed push ends the loop; the read ahead must not fail unheard.
      next?.catch(() => {});
      if (bytes.byteLength) await ch.push({ t: 'chunk' }, bytes);
      sent += bytes.byteLength;
    }
    return sent;
  };
  void (async () => {
    try {
      if (zip) {
        const file = picked.files[0]!.file;
        while (!ended) {
          const need = needs.shift();
          if (!need) await new Promise<void>((r) => (wake = r));
          // A file that shrank since it was picked: say so, rather than leave the service waiting.
          else if ((await sendRange(file, need.offset, need.offset + need.length)) < need.length) await ch.push({ t: 'end' });
        }
        return;
      }
      for (const f of picked.files) await sendRange(f.file, 0, f.file.size);
      await ch.push({ t: 'end' });
    } catch {
      // The channel closed (cancel or failure): onEnd has reported it. Otherwise the file could not be
      // read (changed or removed since it was picked): ending now makes the service fail it as short.
      if (!ch.closed) void ch.push({ t: 'end' }).catch(() => {});
    }
  })();
}
