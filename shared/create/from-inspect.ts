import type { CreateSpec, MountSpec, PortSpec, RestartPolicyName } from '../contract/create';
import { OPERATION_LABEL, TAG_LABEL_PREFIX, tagsFromLabels, WORKSPACE_LABEL } from '../contract/labels';
import { formatMemory } from './memory';

/** The parts of GET /containers/{id}/json that a spec is made from. */
export interface InspectLike {
  Name?: string;
  Config?: {
    Image?: string;
    Cmd?: string[] | null;
    Entrypoint?: string[] | string | null;
    WorkingDir?: string;
    User?: string;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    Tty?: boolean;
    OpenStdin?: boolean;
  };
  HostConfig?: {
    NanoCpus?: number;
    Memory?: number;
    PidsLimit?: number | null;
    PortBindings?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null;
    Binds?: string[] | null;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number };
    NetworkMode?: string;
    ReadonlyRootfs?: boolean;
    SecurityOpt?: string[] | null;
    CapDrop?: string[] | null;
    Privileged?: boolean;
    CapAdd?: string[] | null;
    PidMode?: string;
  };
}

/** The image's own defaults: what the container inherited rather than was given. */
export interface ImageConfigLike {
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  Env?: string[] | null;
  Labels?: Record<string, string> | null;
  WorkingDir?: string;
  User?: string;
}

const sameArgs = (a: readonly string[] | null | undefined, b: readonly string[] | null | undefined) =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((x, i) => x === b?.[i]);

/**
 * A container's configuration as a spec, without what it inherited from its
 * image (PATH, the image's CMD and labels): editing then shows what was chosen,
 * and recreating from the spec gives the same container.
 */
export function specFromInspect(c: InspectLike, image: ImageConfigLike = {}): CreateSpec {
  const cfg = c.Config ?? {};
  const hc = c.HostConfig ?? {};
  const spec: CreateSpec = { image: cfg.Image ?? '' };
  const name = (c.Name ?? '').replace(/^\//, '');
  if (name) spec.name = name;
  const entry = typeof cfg.Entrypoint === 'string' ? [cfg.Entrypoint] : cfg.Entrypoint ?? null;
  const entryChanged = !sameArgs(entry, image.Entrypoint);
  if (entryChanged) spec.entrypoint = entry ?? [];
  // A new entrypoint resets the image's CMD, so the command counts as given then.
  if (cfg.Cmd && (entryChanged || !sameArgs(cfg.Cmd, image.Cmd))) spec.command = [...cfg.Cmd];
  if (cfg.WorkingDir && cfg.WorkingDir !== (image.WorkingDir ?? '')) spec.workingDir = cfg.WorkingDir;
  if (cfg.User && cfg.User !== (image.User ?? '')) spec.user = cfg.User;
  const inherited = new Set(image.Env ?? []);
  const env: Record<string, string> = {};
  for (const line of cfg.Env ?? []) {
    if (inherited.has(line)) continue;
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  if (Object.keys(env).length) spec.env = env;

  const allLabels = cfg.Labels ?? {};
  const tags = tagsFromLabels(allLabels);
  if (tags.length) spec.tags = tags;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(allLabels)) {
    if (k.startsWith(TAG_LABEL_PREFIX) || k === WORKSPACE_LABEL || k === OPERATION_LABEL) continue;
    if (image.Labels && image.Labels[k] === v) continue;
    labels[k] = v;
  }
  if (Object.keys(labels).length) spec.labels = labels;

  const resources: NonNullable<CreateSpec['resources']> = {};
  if (hc.NanoCpus) resources.cpus = hc.NanoCpus / 1e9;
  if (hc.Memory) resources.memory = formatMemory(hc.Memory);
  if (hc.PidsLimit && hc.PidsLimit > 0) resources.pidsLimit = hc.PidsLimit;
  if (Object.keys(resources).length) spec.resources = resources;

  const ports: PortSpec[] = [];
  for (const [key, bindings] of Object.entries(hc.PortBindings ?? {})) {
    const [num, proto] = key.split('/');
    for (const b of bindings ?? []) {
      const p: PortSpec = { containerPort: Number(num) };
      if (b.HostPort && Number(b.HostPort) > 0) p.hostPort = Number(b.HostPort);
      if (proto === 'udp') p.protocol = 'udp';
      if (b.HostIp) p.hostIp = b.HostIp;
      ports.push(p);
    }
  }
  if (ports.length) spec.ports = ports;

  const wsPath = allLabels[WORKSPACE_LABEL];
  const mounts: MountSpec[] = [];
  for (const bind of hc.Binds ?? []) {
    const parts = bind.split(':');
    const [source, target] = parts;
    if (!source || !target) continue;
    const readOnly = parts.slice(2).join(',').split(',').includes('ro');
    if (wsPath && source === wsPath && !spec.workspace) {
      spec.workspace = { hostPath: source, containerPath: target };
      continue;
    }
    mounts.push({ type: source.startsWith('/') ? 'bind' : 'volume', source, target, ...(readOnly ? { readOnly: true } : {}) });
  }
  if (mounts.length) spec.mounts = mounts;

  const rp = hc.RestartPolicy?.Name;
  if (rp && rp !== 'no') {
    spec.restart = { policy: rp as RestartPolicyName };
    if (rp === 'on-failure' && hc.RestartPolicy?.MaximumRetryCount) spec.restart.maxRetries = hc.RestartPolicy.MaximumRetryCount;
  }
  const hardening: NonNullable<CreateSpec['hardening']> = {};
  if (hc.NetworkMode === 'none') hardening.noNetwork = true;
  else if (hc.NetworkMode && hc.NetworkMode !== 'default' && hc.NetworkMode !== 'bridge') spec.network = hc.NetworkMode;
  if (hc.ReadonlyRootfs) hardening.readOnlyRootfs = true;
  if ((hc.SecurityOpt ?? []).some((o) => /^no-new-privileges(?:[:=]true)?$/.test(o))) hardening.noNewPrivileges = true;
  if ((hc.CapDrop ?? []).some((c) => c.toUpperCase() === 'ALL')) hardening.capDropAll = true;
  if (Object.keys(hardening).length) spec.hardening = hardening;
  const access: NonNullable<CreateSpec['hostAccess']> = {};
  if (hc.Privileged) access.privileged = true;
  if (hc.CapAdd?.length) access.capAdd = [...hc.CapAdd];
  if (hc.PidMode === 'host') access.hostPid = true;
  if (Object.keys(access).length) spec.hostAccess = access;
  if (cfg.Tty) spec.tty = true;
  if (cfg.OpenStdin) spec.interactive = true;
  return spec;
}
