import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { BerthError } from '../../../shared/contract/errors';
import type { UploadFile } from '../../../shared/contract/files';
import { checkEntryName } from './names';
import { SpoolReader } from './spool-reader';

const SMALL_FILE = 1024 * 1024;
import { DEFAULT_LIMITS, entryError, type SourceEntry, type ZipLimits } from './zip-check';

/**
 * Dropped files and folders arrive as one byte stream, file after file, in the
 * order declared up front; the spool keeps them back to back. Names are checked
 * with the same rules as zip entries before a single byte is accepted.
 */
export function filesToEntries(
  files: readonly UploadFile[],
  folders: readonly string[],
  spoolPath: string,
  limits: ZipLimits = DEFAULT_LIMITS,
): { entries: SourceEntry[]; totalBytes: number; close(): Promise<void> } {
  const spool = new SpoolReader(spoolPath);
  if (files.length + folders.length > limits.maxEntries) {
    throw new BerthError('too-large', `${files.length + folders.length} files and folders; the limit is ${limits.maxEntries}.`, { field: 'files' });
  }
  const seenFiles = new Set<string>();
  const dirs = new Set<string>();
  const entries: SourceEntry[] = [];
  const addParents = (name: string) => {
    const segs = name.split('/');
    for (let i = 1; i < segs.length; i++) {
      const parent = segs.slice(0, i).join('/');
      if (seenFiles.has(parent)) throw entryError(name, `"${parent}" is both a file and a folder`);
      if (!dirs.has(parent)) {
        dirs.add(parent);
        entries.push({ name: parent, isDir: true, size: 0, mode: 0o755, mtime: new Date() });
      }
    }
  };
  for (const raw of folders) {
    const c = checkEntryName(raw, true);
    if ('reason' in c) throw entryError(raw, c.reason);
    if (seenFiles.has(c.name)) throw entryError(c.name, 'the name is both a file and a folder');
    addParents(`${c.name}/x`);
  }
  let offset = 0;
  for (const f of files) {
    const c = checkEntryName(f.path, false);
    if ('reason' in c) throw entryError(f.path, c.reason);
    const name = c.name;
    if (seenFiles.has(name)) throw entryError(name, 'the name appears twice');
    if (dirs.has(name)) throw entryError(name, 'the name is both a file and a folder');
    if (f.size > limits.maxEntryBytes) throw entryError(name, `it is ${f.size} bytes; the limit per file is ${limits.maxEntryBytes}`, 'too-large');
    addParents(name);
    seenFiles.add(name);
    const start = offset;
    offset += f.size;
    if (offset > limits.maxTotalBytes) throw entryError(name, `the upload is more than ${limits.maxTotalBytes} bytes in all`, 'too-large');
    entries.push({
      name,
      isDir: false,
      size: f.size,
      mode: 0o644,
      mtime: f.modified ? new Date(f.modified) : new Date(),
      // createReadStream's end is inclusive and cannot express an empty range.
      open: async () => (f.size === 0 ? Readable.from([]) : createReadStream(spoolPath, { start, end: start + f.size - 1, highWaterMark: 1024 * 1024 })),
      ...(f.size <= SMALL_FILE
        ? {
            read: async () => {
              const data = await spool.read(start, f.size);
              if (data.length !== f.size) throw entryError(name, 'the spool holds fewer bytes than were declared');
              return data;
            },
          }
        : {}),
    });
  }
  return { entries, totalBytes: offset, close: () => spool.close() };
}
