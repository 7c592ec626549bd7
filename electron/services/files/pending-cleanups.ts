import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BerthError } from '../../../shared/contract/errors';
import type { Engine } from '../engine/engine';
import { SerialSweep } from '../serial-sweep';
import { ContainerFs } from './container-fs';
import { normaliseContainerPath, STAGING_PREFIX } from './names';

/** A retry shortly after an upload gives up its cleanup while the engine answers (it may have come back meanwhile). */
const RETRY_AFTER_MS = 1_000;

/**
 * Only staging folders are ever removed from the journal: a journal file
 * altered on disk cannot make Berth remove anything else in a container.
 */
const StagingPath = z
  .string()
  .max(4096)
  .refine((p) => p.startsWith('/') && normaliseContainerPath(p) === p, 'must be a normalised absolute path')
  .refine((p) => new RegExp(`/${STAGING_PREFIX.replace(/[.]/g, '\\.')}[0-9a-f]{12}$`).test(p), 'must name a staging folder');

const Pending = z.object({
  /** The container's full id (a name may be reused by another container later). */
  container: z.string().regex(/^[0-9a-f]{64}$/),
  path: StagingPath,
  since: z.number(),
  /** The engine it belongs to: with another DOCKER_HOST, the container is not there, and the entry waits. */
  engine: z.string().max(2048),
  /** The host process that wrote it: another host sharing the data folder leaves it alone while that process lives. */
  pid: z.number().int().positive(),
});
export type PendingCleanup = z.infer<typeof Pending>;

/**
 * Staging folders that must go, kept in the data folder so that an engine
 * lost mid-upload (or a host that quits meanwhile) leaves no half upload
 * behind for good: an entry is written before the first byte reaches the
 * engine and removed once the folder is gone. Pending entries run when the
 * engine connects (at start, and each time it returns), and not while the
 * upload that owns them is still running.
 */
export class PendingCleanups {
  private readonly dir: string;
  private readonly active = new Set<string>();

  constructor(
    dataDir: string,
    private readonly engine: Engine,
  ) {
    this.dir = join(dataDir, 'uploads', 'pending');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** Runs the pending entries whenever the engine connects (and now, if it is connected). Returns the unsubscribe. */
  start(): () => void {
    const off = this.engine.onStatus((s) => {
      if (s.state === 'connected') void this.runPending();
    });
    if (this.engine.status.state === 'connected') void this.runPending();
    return off;
  }

  /** Records that `path` in `container` is to be removed unless the upload completes; the caller owns it until `done` or `release`. */
  async open(container: string, path: string): Promise<string> {
    const entry = Pending.parse({ container, path, since: Date.now(), pid: process.pid, engine: this.engine.endpoint.display });
    const key = randomBytes(8).toString('hex');
    this.active.add(key);
    const file = join(this.dir, `${key}.json`);
    // Written whole then renamed: a crash mid-write leaves no half entry.
    await writeFile(`${file}.tmp`, JSON.stringify(entry), { mode: 0o600 });
    await rename(`${file}.tmp`, file);
    return key;
  }

  /** The folder is gone (or was never made): forget the entry. */
  async done(key: string): Promise<void> {
    await rm(join(this.dir, `${key}.json`), { force: true });
    this.active.delete(key);
  }

  /** The upload is over but could not remove its folder: the journal takes it over. */
  release(key: string): void {
    this.active.delete(key);
    if (this.engine.status.state === 'connected') setTimeout(() => void this.runPending(), RETRY_AFTER_MS).unref?.();
  }

  async list(): Promise<PendingCleanup[]> {
    return (await this.read()).map((x) => x.entry);
  }

  /** Removes every pending folder it can; what fails stays for the next time the engine connects. */
  runPending(): Promise<void> {
    return this.sweep.run();
  }

  private readonly sweep = new SerialSweep(async () => {
    try {
      for (const { key, entry } of await this.claimable()) {
        try {
          await new ContainerFs(this.engine, entry.container).remove(entry.path);
        } catch (e) {
          // The container is gone, and its staging folder with it; anything else is tried again later.
          if (!(e instanceof BerthError && e.code === 'not-found')) continue;
        }
        await rm(join(this.dir, `${key}.json`), { force: true });
      }
    } catch (e) {
      console.error('[files] pending upload cleanups failed', e);
    }
  });

  /**
   * The entries this process may act on: of the engine it talks to, not owned by an upload still
   * running here, nor written by another host process that still runs (the
   * desktop app and the web host may share a data folder); that one cleans
   * its own, or whoever starts after it ends.
   */
  async claimable(): Promise<Array<{ key: string; entry: PendingCleanup }>> {
    const here = this.engine.endpoint.display;
    return (await this.read()).filter(({ key, entry }) => entry.engine === here && !this.active.has(key) && (entry.pid === process.pid || !alive(entry.pid)));
  }

  private async read(): Promise<Array<{ key: string; entry: PendingCleanup }>> {
    const out: Array<{ key: string; entry: PendingCleanup }> = [];
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return out;
    }
    for (const name of names) {
      const m = /^([0-9a-f]{16})\.json$/.exec(name);
      if (!m) continue;
      let text: string;
      try {
        text = await readFile(join(this.dir, name), 'utf8');
      } catch {
        continue; // removed meanwhile
      }
      let parsed: ReturnType<typeof Pending.safeParse> | undefined;
      try {
        parsed = Pending.safeParse(JSON.parse(text));
      } catch {
        parsed = undefined;
      }
      if (parsed?.success) out.push({ key: m[1]!, entry: parsed.data });
      else {
        console.error(`[files] dropping a malformed pending cleanup ${name}`);
        await rm(join(this.dir, name), { force: true });
      }
    }
    return out;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it is just not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
