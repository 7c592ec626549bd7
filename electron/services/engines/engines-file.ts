import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BerthError } from '../../../shared/contract/errors';
import { Endpoint } from './endpoint';

/*
 * BERTH_DATA_DIR/engines.json: the engines Berth knows, by name. Endpoints and
 * file paths only: key material and passphrases never reach this file (they
 * are asked when needed and held in memory), and the schema has no place for
 * them (unknown fields are dropped, paths cannot hold a PEM's line breaks).
 */

export const EngineId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes');

export const EngineSource = z.enum(['detected', 'context', 'manual']);

export const EngineEntry = z.object({
  id: EngineId,
  name: z.string().trim().min(1).max(100),
  endpoint: Endpoint,
  enabled: z.boolean().default(true),
  source: EngineSource.default('manual'),
  /** The Docker CLI context it was imported from, if any. */
  context: z.string().max(200).optional(),
});
export type EngineEntry = z.infer<typeof EngineEntry>;

export const EnginesFile = z
  .object({
    version: z.literal(1),
    engines: z.array(EngineEntry).max(200),
    defaultId: EngineId.optional(),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.engines.forEach((e, i) => {
      if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: ['engines', i, 'id'], message: `the id ${e.id} is used twice` });
      seen.add(e.id);
    });
    if (f.defaultId !== undefined && !seen.has(f.defaultId)) ctx.addIssue({ code: 'custom', path: ['defaultId'], message: 'the default engine is not in the list' });
  });
export type EnginesFile = z.infer<typeof EnginesFile>;

export const ENGINES_FILE = 'engines.json';

export interface ReadResult {
  file: EnginesFile;
  /** Where an unreadable file was kept aside, when it was. */
  keptAside?: string;
  problem?: string;
}

/**
 * Reads engines.json; absent → the defaults. A file that is not valid JSON or
 * not a valid list is kept aside as engines.json.corrupt-<time> (never lost,
 * never a crash) and the defaults are used.
 */
export function readEnginesFile(dataDir: string, defaults: () => EnginesFile, now: () => number = Date.now): ReadResult {
  const path = join(dataDir, ENGINES_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return { file: defaults() };
    return { file: defaults(), problem: `Berth could not read ${path} (${(e as { code?: string }).code ?? 'error'}); using the detected engines.` };
  }
  let problem: string;
  try {
    const r = EnginesFile.safeParse(JSON.parse(text));
    if (r.success) return { file: r.data };
    const issue = r.error.issues[0];
    problem = `${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}`;
  } catch (e) {
    problem = `not JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  const aside = `${path}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
  try {
    renameSync(path, aside);
  } catch {
    return { file: defaults(), problem: `${path} is damaged (${problem}) and could not be moved aside; using the detected engines.` };
  }
  return { file: defaults(), keptAside: aside, problem: `${path} was damaged (${problem}): kept as ${aside}; using the detected engines.` };
}

/** A last guard before anything reaches the disk: no key material, whatever a caller put in. */
export function assertNoSecrets(json: string): void {
  if (/-----BEGIN [A-Z ]*-----|PRIVATE KEY-----/.test(json)) {
    throw new BerthError('invalid-input', 'Refusing to store key material or a passphrase in engines.json: only file paths are kept.');
  }
}

/** Validates and writes atomically (a temporary file, then rename), owner-only. */
export function writeEnginesFile(dataDir: string, file: EnginesFile): EnginesFile {
  const r = EnginesFile.safeParse(file);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new BerthError('invalid-input', `The engine list is not valid: ${issue?.path.join('.') || 'list'}: ${issue?.message ?? 'invalid'}.`, { field: issue?.path.join('.') });
  }
  const json = `${JSON.stringify(r.data, null, 2)}\n`;
  assertNoSecrets(json);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, ENGINES_FILE);
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, json, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, path);
    chmodSync(path, 0o600);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return r.data;
}

/** An id for a new entry, from its name, not clashing with the ones taken. */
export function newEngineId(name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'engine';
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}
