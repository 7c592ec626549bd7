import { describe, expect, it } from 'vitest';
import { detectEngines, endpointFromEnv } from './detect';
import { contextDirName, dockerConfigDir, readDockerContexts, type ContextFs } from './docker-contexts';
import { engineKindOf } from './test-connection';

describe('detectEngines', () => {
  const sockets = (...present: string[]) => (p: string) => present.includes(p);

  it('finds DOCKER_HOST, the system socket, rootless Docker and both Podman sockets, once each', () => {
    const r = detectEngines({
      env: { DOCKER_HOST: 'unix:///var/run/docker.sock', XDG_RUNTIME_DIR: '/run/user/1000' },
      isSocket: sockets('/var/run/docker.sock', '/run/user/1000/docker.sock', '/run/podman/podman.sock', '/run/user/1000/podman/podman.sock'),
    });
    expect(r.problems).toEqual([]);
    expect(r.engines.map((e) => [e.source, e.kind, e.endpoint])).toEqual([
      ['env', 'docker', { kind: 'unix', path: '/var/run/docker.sock' }],
      ['rootless', 'docker', { kind: 'unix', path: '/run/user/1000/docker.sock' }],
      ['podman', 'podman', { kind: 'unix', path: '/run/podman/podman.sock' }],
      ['podman-rootless', 'podman', { kind: 'unix', path: '/run/user/1000/podman/podman.sock' }],
    ]);
  });

  it('offers only sockets that exist, and nothing from XDG_RUNTIME_DIR when unset', () => {
    expect(detectEngines({ env: {}, isSocket: sockets() }).engines).toEqual([]);
    expect(detectEngines({ env: {}, isSocket: sockets('/run/podman/podman.sock') }).engines.map((e) => e.name)).toEqual(['Podman']);
  });

  it('reads a TLS DOCKER_HOST with its cert path, and reports one it cannot use', () => {
    expect(endpointFromEnv({ DOCKER_HOST: 'tcp://10.0.0.2:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' })).toEqual({
      kind: 'tcp',
      host: '10.0.0.2',
      port: 2376,
      tls: { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem', verify: true },
    });
    expect(endpointFromEnv({ DOCKER_HOST: 'tcp://h:2375', DOCKER_TLS_VERIFY: '0' })).toEqual({ kind: 'tcp', host: 'h', port: 2375 });
    expect(endpointFromEnv({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', HOME: '/home/me' })).toMatchObject({ tls: { ca: '/home/me/.docker/ca.pem' } });
    const r = detectEngines({ env: { DOCKER_HOST: 'bogus host' }, isSocket: sockets('/var/run/docker.sock') });
    expect(r.problems[0]).toMatch(/DOCKER_HOST is set but Berth cannot use it/);
    expect(r.engines).toHaveLength(1);
  });

  it('confirms the kind from /version', () => {
    expect(engineKindOf({ Components: [{ Name: 'Podman Engine' }] })).toBe('podman');
    expect(engineKindOf({ Platform: { Name: 'Podman Engine' }, Components: [{ Name: 'Conmon' }] })).toBe('podman');
    expect(engineKindOf({ Platform: { Name: 'Docker Engine - Community' }, Components: [{ Name: 'Engine' }] })).toBe('docker');
    expect(engineKindOf({})).toBe('docker');
  });
});

describe('Docker CLI contexts', () => {
  /** A read-only fake of the Docker CLI's folder: writes are impossible by construction. */
  function fakeFs(files: Record<string, string>): ContextFs & { reads: string[] } {
    const reads: string[] = [];
    return {
      reads,
      readFile: (p) => {
        reads.push(p);
        const v = files[p];
        if (v === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        return v;
      },
      exists: (p) => p in files,
      readdir: (p) => {
        const prefix = `${p}/`;
        const names = new Set(Object.keys(files).filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length).split('/')[0]!));
        if (names.size === 0) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        return [...names];
      },
    };
  }
  const cfg = '/home/me/.docker';
  const meta = (name: string, host: string, extra: object = {}) => ({
    [`${cfg}/contexts/meta/${contextDirName(name)}/meta.json`]: JSON.stringify({ Name: name, Metadata: { Description: `${name} box` }, Endpoints: { docker: { Host: host, SkipTLSVerify: false, ...extra } } }),
  });

  it('reads ssh, tcp+TLS and unix contexts, with their TLS files, and the current one', () => {
    const tls = `${cfg}/contexts/tls/${contextDirName('build')}/docker`;
    const fs = fakeFs({
      [`${cfg}/config.json`]: JSON.stringify({ currentContext: 'pi' }),
      ...meta('pi', 'ssh://pi@pi.local'),
      ...meta('build', 'tcp://10.0.0.2:2376'),
      ...meta('insecure', 'tcp://10.0.0.3:2376', { SkipTLSVerify: true }),
      ...meta('sock', 'unix:///run/user/1000/docker.sock'),
      [`${tls}/ca.pem`]: 'x',
      [`${tls}/cert.pem`]: 'x',
      [`${tls}/key.pem`]: 'x',
    });
    const r = readDockerContexts(cfg, fs);
    expect(r.skipped).toEqual([]);
    const byName = Object.fromEntries(r.contexts.map((c) => [c.name, c]));
    expect(byName.pi).toMatchObject({ current: true, description: 'pi box', endpoint: { kind: 'ssh', user: 'pi', host: 'pi.local', port: 22 } });
    expect(byName.build!.endpoint).toEqual({ kind: 'tcp', host: '10.0.0.2', port: 2376, tls: { ca: `${tls}/ca.pem`, cert: `${tls}/cert.pem`, key: `${tls}/key.pem`, verify: true } });
    expect(byName.insecure!.endpoint).toMatchObject({ tls: { verify: false } });
    expect(byName.sock!.endpoint).toEqual({ kind: 'unix', path: '/run/user/1000/docker.sock' });
    // Only reads happened (the fake has no way to write), and none of them reached a key's content.
    expect(fs.reads.some((p) => p.endsWith('key.pem'))).toBe(false);
  });

  it('skips broken contexts with a reason, and has none without the folder', () => {
    const fs = fakeFs({
      [`${cfg}/contexts/meta/${contextDirName('a')}/meta.json`]: '{oops',
      ...meta('b', 'npipe:////./pipe/x'),
      [`${cfg}/contexts/meta/${contextDirName('c')}/meta.json`]: JSON.stringify({ Name: 'c', Endpoints: {} }),
      [`${cfg}/contexts/meta/not-a-hash/meta.json`]: '{}',
    });
    const r = readDockerContexts(cfg, fs);
    expect(r.contexts).toEqual([]);
    expect(r.skipped.map((s) => s.why)).toEqual(expect.arrayContaining([expect.stringMatching(/unreadable/), expect.stringMatching(/named pipes/), expect.stringMatching(/no docker endpoint/)]));
    expect(readDockerContexts('/nowhere', fakeFs({}))).toEqual({ contexts: [], skipped: [] });
  });

  it('finds the config folder as the Docker CLI does', () => {
    expect(dockerConfigDir({ DOCKER_CONFIG: '/cfg', HOME: '/home/me' })).toBe('/cfg');
    expect(dockerConfigDir({ HOME: '/home/me' })).toBe('/home/me/.docker');
    expect(dockerConfigDir({})).toBeUndefined();
  });
});
