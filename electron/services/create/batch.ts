import { parse as parseYaml } from 'yaml';
import type { BatchEvent, BatchIssue, CreateSpec } from '../../../shared/contract/create';
import { BerthError } from '../../../shared/contract/errors';
import { entriesOf, validateEntries } from '../../../shared/create/batch';
import { checkSpec, hostCpus } from './checks';
import { createContainer, workspacesRoot } from './create';
import type { CreateDeps } from './deps';
import { heldBinds, judgeSpec } from './policy';
import { pullImage } from './pull';

/** Why 3: creation is cheap but start is ~190 ms of engine work; on 2 cores parallelism beyond a few buys nothing (measured: 50 in 4.9 s parallel vs 9.2 s sequential). */
export const DEFAULT_BATCH_CONCURRENCY = 3;

/** JSON or YAML text → entries, or the reason it cannot be read. YAML is a superset of JSON, so one parser reads both. */
export function readBatchText(text: string): { entries: unknown[] } | { issue: BatchIssue } {
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    return { issue: { index: -1, message: `Could not read the file: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` } };
  }
  const entries = entriesOf(doc);
  return typeof entries === 'string' ? { issue: { index: -1, message: entries } } : { entries };
}

/**
 * Validates the whole file against the rules and the engine's state (names
 * taken, host ports busy, ports repeated across entries) before creating
 * anything; then creates with bounded parallelism, one result per entry.
 */
export async function validateBatch(deps: CreateDeps, text: string): Promise<{ specs: CreateSpec[]; issues: BatchIssue[] }> {
  const read = readBatchText(text);
  if ('issue' in read) return { specs: [], issues: [read.issue] };
  const cpus = await hostCpus(deps.engine.port).catch((e) => {
    throw deps.engine.fail(e);
  });
  const { specs, issues } = validateEntries(read.entries, { hostCpus: cpus });
  if (issues.length) return { specs, issues };
  const seenPorts = new Map<string, number>();
  const held = deps.createPolicy.bindRoots ? await heldBinds(deps.engine) : undefined;
  for (const [index, spec] of specs.entries()) {
    const check = await checkSpec(deps.engine, spec);
    const refused = judgeSpec(deps.createPolicy, spec, { workspacesRoot: workspacesRoot(deps.dataDir), held }).errors;
    for (const e of [...refused, ...check.errors]) issues.push({ index, name: spec.name, field: e.field, message: e.message });
    for (const [i, p] of (spec.ports ?? []).entries()) {
      if (p.hostPort === undefined) continue;
      const key = `${p.hostPort}/${p.protocol ?? 'tcp'}`;
      const prev = seenPorts.get(key);
      if (prev !== undefined) issues.push({ index, name: spec.name, field: `ports.${i}.hostPort`, message: `Host port ${key} is also used by entry ${prev + 1}` });
      else seenPorts.set(key, index);
    }
  }
  return { specs, issues };
}

export async function runBatch(
  deps: CreateDeps,
  input: { text: string; concurrency?: number },
  emit: (e: BatchEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const { specs, issues } = await validateBatch(deps, input.text);
  if (issues.length) {
    emit({ type: 'invalid', issues });
    return;
  }
  emit({ type: 'plan', items: specs.map((s, index) => ({ index, name: s.name ?? `${s.image} #${index + 1}` })) });
  let next = 0;
  let created = 0;
  let failed = 0;
  // Pull each missing image once, even when several entries share it.
  const pulls = new Map<string, Promise<void>>();
  const worker = async () => {
    while (next < specs.length) {
      const index = next++;
      const spec = specs[index]!;
      if (signal.aborted) {
        failed++;
        emit({ type: 'item', index, state: 'failed', error: { code: 'cancelled', message: 'Cancelled before it started' } });
        continue;
      }
      try {
        const present = await checkSpec(deps.engine, { image: spec.image }).then((c) => c.imagePresent);
        if (!present) {
          emit({ type: 'item', index, state: 'pulling' });
          let p = pulls.get(spec.image);
          if (!p) {
            p = pullImage(deps.engine, spec.image, { signal, onProgress: () => undefined }).then(() => undefined);
            pulls.set(spec.image, p);
          }
          await p;
        }
        const result = await createContainer(deps, spec, {
          skipChecks: false,
          onPhase: (phase, id) => emit({ type: 'item', index, state: phase, ...(id ? { id } : {}) }),
        });
        created++;
        emit({ type: 'item', index, state: 'done', id: result.id });
      } catch (e) {
        failed++;
        const err = e instanceof BerthError ? e : deps.engine.fail(e);
        emit({ type: 'item', index, state: 'failed', error: err.toData() });
      }
    }
  };
  const n = Math.min(input.concurrency ?? DEFAULT_BATCH_CONCURRENCY, specs.length);
  await Promise.all(Array.from({ length: n }, worker));
  emit({ type: 'done', created, failed });
}
