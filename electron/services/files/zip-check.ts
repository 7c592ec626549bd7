import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { BerthError } from '../../../shared/contract/errors';
import { checkEntryName, decodeName } from './names';

/**
 * Zip policy, enforced on the central directory before any byte reaches the
 * engine (and, for what only the data can show, while the body streams to the engine):
 *
 * rejected: names with "..", absolute paths, backslashes, drive letters, NUL or
 * control characters, invalid UTF-8, empty or "." segments, our staging prefix;
 * symlinks, devices, fifos (a symlink placed in the target could redirect a
 * later write out of it — "symlink-then-write" — and a workspace upload does not
 * need one); exact duplicate names and a name that is both a file and a folder;
 * encrypted entries; compression other than stored/deflate; more than
 * `maxEntries` entries; an entry declaring more than `maxEntryBytes`, or all
 * together more than `maxTotalBytes`; an entry over `ratioMinBytes` that
 * expands more than `maxRatio` times (deflate alone tops out near 1032:1);
 * entries whose data overlap another entry or the central directory (the
 * overlapping-entry bomb); data longer or shorter than declared, or with a
 * wrong CRC-32, or a local header naming another file than the central
 * directory (found while streaming, by zip-stream.ts: what was written is then
 * removed).
 *
 * allowed: names differing only in case (containers are case-sensitive Linux
 * file systems); permission bits (without setuid/setgid/sticky).
 */
export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxRatio: number;
  ratioMinBytes: number;
}

export const DEFAULT_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxEntryBytes: 8 * 1024 ** 3,
  maxTotalBytes: 16 * 1024 ** 3,
  maxRatio: 1000,
  ratioMinBytes: 1024 * 1024,
};

/** One entry, checked, ready to be written: the same shape for zips and for dropped files. */
export interface SourceEntry {
  /** Relative, checked name without trailing slash. */
  name: string;
  isDir: boolean;
  size: number;
  mode: number;
  mtime: Date;
  /** The entry's bytes, verified as they stream (dropped files only). */
  open?(): Promise<Readable>;
  /** The whole entry at once, verified, for small files (cheaper than a stream each). */
  read?(): Promise<Buffer>;
}

/** Where a checked zip file entry's data are, and what they must turn out to be. */
export interface ZipFileEntry {
  entry: SourceEntry;
  /** The name's bytes as the central directory has them: the local header must say the same. */
  rawName: Buffer;
  /** Offset of the local header. */
  offset: number;
  compressedSize: number;
  method: 0 | 8;
  crc32: number;
}

export function entryError(name: string, reason: string, code: 'invalid-input' | 'too-large' | 'unsupported' = 'invalid-input'): BerthError {
  return new BerthError(code, `Entry "${printable(name)}": ${reason}.`, { field: printable(name) });
}

/** Makes a name printable in a message (control characters escaped). */
export function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

export interface CheckedZip {
  /** Folders and files in central-directory order. */
  entries: SourceEntry[];
  /** Files by the offset of their data (the order the body arrives in). */
  files: ZipFileEntry[];
  totalBytes: number;
  fileCount: number;
  /** Where the central directory starts: every entry's data end before it. */
  centralDirectoryOffset: number;
}

function openZip(reader: yauzl.RandomAccessReader, size: number): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromRandomAccessReader(reader, size, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false }, (err, zip) => {
      if (err instanceof BerthError) reject(err);
      else if (err || !zip) {
        reject(new BerthError('invalid-input', `This is not a zip file, or it is truncated or damaged (${err?.message ?? 'unreadable'}).`, { field: 'archive' }));
      } else resolve(zip);
    });
  });
}

/**
 * Reads the zip's central directory through `reader` (for uploads, a
 * TailReader: only the zip's tail, fetched before any of the body) and checks
 * every entry against the policy. Memory is bounded by the entry limit and
 * the tail's size; nothing is decompressed here. What only the data can show
 * (CRC, real sizes, local headers) is checked by zip-stream.ts as the body
 * arrives.
 */
