import { CONTAINER_NAME_PATTERN, ENV_KEY_PATTERN, type CreateSpec } from '../contract/create';
import type { ErrorData } from '../contract/errors';
import { TAG_LABEL_PREFIX, WORKSPACE_LABEL } from '../contract/labels';
import { humanBytes, parseMemory } from './memory';

/** The engine refuses memory limits under 6 MiB (dockerd's linuxMinMemory). */
export const ENGINE_MIN_MEMORY_BYTES = 6 * 1024 * 1024;

export interface ValidateContext {
  /** CPUs of the engine's host; more cannot be granted. */
  hostCpus?: number;
  minMemoryBytes?: number;
}

const IMAGE_ID = /^(sha256:)?[a-f0-9]{12,64}$/;
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?\\/)';
/** The distribution reference grammar (docker/distribution reference/regexp.go), simplified to what the engine parses. */
const IMAGE_REF = new RegExp(`^${DOMAIN}?${COMPONENT}(?:\\/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`);

function err(field: string, message: string): ErrorData {
  return { code: 'invalid-input', field, message };
}

export function imageRefError(ref: string): string | undefined {
  const r = ref.trim();
  if (!r) return 'Choose an image';
  if (IMAGE_ID.test(r) || IMAGE_REF.test(r)) return undefined;
  if (/[A-Z]/.test(r.split('/').slice(-1)[0] ?? '')) return `"${r}" is not an image reference: repository names must be lowercase`;
  return `"${r}" is not an image reference (e.g. busybox, registry.local:5000/team/app:1.2)`;
}

export function containerNameError(name: string): string | undefined {
  if (CONTAINER_NAME_PATTERN.test(name)) return undefined;
  return 'Names start with a letter or digit, then letters, digits, _ . - (at least 2 characters)';
}

export function envKeyError(key: string): string | undefined {
  if (!key) return 'Give the variable a name';
  if (ENV_KEY_PATTERN.test(key)) return undefined;
  return `"${key}" is not a variable name: start with a letter or _, then letters, digits, _ . -`;
}

export function labelKeyError(key: string): string | undefined {
  if (!key) return 'Give the label a key';
  if (/[\s=]/.test(key)) return `"${key}": label keys have no spaces or "="`;
  if (key.startsWith(TAG_LABEL_PREFIX)) return 'Tags go in the Tags field';
  if (key === WORKSPACE_LABEL) return 'The workspace label is set by the Workspace section';
  return undefined;
}

export function memoryError(text: string, minBytes = ENGINE_MIN_MEMORY_BYTES): string | undefined {
  const bytes = parseMemory(text);
  if (bytes === undefined) return `"${text}" is not a size: use e.g. 512m or 2g`;
  if (bytes < minBytes) return `The engine needs at least ${humanBytes(minBytes)} of memory (got ${humanBytes(bytes)})`;
  return undefined;
}

export function cpusError(cpus: number, hostCpus?: number): string | undefined {
  if (!Number.isFinite(cpus) || cpus <= 0) return 'CPUs must be more than 0, e.g. 0.5';
  if (Math.round(cpus * 1e9) < 1e7) return 'CPUs must be at least 0.01';
  if (hostCpus !== undefined && cpus > hostCpus) return `This host has ${hostCpus} CPU${hostCpus === 1 ? '' : 's'}; ask for ${hostCpus} or fewer`;
  return undefined;
}

function absPathError(p: string): string | undefined {
  return p.startsWith('/') ? undefined : `"${p}" must be an absolute path (start with /)`;
}

/**
 * What the schema cannot say: cross-field rules and the engine's limits. One
 * error per field, each naming the spec path the form shows it at.
 */
export function validateSpec(spec: CreateSpec, ctx: ValidateContext = {}): ErrorData[] {
  const out: ErrorData[] = [];
  const imageErr = imageRefError(spec.image);
  if (imageErr) out.push(err('image', imageErr));
  if (spec.name !== undefined && spec.name !== '') {
    const e = containerNameError(spec.name);
    if (e) out.push(err('name', e));
  }
  if (spec.workingDir) {
    const e = absPathError(spec.workingDir);
    if (e) out.push(err('workingDir', e));
  }
  for (const key of Object.keys(spec.env ?? {})) {
    const e = envKeyError(key);
    if (e) out.push(err(`env.${key}`, e));
  }
  for (const key of Object.keys(spec.labels ?? {})) {
    const e = labelKeyError(key);
    if (e) out.push(err(`labels.${key}`, e));
  }
  const tags = spec.tags ?? [];
  tags.forEach((t, i) => {
    if (tags.indexOf(t) !== i) out.push(err(`tags.${i}`, `Tag "${t}" is listed twice`));
  });
  const r = spec.resources ?? {};
  if (r.cpus !== undefined) {
    const e = cpusError(r.cpus, ctx.hostCpus);
    if (e) out.push(err('resources.cpus', e));
  }
  if (r.memory !== undefined) {
    const e = memoryError(r.memory, ctx.minMemoryBytes);
    if (e) out.push(err('resources.memory', e));
  }
  const seen = new Map<string, number>();
  (spec.ports ?? []).forEach((p, i) => {
    const proto = p.protocol ?? 'tcp';
    if (p.hostPort !== undefined) {
      const hKey = `${p.hostIp ?? ''}:${p.hostPort}/${proto}`;
      const prev = seen.get(hKey);
      if (prev !== undefined) out.push(err(`ports.${i}.hostPort`, `Host port ${p.hostPort}/${proto} is already used by row ${prev + 1}`));
      else seen.set(hKey, i);
    }
    if (p.hostIp && !/^[0-9.]+$|^[0-9a-fA-F:]+$/.test(p.hostIp)) out.push(err(`ports.${i}.hostIp`, `"${p.hostIp}" is not an IP address`));
  });
  if (spec.workspace) {
    if (!spec.workspace.hostPath && !spec.name) {
      out.push(err('name', 'The workspace folder is named after the container: give it a name'));
    }
    if (spec.workspace.hostPath) {
      const e = absPathError(spec.workspace.hostPath);
      if (e) out.push(err('workspace.hostPath', e));
    }
    const e = absPathError(spec.workspace.containerPath ?? '/app');
    if (e) out.push(err('workspace.containerPath', e));
  }
  const targets = new Map<string, string>();
  if (spec.workspace) targets.set(spec.workspace.containerPath ?? '/app', 'workspace.containerPath');
  (spec.mounts ?? []).forEach((m, i) => {
    if (m.type === 'bind') {
      const e = absPathError(m.source);
      if (e) out.push(err(`mounts.${i}.source`, e));
    } else if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(m.source)) {
      out.push(err(`mounts.${i}.source`, `"${m.source}" is not a volume name (letters, digits, _ . -)`));
    }
    const e = absPathError(m.target);
    if (e) out.push(err(`mounts.${i}.target`, e));
    else if (targets.has(m.target)) out.push(err(`mounts.${i}.target`, `${m.target} is mounted twice`));
    else targets.set(m.target, `mounts.${i}.target`);
  });
  if (spec.restart?.maxRetries !== undefined && spec.restart.policy !== 'on-failure') {
    out.push(err('restart.maxRetries', 'A retry count only applies to the on-failure policy'));
  }
  if (spec.hardening?.noNetwork) {
    if ((spec.ports ?? []).length > 0) out.push(err('ports', 'Published ports need a network: remove them or turn off "No network"'));
    if (spec.network && spec.network !== 'none') out.push(err('network', 'Choose a network or "No network", not both'));
  }
  return out;
}
