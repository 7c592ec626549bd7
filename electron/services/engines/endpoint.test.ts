import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../shared/contract/errors';
import { Endpoint, endpointWarnings, formatEndpoint, parseEndpoint } from './endpoint';

function fails(text: string): BerthError {
  try {
    parseEndpoint(text);
  } catch (e) {
    expect(e).toBeInstanceOf(BerthError);
    const err = e as BerthError;
    expect(err.code).toBe('invalid-input');
    expect(err.field).toBe('endpoint');
    return err;
  }
  throw new Error(`"${text}" was accepted`);
}

describe('parseEndpoint', () => {
  it.each([
    ['unix:///var/run/docker.sock', { kind: 'unix', path: '/var/run/docker.sock' }],
    ['/run/podman/podman.sock', { kind: 'unix', path: '/run/podman/podman.sock' }],
    ['  unix:///run/user/1000/docker.sock ', { kind: 'unix', path: '/run/user/1000/docker.sock' }],
    ['tcp://127.0.0.1:2376', { kind: 'tcp', host: '127.0.0.1', port: 2376 }],
    ['tcp://docker.example.org', { kind: 'tcp', host: 'docker.example.org', port: 2376 }],
    ['TCP://build-1:2375/', { kind: 'tcp', host: 'build-1', port: 2375 }],
    ['tcp://[::1]:2376', { kind: 'tcp', host: '::1', port: 2376 }],
    ['10.0.0.5:2376', { kind: 'tcp', host: '10.0.0.5', port: 2376 }],
    ['ssh://root@127.0.0.1:2222', { kind: 'ssh', user: 'root', host: '127.0.0.1', port: 2222, useAgent: true }],
    ['ssh://deploy@build.example.org', { kind: 'ssh', user: 'deploy', host: 'build.example.org', port: 22, useAgent: true }],
    ['ssh://me@[fe80::1%eth0]:22', { kind: 'ssh', user: 'me', host: 'fe80::1%eth0', port: 22, useAgent: true }],
  ])('%s', (text, want) => {
    const got = parseEndpoint(text);
    expect(got).toEqual(want);
    // What the parser gives, the schema accepts (it crosses the bridge as is).
    expect(Endpoint.parse(got)).toEqual(Endpoint.parse(want));
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['docker.sock', /no scheme/],
    ['unix://relative.sock', /absolute path/],
    ['unix:///var/run/../docker.sock', /"\." or "\.\."/],
    ['tcp://', /host is missing/],
    ['tcp://:2376', /host is missing/],
    ['tcp://host:0', /outside 1–65535/],
    ['tcp://host:65536', /outside 1–65535/],
    ['tcp://host:99999999', /not a number/],
    ['tcp://host:-1', /not a number/],
    ['tcp://host:abc', /not a number/],
    ['tcp://::1:2376', /brackets/],
    ['tcp://user@host:2376', /only host:port/],
    ['tcp://host:2376/path', /only host:port/],
    ['https://host:2376', /use tcp:\/\/host:2376/],
    ['ftp://host', /scheme "ftp"/],
    ['ssh://host', /user is missing/],
    ['ssh://@host', /user is missing/],
    ['ssh://user:secret@host', /passwords do not belong/],
    ['ssh://-oProxyCommand=touch%20x@host', /not a user name/],
    ['ssh://root@-oProxyCommand=x', /not a host name/],
    ['ssh://root@host/path', /no path or query/],
    ['ssh://root@host:22?x=1', /no path or query/],
    ['tcp://ho st:1', /spaces or control/],
    ['unix:///tmp/a\0b', /spaces or control/],
    ['tcp://host\n:1', /spaces or control/],
    ['ssh://root@h\u202e:22', /not a host name/],
    ['tcp://' + 'a'.repeat(300) + ':1', /not a host name/],
    ['unix:///' + 'a'.repeat(5000), /longer than 4096/],
    ['npipe:////./pipe/docker_engine', /named pipes/],
  ])('refuses %j', (text, why) => {
    const err = fails(text);
    expect(err.message).toMatch(why);
    expect(err.message.length).toBeLessThan(400);
    expect(err.message).not.toMatch(/[\0\n]/);
  });

  it('never throws anything but invalid-input on odd input', () => {
    const odd = ['\u0000', '://', 'unix://', 'ssh://@', 'ssh://a@[', 'tcp://[', 'tcp://[]:1', 'tcp://[::1', '%', 'ssh://%zz@h', '🙂://x', 'tcp://a:1:2'];
    for (const s of odd) {
      try {
        const got = parseEndpoint(s);
        Endpoint.parse(got);
      } catch (e) {
        expect((e as BerthError).code).toBe('invalid-input');
      }
    }
  });
});

describe('formatEndpoint and warnings', () => {
  it('round-trips what it parses', () => {
    for (const s of ['unix:///var/run/docker.sock', 'tcp://127.0.0.1:2376', 'tcp://[::1]:2376', 'ssh://root@127.0.0.1:2222', 'ssh://me@host']) {
      expect(formatEndpoint(parseEndpoint(s))).toBe(s);
    }
  });

  it('warns about plain tcp beyond loopback and about TLS without verification', () => {
    expect(endpointWarnings({ kind: 'tcp', host: '10.1.2.3', port: 2375 })).toEqual(['plain-tcp-remote']);
    expect(endpointWarnings({ kind: 'tcp', host: '127.0.0.1', port: 2375 })).toEqual(['plain-tcp']);
    expect(endpointWarnings({ kind: 'tcp', host: 'h', port: 2376, tls: { verify: false } })).toEqual(['tls-verify-off']);
    expect(endpointWarnings({ kind: 'tcp', host: 'h', port: 2376, tls: { verify: true } })).toEqual([]);
    expect(endpointWarnings({ kind: 'ssh', user: 'u', host: 'h', port: 22, useAgent: true })).toEqual([]);
  });

  it('keeps TLS verification on unless turned off explicitly', () => {
    const e = Endpoint.parse({ kind: 'tcp', host: 'h', port: 2376, tls: { ca: '/etc/ca.pem' } });
    expect(e.kind === 'tcp' && e.tls?.verify).toBe(true);
  });
});
