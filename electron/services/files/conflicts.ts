import { BerthError } from '../../../shared/contract/errors';
import type { FileType } from '../../../shared/contract/files';
import { ContainerFs, statType } from './container-fs';
import { joinContainerPath } from './names';
import { printable, type SourceEntry } from './zip-check';

/** What is already at a name in the target (names relative to it). */
export interface Existing {
  type: FileType;
  /** Where a symbolic link points. */
  linkTarget?: string;
}

export interface ExistingLink {
  name: string;
  target: string;
}

/** Every path an upload creates, against what is already at the target. */
export interface Resolution {
  /**
   * Every folder and file the upload puts in place, parents before children,
   * folders a zip only implies included: the commit creates each one
   * explicitly, so nothing lands under a path the check did not see.
   */
  paths: SourceEntry[];
  /** Names the upload would replace (asked about; skipped or replaced as the user chooses). Links included. */
  existing: string[];
  /** Existing real folders the upload merges into. */
  existingDirs: Set<string>;
  /** Existing symbolic links at a name the upload uses, with where they point. */
  links: ExistingLink[];
}

const depth = (name: string) => name.split('/').length;

/** A proper ancestor of `name` that is in `names`, if any (a look-up per segment, not per name). */
function ancestorIn(name: string, names: ReadonlySet<string> | ReadonlyMap<string, unknown>): string | undefined {
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    const parent = name.slice(0, i);
    if (names.has(parent)) return parent;
  }
  return undefined;
}

/** The entries with every implied parent folder added, parents first. */
export function withParents(entries: readonly SourceEntry[]): SourceEntry[] {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const out = [...entries];
  for (const e of entries) {
    const segs = e.name.split('/');
    for (let i = 1; i < segs.length; i++) {
      const parent = segs.slice(0, i).join('/');
      if (byName.has(parent)) continue;
      const dir: SourceEntry = { name: parent, isDir: true, size: 0, mode: 0o755, mtime: new Date() };
      byName.set(parent, dir);
      out.push(dir);
    }
  }
  // Stable: folders by depth before anything deeper; files keep their order among themselves.
  return out.map((e, i) => ({ e, i })).sort((a, b) => depth(a.e.name) - depth(b.e.name) || a.i - b.i).map(({ e }) => e);
}

/**
 * Resolves each path of the upload against what exists: a real folder where
 * the upload has a folder is merged into; anything else there (a file, a
 * symbolic link, a special file) is a conflict at that exact name, and what
 * the upload puts below such a name is not looked up further: it will be
 * skipped along with it or written into the new folder that replaces it,
 * never through it. `there` holds what exists at each name the scan saw.
 */
export function resolveAgainst(entries: readonly SourceEntry[], there: ReadonlyMap<string, Existing>): Resolution {
  const paths = withParents(entries);
  const existing: string[] = [];
  const conflicting = new Set<string>();
  const existingDirs = new Set<string>();
  const links: ExistingLink[] = [];
  for (const p of paths) {
    if (ancestorIn(p.name, conflicting) !== undefined) continue;
    const t = there.get(p.name);
    if (!t) continue;
    if (p.isDir && t.type === 'directory') {
      existingDirs.add(p.name);
      continue;
    }
    existing.push(p.name);
    conflicting.add(p.name);
    if (t.type === 'symlink') links.push({ name: p.name, target: t.linkTarget ?? '' });
  }
  return { paths, existing, existingDirs, links };
}

/**
 * With "skip existing", an entry that would go below an existing link is
 * refused rather than skipped silently: the user meant to keep what is there,
 * and what is there redirects elsewhere. Null when no entry goes below a link.
 */
