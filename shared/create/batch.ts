import { CreateSpec, type BatchIssue } from '../contract/create';
import type { ErrorData } from '../contract/errors';
import { splitWords } from './shell-words';
import { validateSpec, type ValidateContext } from './validate';

/**
 * Batch files are written by hand, so a few friendly spellings are accepted and
 * turned into the canonical spec before validation: `command` as one string,
 * `env` as a list of KEY=VALUE, numbers where strings are expected (memory: 536870912).
 */
export function normaliseEntry(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const e: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const key of ['command', 'entrypoint'] as const) {
    if (typeof e[key] === 'string') {
      const split = splitWords(e[key] as string);
      if (!split.error) e[key] = split.words;
    }
  }
  if (Array.isArray(e.env)) {
    const env: Record<string, string> = {};
    for (const item of e.env) {
      if (typeof item !== 'string') return raw;
      const eq = item.indexOf('=');
      env[eq < 0 ? item : item.slice(0, eq)] = eq < 0 ? '' : item.slice(eq + 1);
    }
    e.env = env;
  }
  if (e.env && typeof e.env === 'object' && !Array.isArray(e.env)) {
    e.env = Object.fromEntries(Object.entries(e.env as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'number' || typeof v === 'boolean' ? String(v) : v]));
  }
  if (e.resources && typeof e.resources === 'object') {
    const r = { ...(e.resources as Record<string, unknown>) };
    if (typeof r.memory === 'number') r.memory = String(r.memory);
    if (typeof r.cpus === 'string' && r.cpus.trim() !== '' && Number.isFinite(Number(r.cpus))) r.cpus = Number(r.cpus);
    e.resources = r;
  }
  if (typeof e.workspace === 'boolean') {
    if (e.workspace) e.workspace = {};
    else delete e.workspace;
  }
  return e;
}

export interface BatchValidation {
  specs: CreateSpec[];
  issues: BatchIssue[];
}

/** The list inside a parsed file: a bare array, or `{ containers: [...] }`. */
export function entriesOf(doc: unknown): unknown[] | string {
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === 'object' && Array.isArray((doc as { containers?: unknown }).containers)) {
    return (doc as { containers: unknown[] }).containers;
  }
  return 'The file must hold a list of containers, or an object with a "containers" list';
}

/**
 * Every entry checked before any is created: schema, cross-field rules, and
 * names repeated within the file. Each issue names the entry and the field.
 */
export function validateEntries(entries: unknown[], ctx: ValidateContext = {}): BatchValidation {
  const specs: CreateSpec[] = [];
  const issues: BatchIssue[] = [];
  const names = new Map<string, number>();
  entries.forEach((raw, index) => {
    const rawName = raw && typeof raw === 'object' && typeof (raw as { name?: unknown }).name === 'string' ? (raw as { name: string }).name : undefined;
    const parsed = CreateSpec.safeParse(normaliseEntry(raw));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.') || undefined;
        const message =
          issue.code === 'unrecognized_keys' ? `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` : issue.message;
        issues.push({ index, name: rawName, field, message });
      }
      return;
    }
    const spec = parsed.data;
    const errors: ErrorData[] = validateSpec(spec, ctx);
    for (const e of errors) issues.push({ index, name: rawName, field: e.field, message: e.message });
    if (spec.name) {
      const prev = names.get(spec.name);
      if (prev !== undefined) issues.push({ index, name: rawName, field: 'name', message: `The name "${spec.name}" is also used by entry ${prev + 1}` });
      else names.set(spec.name, index);
    }
    specs.push(spec);
  });
  if (entries.length === 0) issues.push({ index: -1, message: 'The list is empty' });
  return { specs, issues };
}

export function describeIssue(i: BatchIssue): string {
  const who = i.index < 0 ? 'File' : `Entry ${i.index + 1}${i.name ? ` (${i.name})` : ''}`;
  return `${who}${i.field ? `, ${i.field}` : ''}: ${i.message}`;
}
