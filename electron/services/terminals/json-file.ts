import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';

/**
 * A small JSON file read through a schema: a missing, unreadable or malformed
 * file gives `fallback` (and never throws), so a damaged settings file cannot
 * keep a host from starting.
 */
export function readJsonFile<S extends z.ZodType>(path: string, schema: S, fallback: z.output<S>): z.output<S> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as z.output<S>) : fallback;
  } catch {
    return fallback;
  }
}

/** Written beside and renamed over, so a crash mid-write leaves the old file whole. */
export function writeJsonFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}
