import type { ErrorData } from '../../../shared/contract/errors';
import { toBerthError } from '../engine/errors';
import { connectEngine, type ConnectDeps, type EngineSecrets } from './connect';
import { endpointWarnings, type Endpoint, type EndpointWarning } from './endpoint';

export type EngineKind = 'docker' | 'podman';

export type ConnectionTest =
  | {
      ok: true;
      /** "Docker Engine", "Podman Engine". */
      name: string;
      kind: EngineKind;
      version: string;
      apiVersion: string;
      os: string;
      containers: number;
      images: number;
      warnings: EndpointWarning[];
      ms: number;
    }
  | { ok: false; error: ErrorData; warnings: EndpointWarning[]; ms: number };

/** Podman names its component "Podman Engine" and its platform "Podman…"; Docker says "Engine" / "Docker Engine - …". */
export function engineKindOf(version: { Components?: Array<{ Name?: string }>; Platform?: { Name?: string } }): EngineKind {
  const names = [...(version.Components ?? []).map((c) => c.Name ?? ''), version.Platform?.Name ?? ''];
  return names.some((n) => /podman/i.test(n)) ? 'podman' : 'docker';
}

/**
 * "Test connection": reaches the engine as the real connection would, asks
 * /version and /info, and closes everything it opened, whatever happened.
 * Never throws: a failure comes back as its error, for the form to show.
 */
export async function testConnection(ep: Endpoint, secrets: EngineSecrets, deps: ConnectDeps): Promise<ConnectionTest> {
  const t0 = Date.now();
  const warnings = endpointWarnings(ep);
  let conn: Awaited<ReturnType<typeof connectEngine>> | undefined;
  try {
    conn = await connectEngine(ep, secrets, deps);
    const info = (await conn.docker.info()) as { Containers?: number; Images?: number; OperatingSystem?: string };
    const v = conn.version as typeof conn.version & { Platform?: { Name?: string } };
    return {
      ok: true,
      name: v.Components?.[0]?.Name && v.Components[0].Name !== 'Engine' ? v.Components[0].Name : 'Docker Engine',
      kind: engineKindOf(v),
      version: v.Version,
      apiVersion: v.ApiVersion,
      os: info.OperatingSystem ?? v.Os,
      containers: info.Containers ?? 0,
      images: info.Images ?? 0,
      warnings,
      ms: Date.now() - t0,
    };
  } catch (e) {
    return { ok: false, error: toBerthError(e).toData(), warnings, ms: Date.now() - t0 };
  } finally {
    await conn?.close();
  }
}
