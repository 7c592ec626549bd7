import { BerthError } from '../../../shared/contract/errors';

/** Where the engine listens, parsed from DOCKER_HOST the way the docker CLI reads it. */
export type DockerEndpoint =
  | { kind: 'socket'; socketPath: string; display: string }
  | { kind: 'tcp'; host: string; port: number; tls: boolean; display: string };

const DEFAULT_SOCKET = '/var/run/docker.sock';
const WINDOWS_PIPE = '//./pipe/docker_engine';

export function parseDockerHost(
  value: string | undefined,
  env: { DOCKER_TLS_VERIFY?: string } = {},
  platform: string = 'linux',
): DockerEndpoint {
  const raw = value?.trim();
  if (!raw) {
    const socketPath = platform === 'win32' ? WINDOWS_PIPE : DEFAULT_SOCKET;
    return { kind: 'socket', socketPath, display: platform === 'win32' ? `npipe://${socketPath}` : `unix://${socketPath}` };
  }
  const m = /^([a-z]+):\/\/(.*)$/.exec(raw);
  if (!m) {
    // The CLI accepts a bare path as a socket.
    if (raw.startsWith('/')) return { kind: 'socket', socketPath: raw, display: `unix://${raw}` };
    throw new BerthError('invalid-input', `DOCKER_HOST "${raw}" is not a unix://, npipe:// or tcp:// address`);
  }
  const [, scheme, rest = ''] = m;
  switch (scheme) {
    case 'unix':
      if (!rest.startsWith('/')) throw new BerthError('invalid-input', `DOCKER_HOST "${raw}" needs an absolute socket path`);
      return { kind: 'socket', socketPath: rest, display: raw };
    case 'npipe':
      return { kind: 'socket', socketPath: rest.replace(/\//g, '\\'), display: raw };
    case 'tcp':
    case 'http':
    case 'https': {
      const hp = /^(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(rest);
      if (!hp) throw new BerthError('invalid-input', `DOCKER_HOST "${raw}" has no valid host:port`);
      const tls = scheme === 'https' || (env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0');
      const port = hp[2] ? Number(hp[2]) : tls ? 2376 : 2375;
      if (port < 1 || port > 65535) throw new BerthError('invalid-input', `DOCKER_HOST "${raw}" has an invalid port`);
      return { kind: 'tcp', host: hp[1]!.replace(/^\[|\]$/g, ''), port, tls, display: raw };
    }
    default:
      throw new BerthError('invalid-input', `DOCKER_HOST scheme "${scheme}" is not supported (use unix://, npipe:// or tcp://)`);
  }
}
