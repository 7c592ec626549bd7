import { normaliseContainerPath } from './names';

/**
 * Where an upload's entries are written before the commit links them into
 * place. Hard links cannot cross file systems, so besides the staging folder
 * in the target there is one in each mount below the target (a volume or a
 * bind mount) that the upload merges into.
 */
export interface StagingLayout {
  /** The staging folders, relative to the target, the target's own first. */
  readonly roots: readonly string[];
  /** Where an entry is staged, relative to the target. */
  at(name: string): string;
}

/** Every entry under one staging folder (or at the top when `prefix` is empty). */
export function prefixLayout(prefix: string): StagingLayout {
  return { roots: prefix ? [prefix] : [], at: (name) => (prefix ? `${prefix}/${name}` : name) };
}

/** Mount destinations strictly below `target`, relative to it. */
export function mountsBelow(target: string, destinations: readonly string[]): string[] {
  const base = target === '/' ? '/' : `${target}/`;
  return [...new Set(destinations.map(normaliseContainerPath))].filter((d) => d !== target && d.startsWith(base)).map((d) => d.slice(base.length));
}

/**
 * `staging` in the target, plus `<mount>/<staging>` for each mount below the
 * target that the upload writes into. Only mounts at folders the check found
 * to be real folders (`existingDirs`: no link on the way) get one; an entry
 * goes to the staging folder of the deepest mount it lies under.
 */
export function stagingLayout(staging: string, mounts: readonly string[], existingDirs: ReadonlySet<string>, names: readonly string[]): StagingLayout {
  const usable = mounts.filter((m) => existingDirs.has(m)).sort((a, b) => b.length - a.length);
  const mountOf = (name: string) => usable.find((m) => name.startsWith(`${m}/`));
  const used = new Set<string>();
  for (const n of names) {
    const m = mountOf(n);
    if (m !== undefined) used.add(m);
  }
  return {
    roots: [staging, ...[...used].map((m) => `${m}/${staging}`)],
    at: (name) => {
      const m = mountOf(name);
      return m === undefined ? `${staging}/${name}` : `${m}/${staging}/${name.slice(m.length + 1)}`;
    },
  };
}
