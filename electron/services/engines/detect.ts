import { join } from 'node:path';
import { BerthError } from '../../../shared/contract/errors';
import { formatEndpoint, parseEndpoint, type Endpoint } from './endpoint';

export type EngineKindGuess = 'docker' | 'podman';

export interface DetectedEngine {
  name: string;
  endpoint: Endpoint;
  /** From the socket path; confirmed by /version once reachable (engineKindOf). */
  kind: EngineKindGuess;
  source: 'env' | 'default' | 'rootless' | 'podman' | 'podman-rootless';
}

export interface DetectInput {
  env: { DOCKER_HOST?: string; DOCKER_TLS_VERIFY?: string; DOCKER_CERT_PATH?: string; XDG_RUNTIME_DIR?: string; HOME?: string };
  /** Whether a unix socket exists at this path (injected: tests need no real sockets). */
  isSocket: (path: string) => boolean;
}

export interface DetectResult {
  engines: DetectedEngine[];
  /** Things worth telling the user (a DOCKER_HOST Berth cannot read). */
  problems: string[];
}

function kindOfPath(path: string): EngineKindGuess {
  return /podman/i.test(path) ? 'podman' : 'docker';
}

/** DOCKER_HOST as the Docker CLI reads it, TLS files from DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set. */
export function endpointFromEnv(env: DetectInput['env']): Endpoint | undefined {
  const raw = env.DOCKER_HOST?.trim();
  if (!raw) return undefined;
  const ep = parseEndpoint(raw);
  if (ep.kind !== 'tcp') return ep;
  const verify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
  if (!verify) return ep;
  const dir = env.DOCKER_CERT_PATH || (env.HOME ? join(env.HOME, '.docker') : undefined);
  if (!dir) return { ...ep, tls: { verify: true } };
  return { ...ep, tls: { ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), verify: true } };
}

/**
 * The engines this machine offers without being told: DOCKER_HOST, the
 * system socket, rootless Docker's, Podman's rootful and rootless sockets.
 * Sockets count only when present; DOCKER_HOST counts as given. Pure.
 */
export function detectEngines(input: DetectInput): DetectResult {
  const engines: DetectedEngine[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (e: DetectedEngine) => {
    const key = formatEndpoint(e.endpoint);
    if (seen.has(key)) return;
    seen.add(key);
    engines.push(e);
  };
  try {
    const ep = endpointFromEnv(input.env);
    if (ep) add({ name: 'DOCKER_HOST', endpoint: ep, kind: ep.kind === 'unix' ? kindOfPath(ep.path) : 'docker', source: 'env' });
  } catch (e) {
    problems.push(`DOCKER_HOST is set but Berth cannot use it: ${e instanceof BerthError ? e.message : String(e)}`);
  }
  const rt = input.env.XDG_RUNTIME_DIR;
  type Candidate = [path: string, name: string, source: DetectedEngine['source']];
  const sockets: Candidate[] = [['/var/run/docker.sock', 'Docker', 'default']];
  if (rt) sockets.push([join(rt, 'docker.sock'), 'Docker (rootless)', 'rootless']);
  sockets.push(['/run/podman/podman.sock', 'Podman', 'podman']);
  if (rt) sockets.push([join(rt, 'podman', 'podman.sock'), 'Podman (rootless)', 'podman-rootless']);
  for (const [path, name, source] of sockets) {
    if (!input.isSocket(path)) continue;
    add({ name, endpoint: { kind: 'unix', path }, kind: kindOfPath(path), source });
  }
  return { engines, problems };
}
