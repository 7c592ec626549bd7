import type { ContainerInspect, ContainerSummary } from '../engine/port';
import type { ContainerDetails, ContainerRow, ContainerState, Health, Mount, PublishedPort } from '../../../shared/contract/containers';

const STATES: readonly ContainerState[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

export function toState(value: unknown): ContainerState {
  const s = typeof value === 'string' ? value.toLowerCase() : '';
  return (STATES as readonly string[]).includes(s) ? (s as ContainerState) : 'dead';
}

export function healthFromStatusText(status: string): Health | null {
  const m = /\((healthy|unhealthy|health: starting)\)/.exec(status);
  if (!m) return null;
  return m[1] === 'health: starting' ? 'starting' : (m[1] as Health);
}

/** "Exited (137) 2 hours ago", and "Restarting (3) 1 second ago" (the exit that made it restart). */
export function exitCodeFromStatusText(status: string): number | null {
  const m = /^(?:Exited|Restarting) \((-?\d+)\)/.exec(status);
  return m ? Number(m[1]) : null;
}

/** Engine times are RFC 3339; "never" is the zero time 0001-01-01T00:00:00Z. */
export function parseEngineTime(value: unknown): number | null {
  if (typeof value !== 'string' || value.startsWith('0001-')) return null;
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : null;
}

/** Quotes an argv for display the way a POSIX shell would read it back. */
export function shellJoin(args: readonly string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Published ports, without the IPv4/IPv6 twins the engine lists for one binding. */
export function dedupePorts(ports: PublishedPort[]): PublishedPort[] {
  const seen = new Map<string, PublishedPort>();
  for (const p of ports) {
    const key = `${p.hostPort ?? ''}/${p.containerPort}/${p.protocol}`;
    const prev = seen.get(key);
    // Prefer the IPv4 address for the link we show.
    if (!prev || (prev.hostIp?.includes(':') && !p.hostIp?.includes(':'))) seen.set(key, p);
  }
  return [...seen.values()].sort(
    (a, b) => a.containerPort - b.containerPort || (a.hostPort ?? 0) - (b.hostPort ?? 0) || a.protocol.localeCompare(b.protocol),
  );
}

function protocolOf(value: unknown): PublishedPort['protocol'] {
  return value === 'udp' || value === 'sctp' ? value : 'tcp';
}

/** A row from GET /containers/json: what the first paint shows, before any inspect. */
export function rowFromSummary(c: ContainerSummary): ContainerRow {
  const status = c.Status ?? '';
  const state = toState(c.State);
  const ports = dedupePorts(
    (c.Ports ?? [])
      .filter((p) => p.PrivatePort > 0)
      .map((p) => ({
        containerPort: p.PrivatePort,
        protocol: protocolOf(p.Type),
        ...(p.IP ? { hostIp: p.IP } : {}),
        ...(p.PublicPort ? { hostPort: p.PublicPort } : {}),
      })),
  );
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
    image: c.Image,
    state,
    health: healthFromStatusText(status),
    statusText: status,
    createdAt: (c.Created ?? 0) * 1000,
    startedAt: null,
    finishedAt: null,
    restartCount: null,
    exitCode: state === 'exited' || state === 'restarting' ? exitCodeFromStatusText(status) : null,
    error: null,
    oomKilled: null,
    ports,
    labels: c.Labels ?? {},
    command: c.Command ?? '',
  };
}

function portsFromInspect(i: ContainerInspect): PublishedPort[] {
  const out: PublishedPort[] = [];
  const running = i.State?.Running === true;
  // A stopped container has no live bindings; show what it will publish when started.
  const source: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null | undefined> = running
    ? ((i.NetworkSettings?.Ports ?? {}) as Record<string, Array<{ HostIp?: string; HostPort?: string }> | null>)
    : ((i.HostConfig?.PortBindings ?? {}) as Record<string, Array<{ HostIp?: string; HostPort?: string }> | null>);
  for (const [key, bindings] of Object.entries(source)) {
    const [portText, proto] = key.split('/');
    const containerPort = Number(portText);
    if (!Number.isInteger(containerPort) || containerPort < 1) continue;
    for (const b of bindings ?? []) {
      const hostPort = b.HostPort ? Number(b.HostPort) : undefined;
      out.push({
        containerPort,
        protocol: protocolOf(proto),
        ...(b.HostIp ? { hostIp: b.HostIp } : {}),
        ...(hostPort && Number.isInteger(hostPort) ? { hostPort } : {}),
      });
    }
  }
  return dedupePorts(out);
}

function statusTextFromInspect(i: ContainerInspect): string {
  const s = toState(i.State?.Status);
  if (s === 'exited') return `Exited (${i.State?.ExitCode ?? 0})`;
  if (s === 'running') return i.State?.Health?.Status ? `Up (${i.State.Health.Status})` : 'Up';
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A row from GET /containers/{id}/json: everything the table shows. */
export function rowFromInspect(i: ContainerInspect, listStatusText?: string): ContainerRow {
  const state = toState(i.State?.Status);
  const health = i.State?.Health?.Status;
  const argv = [i.Path, ...(i.Args ?? [])].filter((a): a is string => typeof a === 'string' && a !== '');
  const oom = (i.State as { OOMKilled?: boolean } | undefined)?.OOMKilled;
  return {
    id: i.Id,
    name: i.Name.replace(/^\//, ''),
    image: i.Config?.Image ?? i.Image,
    state,
    health: health === 'starting' || health === 'healthy' || health === 'unhealthy' ? health : null,
    statusText: listStatusText ?? statusTextFromInspect(i),
    createdAt: parseEngineTime(i.Created) ?? 0,
    startedAt: parseEngineTime(i.State?.StartedAt),
    finishedAt: parseEngineTime(i.State?.FinishedAt),
    restartCount: typeof i.RestartCount === 'number' ? i.RestartCount : null,
    // Restarting: the engine keeps the code of the exit that made it restart. Running: the engine reset it to 0.
    exitCode: state === 'exited' || state === 'dead' || state === 'restarting' || (state === 'created' && i.State?.Error) ? (i.State?.ExitCode ?? null) : null,
    error: i.State?.Error ? i.State.Error : null,
    oomKilled: typeof oom === 'boolean' ? oom : null,
    ports: portsFromInspect(i),
    labels: i.Config?.Labels ?? {},
    command: shellJoin(argv),
  };
}

export function detailsFromInspect(i: ContainerInspect): ContainerDetails {
  const hc: ContainerInspect['HostConfig'] = i.HostConfig ?? {};
  const mounts: Mount[] = (i.Mounts ?? []).map((m) => ({
    type: m.Type ?? 'bind',
    source: m.Source ?? '',
    destination: m.Destination,
    readOnly: m.RW === false,
    ...(m.Name ? { name: m.Name } : {}),
  }));
  const networks = Object.entries(i.NetworkSettings?.Networks ?? {}).map(([name, n]) => ({
    name,
    ipAddress: (n as { IPAddress?: string }).IPAddress ?? '',
  }));
  return {
    ...rowFromInspect(i),
    imageId: i.Image,
    commandArgs: i.Config?.Cmd ?? [],
    entrypoint: Array.isArray(i.Config?.Entrypoint) ? i.Config.Entrypoint : i.Config?.Entrypoint ? [i.Config.Entrypoint] : [],
    workingDir: i.Config?.WorkingDir ?? '',
    user: i.Config?.User ?? '',
    env: i.Config?.Env ?? [],
    tty: i.Config?.Tty === true,
    mounts,
    limits: {
      nanoCpus: hc.NanoCpus ?? 0,
      memoryBytes: hc.Memory ?? 0,
      pidsLimit: hc.PidsLimit && hc.PidsLimit > 0 ? hc.PidsLimit : null,
    },
    restartPolicy: {
      name: hc.RestartPolicy?.Name || 'no',
      maximumRetryCount: hc.RestartPolicy?.MaximumRetryCount ?? 0,
    },
    networkMode: hc.NetworkMode ?? 'default',
    networks,
  };
}
