import { z } from 'zod';
import { channel, method } from '../rpc/define';
import { ContainerRef, Empty, NoPush } from './common';

/** An absolute path inside a container. No NUL: the engine would cut the path there. */
export const ContainerPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/'), 'must be an absolute path (starting with /)')
  .refine((p) => !p.includes('\0'), 'must not contain a NUL character');

export const FileType = z.enum(['file', 'directory', 'symlink', 'hardlink', 'other']);
export type FileType = z.infer<typeof FileType>;

export const FileEntry = z.object({
  name: z.string(),
  type: FileType,
  size: z.number().int().nonnegative(),
  /** Permission bits (0o7777). */
  mode: z.number().int().nonnegative(),
  /** e.g. "drwxr-xr-x". */
  modeText: z.string(),
  uid: z.number().int(),
  gid: z.number().int(),
  /** User and group names when the engine's archive carries them. */
  owner: z.string().nullable(),
  modified: z.number().nullable(),
  linkTarget: z.string().nullable(),
});
export type FileEntry = z.infer<typeof FileEntry>;

export const Listing = z.object({
  path: z.string(),
  entries: z.array(FileEntry),
  /** How many bytes the engine streamed to produce this listing (the archive API has no header-only mode). */
  scannedBytes: z.number().int().nonnegative(),
});
export type Listing = z.infer<typeof Listing>;

export const PathStat = z.object({
  path: z.string(),
  exists: z.boolean(),
  type: FileType.nullable(),
  size: z.number().int().nonnegative(),
  modified: z.number().nullable(),
  linkTarget: z.string().nullable(),
});
export type PathStat = z.infer<typeof PathStat>;

export const TextFile = z.object({
  path: z.string(),
  text: z.string(),
  size: z.number().int().nonnegative(),
  truncated: z.boolean(),
  /** True when the bytes do not look like text (NUL bytes or invalid UTF-8): `text` is then empty. */
  binary: z.boolean(),
});
export type TextFile = z.infer<typeof TextFile>;

/** Declared name of an uploaded file, relative to the target folder ("a/b.txt"). Checked in depth by the service. */
const RelativeName = z.string().min(1).max(4096);

export const UploadFile = z.object({
  path: RelativeName,
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  /** ms since the epoch (File.lastModified). */
  modified: z.number().optional(),
});
export type UploadFile = z.infer<typeof UploadFile>;

export const UploadSource = z.discriminatedUnion('kind', [
  /** A zip whose contents are extracted at the target. Its bytes are sent as the service asks for them (`need` events). */
  z.object({ kind: z.literal('zip'), name: z.string().min(1).max(1024), size: z.number().int().positive() }),
  /**
   * Plain files and folders: the client declares every file up front, then
   * pushes their bytes one after another in that order.
   */
  z.object({
    kind: z.literal('files'),
    files: z.array(UploadFile).min(1).max(100_000),
    /** Empty folders to create too. */
    folders: z.array(RelativeName).max(100_000).optional(),
  }),
]);
export type UploadSource = z.infer<typeof UploadSource>;

export const ConflictPolicy = z.enum(['ask', 'overwrite', 'skip']);
export type ConflictPolicy = z.infer<typeof ConflictPolicy>;

export const RunAfter = z.object({
  /** e.g. "python boot.py"; run in the target folder, without a shell unless it uses shell syntax. */
  command: z.string().min(1).max(8192),
  /** true: stream the output until it exits; false: start it and leave it running. */
  wait: z.boolean(),
});
export type RunAfter = z.infer<typeof RunAfter>;

export const UploadInput = z.object({
  id: ContainerRef,
  /** Folder to extract into; the container's workspace or working directory when absent. */
  target: ContainerPath.optional(),
  source: UploadSource,
  conflict: ConflictPolicy.default('ask'),
  run: RunAfter.optional(),
});
export type UploadInput = z.input<typeof UploadInput>;

export const UploadPhase = z.enum(['receiving', 'checking', 'writing', 'committing', 'running']);
export type UploadPhase = z.infer<typeof UploadPhase>;

export const Progress = z.object({
  bytes: z.number().nonnegative(),
  totalBytes: z.number().nonnegative(),
  files: z.number().int().nonnegative(),
  totalFiles: z.number().int().nonnegative(),
  bytesPerSecond: z.number().nonnegative(),
  /** Seconds left at the current speed; null while unknown. */
  etaSeconds: z.number().nonnegative().nullable(),
});
export type Progress = z.infer<typeof Progress>;

