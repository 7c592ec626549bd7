import type { CreateSpec, PortSpec } from '../contract/create';
import { labelsForTags, WORKSPACE_LABEL } from '../contract/labels';
import { parseMemory } from './memory';

export const DEFAULT_WORKSPACE_TARGET = '/app';

/** The Engine's POST /containers/create body, as much of it as Berth sets (typed here so shared/ stays free of dockerode). */
export interface DockerCreateRequest {
  name?: string;
  Image: string;
  Cmd?: string[];
  Entrypoint?: string[];
  WorkingDir?: string;
  User?: string;
  Env?: string[];
  Labels: Record<string, string>;
  ExposedPorts?: Record<string, Record<string, never>>;
  Tty?: boolean;
  OpenStdin?: boolean;
  AttachStdin?: boolean;
  StdinOnce?: boolean;
  HostConfig: {
    NanoCpus?: number;
    Memory?: number;
    PidsLimit?: number;
    PortBindings?: Record<string, Array<{ HostIp: string; HostPort: string }>>;
    Binds?: string[];
    RestartPolicy: { Name: string; MaximumRetryCount: number };
    NetworkMode?: string;
    ReadonlyRootfs?: boolean;
    SecurityOpt?: string[];
    CapDrop?: string[];
    Privileged?: boolean;
    CapAdd?: string[];
    PidMode?: string;
  };
}

export function workspaceTarget(spec: CreateSpec): string {
  return spec.workspace?.containerPath ?? DEFAULT_WORKSPACE_TARGET;
}

/** `<workspacesRoot>/<name>`: one folder per container, named after it so it is easy to find on disk. */
export function defaultWorkspacePath(workspacesRoot: string, name: string): string {
  return `${workspacesRoot.replace(/\/+$/, '')}/${name}`;
}

export function portKey(p: PortSpec): string {
  return `${p.containerPort}/${p.protocol ?? 'tcp'}`;
}

export function bindString(source: string, target: string, readOnly?: boolean): string {
  return `${source}:${target}${readOnly ? ':ro' : ''}`;
}

export function toNanoCpus(cpus: number): number {
  return Math.round(cpus * 1e9);
}

/**
 * CreateSpec → Engine request. Pure: the service resolves the workspace path
 * (it knows the data folder) and passes it in.
 */
export function specToCreateRequest(spec: CreateSpec, resolved: { workspaceHostPath?: string } = {}): DockerCreateRequest {
  const labels: Record<string, string> = { ...(spec.labels ?? {}), ...labelsForTags(spec.tags ?? []) };
  const binds: string[] = [];
  if (spec.workspace) {
    const host = resolved.workspaceHostPath ?? spec.workspace.hostPath;
    if (!host) throw new Error('workspace host path is not resolved');
    labels[WORKSPACE_LABEL] = host;
    binds.push(bindString(host, workspaceTarget(spec)));
  }
  for (const m of spec.mounts ?? []) binds.push(bindString(m.source, m.target, m.readOnly));

  const req: DockerCreateRequest = {
    Image: spec.image.trim(),
    Labels: labels,
    HostConfig: {
      RestartPolicy: {
        Name: spec.restart?.policy === 'no' || !spec.restart ? '' : spec.restart.policy,
        MaximumRetryCount: spec.restart?.policy === 'on-failure' ? (spec.restart.maxRetries ?? 0) : 0,
      },
    },
  };
  if (spec.name) req.name = spec.name;
  if (spec.command !== undefined) req.Cmd = spec.command;
  // An empty entrypoint means "clear the image's", which the API spells [""].
  if (spec.entrypoint !== undefined) req.Entrypoint = spec.entrypoint.length ? spec.entrypoint : [''];
  if (spec.workingDir) req.WorkingDir = spec.workingDir;
  if (spec.user) req.User = spec.user;
  const env = Object.entries(spec.env ?? {});
  if (env.length) req.Env = env.map(([k, v]) => `${k}=${v}`);
  if (spec.tty) req.Tty = true;
  if (spec.interactive) {
    req.OpenStdin = true;
    req.AttachStdin = false;
    req.StdinOnce = false;
  }

  const hc = req.HostConfig;
  const r = spec.resources ?? {};
  if (r.cpus !== undefined) hc.NanoCpus = toNanoCpus(r.cpus);
  if (r.memory !== undefined) {
    const bytes = parseMemory(r.memory);
    if (bytes !== undefined) hc.Memory = bytes;
  }
  if (r.pidsLimit !== undefined) hc.PidsLimit = r.pidsLimit;

  const ports = spec.ports ?? [];
  if (ports.length) {
    req.ExposedPorts = {};
    hc.PortBindings = {};
    for (const p of ports) {
      const key = portKey(p);
      req.ExposedPorts[key] = {};
      // An empty HostPort asks the engine for any free port.
      (hc.PortBindings[key] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: p.hostPort ? String(p.hostPort) : '' });
    }
  }
  if (binds.length) hc.Binds = binds;
  const h = spec.hardening ?? {};
  if (h.noNetwork) hc.NetworkMode = 'none';
  else if (spec.network) hc.NetworkMode = spec.network;
  if (h.readOnlyRootfs) hc.ReadonlyRootfs = true;
  if (h.noNewPrivileges) hc.SecurityOpt = ['no-new-privileges:true'];
  if (h.capDropAll) hc.CapDrop = ['ALL'];
  const a = spec.hostAccess ?? {};
  if (a.privileged) hc.Privileged = true;
  if (a.capAdd?.length) hc.CapAdd = a.capAdd;
  if (a.hostPid) hc.PidMode = 'host';
  return req;
}
