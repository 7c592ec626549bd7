import { describe, expect, it } from 'vitest';
import type { CreateSpec } from '../contract/create';
import { specFromInspect } from './from-inspect';
import { specToCreateRequest } from './request';

const full: CreateSpec = {
  image: 'berth-test/busybox:latest',
  name: 'web',
  command: ['sleep', '3600'],
  entrypoint: ['/bin/env'],
  workingDir: '/srv',
  user: '1000:1000',
  env: { A: '1', B: 'two words' },
  tags: ['blue', 'dev'],
  labels: { 'com.example.team': 'x' },
  resources: { cpus: 0.5, memory: '64m', pidsLimit: 100 },
  ports: [{ hostPort: 18080, containerPort: 80 }, { containerPort: 53, protocol: 'udp' }],
  workspace: {},
  mounts: [{ type: 'volume', source: 'data', target: '/data', readOnly: true }],
  restart: { policy: 'on-failure', maxRetries: 3 },
  hardening: { readOnlyRootfs: true, noNewPrivileges: true, capDropAll: true },
  tty: true,
  interactive: true,
};

describe('specToCreateRequest', () => {
  it('maps every option to the Engine request', () => {
    const req = specToCreateRequest(full, { workspaceHostPath: '/data/ws/web' });
    expect(req).toEqual({
      name: 'web',
      Image: 'berth-test/busybox:latest',
      Cmd: ['sleep', '3600'],
      Entrypoint: ['/bin/env'],
      WorkingDir: '/srv',
      User: '1000:1000',
      Env: ['A=1', 'B=two words'],
      Labels: { 'com.example.team': 'x', 'berth.tag.blue': '', 'berth.tag.dev': '', 'berth.workspace': '/data/ws/web' },
      ExposedPorts: { '80/tcp': {}, '53/udp': {} },
      Tty: true,
      OpenStdin: true,
      AttachStdin: false,
      StdinOnce: false,
      HostConfig: {
        NanoCpus: 500_000_000,
        Memory: 64 * 1024 * 1024,
        PidsLimit: 100,
        PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '18080' }], '53/udp': [{ HostIp: '', HostPort: '' }] },
        Binds: ['/data/ws/web:/app', 'data:/data:ro'],
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
        ReadonlyRootfs: true,
        SecurityOpt: ['no-new-privileges:true'],
        CapDrop: ['ALL'],
      },
    });
  });
  it('uses network none for "no network", and clears the entrypoint with [""]', () => {
    const req = specToCreateRequest({ image: 'x', entrypoint: [], network: 'mynet', hardening: { noNetwork: true } });
    expect(req.HostConfig.NetworkMode).toBe('none');
    expect(req.Entrypoint).toEqual(['']);
    expect(req.HostConfig.RestartPolicy).toEqual({ Name: '', MaximumRetryCount: 0 });
  });
  it('comes back from an inspect of what it created, minus what the image gave', () => {
    const req = specToCreateRequest(full, { workspaceHostPath: '/data/ws/web' });
    const inspect = {
      Name: '/web',
      Config: {
        Image: req.Image,
        Cmd: req.Cmd,
        Entrypoint: req.Entrypoint,
        WorkingDir: req.WorkingDir,
        User: req.User,
        Env: ['PATH=/usr/bin', ...req.Env!],
        Labels: { ...req.Labels, 'org.image.label': 'from image' },
        Tty: true,
        OpenStdin: true,
      },
      HostConfig: { ...req.HostConfig, PortBindings: req.HostConfig.PortBindings, NetworkMode: 'default' },
    };
    const back = specFromInspect(inspect, { Env: ['PATH=/usr/bin'], Cmd: ['/bin/sh'], Labels: { 'org.image.label': 'from image' } });
    expect(back).toEqual({ ...full, workspace: { hostPath: '/data/ws/web', containerPath: '/app' } });
  });
  it('leaves out the image CMD when the container kept it', () => {
    const back = specFromInspect({ Name: '/a', Config: { Image: 'busybox', Cmd: ['/bin/sh'], Env: [] }, HostConfig: {} }, { Cmd: ['/bin/sh'] });
    expect(back).toEqual({ image: 'busybox', name: 'a' });
  });
  it('maps host access to the engine and back, so an edit keeps (and a host can judge) it', () => {
    const spec: CreateSpec = { image: 'busybox', name: 'p', network: 'host', hostAccess: { privileged: true, capAdd: ['NET_ADMIN'], hostPid: true } };
    const req = specToCreateRequest(spec);
    expect(req.HostConfig).toMatchObject({ Privileged: true, CapAdd: ['NET_ADMIN'], PidMode: 'host', NetworkMode: 'host' });
    const back = specFromInspect({ Name: '/p', Config: { Image: 'busybox' }, HostConfig: { ...req.HostConfig, CapAdd: ['NET_ADMIN'] } });
    expect(back).toEqual(spec);
    expect(specToCreateRequest({ image: 'busybox' }).HostConfig).not.toHaveProperty('Privileged');
  });
});
