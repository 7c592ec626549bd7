import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { BerthError } from '../../../shared/contract/errors';
import { parseEndpoint, type Endpoint } from './endpoint';

/*
 * The Docker CLI's contexts, offered for import. Read only: Berth never writes
 * the Docker CLI's files. A context lives in
 * <config>/contexts/meta/<sha256(name)>/meta.json, its TLS files in
 * <config>/contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem.
 */

const Meta = z.object({
  Name: z.string().min(1).max(200),
  Metadata: z.object({ Description: z.string().optional() }).passthrough().nullish(),
  Endpoints: z.object({
    docker: z.object({ Host: z.string(), SkipTLSVerify: z.boolean().optional() }).passthrough(),
  }).passthrough(),
});

export interface ContextFs {
  readdir: (path: string) => string[];
  readFile: (path: string) => string;
  exists: (path: string) => boolean;
}

export interface DockerContext {
  name: string;
  description?: string;
  endpoint: Endpoint;
  /** Whether this is the context the Docker CLI currently uses (config.json's currentContext). */
  current: boolean;
}

export interface ContextsResult {
  contexts: DockerContext[];
  /** Contexts that could not be read, each with why. */
  skipped: Array<{ dir: string; why: string }>;
}

/** Where the Docker CLI keeps its configuration: DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: { DOCKER_CONFIG?: string; HOME?: string }): string | undefined {
  if (env.DOCKER_CONFIG) return env.DOCKER_CONFIG;
  return env.HOME ? join(env.HOME, '.docker') : undefined;
}

export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

export function readDockerContexts(configDir: string, fs: ContextFs): ContextsResult {
  const contexts: DockerContext[] = [];
  const skipped: ContextsResult['skipped'] = [];
  const metaRoot = join(configDir, 'contexts', 'meta');
  let current: string | undefined;
  try {
    const cfg = JSON.parse(fs.readFile(join(configDir, 'config.json'))) as { currentContext?: unknown };
    if (typeof cfg.currentContext === 'string') current = cfg.currentContext;
  } catch {
    // No config.json, or not JSON: no current context.
  }
  let dirs: string[];
  try {
    dirs = fs.readdir(metaRoot);
  } catch {
    return { contexts, skipped };
  }
  for (const dir of dirs.sort()) {
    if (!/^[0-9a-f]{64}$/.test(dir)) continue;
    let meta: z.infer<typeof Meta>;
    try {
      const r = Meta.safeParse(JSON.parse(fs.readFile(join(metaRoot, dir, 'meta.json'))));
      if (!r.success) {
        skipped.push({ dir, why: 'meta.json has no docker endpoint' });
        continue;
      }
      meta = r.data;
    } catch (e) {
      skipped.push({ dir, why: `meta.json is unreadable (${e instanceof Error ? e.message : String(e)})` });
      continue;
    }
    let endpoint: Endpoint;
    try {
      endpoint = parseEndpoint(meta.Endpoints.docker.Host);
    } catch (e) {
      skipped.push({ dir, why: `${meta.Name}: ${e instanceof BerthError ? e.message : String(e)}` });
      continue;
    }
    if (endpoint.kind === 'tcp') {
      const tlsDir = join(configDir, 'contexts', 'tls', dir, 'docker');
      const file = (f: string) => (fs.exists(join(tlsDir, f)) ? join(tlsDir, f) : undefined);
      const ca = file('ca.pem');
      const cert = file('cert.pem');
      const key = file('key.pem');
      const skip = meta.Endpoints.docker.SkipTLSVerify === true;
      if (ca || cert || key || skip) endpoint = { ...endpoint, tls: { ca, cert, key, verify: !skip } };
    }
    contexts.push({ name: meta.Name, description: meta.Metadata?.Description || undefined, endpoint, current: meta.Name === current });
  }
  return { contexts, skipped };
}
