import type { ContainerInspect, ContainerSummary } from '../engine/port';
import { describe, expect, it } from 'vitest';
import { dedupePorts, exitCodeFromStatusText, healthFromStatusText, parseEngineTime, rowFromInspect, rowFromSummary, shellJoin } from './mappers';

const summary = {
  Id: 'abc123'.padEnd(64, '0'),
  Names: ['/web'],
  Image: 'nginx:1',
  ImageID: 'sha256:x',
  Command: 'nginx -g daemon off;',
  Created: 1_700_000_000,
  State: 'running',
  Status: 'Up 3 minutes (healthy)',
  Ports: [
    { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { PrivatePort: 443, Type: 'tcp' },
  ],
  Labels: { 'berth.tag.web': '' },
} as unknown as ContainerSummary;

describe('container mappers', () => {
  it('maps a list entry, without IPv4/IPv6 twin ports', () => {
    const r = rowFromSummary(summary);
    expect(r).toMatchObject({ name: 'web', state: 'running', health: 'healthy', createdAt: 1_700_000_000_000, startedAt: null });
    expect(r.ports).toEqual([
      { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
      { containerPort: 443, protocol: 'tcp' },
    ]);
  });

  it('reads exit codes and health from the engine’s status text', () => {
    expect(exitCodeFromStatusText('Exited (137) 2 hours ago')).toBe(137);
    expect(exitCodeFromStatusText('Up 2 hours')).toBeNull();
    expect(healthFromStatusText('Up 1 second (health: starting)')).toBe('starting');
  });

  it('maps inspect: times, restarts, error, configured ports of a stopped container', () => {
    const inspect = {
      Id: 'def'.padEnd(64, '0'),
      Name: '/api',
      Image: 'sha256:y',
      Path: 'sh',
      Args: ['-c', "echo 'hi there'"],
      Created: '2026-01-01T00:00:00.5Z',
      RestartCount: 2,
      State: { Status: 'exited', Running: false, ExitCode: 1, Error: '', StartedAt: '2026-01-01T00:00:01Z', FinishedAt: '2026-01-01T00:01:01Z', OOMKilled: false },
      Config: { Image: 'api:2', Labels: {}, Env: [] },
      HostConfig: { PortBindings: { '3000/tcp': [{ HostIp: '', HostPort: '3000' }], '53/udp': [{ HostIp: '', HostPort: '' }] } },
      NetworkSettings: { Ports: {} },
      Mounts: [],
    } as unknown as ContainerInspect;
    const r = rowFromInspect(inspect);
    expect(r).toMatchObject({
      name: 'api',
      image: 'api:2',
      state: 'exited',
      exitCode: 1,
      restartCount: 2,
      startedAt: Date.parse('2026-01-01T00:00:01Z'),
      finishedAt: Date.parse('2026-01-01T00:01:01Z'),
      command: `sh -c 'echo '\\''hi there'\\'''`,
      statusText: 'Exited (1)',
    });
    expect(r.ports).toEqual([
      { containerPort: 53, protocol: 'udp' },
      { containerPort: 3000, protocol: 'tcp', hostPort: 3000 },
    ]);
  });

  it('keeps the engine’s error and the last exit reason: a failed start, a crash loop', () => {
    const base = {
      Id: 'f00'.padEnd(64, '0'),
      Name: '/loop',
      Image: 'sha256:z',
      Path: '/nope',
      Args: [],
      Created: '2026-01-01T00:00:00Z',
      Config: { Image: 'busybox', Labels: {}, Env: [] },
      HostConfig: {},
      NetworkSettings: { Ports: {} },
      Mounts: [],
    };
    // What `docker start` of a missing command leaves behind (measured on dockerd 20.10).
    const failed = rowFromInspect({
      ...base,
      RestartCount: 0,
      State: { Status: 'created', Running: false, ExitCode: 127, Error: 'exec: "/nope": stat /nope: no such file or directory: unknown', StartedAt: '0001-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z' },
    } as unknown as ContainerInspect);
    expect(failed).toMatchObject({ state: 'created', exitCode: 127, error: expect.stringMatching(/no such file/), startedAt: null });
    const restarting = rowFromInspect({
      ...base,
      RestartCount: 3,
      State: { Status: 'restarting', Running: true, Restarting: true, ExitCode: 3, Error: '', StartedAt: '2026-01-01T00:00:05Z', FinishedAt: '2026-01-01T00:00:06Z' },
    } as unknown as ContainerInspect);
    expect(restarting).toMatchObject({ state: 'restarting', exitCode: 3, restartCount: 3, error: null });
    // Running again: the engine reset ExitCode to 0, so the row has no exit code of its own (the store keeps the one it saw).
    const running = rowFromInspect({
      ...base,
      RestartCount: 4,
      State: { Status: 'running', Running: true, ExitCode: 0, Error: '', StartedAt: '2026-01-01T00:00:07Z', FinishedAt: '2026-01-01T00:00:06Z' },
    } as unknown as ContainerInspect);
    expect(running).toMatchObject({ state: 'running', exitCode: null, restartCount: 4 });
    // The list's words for a restarting container carry the exit code too.
    expect(rowFromSummary({ ...summary, State: 'restarting', Status: 'Restarting (3) 1 second ago' })).toMatchObject({ state: 'restarting', exitCode: 3 });
    expect(exitCodeFromStatusText('Restarting (3) Less than a second ago')).toBe(3);
  });

  it('treats the zero time as never', () => {
    expect(parseEngineTime('0001-01-01T00:00:00Z')).toBeNull();
    expect(parseEngineTime(undefined)).toBeNull();
  });

  it('quotes argv for display', () => {
    expect(shellJoin(['echo', 'a b', "it's", '--x=1'])).toBe(`echo 'a b' 'it'\\''s' --x=1`);
    expect(dedupePorts([])).toEqual([]);
  });
});
