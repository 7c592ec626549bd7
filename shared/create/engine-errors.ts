import type { CreateSpec } from '../contract/create';
import type { ErrorData } from '../contract/errors';

/**
 * Which form field an engine refusal concerns, read from the engine's own
 * sentence: "Conflict. The container name "/x" is already in use" → name,
 * "Bind for 0.0.0.0:8080 failed: port is already allocated" → that port row.
 */
export function fieldForEngineError(e: ErrorData, spec: CreateSpec): string | undefined {
  if (e.field) return e.field;
  const msg = e.message;
  const lower = msg.toLowerCase();
  if (e.code === 'name-in-use' || /container name .* is already in use/.test(lower)) return 'name';
  if (e.code === 'image-not-found' || /no such image|pull access denied|manifest unknown|invalid reference format/.test(lower)) return 'image';
  if (e.code === 'port-in-use' || /port is already allocated|address already in use/.test(lower)) {
    const port = /:(\d+)(?: failed|: bind)/.exec(msg)?.[1] ?? /(?:0\.0\.0\.0|\]|::):(\d+)/.exec(msg)?.[1];
    const i = (spec.ports ?? []).findIndex((p) => String(p.hostPort) === port);
    return i >= 0 ? `ports.${i}.hostPort` : 'ports';
  }
  if (/nanocpus|range of cpus/.test(lower)) return 'resources.cpus';
  if (/memory limit|minimum memory/.test(lower)) return 'resources.memory';
  if (/pids/.test(lower)) return 'resources.pidsLimit';
  if (/network .* not found|no such network/.test(lower)) return 'network';
  if (/restart polic/.test(lower)) return 'restart';
  if (/unable to find user|no matching entries in passwd/.test(lower)) return 'user';
  if (/invalid volume|mount|bind source path/.test(lower)) return 'mounts';
  if (/executable file not found|no such file or directory.*exec|exec: /.test(lower)) return spec.entrypoint ? 'entrypoint' : 'command';
  if (/working directory|chdir/.test(lower)) return 'workingDir';
  return undefined;
}

export function withField(e: ErrorData, spec: CreateSpec): ErrorData {
  const field = fieldForEngineError(e, spec);
  return field ? { ...e, field } : e;
}
