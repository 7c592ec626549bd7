import { describe, expect, it } from 'vitest';
import { parseDockerHost } from './docker-host';

describe('DOCKER_HOST parsing', () => {
  it('defaults to the platform socket', () => {
    expect(parseDockerHost(undefined)).toMatchObject({ kind: 'socket', socketPath: '/var/run/docker.sock', display: 'unix:///var/run/docker.sock' });
    expect(parseDockerHost('', {}, 'win32')).toMatchObject({ kind: 'socket', socketPath: '//./pipe/docker_engine' });
  });

  it('reads unix sockets and bare paths', () => {
    expect(parseDockerHost('unix:///run/user/1000/docker.sock')).toMatchObject({ socketPath: '/run/user/1000/docker.sock' });
    expect(parseDockerHost('/tmp/x.sock')).toMatchObject({ kind: 'socket', socketPath: '/tmp/x.sock' });
  });

  it('reads tcp with default ports by TLS', () => {
    expect(parseDockerHost('tcp://10.0.0.5')).toMatchObject({ kind: 'tcp', host: '10.0.0.5', port: 2375, tls: false });
    expect(parseDockerHost('tcp://10.0.0.5', { DOCKER_TLS_VERIFY: '1' })).toMatchObject({ port: 2376, tls: true });
    expect(parseDockerHost('tcp://[::1]:2375')).toMatchObject({ host: '::1', port: 2375 });
  });

  it('refuses what it cannot use, saying why', () => {
    expect(() => parseDockerHost('ssh://me@host')).toThrow(/not supported/);
    expect(() => parseDockerHost('unix://relative.sock')).toThrow(/absolute/);
    expect(() => parseDockerHost('tcp://host:99999')).toThrow(/invalid port/);
    expect(() => parseDockerHost('docker.sock')).toThrow(/not a unix/);
  });
});