export async function checkZip(reader: yauzl.RandomAccessReader, size: number, limits: ZipLimits = DEFAULT_LIMITS): Promise<CheckedZip> {
  const zip = await openZip(reader, size);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new BerthError('too-large', `The zip has ${zip.entryCount} entries; the limit is ${limits.maxEntries}.`, { field: 'archive' });
    }
    const centralDirectoryOffset = (zip as unknown as { readEntryCursor: number }).readEntryCursor;
    const raw = await readAllEntries(zip);
    const entries: SourceEntry[] = [];
    const zipFiles: ZipFileEntry[] = [];
    const files = new Set<string>();
    const dirs = new Set<string>();
    const explicitDirs = new Set<string>();
    const ranges: Array<{ start: number; end: number; name: string }> = [];
    let totalBytes = 0;

    for (const e of raw) {
      const rawName = e.fileName as unknown as Buffer;
      const decoded = decodeName(rawName);
      if (decoded === null) throw entryError(rawName.toString('latin1'), 'the name is not valid UTF-8');
      const unixMode = e.versionMadeBy >> 8 === 3 ? (e.externalFileAttributes >>> 16) & 0xffff : 0;
      const fmt = unixMode & S_IFMT;
      const msDosDir = (e.externalFileAttributes & 0x10) !== 0;
      const isDir = decoded.endsWith('/') || fmt === S_IFDIR || (fmt === 0 && msDosDir);
      const checked = checkEntryName(decoded, isDir);
      if ('reason' in checked) throw entryError(decoded, checked.reason);
      const name = checked.name;
      if (fmt === S_IFLNK) throw entryError(name, 'symbolic links are not accepted (one could redirect later writes out of the target folder)', 'unsupported');
      if (fmt !== 0 && fmt !== S_IFDIR && fmt !== S_IFREG) throw entryError(name, 'special files (devices, fifos, sockets) are not accepted', 'unsupported');
      if (e.isEncrypted()) throw entryError(name, 'the entry is encrypted; Berth does not take encrypted zips', 'unsupported');
      if (e.compressionMethod !== 0 && e.compressionMethod !== 8) {
        throw entryError(name, `compression method ${e.compressionMethod} is not supported (only stored and deflate)`, 'unsupported');
      }
      if (files.has(name)) throw entryError(name, isDir ? 'the name is both a file and a folder' : 'the name appears twice');
      if (isDir ? explicitDirs.has(name) : dirs.has(name)) throw entryError(name, isDir ? 'the name appears twice' : 'the name is both a file and a folder');

      // Every parent is an implicit folder: it must not also be a file.
      const segs = name.split('/');
      for (let i = 1; i < segs.length; i++) {
        const parent = segs.slice(0, i).join('/');
        if (files.has(parent)) throw entryError(name, `"${parent}" is both a file and a folder`);
        dirs.add(parent);
      }

      if (!isDir) {
        if (e.uncompressedSize > limits.maxEntryBytes) throw entryError(name, `it declares ${e.uncompressedSize} bytes; the limit per file is ${limits.maxEntryBytes}`, 'too-large');
        totalBytes += e.uncompressedSize;
        if (totalBytes > limits.maxTotalBytes) throw entryError(name, `the zip declares more than ${limits.maxTotalBytes} bytes in all`, 'too-large');
        if (e.uncompressedSize >= limits.ratioMinBytes && e.uncompressedSize > limits.maxRatio * Math.max(1, e.compressedSize)) {
          throw entryError(name, `it expands ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))} times (over ${limits.maxRatio}): a zip bomb`, 'too-large');
        }
        files.add(name);
      } else {
        dirs.add(name);
        explicitDirs.add(name);
      }
      // The local header is 30 bytes plus the name; the data follow.
      const start = e.relativeOffsetOfLocalHeader;
      ranges.push({ start, end: start + 30 + e.fileNameLength + e.compressedSize, name });

      const perm = unixMode & 0o777;
      const mode = perm !== 0 ? perm : isDir ? 0o755 : 0o644;
      const mtime = e.getLastModDate();
      const entry: SourceEntry = { name, isDir, size: isDir ? 0 : e.uncompressedSize, mode: isDir ? mode | 0o700 : mode, mtime };
      if (!isDir) zipFiles.push({ entry, rawName, offset: start, compressedSize: e.compressedSize, method: e.compressionMethod as 0 | 8, crc32: e.crc32 >>> 0 });
      entries.push(entry);
    }

    ranges.sort((a, b) => a.start - b.start);
    for (let i = 0; i < ranges.length; i++) {
      const r = ranges[i]!;
      const next = ranges[i + 1];
      if (next && r.end > next.start) throw entryError(r.name, `its data overlap entry "${printable(next.name)}" (an overlapping-entry zip bomb or a damaged archive)`);
      if (r.end > centralDirectoryOffset) throw entryError(r.name, 'its data run past the start of the central directory (truncated or damaged archive)');
    }
    zipFiles.sort((a, b) => a.offset - b.offset);
    return { entries, files: zipFiles, totalBytes, fileCount: files.size, centralDirectoryOffset };
  } finally {
    zip.close();
  }
}

function readAllEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const out: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(out));
    zip.on('error', (err: Error) =>
      reject(new BerthError('invalid-input', `The zip's central directory is damaged or truncated (${err.message}).`, { field: 'archive' })),
    );
    zip.readEntry();
  });
}
