import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError } from '../../../shared/contract/errors';
import type { UploadEvent, UploadInput, UploadPhase, UploadPush } from '../../../shared/contract/files';
import type { ServerChannel } from '../../../shared/rpc/server';
import type { FilesServices as Services } from './services';
import { ContainerFs, statType } from './container-fs';
import { recheckMergedDirs, resolveAgainst, scanTarget, skippedNames, throughLinkError } from './conflicts';
import { filesToEntries } from './files-source';
import { joinContainerPath, normaliseContainerPath, STAGING_PREFIX } from './names';
import { ProgressMeter, throttle } from './progress';
import { runAfterUpload } from './run-after';
import { commitTar, packEntries } from './tar-build';
import { checkZip, type CheckedZip, type SourceEntry } from './zip-check';
import { bodyRange, ByteQueue, TailReader } from './zip-source';
import { renameIntoPlace, runsAsRoot } from './commit-rename';
import { mountsBelow, stagingLayout } from './staging';
import { packZipBody } from './zip-stream';
import type { z } from 'zod';
import type { UploadInput as UploadInputSchema } from '../../../shared/contract/files';

type ParsedUpload = z.output<typeof UploadInputSchema>;
type Channel = ServerChannel<UploadEvent, UploadPush>;

const PROGRESS_EVERY_MS = 150;
/** Zip body bytes accepted before the tar stream takes them (overlaps the client's sends with the engine; bounds memory). */
const BODY_QUEUE = 8 * 1024 * 1024;
/** Spool bytes accepted before they are on disk (overlaps network and disk; bounds memory). */
const WRITE_AHEAD = 8 * 1024 * 1024;
/** Spool files older than this are leftovers of a crashed host. */
const STALE_SPOOL_MS = 24 * 3600 * 1000;

export function spoolDir(services: Services): string {
  const dir = join(services.dataDir, 'spool');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export function sweepSpool(dir: string): void {
  try {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (Date.now() - statSync(p).mtimeMs > STALE_SPOOL_MS) unlinkSync(p);
    }
  } catch {
    // Best effort: a sweep failing must not block uploads.
  }
}

/** The folder uploads go to by default: /app when it exists, else the working directory, else /. */
export async function defaultTarget(services: Services, id: string): Promise<string> {
  const fs = new ContainerFs(services.engine, id);
  const app = await fs.stat('/app');
  if (app && statType(app.mode) === 'directory') return '/app';
  try {
    const info = await fs.inspect();
    const wd = info.Config?.WorkingDir;
    if (wd) return normaliseContainerPath(wd);
  } catch (e) {
    throw services.engine.fail(e);
  }
  return '/';
}

/**
 * One upload, from the first pushed byte to the last file in place:
 *
 * 1. receive: dropped files: the client pushes the bytes (credit-based
 *    backpressure, acked after each chunk is on disk) into a spool file. A zip
 *    is not spooled (the "spools it locally" is about bounded memory
 *    and checking before writing, which this keeps): the service asks the
 *    client for the zip's tail (`need` events), and for its body only once
 *    steps 2–3 are done; the body then streams through zip→tar (zip-stream.ts)
 *    into step 4, a bounded queue in between;
 * 2. check: the zip's central directory (or the declared file list, checked
 *    before any byte) against the policy in zip-check.ts — nothing reaches the
 *    engine before this passes; what only the data show (CRC-32, real sizes,
 *    local headers) fails the write in step 4, which removes what it wrote;
 * 3. conflicts: every path of the upload (folders a zip only implies
 *    included) is resolved against what exists at the target (conflicts.ts),
 *    links included: an existing link, file or special file at a name the
 *    upload uses is a conflict at that exact name, and the client is asked
 *    (overwrite / skip / cancel) unless a policy was given. Overwrite replaces
 *    a link itself; skip keeps it, and refuses the upload when an entry would
 *    go through it. Nothing is ever written through an existing link;
 * 4. write: always into a fresh staging folder `<target>/.berth-upload-<id>`
 *    (same file system as the target, so the next step can hard-link), and
 *    one more in each mount below the target the upload merges into
 *    (staging.ts), each recorded first in the pending-cleanups journal
 *    (pending-cleanups.ts);
 * 5. commit: top-level names new to the target move into place by rename
 *    where the container allows it (commit-rename.ts); everything else by a
 *    second, data-free tar of folders and hard links `name → staged name`.
 *    Then the staging folders are removed and their journal entries with
 *    them. A failure or cancel before this removes the staging folders; when
 *    the engine is lost, the journal removes them once the engine is back, or
 *    at the next start.
 *
 * Either way no half file is ever where the user looks. Apart from the
 * rename, which is only ever a shortcut, steps 4–5 use the archive API only,
 * so stopped containers and images without a shell work the same.
 */