export const UploadEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), phase: UploadPhase, target: z.string(), progress: Progress }),
  /**
   * Zip sources only: send the zip's bytes [offset, offset + length) as `chunk`s, in order. The service
   * asks for the tail first (end records and central directory, checked before anything is written),
   * then for the body; it asks for one range at a time, after the previous one has arrived.
   */
  z.object({ type: z.literal('need'), offset: z.number().int().nonnegative(), length: z.number().int().positive() }),
  /**
   * Files already exist at the target: the client answers with a `decision` push. `links`: those of the
   * existing names that are symbolic links, with where they point. Overwrite replaces a link itself (never
   * what it points to); skip keeps it, and refuses the upload when an entry would go through it.
   */
  z.object({
    type: z.literal('conflict'),
    existing: z.array(z.string()),
    count: z.number().int(),
    links: z.array(z.object({ name: z.string(), target: z.string() })).max(200),
  }),
  z.object({
    type: z.literal('done'),
    target: z.string(),
    files: z.number().int(),
    bytes: z.number(),
    skipped: z.number().int(),
  }),
  /** Output of the command run after the upload; the bytes travel beside. */
  z.object({ type: z.literal('output'), stream: z.enum(['stdout', 'stderr']) }),
  z.object({ type: z.literal('exit'), exitCode: z.number().int().nullable(), detached: z.boolean() }),
]);
export type UploadEvent = z.infer<typeof UploadEvent>;

export const UploadPush = z.discriminatedUnion('t', [
  /** The next bytes of the source (beside the header): of the files in order, or of the zip range last asked for. */
  z.object({ t: z.literal('chunk') }),
  /** Every byte of the files has been pushed. Zips need none (the service knows what it asked for); one while asked bytes are still owed fails the upload. */
  z.object({ t: z.literal('end') }),
  z.object({ t: z.literal('decision'), choice: z.enum(['overwrite', 'skip', 'cancel']) }),
]);
export type UploadPush = z.infer<typeof UploadPush>;

export const DownloadTicket = z.object({
  /** GET this (same origin) to stream the file or zip to disk. */
  url: z.string(),
  filename: z.string(),
  /** Follow its progress on files.transfers. */
  transferId: z.string(),
});
export type DownloadTicket = z.infer<typeof DownloadTicket>;

export const TransferInfo = z.object({
  id: z.string(),
  kind: z.enum(['download']),
  container: z.string(),
  path: z.string(),
  filename: z.string(),
  state: z.enum(['waiting', 'running', 'done', 'failed', 'cancelled']),
  progress: Progress,
  error: z.string().optional(),
});
export type TransferInfo = z.infer<typeof TransferInfo>;

export const filesContract = {
  'files.list': method(z.object({ id: ContainerRef, path: ContainerPath }), Listing),
  'files.stat': method(z.object({ id: ContainerRef, path: ContainerPath }), PathStat),
  /** The folder uploads go to by default: /app when it exists, else the working directory. */
  'files.defaultTarget': method(z.object({ id: ContainerRef }), z.object({ path: z.string() })),
  'files.mkdir': method(z.object({ id: ContainerRef, path: ContainerPath }), z.object({ path: z.string() })),
  'files.remove': method(
    z.object({ id: ContainerRef, paths: z.array(ContainerPath).min(1).max(1000) }),
    z.object({ removed: z.array(z.string()) }),
  ),
  'files.rename': method(
    z.object({ id: ContainerRef, from: ContainerPath, to: ContainerPath }),
    z.object({ path: z.string() }),
  ),
  'files.readText': method(
    z.object({ id: ContainerRef, path: ContainerPath, maxBytes: z.number().int().min(1).max(1024 * 1024).optional() }),
    TextFile,
  ),
  /** A file as itself, or a folder (or file) as a zip; streamed by the host at `url`. */
  'files.download': method(
    z.object({ id: ContainerRef, path: ContainerPath, asZip: z.boolean() }),
    DownloadTicket,
  ),
  /** Downloads in progress or recently finished, now and on every change. */
  'files.transfers': channel({ input: Empty, event: z.array(TransferInfo), push: NoPush }),
  'files.upload': channel({ input: UploadInput, event: UploadEvent, push: UploadPush, engine: true }),
};