export function throughLinkError(res: Resolution, target: string): BerthError | null {
  const byName = new Map(res.links.map((l) => [l.name, l]));
  const below = res.paths.filter((p) => ancestorIn(p.name, byName) !== undefined);
  if (below.length) {
    const entry = below.find((p) => !p.isDir) ?? below[0]!;
    const link = byName.get(ancestorIn(entry.name, byName)!)!;
    return new BerthError(
      'conflict',
      `Entry "${printable(entry.name)}" would be written through "${printable(link.name)}", a link to ${printable(link.target) || 'an unknown place'}, in ${target}. ` +
        'Berth never writes through a link: choose overwrite to replace the link with a folder, or remove the link first.',
      { field: printable(entry.name), details: { link: link.name, linkTarget: link.target } },
    );
  }
  return null;
}

/** The names a skip leaves out: each existing name and everything below it. */
export function skippedNames(res: Resolution): Set<string> {
  const existing = new Set(res.existing);
  const skip = new Set(res.existing);
  for (const p of res.paths) if (ancestorIn(p.name, existing) !== undefined) skip.add(p.name);
  return skip;
}

/**
 * What exists at the upload's names in the target: one stat per top-level
 * name (a few at a time: each costs the engine ~10 ms; 100 folders in a row
 * took 1.5 s), and a walk of each existing top-level folder the upload merges
 * into (the archive API has no listing, so this reads that folder's data:
 * bounded by what the user is merging into). The engine's tar holds links as
 * links, so nothing here follows one.
 */
export async function scanTarget(fs: ContainerFs, target: string, entries: readonly SourceEntry[], signal?: AbortSignal): Promise<Map<string, Existing>> {
  const tops = [...new Set(entries.map((e) => e.name.split('/')[0]!))];
  const withChildren = new Set(entries.flatMap((e) => (e.name.includes('/') ? [e.name.split('/')[0]!] : [])));
  const there = new Map<string, Existing>();
  const queue = [...tops];
  const walkDirs: string[] = [];
  await Promise.all(
    Array.from({ length: Math.min(8, queue.length) }, async () => {
      for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
        const st = await fs.stat(joinContainerPath(target, t), signal);
        if (!st) continue;
        const type = statType(st.mode);
        there.set(t, type === 'symlink' ? { type, linkTarget: st.linkTarget } : { type });
        if (type === 'directory' && withChildren.has(t)) walkDirs.push(t);
      }
    }),
  );
  for (const top of walkDirs) {
    await fs.walk(
      joinContainerPath(target, top),
      (rel, h) => {
        const type: FileType = h.type === 'directory' ? 'directory' : h.type === 'symlink' ? 'symlink' : h.type === 'file' || h.type === 'contiguous-file' ? 'file' : h.type === 'link' ? 'hardlink' : 'other';
        there.set(`${top}/${rel}`, type === 'symlink' ? { type, linkTarget: h.linkname ?? '' } : { type });
      },
      signal,
    );
  }
  return there;
}

/**
 * Right before the commit: every existing folder the upload merges into is
 * still a real folder. The commit creates every other folder itself (which
 * replaces whatever appeared there meanwhile), but writes into these as they
 * are: one swapped for a link while the upload was being written (by a
 * process in the container) would redirect the commit. Throws a conflict
 * naming it; nothing has been put in place then.
 */
export async function recheckMergedDirs(fs: ContainerFs, target: string, dirs: ReadonlySet<string>): Promise<void> {
  const queue = [...dirs];
  let changed: { name: string; now: string } | undefined;
  await Promise.all(
    Array.from({ length: Math.min(8, queue.length) }, async () => {
      for (let d = queue.shift(); d !== undefined && !changed; d = queue.shift()) {
        const st = await fs.stat(joinContainerPath(target, d));
        if (st && statType(st.mode) === 'directory') continue;
        changed ??= { name: d, now: !st ? 'gone' : statType(st.mode) === 'symlink' ? `now a link to ${printable(st.linkTarget) || 'an unknown place'}` : 'no longer a folder' };
      }
    }),
  );
  if (changed) {
    throw new BerthError('conflict', `The folder "${printable(changed.name)}" in ${target} changed while the upload was written (${changed.now}); nothing was put in place.`, {
      field: printable(changed.name),
    });
  }
}
