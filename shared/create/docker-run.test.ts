import { describe, expect, it } from 'vitest';
import type { CreateSpec } from '../contract/create';
import { parseDockerRun, specToDockerRun, type ParsedRun } from './docker-run';

function parse(line: string): ParsedRun {
  const r = parseDockerRun(line);
  if ('error' in r) throw new Error(r.error);
  return r;
}

describe('docker run line', () => {
  it('prints a copyable line that parses back to the same spec', () => {
    const spec: CreateSpec = {
      image: 'berth-test/busybox:latest',
      name: 'web',
      command: ['sh', '-c', 'echo "hi"; sleep 1000'],
      workingDir: '/srv',
      user: 'nobody',
      env: { GREETING: 'hello world', EMPTY: '' },
      tags: ['blue'],
      labels: { team: 'a b' },
      resources: { cpus: 1.5, memory: '512m', pidsLimit: 64 },
      ports: [{ hostPort: 8080, containerPort: 80 }, { containerPort: 53, protocol: 'udp' }, { hostIp: '127.0.0.1', hostPort: 9000, containerPort: 9000 }],
      workspace: { hostPath: '/var/berth/workspaces/web', containerPath: '/app' },
      mounts: [{ type: 'bind', source: '/etc/hosts', target: '/h', readOnly: true }, { type: 'volume', source: 'cache', target: '/cache' }],
      restart: { policy: 'on-failure', maxRetries: 2 },
      hardening: { readOnlyRootfs: true, noNewPrivileges: true, capDropAll: true, noNetwork: true },
      tty: true,
      interactive: true,
      entrypoint: ['/bin/env'],
    };
    const line = specToDockerRun(spec);
    expect(line).toBe(
      "docker run -d --name web -it -w /srv -u nobody -e 'GREETING=hello world' -e EMPTY= --label berth.tag.blue= --label 'team=a b' " +
        '--cpus 1.5 -m 512m --pids-limit 64 -p 8080:80 -p 53/udp -p 127.0.0.1:9000:9000 ' +
        '-v /var/berth/workspaces/web:/app --label berth.workspace=/var/berth/workspaces/web -v /etc/hosts:/h:ro -v cache:/cache ' +
        `--restart on-failure:2 --network none --read-only --security-opt no-new-privileges --cap-drop ALL --entrypoint /bin/env berth-test/busybox:latest sh -c 'echo "hi"; sleep 1000'`,
    );
    const back = parse(line);
    expect(back.unsupported).toEqual([]);
    expect(back.errors).toEqual([]);
    expect(back.spec).toEqual(spec);
  });
  it('prints docker create when the container is not to be started', () => {
    expect(specToDockerRun({ image: 'busybox', start: false })).toBe('docker create busybox');
  });
  it('reads grouped short flags, attached values, = forms and continuations', () => {
    const r = parse('docker container run -dit --name=box -p8080:80 -eA=1 -m 2g --net mynet \\\n --restart=always busybox');
    expect(r.spec).toEqual({
      image: 'busybox',
      name: 'box',
      tty: true,
      interactive: true,
      ports: [{ hostPort: 8080, containerPort: 80 }],
      env: { A: '1' },
      resources: { memory: '2g' },
      network: 'mynet',
      restart: { policy: 'always' },
    });
  });
  it('lists unsupported flags with their values instead of dropping them', () => {
    const r = parse('docker run --rm --hostname web -P --pid container:db -e FROM_SHELL -v /anon --security-opt seccomp=unconfined busybox sleep 5');
    expect(r.unsupported).toEqual([
      '--rm',
      '--hostname web',
      '-P',
      '--pid container:db (only host is supported)',
      '-e FROM_SHELL (takes the value from your shell; give KEY=VALUE)',
      '-v /anon (an anonymous volume: give it a name or a host folder)',
      '--security-opt seccomp=unconfined',
    ]);
    expect(r.spec).toEqual({ image: 'busybox', command: ['sleep', '5'] });
  });
  it('carries the settings that reach into the host both ways, so a host can refuse them at their field', () => {
    const r = parse('docker run --privileged --cap-add NET_ADMIN --cap-add sys_ptrace,NET_RAW --pid host --network host busybox');
    expect(r.unsupported).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(r.spec).toEqual({ image: 'busybox', network: 'host', hostAccess: { privileged: true, capAdd: ['NET_ADMIN', 'sys_ptrace', 'NET_RAW'], hostPid: true } });
    const line = specToDockerRun(r.spec);
    expect(line).toBe('docker run -d --network host --privileged --cap-add NET_ADMIN --cap-add sys_ptrace --cap-add NET_RAW --pid host busybox');
    expect(parse(line).spec).toEqual(r.spec);
    expect(parse('docker run --cap-add "NET ADMIN" busybox').errors).toEqual([{ flag: "--cap-add 'NET ADMIN'", message: '"NET ADMIN" is not a capability name, e.g. NET_ADMIN' }]);
  });
  it('reports bad values and a missing image', () => {
    const r = parse('docker run --cpus lots -p 1-100:1-100 --restart sometimes');
    expect(r.errors.map((e) => e.flag)).toEqual(['--cpus lots', '-p 1-100:1-100', '--restart sometimes', 'IMAGE']);
    expect(r.errors[1]!.message).toMatch(/ranges/);
    expect(parseDockerRun('ls -la')).toEqual({ error: expect.stringMatching(/docker run/) });
    expect(parseDockerRun(`docker run 'busybox`)).toEqual({ error: expect.stringMatching(/quote/) });
  });
  it('reads --mount and keeps command words after the image, flags included', () => {
    const r = parse('docker run --mount type=bind,source=/src,target=/dst,readonly busybox ls -la /');
    expect(r.spec.mounts).toEqual([{ type: 'bind', source: '/src', target: '/dst', readOnly: true }]);
    expect(r.spec.command).toEqual(['ls', '-la', '/']);
  });
});
