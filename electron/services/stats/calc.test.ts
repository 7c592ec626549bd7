import { describe, expect, it } from 'vitest';
import { cpuPercent, memoryUsed, toSample, type RawStats } from './calc';

const raw: RawStats = {
  read: '2024-05-01T10:00:01.000000000Z',
  pids_stats: { current: 3 },
  cpu_stats: { cpu_usage: { total_usage: 3_000_000_000, percpu_usage: [1, 2] }, system_cpu_usage: 110_000_000_000, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 108_000_000_000 },
  memory_stats: { usage: 10_000_000, limit: 100_000_000, stats: { total_inactive_file: 2_000_000, inactive_file: 2_000_000 } },
  networks: { eth0: { rx_bytes: 100, tx_bytes: 50 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
  blkio_stats: { io_service_bytes_recursive: [{ op: 'Read', value: 10 }, { op: 'Write', value: 20 }, { op: 'read', value: 5 }, { op: 'Total', value: 35 }] },
};

describe('stats calc (as the docker CLI)', () => {
  it('cpu % = cpu delta / system delta × online CPUs × 100', () => {
    // 1e9 / 2e9 × 2 × 100 = 100 %: one full core of two.
    expect(cpuPercent(raw)).toBe(100);
    expect(cpuPercent({ ...raw, precpu_stats: raw.cpu_stats })).toBe(0);
  });
  it('memory minus inactive_file, v1 then v2', () => {
    expect(memoryUsed(raw)).toBe(8_000_000);
    expect(memoryUsed({ memory_stats: { usage: 5000, stats: { inactive_file: 1000 } } })).toBe(4000);
    expect(memoryUsed({ memory_stats: { usage: 5000, stats: { inactive_file: 9000 } } })).toBe(5000);
  });
  it('sums networks and block io by op', () => {
    const s = toSample('abc', raw);
    expect(s).toMatchObject({ id: 'abc', netRx: 101, netTx: 52, blockRead: 15, blockWrite: 20, pids: 3, memPercent: 8, memLimit: 100_000_000, onlineCpus: 2 });
    expect(s.t).toBe(Date.parse('2024-05-01T10:00:01Z'));
  });
  it('tolerates a sample with nothing in it (a stopping container)', () => {
    const s = toSample('x', { read: '0001-01-01T00:00:00Z' });
    expect(s.cpuPercent).toBe(0);
    expect(s.memUsed).toBe(0);
    expect(s.t).toBeGreaterThan(0);
  });
});