export async function runUpload(services: Services, input: ParsedUpload, ch: Channel): Promise<void> {
  const fs = new ContainerFs(services.engine, input.id);
  const abort = new AbortController();
  let body: ByteQueue | undefined;
  let closed!: () => void;
  const channelClosed = new Promise<void>((resolve) => (closed = resolve));
  ch.onClose(() => {
    closed();
    abort.abort(new BerthError('cancelled', 'Cancelled'));
    // The zip→tar converter may be waiting for body bytes that will not come now.
    body?.fail(new BerthError('cancelled', 'Cancelled'));
  });
  const signal = abort.signal;
  const uploadId = randomBytes(6).toString('hex');
  const staging = `${STAGING_PREFIX}${uploadId}`;
  const dir = spoolDir(services);
  const spoolPath = join(dir, `${uploadId}.spool`);
  let closeZip: (() => void) | undefined;
  /** The journal entries of this upload's staging folders (key and path), while they may exist. */
  let pending: Array<{ key: string; path: string }> = [];
  let containerId = '';
  let mounts: string[] = [];
  let rootUser = false;
  /** Removes the staging folders; one that cannot go now stays in the journal, which removes it later. Never throws. */
  const removeStaging = async () => {
    for (const p of pending.splice(0)) {
      try {
        await fs.remove(p.path);
        await services.uploadCleanups.done(p.key);
      } catch (e) {
        console.error(`[files] could not remove ${p.path} yet; it stays pending`, e);
        services.uploadCleanups.release(p.key);
      }
    }
  };
  let target = '';

  // Pushes may arrive before the checks below are done: take them now, hold them (and so the client,
  // through its credit) until the spool is open.
  let sink: ((value: UploadPush, bytes: Uint8Array | undefined) => Promise<void>) | undefined;
  let openSink!: () => void;
  const sinkOpen = new Promise<void>((resolve) => (openSink = resolve));
  ch.onPush(async (value, bytes) => {
    await sinkOpen;
    // No sink: the upload failed before receiving; its own error ends the channel.
    if (sink) await sink(value, bytes);
  });

  const source = input.source;
  const params = {
    source: source.kind,
    name: source.kind === 'zip' ? source.name : undefined,
    files: source.kind === 'files' ? source.files.length : undefined,
    conflict: input.conflict,
    run: input.run ? { wait: input.run.wait } : undefined,
  };

  await services.activity.track('files.upload', { id: input.id }, { ...params, target: input.target ?? '(default)' }, async () => {
    try {
      // Refuse early what cannot work, before the user waits for bytes to travel.
      let running = false;
      try {
        const info = await fs.inspect();
        running = info.State?.Running === true;
        containerId = info.Id;
        rootUser = runsAsRoot(info.Config?.User);
        mounts = (info.Mounts ?? []).map((m) => m.Destination);
      } catch (e) {
        throw services.engine.fail(e);
      }
      if (input.run && !running) {
        throw new BerthError('wrong-state', 'The container must be running to run a command after the upload.', { field: 'run' });
      }
      target = normaliseContainerPath(input.target ?? (await defaultTarget(services, input.id)));
      await fs.requireDir(target, 'target');

      const meter = new ProgressMeter(source.kind === 'files' ? 0 : source.size, source.kind === 'files' ? source.files.length : 0);
      let phase: UploadPhase = 'receiving';
      const report = throttle(() => ch.emit({ type: 'progress', phase, target, progress: meter.snapshot() }), PROGRESS_EVERY_MS);
      let decide: ((c: 'overwrite' | 'skip' | 'cancel') => void) | undefined;

      let entries: SourceEntry[];
      let zip: CheckedZip | undefined;
      let startBody: (() => void) | undefined;
      if (source.kind === 'files') {
        const r = filesToEntries(source.files, source.folders ?? [], spoolPath);
        closeZip = () => void r.close();
        entries = r.entries;
        meter.reset(r.totalBytes, source.files.length);
        report.flush();
        // 1. receive
        await receiveSpool(r.totalBytes);
      } else {
        report.flush();
        // 1–2. A zip is not spooled: the client is asked for the zip's tail first, and its central directory is
        // checked before a byte of the body is asked for; the body then streams through zip→tar to the engine.
        // Memory stays bounded (the tail, a queue of BODY_QUEUE bytes) and nothing is written before the checks.
        const puller = pullRanges();
        const tail = new TailReader(source.size, puller.fetch);
        phase = 'checking';
        report.flush();
        zip = await checkZip(tail, source.size);
        entries = zip.entries;
        const queue = new ByteQueue(BODY_QUEUE);
        body = queue;
        if (signal.aborted) throw new BerthError('cancelled', 'Cancelled');
        const { end: bodyEnd, rest } = bodyRange(tail, zip.centralDirectoryOffset);
        startBody = () => {
          if (bodyEnd === 0) {
            void queue.push(rest).then(() => queue.end(), () => {});
            return;
          }
          let left = bodyEnd;
          puller.ask(0, bodyEnd, async (b) => {
            left -= b.length;
            try {
              await queue.push(b);
              if (left === 0) {
                await queue.push(rest);
                queue.end();
              }
            } catch {
              // The write failed or was cancelled: its own error ends the channel. Until then this push
              // (and so the client) waits, rather than ending the channel with the queue's error.
              await channelClosed;
            }
          });
        };
      }

      /** Receives dropped files' bytes, back to back, into the spool file. */
      async function receiveSpool(totalBytes: number): Promise<void> {
        sweepSpool(dir);
        const file = await open(spoolPath, 'wx', 0o600);
        let received = 0;
        let pending = 0;
        let writes: Promise<void> = Promise.resolve();
        const receivedAll = new Promise<void>((resolve, reject) => {
          signal.addEventListener('abort', () => reject(new BerthError('cancelled', 'Cancelled')), { once: true });
          sink = async (value, bytes) => {
            if (value.t === 'decision') {
              decide?.(value.choice);
              return;
            }
            if (value.t === 'end') {
              await writes;
              if (received !== totalBytes) {
                reject(new BerthError('invalid-input', `Received ${received} bytes but ${totalBytes} were announced.`, { field: 'source' }));
              } else resolve();
              return;
            }
            if (!bytes || bytes.byteLength === 0) return;
            if (received + bytes.byteLength > totalBytes) {
              const err = new BerthError('invalid-input', `More bytes arrived than the ${totalBytes} announced.`, { field: 'source' });
              reject(err);
              throw err;
            }
            // Writes overlap the next chunk's transfer, up to WRITE_AHEAD bytes; beyond that the ack (and so
            // the client) waits for the disk. A failed write fails the next push.
            const n = bytes.byteLength;
            pending += n;
            writes = writes.then(async () => {
              await file.write(bytes);
              pending -= n;
            });
            writes.catch(reject);
            received += n;
            meter.add(n);
            report.call();
            if (pending > WRITE_AHEAD) await writes;
          };
          openSink();
        });
        try {
          await receivedAll;
        } finally {
          await writes.catch(() => {});
          await file.close();
        }
        report.flush();
        phase = 'checking';
        report.flush();
      }

      /**
       * Zips: the client sends the byte ranges it is asked for (`need` events), one range at a time, in
       * order. `fetch` collects a range whole (the tail); `ask` hands each piece on as it arrives (the body).
       */
      function pullRanges() {
        let range: { left: number; take(b: Buffer): Promise<void> } | undefined;
        sink = async (value, bytes) => {
          if (value.t === 'decision') {
            decide?.(value.choice);
            return;
          }
          const r = range;
          if (value.t === 'end') {
            // Zips need no end; one while bytes are still owed means the client has no more to send.
            if (r) throw new BerthError('invalid-input', `The upload ended ${r.left} bytes short of what the zip's own records call for (truncated file?).`, { field: 'source' });
            return;
          }
          if (!bytes || bytes.byteLength === 0) return;
          if (!r || bytes.byteLength > r.left) throw new BerthError('invalid-input', 'More bytes arrived than were asked for.', { field: 'source' });
          r.left -= bytes.byteLength;
          if (r.left === 0) range = undefined;
          if (phase !== 'writing') {
            meter.add(bytes.byteLength);
            report.call();
          }
          await r.take(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        };
        openSink();
        const ask = (offset: number, length: number, take: (b: Buffer) => Promise<void>) => {
          range = { left: length, take };
          ch.emit({ type: 'need', offset, length });
        };
        const fetch = (offset: number, length: number) =>
          new Promise<Buffer>((resolve, reject) => {
            const onAbort = () => reject(new BerthError('cancelled', 'Cancelled'));
            signal.addEventListener('abort', onAbort, { once: true });
            const parts: Buffer[] = [];
            let got = 0;
            ask(offset, length, async (b) => {
              parts.push(b);
              got += b.length;
              if (got === length) {
                signal.removeEventListener('abort', onAbort);
                resolve(Buffer.concat(parts, length));
              }
            });
          });
        return { ask, fetch };
      }

      const fileCount = entries.filter((e) => !e.isDir).length;

      // 3. conflicts, against what exists at the target, links included
      const resolution = resolveAgainst(entries, await scanTarget(fs, target, entries, signal));
      const { existing, existingDirs, links } = resolution;
      let skip = new Set<string>();
      if (existing.length) {
        let choice: 'overwrite' | 'skip' | 'cancel' = input.conflict === 'ask' ? 'cancel' : input.conflict;
        if (input.conflict === 'ask') {
          const answer = new Promise<'overwrite' | 'skip' | 'cancel'>((resolve, reject) => {
            decide = resolve;
            signal.addEventListener('abort', () => reject(new BerthError('cancelled', 'Cancelled')), { once: true });
          });
          ch.emit({ type: 'conflict', existing: existing.slice(0, 200), count: existing.length, links: links.slice(0, 200) });
          choice = await answer;
        }
        if (choice === 'cancel') throw new BerthError('cancelled', `Cancelled: ${existing.length} file(s) already exist at ${target}.`);
        if (choice === 'skip') {
          const through = throughLinkError(resolution, target);
          if (through) throw through;
          // A skipped folder (or a file where a folder would go) takes everything under it along.
          skip = skippedNames(resolution);
        }
      }
      const toWrite = entries.filter((e) => !skip.has(e.name));
      const writeFiles = toWrite.filter((e) => !e.isDir);

      // 4. write into fresh staging folders in the target and in each mount below it the upload merges
      // into (same file system as where each file goes, so the commit can link), each recorded first in the
      // journal so that a lost engine or a quitting host never leaves one for good.
      const stage = stagingLayout(staging, mountsBelow(target, mounts), existingDirs, toWrite.map((e) => e.name));
      for (const root of stage.roots) {
        const path = joinContainerPath(target, root);
        if (await fs.stat(path, signal)) throw new BerthError('conflict', `${path} already exists.`, { field: 'target' });
      }
      for (const root of stage.roots) {
        const path = joinContainerPath(target, root);
        pending.push({ key: await services.uploadCleanups.open(containerId, path), path });
      }
      phase = 'writing';
      meter.reset(writeFiles.reduce((n, e) => n + e.size, 0), writeFiles.length);
      report.flush();
      if (signal.aborted) throw new BerthError('cancelled', 'Cancelled');
      const progress = { bytes: (n: number) => (meter.add(n), report.call()), file: () => meter.file() };
      const staged = zip ? (startBody?.(), packZipBody(zip, body!, stage, { skip, progress, signal })) : packEntries(toWrite, stage, progress, signal);
      await fs.put(target, staged, signal);
      report.flush();

      // 5. commit. Top-level names new to the target move into place by rename where the container runs (as
      // root) and has `mv` (commit-rename.ts). The rest, and everything where that cannot be, goes by a data-free tar of
      // folders and hard links `name → staged name` (a rename through the archive API, so stopped containers
      // and images without a shell work). Every folder is an explicit entry, parents first: an existing link
      // at a name the upload uses is replaced by the engine (it removes any non-folder an entry replaces),
      // never followed.
      phase = 'committing';
      report.flush();
      if (signal.aborted) throw new BerthError('cancelled', 'Cancelled');
      await recheckMergedDirs(fs, target, existingDirs);
      const taken = new Set([...existing, ...existingDirs]);
      const fresh = [...new Set(toWrite.map((e) => e.name.split('/')[0]!))].filter((t) => !taken.has(t) && stage.at(t) === `${staging}/${t}`);
      const moved = running && rootUser ? await renameIntoPlace(fs, target, staging, fresh) : new Set<string>();
      const rest = resolution.paths.filter((p) => !moved.has(p.name.split('/')[0]!));
      if (rest.some((p) => !skip.has(p.name) && !existingDirs.has(p.name))) {
        await fs.put(target, commitTar(rest, stage, { skip, existingDirs }), undefined);
      }
      // Every file is in place: a staging folder that cannot go now is the journal's, not a failed upload.
      await removeStaging();
      ch.emit({ type: 'done', target, files: writeFiles.length, bytes: meter.bytes, skipped: fileCount - writeFiles.length });

      if (input.run) {
        phase = 'running';
        await runAfterUpload(services, fs, input.run, target, ch, signal);
      }
    } finally {
      openSink();
      // A push waiting for room in the body queue must not wait for ever.
      body?.fail(new BerthError('cancelled', 'The upload ended'));
      closeZip?.();
      await rm(spoolPath, { force: true }).catch(() => {});
      // Nothing half-written where the user looks: the staging folders go now, or, when the engine does
      // not answer, once it is back (the journal keeps them across a restart of the host too).
      await removeStaging();
    }
  });
  ch.end();
}
