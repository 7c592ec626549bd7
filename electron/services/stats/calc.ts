import type { StatsSample } from '../../../shared/contract/stats';

/** The parts of the engine's stats JSON we read (cgroup v1 and v2 shapes). */
export interface RawStats {
  read?: string;
  id?: string;
  pids_stats?: { current?: number };
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op?: string; value?: number }> | null };
}
interface CpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/** CPU % as the docker CLI's calculateCPUPercentUnix: share of system time, times the CPUs online. */
export function cpuPercent(s: RawStats): number {
  const cpu = s.cpu_stats;
  const pre = s.precpu_stats;
  const cpuDelta = (cpu?.cpu_usage?.total_usage ?? 0) - (pre?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu?.system_cpu_usage ?? 0) - (pre?.system_cpu_usage ?? 0);
  const online = onlineCpus(s);
  if (systemDelta > 0 && cpuDelta > 0) return (cpuDelta / systemDelta) * online * 100;
  return 0;
}

export function onlineCpus(s: RawStats): number {
  return s.cpu_stats?.online_cpus || s.cpu_stats?.cpu_usage?.percpu_usage?.length || 1;
}

/** Memory used as the CLI shows it: usage minus inactive page cache (cgroup v1 total_inactive_file, v2 inactive_file). */
export function memoryUsed(s: RawStats): number {
  const usage = s.memory_stats?.usage ?? 0;
  const st = s.memory_stats?.stats ?? {};
  const v1 = st.total_inactive_file;
  if (v1 !== undefined && v1 < usage) return usage - v1;
  const v2 = st.inactive_file;
  if (v2 !== undefined && v2 < usage) return usage - v2;
  return usage;
}

export function toSample(id: string, s: RawStats): StatsSample {
  const memUsed = memoryUsed(s);
  const memLimit = s.memory_stats?.limit ?? 0;
  let netRx = 0;
  let netTx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    netRx += n.rx_bytes ?? 0;
    netTx += n.tx_bytes ?? 0;
  }
  let blockRead = 0;
  let blockWrite = 0;
  for (const e of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = (e.op ?? '').toLowerCase();
    if (op === 'read') blockRead += e.value ?? 0;
    else if (op === 'write') blockWrite += e.value ?? 0;
  }
  const t = s.read ? Date.parse(s.read) : NaN;
  return {
    id,
    t: Number.isFinite(t) && t > 0 ? t : Date.now(),
    cpuPercent: round2(cpuPercent(s)),
    onlineCpus: onlineCpus(s),
    memUsed,
    memLimit,
    memPercent: memLimit > 0 ? round2((memUsed / memLimit) * 100) : 0,
    netRx,
    netTx,
    blockRead,
    blockWrite,
    pids: s.pids_stats?.current ?? 0,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
